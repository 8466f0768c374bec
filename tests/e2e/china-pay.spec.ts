// Issue 19: a shopper pays with Alipay and with WeChat Pay, end to end, against the local fakes
// (tests/support/fake-alipay.ts, fake-wechatpay.ts) running as real HTTP servers on the fixed ports
// the e2e server is configured with (tests/support/china-pay-e2e.ts, playwright.config.ts).
// Desktop: Alipay computer-site pay (the browser is sent to the fake's cashier) and WeChat Pay
// Native (a QR code drawn on the server; the page refreshes itself without JavaScript). Phone
// (390 × 844, a phone's User-Agent): Alipay WAP pay and WeChat Pay H5. Each time the fake pays,
// posts its signed (for WeChat Pay, encrypted) notification to the app's notify URL, and the
// order page shows 已支付. Desktop project only: the phone flows open phone contexts of their own.
import { devices, expect, test, type Browser, type Page } from "@playwright/test";
import QRCode from "qrcode";
import { PRODUCTS } from "../../db/fixtures/catalog";
import { chinaPayE2e } from "../support/china-pay-e2e";
import { startFakeAlipay, type FakeAlipay } from "../support/fake-alipay";
import { startFakeWechatPay, type FakeWechatPay } from "../support/fake-wechatpay";
import { addToCartFromProductPage, fenOf, fillCheckout, watchErrors } from "./fixtures";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const settings = chinaPayE2e(PORT);
const PHONE = {
  userAgent: devices["Pixel 7"].userAgent,
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
};
// Four products with stock to spare, one per journey (each buys one).
const products = PRODUCTS.filter((p) => p.variants[0].stock >= 50).slice(0, 4);

let alipay: FakeAlipay;
let wechat: FakeWechatPay;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  alipay = await startFakeAlipay({
    port: settings.alipay.port,
    appId: settings.alipay.appId,
    appKeys: settings.alipay.appKeys,
    alipayKeys: settings.alipay.alipayKeys,
  });
  wechat = await startFakeWechatPay({
    port: settings.wechat.port,
    merchantKeys: settings.wechat.merchantKeys,
    platformKeys: settings.wechat.platformKeys,
    serial: settings.wechat.serial,
    platformSerial: settings.wechat.platformSerial,
    apiV3Key: settings.wechat.apiV3Key,
    publicUrl: `http://127.0.0.1:${settings.wechat.port}`,
  });
});

test.afterAll(async () => {
  await alipay?.close();
  await wechat?.close();
});

/** A guest fills the cart with one product and the checkout form, and chooses `method`. */
async function checkOut(page: Page, slug: string, method: "支付宝" | "微信支付") {
  await addToCartFromProductPage(page, slug, 1);
  await page.goto("/checkout");
  await fillCheckout(page);
  await page.getByRole("radio", { name: method }).check();
  const totalFen = fenOf(await page.getByTestId("checkout-total").innerText());
  await page.getByRole("button", { name: "提交订单" }).click();
  return totalFen;
}

/** A fresh browser context: desktop or phone, JavaScript on or off; its console errors are watched. */
async function openPage(browser: Browser, { phone = false, javaScript = true } = {}) {
  const context = await browser.newContext({
    ...(phone ? PHONE : { viewport: { width: 1280, height: 800 } }),
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: "zh-CN",
    javaScriptEnabled: javaScript,
  });
  const page = await context.newPage();
  // A form post refused by the Content-Security-Policy is logged as a console error.
  const errors = watchErrors(page);
  return { page, errors, close: () => context.close() };
}

const yuanText = (fen: number) => (fen / 100).toFixed(2);

test("Alipay: computer-site pay on the desktop, WAP pay on the phone", async ({ browser }) => {
  test.setTimeout(90_000); // two guest purchases through a cashier each; 15–18 s quiet, beyond 30 s at load ~10
  // ── Desktop, JavaScript on: the browser goes to Alipay's cashier (page pay); the fake pays,
  // notifies (answered "success") and sends the buyer back; the order is paid.
  const desk = await openPage(browser);
  const totalFen = await checkOut(desk.page, products[0].slug, "支付宝");
  await expect(desk.page.getByRole("heading", { name: "支付宝收银台（测试）" })).toBeVisible();
  const cashier = new URL(desk.page.url());
  expect(cashier.port).toBe(String(settings.alipay.port));
  expect(cashier.searchParams.get("method")).toBe("alipay.trade.page.pay");
  await expect(desk.page.getByTestId("alipay-amount")).toHaveText(yuanText(totalFen));
  await desk.page.getByRole("button", { name: "确认付款" }).click();
  await expect(desk.page.getByTestId("order-status")).toHaveText("已支付");
  expect(alipay.notifyAnswers).toEqual(["success"]);
  expect(fenOf(await desk.page.getByTestId("order-total").innerText())).toBe(totalFen);

  // ── Phone, JavaScript off: WAP pay (the form post itself is redirected to the cashier).
  const phone = await openPage(browser, { phone: true, javaScript: false });
  const phoneTotal = await checkOut(phone.page, products[1].slug, "支付宝");
  await expect(phone.page.getByRole("heading", { name: "支付宝收银台（测试）" })).toBeVisible();
  expect(new URL(phone.page.url()).searchParams.get("method")).toBe("alipay.trade.wap.pay");
  await expect(phone.page.getByTestId("alipay-amount")).toHaveText(yuanText(phoneTotal));
  await phone.page.getByRole("button", { name: "确认付款" }).click();
  await expect(phone.page.getByTestId("order-status")).toHaveText("已支付");
  expect(alipay.notifyAnswers).toEqual(["success", "success"]);

  expect([...desk.errors, ...phone.errors]).toEqual([]);
  await desk.close();
  await phone.close();
});

test("WeChat Pay: Native QR code on the desktop, H5 pay on the phone", async ({ browser }) => {
  test.setTimeout(90_000); // two guest purchases and a page that refreshes itself; 21 s quiet, 30 s+ at load ~10
  // ── Desktop, JavaScript off: the QR code drawn on the server; the page refreshes itself.
  const desk = await openPage(browser, { javaScript: false });
  const totalFen = await checkOut(desk.page, products[2].slug, "微信支付");
  await expect(desk.page.getByRole("heading", { name: "微信扫码支付" })).toBeVisible();
  const paymentPath = new URL(desk.page.url()).pathname;
  expect(paymentPath).toMatch(/^\/pay\/wechat\/[0-9a-f-]{36}$/);
  const outTradeNo = paymentPath.split("/").pop()!.replace(/-/g, "");
  expect(wechat.orders.get(outTradeNo)).toMatchObject({ trade_type: "NATIVE", amount: { total: totalFen } });
  // The QR code on the page is the code_url WeChat Pay gave for this trade.
  await expect(desk.page.getByRole("img", { name: "微信支付二维码" })).toHaveAttribute(
    "src",
    await QRCode.toDataURL(`weixin://wxpay/bizpayurl?pr=${outTradeNo.slice(0, 8)}`, {
      margin: 1,
      width: 240,
    }),
  );
  // The buyer scans and pays: the fake posts the signed, encrypted notification (answered 204),
  // and the page, refreshing itself every 5 s, shows the payment made.
  const scan = await fetch(`${wechat.url}/scan?no=${outTradeNo}`, { method: "POST" });
  expect(await scan.json()).toEqual({ notified: 204 });
  await expect(desk.page.getByText("支付成功，订单")).toBeVisible({ timeout: 10_000 });
  await desk.page.getByRole("link", { name: "查看订单" }).click();
  await expect(desk.page.getByTestId("order-status")).toHaveText("已支付");
  expect(fenOf(await desk.page.getByTestId("order-total").innerText())).toBe(totalFen);

  // ── Phone, JavaScript off: H5 pay on WeChat Pay's page; paying notifies the shop, then the
  // buyer is sent back to it.
  const phone = await openPage(browser, { phone: true, javaScript: false });
  const phoneTotal = await checkOut(phone.page, products[3].slug, "微信支付");
  await expect(phone.page.getByRole("heading", { name: "微信支付（测试）" })).toBeVisible();
  const h5 = new URL(phone.page.url());
  expect(h5.port).toBe(String(settings.wechat.port));
  expect(wechat.orders.get(h5.searchParams.get("no")!)).toMatchObject({
    trade_type: "MWEB",
    amount: { total: phoneTotal },
  });
  await phone.page.getByRole("button", { name: "确认支付" }).click();
  await expect(phone.page.getByText("支付成功，订单")).toBeVisible();
  await phone.page.getByRole("link", { name: "查看订单" }).click();
  await expect(phone.page.getByTestId("order-status")).toHaveText("已支付");

  expect([...desk.errors, ...phone.errors]).toEqual([]);
  await desk.close();
  await phone.close();
});
