import { expect, test } from "@playwright/test";
import { PRODUCTS, SUPPLIERS } from "../../db/fixtures/catalog";
import { fillCheckout, logIn, yuan } from "./fixtures";

// Issue 20, decision 114: a deposit pre-sale (定金 + 尾款). The supplier sets a deposit with a balance
// window open today; a guest sees 定金/尾款 on the product page, pays the deposit (demo), the order
// says 待付尾款 with the 付尾款 button, the balance is paid through the same demo page and the order
// is 已支付. The pre-sale is ended afterwards (the server and database are shared by every spec).
// Desktop project only (playwright.config.ts).

const shanghaiDay = (days: number) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(
    new Date(Date.now() + days * 86_400_000),
  );

test("deposit at checkout, balance from the order page: 待付尾款 → 已支付", async ({ browser }) => {
  test.setTimeout(90_000); // a supplier and a shopper, two payments: 13 s quiet, past 30 s at load ~10
  const supplier = SUPPLIERS[0];
  const product = PRODUCTS.filter((p) => p.supplierSlug === supplier.slug && p.variants[0].stock >= 5).sort(
    (a, b) => b.slug.localeCompare(a.slug),
  )[0];
  const variant = product.variants[0];
  const depositFen = 100;

  const staff = await (await browser.newContext({ locale: "zh-CN" })).newPage();
  await logIn(staff, "supplierStaff");
  await staff.goto("/supplier/presales");
  const row = staff.getByRole("listitem").filter({ hasText: `${product.name} · ${variant.spec}` });
  await row.getByLabel("上限（件）").fill("5");
  await row.getByLabel("最早发货").fill(shanghaiDay(10));
  await row.getByLabel("最晚发货").fill(shanghaiDay(20));
  await row.getByLabel("定金（元/件，可空）").fill("1");
  await row.getByLabel("尾款开始").fill(shanghaiDay(0));
  await row.getByLabel("尾款截止").fill(shanghaiDay(5));
  await row.getByRole("button", { name: "保存预售" }).click();
  await expect(staff.getByRole("status").filter({ hasText: "预售已保存" })).toBeVisible();

  try {
    const shopper = await (await browser.newContext({ locale: "zh-CN" })).newPage();
    await shopper.goto(`/products/${product.slug}`);
    await expect(shopper.getByTestId("presale-deposit").first()).toContainText(
      `定金 ${yuan(depositFen)} 尾款 ${yuan(variant.priceFen - depositFen)}`,
    );
    await shopper
      .getByRole("radio", { name: new RegExp(variant.spec.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) })
      .check();
    await shopper.getByRole("button", { name: /加入购物车/ }).click();
    await expect(shopper.getByRole("status").filter({ hasText: "已加入购物车" })).toBeVisible();
    await shopper.goto("/checkout");
    await fillCheckout(shopper, "13912345099");
    await shopper.getByRole("button", { name: "提交订单" }).click();
    await expect(shopper.getByRole("heading", { name: "演示支付" })).toBeVisible();
    await expect(shopper.getByText(yuan(depositFen), { exact: true })).toBeVisible();
    await shopper.getByRole("button", { name: "确认支付" }).click();

    await expect(shopper.getByTestId("order-status")).toHaveText("待付尾款");
    const box = shopper.getByTestId("presale-balance");
    await expect(box).toContainText(`尾款支付时间：${shanghaiDay(0)} 至 ${shanghaiDay(5)}`);
    const total = await shopper.getByTestId("order-total").innerText();
    await shopper.getByTestId("pay-balance").click();
    await expect(shopper.getByRole("heading", { name: "演示支付" })).toBeVisible();
    await expect(shopper.getByText("尾款", { exact: true })).toBeVisible();
    await shopper.getByRole("button", { name: "确认支付" }).click();
    await expect(shopper.getByTestId("order-status")).toHaveText("已支付");
    await expect(shopper.getByTestId("order-total")).toHaveText(total);
    await expect(shopper.getByTestId("pay-balance")).toHaveCount(0);
  } finally {
    await staff.goto("/supplier/presales");
    await staff
      .getByRole("listitem")
      .filter({ hasText: `${product.name} · ${variant.spec}` })
      .getByRole("button", { name: "结束预售" })
      .click();
    await expect(staff.getByRole("status").filter({ hasText: "预售已结束" })).toBeVisible();
  }
});
