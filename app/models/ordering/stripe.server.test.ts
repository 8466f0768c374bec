// The Stripe provider behind the payment port, through the real SDK and a local fake Stripe:
// session contents, the expiry rule, refunds per line and reconciliation.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import {
  orderState,
  placeStripeOrder,
  someVariants,
  stripeEvent,
  useFakeStripe,
  webhookRequest,
} from "../../../tests/support/stripe-setup";
import { action as webhook } from "../../routes/webhooks.stripe";
import { releaseExpiredOrders } from "./checkout.server";
import { refundOrderLines, startCheckout } from "./payments.server";
import { handleStripeReturn, reconcileStripePayments } from "./stripe.server";

const { fake } = useFakeStripe();
const post = (request: Request) => webhook({ request, params: {}, context: {} });

async function stockOf(variantId: string) {
  const [row] = await db
    .select({ stock: s.productVariants.stock })
    .from(s.productVariants)
    .where(eq(s.productVariants.id, variantId));
  return row.stock;
}

async function paidOrder(lines: { variantId: string; quantity: number }[]) {
  const placed = await placeStripeOrder(fake(), lines);
  fake().markPaid(placed.session.id as string);
  expect(await handleStripeReturn(placed.session.id as string)).toBe(placed.orderNumber);
  const orderLines = await db
    .select()
    .from(s.orderLines)
    .where(eq(s.orderLines.orderId, placed.orderId))
    .orderBy(s.orderLines.id);
  return { ...placed, lines: orderLines };
}

describe("Stripe Checkout Session", () => {
  it("opens one session per payment: CNY lines from the snapshots plus shipping, order reference, URLs, idempotency key", async () => {
    const [a, b] = await someVariants(2);
    const placed = await placeStripeOrder(fake(), [
      { variantId: a.id, quantity: 2 },
      { variantId: b.id, quantity: 1 },
    ]);
    expect(placed.paymentUrl).toBe(placed.session.url);
    const [order] = await db.select().from(s.orders).where(eq(s.orders.id, placed.orderId));
    expect(order.paymentProvider).toBe("stripe");
    const session = placed.session;
    expect(session.client_reference_id).toBe(placed.orderId);
    expect(session.metadata).toMatchObject({ payment_id: placed.payment.id });
    expect(session.amount_total).toBe(order.totalFen);
    expect(session.currency).toBe("cny");
    expect(session.success_url).toBe("http://shop.test/pay/stripe/return?session_id={CHECKOUT_SESSION_ID}");
    expect(session.cancel_url).toBe(`http://shop.test/orders/${placed.orderNumber}`);
    expect(session.payment_method_types).toEqual(["card"]);
    const lines = session.line_items_sent as {
      quantity: string;
      price_data: { currency: string; unit_amount: string };
    }[];
    expect(lines).toHaveLength(order.shippingFen > 0 ? 3 : 2);
    const request = fake().requests.find(
      (r) => r.path === "/v1/checkout/sessions" && r.body.client_reference_id === placed.orderId,
    )!;
    expect(request.idempotencyKey).toBe(placed.payment.id);
    expect(placed.payment.status).toBe("pending");

    // Calling again (e.g. a retry after a lost answer) returns the same session.
    await db.update(s.payments).set({ checkoutUrl: null }).where(eq(s.payments.id, placed.payment.id));
    expect(await startCheckout({ paymentId: placed.payment.id, origin: "http://shop.test" })).toBe(
      session.url,
    );
    expect(fake().sessions.size).toBeGreaterThan(0);
    expect(
      [...fake().sessions.values()].filter((x) => x.client_reference_id === placed.orderId),
    ).toHaveLength(1);
  });
});

describe("expiry rule: a payment succeeding for an expired order", () => {
  it("restores and pays the order when the stock is still there", async () => {
    const [v] = await someVariants(1);
    const placed = await placeStripeOrder(fake(), [{ variantId: v.id, quantity: 2 }]);
    expect(await releaseExpiredOrders({ now: new Date(Date.now() + 24 * 3600_000) })).toBeGreaterThanOrEqual(
      1,
    );
    const stockReleased = await stockOf(v.id);
    const paid = fake().markPaid(placed.session.id as string);
    expect((await post(webhookRequest(stripeEvent("checkout.session.completed", paid)))).status).toBe(200);
    const state = await orderState(placed.orderId);
    expect(state.order.status).toBe("paid");
    expect(state.order.cancelReason).toBeNull();
    expect(state.payments[0].status).toBe("succeeded");
    expect(await stockOf(v.id)).toBe(stockReleased - 2);
  });

  it("keeps the order cancelled and refunds in full when the stock is gone", async () => {
    const [v] = await someVariants(1);
    const placed = await placeStripeOrder(fake(), [{ variantId: v.id, quantity: 2 }]);
    await releaseExpiredOrders({ now: new Date(Date.now() + 24 * 3600_000) });
    const stock = await stockOf(v.id);
    await db.update(s.productVariants).set({ stock: 1 }).where(eq(s.productVariants.id, v.id));
    try {
      const paid = fake().markPaid(placed.session.id as string);
      expect((await post(webhookRequest(stripeEvent("checkout.session.completed", paid)))).status).toBe(200);
      const state = await orderState(placed.orderId);
      expect(state.order.status).toBe("cancelled");
      expect(state.payments[0].status).toBe("succeeded");
      const refunds = await db.select().from(s.refunds).where(eq(s.refunds.orderId, placed.orderId));
      expect(refunds).toHaveLength(1);
      expect(refunds[0]).toMatchObject({
        amountFen: state.order.totalFen,
        status: "succeeded",
        idempotencyKey: `auto:${placed.payment.id}`,
      });
      const sent = [...fake().refunds.values()].filter((r) => r.payment_intent === paid.payment_intent);
      expect(sent).toHaveLength(1);
      expect(await stockOf(v.id)).toBe(1);
    } finally {
      await db.update(s.productVariants).set({ stock }).where(eq(s.productVariants.id, v.id));
    }
  });
});

describe("refunds per line", () => {
  it("partial then full; beyond what was paid is refused; charge.refunded after the API answer records nothing twice", async () => {
    const [a, b] = await someVariants(2);
    const order = await paidOrder([
      { variantId: a.id, quantity: 2 },
      { variantId: b.id, quantity: 1 },
    ]);
    const l1 = order.lines.find((l) => l.variantId === a.id)!;
    const l2 = order.lines.find((l) => l.variantId === b.id)!;
    const partial = await refundOrderLines({
      orderId: order.orderId,
      lines: [{ orderLineId: l1.id, amountFen: 100 }],
      reason: "破损",
      idempotencyKey: "rf-1",
    });
    expect(partial).toMatchObject({ ok: true, amountFen: 100, status: "succeeded", duplicate: false });
    // The same idempotency key again: the same refund, nothing new at Stripe or here.
    expect(
      await refundOrderLines({
        orderId: order.orderId,
        lines: [{ orderLineId: l1.id, amountFen: 100 }],
        idempotencyKey: "rf-1",
      }),
    ).toMatchObject({ ok: true, duplicate: true });
    expect(
      await refundOrderLines({
        orderId: order.orderId,
        lines: [{ orderLineId: l1.id, amountFen: l1.lineTotalFen }],
      }),
    ).toEqual({ ok: false, code: "beyond_paid" });
    const full = await refundOrderLines({
      orderId: order.orderId,
      lines: [
        { orderLineId: l1.id, amountFen: l1.lineTotalFen - 100, quantity: 2 },
        { orderLineId: l2.id, amountFen: l2.lineTotalFen, quantity: 1 },
      ],
    });
    expect(full).toMatchObject({ ok: true, amountFen: l1.lineTotalFen - 100 + l2.lineTotalFen });
    expect(
      await refundOrderLines({ orderId: order.orderId, lines: [{ orderLineId: l2.id, amountFen: 1 }] }),
    ).toEqual({ ok: false, code: "beyond_paid" });

    const lines = await db
      .select()
      .from(s.orderLines)
      .where(eq(s.orderLines.orderId, order.orderId))
      .orderBy(s.orderLines.id);
    expect(lines.map((l) => l.refundedFen - l.lineTotalFen)).toEqual([0, 0]);
    const state = await orderState(order.orderId);
    expect(state.order.refundedFen).toBe(l1.lineTotalFen + l2.lineTotalFen);
    const refunds = await db.select().from(s.refunds).where(eq(s.refunds.orderId, order.orderId));
    expect(refunds).toHaveLength(2);
    const sent = [...fake().refunds.values()].filter(
      (r) => r.payment_intent === state.payments[0].providerPaymentId,
    );
    expect(sent.map((r) => r.amount).sort()).toEqual([100, l1.lineTotalFen - 100 + l2.lineTotalFen].sort());
    expect(
      fake().requests.filter((r) => r.path === "/v1/refunds" && r.idempotencyKey === "rf-1"),
    ).toHaveLength(1);

    // Stripe's charge.refunded after the API answers: recorded once, no new refund rows.
    const charge = {
      id: "ch_1",
      object: "charge",
      payment_intent: state.payments[0].providerPaymentId,
      amount_refunded: 0,
      refunds: { object: "list", data: sent },
    };
    const event = stripeEvent("charge.refunded", charge);
    for (let i = 0; i < 3; i++) expect((await post(webhookRequest(event))).status).toBe(200);
    expect(await db.select().from(s.refunds).where(eq(s.refunds.orderId, order.orderId))).toHaveLength(2);
    expect(
      await db.select().from(s.paymentEvents).where(eq(s.paymentEvents.providerEventId, event.id)),
    ).toHaveLength(1);
  });

  it("charge.refunded arriving before the API answers (refund transaction still open) is recorded once", async () => {
    const [a] = await someVariants(1);
    const order = await paidOrder([{ variantId: a.id, quantity: 1 }]);
    const line = order.lines[0];
    const state = await orderState(order.orderId);
    let early: Promise<Response> | undefined;
    // Stripe sends the webhook as soon as the refund exists: here, before our refund call returns.
    fake().beforeNextRefundAnswer((refund) => {
      const charge = {
        id: "ch_early",
        object: "charge",
        payment_intent: state.payments[0].providerPaymentId,
        amount_refunded: refund.amount,
        refunds: { object: "list", data: [refund] },
      };
      early = post(webhookRequest(stripeEvent("charge.refunded", charge)));
    });
    const result = await refundOrderLines({
      orderId: order.orderId,
      lines: [{ orderLineId: line.id, amountFen: 100 }],
    });
    expect(result).toMatchObject({ ok: true, amountFen: 100, status: "succeeded" });
    expect(early).toBeDefined();
    expect((await early!).status).toBe(200);
    const refunds = await db.select().from(s.refunds).where(eq(s.refunds.orderId, order.orderId));
    expect(refunds).toHaveLength(1);
    const [after] = await db.select().from(s.orderLines).where(eq(s.orderLines.id, line.id));
    expect(after.refundedFen).toBe(100);
    expect((await orderState(order.orderId)).order.refundedFen).toBe(100);
  });

  it("a refund Stripe refuses is not recorded", async () => {
    const [a] = await someVariants(1);
    const order = await paidOrder([{ variantId: a.id, quantity: 1 }]);
    fake().failNextRefund();
    await expect(
      refundOrderLines({
        orderId: order.orderId,
        lines: [{ orderLineId: order.lines[0].id, amountFen: 50 }],
      }),
    ).rejects.toThrow();
    const [line] = await db.select().from(s.orderLines).where(eq(s.orderLines.id, order.lines[0].id));
    expect(line.refundedFen).toBe(0);
    expect(await db.select().from(s.refunds).where(eq(s.refunds.orderId, order.orderId))).toHaveLength(0);
  });

  it("parallel refunds of one line never exceed the line", async () => {
    const [a] = await someVariants(1);
    const order = await paidOrder([{ variantId: a.id, quantity: 1 }]);
    const line = order.lines[0];
    const share = Math.ceil(line.lineTotalFen / 3);
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        refundOrderLines({ orderId: order.orderId, lines: [{ orderLineId: line.id, amountFen: share }] }),
      ),
    );
    const ok = results.filter((r) => r.ok);
    expect(ok.length).toBe(Math.floor(line.lineTotalFen / share));
    const [after] = await db.select().from(s.orderLines).where(eq(s.orderLines.id, line.id));
    expect(after.refundedFen).toBe(ok.length * share);
    expect(after.refundedFen).toBeLessThanOrEqual(line.lineTotalFen);
  });

  it("refuses an unpaid order and a line of another order", async () => {
    const [a, b] = await someVariants(2);
    const unpaid = await placeStripeOrder(fake(), [{ variantId: a.id, quantity: 1 }]);
    const other = await paidOrder([{ variantId: b.id, quantity: 1 }]);
    const [unpaidLine] = await db.select().from(s.orderLines).where(eq(s.orderLines.orderId, unpaid.orderId));
    expect(
      await refundOrderLines({
        orderId: unpaid.orderId,
        lines: [{ orderLineId: unpaidLine.id, amountFen: 1 }],
      }),
    ).toEqual({ ok: false, code: "not_paid" });
    expect(
      await refundOrderLines({
        orderId: other.orderId,
        lines: [{ orderLineId: unpaidLine.id, amountFen: 1 }],
      }),
    ).toEqual({ ok: false, code: "line_not_in_order" });
  });
});

describe("reconciliation", () => {
  it("recovers a payment whose webhook never arrived, once", async () => {
    const [a, b] = await someVariants(2);
    const paid = await placeStripeOrder(fake(), [{ variantId: a.id, quantity: 1 }]);
    const unpaid = await placeStripeOrder(fake(), [{ variantId: b.id, quantity: 1 }]);
    fake().markPaid(paid.session.id as string);
    const later = new Date(Date.now() + 20 * 60_000);
    const first = await reconcileStripePayments({ olderThanMinutes: 15, now: later });
    expect(first.paid).toBeGreaterThanOrEqual(1);
    expect((await orderState(paid.orderId)).order.status).toBe("paid");
    expect((await orderState(unpaid.orderId)).order.status).toBe("pending_payment");
    const second = await reconcileStripePayments({ olderThanMinutes: 15, now: later });
    expect(second.paid).toBe(0);
  });
});
