// Staff who log in from the login link land on their portal; a page that asked for the login wins.
import { expect, test } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../../db/fixtures/accounts";
import { SUPPLIERS } from "../../db/fixtures/catalog";
import { DEMO_PASSWORD } from "./fixtures";

async function logInFromHeader(page: import("@playwright/test").Page, key: string) {
  const account = DEMO_ACCOUNTS.find((a) => a.key === key)!;
  await page.goto("/");
  await page.getByRole("link", { name: "登录", exact: true }).click();
  await page.getByLabel("手机号或邮箱").fill(account.mobile);
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
}

test("supplier staff land on their portal, which names their supplier", async ({ page }) => {
  await logInFromHeader(page, "supplierStaff");
  await expect(page).toHaveURL("/supplier");
  await expect(page.getByTestId("portal-supplier")).toHaveText(`经营主体： ${SUPPLIERS[0].name}`);
});

for (const [key, portal] of [
  ["districtOfficial", "/official"],
  ["buyerAdmin", "/buyer"],
] as const) {
  test(`${key} lands on ${portal}`, async ({ page }) => {
    await logInFromHeader(page, key);
    await expect(page).toHaveURL(portal);
  });
}

test("a page that asked for the login gets the staff member back", async ({ page }) => {
  await page.goto("/account");
  await expect(page).toHaveURL("/login?redirectTo=%2Faccount");
  await page.getByLabel("手机号或邮箱").fill(DEMO_ACCOUNTS.find((a) => a.key === "supplierStaff")!.mobile);
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL("/account");
});
