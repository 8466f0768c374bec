// The one status machine of orders and their per-supplier parts (DESIGN.md §3 "Orders"). Every
// write of `orders.status` or `order_parts.status` goes through here; the models decide WHEN a
// step is allowed for their caller (scope, shipment, 832 completion steps), this file decides
// WHICH moves exist and how the order follows its parts. Callers run inside their transaction,
// with the order locked.
//
// Parts:  pending_payment → paid → shipped → delivered → completed (shipped → completed on
//         the shopper's confirmation); pending_payment → cancelled;
//         cancelled → paid (a late payment that could take the stock again);
//         a pre-sale with a deposit (decision 114): pending_payment → deposit_paid (定金 paid,
//         待付尾款) → paid (尾款 paid) | cancelled (尾款 not paid by the close).
// Orders: pending_payment → paid | deposit_paid | cancelled; deposit_paid → paid | cancelled;
//         cancelled → pending_payment (that late payment);
//         from paid on the order follows its parts (followParts) up to completed.
import { and, eq, inArray, isNotNull, ne, sql } from "drizzle-orm";
import { schema as s, type Transaction } from "~/lib/db.server";

export type OrderStatus = (typeof s.orderStatus.enumValues)[number];
export type PartStatus = (typeof s.orderPartStatus.enumValues)[number];

/** The one transition table: to → the statuses it may be reached from. */
const PART_FROM: Record<PartStatus, readonly PartStatus[]> = {
  pending_payment: [],
  deposit_paid: ["pending_payment"],
  paid: ["pending_payment", "cancelled", "deposit_paid"],
  shipped: ["paid"],
  // Shipped → delivered by the supplier; an institution's acceptance repeats it harmlessly.
  delivered: ["shipped", "delivered"],
  // The shopper's 确认收货 (or the auto-confirm sweep) may also complete a part still shipped.
  completed: ["shipped", "delivered", "completed"],
  cancelled: ["pending_payment", "deposit_paid"],
};
const ORDER_FROM: Record<OrderStatus, readonly OrderStatus[]> = {
  pending_payment: ["cancelled"],
  deposit_paid: ["pending_payment"],
  paid: ["pending_payment", "deposit_paid"],
  shipped: ["paid"],
  delivered: ["paid", "shipped"],
  completed: ["paid", "shipped", "delivered"],
  cancelled: ["pending_payment", "deposit_paid"],
};

/** How far a part of a paid order has come; the order stands at its least advanced live part. */
const RANK: Record<string, number> = { paid: 1, shipped: 2, delivered: 3, completed: 4 };

export function canMovePart(from: PartStatus, to: PartStatus): boolean {
  return PART_FROM[to].includes(from);
}

type OrderExtra = Partial<
  Pick<typeof s.orders.$inferInsert, "paidAt" | "cancelledAt" | "cancelReason" | "completedAt">
>;
type PartExtra = Partial<Pick<typeof s.orderParts.$inferInsert, "acceptedAt">>;

async function setOrder(tx: Transaction, orderId: string, to: OrderStatus, extra: OrderExtra = {}) {
  await tx
    .update(s.orders)
    .set({ status: to, ...extra })
    .where(and(eq(s.orders.id, orderId), inArray(s.orders.status, [...ORDER_FROM[to]])));
}

async function setParts(tx: Transaction, orderId: string, to: PartStatus) {
  await tx
    .update(s.orderParts)
    .set({ status: to })
    .where(and(eq(s.orderParts.orderId, orderId), inArray(s.orderParts.status, [...PART_FROM[to]])));
}

/** A pre-sale's deposit (定金) was paid: the pending order and its parts wait for the balance (待付尾款). */
export async function payDeposit(tx: Transaction, orderId: string) {
  await setOrder(tx, orderId, "deposit_paid");
  await setParts(tx, orderId, "deposit_paid");
}

/** A payment succeeded (the whole order, or a deposit order's balance): the order and all its parts become paid. */
export async function payOrder(tx: Transaction, orderId: string, now: Date) {
  await setOrder(tx, orderId, "paid", { paidAt: now });
  await setParts(tx, orderId, "paid");
}

/**
 * An unpaid order is cancelled (e.g. payment_timeout), with all its parts; so is a deposit order
 * whose balance was not paid by the close (balance_unpaid).
 */
export async function cancelUnpaidOrder(
  tx: Transaction,
  orderId: string,
  { now, reason }: { now: Date; reason: string },
) {
  await setOrder(tx, orderId, "cancelled", { cancelledAt: now, cancelReason: reason });
  await setParts(tx, orderId, "cancelled");
}

/** A payment arrived after the timeout and the stock could be taken again: pending once more. */
export async function reopenCancelledOrder(tx: Transaction, orderId: string) {
  await setOrder(tx, orderId, "pending_payment", { cancelledAt: null, cancelReason: null });
}

/**
 * Moves one part (the caller checked its own preconditions) and lets the order follow.
 * Returns false when the table does not allow the move from the part's current status.
 */
export async function movePart(
  tx: Transaction,
  {
    orderId,
    partId,
    to,
    extra = {},
    now = new Date(),
  }: { orderId: string; partId: string; to: PartStatus; extra?: PartExtra; now?: Date },
): Promise<boolean> {
  const moved = await tx
    .update(s.orderParts)
    .set({ status: to, ...extra })
    .where(
      and(
        eq(s.orderParts.id, partId),
        eq(s.orderParts.orderId, orderId),
        inArray(s.orderParts.status, [...PART_FROM[to]]),
      ),
    )
    .returning({ id: s.orderParts.id });
  if (moved.length === 0) return false;
  await followParts(tx, orderId, now);
  return true;
}

/**
 * The 832 rule for institutional orders: a part is complete once accepted, its invoice confirmed
 * and rated. Completes every such part of the order, then lets the order follow.
 */
export async function completeFinishedParts(tx: Transaction, orderId: string, now: Date) {
  await tx
    .update(s.orderParts)
    .set({ status: "completed" })
    .where(
      and(
        eq(s.orderParts.orderId, orderId),
        isNotNull(s.orderParts.acceptedAt),
        isNotNull(s.orderParts.invoiceConfirmedAt),
        isNotNull(s.orderParts.ratedAt),
        inArray(s.orderParts.status, [...PART_FROM.completed]),
      ),
    );
  await followParts(tx, orderId, now);
}

/**
 * The order follows its parts (the one copy of this rule). Only an order between paid and
 * delivered moves. When every part is completed (or cancelled) the order is completed; otherwise
 * it stands at the least advanced part that still has something to deliver (a part whose lines
 * are all refunded no longer holds it back), at most delivered.
 */
export async function followParts(tx: Transaction, orderId: string, now: Date) {
  const [order] = await tx.select({ status: s.orders.status }).from(s.orders).where(eq(s.orders.id, orderId));
  if (!order || !(order.status in RANK) || order.status === "completed") return;
  const parts = await tx
    .select({
      status: s.orderParts.status,
      remaining: sql<number>`(select coalesce(sum(ol.line_total_fen - ol.refunded_fen), 0)::int from order_lines ol where ol.order_part_id = "order_parts"."id")`,
    })
    .from(s.orderParts)
    .where(and(eq(s.orderParts.orderId, orderId), ne(s.orderParts.status, "cancelled")));
  if (parts.length > 0 && parts.every((p) => p.status === "completed")) {
    await setOrder(tx, orderId, "completed", { completedAt: now });
    return;
  }
  const live = parts.filter((p) => Number(p.remaining) > 0 && p.status in RANK);
  if (live.length === 0) return;
  const least = live.reduce((a, p) => Math.min(a, RANK[p.status]), 4);
  const next = (["paid", "shipped", "delivered"] as const)[Math.min(least, 3) - 1];
  if (next !== order.status) await setOrder(tx, orderId, next);
}

/**
 * An order that will never be paid (its payment timed out, or a pre-sale's balance lapsed): cancelled,
 * its open payments expired, and its stock given back (which also frees its place under a pre-sale cap).
 */
export async function releaseUnpaidOrder(
  tx: Transaction,
  orderId: string,
  { now, reason }: { now: Date; reason: "payment_timeout" | "balance_unpaid" },
) {
  await cancelUnpaidOrder(tx, orderId, { now, reason });
  await tx
    .update(s.payments)
    .set({ status: "expired" })
    .where(and(eq(s.payments.orderId, orderId), inArray(s.payments.status, ["created", "pending"])));
  await tx.execute(sql`update ${s.productVariants} v set stock = v.stock + l.qty
    from (select ${s.orderLines.variantId} as variant_id, sum(${s.orderLines.quantity})::int as qty
          from ${s.orderLines} where ${s.orderLines.orderId} = ${orderId} group by 1) l
    where v.id = l.variant_id`);
}
