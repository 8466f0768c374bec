// Accessibility (axe: no serious or critical violation) and screenshots of the main pages at
// 390 px and 1280 px, saved under test-results/screenshots for people to look at.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { addToCartFromProductPage, twoProductsOfTwoSuppliers } from "./fixtures";

const [product] = twoProductsOfTwoSuppliers();

async function checkPage(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`), name).toEqual([]);
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `test-results/screenshots/${name}-${width}.png`, fullPage: true });
  }
}

test("home, catalog, product, supplier, cart and checkout pass axe", async ({ page }) => {
  await page.goto("/");
  await checkPage(page, "home");
  await page.goto("/products?q=xg");
  await checkPage(page, "catalog");
  await page.goto(`/products/${product.slug}`);
  await expect(page).toHaveTitle(new RegExp(product.name));
  await checkPage(page, "product");
  await page.goto(`/suppliers/${product.supplierSlug}`);
  await checkPage(page, "supplier");
  await addToCartFromProductPage(page, product.slug, 2);
  await page.goto("/cart");
  await checkPage(page, "cart");
  await page.goto("/checkout");
  await checkPage(page, "checkout");
  await page.goto("/login");
  await checkPage(page, "login");
});
