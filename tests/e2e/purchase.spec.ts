import { expect, test } from "@playwright/test";
import { PRODUCTS } from "../../db/fixtures/catalog";
import { addToCartFromProductPage, fillCheckout, supplierName, twoProductsOfTwoSuppliers } from "./fixtures";

const [productA, productB] = twoProductsOfTwoSuppliers();

for (const javaScriptEnabled of [true, false]) {
  test.describe(`guest purchase, JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("two suppliers' products → cart → change quantity → checkout → demo pay → confirmation", async ({
      page,
    }) => {
      await addToCartFromProductPage(page, productA.slug, 1);
      await addToCartFromProductPage(page, productB.slug, 2);

      await page.getByRole("link", { name: /购物车/ }).click();
      await expect(page).toHaveURL("/cart");
      // Lines are grouped by supplier.
      await expect(page.getByRole("heading", { name: supplierName(productA.supplierSlug) })).toBeVisible();
      await expect(page.getByRole("heading", { name: supplierName(productB.supplierSlug) })).toBeVisible();

      const quantityA = page.getByRole("spinbutton", { name: new RegExp(productA.name) });
      await quantityA.fill("3");
      await quantityA.locator("xpath=..").getByRole("button", { name: "更新" }).click();
      await expect(page.getByRole("spinbutton", { name: new RegExp(productA.name) })).toHaveValue("3");
      const expectedSubtotal = productA.variants[0].priceFen * 3 + productB.variants[0].priceFen * 2;

      await page.getByRole("button", { name: "去结算" }).click();
      await expect(page).toHaveURL(/\/checkout\??$/);
      // A malformed mobile is refused with a message, and what was typed stays.
      await fillCheckout(page, "12345");
      await page.getByRole("button", { name: "提交订单" }).click();
      await expect(page.getByText("请输入 11 位中国大陆手机号")).toBeVisible();
      await expect(page.getByLabel("收货人")).toHaveValue("王小雨");
      await page.getByLabel("手机号").fill("13912345678");
      await page.getByRole("button", { name: "提交订单" }).click();

      await expect(page.getByRole("heading", { name: "演示支付" })).toBeVisible();
      await page.getByRole("button", { name: "确认支付" }).click();

      await expect(page).toHaveURL(/\/orders\/\d{8}-\d{6}$/);
      await expect(page.getByTestId("order-status")).toHaveText("已支付");
      // The impact receipt, from the ledger written with the payment: aggregates, no names.
      await expect(page.getByTestId("impact-summary")).toContainText(/本单带动 \d+ 户/);
      await expect(page.getByText(productA.name).first()).toBeVisible();
      const subtotal = new Intl.NumberFormat("zh-CN", { style: "currency", currency: "CNY" }).format(
        expectedSubtotal / 100,
      );
      await expect(page.getByText(subtotal, { exact: true }).first()).toBeVisible();

      // The cart is empty after the order took its lines.
      await page.goto("/cart");
      await expect(page.getByText("购物车是空的。")).toBeVisible();
    });
  });
}

test("an order cannot be opened by someone else's browser", async ({ page, browser }) => {
  await addToCartFromProductPage(page, productA.slug, 1);
  await page.goto("/checkout");
  await fillCheckout(page);
  await page.getByRole("button", { name: "提交订单" }).click();
  await expect(page.getByRole("heading", { name: "演示支付" })).toBeVisible();
  const payUrl = page.url();
  await page.getByRole("link", { name: "查看订单" }).click();
  const orderUrl = page.url();

  const stranger = await browser.newPage();
  expect((await stranger.goto(orderUrl))?.status()).toBe(404);
  expect((await stranger.goto(payUrl))?.status()).toBe(404);
  await stranger.close();
});

for (const javaScriptEnabled of [true, false]) {
  test.describe(`signed-in journey, JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("sign up → filter → search in Chinese and pinyin → product → two suppliers → pay → order in the account", async ({
      page,
      isMobile,
    }) => {
      test.setTimeout(90_000); // a dozen pages without JavaScript: 16–28 s, past 30 s at load ~11
      const shiitake = PRODUCTS.find(
        (p) => p.categorySlug === "fungi-shiitake" && p.certified && p.variants[0].stock >= 20,
      )!;
      const other = PRODUCTS.find(
        (p) => p.supplierSlug !== shiitake.supplierSlug && p.certified && p.variants[0].stock >= 20,
      )!;
      const mobile = `139${String(Date.now()).slice(-8)}`;

      await page.goto("/signup");
      await page.getByLabel("手机号").fill(mobile);
      await page.getByLabel("昵称").fill("测试买家");
      await page.getByLabel("密码", { exact: true }).fill("Secret#2026");
      await page.getByLabel("确认密码").fill("Secret#2026");
      await page.getByRole("checkbox", { name: /我已阅读并同意/ }).check();
      await page.getByRole("button", { name: "注册" }).click();
      await expect(page).toHaveURL(/\/account/);

      // Browse and filter by category.
      await page.goto("/products");
      if (isMobile) await page.getByText("筛选与排序").click();
      await page.getByLabel("分类").selectOption({ label: "香菇" });
      await page.getByRole("button", { name: "应用筛选" }).click();
      await expect(page).toHaveURL(/category=fungi-shiitake/);
      await expect(page.getByRole("link", { name: new RegExp(shiitake.name) }).first()).toBeVisible();

      // Search in Chinese, then in pinyin.
      for (const q of ["香菇", "xianggu"]) {
        await page.goto("/products");
        await page.getByLabel("搜索商品").fill(q);
        await page.getByRole("button", { name: "搜索", exact: true }).click();
        await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(q)}`));
        await expect(page.getByRole("link", { name: new RegExp(shiitake.name) }).first()).toBeVisible();
      }
      await page
        .getByRole("link", { name: new RegExp(shiitake.name) })
        .first()
        .click();
      await expect(page).toHaveURL(`/products/${shiitake.slug}`);

      await addToCartFromProductPage(page, shiitake.slug, 1);
      await addToCartFromProductPage(page, other.slug, 1);
      await page.getByRole("link", { name: /购物车/ }).click();
      await page.getByRole("button", { name: "去结算" }).click();
      await fillCheckout(page, mobile);
      await page.getByRole("button", { name: "提交订单" }).click();
      await page.getByRole("button", { name: "确认支付" }).click();
      await expect(page.getByTestId("order-status")).toHaveText("已支付");
      const orderNumber = page.url().split("/").pop()!;

      await page.goto("/account");
      await expect(page.getByRole("link", { name: new RegExp(orderNumber) })).toBeVisible();
    });
  });
}
