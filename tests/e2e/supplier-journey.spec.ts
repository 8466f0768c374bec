// Issue 6's journey in one test: supplier staff add a product with an image and two variants and
// publish it; it shows in the store (with the 480 px image in listings); a customer buys it and
// pays; the supplier ships it; the customer sees the tracking number; the supplier's report shows
// the sale and the income attributed to its households. Runs on desktop and mobile.
import { expect, test, type Page } from "@playwright/test";
import sharp from "sharp";
import { DEMO_ACCOUNTS } from "../../db/fixtures/accounts";
import { SUPPLIERS } from "../../db/fixtures/catalog";
import {
  addVariantToCart,
  customer,
  fillCheckout,
  logIn,
  supplierReportTotals,
  withdrawProduct,
  yuan,
} from "./fixtures";

const supplier = SUPPLIERS[DEMO_ACCOUNTS.find((a) => a.key === "supplierStaff")!.supplierIndex!];
const VARIANTS = [
  { spec: "1 kg 旅程袋装", price: "58.80", priceFen: 5880, stock: "30" },
  { spec: "2.5 kg 旅程礼箱", price: "139", priceFen: 13900, stock: "8" },
] as const;
const QUANTITY = 3;

/** Follows a link by its address: on the 412 px phone the page is scaled (the site header is wider than the screen) and a pointer click far down can land elsewhere. */
async function follow(page: Page, name: string | RegExp) {
  const href = await page.getByRole("link", { name }).first().getAttribute("href");
  await page.goto(href!);
}

test.setTimeout(90_000);

test("supplier adds a product with image and two variants → store → customer buys → supplier ships → tracking number → report", async ({
  page: staff,
  browser,
}, testInfo) => {
  // Both projects run against the same server: a name of their own keeps the products apart.
  const name = testInfo.project.name === "mobile" ? "栾川旅程黑木耳手机款" : "栾川旅程黑木耳电脑款";
  const png = await sharp({
    create: { width: 1600, height: 1200, channels: 3, background: { r: 60, g: 40, b: 30 } },
  })
    .png()
    .toBuffer();

  await logIn(staff, "supplierStaff");
  // The report's totals for this year before this order (other journeys sell from this supplier too).
  const before = await supplierReportTotals(staff);

  // ── The supplier adds the product as a draft, with an image and two variants, then publishes it.
  await staff.goto("/supplier/products");
  await follow(staff, "新增商品");
  await staff.getByLabel("商品名称").fill(name);
  await staff.getByLabel("卖点（一句话）").fill("椴木栽培，朵大肉厚");
  await staff.getByLabel("品类").selectOption({ label: "香菇" });
  // The benefit rate is left empty: the product uses the supplier's committed rate.
  for (const [i, v] of VARIANTS.entries()) {
    await staff.locator(`[name="variants.${i}.spec"]`).fill(v.spec);
    await staff.locator(`[name="variants.${i}.price"]`).fill(v.price);
    await staff.locator(`[name="variants.${i}.stock"]`).fill(v.stock);
  }
  await staff
    .getByLabel("商品图片（可选）")
    .setInputFiles({ name: "muer.png", mimeType: "image/png", buffer: png });
  await staff.getByRole("button", { name: "保存为草稿" }).press("Enter");
  await expect(staff).toHaveURL(/\/supplier\/products\/[0-9a-f-]{36}$/);
  const supplierProductPath = new URL(staff.url()).pathname;
  await expect(staff.getByRole("status").filter({ hasText: "商品已保存为草稿" })).toBeVisible();
  await staff.getByRole("button", { name: "上架" }).press("Enter");
  await expect(staff.getByRole("status").filter({ hasText: "商品已上架" })).toBeVisible();
  const productPath = (await staff.getByRole("link", { name: "在商城查看" }).getAttribute("href"))!;

  // ── A customer finds it in the store: the listing card uses the 480 px image, the page both variants.
  const buyerContext = await browser.newContext({ ...pick(testInfo.project.use), locale: "zh-CN" });
  const buyer = await buyerContext.newPage();
  await logIn(buyer, customer.key);
  await buyer.goto(`/products?q=${encodeURIComponent(name)}`);
  const card = buyer.getByRole("link", { name: new RegExp(name) }).first();
  await expect(card).toBeVisible();
  const cardImage = card.locator("img");
  await expect(cardImage).toHaveAttribute("src", /^\/media\/products\/.+-480\.webp$/);
  await cardImage.scrollIntoViewIfNeeded();
  await expect
    .poll(() => cardImage.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBe(480);
  await buyer.goto(productPath);
  await expect(buyer.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(buyer.getByRole("radio", { name: new RegExp(VARIANTS[0].spec) })).toBeVisible();
  await expect(buyer.getByRole("radio", { name: new RegExp(VARIANTS[1].spec) })).toBeVisible();

  // ── The customer buys QUANTITY of the first variant and pays on the demo payment page.
  await addVariantToCart(buyer, productPath, VARIANTS[0].spec, QUANTITY);
  await buyer.goto("/checkout");
  await fillCheckout(buyer, customer.mobile);
  await buyer.getByRole("button", { name: "提交订单" }).press("Enter");
  await expect(buyer.getByRole("heading", { name: "演示支付" })).toBeVisible();
  await buyer.getByRole("button", { name: "确认支付" }).press("Enter");
  await expect(buyer.getByTestId("order-status")).toHaveText("已支付");
  const orderNumber = buyer.url().split("/").pop()!;

  // Expected attributed income (DESIGN.md §3 rules 2–3): the product has no rate of its own, so
  // rate = the supplier's committed benefitRateBp from db/fixtures/catalog.ts; the line's pool is
  // floor(net × rate / 10000), and the shares over the supplier's approved linkages sum to the
  // pool exactly whatever their weights. E.g. 3 × ¥58.80 = ¥176.40 at 18% → floor(17640 × 1800 / 10000) = 3175 fen.
  const net = VARIANTS[0].priceFen * QUANTITY;
  const pool = Math.floor((net * supplier.benefitRateBp) / 10000);
  expect(pool).toBeGreaterThan(0);
  await expect(buyer.getByTestId("impact-summary")).toContainText(`增收 ${yuan(pool)}`);

  // ── The supplier finds the order among those to ship and ships it with a tracking number.
  await staff.goto("/supplier/orders?status=paid");
  await follow(staff, orderNumber);
  await expect(staff.getByRole("heading", { level: 1 })).toContainText(orderNumber);
  const tracking = `YT${Date.now()}`;
  await staff.getByLabel("快递公司").fill("圆通速递");
  await staff.getByLabel("运单号").fill(tracking);
  await staff.getByRole("button", { name: "确认发货" }).press("Enter");
  await expect(staff.getByRole("status").filter({ hasText: "已发货" })).toBeVisible();

  // ── The customer sees carrier and tracking number on the order page.
  await buyer.reload();
  await expect(buyer.getByTestId("order-status")).toHaveText("已发货");
  await expect(buyer.getByTestId("order-tracking")).toContainText(tracking);
  await expect(buyer.getByTestId("order-tracking")).toContainText("圆通速递");

  // ── The supplier's report: the year's totals grow by this sale and its pool, and the new
  // product's own row shows exactly this order.
  const after = await supplierReportTotals(staff);
  expect(after.sales - before.sales).toBe(net);
  expect(after.attributed - before.attributed).toBe(pool);
  const row = staff
    .getByTestId("report-products")
    .getByRole("row")
    // On a phone each row is a card whose cells are named "column label value" (their data-label).
    .filter({ has: staff.getByRole("rowheader", { name: new RegExp(`(^|\\s)${name}$`) }) });
  await expect(row.getByRole("cell")).toHaveText([String(QUANTITY), yuan(net), yuan(0), yuan(pool)]);

  await withdrawProduct(staff, supplierProductPath);
  await buyerContext.close();
});

/** The device settings of this project (phone or desktop), for the customer's own browser context. */
function pick(use: Record<string, unknown>) {
  const { viewport, userAgent, deviceScaleFactor, isMobile, hasTouch } = use as Record<string, never>;
  return { viewport, userAgent, deviceScaleFactor, isMobile, hasTouch };
}
