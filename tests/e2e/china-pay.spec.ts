// Paying with Alipay and WeChat Pay through their fakes (issue 19), on the phone and the desktop
// project. The fakes run as HTTP servers beside the e2e server (tests/e2e/global-setup.ts,
// tests/support/e2e-pay.ts): Alipay's cashier page pays, posts the signed notification to the app's
// webhook and sends the browser back to the return URL; WeChat Pay's Native QR page refreshes
// itself (no JavaScript) once the fake "scanned and paid" and notified; H5 pay returns to the
// payment's page. Each journey ends on the order page: paid, with its impact.
import { expect, test, type Page } from "@playwright/test";
import { fakePorts } from "../support/e2e-pay";
import { addToCartFromProductPage, fillCheckout, twoProductsOfTwoSuppliers } from "./fixtures";

const [product] = twoProductsOfTwoSuppliers();
const ports = fakePorts(Number(process.env.E2E_PORT ?? 3100));

async function checkoutWith(page: Page, method: "支付宝" | "微信支付") {
  await addToCartFromProductPage(page, product.slug, 1);
  await page.goto("/checkout");
  await fillCheckout(page, "13912340019");
  await page.getByRole("radio", { name: method, exact: true }).check();
  await page.getByRole("button", { name: "提交订单" }).click();
}

async function expectPaidOrder(page: Page) {
  await expect(page).toHaveURL(/\/orders\/\d{8}-\d{6}$/);
  await expect(page.getByTestId("order-status")).toHaveText("已支付");
  await expect(page.getByTestId("impact-summary")).toContainText(/本单带动 \d+ 户/);
}

// NOT YET ENABLED (fixme): needs playwright.config.ts to add `globalSetup: "./tests/e2e/global-setup.ts"`
// and `...e2ePayEnv(PORT)` to the webServer env (tests/support/e2e-pay.ts, decision 103). In the one
// run made with that wiring (2026-12-03), checkout with 支付宝 stayed on /checkout (not yet diagnosed).
test.fixme();

// Plain HTML all the way: the QR page must turn to "paid" by its own refresh, not by a script.
test.use({ javaScriptEnabled: false });

test("Alipay: page pay (desktop) or WAP pay (phone) at the cashier, notified, back to the order", async ({
  page,
  isMobile,
}) => {
  await checkoutWith(page, "支付宝");
  await expect(page).toHaveURL(new RegExp(`^http://127\\.0\\.0\\.1:${ports.alipay}/gateway\\.do\\?`));
  const method = new URL(page.url()).searchParams.get("method");
  expect(method).toBe(isMobile ? "alipay.trade.wap.pay" : "alipay.trade.page.pay");
  await expect(page.getByRole("heading", { name: "支付宝收银台（测试）" })).toBeVisible();
  await page.getByRole("button", { name: "确认付款" }).click();
  await expectPaidOrder(page);
  // The return again (a reload, the back button): the order is paid once and stays so.
  const orderUrl = page.url();
  await page.goBack();
  await page.goto(orderUrl);
  await expect(page.getByTestId("order-status")).toHaveText("已支付");
});

test("WeChat Pay: Native QR refreshed without JavaScript (desktop) or H5 (phone), notified, paid", async ({
  page,
  isMobile,
  request,
}) => {
  test.setTimeout(45_000);
  await checkoutWith(page, "微信支付");
  if (isMobile) {
    await expect(page).toHaveURL(new RegExp(`^http://127\\.0\\.0\\.1:${ports.wechat}/h5pay\\?`));
    await page.getByRole("button", { name: "确认支付" }).click();
    await expect(page).toHaveURL(/\/pay\/wechat\/[0-9a-f-]{36}$/);
  } else {
    await expect(page).toHaveURL(/\/pay\/wechat\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("img", { name: "微信支付二维码" })).toBeVisible();
    // The buyer's phone scans the code and pays: the fake notifies the app's webhook (204).
    const outTradeNo = page.url().split("/").pop()!.replace(/-/g, "");
    const scanned = await request.post(`http://127.0.0.1:${ports.wechat}/scan?no=${outTradeNo}`);
    expect(await scanned.json()).toEqual({ notified: 204 });
  }
  // The page's own <meta refresh> (every 5 s) shows the payment without a click or a script.
  await expect(page.getByRole("status")).toContainText("支付成功", { timeout: 15_000 });
  await page.getByRole("link", { name: "查看订单" }).click();
  await expectPaidOrder(page);
});
