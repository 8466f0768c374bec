// The storefront on a 390 × 844 phone: a home page without the name dump; a product page whose
// first screen holds image, name, price, a one-line impact note and the buy bar; buy now goes to
// checkout and on to payment; adding with JavaScript keeps the scroll position and says so.
import { expect, test } from "@playwright/test";
import { PRODUCTS } from "../../db/fixtures/catalog";
import { fillCheckout } from "./fixtures";

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const product = PRODUCTS.find((p) => p.certified && p.variants[0].stock >= 20)!;

test("the phone home page ends without a list of every product name", async ({ page }) => {
  await page.goto("/");
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  console.log(`home page height at 390 px: ${height} px`);
  await expect(page.getByRole("region", { name: "按产地逛" })).toBeVisible();
  expect(await page.locator('main a[href^="/products/"]').count()).toBeLessThanOrEqual(16);
  expect(height).toBeLessThan(4500);
});
