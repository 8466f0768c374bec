// Alipay and WeChat Pay behind the payment port, through the real alipay-sdk and the v3 signing
// against local fakes that speak each wire format: notifications pay once (duplicates in parallel,
// out of order), forged / tampered / foreign / replayed ones change nothing, amounts must match,
// refunds reach the provider once with the refund id, and reconciliation repairs a lost notification.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { resetEnvCache } from "~/lib/env.server";
import { addToCart } from "~/models/ordering/cart.server";
import { placeOrder } from "~/models/ordering/checkout.server";
import { seedDatabase } from "../../../db/seed";
import { shippingAddress } from "../../../tests/support/factories";
import { startFakeAlipay, type FakeAlipay } from "../../../tests/support/fake-alipay";
import {
  paidTransaction,
  startFakeWechatPay,
  type FakeWechatPay,
} from "../../../tests/support/fake-wechatpay";
import { someVariants } from "../../../tests/support/stripe-setup";
import { action as alipayWebhook } from "../../routes/webhooks.alipay";
import { action as wechatWebhook } from "../../routes/webhooks.wechatpay";
import { reconcileAlipayPayments } from "./alipay.server";
import { availableProviders, refundOrderLines, type PayDevice } from "./payments.server";
import { loader as wechatPage } from "../../routes/pay.wechat.$paymentId";
import { getWechatPayment, reconcileWechatPayments } from "./wechatpay.server";

let alipay: FakeAlipay;
let wechat: FakeWechatPay;
const SETTINGS = [
  "ALIPAY_APP_ID",
  "ALIPAY_PRIVATE_KEY",
  "ALIPAY_PUBLIC_KEY",
  "ALIPAY_GATEWAY",
  "ALIPAY_NOTIFY_URL",
  "WECHATPAY_MCH_ID",
  "WECHATPAY_APP_ID",
  "WECHATPAY_SERIAL",
  "WECHATPAY_PRIVATE_KEY",
  "WECHATPAY_APIV3_KEY",
  "WECHATPAY_PLATFORM_PUBLIC_KEY",
  "WECHATPAY_PLATFORM_SERIAL",
  "WECHATPAY_BASE_URL",
  "WECHATPAY_NOTIFY_URL",
];

beforeAll(async () => {
  alipay = await startFakeAlipay();
  wechat = await startFakeWechatPay();
  Object.assign(process.env, {
    ALIPAY_APP_ID: alipay.appId,
    // As merchants often paste it: one line with escaped line breaks.
    ALIPAY_PRIVATE_KEY: alipay.appPrivateKey.replace(/\n/g, "\\n"),
    ALIPAY_PUBLIC_KEY: alipay.alipayPublicKey,
    ALIPAY_GATEWAY: alipay.url,
    ALIPAY_NOTIFY_URL: "http://shop.test/webhooks/alipay",
    WECHATPAY_MCH_ID: wechat.mchId,
    WECHATPAY_APP_ID: wechat.appId,
    WECHATPAY_SERIAL: wechat.serial,
    WECHATPAY_PRIVATE_KEY: wechat.merchantPrivateKey,
    WECHATPAY_APIV3_KEY: wechat.apiV3Key,
    WECHATPAY_PLATFORM_PUBLIC_KEY: wechat.platformPublicKey,
    WECHATPAY_PLATFORM_SERIAL: wechat.platformSerial,
    WECHATPAY_BASE_URL: wechat.url,
    WECHATPAY_NOTIFY_URL: "http://shop.test/webhooks/wechatpay",
  });
  resetEnvCache();
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 50 });
});

afterAll(async () => {
  for (const key of SETTINGS) delete process.env[key];
  resetEnvCache();
  await alipay?.close();
  await wechat?.close();
});

async function place(
  provider: "alipay" | "wechat_pay",
  device: PayDevice = { mobile: false },
  quantity = 1,
  variantIndex = 0,
) {
  const variants = await someVariants(4);
  const added = await addToCart({ owner: {}, variantId: variants[variantIndex].id, quantity });
  if (!added.ok) throw new Error(added.code);
  const result = await placeOrder({
    owner: { cartId: added.cartId },
    shipping: shippingAddress(),
    origin: "http://shop.test",
    purchase: { forOrganisation: false, bankTransfer: false, provider },
    device,
  });
  if (!result.ok) throw new Error(result.code);
  const [payment] = await db.select().from(s.payments).where(eq(s.payments.orderId, result.orderId));
  return { ...result, payment, outTradeNo: payment.providerRef! };
}

async function cartOf(orderId: string): Promise<string> {
  const [order] = await db.select({ cartId: s.orders.cartId }).from(s.orders).where(eq(s.orders.id, orderId));
  return order.cartId!;
}

async function state(orderId: string) {
  const [order] = await db.select().from(s.orders).where(eq(s.orders.id, orderId));
  const payments = await db.select().from(s.payments).where(eq(s.payments.orderId, orderId));
  const events = await db.select().from(s.paymentEvents).where(eq(s.paymentEvents.orderId, orderId));
  const ledger = await db
    .select()
    .from(s.attributionEntries)
    .where(eq(s.attributionEntries.orderId, orderId));
  return { order, payments, events, ledger };
}

const postAlipay = async (body: string) => {
  const response = await alipayWebhook({
    request: new Request("http://localhost/webhooks/alipay", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body,
    }),
    params: {},
    context: {},
  });
  return response.text();
};

const postWechat = async ({ body, headers }: { body: string; headers: Record<string, string> }) => {
  const response = await wechatWebhook({
    request: new Request("http://localhost/webhooks/wechatpay", { method: "POST", headers, body }),
    params: {},
    context: {},
  });
  return { status: response.status, text: await response.text() };
};

it("offers the configured providers beside the default demo provider", () => {
  expect(availableProviders()).toEqual(["demo", "alipay", "wechat_pay"]);
});

describe("Alipay", () => {
  it("opens page pay on desktops and WAP pay on phones, with the amount in yuan and the payment id as trade number", async () => {
    const desktop = await place("alipay", { mobile: false }, 2);
    const link = new URL(desktop.paymentUrl);
    expect(`${link.origin}${link.pathname}`).toBe(alipay.url);
    expect(link.searchParams.get("method")).toBe("alipay.trade.page.pay");
    const biz = JSON.parse(link.searchParams.get("biz_content")!);
    expect(biz.out_trade_no).toBe(desktop.payment.id.replace(/-/g, ""));
    expect(biz.total_amount).toBe(
      `${Math.floor(desktop.payment.amountFen / 100)}.${String(desktop.payment.amountFen % 100).padStart(2, "0")}`,
    );
    expect(alipay.openCashier(desktop.paymentUrl).totalAmount).toBe(biz.total_amount);
    const phone = await place("alipay", { mobile: true });
    expect(new URL(phone.paymentUrl).searchParams.get("method")).toBe("alipay.trade.wap.pay");
    expect((await state(phone.orderId)).order.paymentProvider).toBe("alipay");
  });

  it("10 duplicate verified notifications in parallel pay once; a later TRADE_FINISHED changes nothing", async () => {
    const placed = await place("alipay");
    alipay.openCashier(placed.paymentUrl);
    alipay.markPaid(placed.outTradeNo);
    const body = alipay.notification(placed.outTradeNo);
    const answers = await Promise.all(Array.from({ length: 10 }, () => postAlipay(body)));
    expect(answers).toEqual(Array(10).fill("success"));
    const after = await state(placed.orderId);
    expect(after.order.status).toBe("paid");
    expect(after.payments).toHaveLength(1);
    expect(after.payments[0]).toMatchObject({
      status: "succeeded",
      providerPaymentId: alipay.trades.get(placed.outTradeNo)!.tradeNo,
    });
    expect(after.events.filter((e) => e.type === "payment.succeeded")).toHaveLength(1);
    const ledger = after.ledger.length;
    expect(ledger).toBeGreaterThan(0);
    // Out of order: TRADE_FINISHED (after the refund window) and a TRADE_CLOSED arrive later.
    expect(await postAlipay(alipay.notification(placed.outTradeNo, { trade_status: "TRADE_FINISHED" }))).toBe(
      "success",
    );
    expect(await postAlipay(alipay.notification(placed.outTradeNo, { trade_status: "TRADE_CLOSED" }))).toBe(
      "success",
    );
    const later = await state(placed.orderId);
    expect(later.order.status).toBe("paid");
    expect(later.payments[0].status).toBe("succeeded");
    expect(later.ledger).toHaveLength(ledger);
  });

  it("refuses a forged signature, a tampered body and another app's notification, writing nothing", async () => {
    const placed = await place("alipay");
    alipay.openCashier(placed.paymentUrl);
    alipay.markPaid(placed.outTradeNo);
    const forged = alipay.notification(placed.outTradeNo, {}, alipay.appPrivateKey);
    const tampered = alipay
      .notification(placed.outTradeNo)
      .replace(/trade_status=TRADE_SUCCESS/, "trade_status=TRADE_FINISHED");
    const otherApp = alipay.notification(placed.outTradeNo, { app_id: "2021000000000001" });
    const unsigned = alipay.notification(placed.outTradeNo).replace(/&sign=[^&]*/, "");
    for (const body of [forged, tampered, otherApp, unsigned]) expect(await postAlipay(body)).toBe("fail");
    const after = await state(placed.orderId);
    expect(after.order.status).toBe("pending_payment");
    expect(after.payments[0].status).toBe("pending");
    expect(after.events).toHaveLength(0);
  });

  it("records but does not apply a notification whose amount differs", async () => {
    const placed = await place("alipay");
    alipay.openCashier(placed.paymentUrl);
    alipay.markPaid(placed.outTradeNo);
    expect(await postAlipay(alipay.notification(placed.outTradeNo, { total_amount: "0.01" }))).toBe(
      "success",
    );
    const after = await state(placed.orderId);
    expect(after.order.status).toBe("pending_payment");
    expect(after.events.map((e) => e.type)).toEqual(["payment.amount_mismatch"]);
  });

  it("reconcile pays an order whose notification was lost; the late notification then changes nothing", async () => {
    const placed = await place("alipay");
    alipay.openCashier(placed.paymentUrl);
    alipay.markPaid(placed.outTradeNo);
    const summary = await reconcileAlipayPayments({ olderThanMinutes: 0 });
    expect(summary.errors).toBe(0);
    expect(summary.paid).toBeGreaterThanOrEqual(1);
    expect((await state(placed.orderId)).order.status).toBe("paid");
    expect(await postAlipay(alipay.notification(placed.outTradeNo))).toBe("success");
    const after = await state(placed.orderId);
    expect(after.payments.filter((p) => p.status === "succeeded")).toHaveLength(1);
    expect(alipay.requests.every((r) => r.signatureOk)).toBe(true);
  });

  it("a partial and a full refund reach Alipay once each, out_request_no = refund id, and write the reversals", async () => {
    const placed = await place("alipay", { mobile: false }, 2, 1);
    alipay.openCashier(placed.paymentUrl);
    alipay.markPaid(placed.outTradeNo);
    await postAlipay(alipay.notification(placed.outTradeNo));
    const [line] = await db.select().from(s.orderLines).where(eq(s.orderLines.orderId, placed.orderId));
    const first = await refundOrderLines({
      orderId: placed.orderId,
      lines: [{ orderLineId: line.id, amountFen: 1 }],
      idempotencyKey: `a-${placed.orderId}-1`,
    });
    expect(first).toMatchObject({ ok: true, status: "succeeded", amountFen: 1 });
    const again = await refundOrderLines({
      orderId: placed.orderId,
      lines: [{ orderLineId: line.id, amountFen: 1 }],
      idempotencyKey: `a-${placed.orderId}-1`,
    });
    expect(again).toMatchObject({ ok: true, duplicate: true });
    const rest = await refundOrderLines({
      orderId: placed.orderId,
      lines: [{ orderLineId: line.id, amountFen: line.lineTotalFen - 1 }],
      idempotencyKey: `a-${placed.orderId}-2`,
    });
    expect(rest).toMatchObject({ ok: true, status: "succeeded" });
    const sent = alipay.requests.filter(
      (r) => r.method === "alipay.trade.refund" && r.bizContent.out_trade_no === placed.outTradeNo,
    );
    expect(sent.map((r) => r.bizContent.out_request_no)).toEqual([
      first.ok && first.refundId,
      rest.ok && rest.refundId,
    ]);
    expect(sent[0].bizContent.refund_amount).toBe("0.01");
    const [order] = await db.select().from(s.orders).where(eq(s.orders.id, placed.orderId));
    expect(order.refundedFen).toBe(line.lineTotalFen);
    const reversals = (await state(placed.orderId)).ledger.filter((e) => e.amountFen < 0);
    expect(reversals.length).toBeGreaterThan(0);
  });
});

describe("WeChat Pay", () => {
  it("Native pay on desktops (the QR page) and H5 pay on phones", async () => {
    const desktop = await place("wechat_pay");
    expect(desktop.paymentUrl).toBe(`/pay/wechat/${desktop.payment.id}`);
    const order = wechat.orders.get(desktop.outTradeNo)!;
    expect(order).toMatchObject({ trade_type: "NATIVE", amount: { total: desktop.payment.amountFen } });
    expect(order.body).toMatchObject({
      notify_url: "http://shop.test/webhooks/wechatpay",
      mchid: wechat.mchId,
    });
    const phone = await place("wechat_pay", { mobile: true, clientIp: "203.0.113.9" });
    expect(phone.paymentUrl).toMatch(/^https:\/\/wx\.tenpay\.com\//);
    // WeChat Pay brings the buyer back to the payment's page (redirect_url, URL-encoded).
    expect(new URL(phone.paymentUrl).searchParams.get("redirect_url")).toMatch(
      /\/pay\/wechat\/[0-9a-f-]{36}$/,
    );
    expect(wechat.orders.get(phone.outTradeNo)!.body).toMatchObject({
      scene_info: { payer_client_ip: "203.0.113.9", h5_info: { type: "Wap" } },
    });
    expect(wechat.requests.every((r) => r.authorized)).toBe(true);
  });

  // The checkout form posted again (a double click, or back and submit): the cart is empty by then
  // and the post lands on the pending order's open payment, which must lead to the QR page or back
  // from H5 pay just as the first answer did, never to the raw weixin:// code.
  it("a second checkout post of the same cart leads to the same payment's page, on desktops and phones", async () => {
    for (const device of [{ mobile: false }, { mobile: true, clientIp: "203.0.113.9" }]) {
      const first = await place("wechat_pay", device);
      const orders = wechat.orders.size;
      const again = await placeOrder({
        owner: { cartId: await cartOf(first.orderId) },
        shipping: shippingAddress(),
        origin: "http://shop.test",
        purchase: { forOrganisation: false, bankTransfer: false, provider: "wechat_pay" },
        device,
      });
      expect(again).toMatchObject({ ok: true, orderNumber: first.orderNumber });
      expect(again.ok && again.paymentUrl).toBe(first.paymentUrl);
      expect(wechat.orders.size).toBe(orders); // no second WeChat Pay order
    }
  });

  it("10 duplicate notifications in parallel pay once (204 each)", async () => {
    const placed = await place("wechat_pay");
    wechat.markPaid(placed.outTradeNo);
    const notice = wechat.notification("TRANSACTION.SUCCESS", paidTransaction(wechat, placed.outTradeNo));
    const answers = await Promise.all(Array.from({ length: 10 }, () => postWechat(notice)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(204));
    const after = await state(placed.orderId);
    expect(after.order.status).toBe("paid");
    expect(after.events.filter((e) => e.type === "payment.succeeded")).toHaveLength(1);
    expect(after.payments[0].providerPaymentId).toBe(wechat.orders.get(placed.outTradeNo)!.transaction_id);
  });

  it("refuses forged, tampered, replayed, undecryptable and foreign notifications, writing nothing", async () => {
    const placed = await place("wechat_pay");
    wechat.markPaid(placed.outTradeNo);
    const tx = paidTransaction(wechat, placed.outTradeNo);
    const good = wechat.notification("TRANSACTION.SUCCESS", tx);
    const cases = [
      {
        notice: wechat.notification("TRANSACTION.SUCCESS", tx, { signWith: wechat.merchantPrivateKey }),
        status: 401,
      },
      { notice: { ...good, body: good.body.replace('"event_type"', '"event_type" ') }, status: 401 },
      {
        notice: wechat.notification("TRANSACTION.SUCCESS", tx, {
          timestamp: Math.floor(Date.now() / 1000) - 600,
        }),
        status: 401,
      },
      { notice: wechat.notification("TRANSACTION.SUCCESS", tx, { serial: "PUB_KEY_ID_other" }), status: 401 },
      { notice: wechat.notification("TRANSACTION.SUCCESS", tx, { apiV3Key: "x".repeat(32) }), status: 400 },
      {
        notice: wechat.notification("TRANSACTION.SUCCESS", { ...tx, appid: "wx1111111111111111" }),
        status: 400,
      },
      { notice: wechat.notification("TRANSACTION.SUCCESS", { ...tx, mchid: "1900000999" }), status: 400 },
    ];
    for (const c of cases) {
      const answer = await postWechat(c.notice);
      expect(answer.status).toBe(c.status);
      expect(JSON.parse(answer.text)).toMatchObject({ code: "FAIL" });
    }
    const after = await state(placed.orderId);
    expect(after.order.status).toBe("pending_payment");
    expect(after.events).toHaveLength(0);
  });

  it("records but does not apply a notification whose amount differs", async () => {
    const placed = await place("wechat_pay");
    wechat.markPaid(placed.outTradeNo);
    const tx = paidTransaction(wechat, placed.outTradeNo, {
      amount: { total: 1, payer_total: 1, currency: "CNY" },
    });
    expect((await postWechat(wechat.notification("TRANSACTION.SUCCESS", tx))).status).toBe(204);
    const after = await state(placed.orderId);
    expect(after.order.status).toBe("pending_payment");
    expect(after.events.map((e) => e.type)).toEqual(["payment.amount_mismatch"]);
  });

  it("reconcile pays an order whose notification was lost", async () => {
    const placed = await place("wechat_pay");
    wechat.markPaid(placed.outTradeNo);
    const summary = await reconcileWechatPayments({ olderThanMinutes: 0 });
    expect(summary.errors).toBe(0);
    expect(summary.paid).toBeGreaterThanOrEqual(1);
    expect((await state(placed.orderId)).order.status).toBe("paid");
    const late = wechat.notification("TRANSACTION.SUCCESS", paidTransaction(wechat, placed.outTradeNo));
    expect((await postWechat(late)).status).toBe(204);
    expect((await state(placed.orderId)).payments.filter((p) => p.status === "succeeded")).toHaveLength(1);
  });

  it("refunds reach WeChat Pay once with out_refund_no = refund id; the refund notification settles them once", async () => {
    const placed = await place("wechat_pay", { mobile: false }, 2, 2);
    wechat.markPaid(placed.outTradeNo);
    await postWechat(wechat.notification("TRANSACTION.SUCCESS", paidTransaction(wechat, placed.outTradeNo)));
    const [line] = await db.select().from(s.orderLines).where(eq(s.orderLines.orderId, placed.orderId));
    const key = `w-${placed.orderId}`;
    const first = await refundOrderLines({
      orderId: placed.orderId,
      lines: [{ orderLineId: line.id, amountFen: 100 }],
      idempotencyKey: key,
    });
    expect(first).toMatchObject({ ok: true, status: "pending", amountFen: 100 });
    await refundOrderLines({
      orderId: placed.orderId,
      lines: [{ orderLineId: line.id, amountFen: 100 }],
      idempotencyKey: key,
    });
    const sent = wechat.requests.filter(
      (r) => r.path === "/v3/refund/domestic/refunds" && r.body.out_trade_no === placed.outTradeNo,
    );
    expect(sent).toHaveLength(1);
    const refundId = first.ok ? first.refundId : "";
    expect(sent[0].body).toMatchObject({
      out_refund_no: refundId,
      amount: { refund: 100, total: placed.payment.amountFen, currency: "CNY" },
    });
    const remote = wechat.refunds.get(refundId)!;
    const notice = wechat.notification("REFUND.SUCCESS", {
      mchid: wechat.mchId,
      out_trade_no: placed.outTradeNo,
      transaction_id: remote.transaction_id,
      out_refund_no: refundId,
      refund_id: remote.refund_id,
      refund_status: "SUCCESS",
      amount: {
        total: placed.payment.amountFen,
        refund: 100,
        payer_total: placed.payment.amountFen,
        payer_refund: 100,
      },
    });
    const answers = await Promise.all([postWechat(notice), postWechat(notice), postWechat(notice)]);
    expect(answers.map((a) => a.status)).toEqual([204, 204, 204]);
    const [refund] = await db.select().from(s.refunds).where(eq(s.refunds.id, refundId));
    expect(refund).toMatchObject({ status: "succeeded", providerRefundId: remote.refund_id });
    const events = await db
      .select()
      .from(s.paymentEvents)
      .where(and(eq(s.paymentEvents.orderId, placed.orderId), eq(s.paymentEvents.type, "refund.succeeded")));
    expect(events).toHaveLength(1);
  });

  it("the QR page shows the code to the order's browser only, and paid once paid", async () => {
    const placed = await place("wechat_pay");
    const viewer = { guestOrders: [placed.orderNumber] };
    expect(await getWechatPayment({ paymentId: placed.payment.id, viewer: {} })).toBeNull();
    const stranger = await wechatPage({
      request: new Request(`http://localhost/pay/wechat/${placed.payment.id}`),
      params: { paymentId: placed.payment.id },
      context: {},
    }).catch((response: Response) => response);
    expect((stranger as Response).status).toBe(404);
    const waiting = await getWechatPayment({ paymentId: placed.payment.id, viewer });
    expect(waiting).toMatchObject({
      paymentStatus: "pending",
      codeUrl: expect.stringMatching(/^weixin:\/\//),
    });
    wechat.markPaid(placed.outTradeNo);
    await postWechat(wechat.notification("TRANSACTION.SUCCESS", paidTransaction(wechat, placed.outTradeNo)));
    expect(await getWechatPayment({ paymentId: placed.payment.id, viewer })).toMatchObject({
      paymentStatus: "succeeded",
      orderStatus: "paid",
    });
  });
});
