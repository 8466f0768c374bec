// The consumption-assistance statistics officials report (DESIGN.md §3 "Statistics"), read from
// the rollups only (stats_sales_daily, stats_beneficiary_daily, stats_buyers_daily), never from
// the order lines or the raw ledger, so a district-year stays fast at millions of orders.
// Definitions (the same for the dashboard, its exports and the API):
// - period: Asia/Shanghai payment dates `from`..`to` inclusive (the rollups' stat_date);
// - assisted sales: net sales (after refunds) of lines certified at sale time; other sales apart;
//   a town's sales are those of products ORIGINATING in the town;
// - orders: paid orders with a part from a supplier of the scope (an order spanning two towns
//   counts in each town, once in the district); buyers: distinct institutions, accounts or guests;
// - households reached: distinct households with positive net attribution in the period; persons:
//   their member counts as recorded at payment; a household's town, village and kind are those of
//   its entries (at payment); attributed income goes to households, village-collective income apart;
// - per household / per person: the households' income divided, rounded to the fen;
// - coverage: registered active households of each kind (their current kind and town) reached.
// Scope: an admin sees everything, a district official the towns of the district, a town official
// only their own town; a town outside the caller's scope answers like a missing one.
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { db, rowsOf, schema as s } from "~/lib/db.server";
import { isIsoDate, shanghaiDate } from "~/lib/dates";
import { MONITORED_KIND_VALUES, type HouseholdKindValue } from "~/lib/household-kinds";
import { INCOME_TYPES, type IncomeType } from "~/lib/mechanisms";
import { maskName } from "~/lib/pii.server";
import { recordAudit } from "./audit.server";
import type { User } from "./users.server";

export type Caller = Pick<User, "id" | "role" | "regionId">;

// ─── periods ─────────────────────────────────────────────────────────────────────────────
export const PERIOD_KINDS = ["month", "quarter", "year", "range"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
export type Period = { kind: PeriodKind; from: string; to: string; /** month "2026-11", quarter "2026-Q4", year "2026" or "" */ value: string };

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
export function checkRange(from: string, to: string): { ok: true; from: string; to: string } | { ok: false; code: RangeError } {
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
  const yearPeriod = (y: string): Period => ({ kind: "year", from: `${y}-01-01`, to: `${y}-12-31`, value: y });
  const kind = params.get("period");
  if (kind === "month") {
    const m = /^(\d{4})-(\d{2})$/.exec(params.get("month") ?? "");
    if (m && +m[2] >= 1 && +m[2] <= 12 && +m[1] >= 2000 && +m[1] <= 2100) return { kind, from: `${m[1]}-${m[2]}-01`, to: lastDayOfMonth(+m[1], +m[2]), value: `${m[1]}-${m[2]}` };
  } else if (kind === "quarter") {
    const q = /^(\d{4})-Q([1-4])$/.exec(params.get("quarter") ?? "");
    if (q && +q[1] >= 2000 && +q[1] <= 2100) {
      const first = (+q[2] - 1) * 3 + 1;
      return { kind, from: `${q[1]}-${String(first).padStart(2, "0")}-01`, to: lastDayOfMonth(+q[1], first + 2), value: `${q[1]}-Q${q[2]}` };
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
    if (++m > 12) (m = 1), y++;
  }
  return out;
}

// ─── scope ───────────────────────────────────────────────────────────────────────────────
export type TownOption = { id: number; code: string; name: string; nameEn: string | null };
export type StatsScope = {
  /** The towns the figures cover; null = no filter (an admin's whole platform). */
  townIds: number[] | null;
  /** The one town chosen (or the town official's own), else null (the district). */
  town: TownOption | null;
  /** The towns the caller may pick. */
  towns: TownOption[];
  /** A town official cannot widen the scope. */
  fixedTown: boolean;
};

/**
 * The caller's statistics scope, narrowed to `townCode` when given. A town outside the caller's
 * scope answers `not_found` (never reveals that it exists); callers who are not officials or
 * admins get `forbidden`.
 */
export async function resolveStatsScope({ caller, townCode }: { caller: Caller; townCode?: string | null }): Promise<{ ok: true; scope: StatsScope } | { ok: false; code: "forbidden" | "not_found" }> {
  let towns: TownOption[];
  let fixedTown = false;
  const townCols = { id: s.regions.id, code: s.regions.code, name: s.regions.name, nameEn: s.regions.nameEn };
  const townLevels = inArray(s.regions.level, ["town", "subdistrict"]);
  if (caller.role === "admin") {
    towns = await db.select(townCols).from(s.regions).where(townLevels).orderBy(s.regions.code);
  } else if (caller.role === "official" && caller.regionId != null) {
    const [region] = await db.select({ level: s.regions.level }).from(s.regions).where(eq(s.regions.id, caller.regionId));
    if (!region) return { ok: false, code: "forbidden" };
    if (region.level === "district") {
      towns = await db.select(townCols).from(s.regions).where(and(townLevels, eq(s.regions.parentId, caller.regionId))).orderBy(s.regions.code);
    } else if (region.level === "town" || region.level === "subdistrict") {
      towns = await db.select(townCols).from(s.regions).where(eq(s.regions.id, caller.regionId));
      fixedTown = true;
    } else return { ok: false, code: "forbidden" };
  } else return { ok: false, code: "forbidden" };

  if (townCode) {
    const town = towns.find((t) => t.code === townCode);
    if (!town) return { ok: false, code: "not_found" };
    return { ok: true, scope: { townIds: [town.id], town, towns, fixedTown } };
  }
  if (fixedTown) return { ok: true, scope: { townIds: [towns[0].id], town: towns[0], towns, fixedTown } };
  return { ok: true, scope: { townIds: caller.role === "admin" ? null : towns.map((t) => t.id), town: null, towns, fixedTown } };
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
  byTown: ({ code: string; name: string; nameEn: string | null } & SalesPair & { orders: number; householdsReached: number; personsReached: number; attributedIncomeFen: number; villageCollectiveIncomeFen: number })[];
  byVillage: ({ code: string; name: string; nameEn: string | null; townName: string; townNameEn: string | null } & SalesPair & { householdsReached: number; personsReached: number; attributedIncomeFen: number; villageCollectiveIncomeFen: number })[];
  byCategory: ({ slug: string; name: string; nameEn: string } & SalesPair & { quantity: number })[];
  bySupplierKind: ({ kind: string } & SalesPair)[];
  byBuyerKind: ({ kind: string } & SalesPair & { orders: number; buyers: number })[];
  byHouseholdKind: { kind: HouseholdKindValue; householdsReached: number; personsReached: number; attributedIncomeFen: number }[];
  byIncomeType: { incomeType: IncomeType; amountFen: number }[];
  monthly: ({ month: string } & SalesPair & { orders: number; attributedIncomeFen: number })[];
  coverage: { kind: HouseholdKindValue; registered: number; reached: number }[];
  monitoredNotReached: number;
};

const HOUSEHOLD_KINDS: HouseholdKindValue[] = ["alleviated", "monitored_unstable", "monitored_marginal", "monitored_hardship"];
const SUPPLIER_KINDS = s.supplierKind.enumValues;
const BUYER_KINDS = s.buyerKind.enumValues;

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** `col in (towns)` for the scope, or no condition for an admin's whole platform. */
function inScope(column: SQL, scope: StatsScope): SQL {
  if (scope.townIds === null) return sql`true`;
  if (scope.townIds.length === 0) return sql`false`;
  return sql`${column} in (${sql.join(scope.townIds.map((id) => sql`${id}`), sql`, `)})`;
}

/** Households reached in the period (net attribution > 0), as a SQL subquery of ids. */
function reachedHouseholds(scope: StatsScope, from: string, to: string): SQL {
  return sql`select beneficiary_id from stats_beneficiary_daily
             where beneficiary_type = 'household' and stat_date between ${from}::date and ${to}::date and ${inScope(sql`town_id`, scope)}
             group by beneficiary_id having sum(amount_fen) > 0`;
}

/** Every figure of the dashboard and the API for one scope and period: a handful of rollup queries. */
export async function computeStatistics({ scope, from, to }: { scope: StatsScope; from: string; to: string }): Promise<Statistics> {
  const period = sql`stat_date between ${from}::date and ${to}::date`;
  // A single town counts each of its orders; a wider scope counts an order once across its towns.
  const ordersSum = scope.townIds !== null && scope.townIds.length === 1 ? sql`sum(orders)` : sql`sum(orders_once)`;

  const [salesRows, buyerRows, beneficiaryRows, incomeMonthRows] = await Promise.all([
    db.execute(sql`
      select grouping(town_id) as g_town, grouping(village_id) as g_village, grouping(category_id) as g_category,
             grouping(supplier_kind) as g_skind, grouping(buyer_kind) as g_bkind, grouping(to_char(stat_date, 'YYYY-MM')) as g_month,
             town_id, village_id, category_id, supplier_kind::text as supplier_kind, buyer_kind::text as buyer_kind,
             to_char(stat_date, 'YYYY-MM') as month, certified,
             sum(sales_fen)::bigint as sales, sum(quantity)::bigint as quantity
      from stats_sales_daily
      where ${period} and ${inScope(sql`town_id`, scope)}
      group by grouping sets ((certified), (town_id, certified), (village_id, certified), (category_id, certified),
                              (supplier_kind, certified), (buyer_kind, certified), (to_char(stat_date, 'YYYY-MM'), certified))`),
    db.execute(sql`
      select grouping(town_id) as g_town, grouping(buyer_kind) as g_bkind, grouping(to_char(stat_date, 'YYYY-MM')) as g_month,
             town_id, buyer_kind::text as buyer_kind, to_char(stat_date, 'YYYY-MM') as month,
             sum(orders)::bigint as orders_each, ${ordersSum}::bigint as orders, count(distinct buyer_key)::bigint as buyers
      from stats_buyers_daily
      where ${period} and ${inScope(sql`town_id`, scope)} and orders > 0
      group by grouping sets ((), (town_id), (buyer_kind), (to_char(stat_date, 'YYYY-MM')))`),
    // One statement for everything per beneficiary, so the period's per-beneficiary totals (b) are
    // computed once: the grouping sets of the figures, and (part 'cov') coverage by the households'
    // current kind with the number of monitored households not reached.
    db.execute(sql`
      with b as (
        select beneficiary_type, beneficiary_id, min(town_id) as town_id, min(village_id) as village_id,
               min(household_kind::text) as kind, max(household_members) as members, sum(amount_fen) as total,
               ${sql.join(INCOME_TYPES.map((t) => sql`sum(amount_fen) filter (where income_type = ${t}) as ${sql.identifier(t)}`), sql`, `)}
        from stats_beneficiary_daily
        where ${period} and ${inScope(sql`town_id`, scope)}
        group by beneficiary_type, beneficiary_id),
      registry as (
        select h.kind::text as kind, coalesce(b.total, 0) > 0 as reached,
               h.risk_eliminated_at is null and h.kind <> 'alleviated' as monitored
        from households h left join b on b.beneficiary_type = 'household' and b.beneficiary_id = h.id
        where h.status = 'active' and ${inScope(sql`h.town_id`, scope)})
      select 'fig' as part, grouping(town_id) as g_town, grouping(village_id) as g_village, grouping(kind) as g_kind,
             town_id, village_id, kind,
             count(*) filter (where beneficiary_type = 'household' and total > 0)::bigint as households,
             coalesce(sum(members) filter (where beneficiary_type = 'household' and total > 0), 0)::bigint as persons,
             coalesce(sum(total) filter (where beneficiary_type = 'household'), 0)::bigint as income,
             ${sql.join(INCOME_TYPES.map((t) => sql`coalesce(sum(${sql.identifier(t)}) filter (where beneficiary_type = 'household'), 0)::bigint as ${sql.identifier(t)}`), sql`, `)},
             coalesce(sum(total) filter (where beneficiary_type = 'village_collective'), 0)::bigint as collective_income,
             count(*) filter (where beneficiary_type = 'village_collective' and total > 0)::bigint as collectives,
             null::bigint as registered, null::bigint as reached, null::bigint as not_reached
      from b
      group by grouping sets ((), (town_id), (village_id), (kind))
      union all
      select 'cov', 1, 1, 0, null, null, kind, null, null, null, ${sql.join(INCOME_TYPES.map(() => sql`null`), sql`, `)}, null, null,
             count(*)::bigint, count(*) filter (where reached)::bigint, count(*) filter (where monitored and not reached)::bigint
      from registry
      group by kind`),
    db.execute(sql`
      select to_char(stat_date, 'YYYY-MM') as month, sum(amount_fen)::bigint as income
      from stats_beneficiary_daily
      where ${period} and ${inScope(sql`town_id`, scope)} and beneficiary_type = 'household'
      group by 1`),
  ]);

  const regionIds = new Set<number>();
  const categoryIds = new Set<number>();
  const sales = rowsOf<Record<string, unknown>>(salesRows);
  const benefAll = rowsOf<Record<string, unknown>>(beneficiaryRows);
  const benef = benefAll.filter((r) => r.part === "fig");
  const registry = benefAll.filter((r) => r.part === "cov");
  for (const r of [...sales, ...benef]) {
    if (r.town_id != null) regionIds.add(num(r.town_id));
    if (r.village_id != null) regionIds.add(num(r.village_id));
    if (r.category_id != null) categoryIds.add(num(r.category_id));
  }
  const buyers = rowsOf<Record<string, unknown>>(buyerRows);
  for (const r of buyers) if (r.town_id != null) regionIds.add(num(r.town_id));
  const [regionRows, categoryRows] = await Promise.all([
    regionIds.size
      ? db.select({ id: s.regions.id, code: s.regions.code, name: s.regions.name, nameEn: s.regions.nameEn, parentId: s.regions.parentId }).from(s.regions).where(inArray(s.regions.id, [...regionIds]))
      : [],
    categoryIds.size
      ? db.select({ id: s.categories.id, slug: s.categories.slug, name: s.categories.name, nameEn: s.categories.nameEn }).from(s.categories).where(inArray(s.categories.id, [...categoryIds]))
      : [],
  ]);
  const regionById = new Map(regionRows.map((r) => [r.id, r]));
  // Villages need their town's name: one more look-up for the parents not already loaded.
  const missingParents = [...new Set(regionRows.flatMap((r) => (r.parentId != null && !regionById.has(r.parentId) ? [r.parentId] : [])))];
  if (missingParents.length) {
    for (const r of await db.select({ id: s.regions.id, code: s.regions.code, name: s.regions.name, nameEn: s.regions.nameEn, parentId: s.regions.parentId }).from(s.regions).where(inArray(s.regions.id, missingParents))) {
      regionById.set(r.id, r);
    }
  }
  const categoryById = new Map(categoryRows.map((c) => [c.id, c]));

  // Sales: one grouping set per breakdown, each split certified / not.
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
    if (num(r.g_town) === 0) add(get(townSales, num(r.town_id), pair), r.certified, fen);
    else if (num(r.g_village) === 0) add(get(villageSales, num(r.village_id), pair), r.certified, fen);
    else if (num(r.g_category) === 0) {
      const c = get(categorySales, num(r.category_id), () => ({ ...pair(), quantity: 0 }));
      add(c, r.certified, fen);
      c.quantity += num(r.quantity);
    } else if (num(r.g_skind) === 0) add(get(skindSales, String(r.supplier_kind), pair), r.certified, fen);
    else if (num(r.g_bkind) === 0) add(get(bkindSales, String(r.buyer_kind), pair), r.certified, fen);
    else if (num(r.g_month) === 0) add(get(monthSales, String(r.month), pair), r.certified, fen);
    else add(headSales, r.certified, fen);
  }

  let orders = 0;
  let buyerCount = 0;
  const townOrders = new Map<number, number>();
  const bkindOrders = new Map<string, { orders: number; buyers: number }>();
  const monthOrders = new Map<string, number>();
  for (const r of buyers) {
    if (num(r.g_town) === 0) townOrders.set(num(r.town_id), num(r.orders_each));
    else if (num(r.g_bkind) === 0) bkindOrders.set(String(r.buyer_kind), { orders: num(r.orders), buyers: num(r.buyers) });
    else if (num(r.g_month) === 0) monthOrders.set(String(r.month), num(r.orders));
    else (orders = num(r.orders)), (buyerCount = num(r.buyers));
  }

  type Reach = { households: number; persons: number; income: number; collectiveIncome: number };
  const reach = (r: Record<string, unknown>): Reach => ({ households: num(r.households), persons: num(r.persons), income: num(r.income), collectiveIncome: num(r.collective_income) });
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
  const income: IncomeByType = { total: num(head.income), operating: num(head.operating), wage: num(head.wage), property: num(head.property), transfer: num(head.transfer) };
  const householdsReached = num(head.households);
  const personsReached = num(head.persons);
  const none: Reach = { households: 0, persons: 0, income: 0, collectiveIncome: 0 };

  const region = (id: number) => regionById.get(id) ?? { id, code: String(id), name: String(id), nameEn: null, parentId: null };
  const bySales = (a: SalesPair, b: SalesPair) => b.assistedSalesFen + b.otherSalesFen - (a.assistedSalesFen + a.otherSalesFen);

  const townIds = new Set([...townSales.keys(), ...townReach.keys(), ...townOrders.keys()]);
  const byTown = [...townIds]
    .map((id) => {
      const r = townReach.get(id) ?? none;
      return { code: region(id).code, name: region(id).name, nameEn: region(id).nameEn, ...(townSales.get(id) ?? pair()), orders: townOrders.get(id) ?? 0, householdsReached: r.households, personsReached: r.persons, attributedIncomeFen: r.income, villageCollectiveIncomeFen: r.collectiveIncome };
    })
    .sort((a, b) => a.code.localeCompare(b.code));
  const villageIds = new Set([...villageSales.keys(), ...villageReach.keys()]);
  const byVillage = [...villageIds]
    .map((id) => {
      const v = region(id);
      const t = v.parentId != null ? region(v.parentId) : null;
      const r = villageReach.get(id) ?? none;
      return { code: v.code, name: v.name, nameEn: v.nameEn, townName: t?.name ?? "", townNameEn: t?.nameEn ?? null, ...(villageSales.get(id) ?? pair()), householdsReached: r.households, personsReached: r.persons, attributedIncomeFen: r.income, villageCollectiveIncomeFen: r.collectiveIncome };
    })
    .sort((a, b) => a.code.localeCompare(b.code));
  const byCategory = [...categorySales]
    .map(([id, v]) => ({ slug: categoryById.get(id)?.slug ?? String(id), name: categoryById.get(id)?.name ?? String(id), nameEn: categoryById.get(id)?.nameEn ?? String(id), ...v }))
    .sort((a, b) => bySales(a, b) || a.slug.localeCompare(b.slug));
  const bySupplierKind = SUPPLIER_KINDS.filter((k) => skindSales.has(k)).map((kind) => ({ kind, ...skindSales.get(kind)! }));
  const byBuyerKind = BUYER_KINDS.filter((k) => bkindSales.has(k) || bkindOrders.has(k)).map((kind) => ({ kind, ...(bkindSales.get(kind) ?? pair()), orders: bkindOrders.get(kind)?.orders ?? 0, buyers: bkindOrders.get(kind)?.buyers ?? 0 }));
  const byHouseholdKind = HOUSEHOLD_KINDS.map((kind) => {
    const r = kindReach.get(kind) ?? none;
    return { kind, householdsReached: r.households, personsReached: r.persons, attributedIncomeFen: r.income };
  });
  const byIncomeType = INCOME_TYPES.map((incomeType) => ({ incomeType, amountFen: income[incomeType] }));
  const incomeByMonth = new Map(rowsOf<{ month: string; income: unknown }>(incomeMonthRows).map((r) => [r.month, num(r.income)]));
  const monthly = monthsOf(from, to).map((month) => ({ month, ...(monthSales.get(month) ?? pair()), orders: monthOrders.get(month) ?? 0, attributedIncomeFen: incomeByMonth.get(month) ?? 0 }));
  const coverageByKind = new Map(registry.map((r) => [String(r.kind), r]));
  const coverage = HOUSEHOLD_KINDS.map((kind) => ({ kind, registered: num(coverageByKind.get(kind)?.registered), reached: num(coverageByKind.get(kind)?.reached) }));

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
      villageCollectiveIncomeFen: num(head.collective_income),
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
    monitoredNotReached: registry.reduce((n, r) => n + num(r.not_reached), 0),
  };
}

/** Monitored households (still monitored, active) in scope that the period did not reach. */
function monitoredNotReachedWhere(scope: StatsScope, from: string, to: string): SQL {
  return sql`h.status = 'active' and h.risk_eliminated_at is null
    and h.kind in (${sql.join(MONITORED_KIND_VALUES.map((k) => sql`${k}`), sql`, `)})
    and ${inScope(sql`h.town_id`, scope)}
    and h.id not in (${reachedHouseholds(scope, from, to)})`;
}

export type NotReachedHousehold = { registryCode: string; maskedName: string; kind: HouseholdKindValue; members: number; villageName: string; villageNameEn: string | null; townName: string; townNameEn: string | null };

/** The monitored households not yet reached (who to help next): masked names, registry codes. */
export async function listMonitoredNotReached({ scope, from, to, page, pageSize = 20 }: { scope: StatsScope; from: string; to: string; page?: number; pageSize?: number | null }) {
  const limit = pageSize == null ? sql`` : sql`limit ${pageSize} offset ${(Math.max(1, page ?? 1) - 1) * pageSize}`;
  const rows = rowsOf<{ registry_code: string; head_name: string; kind: HouseholdKindValue; member_count: number; village: string; village_en: string | null; town: string; town_en: string | null; total: unknown }>(
    await db.execute(sql`
      select h.registry_code, h.head_name, h.kind::text as kind, h.member_count, v.name as village, v.name_en as village_en,
             t.name as town, t.name_en as town_en, count(*) over () as total
      from households h join regions v on v.id = h.village_id join regions t on t.id = h.town_id
      where ${monitoredNotReachedWhere(scope, from, to)}
      order by t.code, v.code, h.registry_code
      ${limit}`),
  );
  return {
    total: num(rows[0]?.total),
    rows: rows.map((r): NotReachedHousehold => ({
      registryCode: r.registry_code,
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
export async function getDashboard({ caller, townCode, from, to, page }: { caller: Caller; townCode?: string | null; from: string; to: string; page?: number }) {
  const resolved = await resolveStatsScope({ caller, townCode });
  if (!resolved.ok) return resolved satisfies ScopeError;
  const started = performance.now();
  const [statistics, notReached] = await Promise.all([computeStatistics({ scope: resolved.scope, from, to }), listMonitoredNotReached({ scope: resolved.scope, from, to, page })]);
  return { ok: true as const, scope: resolved.scope, statistics, notReached, loadMs: Math.round(performance.now() - started) };
}

/** The API answer: the same figures (no personal data, no list of households). */
export async function getStatisticsForApi({ caller, townCode, from, to }: { caller: Caller; townCode?: string | null; from: string; to: string }) {
  const resolved = await resolveStatsScope({ caller, townCode });
  if (!resolved.ok) return resolved satisfies ScopeError;
  const statistics = await computeStatistics({ scope: resolved.scope, from, to });
  return { ok: true as const, scope: resolved.scope, statistics };
}

export const STAT_TABLES = ["town", "village", "category", "supplierKind", "buyerKind", "householdKind", "incomeType", "monthly", "coverage", "notReached"] as const;
export type StatTable = (typeof STAT_TABLES)[number];

/**
 * The data behind one exported table, with an audit entry (exports leave the platform). The
 * not-reached list is exported whole (masked names only).
 */
export async function getStatisticsExport({ caller, townCode, from, to, table, format, ip }: { caller: Caller; townCode?: string | null; from: string; to: string; table: StatTable; format: string; ip?: string | null }) {
  const resolved = await resolveStatsScope({ caller, townCode });
  if (!resolved.ok) return resolved satisfies ScopeError;
  const [statistics, notReached] = await Promise.all([
    table === "notReached" ? null : computeStatistics({ scope: resolved.scope, from, to }),
    table === "notReached" ? listMonitoredNotReached({ scope: resolved.scope, from, to, pageSize: null }) : null,
  ]);
  await recordAudit(db, {
    actor: { id: caller.id, role: caller.role },
    action: "statistics.export",
    subjectType: "statistics",
    subjectId: table,
    regionId: resolved.scope.town?.id ?? caller.regionId ?? null,
    details: { table, format, from, to, town: resolved.scope.town?.code ?? null, rows: notReached?.total ?? null },
    ip: ip ?? null,
  });
  return { ok: true as const, scope: resolved.scope, statistics, notReached: notReached?.rows ?? null };
}
