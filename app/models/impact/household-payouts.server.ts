// What suppliers paid on to the beneficiaries of their linkages (收购款, 工资, 分红, 二次返利),
// recorded per linkage and month, and the officials' comparison of those payouts with the income
// the ledger attributed to each linkage (issue 19, decision 102). Supplier staff record and read
// their own supplier's payouts only (another supplier's linkage → not_found, nothing written);
// officials read the comparison for the beneficiaries of their region, with full household names.
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { isIsoDate, shanghaiDate } from "~/lib/dates";
import { db, rowsOf, schema as s } from "~/lib/db.server";
import { UUID } from "~/lib/ids";
import { parseYuan } from "~/lib/money";
import { pageOf } from "~/lib/paging";
import { INCOME_TYPE_OF, type Mechanism } from "../../../core/mechanisms";
import { maskName } from "../../../core/pii";
import { recordAudit } from "../access/audit.server";
import { scopeOf, supplierIdOf, townFilter, type Caller } from "../access/scope.server";
import { bankReferenceKey } from "../ordering/bank-reference";

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

// The lists the payout form shows live in a browser-safe file (payout-rules.ts).
import {
  MAX_PAYOUT_FEN,
  PAYOUT_KINDS,
  PAYOUT_METHODS,
  type PayoutKind,
  type PayoutMethod,
} from "./payout-rules";
/** Linkage states a payout may be recorded against: agreements that were in force. */
const PAYABLE_STATUSES = ["approved", "terminated"] as const;

export const isPeriod = (value: string | null | undefined): value is string =>
  typeof value === "string" && PERIOD.test(value);

/** The Asia/Shanghai month of an instant, YYYY-MM. */
export const periodOf = (at: Date) => shanghaiDate(at).slice(0, 7);

/** YYYY-MM moved by `months` (negative: back). */
export function addMonths(period: string, months: number): string {
  const [y, m] = period.split("-").map(Number);
  const index = y * 12 + (m - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** First and last day (YYYY-MM-DD) of a month. */
export function periodDays(period: string): { first: string; last: string } {
  const [y, m] = period.split("-").map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { first: `${period}-01`, last: `${period}-${String(last).padStart(2, "0")}` };
}

export type RecordPayoutInput = {
  caller: Caller;
  linkageId: string;
  period: string;
  kind: string;
  method: string;
  amountFen: number;
  paidOn: string;
  reference: string;
  now?: Date;
};

export type RecordPayoutError =
  | "forbidden"
  | "not_found"
  | "not_payable"
  | "bad_period"
  | "bad_kind"
  | "bad_method"
  | "bad_amount"
  | "bad_date"
  | "bad_reference"
  | "reference_used";
export type RecordPayoutResult =
  { ok: true; payoutId: string; duplicate: boolean } | { ok: false; code: RecordPayoutError };

/**
 * Supplier staff: records one payment to the beneficiary of one of their own linkages. The
 * reference (normalised as bank references are) is accepted once per linkage: the same payout
 * submitted again (a double click, two tabs) answers with the first; another payout with a used
 * reference is refused. Another supplier's linkage is `not_found` and nothing is written.
 */
export async function recordHouseholdPayout(input: RecordPayoutInput): Promise<RecordPayoutResult> {
  const { caller, linkageId, period, kind, method, amountFen, paidOn, reference, now = new Date() } = input;
  const supplierId = supplierIdOf(caller);
  if (!supplierId) return { ok: false, code: "forbidden" };
  if (!UUID.test(linkageId)) return { ok: false, code: "not_found" };
  const [linkage] = await db
    .select({ id: s.linkages.id, status: s.linkages.status })
    .from(s.linkages)
    .where(and(eq(s.linkages.id, linkageId), eq(s.linkages.supplierId, supplierId)));
  if (!linkage) return { ok: false, code: "not_found" };
  if (!(PAYABLE_STATUSES as readonly string[]).includes(linkage.status))
    return { ok: false, code: "not_payable" };
  if (!isPeriod(period) || period > periodOf(now)) return { ok: false, code: "bad_period" };
  if (!(PAYOUT_KINDS as readonly string[]).includes(kind)) return { ok: false, code: "bad_kind" };
  if (!(PAYOUT_METHODS as readonly string[]).includes(method)) return { ok: false, code: "bad_method" };
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0 || amountFen > MAX_PAYOUT_FEN)
    return { ok: false, code: "bad_amount" };
  if (!isIsoDate(paidOn) || paidOn > shanghaiDate(now) || paidOn < "2000-01-01")
    return { ok: false, code: "bad_date" };
  const key = bankReferenceKey(reference);
  if (!key) return { ok: false, code: "bad_reference" };
  return db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(s.householdPayouts)
      .values({
        linkageId,
        supplierId,
        period,
        kind: kind as PayoutKind,
        method: method as PayoutMethod,
        amountFen,
        paidOn,
        reference: reference.trim(),
        referenceKey: key,
        recordedBy: caller.id,
        createdAt: now,
      })
      .onConflictDoNothing({ target: [s.householdPayouts.linkageId, s.householdPayouts.referenceKey] })
      .returning({ id: s.householdPayouts.id });
    if (!inserted) {
      const [existing] = await tx
        .select()
        .from(s.householdPayouts)
        .where(and(eq(s.householdPayouts.linkageId, linkageId), eq(s.householdPayouts.referenceKey, key)));
      const same =
        existing &&
        existing.amountFen === amountFen &&
        existing.period === period &&
        existing.kind === kind &&
        existing.method === method &&
        existing.paidOn === paidOn;
      return same
        ? { ok: true as const, payoutId: existing.id, duplicate: true }
        : { ok: false as const, code: "reference_used" as const };
    }
    await recordAudit(tx, {
      actor: { id: caller.id, role: caller.role },
      action: "household_payout.recorded",
      subjectType: "linkage",
      subjectId: linkageId,
      details: { period, kind, method, amountFen, paidOn, reference: reference.trim() },
      at: now,
    });
    return { ok: true as const, payoutId: inserted.id, duplicate: false };
  });
}

// ─── the supplier's page ─────────────────────────────────────────────────────────────────

export type SupplierPayoutLinkage = {
  id: string;
  /** Masked head name (张*明) or the collective's name: suppliers never see a full name. */
  beneficiaryName: string;
  beneficiaryType: "household" | "village_collective";
  villageName: string;
  mechanism: Mechanism;
  status: string;
  attributedFen: number;
  paidFen: number;
};

export type SupplierPayoutRow = {
  id: string;
  linkageId: string;
  beneficiaryName: string;
  period: string;
  kind: PayoutKind;
  method: PayoutMethod;
  amountFen: number;
  paidOn: string;
  reference: string;
};

const householdVillage = alias(s.regions, "household_village");
const collectiveVillage = alias(s.regions, "collective_village");

/** The caller's own supplier's payable linkages with ledger and payout totals, and its recent payouts. */
export async function supplierPayoutsView({ caller }: { caller: Caller }): Promise<{
  linkages: SupplierPayoutLinkage[];
  payouts: SupplierPayoutRow[];
} | null> {
  const supplierId = supplierIdOf(caller);
  if (!supplierId) return null;
  const rows = await db
    .select({
      id: s.linkages.id,
      beneficiaryType: s.linkages.beneficiaryType,
      headName: s.households.headName,
      collectiveName: s.villageCollectives.name,
      householdVillage: householdVillage.name,
      collectiveVillage: collectiveVillage.name,
      mechanism: s.linkages.mechanism,
      status: s.linkages.status,
      attributedFen: sql<string>`coalesce((select sum(${s.attributionEntries.amountFen}) from ${s.attributionEntries} where ${s.attributionEntries.linkageId} = ${s.linkages.id}), 0)`,
      paidFen: sql<string>`coalesce((select sum(${s.householdPayouts.amountFen}) from ${s.householdPayouts} where ${s.householdPayouts.linkageId} = ${s.linkages.id}), 0)`,
    })
    .from(s.linkages)
    .leftJoin(s.households, eq(s.households.id, s.linkages.householdId))
    .leftJoin(householdVillage, eq(householdVillage.id, s.households.villageId))
    .leftJoin(s.villageCollectives, eq(s.villageCollectives.id, s.linkages.villageCollectiveId))
    .leftJoin(collectiveVillage, eq(collectiveVillage.id, s.villageCollectives.villageId))
    .where(and(eq(s.linkages.supplierId, supplierId), inArray(s.linkages.status, [...PAYABLE_STATUSES])))
    .orderBy(s.linkages.createdAt, s.linkages.id)
    .limit(500);
  const linkages = rows.map((r) => ({
    id: r.id,
    beneficiaryType: r.beneficiaryType,
    beneficiaryName:
      r.beneficiaryType === "household" ? maskName(r.headName ?? "") : (r.collectiveName ?? ""),
    villageName: (r.beneficiaryType === "household" ? r.householdVillage : r.collectiveVillage) ?? "",
    mechanism: r.mechanism,
    status: r.status,
    attributedFen: Number(r.attributedFen),
    paidFen: Number(r.paidFen),
  }));
  const nameOf = new Map(linkages.map((l) => [l.id, l.beneficiaryName]));
  const payouts = await db
    .select()
    .from(s.householdPayouts)
    .where(eq(s.householdPayouts.supplierId, supplierId))
    .orderBy(desc(s.householdPayouts.paidOn), desc(s.householdPayouts.createdAt))
    .limit(200);
  return {
    linkages,
    payouts: payouts.map((p) => ({
      id: p.id,
      linkageId: p.linkageId,
      beneficiaryName: nameOf.get(p.linkageId) ?? "",
      period: p.period,
      kind: p.kind,
      method: p.method,
      amountFen: p.amountFen,
      paidOn: p.paidOn,
      reference: p.reference,
    })),
  };
}

// ─── the officials' comparison ───────────────────────────────────────────────────────────

export type ComparisonOptions = {
  /** Months YYYY-MM, both inclusive. */
  from: string;
  to: string;
  /** A linkage is a gap when what is due exceeds what was paid by more than this. */
  thresholdFen: number;
  /** Income of the last `graceMonths` months of the range is not yet due (0: all of it is). */
  graceMonths: number;
};

export type ComparisonRow = {
  linkageId: string;
  supplierName: string;
  beneficiaryType: "household" | "village_collective";
  /** Full head name (officials of the region only) or the collective's name. */
  beneficiaryName: string;
  registryCode: string | null;
  townName: string;
  villageName: string;
  mechanism: Mechanism;
  incomeType: string;
  /** Net ledger income of the linkage with payment dates in the range. */
  attributedFen: number;
  /** The part of it from months already due (before the grace months). */
  dueFen: number;
  /** Payouts recorded for months in the range. */
  paidFen: number;
  payouts: number;
  /** dueFen − paidFen: positive is owed to the beneficiary. */
  unpaidFen: number;
  gap: boolean;
};

export type Comparison = {
  options: ComparisonOptions;
  rows: ComparisonRow[];
  totals: { attributedFen: number; dueFen: number; paidFen: number; unpaidFen: number; gaps: number };
};

export const MAX_RANGE_MONTHS = 36;

/**
 * The page's and the export's filter from a query string: months `from`/`to` (default: the last
 * six months), `threshold` in yuan (default 0), `grace` months (default 1), `gaps=1` for gaps only.
 * Unparsable values are passed on as they are, so payoutComparison answers null (a clear message).
 */
export function comparisonFilter(
  params: URLSearchParams,
  now = new Date(),
): { options: ComparisonOptions; onlyGaps: boolean } {
  const month = periodOf(now);
  const threshold = params.get("threshold");
  const thresholdFen = threshold === null || threshold.trim() === "" ? 0 : (parseYuan(threshold) ?? -1);
  const grace = params.get("grace");
  const graceMonths = grace === null || grace.trim() === "" ? 1 : Number(grace);
  return {
    options: {
      from: params.get("from") || addMonths(month, -5),
      to: params.get("to") || month,
      thresholdFen,
      graceMonths: Number.isInteger(graceMonths) ? graceMonths : -1,
    },
    onlyGaps: params.get("gaps") === "1",
  };
}

/** Checked options, or null: months in order, at most 36 of them, a threshold ≥ 0, grace 0–12. */
export function comparisonOptions(o: ComparisonOptions): ComparisonOptions | null {
  if (!isPeriod(o.from) || !isPeriod(o.to) || o.from > o.to) return null;
  if (addMonths(o.from, MAX_RANGE_MONTHS - 1) < o.to) return null;
  if (!Number.isSafeInteger(o.thresholdFen) || o.thresholdFen < 0 || o.thresholdFen > MAX_PAYOUT_FEN * 100)
    return null;
  if (!Number.isInteger(o.graceMonths) || o.graceMonths < 0 || o.graceMonths > 12) return null;
  return o;
}

type RawComparisonRow = {
  linkageId: string;
  supplierName: string;
  beneficiaryType: "household" | "village_collective";
  headName: string | null;
  registryCode: string | null;
  collectiveName: string | null;
  townName: string | null;
  villageName: string | null;
  mechanism: Mechanism;
  attributedFen: string | number;
  dueFen: string | number;
  paidFen: string | number;
  payouts: number;
};

/**
 * The comparison's rows for the caller (one per linkage whose beneficiary lives in their region)
 * as a subquery, unordered; null for anyone else or bad options.
 */
async function comparisonSource(caller: Caller, options: ComparisonOptions) {
  if (caller.role !== "official" && caller.role !== "admin") return null;
  const o = comparisonOptions(options);
  if (!o) return null;
  const scope = await scopeOf(caller);
  if (scope.kind !== "platform" && scope.kind !== "region") return null;
  const first = periodDays(o.from).first;
  const last = periodDays(o.to).last;
  const dueLast = o.graceMonths === 0 ? last : periodDays(addMonths(o.to, -o.graceMonths)).last;
  const hh = s.households;
  const vc = s.villageCollectives;
  const inScope = sql`(${townFilter(scope, hh.townId) ?? sql`true`}) or (${townFilter(scope, vc.townId) ?? sql`true`})`;
  const attributed = sql`(select ${s.attributionEntries.linkageId} as linkage_id,
      sum(${s.attributionEntries.amountFen}) as attributed,
      coalesce(sum(${s.attributionEntries.amountFen}) filter (where ${s.attributionEntries.statDate} <= ${dueLast}::date), 0) as due
    from ${s.attributionEntries}
    where ${s.attributionEntries.statDate} between ${first}::date and ${last}::date
    group by ${s.attributionEntries.linkageId})`;
  const paid = sql`(select ${s.householdPayouts.linkageId} as linkage_id, sum(${s.householdPayouts.amountFen}) as paid,
      count(*) as payouts
    from ${s.householdPayouts}
    where ${s.householdPayouts.period} between ${o.from} and ${o.to}
    group by ${s.householdPayouts.linkageId})`;
  const rows = sql`(select l.id as "linkageId", sup.name as "supplierName", l.beneficiary_type as "beneficiaryType",
      ${hh.headName} as "headName", ${hh.registryCode} as "registryCode", ${vc.name} as "collectiveName",
      town.name as "townName", village.name as "villageName", l.mechanism as "mechanism",
      coalesce(a.attributed, 0)::bigint as "attributedFen", coalesce(a.due, 0)::bigint as "dueFen",
      coalesce(p.paid, 0)::bigint as "paidFen", coalesce(p.payouts, 0)::int as "payouts"
    from ${s.linkages} l
    join ${s.suppliers} sup on sup.id = l.supplier_id
    left join ${hh} on ${hh.id} = l.household_id
    left join ${vc} on ${vc.id} = l.village_collective_id
    left join ${s.regions} village on village.id = coalesce(${hh.villageId}, ${vc.villageId})
    left join ${s.regions} town on town.id = coalesce(${hh.townId}, ${vc.townId})
    left join ${attributed} a on a.linkage_id = l.id
    left join ${paid} p on p.linkage_id = l.id
    where (a.linkage_id is not null or p.linkage_id is not null) and (${inScope}))`;
  // A gap: more due than paid, beyond the threshold. Largest unpaid first.
  const isGap = sql`(c."dueFen" - c."paidFen" > ${o.thresholdFen})`;
  const order = sql`order by c."dueFen" - c."paidFen" desc, c."linkageId"`;
  return { o, rows, isGap, order };
}

function comparisonRow(r: RawComparisonRow, o: ComparisonOptions): ComparisonRow {
  const attributedFen = Number(r.attributedFen);
  const dueFen = Number(r.dueFen);
  const paidFen = Number(r.paidFen);
  const unpaidFen = dueFen - paidFen;
  return {
    linkageId: r.linkageId,
    supplierName: r.supplierName,
    beneficiaryType: r.beneficiaryType,
    beneficiaryName: r.beneficiaryType === "household" ? (r.headName ?? "") : (r.collectiveName ?? ""),
    registryCode: r.beneficiaryType === "household" ? r.registryCode : null,
    townName: r.townName ?? "",
    villageName: r.villageName ?? "",
    mechanism: r.mechanism,
    incomeType: INCOME_TYPE_OF[r.mechanism],
    attributedFen,
    dueFen,
    paidFen,
    payouts: Number(r.payouts),
    unpaidFen,
    gap: unpaidFen > o.thresholdFen,
  };
}

/**
 * Officials (and admins): per linkage whose beneficiary lives in their region, the income the
 * ledger attributed in the range beside the payouts recorded for it, and the gaps (largest unpaid
 * first, up to `limit` linkages). Null for anyone else or bad options.
 */
export async function payoutComparison({
  caller,
  options,
  limit = 1000,
}: {
  caller: Caller;
  options: ComparisonOptions;
  limit?: number;
}): Promise<Comparison | null> {
  const source = await comparisonSource(caller, options);
  if (!source) return null;
  const { o, rows: from, order } = source;
  const result = await db.execute(sql`select * from ${from} c ${order} limit ${limit}`);
  const rows = rowsOf<RawComparisonRow>(result).map((r) => comparisonRow(r, o));
  const totals = rows.reduce(
    (t, r) => ({
      attributedFen: t.attributedFen + r.attributedFen,
      dueFen: t.dueFen + r.dueFen,
      paidFen: t.paidFen + r.paidFen,
      unpaidFen: t.unpaidFen + r.unpaidFen,
      gaps: t.gaps + (r.gap ? 1 : 0),
    }),
    { attributedFen: 0, dueFen: 0, paidFen: 0, unpaidFen: 0, gaps: 0 },
  );
  return { options: o, rows, totals };
}

/** Linkages a page of the officials' comparison shows (the export has them all). */
export const COMPARISON_PAGE_SIZE = 20;

/**
 * One page of the comparison for the officials' page: the totals over every linkage in the range,
 * and the rows (only the gaps with `onlyGaps`) a page at a time, in the database (LIMIT/OFFSET).
 * Null for anyone else or bad options.
 */
export async function payoutComparisonPage({
  caller,
  options,
  onlyGaps,
  page: requested,
}: {
  caller: Caller;
  options: ComparisonOptions;
  onlyGaps: boolean;
  page?: unknown;
}): Promise<(Comparison & { listed: number; page: number; pageCount: number }) | null> {
  const source = await comparisonSource(caller, options);
  if (!source) return null;
  const { o, rows: from, isGap, order } = source;
  const [sums] = rowsOf<Record<"attributed" | "due" | "paid" | "gaps" | "rows", string | number>>(
    await db.execute(sql`select coalesce(sum(c."attributedFen"), 0)::bigint as attributed,
      coalesce(sum(c."dueFen"), 0)::bigint as due, coalesce(sum(c."paidFen"), 0)::bigint as paid,
      count(*) filter (where ${isGap})::int as gaps, count(*)::int as rows
    from ${from} c`),
  );
  const totals = {
    attributedFen: Number(sums.attributed),
    dueFen: Number(sums.due),
    paidFen: Number(sums.paid),
    unpaidFen: Number(sums.due) - Number(sums.paid),
    gaps: Number(sums.gaps),
  };
  const listed = onlyGaps ? totals.gaps : Number(sums.rows);
  const { page, pageCount, offset } = pageOf(listed, COMPARISON_PAGE_SIZE, requested);
  const result = await db.execute(
    sql`select * from ${from} c where ${onlyGaps ? isGap : sql`true`} ${order}
      limit ${COMPARISON_PAGE_SIZE} offset ${offset}`,
  );
  const rows = rowsOf<RawComparisonRow>(result).map((r) => comparisonRow(r, o));
  return { options: o, rows, totals, listed, page, pageCount };
}

/** The comparison for an export (up to 50,000 linkages); the export of full names is audited. */
export async function exportPayoutComparison({
  caller,
  options,
  now = new Date(),
}: {
  caller: Caller;
  options: ComparisonOptions;
  now?: Date;
}): Promise<Comparison | null> {
  const comparison = await payoutComparison({ caller, options, limit: 50_000 });
  if (!comparison) return null;
  await recordAudit(db, {
    actor: { id: caller.id, role: caller.role },
    action: "household_payout.comparison_exported",
    subjectType: "region",
    regionId: caller.regionId ?? null,
    details: { ...comparison.options, rows: comparison.rows.length },
    at: now,
  });
  return comparison;
}
