// Settlement (结算): what the platform owes each supplier for a period and what it paid. This
// folder owns settlement_batches, settlement_statements, settlement_lines and settlement_payouts;
// it reads orders, order parts and refunds (read-only). The rule (README.md): a statement is a
// snapshot of lines written once; a part's sale is in exactly one statement and each refund of a
// part is carried exactly once (unique indexes), so a refund recorded after its part was settled
// becomes a negative line of the next statement and a settled statement is never rewritten.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { isIsoDate, shanghaiDate } from "~/lib/dates";
import { getEnv } from "~/lib/env.server";
import { db, rowsOf, schema as s, type Executor } from "~/lib/db.server";
import { recordAudit } from "../access/audit.server";
import { scopeOf, supplierIdOf, townFilter, type Caller } from "../access/scope.server";
import { bankReferenceKey } from "../ordering/bank-reference";
import { settlementFeeFen, statementTotals } from "./fees";

/** Settlement lines per INSERT statement (9 parameters each, under PostgreSQL's 65,535). */
const LINES_PER_INSERT = 5_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_PERIOD_DAYS = 366;
/** Orders whose money the platform kept: paid and not cancelled. */
const KEPT_ORDER = sql`o.paid_at is not null and o.status in ('paid','shipped','delivered','completed') and op.status <> 'cancelled'`;
const PAID_DATE = sql`(o.paid_at at time zone 'Asia/Shanghai')::date`;
/**
 * Forfeited deposits (decision 125): the part holding the deposit line of a pre-sale order lapsed by
 * the balance sweep (cancelled, balance_unpaid) and the deposit it kept — the succeeded deposit
 * payment less anything refunded from it. `o`, `op` and `p` (that payment) are in scope. The date is
 * the lapse (cancelled_at, Asia/Shanghai): the deposit becomes the supplier's money when it is
 * forfeited.
 */
const FORFEITED = sql`o.status = 'cancelled' and o.cancel_reason = 'balance_unpaid'
  and exists (select 1 from presale_order_lines pol join order_lines ol on ol.id = pol.order_line_id
              where ol.order_part_id = op.id and pol.deposit_fen is not null)`;
const FORFEITED_FEN = sql`(p.amount_fen - coalesce((select sum(r.amount_fen) from refunds r
  where r.payment_id = p.id and r.status <> 'failed'), 0))`;
const FORFEIT_DATE = sql`(o.cancelled_at at time zone 'Asia/Shanghai')::date`;

type LineKind = (typeof s.settlementLineKind.enumValues)[number];

type LineDraft = {
  kind: LineKind;
  supplierId: string;
  orderPartId: string;
  refundId: string | null;
  orderNumber: string;
  paidDate: string;
  goodsFen: number;
  shippingFen: number;
};

export type CreateBatchResult =
  | { ok: true; batchId: string; statements: number }
  | { ok: false; code: "forbidden" | "bad_period" | "nothing_to_settle" };

function isAdmin(caller: Caller) {
  return caller.role === "admin";
}

/** The lines not yet in any statement: sales of kept parts paid in the period, deposits forfeited in
 * the period, and every refund of a part that is (or now becomes) settled. Reads inside the caller's
 * transaction. */
async function pendingLines(ex: Executor, periodFrom: string, periodTo: string): Promise<LineDraft[]> {
  const sales = rowsOf<{
    part_id: string;
    supplier_id: string;
    order_number: string;
    paid_date: string;
    goods: number;
    shipping: number;
  }>(
    await ex.execute(sql`
      select op.id as part_id, op.supplier_id, o.order_number, ${PAID_DATE}::text as paid_date,
             op.subtotal_fen as goods, op.shipping_fen as shipping
      from order_parts op join orders o on o.id = op.order_id
      where ${KEPT_ORDER} and ${PAID_DATE} between ${periodFrom}::date and ${periodTo}::date
        and not exists (select 1 from settlement_lines sl where sl.kind = 'sale' and sl.order_part_id = op.id)
      order by o.paid_at, op.id`),
  );
  const forfeits = rowsOf<{
    part_id: string;
    supplier_id: string;
    order_number: string;
    paid_date: string;
    goods: number;
  }>(
    await ex.execute(sql`
      select op.id as part_id, op.supplier_id, o.order_number, ${FORFEIT_DATE}::text as paid_date,
             ${FORFEITED_FEN}::bigint as goods
      from order_parts op join orders o on o.id = op.order_id
        join payments p on p.order_id = o.id and p.purpose = 'deposit' and p.status = 'succeeded'
      where ${FORFEITED} and ${FORFEIT_DATE} between ${periodFrom}::date and ${periodTo}::date
        and ${FORFEITED_FEN} > 0
        and not exists (select 1 from settlement_lines sl
                        where sl.kind = 'forfeited_deposit' and sl.order_part_id = op.id)
      order by o.cancelled_at, op.id`),
  );
  const newParts = new Set(sales.map((r) => r.part_id));
  const refunds = rowsOf<{
    refund_id: string;
    part_id: string;
    supplier_id: string;
    order_number: string;
    paid_date: string;
    goods: number;
    shipping: number;
    settled: boolean;
  }>(
    await ex.execute(sql`
      select r.id as refund_id, op.id as part_id, op.supplier_id, o.order_number,
             ${PAID_DATE}::text as paid_date, sum(rl.amount_fen)::bigint as goods,
             max(r.shipping_fen)::bigint as shipping,
             exists (select 1 from settlement_lines sl where sl.kind = 'sale' and sl.order_part_id = op.id) as settled
      from refund_lines rl
        join refunds r on r.id = rl.refund_id
        join order_lines ol on ol.id = rl.order_line_id
        join order_parts op on op.id = ol.order_part_id
        join orders o on o.id = op.order_id
      where r.status <> 'failed'
        and not exists (select 1 from settlement_lines sl
                        where sl.kind = 'refund' and sl.refund_id = r.id and sl.order_part_id = op.id)
      group by r.id, op.id, op.supplier_id, o.order_number, o.paid_at, r.created_at
      order by r.created_at, r.id, op.id`),
  );
  return [
    ...sales.map((r) => ({
      kind: "sale" as const,
      supplierId: r.supplier_id,
      orderPartId: r.part_id,
      refundId: null,
      orderNumber: r.order_number,
      paidDate: r.paid_date,
      goodsFen: Number(r.goods),
      shippingFen: Number(r.shipping),
    })),
    ...forfeits.map((r) => ({
      kind: "forfeited_deposit" as const,
      supplierId: r.supplier_id,
      orderPartId: r.part_id,
      refundId: null,
      orderNumber: r.order_number,
      paidDate: r.paid_date,
      goodsFen: Number(r.goods),
      shippingFen: 0,
    })),
    ...refunds
      .filter((r) => r.settled || newParts.has(r.part_id))
      .map((r) => ({
        kind: "refund" as const,
        supplierId: r.supplier_id,
        orderPartId: r.part_id,
        refundId: r.refund_id,
        orderNumber: r.order_number,
        paidDate: r.paid_date,
        goodsFen: -Number(r.goods),
        // The shipping fee a refund gave back (only a one-part pre-sale cancel does, decision 115).
        shippingFen: 0 - Number(r.shipping) || 0, // never -0
      })),
  ];
}

function validPeriod(periodFrom: string, periodTo: string): boolean {
  if (!isIsoDate(periodFrom) || !isIsoDate(periodTo) || periodFrom > periodTo) return false;
  const days = (Date.parse(periodTo) - Date.parse(periodFrom)) / 86_400_000;
  return days < MAX_PERIOD_DAYS;
}

/**
 * Admin: a draft batch for a period (paid dates, Asia/Shanghai, both inclusive) with one statement
 * per supplier that has something to settle. A supplier whose lines would pay less than nothing
 * (refunds only) is left out; its lines wait for a later batch. Batches are created one at a time
 * (an advisory lock), and the unique indexes keep a part in one statement whatever happens.
 */
export async function createSettlementBatch({
  caller,
  periodFrom,
  periodTo,
  feeBp = getEnv().SETTLEMENT_FEE_BP,
  now = new Date(),
}: {
  caller: Caller;
  periodFrom: string;
  periodTo: string;
  feeBp?: number;
  now?: Date;
}): Promise<CreateBatchResult> {
  if (!isAdmin(caller)) return { ok: false, code: "forbidden" };
  if (!validPeriod(periodFrom, periodTo)) return { ok: false, code: "bad_period" };
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('settlement_batches'))`);
    const lines = await pendingLines(tx, periodFrom, periodTo);
    const bySupplier = new Map<string, LineDraft[]>();
    for (const l of lines) bySupplier.set(l.supplierId, [...(bySupplier.get(l.supplierId) ?? []), l]);
    const statements = [...bySupplier.entries()]
      .map(([supplierId, ls]) => ({ supplierId, lines: ls, totals: statementTotals(ls, feeBp) }))
      .filter((st) => st.totals.payableFen >= 0);
    if (statements.length === 0) return { ok: false as const, code: "nothing_to_settle" as const };

    const batchId = randomUUID();
    await tx.insert(s.settlementBatches).values({
      id: batchId,
      periodFrom,
      periodTo,
      feeBp,
      createdBy: caller.id,
      createdAt: now,
    });
    for (const st of statements) {
      const statementId = randomUUID();
      await tx.insert(s.settlementStatements).values({
        id: statementId,
        batchId,
        supplierId: st.supplierId,
        ...st.totals,
        createdAt: now,
      });
      // In chunks: one INSERT may carry at most 65,535 parameters (9 per line), and a big
      // supplier's month has more lines than that on the bench data set.
      for (let i = 0; i < st.lines.length; i += LINES_PER_INSERT) {
        await tx.insert(s.settlementLines).values(
          st.lines.slice(i, i + LINES_PER_INSERT).map((l) => ({
            statementId,
            kind: l.kind,
            orderPartId: l.orderPartId,
            refundId: l.refundId,
            orderNumber: l.orderNumber,
            paidDate: l.paidDate,
            goodsFen: l.goodsFen,
            shippingFen: l.shippingFen,
            createdAt: now,
          })),
        );
      }
    }
    await recordAudit(tx, {
      actor: { id: caller.id, role: caller.role },
      action: "settlement.batch_created",
      subjectType: "settlement_batch",
      subjectId: batchId,
      details: {
        periodFrom,
        periodTo,
        feeBp,
        statements: statements.length,
        payableFen: statements.reduce((a, st) => a + st.totals.payableFen, 0),
      },
      at: now,
    });
    return { ok: true as const, batchId, statements: statements.length };
  });
}

export type ApproveResult = { ok: true } | { ok: false; code: "forbidden" | "not_found" | "not_draft" };

/** Admin: approves a draft batch; statements that pay nothing are settled at once. */
export async function approveSettlementBatch({
  caller,
  batchId,
  now = new Date(),
}: {
  caller: Caller;
  batchId: string;
  now?: Date;
}): Promise<ApproveResult> {
  if (!isAdmin(caller)) return { ok: false, code: "forbidden" };
  if (!UUID.test(batchId)) return { ok: false, code: "not_found" };
  return db.transaction(async (tx) => {
    const [batch] = await tx
      .select()
      .from(s.settlementBatches)
      .where(eq(s.settlementBatches.id, batchId))
      .for("update");
    if (!batch) return { ok: false as const, code: "not_found" as const };
    if (batch.status !== "draft") return { ok: false as const, code: "not_draft" as const };
    await tx
      .update(s.settlementStatements)
      .set({ status: "settled", settledAt: now })
      .where(and(eq(s.settlementStatements.batchId, batchId), eq(s.settlementStatements.payableFen, 0)));
    await tx
      .update(s.settlementBatches)
      .set({ status: "approved", approvedBy: caller.id, approvedAt: now })
      .where(eq(s.settlementBatches.id, batchId));
    await closeBatchIfPaid(tx, batchId);
    await recordAudit(tx, {
      actor: { id: caller.id, role: caller.role },
      action: "settlement.batch_approved",
      subjectType: "settlement_batch",
      subjectId: batchId,
      at: now,
    });
    return { ok: true as const };
  });
}

async function closeBatchIfPaid(ex: Executor, batchId: string) {
  await ex.execute(sql`
    update settlement_batches set status = 'paid'
    where id = ${batchId} and status = 'approved'
      and not exists (select 1 from settlement_statements where batch_id = ${batchId} and status = 'pending')`);
}

export type PayoutResult =
  | { ok: true; payoutId: string; duplicate: boolean }
  | {
      ok: false;
      code:
        | "forbidden"
        | "not_found"
        | "not_approved"
        | "bad_reference"
        | "bad_date"
        | "amount_mismatch"
        | "reference_used"
        | "already_paid";
    };

/**
 * Admin: records the bank transfer that paid a statement of an approved batch. The amount must be
 * the statement's payable; a bank reference (normalised) pays one statement only; submitting the
 * same payout again answers with the payout already recorded.
 */
export async function recordSettlementPayout({
  caller,
  statementId,
  bankReference,
  paidOn,
  amountFen,
  now = new Date(),
}: {
  caller: Caller;
  statementId: string;
  bankReference: string;
  paidOn: string;
  amountFen: number;
  now?: Date;
}): Promise<PayoutResult> {
  if (!isAdmin(caller)) return { ok: false, code: "forbidden" };
  if (!UUID.test(statementId)) return { ok: false, code: "not_found" };
  const key = bankReferenceKey(bankReference);
  if (!key) return { ok: false, code: "bad_reference" };
  if (!isIsoDate(paidOn) || paidOn > shanghaiDate(now)) return { ok: false, code: "bad_date" };
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0) return { ok: false, code: "amount_mismatch" };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ statement: s.settlementStatements, batchStatus: s.settlementBatches.status })
      .from(s.settlementStatements)
      .innerJoin(s.settlementBatches, eq(s.settlementBatches.id, s.settlementStatements.batchId))
      .where(eq(s.settlementStatements.id, statementId))
      .for("update", { of: s.settlementStatements });
    if (!row) return { ok: false as const, code: "not_found" as const };
    const [existing] = await tx
      .select()
      .from(s.settlementPayouts)
      .where(eq(s.settlementPayouts.statementId, statementId));
    if (existing) {
      return existing.bankReferenceKey === key && existing.amountFen === amountFen
        ? { ok: true as const, payoutId: existing.id, duplicate: true }
        : { ok: false as const, code: "already_paid" as const };
    }
    if (row.statement.status === "settled") return { ok: false as const, code: "already_paid" as const };
    if (row.batchStatus !== "approved") return { ok: false as const, code: "not_approved" as const };
    if (amountFen !== row.statement.payableFen)
      return { ok: false as const, code: "amount_mismatch" as const };
    const [inserted] = await tx
      .insert(s.settlementPayouts)
      .values({
        statementId,
        bankReference: bankReference.trim(),
        bankReferenceKey: key,
        paidOn,
        amountFen,
        recordedBy: caller.id,
        createdAt: now,
      })
      .onConflictDoNothing({ target: s.settlementPayouts.bankReferenceKey })
      .returning({ id: s.settlementPayouts.id });
    if (!inserted) return { ok: false as const, code: "reference_used" as const };
    await tx
      .update(s.settlementStatements)
      .set({ status: "settled", settledAt: now })
      .where(eq(s.settlementStatements.id, statementId));
    await closeBatchIfPaid(tx, row.statement.batchId);
    await recordAudit(tx, {
      actor: { id: caller.id, role: caller.role },
      action: "settlement.payout_recorded",
      subjectType: "settlement_statement",
      subjectId: statementId,
      details: { bankReference: bankReference.trim(), paidOn, amountFen },
      at: now,
    });
    return { ok: true as const, payoutId: inserted.id, duplicate: false };
  });
}

// ─── reading ─────────────────────────────────────────────────────────────────────────────

export type StatementSummary = {
  id: string;
  batchId: string;
  supplierId: string;
  supplierName: string;
  periodFrom: string;
  periodTo: string;
  goodsFen: number;
  refundsFen: number;
  shippingFen: number;
  feeFen: number;
  payableFen: number;
  status: "pending" | "settled";
  batchStatus: "draft" | "approved" | "paid";
  payout: { bankReference: string; paidOn: string; amountFen: number } | null;
};

const statementColumns = {
  id: s.settlementStatements.id,
  batchId: s.settlementStatements.batchId,
  supplierId: s.settlementStatements.supplierId,
  supplierName: s.suppliers.name,
  periodFrom: s.settlementBatches.periodFrom,
  periodTo: s.settlementBatches.periodTo,
  goodsFen: s.settlementStatements.goodsFen,
  refundsFen: s.settlementStatements.refundsFen,
  shippingFen: s.settlementStatements.shippingFen,
  feeFen: s.settlementStatements.feeFen,
  payableFen: s.settlementStatements.payableFen,
  status: s.settlementStatements.status,
  batchStatus: s.settlementBatches.status,
  payoutReference: s.settlementPayouts.bankReference,
  payoutPaidOn: s.settlementPayouts.paidOn,
  payoutAmountFen: s.settlementPayouts.amountFen,
};

function statementsQuery() {
  return db
    .select(statementColumns)
    .from(s.settlementStatements)
    .innerJoin(s.settlementBatches, eq(s.settlementBatches.id, s.settlementStatements.batchId))
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.settlementStatements.supplierId))
    .leftJoin(s.settlementPayouts, eq(s.settlementPayouts.statementId, s.settlementStatements.id));
}

function toSummary(r: Awaited<ReturnType<typeof statementsQuery>>[number]): StatementSummary {
  const { payoutReference, payoutPaidOn, payoutAmountFen, ...rest } = r;
  return {
    ...rest,
    payout:
      payoutReference && payoutPaidOn && payoutAmountFen != null
        ? { bankReference: payoutReference, paidOn: payoutPaidOn, amountFen: payoutAmountFen }
        : null,
  };
}

/** Supplier staff: their supplier's statements, newest first (待结算 are the pending ones). */
export async function listSupplierStatements({
  caller,
}: {
  caller: Caller;
}): Promise<StatementSummary[] | null> {
  const supplierId = supplierIdOf(caller);
  if (!supplierId) return null;
  const rows = await statementsQuery()
    .where(eq(s.settlementStatements.supplierId, supplierId))
    .orderBy(desc(s.settlementBatches.periodTo), desc(s.settlementStatements.createdAt));
  return rows.map(toSummary);
}

export type StatementLine = {
  kind: LineKind;
  orderNumber: string;
  paidDate: string;
  goodsFen: number;
  shippingFen: number;
  netFen: number;
};

/** One statement with its lines: staff of its supplier, or an admin; anyone else null (→ 404). */
export async function getStatement({
  caller,
  statementId,
}: {
  caller: Caller;
  statementId: string;
}): Promise<{ statement: StatementSummary; lines: StatementLine[] } | null> {
  if (!UUID.test(statementId)) return null;
  const supplierId = supplierIdOf(caller);
  if (!supplierId && !isAdmin(caller)) return null;
  const [row] = await statementsQuery().where(
    and(
      eq(s.settlementStatements.id, statementId),
      supplierId ? eq(s.settlementStatements.supplierId, supplierId) : undefined,
    ),
  );
  if (!row) return null;
  const lines = await db
    .select({
      kind: s.settlementLines.kind,
      orderNumber: s.settlementLines.orderNumber,
      paidDate: s.settlementLines.paidDate,
      goodsFen: s.settlementLines.goodsFen,
      shippingFen: s.settlementLines.shippingFen,
    })
    .from(s.settlementLines)
    .where(eq(s.settlementLines.statementId, statementId))
    .orderBy(
      asc(s.settlementLines.kind),
      asc(s.settlementLines.paidDate),
      asc(s.settlementLines.orderNumber),
    );
  return {
    statement: toSummary(row),
    lines: lines.map((l) => ({ ...l, netFen: l.goodsFen + l.shippingFen })),
  };
}

export type BatchView = {
  id: string;
  periodFrom: string;
  periodTo: string;
  feeBp: number;
  status: "draft" | "approved" | "paid";
  createdAt: Date;
  statements: StatementSummary[];
};

/** Admin: the latest batches with their statements (for the approve and payout forms). */
export async function listSettlementBatches({
  caller,
  limit = 20,
}: {
  caller: Caller;
  limit?: number;
}): Promise<BatchView[] | null> {
  if (!isAdmin(caller)) return null;
  const batches = await db
    .select()
    .from(s.settlementBatches)
    .orderBy(desc(s.settlementBatches.createdAt))
    .limit(limit);
  if (batches.length === 0) return [];
  const statements = (
    await statementsQuery()
      .where(
        inArray(
          s.settlementStatements.batchId,
          batches.map((b) => b.id),
        ),
      )
      .orderBy(asc(s.suppliers.name))
  ).map(toSummary);
  return batches.map((b) => ({
    id: b.id,
    periodFrom: b.periodFrom,
    periodTo: b.periodTo,
    feeBp: b.feeBp,
    status: b.status,
    createdAt: b.createdAt,
    statements: statements.filter((st) => st.batchId === b.id),
  }));
}

export type TownTotals = {
  townId: number;
  townName: string;
  settledFen: number;
  pendingFen: number;
  payableFen: number;
};

/** Officials (their towns) and admins: statements' payables by the supplier's town. */
export async function settlementTotalsByTown({ caller }: { caller: Caller }): Promise<TownTotals[] | null> {
  if (caller.role !== "official" && !isAdmin(caller)) return null;
  const scope = await scopeOf(caller);
  if (scope.kind === "none") return null;
  const rows = await db
    .select({
      townId: s.regions.id,
      townName: s.regions.name,
      settledFen: sql<number>`coalesce(sum(${s.settlementStatements.payableFen}) filter (where ${s.settlementStatements.status} = 'settled'), 0)::bigint`,
      pendingFen: sql<number>`coalesce(sum(${s.settlementStatements.payableFen}) filter (where ${s.settlementStatements.status} = 'pending'), 0)::bigint`,
      payableFen: sql<number>`coalesce(sum(${s.settlementStatements.payableFen}), 0)::bigint`,
    })
    .from(s.settlementStatements)
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.settlementStatements.supplierId))
    .innerJoin(s.regions, eq(s.regions.id, s.suppliers.townId))
    .where(townFilter(scope, s.suppliers.townId))
    .groupBy(s.regions.id, s.regions.name)
    .orderBy(asc(s.regions.name));
  return rows.map((r) => ({
    ...r,
    settledFen: Number(r.settledFen),
    pendingFen: Number(r.pendingFen),
    payableFen: Number(r.payableFen),
  }));
}

// ─── verification (npm run settlement:verify) ────────────────────────────────────────────

export type SettlementDifference = { statementId: string; what: string; stored: string; recomputed: string };

/**
 * Recomputes every statement from orders, parts, payments and refunds: each sale line from its part
 * (the supplier, subtotal, shipping, a kept order), each forfeited deposit from its lapsed order's
 * deposit payment (less its refunds), each refund line from the refund's lines for that part, the statement's totals and fee from its lines, and its status from its payout. Empty
 * when every statement adds up.
 */
export async function verifySettlements(ex: Executor = db): Promise<SettlementDifference[]> {
  const differences: SettlementDifference[] = [];
  const lineRows = rowsOf<{
    statement_id: string;
    line_id: string;
    kind: LineKind;
    stored_goods: number;
    stored_shipping: number;
    supplier_ok: boolean;
    goods: number | null;
    shipping: number | null;
  }>(
    await ex.execute(sql`
      select sl.statement_id, sl.id as line_id, sl.kind, sl.goods_fen as stored_goods, sl.shipping_fen as stored_shipping,
             (op.supplier_id = st.supplier_id) as supplier_ok,
             case when sl.kind = 'sale'
                  then (select op.subtotal_fen from orders o where o.id = op.order_id and ${KEPT_ORDER})
                  when sl.kind = 'forfeited_deposit'
                  then (select ${FORFEITED_FEN} from orders o
                          join payments p on p.order_id = o.id and p.purpose = 'deposit' and p.status = 'succeeded'
                         where o.id = op.order_id and ${FORFEITED})
                  else -(select sum(rl.amount_fen) from refund_lines rl
                           join refunds r on r.id = rl.refund_id
                           join order_lines ol on ol.id = rl.order_line_id
                          where rl.refund_id = sl.refund_id and ol.order_part_id = op.id and r.status <> 'failed')
             end::bigint as goods,
             case when sl.kind = 'sale' then op.shipping_fen
                  when sl.kind = 'forfeited_deposit' then 0
                  else -(select r.shipping_fen from refunds r where r.id = sl.refund_id) end as shipping
      from settlement_lines sl
        join settlement_statements st on st.id = sl.statement_id
        join order_parts op on op.id = sl.order_part_id
      order by sl.statement_id`),
  );
  const statements = await ex
    .select({
      statement: s.settlementStatements,
      feeBp: s.settlementBatches.feeBp,
      batchStatus: s.settlementBatches.status,
      payoutFen: s.settlementPayouts.amountFen,
    })
    .from(s.settlementStatements)
    .innerJoin(s.settlementBatches, eq(s.settlementBatches.id, s.settlementStatements.batchId))
    .leftJoin(s.settlementPayouts, eq(s.settlementPayouts.statementId, s.settlementStatements.id));
  const linesOf = new Map<string, { kind: LineKind; goodsFen: number; shippingFen: number }[]>();
  for (const l of lineRows) {
    const id = l.statement_id;
    if (!l.supplier_ok)
      differences.push({
        statementId: id,
        what: `line ${l.line_id} supplier`,
        stored: "this statement's",
        recomputed: "another supplier's",
      });
    const goods = l.goods == null ? null : Number(l.goods);
    if (goods === null || goods !== Number(l.stored_goods))
      differences.push({
        statementId: id,
        what: `line ${l.line_id} goods`,
        stored: String(l.stored_goods),
        recomputed: String(goods),
      });
    if (Number(l.shipping) !== Number(l.stored_shipping))
      differences.push({
        statementId: id,
        what: `line ${l.line_id} shipping`,
        stored: String(l.stored_shipping),
        recomputed: String(l.shipping),
      });
    linesOf.set(id, [
      ...(linesOf.get(id) ?? []),
      { kind: l.kind, goodsFen: goods ?? 0, shippingFen: Number(l.shipping) },
    ]);
  }
  for (const { statement: st, feeBp, batchStatus, payoutFen } of statements) {
    const totals = statementTotals(linesOf.get(st.id) ?? [], feeBp);
    for (const key of ["goodsFen", "refundsFen", "shippingFen", "feeFen", "payableFen"] as const) {
      if (totals[key] !== Number(st[key]))
        differences.push({
          statementId: st.id,
          what: key,
          stored: String(st[key]),
          recomputed: String(totals[key]),
        });
    }
    const settled =
      payoutFen != null
        ? payoutFen === totals.payableFen
        : totals.payableFen === 0 && batchStatus !== "draft";
    if ((st.status === "settled") !== settled)
      differences.push({
        statementId: st.id,
        what: "status",
        stored: st.status,
        recomputed: settled ? "settled" : "pending",
      });
  }
  return differences;
}

/** The exit code of settlement:verify for these differences. */
export function verifyExitCode(differences: SettlementDifference[]): 0 | 1 {
  return differences.length === 0 ? 0 : 1;
}

export { settlementFeeFen };
