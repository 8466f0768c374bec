// The payment port: open a payment for an order, turn a provider's result into a payment event,
// and complete it exactly once. The demo provider (演示支付, the embedded default) goes through the
// very same `completePayment` as a real provider's webhook will.
import { and, eq, sql } from "drizzle-orm";
import { db, schema as s, type Transaction } from "~/lib/db.server";

type Provider = (typeof s.paymentProvider.enumValues)[number];

/** Opens a payment attempt for an order; returns where to send the buyer. */
export async function openPayment(tx: Transaction, { orderId, amountFen, provider }: { orderId: string; amountFen: number; provider: Provider }) {
  if (provider !== "demo") throw new Error(`payment provider ${provider} is not available yet`);
  const [payment] = await tx
    .insert(s.payments)
    .values({ orderId, provider, amountFen, status: "pending", providerRef: sql`'demo_' || gen_random_uuid()` })
    .returning({ id: s.payments.id });
  const url = `/pay/demo/${payment.id}`;
  await tx.update(s.payments).set({ checkoutUrl: url }).where(eq(s.payments.id, payment.id));
  return { paymentId: payment.id, url };
}

/** A new demo attempt for an order still waiting for payment (after a failed one). */
export async function retryPayment({ orderNumber }: { orderNumber: string }) {
  return db.transaction(async (tx) => {
    const [order] = await tx.select().from(s.orders).where(eq(s.orders.orderNumber, orderNumber)).for("update");
    if (!order || order.status !== "pending_payment") return null;
    return openPayment(tx, { orderId: order.id, amountFen: order.totalFen, provider: order.paymentProvider });
  });
}

export type PaymentOutcome = "succeeded" | "failed";

export type CompletionResult = {
  orderNumber: string;
  orderStatus: (typeof s.orderStatus.enumValues)[number];
  paymentStatus: (typeof s.paymentStatus.enumValues)[number];
  /** false when this event had been processed before (a duplicate delivery). */
  firstDelivery: boolean;
};

/**
 * The one idempotent completion function: records the provider event once (unique provider event
 * id) and, for a success, marks the order paid in the same transaction. Later issues add the
 * attribution ledger here, inside the same transaction.
 */
export async function completePayment({
  provider,
  providerEventId,
  paymentId,
  outcome,
  payload = {},
  now = new Date(),
}: {
  provider: Provider;
  providerEventId: string;
  paymentId: string;
  outcome: PaymentOutcome;
  payload?: Record<string, unknown>;
  now?: Date;
}): Promise<CompletionResult | null> {
  return db.transaction(async (tx) => {
    // Lock order, then payment: the same order as the expiry sweep, so the two never deadlock.
    const [target] = await tx
      .select({ orderId: s.payments.orderId })
      .from(s.payments)
      .where(and(eq(s.payments.id, paymentId), eq(s.payments.provider, provider)));
    if (!target) return null;
    const [order] = await tx.select().from(s.orders).where(eq(s.orders.id, target.orderId)).for("update");
    const [payment] = await tx.select().from(s.payments).where(eq(s.payments.id, paymentId)).for("update");
    const inserted = await tx
      .insert(s.paymentEvents)
      .values({ provider, providerEventId, type: `payment.${outcome}`, orderId: order.id, paymentId, payload, processedAt: now })
      .onConflictDoNothing()
      .returning({ id: s.paymentEvents.id });
    const current = { orderNumber: order.orderNumber, orderStatus: order.status, paymentStatus: payment.status };
    if (inserted.length === 0) return { ...current, firstDelivery: false };

    if (outcome === "failed") {
      if (payment.status !== "pending") return { ...current, firstDelivery: true };
      await tx.update(s.payments).set({ status: "failed" }).where(eq(s.payments.id, payment.id));
      return { ...current, paymentStatus: "failed" as const, firstDelivery: true };
    }

    if (payment.status === "succeeded") return { ...current, firstDelivery: true };
    await tx.update(s.payments).set({ status: "succeeded", succeededAt: now }).where(eq(s.payments.id, payment.id));
    if (order.status !== "pending_payment") {
      // Money arrived for an order that expired or was cancelled meanwhile: kept on record for
      // reconciliation and refund (payments issue); the order is not revived.
      return { ...current, paymentStatus: "succeeded" as const, firstDelivery: true };
    }
    await markOrderPaid(tx, order.id, now);
    return { ...current, orderStatus: "paid" as const, paymentStatus: "succeeded" as const, firstDelivery: true };
  });
}

async function markOrderPaid(tx: Transaction, orderId: string, now: Date) {
  await tx.update(s.orders).set({ status: "paid", paidAt: now }).where(eq(s.orders.id, orderId));
  await tx.update(s.orderParts).set({ status: "paid" }).where(eq(s.orderParts.orderId, orderId));
  // Popularity for the catalog's "popular" sort.
  await tx.execute(sql`update ${s.products} p set sales_count = p.sales_count + l.qty
    from (select ${s.orderLines.productId} as product_id, sum(${s.orderLines.quantity})::int as qty
          from ${s.orderLines} where ${s.orderLines.orderId} = ${orderId} group by 1) l
    where p.id = l.product_id`);
}

/** What the demo payment page shows; null when the payment is unknown. */
export async function getDemoPayment({ paymentId }: { paymentId: string }) {
  if (!/^[0-9a-f-]{36}$/i.test(paymentId)) return null;
  const [row] = await db
    .select({
      paymentId: s.payments.id,
      paymentStatus: s.payments.status,
      amountFen: s.payments.amountFen,
      orderNumber: s.orders.orderNumber,
      orderStatus: s.orders.status,
      orderUserId: s.orders.userId,
      expiresAt: s.orders.expiresAt,
    })
    .from(s.payments)
    .innerJoin(s.orders, eq(s.orders.id, s.payments.orderId))
    .where(and(eq(s.payments.id, paymentId), eq(s.payments.provider, "demo")));
  return row ? { ...row, expiresAt: row.expiresAt.toISOString() } : null;
}
