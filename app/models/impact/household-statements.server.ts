// Household income statements (入户算账, issue 21): for the officials of a household's region (and
// admins), what the ledger attributed to one household — or to every household of one village —
// over a period, by month (the ledger's stat_date, the payment date in Asia/Shanghai; a refund's
// reversal keeps its sale's date, as in the statistics) × income type, with the agreements,
// suppliers and mechanisms behind it and every reversal line. Read straight from
// attribution_entries through its household index (one query per statement, one per village for
// the bulk export), so it equals the ledger to the fen.
//
// Scope: a household outside the caller's region answers exactly like an unknown one
// ("not_found"); callers without a region scope are "forbidden". Every view and every export
// appends one audit entry (household.statement_view / household.statement_export /
// household.statement_bulk_export) naming the period and, for exports, the format.
import { and, asc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db, schema as s } from "~/lib/db.server";
import { isIsoDate, shanghaiDate } from "~/lib/dates";
import { UUID } from "~/lib/ids";
import { INCOME_TYPES, type IncomeType, type Mechanism } from "../../../core/mechanisms";
import { recordAudit } from "../access/audit.server";
import { scopeOf, townFilter, type Caller, type Scope } from "../access/scope.server";

export type HouseholdKind = (typeof s.householdKind.enumValues)[number];
/** The longest period one statement covers (two years and a day). */
export const MAX_STATEMENT_DAYS = 732;

export type StatementPeriod = { from: string; to: string };

export type StatementHousehold = {
  id: string;
  registryCode: string;
  headName: string;
  idCardMasked: string;
  memberCount: number;
  kind: HouseholdKind;
  townName: string;
  villageName: string;
};

export type StatementMonth = {
  month: string; // 2026-03
  byType: Record<IncomeType, number>;
  totalFen: number;
};

export type StatementSource = {
  linkageId: string;
  supplierName: string;
  mechanism: Mechanism;
  incomeType: IncomeType;
  validFrom: string;
  validUntil: string | null;
  status: string;
  salesFen: number;
  reversalsFen: number;
  netFen: number;
};

export type StatementReversal = {
  entryId: number;
  saleDate: string; // the sale's stat_date
  recordedOn: string; // the day the refund was recorded (Asia/Shanghai)
  supplierName: string;
  mechanism: Mechanism;
  incomeType: IncomeType;
  amountFen: number; // usually negative
};

export type HouseholdStatement = {
  household: StatementHousehold;
  period: StatementPeriod;
  months: StatementMonth[];
  totals: Record<IncomeType, number>;
  salesFen: number;
  reversalsFen: number;
  totalFen: number;
  perPersonFen: number; // floor(total / members)
  sources: StatementSource[];
  reversals: StatementReversal[];
};

type NotFound = { ok: false; code: "not_found" };
type Forbidden = { ok: false; code: "forbidden" };
type Invalid = { ok: false; code: "invalid_period" };

const village = alias(s.regions, "village");
const town = alias(s.regions, "town");

async function statementScope(caller: Caller): Promise<Scope | null> {
  const scope = await scopeOf(caller);
  return scope.kind === "platform" || scope.kind === "region" ? scope : null;
}

function dayNumber(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
}

/** This calendar year up to today (Asia/Shanghai): the default period. */
export function defaultStatementPeriod(now: Date = new Date()): StatementPeriod {
  const today = shanghaiDate(now);
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

/** The period asked for, or the default when both are missing; null when malformed or too long. */
export function parseStatementPeriod(
  from: string | null | undefined,
  to: string | null | undefined,
  now: Date = new Date(),
): StatementPeriod | null {
  const fallback = defaultStatementPeriod(now);
  const f = from?.trim() || fallback.from;
  const t = to?.trim() || fallback.to;
  if (!isIsoDate(f) || !isIsoDate(t) || f > t) return null;
  if (dayNumber(t) - dayNumber(f) + 1 > MAX_STATEMENT_DAYS) return null;
  return { from: f, to: t };
}

/** The months from..to touch, in order ("2026-01" …). */
export function monthsOf({ from, to }: StatementPeriod): string[] {
  const months: string[] = [];
  let [y, m] = from.slice(0, 7).split("-").map(Number);
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, "0")}`;
    months.push(key);
    if (key >= last) break;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return months;
}

function zeroByType(): Record<IncomeType, number> {
  return Object.fromEntries(INCOME_TYPES.map((t) => [t, 0])) as Record<IncomeType, number>;
}

const householdColumns = {
  id: s.households.id,
  registryCode: s.households.registryCode,
  headName: s.households.headName,
  idCardMasked: s.households.idCardMasked,
  memberCount: s.households.memberCount,
  kind: s.households.kind,
  townId: s.households.townId,
  villageId: s.households.villageId,
  townName: town.name,
  villageName: village.name,
};

type EntryRow = {
  id: number;
  householdId: string | null;
  kind: "sale" | "reversal";
  linkageId: string;
  amountFen: number;
  statDate: string;
  createdAt: Date;
  mechanism: Mechanism;
  incomeType: IncomeType;
  supplierName: string;
  validFrom: string;
  validUntil: string | null;
  status: string;
};

/** The ledger entries of these households in the period, with their agreements and suppliers. */
async function entriesOf(householdIds: string[], period: StatementPeriod): Promise<EntryRow[]> {
  if (householdIds.length === 0) return [];
  return db
    .select({
      id: s.attributionEntries.id,
      householdId: s.attributionEntries.householdId,
      kind: s.attributionEntries.kind,
      linkageId: s.attributionEntries.linkageId,
      amountFen: s.attributionEntries.amountFen,
      statDate: s.attributionEntries.statDate,
      createdAt: s.attributionEntries.createdAt,
      mechanism: s.attributionEntries.mechanism,
      incomeType: s.attributionEntries.incomeType,
      supplierName: s.suppliers.name,
      validFrom: s.linkages.validFrom,
      validUntil: s.linkages.validUntil,
      status: s.linkages.status,
    })
    .from(s.attributionEntries)
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.attributionEntries.supplierId))
    .innerJoin(s.linkages, eq(s.linkages.id, s.attributionEntries.linkageId))
    .where(
      and(
        inArray(s.attributionEntries.householdId, householdIds),
        gte(s.attributionEntries.statDate, period.from),
        lte(s.attributionEntries.statDate, period.to),
      ),
    )
    .orderBy(asc(s.attributionEntries.statDate), asc(s.attributionEntries.id));
}

function buildStatement(
  household: StatementHousehold,
  period: StatementPeriod,
  entries: EntryRow[],
): HouseholdStatement {
  const months = new Map(monthsOf(period).map((m) => [m, zeroByType()]));
  const totals = zeroByType();
  const sources = new Map<string, StatementSource>();
  const reversals: StatementReversal[] = [];
  let salesFen = 0;
  let reversalsFen = 0;
  for (const e of entries) {
    months.get(e.statDate.slice(0, 7))![e.incomeType] += e.amountFen;
    totals[e.incomeType] += e.amountFen;
    let source = sources.get(e.linkageId);
    if (!source) {
      source = {
        linkageId: e.linkageId,
        supplierName: e.supplierName,
        mechanism: e.mechanism,
        incomeType: e.incomeType,
        validFrom: e.validFrom,
        validUntil: e.validUntil,
        status: e.status,
        salesFen: 0,
        reversalsFen: 0,
        netFen: 0,
      };
      sources.set(e.linkageId, source);
    }
    source.netFen += e.amountFen;
    if (e.kind === "sale") {
      source.salesFen += e.amountFen;
      salesFen += e.amountFen;
    } else {
      source.reversalsFen += e.amountFen;
      reversalsFen += e.amountFen;
      reversals.push({
        entryId: e.id,
        saleDate: e.statDate,
        recordedOn: shanghaiDate(e.createdAt),
        supplierName: e.supplierName,
        mechanism: e.mechanism,
        incomeType: e.incomeType,
        amountFen: e.amountFen,
      });
    }
  }
  const totalFen = salesFen + reversalsFen;
  return {
    household,
    period,
    months: [...months].map(([month, byType]) => ({
      month,
      byType,
      totalFen: INCOME_TYPES.reduce((a, t) => a + byType[t], 0),
    })),
    totals,
    salesFen,
    reversalsFen,
    totalFen,
    perPersonFen: Math.floor(totalFen / Math.max(1, household.memberCount)),
    sources: [...sources.values()].sort(
      (a, b) => a.supplierName.localeCompare(b.supplierName, "zh") || a.linkageId.localeCompare(b.linkageId),
    ),
    reversals,
  };
}

function toHousehold(row: {
  id: string;
  registryCode: string;
  headName: string;
  idCardMasked: string;
  memberCount: number;
  kind: HouseholdKind;
  townName: string;
  villageName: string;
}): StatementHousehold {
  return {
    id: row.id,
    registryCode: row.registryCode,
    headName: row.headName,
    idCardMasked: row.idCardMasked,
    memberCount: row.memberCount,
    kind: row.kind,
    townName: row.townName,
    villageName: row.villageName,
  };
}

/**
 * One household's statement. `purpose` says what is audited: a view of the page, or an export
 * in `format`. Out of scope or unknown: not_found.
 */
export async function getHouseholdStatement({
  caller,
  householdId,
  from,
  to,
  purpose,
  ip,
  now,
}: {
  caller: Caller;
  householdId: string;
  from?: string | null;
  to?: string | null;
  purpose: { kind: "view" } | { kind: "export"; format: "pdf" | "xlsx" };
  ip?: string | null;
  now?: Date;
}): Promise<{ ok: true; statement: HouseholdStatement } | NotFound | Forbidden | Invalid> {
  const scope = await statementScope(caller);
  if (!scope) return { ok: false, code: "forbidden" };
  if (!UUID.test(householdId)) return { ok: false, code: "not_found" };
  const [row] = await db
    .select(householdColumns)
    .from(s.households)
    .innerJoin(village, eq(village.id, s.households.villageId))
    .innerJoin(town, eq(town.id, s.households.townId))
    .where(and(eq(s.households.id, householdId), townFilter(scope, s.households.townId)));
  if (!row) return { ok: false, code: "not_found" };
  const period = parseStatementPeriod(from, to, now);
  if (!period) return { ok: false, code: "invalid_period" };
  const entries = await entriesOf([row.id], period);
  const statement = buildStatement(toHousehold(row), period, entries);
  await recordAudit(db, {
    actor: caller,
    action: purpose.kind === "view" ? "household.statement_view" : "household.statement_export",
    subjectType: "household",
    subjectId: row.id,
    regionId: row.townId,
    details: {
      registryCode: row.registryCode,
      from: period.from,
      to: period.to,
      ...(purpose.kind === "export" ? { format: purpose.format } : {}),
    },
    ip,
  });
  return { ok: true, statement };
}

export type VillageStatements = {
  village: { id: number; code: string; name: string; townName: string };
  period: StatementPeriod;
  statements: HouseholdStatement[];
  /** The PDF volume given (1-based) and how many the village has; the XLSX is one volume. */
  part: number;
  parts: number;
};

/**
 * Households per PDF volume of a village's statements. A page per household is drawn synchronously,
 * so one PDF of a village of 30,000 imported households held its server process for minutes (the
 * page sweep found it): bigger villages are printed in volumes, `part=2`, `part=3`… in registry-code
 * order. The XLSX (rows, not pages) stays whole.
 */
export const STATEMENT_PDF_HOUSEHOLDS = 300;

/** The number of PDF volumes of a village with `households` households (at least one). */
export function statementPdfParts(households: number, perPart = STATEMENT_PDF_HOUSEHOLDS): number {
  return Math.max(1, Math.ceil(households / perPart));
}

/**
 * Every household of one village (by its 12-digit code), each with its statement, in registry-code
 * order: the bulk export (a PDF: one volume of STATEMENT_PDF_HOUSEHOLDS, `part`). A village outside
 * the caller's region, or a volume past the last: not_found. Audited once.
 */
export async function getVillageStatements({
  caller,
  villageCode,
  from,
  to,
  format,
  part: partAsked,
  perPart = STATEMENT_PDF_HOUSEHOLDS,
  ip,
  now,
}: {
  caller: Caller;
  villageCode: string;
  from?: string | null;
  to?: string | null;
  format: "pdf" | "xlsx";
  /** The PDF volume, 1-based (default 1); ignored for the XLSX. */
  part?: number | null;
  /** Households per PDF volume (tests make it small). */
  perPart?: number;
  ip?: string | null;
  now?: Date;
}): Promise<{ ok: true; result: VillageStatements } | NotFound | Forbidden | Invalid> {
  const scope = await statementScope(caller);
  if (!scope) return { ok: false, code: "forbidden" };
  if (!/^\d{12}$/.test(villageCode)) return { ok: false, code: "not_found" };
  const [place] = await db
    .select({ id: village.id, code: village.code, name: village.name, townId: town.id, townName: town.name })
    .from(village)
    .innerJoin(town, eq(town.id, village.parentId))
    .where(and(eq(village.code, villageCode), eq(village.level, "village"), townFilter(scope, town.id)));
  if (!place) return { ok: false, code: "not_found" };
  const period = parseStatementPeriod(from, to, now);
  if (!period) return { ok: false, code: "invalid_period" };
  const inVillage = and(eq(s.households.villageId, place.id), townFilter(scope, s.households.townId));
  let part = 1;
  let parts = 1;
  if (format === "pdf") {
    const [{ n }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(s.households)
      .where(inVillage);
    parts = statementPdfParts(Number(n), perPart);
    part = partAsked ?? 1;
    if (!Number.isInteger(part) || part < 1 || part > parts) return { ok: false, code: "not_found" };
  }
  const query = db
    .select(householdColumns)
    .from(s.households)
    .innerJoin(village, eq(village.id, s.households.villageId))
    .innerJoin(town, eq(town.id, s.households.townId))
    .where(inVillage)
    .orderBy(asc(s.households.registryCode), asc(s.households.id));
  const rows = format === "pdf" ? await query.limit(perPart).offset((part - 1) * perPart) : await query;
  const entries = await entriesOf(
    rows.map((r) => r.id),
    period,
  );
  const byHousehold = new Map<string, EntryRow[]>();
  for (const e of entries) {
    const list = byHousehold.get(e.householdId!) ?? [];
    list.push(e);
    byHousehold.set(e.householdId!, list);
  }
  const statements = rows.map((r) => buildStatement(toHousehold(r), period, byHousehold.get(r.id) ?? []));
  await recordAudit(db, {
    actor: caller,
    action: "household.statement_bulk_export",
    subjectType: "village",
    subjectId: place.code,
    regionId: place.townId,
    details: { households: statements.length, from: period.from, to: period.to, format, part, parts },
    ip,
  });
  return {
    ok: true,
    result: {
      village: { id: place.id, code: place.code, name: place.name, townName: place.townName },
      period,
      statements,
      part,
      parts,
    },
  };
}

export type StatementVillageOption = {
  code: string;
  name: string;
  townName: string;
  households: number;
  /** PDF volumes of STATEMENT_PDF_HOUSEHOLDS households each. */
  pdfParts: number;
};

/** The villages of the caller's region with their household counts: the bulk export's choices. */
export async function listStatementVillages({
  caller,
}: {
  caller: Caller;
}): Promise<{ ok: true; villages: StatementVillageOption[] } | Forbidden> {
  const scope = await statementScope(caller);
  if (!scope) return { ok: false, code: "forbidden" };
  const rows = await db
    .select({
      code: village.code,
      name: village.name,
      townName: town.name,
      households: sql<number>`(select count(*)::int from ${s.households} h where h.village_id = ${village.id})`,
    })
    .from(village)
    .innerJoin(town, eq(town.id, village.parentId))
    .where(and(eq(village.level, "village"), townFilter(scope, town.id)))
    .orderBy(asc(town.code), asc(village.code));
  return {
    ok: true,
    villages: rows.map((r) => ({
      ...r,
      households: Number(r.households),
      pdfParts: statementPdfParts(Number(r.households)),
    })),
  };
}
