import { expect, test } from "@playwright/test";
import { logIn } from "./fixtures";

test("supplier staff reach their linkage agreements through the portal", async ({ page }) => {
  await logIn(page, "supplierStaff");
  await page.getByRole("link", { name: "经营主体后台" }).click();
  await expect(page).toHaveURL("/supplier");
  await page
    .getByRole("navigation", { name: "经营主体后台导航" })
    .getByRole("link", { name: "利益联结协议" })
    .click();
  await expect(page).toHaveURL("/supplier/linkages");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("table")).toBeVisible();
});

test("a town official reviews agreements; a customer is refused", async ({ page }) => {
  await logIn(page, "townOfficial");
  await page.getByRole("link", { name: "管理后台" }).click();
  await expect(page).toHaveURL("/official");
  await page.getByRole("link", { name: "协议审核" }).click();
  await expect(page).toHaveURL(/\/official\/linkages/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.getByRole("link", { name: "帮扶对象" }).click();
  await expect(page).toHaveURL(/\/official\/households/);
  // ID numbers are masked in the list.
  await expect(page.getByText(/\d{4}\*{10}[\dX]{4}/).first()).toBeVisible();
  await page.context().clearCookies();
  await logIn(page, "customer");
  const response = await page.goto("/official/linkages");
  expect(response?.status()).toBe(403);
});
