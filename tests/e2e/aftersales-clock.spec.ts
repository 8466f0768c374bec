// Issue 20's after-sales journey where the clock matters, on a 390 × 844 screen with the shopper's
// JavaScript off: a server of its own runs the after-sales window and the supplier's reply deadline
// in seconds (AFTERSALES_WINDOW_DAYS and AFTERSALES_REPLY_HOURS take fractions; the sweeps run every
// 2 s). The shopper buys two products of one supplier, the staff ship and deliver them; a claim on
// the first line goes unanswered → the sweep hands it to the platform → the admin refunds part of
// it once, and the order's impact falls by exactly the reversed share; once the window has passed,
// a claim on the second line is refused with a clear message, on the form and when posted anyway.
// Mobile project only: one own server is enough, and the journey is about the phone.
import { rmSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../../db/fixtures/accounts";
import { PRODUCTS, SUPPLIERS } from "../../db/fixtures/catalog";
import { startServer, type ServerProcess } from "../reliability/server-process";
import { addToCartFromProductPage, fenOf, fillCheckout, logIn, yuan } from "./fixtures";

const PORT = Number(process.env.E2E_PORT ?? 3100) + 500;
const WINDOW_SECONDS = 90;
const REPLY_SECONDS = 20;
const VIEWPORT = { width: 390, height: 844 };
const DATA_DIR = `.cache/e2e-clock-${PORT}`;

const staffAccount = DEMO_ACCOUNTS.find((a) => a.key === "supplierStaff")!;
const supplier = SUPPLIERS[staffAccount.supplierIndex!];
const [first, second] = PRODUCTS.filter(
  (p) => p.supplierSlug === supplier.slug && p.certified && p.variants[0].stock >= 20,
);
const RATE_BP = first.benefitRateBp ?? supplier.benefitRateBp;
const pool = (netFen: number) => Math.floor((netFen * RATE_BP) / 10000);
const DECIDED_FEN = 500;

let server: ServerProcess;

test.describe.configure({ mode: "serial", timeout: 240_000 });

test.beforeAll(async () => {
  test.setTimeout(300_000); // the first start migrates and seeds the demo history
  rmSync(DATA_DIR, { recursive: true, force: true });
  server = await startServer({
    port: PORT,
    readyWithinMs: 280_000,
    env: {
      DATABASE_URL: undefined, // an embedded database of its own, whatever engine the others use
      DATA_DIR,
      SEED_DEMO_DATA: "1",
      AFTERSALES_WINDOW_DAYS: String(WINDOW_SECONDS / 86_400),
      AFTERSALES_FRESH_WINDOW_DAYS: String(WINDOW_SECONDS / 86_400),
      AFTERSALES_REPLY_HOURS: String(REPLY_SECONDS / 3_600),
      SWEEP_INTERVAL_SECONDS: "2",
    },
  });
});

test.afterAll(async () => {
  await server?.kill("SIGTERM");
});

test("unanswered claim → platform decides once; past the window a new claim is refused", async ({
  browser,
}) => {
  expect(first && second && first.slug !== second.slug).toBeTruthy();
  const consoleErrors: string[] = [];
  const open = async (key: string, javaScriptEnabled: boolean) => {
    const context = await browser.newContext({
      baseURL: server.url,
      viewport: VIEWPORT,
      locale: "zh-CN",
      javaScriptEnabled,
    });
    const page = await context.newPage();
    page.on("console", (m) => {
      // The refused claim post answers 409 by design; anything else logged as an error fails.
      if (m.type() === "error" && !m.text().includes("status of 409")) consoleErrors.push(m.text());
    });
    await logIn(page, key);
    return page;
  };
  const shopper = await open("customer", false);
  const staff = await open("supplierStaff", true);
  const admin = await open("admin", true);

  // ── Buy both, pay (demo), ship and deliver.
  await addToCartFromProductPage(shopper, first.slug, 1);
  await addToCartFromProductPage(shopper, second.slug, 1);
  await shopper.goto("/checkout");
  await fillCheckout(shopper);
  await shopper.getByRole("button", { name: "提交订单" }).click();
  await shopper.getByRole("button", { name: "确认支付" }).click();
  await expect(shopper.getByTestId("order-status")).toHaveText("已支付");
  const orderPath = new URL(shopper.url()).pathname;
  const orderNumber = orderPath.split("/").pop()!;
  const paidFen = first.variants[0].priceFen + second.variants[0].priceFen;
  await expect(shopper.getByTestId("impact-summary")).toContainText(
    `增收 ${yuan(pool(first.variants[0].priceFen) + pool(second.variants[0].priceFen))}`,
  );

  await staff.goto("/supplier/orders?status=paid");
  await staff.goto((await staff.getByRole("link", { name: orderNumber }).first().getAttribute("href"))!);
  await staff.getByLabel("快递公司").fill("圆通速递");
  await staff.getByLabel("运单号").fill(`YT${Date.now()}`);
  await staff.getByRole("button", { name: "确认发货" }).click();
  await expect(staff.getByRole("status").filter({ hasText: "已发货" })).toBeVisible();
  await staff.getByRole("button", { name: "标记为已送达" }).click();
  await expect(staff.getByRole("status").filter({ hasText: "已标记送达" })).toBeVisible();
  const deliveredAt = Date.now();

  // ── A claim on the first line, inside the window; nobody at the supplier answers it.
  await shopper.goto(orderPath);
  const applyLinks = shopper.getByTestId("apply-aftersales");
  await expect(applyLinks).toHaveCount(2);
  const [firstApply, secondApply] = await Promise.all(
    [0, 1].map((i) => applyLinks.nth(i).getAttribute("href")),
  );
  await shopper.goto(firstApply!);
  await expect(shopper.getByRole("heading", { level: 1 })).toContainText(first.name);
  await shopper.getByRole("radio", { name: "仅退款" }).check();
  await shopper.getByLabel("原因").selectOption({ label: "破损" });
  await shopper.getByLabel("问题描述").fill("外箱压坏，部分商品受损。");
  await shopper.getByLabel(/申请退款金额/).fill("10.00");
  await shopper.getByRole("button", { name: "提交申请" }).click();
  await expect(shopper.getByTestId("claim-status")).toHaveText("待商家处理");
  const claimPath = new URL(shopper.url()).pathname;
  expect(Date.now() - deliveredAt).toBeLessThan(WINDOW_SECONDS * 1000);

  // ── Past the reply deadline the sweep hands it to the platform (the page says so).
  await expect(async () => {
    await shopper.goto(claimPath);
    await expect(shopper.getByTestId("claim-status")).toHaveText("平台介入中", { timeout: 1_000 });
  }).toPass({ timeout: 90_000, intervals: [2_000] });
  await expect(shopper.getByTestId("claim-steps")).toContainText("商家逾期未处理，转平台处理");
  // The supplier can no longer answer it.
  await staff.goto("/supplier/aftersales");
  await staff.goto(
    (await staff
      .getByRole("link", { name: new RegExp(orderNumber) })
      .first()
      .getAttribute("href"))!,
  );
  await expect(staff.getByRole("button", { name: /同意退款/ })).toHaveCount(0);

  // ── The admin decides: a partial refund, once (a second click finds it decided).
  await admin.goto("/official/aftersales");
  const adminClaim = (await admin
    .getByRole("link", { name: new RegExp(orderNumber) })
    .first()
    .getAttribute("href"))!;
  await admin.goto(adminClaim);
  await expect(admin.getByTestId("claim-status")).toHaveText("平台介入中");
  await admin.getByLabel(/金额（元）/).fill((DECIDED_FEN / 100).toFixed(2));
  await admin.getByRole("button", { name: "裁定退款" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "已处理" })).toBeVisible();
  await expect(admin.getByTestId("claim-status")).toHaveText("已退款");
  const again = await admin.request.post(adminClaim, {
    headers: { Origin: server.url },
    form: { intent: "refund", amount: "5.00", note: "" },
  });
  expect(again.status()).toBe(409);

  await shopper.goto(orderPath);
  expect(fenOf(await shopper.getByTestId("order-refunded").innerText())).toBe(DECIDED_FEN);
  await expect(shopper.getByTestId("impact-summary")).toContainText(
    `增收 ${yuan(pool(first.variants[0].priceFen - DECIDED_FEN) + pool(second.variants[0].priceFen))}`,
  );
  expect(paidFen).toBeGreaterThan(DECIDED_FEN);

  // ── After the window: the second line's claim form says why it is closed, and a post is refused.
  const closedMessage = "已超过售后申请期限，不能再申请";
  await expect(async () => {
    await shopper.goto(secondApply!);
    await expect(shopper.getByTestId("claim-error")).toHaveText(closedMessage, { timeout: 1_000 });
  }).toPass({ timeout: WINDOW_SECONDS * 1000 + 30_000, intervals: [3_000] });
  await expect(shopper.getByRole("button", { name: "提交申请" })).toHaveCount(0);
  const late = await shopper.request.post(secondApply!, {
    headers: { Origin: server.url },
    multipart: { kind: "refund_only", reason: "damaged", description: "过期后再申请", amount: "1.00" },
  });
  expect(late.status()).toBe(409);
  expect(await late.text()).toContain(closedMessage);

  await expectFits(shopper);
  expect(consoleErrors).toEqual([]);
});

async function expectFits(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(VIEWPORT.width);
}
