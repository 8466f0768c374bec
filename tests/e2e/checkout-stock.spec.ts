import { expect, test } from "@playwright/test";
import { PRODUCTS } from "../../db/fixtures/catalog";
import { addToCartFromProductPage, fillCheckout } from "./fixtures";

// Issue 15, item 6: a checkout whose line ran out meanwhile goes back to the cart and says which
// line, without JavaScript. One product with little stock per project (the server is shared).
test("a line that ran out while the shopper filled in the checkout: back in the cart, the line is named (JavaScript off)", async ({
  browser,
}, testInfo) => {
  const candidates = PRODUCTS.filter(
    (p) => p.certified && p.variants[0].stock > 0 && p.variants[0].stock <= 3,
  ).sort((a, b) => a.slug.localeCompare(b.slug));
  const product = candidates[testInfo.project.name === "mobile" ? 0 : 1];
  const stock = product.variants[0].stock;
  const late = await (await browser.newContext({ locale: "zh-CN", javaScriptEnabled: false })).newPage();
  const early = await (await browser.newContext({ locale: "zh-CN" })).newPage();

  await addToCartFromProductPage(late, product.slug, 1);
  await late.goto("/checkout");
  await fillCheckout(late);

  // Someone else takes the whole stock first (a pending order holds it).
  await addToCartFromProductPage(early, product.slug, stock);
  await early.goto("/checkout");
  await fillCheckout(early, "13912340000");
  await early.getByRole("button", { name: "提交订单" }).click();
  await expect(early.getByRole("heading", { name: "演示支付" })).toBeVisible();

  await late.getByRole("button", { name: "提交订单" }).click();
  await expect(late).toHaveURL("/cart");
  await expect(late.getByText("订单未提交：有商品库存不足或已下架")).toBeVisible();
  const summary = late.getByRole("alert").filter({ hasText: "以下商品暂时无法结算" });
  await expect(summary).toContainText(`${product.name} · ${product.variants[0].spec}：已售罄`);
});
