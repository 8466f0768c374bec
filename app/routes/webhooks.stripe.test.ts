// The Stripe webhook route, through real Requests signed with the SDK's test-header helper and
// the real SDK pointed at a local fake Stripe.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { handleStripeReturn } from "~/models/ordering/stripe.server";
import {
  orderState,
  placeStripeOrder,
  someVariants,
  stripeEvent,
  useFakeStripe,
  webhookRequest,
} from "../../tests/support/stripe-setup";
import { action } from "./webhooks.stripe";

const { fake } = useFakeStripe();
const post = (request: Request) => action({ request, params: {}, context: {} });

async function salesCount(productId: string) {
  const [row] = await db
    .select({ n: s.products.salesCount })
    .from(s.products)
    .where(eq(s.products.id, productId));
  return row.n;
}

describe("/webhooks/stripe", () => {
  it("10 copies of the same checkout.session.completed → one payment event, order paid once", async () => {
    const [v] = await someVariants(1);
    const placed = await placeStripeOrder(fake(), [{ variantId: v.id, quantity: 2 }]);
    const before = await salesCount(v.productId);
    const event = stripeEvent("checkout.session.completed", fake().markPaid(placed.session.id as string));
    const responses = await Promise.all(Array.from({ length: 10 }, () => post(webhookRequest(event))));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    const state = await orderState(placed.orderId);
    expect(state.order.status).toBe("paid");
    expect(state.payments.map((p) => p.status)).toEqual(["succeeded"]);
    expect(state.payments[0].providerPaymentId).toMatch(/^pi_/);
    expect(state.events).toHaveLength(1);
    expect(await salesCount(v.productId)).toBe(before + 2);
  });

  it("the success redirect and the webhook racing in parallel mark the order paid once", async () => {
    const [v] = await someVariants(1);
    const placed = await placeStripeOrder(fake(), [{ variantId: v.id, quantity: 1 }]);
    const before = await salesCount(v.productId);
    const event = stripeEvent("checkout.session.completed", fake().markPaid(placed.session.id as string));
    const [webhook, returned, again] = await Promise.all([
      post(webhookRequest(event)),
      handleStripeReturn(placed.session.id as string),
      handleStripeReturn(placed.session.id as string),
    ]);
    expect(webhook.status).toBe(200);
    expect(returned).toBe(placed.orderNumber);
    expect(again).toBe(placed.orderNumber);
    const state = await orderState(placed.orderId);
    expect(state.order.status).toBe("paid");
    expect(state.payments.filter((p) => p.status === "succeeded")).toHaveLength(1);
    expect(state.events.map((e) => e.providerEventId).sort()).toEqual(
      [event.id, `return:${placed.session.id}`].sort(),
    );
    expect(await salesCount(v.productId)).toBe(before + 1);
  });

  it("a forged signature, a tampered body and a stale timestamp → 400, nothing changes", async () => {
    const [v] = await someVariants(1);
    const placed = await placeStripeOrder(fake(), [{ variantId: v.id, quantity: 1 }]);
    const event = stripeEvent("checkout.session.completed", fake().markPaid(placed.session.id as string));
    const countEvents = async () =>
      (await db.select({ n: sql<number>`count(*)::int` }).from(s.paymentEvents))[0].n;
    const eventsBefore = await countEvents();
    expect((await post(webhookRequest(event, { secret: "whsec_forged" }))).status).toBe(400);
    expect((await post(webhookRequest(event, { tamper: true }))).status).toBe(400);
    expect(
      (await post(webhookRequest(event, { timestamp: Math.floor(Date.now() / 1000) - 3600 }))).status,
    ).toBe(400);
    const unsigned = new Request("http://localhost/webhooks/stripe", {
      method: "POST",
      body: JSON.stringify(event),
    });
    expect((await post(unsigned)).status).toBe(400);
    const state = await orderState(placed.orderId);
    expect(state.order.status).toBe("pending_payment");
    expect(state.payments[0].status).toBe("pending");
    expect(await countEvents()).toBe(eventsBefore);
  });

  it("an event for an unknown order is acknowledged and recorded, nothing else", async () => {
    const session = {
      id: "cs_test_unknown",
      object: "checkout.session",
      payment_status: "paid",
      status: "complete",
      amount_total: 100,
      currency: "cny",
      metadata: { payment_id: "00000000-0000-4000-8000-000000000000" },
      payment_intent: "pi_unknown",
    };
    const event = stripeEvent("checkout.session.completed", session);
    const paidBefore = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(s.payments)
      .where(eq(s.payments.status, "succeeded"));
    expect((await post(webhookRequest(event))).status).toBe(200);
    expect((await post(webhookRequest(event))).status).toBe(200);
    const recorded = await db
      .select()
      .from(s.paymentEvents)
      .where(eq(s.paymentEvents.providerEventId, event.id));
    expect(recorded).toHaveLength(1);
    expect(recorded[0].orderId).toBeNull();
    const paidAfter = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(s.payments)
      .where(eq(s.payments.status, "succeeded"));
    expect(paidAfter).toEqual(paidBefore);
  });

  it("other event types are acknowledged and ignored", async () => {
    const event = stripeEvent("customer.created", { id: "cus_1", object: "customer" });
    const response = await post(webhookRequest(event));
    expect(response.status).toBe(200);
    expect(
      await db.select().from(s.paymentEvents).where(eq(s.paymentEvents.providerEventId, event.id)),
    ).toHaveLength(0);
  });

  it("out of order: checkout.session.expired after completed does not unpay; failed after paid neither", async () => {
    const [v] = await someVariants(1);
    const placed = await placeStripeOrder(fake(), [{ variantId: v.id, quantity: 1 }]);
    const paid = fake().markPaid(placed.session.id as string);
    expect((await post(webhookRequest(stripeEvent("checkout.session.completed", paid)))).status).toBe(200);
    expect(
      (await post(webhookRequest(stripeEvent("checkout.session.expired", { ...paid, status: "expired" }))))
        .status,
    ).toBe(200);
    expect(
      (await post(webhookRequest(stripeEvent("checkout.session.async_payment_failed", paid)))).status,
    ).toBe(200);
    const state = await orderState(placed.orderId);
    expect(state.order.status).toBe("paid");
    expect(state.payments[0].status).toBe("succeeded");
  });

  it("async methods: completed unpaid waits, async_payment_succeeded pays; async_payment_failed fails; expired expires", async () => {
    const [a, b, c] = await someVariants(3);
    const first = await placeStripeOrder(fake(), [{ variantId: a.id, quantity: 1 }]);
    const unpaid = stripeEvent("checkout.session.completed", { ...first.session, status: "complete" });
    expect((await post(webhookRequest(unpaid))).status).toBe(200);
    expect((await orderState(first.orderId)).order.status).toBe("pending_payment");
    const paid = fake().markPaid(first.session.id as string);
    await post(webhookRequest(stripeEvent("checkout.session.async_payment_succeeded", paid)));
    expect((await orderState(first.orderId)).order.status).toBe("paid");

    const second = await placeStripeOrder(fake(), [{ variantId: b.id, quantity: 1 }]);
    await post(webhookRequest(stripeEvent("checkout.session.async_payment_failed", second.session)));
    expect((await orderState(second.orderId)).payments[0].status).toBe("failed");

    const third = await placeStripeOrder(fake(), [{ variantId: c.id, quantity: 1 }]);
    await post(
      webhookRequest(stripeEvent("checkout.session.expired", fake().markExpired(third.session.id as string))),
    );
    const state = await orderState(third.orderId);
    expect(state.payments[0].status).toBe("expired");
    expect(state.order.status).toBe("pending_payment");
  });
});
