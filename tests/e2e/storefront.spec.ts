import { expect, test } from "@playwright/test";
import { PRODUCTS } from "../../db/fixtures/catalog";

const certifiedProduct = PRODUCTS.find((p) => p.certified && p.variants.some((v) => v.stock > 0))!;

test("the home page lists the seeded products and leads to a product page", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("消费帮扶");
  await expect(page.getByRole("heading", { name: "精选帮扶产品" })).toBeVisible();
  const allProducts = page.getByRole("region", { name: /全部在售商品/ });
  await expect(allProducts.getByRole("link")).toHaveCount(PRODUCTS.length);

  await allProducts.getByRole("link", { name: certifiedProduct.name, exact: true }).click();
  await expect(page).toHaveURL(`/products/${certifiedProduct.slug}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(certifiedProduct.name);
  await expect(page.getByText(/认定证书编号: SMX-XFBF-2026-\d{4}/)).toBeVisible();
  await expect(page.getByText(certifiedProduct.variants[0].spec, { exact: true })).toBeVisible();
});

test("an unknown product is a real 404 page", async ({ page }) => {
  const response = await page.goto("/products/no-such-product");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "页面不存在" })).toBeVisible();
  await page.getByRole("link", { name: "返回首页" }).click();
  await expect(page).toHaveURL("/");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the language switch works and is remembered", async ({ page }) => {
    await page.goto(`/products/${certifiedProduct.slug}`);
    await page.getByRole("button", { name: "English" }).click();
    await expect(page).toHaveURL(`/products/${certifiedProduct.slug}`);
    await expect(page.getByText("Certified assistance product")).toBeVisible();
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Featured products" })).toBeVisible();
    await page.getByRole("button", { name: "中文" }).click();
    await expect(page.getByRole("heading", { name: "精选帮扶产品" })).toBeVisible();
  });
});

test("the health check answers", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok" });
});
