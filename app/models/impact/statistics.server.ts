// The consumption-assistance statistics officials report (DESIGN.md §3 "Statistics"), read from
// the rollups only, never from the order lines or the raw ledger, so a district-year stays fast at
// millions of orders: sums come from the monthly rollups for the period's whole months and from the
// daily ones for the days at its edges; a calendar year's households and buyers from the yearly
// rollups (per beneficiary, per buyer), any other period's from the daily rows.
// Definitions (the same for the dashboard, its exports and the API):
// - period: Asia/Shanghai payment dates `from`..`to` inclusive (the rollups' stat_date);
// - assisted sales: net sales (after refunds) of lines certified at sale time; other sales apart;
//   a town's sales are those of products ORIGINATING in the town;
// - orders: paid orders with a part from a supplier of the scope (an order spanning two towns
//   counts in each town, once in the district); buyers: distinct institutions, accounts or guests;
// - households reached: distinct households with positive net attribution in the period; persons:
//   their member counts as recorded at payment. A beneficiary's town, village, kind and members on
//   a day are those recorded at its first payment that day, whatever the income type (its daily
//   rollup rows, one per income type, all carry them: takeDaySnapshots): its income is
//   counted where it was on that day; for the counts of households reached it takes, over the
//   period, the smallest town, village and kind and the largest member count (one place each);
//   attributed income goes to households, village-collective income apart;
// - per household / per person: the households' income divided, rounded to the fen;
// - coverage: registered active households of each kind (their current kind and town) reached.
// Read from statsDb: the streaming replica when DATABASE_REPLICA_URL is set (decision 135), with
// how fresh the figures are; the caller's scope and the audit entry of an export stay on the primary.
// Scope: an admin sees everything, a district official the towns of the district, a town official
// only their own town; a town outside the caller's scope answers like a missing one.
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { db, rowsOf, schema as s, statsDb, statsFreshness } from "~/lib/db.server";
import { isIsoDate, shanghaiDate } from "~/lib/dates";
import { ttlCached } from "~/lib/ttl-cache";
import { onRegistryChanged } from "~/lib/registry-events";
import { HOUSEHOLD_KIND_VALUES as HOUSEHOLD_KINDS, type HouseholdKindValue } from "~/lib/household-kinds";
import { INCOME_TYPES, type IncomeType } from "../../../core/mechanisms";
import { maskName } from "../../../core/pii";
import { recordAudit } from "../access/audit.server";
import { inTowns, scopeOf, type Caller } from "../access/scope.server";

// ─── periods ─────────────────────────────────────────────────────────────────────────────
export const PERIOD_KINDS = ["month", "quarter", "year", "range"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
export type Period = {
  kind: PeriodKind;
  from: string;
  to: string;
  /** month "2026-11", quarter "2026-Q4", year "2026" or "" */ value: string;
};

/** The longest custom range: ten years of days keeps every query bounded. */
export const MAX_RANGE_DAYS = 3660;
/** A report date: a real calendar date (app/lib/dates.ts) in the years statistics cover. */
function isReportDate(value: string): boolean {
  return isIsoDate(value) && +value.slice(0, 4) >= 2000 && +value.slice(0, 4) <= 2100;
}

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

function lastDayOfMonth(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0));
  return `${year}-${String(month).padStart(2, "0")}-${String(d.getUTCDate()).padStart(2, "0")}`;
}

export type RangeError = "bad_from" | "bad_to" | "reversed" | "too_long";

/** A custom range `from`..`to` (inclusive), checked. */
export function checkRange(
  from: string,
  to: string,
): { ok: true; from: string; to: string } | { ok: false; code: RangeError } {
  if (!isReportDate(from)) return { ok: false, code: "bad_from" };
  if (!isReportDate(to)) return { ok: false, code: "bad_to" };
  if (to < from) return { ok: false, code: "reversed" };
  if (daysBetween(from, to) >= MAX_RANGE_DAYS) return { ok: false, code: "too_long" };
  return { ok: true, from, to };
}

/**
 * The period chosen in the dashboard's query string: `period=month&month=2026-11`,
 * `period=quarter&quarter=2026-Q4`, `period=year&year=2026`, `period=range&from=…&to=…`.
 * Anything missing or malformed falls back to this year (Asia/Shanghai), so a link never breaks.
 */
export function periodFromSearch(params: URLSearchParams, now = new Date()): Period & { error?: RangeError } {
  const today = shanghaiDate(now);
  const thisYear = today.slice(0, 4);
  const yearPeriod = (y: string): Period => ({
    kind: "year",
    from: `${y}-01-01`,
    to: `${y}-12-31`,
    value: y,
  });
  const kind = params.get("period");
  if (kind === "month") {
    const m = /^(\d{4})-(\d{2})$/.exec(params.get("month") ?? "");
    if (m && +m[2] >= 1 && +m[2] <= 12 && +m[1] >= 2000 && +m[1] <= 2100)
      return { kind, from: `${m[1]}-${m[2]}-01`, to: lastDayOfMonth(+m[1], +m[2]), value: `${m[1]}-${m[2]}` };
  } else if (kind === "quarter") {
    const q = /^(\d{4})-Q([1-4])$/.exec(params.get("quarter") ?? "");
    if (q && +q[1] >= 2000 && +q[1] <= 2100) {
      const first = (+q[2] - 1) * 3 + 1;
      return {
        kind,
        from: `${q[1]}-${String(first).padStart(2, "0")}-01`,
        to: lastDayOfMonth(+q[1], first + 2),
        value: `${q[1]}-Q${q[2]}`,
      };
    }
  } else if (kind === "year") {
    const y = params.get("year") ?? "";
    if (/^\d{4}$/.test(y) && +y >= 2000 && +y <= 2100) return yearPeriod(y);
  } else if (kind === "range") {
    const range = checkRange(params.get("from") ?? "", params.get("to") ?? "");
    if (range.ok) return { kind, from: range.from, to: range.to, value: "" };
    return { ...yearPeriod(thisYear), error: range.code };
  }
  return yearPeriod(thisYear);
}

/** Every month "YYYY-MM" from `from` to `to`. */
export function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  let y = +from.slice(0, 4);
  let m = +from.slice(5, 7);
  const end = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, "0")}`;
    if (key > end) break;
    out.push(key);
    if (++m > 12) ((m = 1), y++);
  }
  return out;
}

// ─── scope ───────────────────────────────────────────────────────────────────────────────
export type TownOption = { id: number; code: string; name: string; nameEn: string | null };
/** The towns a statistics request covers: the caller's Scope (access/scope.server.ts) as town lists for the rollups. */
export type StatsTowns = {
  /** The towns the figures cover; null = no filter (an admin's whole platform). */
  townIds: number[] | null;
  /** The one town chosen (or the town official's own), else null (the district). */
  town: TownOption | null;
  /** The towns the caller may pick. */
  towns: TownOption[];
  /** A town official cannot widen the scope. */
  fixedTown: boolean;
  /** The district when the scope is all of one district's towns (its yearly rows count buyers once). */
  districtId: number | null;
};

/**
 * The caller's statistics scope, narrowed to `townCode` when given. A town outside the caller's
 * scope answers `not_found` (never reveals that it exists); callers who are not officials or
 * admins get `forbidden`.
 */
export async function resolveStatsScope({
  caller,
  townCode,
}: {
  caller: Caller;
  townCode?: string | null;
}): Promise<{ ok: true; scope: StatsTowns } | { ok: false; code: "forbidden" | "not_found" }> {
  let towns: (TownOption & { parentId: number | null })[];
  let fixedTown = false;
  const townCols = {
    id: s.regions.id,
    code: s.regions.code,
    name: s.regions.name,
    nameEn: s.regions.nameEn,
    parentId: s.regions.parentId,
  };
  const townLevels = inArray(s.regions.level, ["town", "subdistrict"]);
  const reach = await scopeOf(caller);
  if (reach.kind === "platform") {
    towns = await db.select(townCols).from(s.regions).where(townLevels).orderBy(s.regions.code);
  } else if (reach.kind === "region" && reach.level === "district") {
    towns = await db
      .select(townCols)
      .from(s.regions)
      .where(and(townLevels, eq(s.regions.parentId, reach.regionId)))
      .orderBy(s.regions.code);
  } else if (reach.kind === "region") {
    towns = await db.select(townCols).from(s.regions).where(eq(s.regions.id, reach.regionId));
    fixedTown = true;
  } else return { ok: false, code: "forbidden" };

  const option = ({ parentId: _p, ...t }: (typeof towns)[number]): TownOption => t;
  const options = towns.map(option);
  if (townCode) {
    const town = towns.find((t) => t.code === townCode);
    if (!town) return { ok: false, code: "not_found" };
    return {
      ok: true,
      scope: { townIds: [town.id], town: option(town), towns: options, fixedTown, districtId: null },
    };
  }
  if (fixedTown)
    return {
      ok: true,
      scope: { townIds: [towns[0].id], town: options[0], towns: options, fixedTown, districtId: null },
    };
  // A district official's towns are their district's; an admin's are all, one district's or several.
  const parents = new Set(towns.map((t) => t.parentId));
  const districtId = parents.size === 1 && towns[0].parentId != null ? towns[0].parentId : null;
  return {
    ok: true,
    scope: {
      townIds: caller.role === "admin" ? null : towns.map((t) => t.id),
      town: null,
      towns: options,
      fixedTown,
      districtId,
    },
  };
}

// ─── figures ─────────────────────────────────────────────────────────────────────────────
export type IncomeByType = { total: number } & Record<IncomeType, number>;
type SalesPair = { assistedSalesFen: number; otherSalesFen: number };

export type Statistics = {
  from: string;
  to: string;
  headline: SalesPair & {
    orders: number;
    buyers: number;
    householdsReached: number;
    personsReached: number;
    attributedIncomeFen: IncomeByType;
    perHouseholdFen: number;
    perPersonFen: number;
    villageCollectiveIncomeFen: number;
    villageCollectivesReached: number;
  };
  byTown: ({ code: string; name: string; nameEn: string | null } & SalesPair & {
      orders: number;
      householdsReached: number;
      personsReached: number;
      attributedIncomeFen: number;
      villageCollectiveIncomeFen: number;
    })[];
  byVillage: ({
    code: string;
    name: string;
    nameEn: string | null;
    townName: string;
    townNameEn: string | null;
  } & SalesPair & {
      householdsReached: number;
      personsReached: number;
      attributedIncomeFen: number;
      villageCollectiveIncomeFen: number;
    })[];
  byCategory: ({ slug: string; name: string; nameEn: string } & SalesPair & { quantity: number })[];
  bySupplierKind: ({ kind: string } & SalesPair)[];
  byBuyerKind: ({ kind: string } & SalesPair & { orders: number; buyers: number })[];
  byHouseholdKind: {
    kind: HouseholdKindValue;
    householdsReached: number;
    personsReached: number;
    attributedIncomeFen: number;
  }[];
  byIncomeType: { incomeType: IncomeType; amountFen: number }[];
  monthly: ({ month: string } & SalesPair & { orders: number; attributedIncomeFen: number })[];
  coverage: { kind: HouseholdKindValue; registered: number; reached: number }[];
  monitoredNotReached: number;
};

const SUPPLIER_KINDS = s.supplierKind.enumValues;
const BUYER_KINDS = s.buyerKind.enumValues;

/** A household still monitored (as the registry's partial index households_monitored_idx reads it). */
const monitored = (h: "h" | "households") =>
  sql.raw(`${h}.risk_eliminated_at is null and ${h}.kind <> 'alleviated'`);

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** `col in (towns)` for the scope, or no condition for an admin's whole platform. */
function inScope(column: SQL, scope: StatsTowns): SQL {
  return inTowns(column, scope.townIds);
}

/** A whole calendar year's number ("2025-01-01".."2025-12-31" → 2025), else null. */
function calendarYear(from: string, to: string): number | null {
  return from.endsWith("-01-01") && to === `${from.slice(0, 4)}-12-31` ? Number(from.slice(0, 4)) : null;
}

/**
 * The period as the whole months in it (read from the monthly rollups, as their first days) and
 * the ranges of days left at its edges (read from the daily ones).
 */
export function splitPeriod(from: string, to: string): { months: string[]; days: [string, string][] } {
  const months: string[] = [];
  const days: [string, string][] = [];
  for (const month of monthsOf(from, to)) {
    const first = `${month}-01`;
    const last = lastDayOfMonth(+month.slice(0, 4), +month.slice(5, 7));
    if (from <= first && last <= to) months.push(first);
    else days.push([from > first ? from : first, to < last ? to : last]);
  }
  return { months, days };
}

/** The rows of a monthly rollup and of its daily twin that together cover the period exactly. */
function periodRows(
  from: string,
  to: string,
  monthly: (inMonths: SQL) => SQL,
  daily: (inDays: SQL) => SQL,
): SQL {
  const { months, days } = splitPeriod(from, to);
  const parts: SQL[] = [];
  // Whole months are contiguous: one range.
  if (months.length)
    parts.push(monthly(sql`month between ${months[0]}::date and ${months[months.length - 1]}::date`));
  if (days.length)
    parts.push(
      daily(
        sql`(${sql.join(
          days.map(([a, b]) => sql`stat_date between ${a}::date and ${b}::date`),
          sql` or `,
        )})`,
      ),
    );
  return sql.join(parts, sql` union all `);
}

/**
 * Per beneficiary over the period, as a SQL subquery (beneficiary_type, beneficiary_id, town_id,
 * village_id, kind, members, total): a calendar year reads the yearly rows, one per beneficiary;
 * any other period, or a year in which a beneficiary moved town (its yearly row cannot be split by
 * town), sums the per-month rows (kept per town) of its whole months and the daily rows of the rest. Both give the same figures (verifyRollups checks the yearly rows).
 */
async function beneficiaryTotals(scope: StatsTowns, from: string, to: string): Promise<SQL> {
  const year = calendarYear(from, to);
  if (year !== null) {
    const moved = rowsOf(
      await statsDb.execute(
        sql`select 1 from stats_beneficiary_yearly where year = ${year} and moved_town limit 1`,
      ),
    );
    if (moved.length === 0) {
      return sql`select beneficiary_type, beneficiary_id, town_id, village_id, household_kind::text as kind, household_members as members, amount_fen as total
                 from stats_beneficiary_yearly where year = ${year} and ${inScope(sql`town_id`, scope)}`;
    }
  }
  // Whole months from the per-month rows, the days at the edges from the daily ones (issue 22).
  const rows = periodRows(
    from,
    to,
    (
      inMonths,
    ) => sql`select beneficiary_type, beneficiary_id, town_id, village_id, household_kind, household_members, amount_fen
                      from stats_beneficiary_monthly where ${inMonths} and ${inScope(sql`town_id`, scope)}`,
    (
      inDays,
    ) => sql`select beneficiary_type, beneficiary_id, town_id, village_id, household_kind, household_members, amount_fen
                    from stats_beneficiary_daily where ${inDays} and ${inScope(sql`town_id`, scope)}`,
  );
  return sql`select beneficiary_type, beneficiary_id, min(town_id) as town_id, min(village_id) as village_id, min(household_kind)::text as kind,
                    max(household_members) as members, sum(amount_fen) as total
             from (${rows}) p
             group by beneficiary_type, beneficiary_id`;
}

/** Distinct buyers in the scope and period, in all and by buyer kind (rows: g_bkind, buyer_kind, buyers). */
function distinctBuyers(scope: StatsTowns, from: string, to: string): SQL {
  const year = calendarYear(from, to);
  const regionId = scope.town?.id ?? scope.districtId;
  if (year !== null && regionId !== null) {
    return sql`select grouping(buyer_kind) as g_bkind, buyer_kind::text as buyer_kind, sum(buyers)::bigint as buyers
               from stats_buyer_counts where year = ${year} and region_id = ${regionId}
               group by grouping sets ((), (buyer_kind))`;
  }
  if (regionId !== null) return buyersFromChains(regionId, from, to);
  // Scopes without a chain (an admin's platform, several districts): each (kind, buyer) once by
  // hashing, then counted.
  return sql`with k as (select distinct buyer_kind, buyer_key from stats_buyers_daily
                        where stat_date between ${from}::date and ${to}::date and ${inScope(sql`town_id`, scope)} and orders > 0)
             select 1 as g_bkind, null::text as buyer_kind, count(distinct buyer_key)::bigint as buyers from k
             union all
             select 0, buyer_kind::text, count(*)::bigint from k group by buyer_kind`;
}

/**
 * Distinct buyers of one town or district from the buyers' chains of active days (decision 142):
 * each buyer counts once, on its first active day in the period. In a first month the period
 * enters mid-way, that is a day whose previous active day of the month (stats_buyer_days.prev_day)
 * is before `from` (or none); in every later month up to `to`'s, a month whose last active day
 * before the month is before `from` (stats_buyer_months; in `to`'s month, if cut, one whose first
 * active day is on or before `to`). Rows: per (day, previous day of the month) and per (month,
 * [first day,] last day before) — bounded by days, not by orders or buyers.
 */
function buyersFromChains(regionId: number, from: string, to: string): SQL {
  const parts: SQL[] = [];
  const fromMonth = `${from.slice(0, 7)}-01`;
  const toMonth = `${to.slice(0, 7)}-01`;
  let firstWholeMonth = fromMonth;
  if (from !== fromMonth) {
    const endOfFirst = lastDayOfMonth(+from.slice(0, 4), +from.slice(5, 7));
    parts.push(sql`select kind, buyers from stats_buyer_days
                   where region_id = ${regionId} and stat_date between ${from}::date and ${to < endOfFirst ? to : endOfFirst}::date
                     and prev_day < ${Number(from.slice(8, 10))}`);
    const [y, m] = [+from.slice(0, 4), +from.slice(5, 7)];
    firstWholeMonth = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
  }
  if (firstWholeMonth <= toMonth) {
    // Whole months by their rows for the whole month (first_day 0); `to`'s month, if cut, by first day.
    const toDay = Number(to.slice(8, 10));
    const toWhole = to === lastDayOfMonth(+to.slice(0, 4), +to.slice(5, 7));
    parts.push(sql`select kind, buyers from stats_buyer_months
                   where region_id = ${regionId} and month between ${firstWholeMonth}::date and ${toMonth}::date
                     and last_before < ${from}::date
                     and ${toWhole ? sql`first_day = 0` : sql`(case when month < ${toMonth}::date then first_day = 0 else first_day between 1 and ${toDay} end)`}`);
  }
  return sql`select (kind = 'all')::int as g_bkind, case when kind = 'all' then null else kind end as buyer_kind,
                    sum(buyers)::bigint as buyers
             from (${sql.join(parts, sql` union all `)}) c group by kind`;
}

/** Every figure of the dashboard and the API for one scope and period: a handful of rollup queries. */
export async function computeStatistics({
  scope,
  from,
  to,
}: {
  scope: StatsTowns;
  from: string;
  to: string;
}): Promise<Statistics> {
  const town = inScope(sql`town_id`, scope);
  // A single town counts each of its orders; a wider scope counts an order once across its towns.
  const ordersSum =
    scope.townIds !== null && scope.townIds.length === 1 ? sql`sum(orders)` : sql`sum(orders_once)`;
  const beneficiaries = await beneficiaryTotals(scope, from, to);

  // Sales by facet (decision 155): per (facet, key), per (facet, town) and per (facet, day or
  // month), certified apart; towns, months and the headline take the category facet's rows.
  const salesFacets = periodRows(
    from,
    to,
    (inMonths) => sql`select month as d, town_id, facet, key, certified, sales_fen, quantity
                      from stats_sales_facets_monthly where ${inMonths} and ${town}`,
    (inDays) => sql`select stat_date as d, town_id, facet, key, certified, sales_fen, quantity
                    from stats_sales_facets_daily where ${inDays} and ${town}`,
  );
  const [salesRows, orderRows, buyerRows, incomeRows, beneficiaryRows, registered] = await Promise.all([
    statsDb.execute(sql`
      with r as (${salesFacets})
      select grouping(town_id) as g_town, grouping(d) as g_month, facet::text as facet, key, town_id,
             to_char(d, 'YYYY-MM') as month, certified, sum(sales_fen)::bigint as sales, sum(quantity)::bigint as quantity
      from r
      group by grouping sets ((facet, key, certified), (facet, town_id, certified), (facet, d, certified))`),
    statsDb.execute(sql`
      with r as (${periodRows(
        from,
        to,
        (inMonths) =>
          sql`select month as d, town_id, buyer_kind, orders, orders_once from stats_orders_monthly where ${inMonths} and ${town}`,
        (inDays) =>
          sql`select stat_date as d, town_id, buyer_kind, orders, orders_once from stats_orders_daily where ${inDays} and ${town}`,
      )})
      select grouping(town_id) as g_town, grouping(buyer_kind) as g_bkind, grouping(to_char(d, 'YYYY-MM')) as g_month,
             town_id, buyer_kind::text as buyer_kind, to_char(d, 'YYYY-MM') as month,
             sum(orders)::bigint as orders_each, ${ordersSum}::bigint as orders
      from r
      group by grouping sets ((), (town_id), (buyer_kind), (to_char(d, 'YYYY-MM')))`),
    statsDb.execute(distinctBuyers(scope, from, to)),
    statsDb.execute(sql`
      with r as (${periodRows(
        from,
        to,
        (
          inMonths,
        ) => sql`select month as d, beneficiary_type, town_id, village_id, household_kind, income_type, amount_fen
                          from stats_income_monthly where ${inMonths} and ${town}`,
        (
          inDays,
        ) => sql`select stat_date as d, beneficiary_type, town_id, village_id, household_kind, income_type, amount_fen
                        from stats_beneficiary_daily where ${inDays} and ${town}`,
      )})
      select grouping(town_id) as g_town, grouping(village_id) as g_village, grouping(household_kind) as g_kind,
             grouping(income_type) as g_type, grouping(to_char(d, 'YYYY-MM')) as g_month,
             beneficiary_type::text as beneficiary_type, town_id, village_id, household_kind::text as kind, income_type::text as income_type,
             to_char(d, 'YYYY-MM') as month, sum(amount_fen)::bigint as amount
      from r
      group by grouping sets ((beneficiary_type), (beneficiary_type, town_id), (beneficiary_type, village_id), (beneficiary_type, household_kind),
                              (beneficiary_type, income_type), (beneficiary_type, to_char(d, 'YYYY-MM')))`),
    // Households and persons reached (per beneficiary totals b, computed once), and (part 'cov')
    // the reached households by their current kind (active ones in scope, monitored apart).
    statsDb.execute(sql`
      with b as (${beneficiaries})
      select 'fig' as part, grouping(town_id) as g_town, grouping(village_id) as g_village, grouping(kind) as g_kind,
             town_id, village_id, kind,
             count(*) filter (where beneficiary_type = 'household' and total > 0)::bigint as households,
             coalesce(sum(members) filter (where beneficiary_type = 'household' and total > 0), 0)::bigint as persons,
             count(*) filter (where beneficiary_type = 'village_collective' and total > 0)::bigint as collectives,
             null::bigint as reached, null::bigint as reached_monitored
      from b
      group by grouping sets ((), (town_id), (village_id), (kind))
      union all
      select 'cov', 1, 1, 0, null, null, h.kind::text, null, null, null,
             count(*)::bigint, count(*) filter (where ${monitored("h")})::bigint
      from b join households h on h.id = b.beneficiary_id
      where b.beneficiary_type = 'household' and b.total > 0 and h.status = 'active' and ${inScope(sql`h.town_id`, scope)}
      group by h.kind`),
    registeredHouseholds(scope),
  ]);

  const regionIds = new Set<number>();
  const categoryIds = new Set<number>();
  const sales = rowsOf<Record<string, unknown>>(salesRows);
  const benefAll = rowsOf<Record<string, unknown>>(beneficiaryRows);
  const benef = benefAll.filter((r) => r.part === "fig");
  const registry = benefAll.filter((r) => r.part === "cov");
  for (const r of sales) {
    if (r.town_id != null) regionIds.add(num(r.town_id));
    if (num(r.g_town) === 1 && num(r.g_month) === 1 && r.facet === "village") regionIds.add(num(r.key));
    if (num(r.g_town) === 1 && num(r.g_month) === 1 && r.facet === "category") categoryIds.add(num(r.key));
  }
  for (const r of benef) {
    if (r.town_id != null) regionIds.add(num(r.town_id));
    if (r.village_id != null) regionIds.add(num(r.village_id));
  }
  const orderSums = rowsOf<Record<string, unknown>>(orderRows);
  const incomes = rowsOf<Record<string, unknown>>(incomeRows);
  for (const r of [...orderSums, ...incomes]) {
    if (r.town_id != null) regionIds.add(num(r.town_id));
    if (r.village_id != null) regionIds.add(num(r.village_id));
  }
  const [regionRows, categoryRows] = await Promise.all([
    regionIds.size
      ? statsDb
          .select({
            id: s.regions.id,
            code: s.regions.code,
            name: s.regions.name,
            nameEn: s.regions.nameEn,
            parentId: s.regions.parentId,
          })
          .from(s.regions)
          .where(inArray(s.regions.id, [...regionIds]))
      : [],
    categoryIds.size
      ? statsDb
          .select({
            id: s.categories.id,
            slug: s.categories.slug,
            name: s.categories.name,
            nameEn: s.categories.nameEn,
          })
          .from(s.categories)
          .where(inArray(s.categories.id, [...categoryIds]))
      : [],
  ]);
  const regionById = new Map(regionRows.map((r) => [r.id, r]));
  // Villages need their town's name: one more look-up for the parents not already loaded.
  const missingParents = [
    ...new Set(
      regionRows.flatMap((r) => (r.parentId != null && !regionById.has(r.parentId) ? [r.parentId] : [])),
    ),
  ];
  if (missingParents.length) {
    for (const r of await statsDb
      .select({
        id: s.regions.id,
        code: s.regions.code,
        name: s.regions.name,
        nameEn: s.regions.nameEn,
        parentId: s.regions.parentId,
      })
      .from(s.regions)
      .where(inArray(s.regions.id, missingParents))) {
      regionById.set(r.id, r);
    }
  }
  const categoryById = new Map(categoryRows.map((c) => [c.id, c]));

  // Sales: one facet per breakdown, each split certified / not.
  const pair = () => ({ assistedSalesFen: 0, otherSalesFen: 0 });
  const add = (p: SalesPair, certified: unknown, fen: number) => {
    if (certified === true || certified === "t" || certified === "true") p.assistedSalesFen += fen;
    else p.otherSalesFen += fen;
  };
  const headSales = pair();
  const townSales = new Map<number, SalesPair>();
  const villageSales = new Map<number, SalesPair>();
  const categorySales = new Map<number, SalesPair & { quantity: number }>();
  const skindSales = new Map<string, SalesPair>();
  const bkindSales = new Map<string, SalesPair>();
  const monthSales = new Map<string, SalesPair>();
  const get = <K, V>(m: Map<K, V>, k: K, make: () => V) => m.get(k) ?? (m.set(k, make()), m.get(k)!);
  for (const r of sales) {
    const fen = num(r.sales);
    if (num(r.g_town) === 0 || num(r.g_month) === 0) {
      // Towns and months: the category facet's rows (every sale has one category); a month's
      // edge days come as days, each added to its month.
      if (r.facet !== "category") continue;
      if (num(r.g_town) === 0) add(get(townSales, num(r.town_id), pair), r.certified, fen);
      else add(get(monthSales, String(r.month), pair), r.certified, fen);
    } else if (r.facet === "village") add(get(villageSales, num(r.key), pair), r.certified, fen);
    else if (r.facet === "category") {
      const c = get(categorySales, num(r.key), () => ({ ...pair(), quantity: 0 }));
      add(c, r.certified, fen);
      c.quantity += num(r.quantity);
      add(headSales, r.certified, fen);
    } else if (r.facet === "supplier_kind") add(get(skindSales, String(r.key), pair), r.certified, fen);
    else if (r.facet === "buyer_kind") add(get(bkindSales, String(r.key), pair), r.certified, fen);
  }

  let orders = 0;
  const townOrders = new Map<number, number>();
  const bkindOrders = new Map<string, number>();
  const monthOrders = new Map<string, number>();
  for (const r of orderSums) {
    if (num(r.g_town) === 0) townOrders.set(num(r.town_id), num(r.orders_each));
    else if (num(r.g_bkind) === 0) bkindOrders.set(String(r.buyer_kind), num(r.orders));
    else if (num(r.g_month) === 0) monthOrders.set(String(r.month), num(r.orders));
    else orders = num(r.orders);
  }
  let buyerCount = 0;
  const bkindBuyers = new Map<string, number>();
  for (const r of rowsOf<Record<string, unknown>>(buyerRows)) {
    if (num(r.g_bkind) === 0) bkindBuyers.set(String(r.buyer_kind), num(r.buyers));
    else buyerCount = num(r.buyers);
  }

  // Income: households' and village collectives' apart, by where they were on the day.
  type Money = { income: number; collectiveIncome: number };
  const money = (): Money => ({ income: 0, collectiveIncome: 0 });
  const headMoney = money();
  const income: IncomeByType = { total: 0, operating: 0, wage: 0, property: 0, transfer: 0 };
  const townMoney = new Map<number, Money>();
  const villageMoney = new Map<number, Money>();
  const kindMoney = new Map<string, Money>();
  const monthIncome = new Map<string, number>();
  for (const r of incomes) {
    const amount = num(r.amount);
    const household = r.beneficiary_type === "household";
    const into = (m: Money) => (household ? (m.income += amount) : (m.collectiveIncome += amount));
    if (num(r.g_town) === 0) into(get(townMoney, num(r.town_id), money));
    else if (num(r.g_village) === 0) into(get(villageMoney, num(r.village_id), money));
    else if (num(r.g_kind) === 0) {
      if (household && r.kind != null) into(get(kindMoney, String(r.kind), money));
    } else if (num(r.g_type) === 0) {
      if (household) income[r.income_type as IncomeType] += amount;
    } else if (num(r.g_month) === 0) {
      if (household) monthIncome.set(String(r.month), (monthIncome.get(String(r.month)) ?? 0) + amount);
    } else into(headMoney);
  }
  income.total = headMoney.income;

  type Reach = { households: number; persons: number };
  const reach = (r: Record<string, unknown>): Reach => ({
    households: num(r.households),
    persons: num(r.persons),
  });
  let head: Record<string, unknown> = {};
  const townReach = new Map<number, Reach>();
  const villageReach = new Map<number, Reach>();
  const kindReach = new Map<string, Reach>();
  for (const r of benef) {
    if (num(r.g_town) === 0) townReach.set(num(r.town_id), reach(r));
    else if (num(r.g_village) === 0) villageReach.set(num(r.village_id), reach(r));
    else if (num(r.g_kind) === 0) {
      if (r.kind != null) kindReach.set(String(r.kind), reach(r));
    } else head = r;
  }
  const householdsReached = num(head.households);
  const personsReached = num(head.persons);
  const none: Reach = { households: 0, persons: 0 };

  const region = (id: number) =>
    regionById.get(id) ?? { id, code: String(id), name: String(id), nameEn: null, parentId: null };
  const bySales = (a: SalesPair, b: SalesPair) =>
    b.assistedSalesFen + b.otherSalesFen - (a.assistedSalesFen + a.otherSalesFen);

  const townIds = new Set([
    ...townSales.keys(),
    ...townReach.keys(),
    ...townOrders.keys(),
    ...townMoney.keys(),
  ]);
  const byTown = [...townIds]
    .map((id) => {
      const r = townReach.get(id) ?? none;
      const m = townMoney.get(id) ?? money();
      return {
        code: region(id).code,
        name: region(id).name,
        nameEn: region(id).nameEn,
        ...(townSales.get(id) ?? pair()),
        orders: townOrders.get(id) ?? 0,
        householdsReached: r.households,
        personsReached: r.persons,
        attributedIncomeFen: m.income,
        villageCollectiveIncomeFen: m.collectiveIncome,
      };
    })
    .sort((a, b) => a.code.localeCompare(b.code));
  const villageIds = new Set([...villageSales.keys(), ...villageReach.keys(), ...villageMoney.keys()]);
  const byVillage = [...villageIds]
    .map((id) => {
      const v = region(id);
      const t = v.parentId != null ? region(v.parentId) : null;
      const r = villageReach.get(id) ?? none;
      const m = villageMoney.get(id) ?? money();
      return {
        code: v.code,
        name: v.name,
        nameEn: v.nameEn,
        townName: t?.name ?? "",
        townNameEn: t?.nameEn ?? null,
        ...(villageSales.get(id) ?? pair()),
        householdsReached: r.households,
        personsReached: r.persons,
        attributedIncomeFen: m.income,
        villageCollectiveIncomeFen: m.collectiveIncome,
      };
    })
    .sort((a, b) => a.code.localeCompare(b.code));
  const byCategory = [...categorySales]
    .map(([id, v]) => ({
      slug: categoryById.get(id)?.slug ?? String(id),
      name: categoryById.get(id)?.name ?? String(id),
      nameEn: categoryById.get(id)?.nameEn ?? String(id),
      ...v,
    }))
    .sort((a, b) => bySales(a, b) || a.slug.localeCompare(b.slug));
  const bySupplierKind = SUPPLIER_KINDS.filter((k) => skindSales.has(k)).map((kind) => ({
    kind,
    ...skindSales.get(kind)!,
  }));
  const byBuyerKind = BUYER_KINDS.filter((k) => bkindSales.has(k) || bkindOrders.has(k)).map((kind) => ({
    kind,
    ...(bkindSales.get(kind) ?? pair()),
    orders: bkindOrders.get(kind) ?? 0,
    buyers: bkindBuyers.get(kind) ?? 0,
  }));
  const byHouseholdKind = HOUSEHOLD_KINDS.map((kind) => {
    const r = kindReach.get(kind) ?? none;
    return {
      kind,
      householdsReached: r.households,
      personsReached: r.persons,
      attributedIncomeFen: kindMoney.get(kind)?.income ?? 0,
    };
  });
  const byIncomeType = INCOME_TYPES.map((incomeType) => ({ incomeType, amountFen: income[incomeType] }));
  const monthly = monthsOf(from, to).map((month) => ({
    month,
    ...(monthSales.get(month) ?? pair()),
    orders: monthOrders.get(month) ?? 0,
    attributedIncomeFen: monthIncome.get(month) ?? 0,
  }));
  const reachedByKind = new Map(registry.map((r) => [String(r.kind), r]));
  const coverage = HOUSEHOLD_KINDS.map((kind) => ({
    kind,
    registered: registered.get(kind)?.registered ?? 0,
    reached: num(reachedByKind.get(kind)?.reached),
  }));
  const monitoredRegistered = [...registered.values()].reduce((n, r) => n + r.monitored, 0);

  return {
    from,
    to,
    headline: {
      ...headSales,
      orders,
      buyers: buyerCount,
      householdsReached,
      personsReached,
      attributedIncomeFen: income,
      perHouseholdFen: householdsReached ? Math.round(income.total / householdsReached) : 0,
      perPersonFen: personsReached ? Math.round(income.total / personsReached) : 0,
      villageCollectiveIncomeFen: headMoney.collectiveIncome,
      villageCollectivesReached: num(head.collectives),
    },
    byTown,
    byVillage,
    byCategory,
    bySupplierKind,
    byBuyerKind,
    byHouseholdKind,
    byIncomeType,
    monthly,
    coverage,
    monitoredNotReached: monitoredRegistered - registry.reduce((n, r) => n + num(r.reached_monitored), 0),
  };
}

/**
 * The registered (active) households per current kind in the scope, and how many of them are
 * monitored (not alleviated, risk not eliminated). Counted over the whole registry, so remembered
 * for a minute per process; every registry change in this process forgets it at once
 * (forgetRegisteredHouseholds, subscribed to the registry's announcements, app/lib/registry-events.ts).
 */
async function registeredHouseholds(
  scope: StatsTowns,
): Promise<Map<string, { registered: number; monitored: number }>> {
  const out = new Map<string, { registered: number; monitored: number }>();
  for (const r of await registeredByTown("all")) {
    if (scope.townIds !== null && !scope.townIds.includes(r.townId)) continue;
    const k = out.get(r.kind) ?? { registered: 0, monitored: 0 };
    k.registered += r.registered;
    k.monitored += r.monitored;
    out.set(r.kind, k);
  }
  return out;
}

const registeredByTown = ttlCached(60_000, async (_all: "all") =>
  rowsOf<{ town_id: unknown; kind: string; registered: unknown; monitored: unknown }>(
    await statsDb.execute(sql`
      select town_id, kind::text as kind, count(*) as registered, count(*) filter (where ${monitored("households")}) as monitored
      from households where status = 'active' group by town_id, kind`),
  ).map((r) => ({
    townId: num(r.town_id),
    kind: r.kind,
    registered: num(r.registered),
    monitored: num(r.monitored),
  })),
);

/** Forgets the remembered registry counts (after households are created, changed or imported). */
export function forgetRegisteredHouseholds(): void {
  registeredByTown.clear();
}
onRegistryChanged(forgetRegisteredHouseholds);

export type NotReachedHousehold = {
  registryCode: string;
  maskedName: string;
  kind: HouseholdKindValue;
  members: number;
  villageName: string;
  villageNameEn: string | null;
  townName: string;
  townNameEn: string | null;
};

/**
 * The monitored households (active, not alleviated, risk not eliminated) in scope that the period
 * did not reach — who to help next —, by town, village and registry code: masked names, registry
 * codes. A page reads, village by village, only as far as the page goes (index
 * households_monitored_idx); the total is the monitored households less those reached.
 */
export async function listMonitoredNotReached({
  scope,
  from,
  to,
  page,
  pageSize = 20,
}: {
  scope: StatsTowns;
  from: string;
  to: string;
  page?: number;
  pageSize?: number | null;
}) {
  const offset = pageSize == null ? 0 : (Math.max(1, page ?? 1) - 1) * pageSize;
  const upTo = pageSize == null ? sql`` : sql`limit ${offset + pageSize}`;
  const beneficiaries = await beneficiaryTotals(scope, from, to);
  // One statement: the period's per-beneficiary totals are the dear part, read once for the page of
  // households and for how many monitored ones were reached (a row even when the page is empty).
  const [rowsResult, registered] = await Promise.all([
    statsDb.execute(sql`
      with reached as materialized (select beneficiary_id from (${beneficiaries}) b where beneficiary_type = 'household' and total > 0),
      n as (select count(*) as reached_n from reached r join households h on h.id = r.beneficiary_id
            where h.status = 'active' and ${monitored("h")} and ${inScope(sql`h.town_id`, scope)})
      select n.reached_n, x.* from n left join (
        select t.code as town_code, v.code as village_code, h.registry_code, h.head_name, h.kind::text as kind, h.member_count,
               v.name as village, v.name_en as village_en, t.name as town, t.name_en as town_en
        from regions v join regions t on t.id = v.parent_id
        cross join lateral (
          select h.* from households h
          where h.village_id = v.id and h.status = 'active' and ${monitored("h")}
            and ${inScope(sql`h.town_id`, scope)}
            and not exists (select 1 from reached r where r.beneficiary_id = h.id)
          order by h.registry_code ${upTo}) h
        where v.level = 'village' and ${inScope(sql`v.parent_id`, scope)}
        order by t.code, v.code, h.registry_code
        ${pageSize == null ? sql`` : sql`limit ${pageSize} offset ${offset}`}) x on true
      order by x.town_code, x.village_code, x.registry_code`),
    registeredHouseholds(scope),
  ]);
  const all = rowsOf<{
    reached_n: unknown;
    registry_code: string | null;
    head_name: string;
    kind: HouseholdKindValue;
    member_count: number;
    village: string;
    village_en: string | null;
    town: string;
    town_en: string | null;
  }>(rowsResult);
  const rows = all.filter((r) => r.registry_code !== null);
  const monitoredRegistered = [...registered.values()].reduce((n, r) => n + r.monitored, 0);
  const total = monitoredRegistered - num(all[0]?.reached_n);
  return {
    total,
    rows: rows.map((r): NotReachedHousehold => ({
      registryCode: r.registry_code!,
      maskedName: maskName(r.head_name),
      kind: r.kind,
      members: num(r.member_count),
      villageName: r.village,
      villageNameEn: r.village_en,
      townName: r.town,
      townNameEn: r.town_en,
    })),
  };
}

// ─── what routes call ────────────────────────────────────────────────────────────────────
type ScopeError = { ok: false; code: "forbidden" | "not_found" };

/** The dashboard: scope, figures and one page of the not-reached list. */
export async function getDashboard({
  caller,
  townCode,
  from,
  to,
  page,
}: {
  caller: Caller;
  townCode?: string | null;
  from: string;
  to: string;
  page?: number;
}) {
  const resolved = await resolveStatsScope({ caller, townCode });
  if (!resolved.ok) return resolved satisfies ScopeError;
  const started = performance.now();
  const freshness = await statsFreshness();
  const [statistics, notReached] = await Promise.all([
    computeStatistics({ scope: resolved.scope, from, to }),
    listMonitoredNotReached({ scope: resolved.scope, from, to, page }),
  ]);
  return {
    ok: true as const,
    scope: resolved.scope,
    statistics,
    notReached,
    freshness,
    loadMs: Math.round(performance.now() - started),
  };
}

/** The API answer: the same figures (no personal data, no list of households). */
export async function getStatisticsForApi({
  caller,
  townCode,
  from,
  to,
}: {
  caller: Caller;
  townCode?: string | null;
  from: string;
  to: string;
}) {
  const resolved = await resolveStatsScope({ caller, townCode });
  if (!resolved.ok) return resolved satisfies ScopeError;
  const freshness = await statsFreshness();
  const statistics = await computeStatistics({ scope: resolved.scope, from, to });
  return { ok: true as const, scope: resolved.scope, statistics, freshness };
}

export const STAT_TABLES = [
  "town",
  "village",
  "category",
  "supplierKind",
  "buyerKind",
  "householdKind",
  "incomeType",
  "monthly",
  "coverage",
  "notReached",
] as const;
export type StatTable = (typeof STAT_TABLES)[number];

/**
 * The data behind one exported table, with an audit entry (exports leave the platform). The
 * not-reached list is exported whole (masked names only).
 */
export async function getStatisticsExport({
  caller,
  townCode,
  from,
  to,
  table,
  format,
  ip,
}: {
  caller: Caller;
  townCode?: string | null;
  from: string;
  to: string;
  table: StatTable;
  format: string;
  ip?: string | null;
}) {
  const resolved = await resolveStatsScope({ caller, townCode });
  if (!resolved.ok) return resolved satisfies ScopeError;
  const freshness = await statsFreshness();
  const [statistics, notReached] = await Promise.all([
    table === "notReached" ? null : computeStatistics({ scope: resolved.scope, from, to }),
    table === "notReached"
      ? listMonitoredNotReached({ scope: resolved.scope, from, to, pageSize: null })
      : null,
  ]);
  await recordAudit(db, {
    actor: { id: caller.id, role: caller.role },
    action: "statistics.export",
    subjectType: "statistics",
    subjectId: table,
    regionId: resolved.scope.town?.id ?? caller.regionId ?? null,
    details: {
      table,
      format,
      from,
      to,
      town: resolved.scope.town?.code ?? null,
      rows: notReached?.total ?? null,
      asOf: freshness.asOf,
    },
    ip: ip ?? null,
  });
  return { ok: true as const, scope: resolved.scope, statistics, notReached: notReached?.rows ?? null };
}
