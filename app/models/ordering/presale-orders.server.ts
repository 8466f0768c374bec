// Pre-sale orders (issue 20, decision 074): checkout takes a pre-sale variant only while the units
// on live orders of that pre-sale plus this line stay within its cap, counted under the pre-sale's
// row lock (catalog/presales.server.ts); each such line keeps the window it was sold under in
// `presale_order_lines` (owned here). When the ship-by date has passed and the part is still not
// shipped, the buyer may cancel the line for a full refund through refundOrderLines, exactly once
// (its idempotency key is the line).
//
// Deposit (定金 + 尾款, decision 114): a line sold under a pre-sale with a deposit is its order's only
// line; the order's first payment is the deposit (orders.deposit_fen), the order stands at
// deposit_paid (待付尾款) until the buyer pays the balance between balance-from and balance-until
// (payPresaleBalance; the same payment port and completePayment), and only then is it paid — the
// sale, 已售 and the ledger on the full amount, once. A balance still unpaid after balance-until is
// lapsed by the sweep (lapseUnpaidBalances): the order is cancelled, its stock and its place under
// the cap are given back, and the deposit is kept (forfeited, not refunded, not attributed). If the
// supplier then misses ships-by, the buyer's cancel refunds everything paid: deposit, balance and
// shipping (decision 115).
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { db, schema as s, type Transaction } from "~/lib/db.server";
import { shanghaiDate } from "~/lib/dates";
import { UUID } from "~/lib/ids";
import type { Caller } from "../access/scope.server";
import { canViewOrder, type OrderViewer } from "./orders.server";
import {
  openPayment,
  orderRecipient,
  refundOrderLines,
  startCheckout,
  type PayDevice,
} from "./payments.server";
import { enqueueNotification } from "../notifications/outbox.server";
import { formatFen } from "~/lib/money";
import { releaseUnpaidOrder } from "./status.server";
import { balanceWindowOf, type TakenPresale } from "./presale-cap.server";

/**
 * The deposit a checkout takes for a pre-sale line: per unit × quantity when the pre-sale has a
 * deposit still below the line's unit price (a price lowered under it since: paid in full); null
 * for full payment.
 */
export function depositOfLine(
  presale: Pick<TakenPresale, "depositFen">,
  { unitPriceFen, quantity }: { unitPriceFen: number; quantity: number },
): number | null {
  if (presale.depositFen == null || presale.depositFen <= 0 || presale.depositFen >= unitPriceFen)
    return null;
  return presale.depositFen * quantity;
}

/** Records the pre-sale each new line of the order was sold under (same transaction as the lines). */
export async function recordPresaleLines(
  tx: Transaction,
  { orderId, presales }: { orderId: string; presales: Map<string, TakenPresale> },
): Promise<void> {
  const lines = await tx
    .select({
      id: s.orderLines.id,
      variantId: s.orderLines.variantId,
      unitPriceFen: s.orderLines.unitPriceFen,
      quantity: s.orderLines.quantity,
    })
    .from(s.orderLines)
    .where(eq(s.orderLines.orderId, orderId));
  const rows = lines.flatMap((l) => {
    const presale = presales.get(l.variantId);
    if (!presale) return [];
    const depositFen = depositOfLine(presale, l);
    return [
      {
        orderLineId: l.id,
        presaleId: presale.presaleId,
        shipsFrom: presale.shipsFrom,
        shipsBy: presale.shipsBy,
        depositFen,
        balanceFrom: depositFen === null ? null : presale.balanceFrom,
        balanceUntil: depositFen === null ? null : presale.balanceUntil,
      },
    ];
  });
  if (rows.length > 0) await tx.insert(s.presaleOrderLines).values(rows);
}

export type PresaleLineInfo = {
  orderLineId: string;
  shipsFrom: string;
  shipsBy: string;
  depositFen: number | null;
  balanceFrom: string | null;
  balanceUntil: string | null;
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
      depositFen: s.presaleOrderLines.depositFen,
      balanceFrom: s.presaleOrderLines.balanceFrom,
      balanceUntil: s.presaleOrderLines.balanceUntil,
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
      depositFen: s.presaleOrderLines.depositFen,
      cancelledAt: s.presaleOrderLines.cancelledAt,
      refundId: s.presaleOrderLines.refundId,
      partStatus: s.orderParts.status,
      partShippingFen: s.orderParts.shippingFen,
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
  const lineFen = line.lineTotalFen - line.refundedFen;
  // A deposit order (its only line) gets back everything paid: deposit, balance and shipping.
  const shippingFen = line.depositFen !== null && lineFen > 0 ? line.partShippingFen : 0;
  const amountFen = lineFen + shippingFen;
  let refundId: string | null = null;
  let duplicate = false;
  if (lineFen > 0) {
    const refund = await refundOrderLines({
      orderId: line.orderId,
      lines: [{ orderLineId, amountFen: lineFen, quantity: line.quantity - line.refundedQuantity }],
      shippingFen,
      reason: "presale_missed_window",
      requestedBy: caller.id,
      idempotencyKey: `presale-cancel:${orderLineId}`,
      now,
    });
    if (!refund.ok) return { ok: false, code: "refund_failed" };
    refundId = refund.refundId;
    duplicate = refund.duplicate;
  }
  await db
    .update(s.presaleOrderLines)
    .set({ cancelledAt: now, refundId })
    .where(and(eq(s.presaleOrderLines.orderLineId, orderLineId), isNull(s.presaleOrderLines.cancelledAt)));
  // The call that made the refund reports its amount, whichever of two racing calls marks the line.
  return { ok: true, refundId, amountFen: duplicate ? 0 : amountFen, duplicate };
}

export type PresaleBalance = {
  depositFen: number;
  balanceFen: number;
  balanceFrom: string;
  balanceUntil: string;
  /** deposit paid and today (Asia/Shanghai) within the window: the 付尾款 button shows. */
  payableNow: boolean;
  /** deposit paid, window not open yet. */
  opensLater: boolean;
  /** The balance was not paid by the close: cancelled, deposit kept. */
  lapsed: boolean;
};

/**
 * A deposit order's balance for its page (amounts computed here): deposit, balance (total −
 * deposit), the window, and whether the buyer may pay it now. Null for any other order.
 */
export async function presaleBalanceOf({
  order,
  now = new Date(),
}: {
  order: {
    status: string;
    cancelReason: string | null;
    totalFen: number;
    depositFen: number | null;
    parts: { lines: { id: string }[] }[];
  };
  now?: Date;
}): Promise<PresaleBalance | null> {
  if (order.depositFen === null) return null;
  const ids = order.parts.flatMap((p) => p.lines.map((l) => l.id)).filter((id) => UUID.test(id));
  if (ids.length === 0) return null;
  const [row] = await db
    .select({ balanceFrom: s.presaleOrderLines.balanceFrom, balanceUntil: s.presaleOrderLines.balanceUntil })
    .from(s.presaleOrderLines)
    .where(
      and(inArray(s.presaleOrderLines.orderLineId, ids), sql`${s.presaleOrderLines.depositFen} is not null`),
    );
  if (!row?.balanceFrom || !row.balanceUntil) return null;
  const today = shanghaiDate(now);
  const due = order.status === "deposit_paid";
  return {
    depositFen: order.depositFen,
    balanceFen: order.totalFen - order.depositFen,
    balanceFrom: row.balanceFrom,
    balanceUntil: row.balanceUntil,
    payableNow: due && row.balanceFrom <= today && today <= row.balanceUntil,
    opensLater: due && today < row.balanceFrom,
    lapsed: order.status === "cancelled" && order.cancelReason === "balance_unpaid",
  };
}

export type PayBalanceResult =
  | { ok: true; paymentId: string; url: string }
  | { ok: false; code: "not_found" | "not_due" | "not_open" | "closed" };

/**
 * The buyer pays a deposit order's balance (尾款): inside the window (Asia/Shanghai dates) and while
 * the order waits for it (deposit_paid), a payment of totalFen − depositFen is opened through the
 * payment port (purpose `balance`; the demo page, Alipay, WeChat Pay or Stripe), or the open one is
 * handed back, so two clicks open one. completePayment marks the order paid when it succeeds.
 * Someone else's order answers like a missing one.
 */
export async function payPresaleBalance({
  orderNumber,
  viewer,
  origin = "http://localhost:3000",
  device,
  now = new Date(),
}: {
  orderNumber: string;
  viewer: OrderViewer;
  origin?: string;
  device?: PayDevice;
  now?: Date;
}): Promise<PayBalanceResult> {
  if (!/^\d{8}-\d{6}$/.test(orderNumber)) return { ok: false, code: "not_found" };
  const opened = await db.transaction(async (tx) => {
    const [order] = await tx
      .select()
      .from(s.orders)
      .where(eq(s.orders.orderNumber, orderNumber))
      .for("update");
    if (!order || !canViewOrder(order, viewer)) return { ok: false as const, code: "not_found" as const };
    // The buyer's own order without a balance waiting (no deposit, not yet or no longer deposit_paid).
    if (order.depositFen === null || order.status !== "deposit_paid")
      return { ok: false as const, code: "not_due" as const };
    const line = await balanceWindowOf(tx, order.id);
    if (!line) return { ok: false as const, code: "not_found" as const };
    const today = shanghaiDate(now);
    if (today < line.balanceFrom) return { ok: false as const, code: "not_open" as const };
    if (today > line.balanceUntil) return { ok: false as const, code: "closed" as const };
    const [open] = await tx
      .select({ id: s.payments.id, url: s.payments.checkoutUrl })
      .from(s.payments)
      .where(
        and(
          eq(s.payments.orderId, order.id),
          eq(s.payments.purpose, "balance"),
          inArray(s.payments.status, ["created", "pending"]),
        ),
      )
      .limit(1);
    if (open) return { ok: true as const, paymentId: open.id, url: open.url };
    const payment = await openPayment(tx, {
      orderId: order.id,
      amountFen: order.totalFen - order.depositFen,
      provider: order.paymentProvider,
      purpose: "balance",
      now,
    });
    return { ok: true as const, paymentId: payment.paymentId, url: payment.url };
  });
  if (!opened.ok) return opened;
  return {
    ok: true,
    paymentId: opened.paymentId,
    url: opened.url ?? (await startCheckout({ paymentId: opened.paymentId, origin, device })),
  };
}

/**
 * The sweep: deposit orders whose balance was not paid by balance-until (Asia/Shanghai) are
 * cancelled (balance_unpaid) through the status machine; their stock is given back, which also
 * frees their place under the cap (the cap counts lines of orders not cancelled); open balance
 * payments expire. The deposit is kept: no refund, and nothing in the ledger (nothing was ever
 * attributed). Idempotent, and safe on many instances (row locks, SKIP LOCKED).
 */
export async function lapseUnpaidBalances({
  now = new Date(),
  limit = 200,
}: { now?: Date; limit?: number } = {}): Promise<number> {
  const today = shanghaiDate(now);
  return db.transaction(async (tx) => {
    const lapsed = await tx
      .select({ id: s.orders.id })
      .from(s.orders)
      .where(
        and(
          eq(s.orders.status, "deposit_paid"),
          sql`exists (select 1 from ${s.presaleOrderLines} pol join ${s.orderLines} ol on ol.id = pol.order_line_id
            where ol.order_id = ${s.orders.id} and pol.deposit_fen is not null and pol.balance_until < ${today}::date)`,
        ),
      )
      .limit(limit)
      .for("update", { skipLocked: true });
    for (const { id } of lapsed) await releaseUnpaidOrder(tx, id, { now, reason: "balance_unpaid" });
    return lapsed.length;
  });
}

/**
 * The sweep that tells each buyer, once, that the balance (尾款) window of their deposit order has
 * opened: deposit_paid orders whose window (Asia/Shanghai dates) contains today and whose line was
 * not announced yet. The line is marked in the same transaction as the message is written (rows
 * locked, SKIP LOCKED), and the outbox key is per order, so two sweeps or processes send one message.
 * An order whose deposit was paid inside the window was told so by the deposit notice (marked then).
 */
export async function announceOpenBalances({
  now = new Date(),
  limit = 200,
}: { now?: Date; limit?: number } = {}): Promise<number> {
  const today = shanghaiDate(now);
  return db.transaction(async (tx) => {
    const due = await tx
      .select({
        order: s.orders,
        orderLineId: s.presaleOrderLines.orderLineId,
        until: s.presaleOrderLines.balanceUntil,
      })
      .from(s.orders)
      .innerJoin(s.orderLines, eq(s.orderLines.orderId, s.orders.id))
      .innerJoin(s.presaleOrderLines, eq(s.presaleOrderLines.orderLineId, s.orderLines.id))
      .where(
        and(
          eq(s.orders.status, "deposit_paid"),
          isNull(s.presaleOrderLines.balanceOpenNotifiedAt),
          sql`${s.presaleOrderLines.depositFen} is not null`,
          sql`${s.presaleOrderLines.balanceFrom} <= ${today}::date`,
          sql`${s.presaleOrderLines.balanceUntil} >= ${today}::date`,
        ),
      )
      .limit(limit)
      .for("update", { of: [s.orders, s.presaleOrderLines], skipLocked: true });
    let announced = 0;
    for (const { order, orderLineId, until } of due) {
      await tx
        .update(s.presaleOrderLines)
        .set({ balanceOpenNotifiedAt: now })
        .where(eq(s.presaleOrderLines.orderLineId, orderLineId));
      announced += await enqueueNotification(tx, {
        event: `order.balance_open:${order.id}`,
        template: "balance_open",
        params: {
          orderNumber: order.orderNumber,
          balance: formatFen(order.totalFen - (order.depositFen ?? 0)),
          balanceUntil: until ?? "",
          link: `/orders/${order.orderNumber}`,
        },
        to: orderRecipient(order),
      });
    }
    return announced;
  });
}
