// Who runs the shop is on every page: operator, customer-service phone, ICP filing number and the
// two legal pages, in Chinese and in English.
import { expect, test } from "@playwright/test";

test("the footer names the operator, the phone and the ICP number and links the legal pages", async ({
  page,
}) => {
  await page.goto("/products");
  const footer = page.locator("footer");
  await expect(footer).toContainText("运营方：三门峡示范区消费帮扶馆（演示运营方）");
  await expect(footer.getByRole("link", { name: "400-000-0000" })).toHaveAttribute("href", "tel:4000000000");
  await expect(footer.getByRole("link", { name: "豫ICP备00000000号-1" })).toHaveAttribute(
    "href",
    "https://beian.miit.gov.cn/",
  );

  await footer.getByRole("link", { name: "隐私政策" }).click();
  await expect(page).toHaveURL("/privacy");
  await expect(page.getByRole("heading", { level: 1, name: "隐私政策" })).toBeVisible();
  await expect(page.getByText("客服电话：400-000-0000").first()).toBeVisible();

  await page.locator("footer").getByRole("link", { name: "用户协议" }).click();
  await expect(page).toHaveURL("/terms");
  await expect(page.getByRole("heading", { level: 1, name: "用户协议" })).toBeVisible();

  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "User agreement" })).toBeVisible();
  await expect(page.locator("footer")).toContainText(
    "Operated by Sanmenxia Consumption Assistance Store (demo operator)",
  );
  await expect(page.locator("footer").getByRole("link", { name: "Privacy policy" })).toBeVisible();
});
