// Issue 20's after-sales journey on a 390 × 844 screen, with the shopper's JavaScript on and off:
// a new shopper buys a product of the demo supplier staff's supplier and pays → the staff ship it
// (carrier + tracking number) and mark it delivered → the shopper sees the timeline and asks for a
// partial refund of the line with a reason, a description and a PNG photo → a second claim on the
// same line while this one is open is refused with a clear message → the staff propose a smaller
// amount → the shopper accepts (in two tabs: the second accept is refused, the claim shows its
// final state) → the refund is paid once; the order's impact and the supplier's report fall by
// exactly the reversed share.
//
// Escalation (no answer before the reply deadline → the platform decides) and the end of the
// after-sales window need a clock: they are covered by app/models/ordering/aftersales.server.test.ts
// with an injected `now`, not here.
import { expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import sharp from "sharp";
import { DEMO_ACCOUNTS } from "../../db/fixtures/accounts";
import { PRODUCTS, SUPPLIERS } from "../../db/fixtures/catalog";
import { addToCartFromProductPage, fenOf, fillCheckout, logIn, supplierReportTotals, yuan } from "./fixtures";

const staffAccount = DEMO_ACCOUNTS.find((a) => a.key === "supplierStaff")!;
const supplier = SUPPLIERS[staffAccount.supplierIndex!];
const product = PRODUCTS.find(
  (p) => p.supplierSlug === supplier.slug && p.certified && p.variants[0].stock >= 20,
)!;
const PRICE_FEN = product.variants[0].priceFen;
// DESIGN.md §3: the product's own rate, else the supplier's committed one; a line's pool is
// floor(net × rate / 10000), net = line total − refunded so far. A partial refund re-splits the
// line's pool over the same linkages (reverseForRefund in app/models/impact/attribution.server.ts),
// so the order's attributed income becomes exactly pool(total − refund).
const RATE_BP = product.benefitRateBp ?? supplier.benefitRateBp;
const pool = (netFen: number) => Math.floor((netFen * RATE_BP) / 10000);
const ASKED = "20.00";
const PROPOSED_FEN = 1234;

const VIEWPORT = { width: 390, height: 844 };
test.use({ viewport: VIEWPORT });
test.setTimeout(150_000);

for (const javaScriptEnabled of [true, false]) {
  test.describe(`after-sales at 390 px, shopper's JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("buy → ship → deliver → partial refund with a photo → proposal → accept once → impact and report fall by the reversed share", async ({
      page: shopper,
      browser,
    }, testInfo) => {
      await journey(shopper, browser, testInfo, javaScriptEnabled);
    });
  });
}

async function journey(shopper: Page, browser: Browser, testInfo: TestInfo, js: boolean) {
  const consoleErrors: string[] = [];
  const refusals: string[] = [];
  // The refused second accept answers 409 by design, which the browser logs as a failed load: it
  // is counted apart (exactly one), anything else logged as an error fails the journey.
  const watch = (page: Page, refusalExpected = false) =>
    page.on("console", (m) => {
      if (m.type() !== "error") return;
      if (refusalExpected && m.text().includes("status of 409")) refusals.push(m.text());
      else consoleErrors.push(`${page.url()}: ${m.text()}`);
    });
  watch(shopper);

  // Supplier staff work in their own browser (JavaScript on), on the same small screen.
  const staffContext = await browser.newContext({ viewport: VIEWPORT, locale: "zh-CN" });
  const staff = await staffContext.newPage();
  watch(staff);
  await logIn(staff, "supplierStaff");
  const reportBefore = await supplierReportTotals(staff);

  // ── A fresh shopper (nobody's shared cart is touched) buys one of the supplier's products.
  const mobile = `137${String(Date.now()).slice(-8)}`;
  await shopper.goto("/signup");
  await shopper.getByLabel("手机号").fill(mobile);
  await shopper.getByLabel("昵称").fill(`售后买家${testInfo.project.name}`);
  await shopper.getByLabel("密码", { exact: true }).fill("Shouhou#2026");
  await shopper.getByLabel("确认密码").fill("Shouhou#2026");
  await shopper.getByRole("checkbox", { name: /我已阅读并同意/ }).check();
  await shopper.getByRole("button", { name: "注册" }).click();
  await expect(shopper).toHaveURL(/\/account/);

  await addToCartFromProductPage(shopper, product.slug, 1);
  await shopper.goto("/checkout");
  await fillCheckout(shopper, mobile);
  await shopper.getByRole("button", { name: "提交订单" }).click();
  await expect(shopper.getByRole("heading", { name: "演示支付" })).toBeVisible();
  await shopper.getByRole("button", { name: "确认支付" }).click();
  await expect(shopper.getByTestId("order-status")).toHaveText("已支付");
  const orderNumber = shopper.url().split("/").pop()!;
  const orderPath = `/orders/${orderNumber}`;
  await expect(shopper.getByTestId("impact-summary")).toContainText(`增收 ${yuan(pool(PRICE_FEN))}`);
  // Not delivered yet: no after-sales link.
  await expect(shopper.getByTestId("apply-aftersales")).toHaveCount(0);

  // ── The staff ship the part with a carrier and a tracking number, then mark it delivered.
  await staff.goto("/supplier/orders?status=paid");
  await follow(staff, orderNumber);
  await expect(staff.getByRole("heading", { level: 1 })).toContainText(orderNumber);
  const partPath = new URL(staff.url()).pathname;
  const tracking = `SH${testInfo.project.name === "mobile" ? "M" : "D"}${js ? "J" : "N"}${Date.now()}`;
  await staff.getByLabel("快递公司").fill("圆通速递");
  await staff.getByLabel("运单号").fill(tracking);
  await staff.getByRole("button", { name: "确认发货" }).click();
  await expect(staff.getByRole("status").filter({ hasText: "已发货" })).toBeVisible();
  await staff.getByRole("button", { name: "标记为已送达" }).click();
  await expect(staff.getByRole("status").filter({ hasText: "已标记送达" })).toBeVisible();
  const reportSold = await supplierReportTotals(staff);
  expect(reportSold.sales - reportBefore.sales).toBe(PRICE_FEN);
  expect(reportSold.attributed - reportBefore.attributed).toBe(pool(PRICE_FEN));

  // ── The shopper's order page: the tracking timeline, then 申请售后 on the line.
  await shopper.goto(orderPath);
  await expect(shopper.getByTestId("order-tracking")).toContainText(tracking);
  const timeline = shopper.getByTestId("part-timeline");
  await expect(timeline).toContainText("已支付");
  await expect(timeline).toContainText(`已发货：圆通速递 ${tracking}`);
  await expect(timeline).toContainText("已送达");
  await expectFits(shopper);
  const applyHref = (await shopper.getByTestId("apply-aftersales").getAttribute("href"))!;
  expect(applyHref).toMatch(/\/aftersales\/new\?line=[0-9a-f-]{36}$/);
  await shopper.goto(applyHref);
  await expect(shopper.getByRole("heading", { level: 1 })).toContainText(product.name);
  await expectFits(shopper);

  const photo = await sharp({
    create: { width: 800, height: 600, channels: 3, background: { r: 150, g: 60, b: 40 } },
  })
    .png()
    .toBuffer();
  await shopper.getByRole("radio", { name: "仅退款" }).check();
  await shopper.getByLabel("原因").selectOption({ label: "破损" });
  await shopper.getByLabel("问题描述").fill("到货时两个苹果磕伤，附照片。");
  await shopper.getByLabel(/申请退款金额/).fill(ASKED);
  await shopper
    .getByLabel(/照片（最多 6 张/)
    .setInputFiles({ name: "bruised.png", mimeType: "image/png", buffer: photo });
  await shopper.getByRole("button", { name: "提交申请" }).click();
  await expect(shopper).toHaveURL(new RegExp(`${orderPath}/aftersales/[0-9a-f-]{36}$`));
  const claimPath = new URL(shopper.url()).pathname;
  await expect(shopper.getByRole("status").filter({ hasText: "售后申请已提交" })).toBeVisible();
  await expect(shopper.getByTestId("claim-status")).toHaveText("待商家处理");
  await expect(shopper.getByTestId("claim-steps")).toContainText("买家 · 提交申请");
  const photoImg = shopper.getByRole("img", { name: "照片 1" });
  await expect(photoImg).toBeVisible();
  const photoResponse = await shopper.request.get((await photoImg.getAttribute("src"))!);
  expect(photoResponse.status()).toBe(200);
  await expectFits(shopper);

  // ── A second claim on the same line while this one is open: refused, with a clear message —
  // on the form page, and when posted anyway.
  const openMessage = "该商品已有处理中的售后申请，请等待处理结果";
  await shopper.goto(applyHref);
  await expect(shopper.getByTestId("claim-error")).toHaveText(openMessage);
  await expect(shopper.getByRole("button", { name: "提交申请" })).toHaveCount(0);
  const second = await shopper.request.post(applyHref, {
    headers: { Origin: new URL(shopper.url()).origin },
    multipart: { kind: "refund_only", reason: "damaged", description: "再申请一次", amount: "1.00" },
  });
  expect(second.status()).toBe(409);
  expect(await second.text()).toContain(openMessage);

  // ── The staff find the claim in /supplier/aftersales and propose a smaller amount.
  await staff.goto("/supplier/aftersales");
  const claimLink = staff.getByTestId("claim-list").getByRole("link", { name: new RegExp(orderNumber) });
  await expect(claimLink).toContainText("待商家处理");
  await expectFits(staff);
  await staff.goto((await claimLink.getAttribute("href"))!);
  await expect(staff.getByTestId("claim-status")).toHaveText("待商家处理");
  await expect(staff.getByRole("img", { name: "照片 1" })).toBeVisible();
  await expectFits(staff);
  await staff.getByLabel(/金额（元）/).fill((PROPOSED_FEN / 100).toFixed(2));
  await staff.getByLabel("说明").fill("磕伤两个，按比例退款");
  await staff.getByRole("button", { name: "提出部分退款" }).click();
  await expect(staff.getByRole("status").filter({ hasText: "已处理" })).toBeVisible();
  await expect(staff.getByTestId("claim-status")).toHaveText("商家提出部分退款");
  await expect(staff.getByTestId("claim-proposed")).toHaveText(yuan(PROPOSED_FEN));

  // ── The shopper accepts — in two tabs at once: one refund, the other tab is told it is decided.
  const otherTab = await shopper.context().newPage();
  watch(otherTab, true);
  await otherTab.goto(claimPath);
  await shopper.goto(claimPath);
  await expect(shopper.getByTestId("claim-proposed")).toHaveText(yuan(PROPOSED_FEN));
  await expectFits(shopper);
  await shopper.getByRole("button", { name: "接受方案" }).click();
  await expect(shopper.getByRole("status").filter({ hasText: "已处理" })).toBeVisible();
  await expect(shopper.getByTestId("claim-status")).toHaveText("已退款");
  await expect(shopper.getByTestId("claim-refunded")).toHaveText(yuan(PROPOSED_FEN));
  await expect(shopper.getByRole("button", { name: "接受方案" })).toHaveCount(0);

  await otherTab.getByRole("button", { name: "接受方案" }).click();
  await expect(otherTab.getByRole("alert")).toHaveText("该申请已被处理");
  await expect(otherTab.getByTestId("claim-status")).toHaveText("已退款");
  await expect(otherTab.getByTestId("claim-refunded")).toHaveText(yuan(PROPOSED_FEN));
  await otherTab.close();

  // ── Paid once: the order shows the refund, and the impact is the pool of what remains.
  await shopper.goto(orderPath);
  expect(fenOf(await shopper.getByTestId("order-refunded").innerText())).toBe(PROPOSED_FEN);
  await expect(shopper.getByTestId("part-timeline")).toContainText(
    `售后：买家接受方案，已退款 · ${yuan(PROPOSED_FEN)}`,
  );
  await expect(shopper.getByTestId("impact-summary")).toContainText(
    `增收 ${yuan(pool(PRICE_FEN - PROPOSED_FEN))}`,
  );
  expect(pool(PRICE_FEN) - pool(PRICE_FEN - PROPOSED_FEN)).toBeGreaterThan(0);

  // The supplier's part page lists exactly one refund of that amount.
  await staff.goto(partPath);
  await expect(staff.getByTestId("refund")).toHaveCount(1);
  await expect(staff.getByTestId("refund")).toContainText(yuan(PROPOSED_FEN));

  // The report falls by the refund and by exactly the reversed share of the pool.
  const reportAfter = await supplierReportTotals(staff);
  expect(reportSold.sales - reportAfter.sales).toBe(PROPOSED_FEN);
  expect(reportSold.attributed - reportAfter.attributed).toBe(
    pool(PRICE_FEN) - pool(PRICE_FEN - PROPOSED_FEN),
  );

  await staffContext.close();
  expect(consoleErrors).toEqual([]);
  expect(refusals).toHaveLength(1);
}

/** Follows a link by its address (a pointer click far down a long list can land elsewhere on a phone). */
async function follow(page: Page, name: string | RegExp) {
  const href = await page.getByRole("link", { name }).first().getAttribute("href");
  await page.goto(href!);
}

/** The page's main content fits the 390 px screen: nothing wider than the viewport. */
async function expectFits(page: Page) {
  const overflow = await page.evaluate(() => {
    const main = document.querySelector("main");
    return main ? main.scrollWidth - main.clientWidth : -1;
  });
  expect(overflow).toBeLessThanOrEqual(0);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(VIEWPORT.width);
}
