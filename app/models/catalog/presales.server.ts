// Pre-sale (预售, issue 20): a supplier offers a variant before harvest with a cap and a
// ships-from/ships-by window; the buyer pays in full at checkout, or — when the supplier sets a
// deposit (定金, per unit, 0 < deposit < price) — pays the deposit at checkout and the balance (尾款)
// between balance-from and balance-until (Asia/Shanghai dates, the last no later than ships-by;
// decision 114). This file owns `variant_presales`; checkout counts the cap under this row's lock
// (ordering/presale-orders.server.ts, decision 074). One open pre-sale per variant; ending it keeps
// the row (its orders refer to it).
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { db, schema as s, type Executor, type Transaction } from "~/lib/db.server";
import { shanghaiDate } from "~/lib/dates";
import { UUID } from "~/lib/ids";
import { supplierIdOf, type Caller } from "../access/scope.server";

export const MAX_PRESALE_CAP = 1_000_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export type PresaleInput = {
  variantId: string;
  cap: number;
  shipsFrom: string;
  shipsBy: string;
  /** Per unit, in fen; null: full payment. With it, the balance window (both dates required). */
  depositFen?: number | null;
  balanceFrom?: string;
  balanceUntil?: string;
};
export type PresaleResult =
  | { ok: true }
  | {
      ok: false;
      code:
        | "not_found"
        | "invalid_cap"
        | "invalid_dates"
        | "window_past"
        | "invalid_deposit"
        | "invalid_balance_dates";
    };

function validDay(text: string): boolean {
  if (!DAY.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** Checks a pre-sale form's values; null when fine. */
export function presaleInputError(
  input: PresaleInput,
  now: Date,
): Exclude<PresaleResult, { ok: true }> | null {
  if (!Number.isSafeInteger(input.cap) || input.cap < 1 || input.cap > MAX_PRESALE_CAP)
    return { ok: false, code: "invalid_cap" };
  if (!validDay(input.shipsFrom) || !validDay(input.shipsBy) || input.shipsFrom > input.shipsBy)
    return { ok: false, code: "invalid_dates" };
  if (input.shipsBy < shanghaiDate(now)) return { ok: false, code: "window_past" };
  if (input.depositFen != null) {
    if (!Number.isSafeInteger(input.depositFen) || input.depositFen <= 0)
      return { ok: false, code: "invalid_deposit" };
    const from = input.balanceFrom ?? "";
    const until = input.balanceUntil ?? "";
    // The balance closes by ships-by, so a lapsed deposit order never waits on a late shipment.
    if (!validDay(from) || !validDay(until) || from > until || until > input.shipsBy)
      return { ok: false, code: "invalid_balance_dates" };
    if (until < shanghaiDate(now)) return { ok: false, code: "invalid_balance_dates" };
  }
  return null;
}

/** The caller's own variant (supplier staff), locked; null for anyone else's or a missing one. */
async function ownVariant(tx: Transaction, caller: Caller, variantId: string) {
  const supplierId = supplierIdOf(caller);
  if (!supplierId || !UUID.test(variantId)) return null;
  const [row] = await tx
    .select({ id: s.productVariants.id, priceFen: s.productVariants.priceFen })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .where(and(eq(s.productVariants.id, variantId), eq(s.products.supplierId, supplierId)))
    .for("update", { of: s.productVariants });
  return row ?? null;
}

/**
 * Opens a pre-sale on one of the caller's variants, or changes the open one (cap and window; the
 * window of lines already sold stays as sold). A cap below what is already ordered is allowed: it
 * only stops further orders.
 */
export async function setPresale({
  caller,
  input,
  now = new Date(),
}: {
  caller: Caller;
  input: PresaleInput;
  now?: Date;
}): Promise<PresaleResult> {
  const bad = presaleInputError(input, now);
  if (bad) return bad;
  return db.transaction(async (tx) => {
    const variant = await ownVariant(tx, caller, input.variantId);
    if (!variant) return { ok: false as const, code: "not_found" as const };
    // The deposit is below the price (checked against the locked variant row).
    if (input.depositFen != null && input.depositFen >= variant.priceFen)
      return { ok: false as const, code: "invalid_deposit" as const };
    const deposit = input.depositFen != null;
    const values = {
      cap: input.cap,
      shipsFrom: input.shipsFrom,
      shipsBy: input.shipsBy,
      depositFen: deposit ? input.depositFen! : null,
      balanceFrom: deposit ? input.balanceFrom! : null,
      balanceUntil: deposit ? input.balanceUntil! : null,
    };
    const updated = await tx
      .update(s.variantPresales)
      .set(values)
      .where(and(eq(s.variantPresales.variantId, variant.id), isNull(s.variantPresales.endedAt)))
      .returning({ id: s.variantPresales.id });
    if (updated.length === 0)
      await tx.insert(s.variantPresales).values({ variantId: variant.id, ...values, createdAt: now });
    return { ok: true as const };
  });
}

/** Ends the open pre-sale of one of the caller's variants: it sells as an ordinary variant again. */
export async function endPresale({
  caller,
  variantId,
  now = new Date(),
}: {
  caller: Caller;
  variantId: string;
  now?: Date;
}): Promise<{ ok: true } | { ok: false; code: "not_found" }> {
  return db.transaction(async (tx) => {
    const variant = await ownVariant(tx, caller, variantId);
    if (!variant) return { ok: false as const, code: "not_found" as const };
    const ended = await tx
      .update(s.variantPresales)
      .set({ endedAt: now })
      .where(and(eq(s.variantPresales.variantId, variant.id), isNull(s.variantPresales.endedAt)))
      .returning({ id: s.variantPresales.id });
    return ended.length ? { ok: true as const } : { ok: false as const, code: "not_found" as const };
  });
}

export type PresaleWindow = {
  presaleId: string;
  cap: number;
  shipsFrom: string;
  shipsBy: string;
  /** Per unit; null: full payment. */
  depositFen: number | null;
  balanceFrom: string | null;
  balanceUntil: string | null;
};

const windowColumns = {
  variantId: s.variantPresales.variantId,
  presaleId: s.variantPresales.id,
  cap: s.variantPresales.cap,
  shipsFrom: s.variantPresales.shipsFrom,
  shipsBy: s.variantPresales.shipsBy,
  depositFen: s.variantPresales.depositFen,
  balanceFrom: s.variantPresales.balanceFrom,
  balanceUntil: s.variantPresales.balanceUntil,
};

/** The open pre-sales of these variants (for the product page and the cart), by variant id. */
export async function openPresalesOf(variantIds: string[], ex: Executor = db) {
  const ids = variantIds.filter((id) => UUID.test(id));
  const map = new Map<string, PresaleWindow>();
  if (ids.length === 0) return map;
  const rows = await ex
    .select(windowColumns)
    .from(s.variantPresales)
    .where(and(inArray(s.variantPresales.variantId, ids), isNull(s.variantPresales.endedAt)));
  for (const { variantId, ...w } of rows) map.set(variantId, w);
  return map;
}

export type PresaleOffer = {
  shipsFrom: string;
  shipsBy: string;
  /** With a deposit still below the price: 定金 and 尾款 per unit, and the balance window. */
  deposit: { depositFen: number; balanceFen: number; balanceFrom: string; balanceUntil: string } | null;
};

/**
 * What the product page shows of these variants' open pre-sales, keyed by variant id: the window
 * and, for a deposit pre-sale, 定金 and 尾款 per unit (price − deposit, computed here; a deposit not
 * below today's price is ignored, as checkout ignores it: paid in full).
 */
export async function presaleOffersOf(variantIds: string[]): Promise<Record<string, PresaleOffer>> {
  const ids = variantIds.filter((id) => UUID.test(id));
  if (ids.length === 0) return {};
  const rows = await db
    .select({ ...windowColumns, priceFen: s.productVariants.priceFen })
    .from(s.variantPresales)
    .innerJoin(s.productVariants, eq(s.productVariants.id, s.variantPresales.variantId))
    .where(and(inArray(s.variantPresales.variantId, ids), isNull(s.variantPresales.endedAt)));
  return Object.fromEntries(
    rows.map((r) => [
      r.variantId,
      {
        shipsFrom: r.shipsFrom,
        shipsBy: r.shipsBy,
        deposit:
          r.depositFen != null && r.depositFen < r.priceFen && r.balanceFrom && r.balanceUntil
            ? {
                depositFen: r.depositFen,
                balanceFen: r.priceFen - r.depositFen,
                balanceFrom: r.balanceFrom,
                balanceUntil: r.balanceUntil,
              }
            : null,
      },
    ]),
  );
}

/**
 * Inside checkout's transaction: the open pre-sales of these variants, locked in one query (in
 * variant order, like the stock rows), so a cart of ordinary products pays one query, not one per line.
 */
export async function lockOpenPresales(
  tx: Transaction,
  variantIds: string[],
): Promise<Map<string, PresaleWindow>> {
  if (variantIds.length === 0) return new Map();
  const rows = await tx
    .select(windowColumns)
    .from(s.variantPresales)
    .where(and(inArray(s.variantPresales.variantId, variantIds), isNull(s.variantPresales.endedAt)))
    .orderBy(asc(s.variantPresales.variantId))
    .for("update");
  return new Map(rows.map(({ variantId, ...window }) => [variantId, window]));
}

/**
 * Inside a late payment's transaction: these pre-sales (open or ended — a line keeps the pre-sale it
 * was sold under), locked in variant order like checkout's locks, so their caps are counted as
 * checkout counts them.
 */
export async function lockPresalesById(
  tx: Transaction,
  presaleIds: string[],
): Promise<Map<string, PresaleWindow>> {
  if (presaleIds.length === 0) return new Map();
  const rows = await tx
    .select(windowColumns)
    .from(s.variantPresales)
    .where(inArray(s.variantPresales.id, presaleIds))
    .orderBy(asc(s.variantPresales.variantId), asc(s.variantPresales.id))
    .for("update");
  return new Map(rows.map(({ variantId: _variant, ...window }) => [window.presaleId, window]));
}

/** The caller's variants with their open pre-sale, if any, and the units ordered under it. */
export async function listSupplierPresales({ caller }: { caller: Caller }) {
  const supplierId = supplierIdOf(caller);
  if (!supplierId) return [];
  return db
    .select({
      variantId: s.productVariants.id,
      sku: s.productVariants.sku,
      spec: s.productVariants.spec,
      productName: s.products.name,
      stock: s.productVariants.stock,
      presaleId: s.variantPresales.id,
      cap: s.variantPresales.cap,
      shipsFrom: s.variantPresales.shipsFrom,
      shipsBy: s.variantPresales.shipsBy,
      priceFen: s.productVariants.priceFen,
      depositFen: s.variantPresales.depositFen,
      balanceFrom: s.variantPresales.balanceFrom,
      balanceUntil: s.variantPresales.balanceUntil,
      ordered: sql<number>`coalesce((select sum(ol.quantity - ol.refunded_quantity)
        from ${s.presaleOrderLines} pol join ${s.orderLines} ol on ol.id = pol.order_line_id
        join ${s.orders} o on o.id = ol.order_id
        where pol.presale_id = ${s.variantPresales.id} and o.status <> 'cancelled'), 0)::int`.mapWith(Number),
    })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .leftJoin(
      s.variantPresales,
      and(eq(s.variantPresales.variantId, s.productVariants.id), isNull(s.variantPresales.endedAt)),
    )
    .where(and(eq(s.products.supplierId, supplierId), eq(s.productVariants.active, true)))
    .orderBy(asc(s.products.name), asc(s.productVariants.sortOrder), asc(s.productVariants.sku));
}
