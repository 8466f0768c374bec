// Pre-sale orders (issue 20, decision 074): checkout takes a pre-sale variant only while the units
// on live orders of that pre-sale plus this line stay within its cap, counted under the pre-sale's
// row lock (catalog/presales.server.ts); each such line keeps the window it was sold under in
// `presale_order_lines` (owned here). When the ship-by date has passed and the part is still not
// shipped, the buyer may cancel the line for a full refund through refundOrderLines, exactly once
// (its idempotency key is the line).
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { db, schema as s, type Transaction } from "~/lib/db.server";
import { shanghaiDate } from "~/lib/dates";
import { UUID } from "~/lib/ids";
import type { PresaleWindow } from "../catalog/presales.server";
import type { Caller } from "../access/scope.server";
import { refundOrderLines } from "./payments.server";

export type TakenPresale = { presaleId: string; shipsFrom: string; shipsBy: string };

/**
 * Inside checkout's transaction, for a pre-sale locked by lockOpenPresales: "full" when `quantity`
 * more would exceed its cap, else the pre-sale to record on the line (recordPresaleLines).
 */
export async function takePresaleCap(
  tx: Transaction,
  { presale, quantity }: { presale: PresaleWindow; quantity: number },
): Promise<TakenPresale | "full"> {
  const [{ ordered }] = await tx
    .select({
      ordered: sql<number>`coalesce(sum(${s.orderLines.quantity} - ${s.orderLines.refundedQuantity}), 0)::int`,
    })
    .from(s.presaleOrderLines)
    .innerJoin(s.orderLines, eq(s.orderLines.id, s.presaleOrderLines.orderLineId))
    .innerJoin(s.orders, eq(s.orders.id, s.orderLines.orderId))
    .where(and(eq(s.presaleOrderLines.presaleId, presale.presaleId), sql`${s.orders.status} <> 'cancelled'`));
  if (Number(ordered) + quantity > presale.cap) return "full";
  return { presaleId: presale.presaleId, shipsFrom: presale.shipsFrom, shipsBy: presale.shipsBy };
}

/** Records the pre-sale each new line of the order was sold under (same transaction as the lines). */
export async function recordPresaleLines(
  tx: Transaction,
  { orderId, presales }: { orderId: string; presales: Map<string, TakenPresale> },
): Promise<void> {
  const lines = await tx
    .select({ id: s.orderLines.id, variantId: s.orderLines.variantId })
    .from(s.orderLines)
    .where(eq(s.orderLines.orderId, orderId));
  const rows = lines.flatMap((l) => {
    const presale = presales.get(l.variantId);
    return presale ? [{ orderLineId: l.id, ...presale }] : [];
  });
  if (rows.length > 0) await tx.insert(s.presaleOrderLines).values(rows);
}

export type PresaleLineInfo = {
  orderLineId: string;
  shipsFrom: string;
  shipsBy: string;
  cancelledAt: Date | null;
  /** The buyer may cancel it now (ship-by passed, part not shipped, not yet cancelled). */
  cancellable: boolean;
};

/** The pre-sale windows of these order lines (one order's, for its page), keyed by line id. */
export async function presaleLinesOf({
  orderLineIds,
  now = new Date(),
}: {
  orderLineIds: string[];
  now?: Date;
}): Promise<Record<string, PresaleLineInfo>> {
  const ids = orderLineIds.filter((id) => UUID.test(id));
  if (ids.length === 0) return {};
  const rows = await db
    .select({
      orderLineId: s.presaleOrderLines.orderLineId,
      shipsFrom: s.presaleOrderLines.shipsFrom,
      shipsBy: s.presaleOrderLines.shipsBy,
      cancelledAt: s.presaleOrderLines.cancelledAt,
      partStatus: s.orderParts.status,
    })
    .from(s.presaleOrderLines)
    .innerJoin(s.orderLines, eq(s.orderLines.id, s.presaleOrderLines.orderLineId))
    .innerJoin(s.orderParts, eq(s.orderParts.id, s.orderLines.orderPartId))
    .where(inArray(s.presaleOrderLines.orderLineId, ids));
  const today = shanghaiDate(now);
  return Object.fromEntries(
    rows.map(({ partStatus, ...r }) => [
      r.orderLineId,
      { ...r, cancellable: !r.cancelledAt && partStatus === "paid" && today > r.shipsBy },
    ]),
  );
}

export type CancelPresaleResult =
  | { ok: true; refundId: string | null; amountFen: number; duplicate: boolean }
  | { ok: false; code: "not_found" | "not_late" | "already_shipped" | "refund_failed" };

/**
 * The buyer cancels a pre-sale line whose ship-by date (Asia/Shanghai) has passed while its part
 * is still only paid: the rest of the line (amount and units not yet refunded) is refunded in full
 * through refundOrderLines with the key `presale-cancel:<line>`, so two clicks refund once.
 * Another shopper's line answers like a missing one.
 */
export async function cancelLatePresaleLine({
  caller,
  orderLineId,
  now = new Date(),
}: {
  caller: Caller;
  orderLineId: string;
  now?: Date;
}): Promise<CancelPresaleResult> {
  if (!UUID.test(orderLineId)) return { ok: false, code: "not_found" };
  const [line] = await db
    .select({
      orderId: s.orderLines.orderId,
      quantity: s.orderLines.quantity,
      lineTotalFen: s.orderLines.lineTotalFen,
      refundedFen: s.orderLines.refundedFen,
      refundedQuantity: s.orderLines.refundedQuantity,
      shipsBy: s.presaleOrderLines.shipsBy,
      cancelledAt: s.presaleOrderLines.cancelledAt,
      refundId: s.presaleOrderLines.refundId,
      partStatus: s.orderParts.status,
    })
    .from(s.presaleOrderLines)
    .innerJoin(s.orderLines, eq(s.orderLines.id, s.presaleOrderLines.orderLineId))
    .innerJoin(s.orderParts, eq(s.orderParts.id, s.orderLines.orderPartId))
    .innerJoin(s.orders, eq(s.orders.id, s.orderLines.orderId))
    .where(and(eq(s.presaleOrderLines.orderLineId, orderLineId), eq(s.orders.userId, caller.id)));
  if (!line) return { ok: false, code: "not_found" };
  if (line.cancelledAt) return { ok: true, refundId: line.refundId, amountFen: 0, duplicate: true };
  if (shanghaiDate(now) <= line.shipsBy) return { ok: false, code: "not_late" };
  if (line.partStatus !== "paid") return { ok: false, code: "already_shipped" };
  const amountFen = line.lineTotalFen - line.refundedFen;
  let refundId: string | null = null;
  let duplicate = false;
  if (amountFen > 0) {
    const refund = await refundOrderLines({
      orderId: line.orderId,
      lines: [{ orderLineId, amountFen, quantity: line.quantity - line.refundedQuantity }],
      reason: "presale_missed_window",
      requestedBy: caller.id,
      idempotencyKey: `presale-cancel:${orderLineId}`,
      now,
    });
    if (!refund.ok) return { ok: false, code: "refund_failed" };
    refundId = refund.refundId;
    duplicate = refund.duplicate;
  }
  const marked = await db
    .update(s.presaleOrderLines)
    .set({ cancelledAt: now, refundId })
    .where(and(eq(s.presaleOrderLines.orderLineId, orderLineId), isNull(s.presaleOrderLines.cancelledAt)))
    .returning({ id: s.presaleOrderLines.orderLineId });
  return { ok: true, refundId, amountFen: duplicate || marked.length === 0 ? 0 : amountFen, duplicate };
}
