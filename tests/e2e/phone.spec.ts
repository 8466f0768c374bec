// The storefront on a 390 × 844 phone: a home page without the name dump; a product page whose
// first screen holds image, name, price, a one-line impact note and the buy bar; buy now goes to
// checkout and on to payment; adding with JavaScript keeps the scroll position and says so.
import { expect, test } from "@playwright/test";
import { PRODUCTS } from "../../db/fixtures/catalog";
import { fillCheckout, waitForHydration } from "./fixtures";

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const product = PRODUCTS.find((p) => p.certified && p.variants[0].stock >= 20)!;

test("the phone home page ends without a list of every product name", async ({ page }) => {
  await page.goto("/");
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  console.log(`home page height at 390 px: ${height} px`);
  await expect(page.getByRole("region", { name: "按产地逛" })).toBeVisible();
  // Featured and seasonal cards plus the 8 of the 帮扶最需要的农户 shelf.
  expect(await page.locator('main a[href^="/products/"]').count()).toBeLessThanOrEqual(24);
  expect(height).toBeLessThan(4500);
});

test("the product page's first screen holds image, name, price, impact note and the buy bar", async ({
  page,
}) => {
  await page.goto(`/products/${product.slug}`);
  const bar = page.getByTestId("buy-bar");
  const barBox = (await bar.boundingBox())!;
  expect(barBox.y + barBox.height).toBeLessThanOrEqual(844);
  for (const name of ["加入购物车", "立即购买"]) {
    const box = (await bar.getByRole("button", { name }).boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(barBox.y);
    expect(box.y + box.height).toBeLessThanOrEqual(844);
  }
  // Above the bar, not hidden behind it.
  for (const locator of [
    page.locator("main img").first(),
    page.getByRole("heading", { level: 1 }),
    page.getByTestId("product-price"),
    page.getByTestId("impact-note"),
  ]) {
    const box = (await locator.boundingBox())!;
    expect(box.y + box.height, await locator.evaluate((e) => e.outerHTML.slice(0, 80))).toBeLessThanOrEqual(
      barBox.y,
    );
  }
  await expect(page.getByTestId("impact-note")).toContainText("户");
});

for (const javaScriptEnabled of [true, false]) {
  test.describe(`buy now, JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });
    test("goes straight to checkout with the item, then on to payment", async ({ page }) => {
      await page.goto(`/products/${product.slug}`);
      await page.getByLabel("数量").fill("2");
      await page.getByTestId("buy-bar").getByRole("button", { name: "立即购买" }).click();
      await expect(page).toHaveURL("/checkout");
      await expect(page.getByRole("complementary")).toContainText(
        `${product.name} · ${product.variants[0].spec} × 2`,
      );
      await fillCheckout(page);
      await page.getByRole("button", { name: "提交订单" }).click();
      await expect(page).toHaveURL(/\/pay\/demo\//);
    });
  });
}

test("adding to the cart with JavaScript keeps the scroll position and confirms with a toast", async ({
  page,
}) => {
  await page.goto(`/products/${product.slug}`);
  await waitForHydration(page);
  await page.evaluate(() => window.scrollTo(0, 600));
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(500);
  const before = await page.evaluate(() => window.scrollY);
  await page.getByTestId("buy-bar").getByRole("button", { name: "加入购物车" }).click();
  const toast = page.getByRole("status").filter({ hasText: "已加入购物车" });
  await expect(toast).toBeVisible();
  await expect(toast).toBeInViewport();
  expect(Math.abs((await page.evaluate(() => window.scrollY)) - before)).toBeLessThan(5);
  await expect(page.getByRole("link", { name: /购物车/ }).first()).toContainText("1");
});
