// What the payment port needs to know of pre-sale lines, apart from presale-orders.server.ts (which
// needs the payment port itself):
// - the cap (decision 074): the units on live (not cancelled) orders of a pre-sale, net of refunded
//   units, never exceed its cap. They are counted under the pre-sale's row lock, by checkout
//   (takePresaleCap) and by a full payment that arrives after its order was released and would take
//   its place again (retakePresaleCaps, called by completePayment);
// - the balance window of a deposit order (balanceWindowOf), for its page, its payment and its notices.
import { and, eq, sql } from "drizzle-orm";
import { schema as s, type Executor, type Transaction } from "~/lib/db.server";
import { lockPresalesById, type PresaleWindow } from "../catalog/presales.server";

export type TakenPresale = {
  presaleId: string;
  shipsFrom: string;
  shipsBy: string;
  /** Per unit; null: paid in full. */
  depositFen: number | null;
  balanceFrom: string | null;
  balanceUntil: string | null;
};

/**
 * For a pre-sale locked by lockOpenPresales (checkout) or lockPresalesById (a late payment): "full"
 * when `quantity` more would exceed its cap, else the pre-sale to record on the line (recordPresaleLines).
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
  return {
    presaleId: presale.presaleId,
    shipsFrom: presale.shipsFrom,
    shipsBy: presale.shipsBy,
    depositFen: presale.depositFen,
    balanceFrom: presale.balanceFrom,
    balanceUntil: presale.balanceUntil,
  };
}

/**
 * Inside the transaction of a late payment, with the (cancelled) order locked: true when every
 * pre-sale its lines were sold under still has room for them (their pre-sales locked, so a
 * concurrent checkout waits), false when one is full — the payment must then be refunded.
 * An order without pre-sale lines: true.
 */
export async function retakePresaleCaps(tx: Transaction, orderId: string): Promise<boolean> {
  const needs = await tx
    .select({
      presaleId: s.presaleOrderLines.presaleId,
      quantity: sql<number>`sum(${s.orderLines.quantity} - ${s.orderLines.refundedQuantity})::int`,
    })
    .from(s.presaleOrderLines)
    .innerJoin(s.orderLines, eq(s.orderLines.id, s.presaleOrderLines.orderLineId))
    .where(eq(s.orderLines.orderId, orderId))
    .groupBy(s.presaleOrderLines.presaleId);
  const windows = await lockPresalesById(
    tx,
    needs.map((n) => n.presaleId),
  );
  for (const { presaleId, quantity } of needs) {
    const presale = windows.get(presaleId);
    if (!presale || (await takePresaleCap(tx, { presale, quantity: Number(quantity) })) === "full")
      return false;
  }
  return true;
}

export type BalanceWindow = { orderLineId: string; balanceFrom: string; balanceUntil: string };

/** The balance (尾款) window a deposit order was sold under (its one deposit line), or null. */
export async function balanceWindowOf(ex: Executor, orderId: string): Promise<BalanceWindow | null> {
  const [line] = await ex
    .select({
      orderLineId: s.presaleOrderLines.orderLineId,
      balanceFrom: s.presaleOrderLines.balanceFrom,
      balanceUntil: s.presaleOrderLines.balanceUntil,
    })
    .from(s.presaleOrderLines)
    .innerJoin(s.orderLines, eq(s.orderLines.id, s.presaleOrderLines.orderLineId))
    .where(and(eq(s.orderLines.orderId, orderId), sql`${s.presaleOrderLines.depositFen} is not null`));
  if (!line?.balanceFrom || !line.balanceUntil) return null;
  return { orderLineId: line.orderLineId, balanceFrom: line.balanceFrom, balanceUntil: line.balanceUntil };
}
