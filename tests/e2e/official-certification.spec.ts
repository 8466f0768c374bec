// An official takes a seeded pending product application through review and public notice to
// certified, then finds it on /notices and on the product page in the store. Desktop and mobile
// each take their own seeded application (both runs share one server and database).
import { expect, test } from "@playwright/test";
import { PRODUCTS } from "../../db/fixtures/catalog";
import { shanghaiDate } from "../../app/lib/dates";
import { logIn } from "./fixtures";

// The seed puts the 3rd and 4th uncertified products of certified suppliers in state "applied".
const APPLICATIONS = { desktop: "jianxi-raisins", mobile: "wudi-pomegranate-juice" } as const;

function addDays(day: string, days: number) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

test("an official certifies a pending product; it shows on /notices and in the store", async ({
  page,
}, testInfo) => {
  const slug = APPLICATIONS[testInfo.project.name as keyof typeof APPLICATIONS] ?? APPLICATIONS.desktop;
  const product = PRODUCTS.find((p) => p.slug === slug)!;
  const certificateNo = `SMX-XFBF-E2E-${testInfo.project.name.toUpperCase()}`;
  const today = shanghaiDate(new Date());

  // Not certified in the store yet.
  await page.goto(`/products/${slug}`);
  await expect(page.getByText("证书编号")).toHaveCount(0);

  await logIn(page, "districtOfficial");
  await page.goto("/official/certifications");
  await expect(page.getByRole("heading", { level: 1, name: "认定审核" })).toBeVisible();
  const row = page.locator("li[data-certification]", {
    has: page.getByRole("heading", { name: new RegExp(product.name) }),
  });
  await expect(row).toContainText("已申请");

  await row.getByRole("button", { name: "开始审核" }).click();
  await expect(row).toContainText("审核中");

  // The notice was held on the village and town boards last week; the official records its dates.
  await row.getByLabel("公示开始").fill(addDays(today, -8));
  await row.getByLabel("公示结束").fill(addDays(today, -1));
  await row.getByRole("button", { name: "进入公示" }).click();
  // Its notice is over, so the list says so (not 公示中) and approval is open.
  await expect(row).toContainText("公示期满·待审定");

  await row.getByLabel("证书编号").fill(certificateNo);
  await row.getByRole("button", { name: "认定通过" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已处理" })).toBeVisible();
  await expect(row).toHaveCount(0); // no longer open

  await page.goto("/notices");
  const certified = page.getByRole("region", { name: /已认定的主体和产品/ });
  await expect(certified.getByRole("row", { name: new RegExp(product.name) })).toContainText(certificateNo);
  await expect(page.getByRole("region", { name: /正在公示/ })).toBeVisible();

  await certified.getByRole("link", { name: product.name }).click();
  await expect(page).toHaveURL(`/products/${slug}`);
  await expect(page.getByText(certificateNo)).toBeVisible();
});
