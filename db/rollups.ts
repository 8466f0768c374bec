// The one writer of the statistics rollups (DESIGN.md §3 "Statistics"): daily (sales, sales
// facets, beneficiaries, orders, buyers), monthly (sales, sales facets, orders, income) and yearly
// (beneficiaries, buyers). Everything that writes a stats_* table calls this module:
// - row by row, in the paying or refunding transaction: addSales, addBeneficiaryAmounts,
//   addOrderToRollups (app/models/impact/attribution.server.ts, through app/lib/db.server.ts);
// - in bulk, from the order lines and the ledger: DAILY_ROLLUPS_FROM_SOURCE and
//   REBUILD_COARSE_ROLLUPS (the data generator, db/generate-data).
// Migration 0004 back-filled existing databases with REBUILD_COARSE_ROLLUPS as it stood then;
// a migration is frozen once applied, so it keeps its own copy and this file is the source.
// Pure database code: imports only drizzle and db/ (db/ never imports app/).
import { createHash } from "node:crypto";
import { and, eq, or, sql } from "drizzle-orm";
import { rowsOf, type Executor } from "./client";
import * as s from "./schema";

/** The month of a stat date, as its first day ("2026-11-23" → "2026-11-01"). */
export function monthOf(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/** Who bought, without personal data: the institution, else the account, else a guest's hashed mobile. */
export function buyerKeyOf(order: {
  organisationId: string | null;
  userId: string | null;
  contactMobile: string;
}): string {
  if (order.organisationId) return `o:${order.organisationId}`;
  if (order.userId) return `u:${order.userId}`;
  return `g:${createHash("sha256").update(order.contactMobile, "utf8").digest("hex")}`;
}

type LineRow = typeof s.orderLines.$inferSelect;
export type SalesDelta = {
  day: string;
  line: LineRow;
  buyerKind: (typeof s.buyerKind.enumValues)[number];
  salesFen: number;
  refundedFen: number;
  quantity: number;
  lines: number;
};

/** Adds to stats_sales_daily: one multi-row upsert, rows summed per key and sorted by it. */
export async function addSales(tx: Executor, deltas: SalesDelta[]) {
  const t = s.statsSalesDaily;
  const rows = new Map<
    string,
    typeof t.$inferInsert & { salesFen: number; refundedFen: number; quantity: number; lines: number }
  >();
  for (const a of deltas) {
    const key = [
      a.day,
      a.line.originTownId,
      a.line.originVillageId,
      a.line.categoryId,
      a.line.supplierId,
      a.buyerKind,
      a.line.certified,
    ].join("|");
    const row = rows.get(key);
    if (row) {
      row.salesFen += a.salesFen;
      row.refundedFen += a.refundedFen;
      row.quantity += a.quantity;
      row.lines += a.lines;
    } else {
      rows.set(key, {
        statDate: a.day,
        townId: a.line.originTownId,
        villageId: a.line.originVillageId,
        categoryId: a.line.categoryId,
        supplierId: a.line.supplierId,
        supplierKind: a.line.supplierKind,
        buyerKind: a.buyerKind,
        certified: a.line.certified,
        salesFen: a.salesFen,
        refundedFen: a.refundedFen,
        quantity: a.quantity,
        lines: a.lines,
      });
    }
  }
  if (rows.size === 0) return;
  await tx
    .insert(t)
    .values(sortedByKey(rows))
    .onConflictDoUpdate({
      target: [t.statDate, t.townId, t.villageId, t.categoryId, t.supplierId, t.buyerKind, t.certified],
      set: {
        salesFen: sql`${t.salesFen} + excluded.sales_fen`,
        refundedFen: sql`${t.refundedFen} + excluded.refunded_fen`,
        quantity: sql`${t.quantity} + excluded.quantity`,
        lines: sql`${t.lines} + excluded.lines`,
      },
    });

  // The same amounts per month, without the supplier, and per day and month by facet (decision 155).
  const m = s.statsSalesMonthly;
  await tx
    .insert(m)
    .values(sumSalesBy([...rows.values()], (r) => ({ month: monthOf(r.statDate as string) })))
    .onConflictDoUpdate({
      target: [m.month, m.townId, m.villageId, m.categoryId, m.supplierKind, m.buyerKind, m.certified],
      set: {
        salesFen: sql`${m.salesFen} + excluded.sales_fen`,
        quantity: sql`${m.quantity} + excluded.quantity`,
      },
    });
  const fd = s.statsSalesFacetsDaily;
  await tx
    .insert(fd)
    .values(sumFacetsBy([...rows.values()], (r) => ({ statDate: r.statDate as string })))
    .onConflictDoUpdate({
      target: [fd.statDate, fd.townId, fd.facet, fd.key, fd.certified],
      set: {
        salesFen: sql`${fd.salesFen} + excluded.sales_fen`,
        quantity: sql`${fd.quantity} + excluded.quantity`,
      },
    });
  const fm = s.statsSalesFacetsMonthly;
  await tx
    .insert(fm)
    .values(sumFacetsBy([...rows.values()], (r) => ({ month: monthOf(r.statDate as string) })))
    .onConflictDoUpdate({
      target: [fm.month, fm.townId, fm.facet, fm.key, fm.certified],
      set: {
        salesFen: sql`${fm.salesFen} + excluded.sales_fen`,
        quantity: sql`${fm.quantity} + excluded.quantity`,
      },
    });
}

type FacetSums = Omit<typeof s.statsSalesFacetsDaily.$inferInsert, "statDate"> & {
  salesFen: number;
  quantity: number;
};

/** Each row's sales under each of its facets (village, category, supplier kind, buyer kind), summed per period and key, in key order. */
function sumFacetsBy<R extends SalesBreakdown, P extends Record<string, string>>(
  rows: R[],
  periodOf: (r: R) => P,
): (P & FacetSums)[] {
  const sums = new Map<string, P & FacetSums>();
  for (const r of rows) {
    const period = periodOf(r);
    const facets = [
      ["village", String(r.villageId)],
      ["category", String(r.categoryId)],
      ["supplier_kind", r.supplierKind],
      ["buyer_kind", r.buyerKind],
    ] as const;
    for (const [facet, key] of facets) {
      const id = [...Object.values(period), r.townId, facet, key, r.certified].join("|");
      const sum = sums.get(id);
      if (sum) ((sum.salesFen += r.salesFen), (sum.quantity += r.quantity));
      else
        sums.set(id, {
          ...period,
          townId: r.townId,
          facet,
          key,
          certified: r.certified,
          salesFen: r.salesFen,
          quantity: r.quantity,
        });
    }
  }
  return sortedByKey(sums);
}

type SalesBreakdown = Pick<
  typeof s.statsSalesMonthly.$inferInsert,
  "townId" | "villageId" | "categoryId" | "supplierKind" | "buyerKind" | "certified"
> & { salesFen: number; quantity: number };

/** Sales summed per period (`{ month }` or `{ year }`) and breakdown key, in key order. */
function sumSalesBy<R extends SalesBreakdown, P extends Record<string, string | number>>(
  rows: R[],
  periodOf: (r: R) => P,
): (P & SalesBreakdown)[] {
  const sums = new Map<string, P & SalesBreakdown>();
  for (const r of rows) {
    const period = periodOf(r);
    const key = [
      ...Object.values(period),
      r.townId,
      r.villageId,
      r.categoryId,
      r.supplierKind,
      r.buyerKind,
      r.certified,
    ].join("|");
    const sum = sums.get(key);
    if (sum) ((sum.salesFen += r.salesFen), (sum.quantity += r.quantity));
    else
      sums.set(key, {
        ...period,
        townId: r.townId,
        villageId: r.villageId,
        categoryId: r.categoryId,
        supplierKind: r.supplierKind,
        buyerKind: r.buyerKind,
        certified: r.certified,
        salesFen: r.salesFen,
        quantity: r.quantity,
      });
  }
  return sortedByKey(sums);
}

/** Adds entries' amounts to stats_beneficiary_daily (per stat date, beneficiary, income type). */
type DailyRow = typeof s.statsBeneficiaryDaily.$inferInsert;

/**
 * A beneficiary is, all day, where its first payment of the day found it (docs/statistics.md: income
 * counts in the town of the first payment that day), whatever the income type: a new daily row takes
 * the town, village, kind and members of a row the beneficiary already has that day, or of the first
 * entry of this batch. Writers of one beneficiary-day queue on an advisory lock (taken in key
 * order, like every rollup upsert), so the first to commit is the first payment.
 */
async function takeDaySnapshots(tx: Executor, sums: Map<string, DailyRow>) {
  const dayKey = (r: Pick<DailyRow, "statDate" | "beneficiaryType" | "beneficiaryId">) =>
    `${r.statDate}|${r.beneficiaryType}|${r.beneficiaryId}`;
  const days = new Map<string, DailyRow>();
  for (const r of sums.values()) if (!days.has(dayKey(r))) days.set(dayKey(r), r);
  const keys = [...days.keys()].sort();
  await tx.execute(
    sql`select count(pg_advisory_xact_lock(hashtextextended(k, 0))) from unnest(array[${sql.join(
      keys.map((k) => sql`${`stats_beneficiary_daily|${k}`}`),
      sql`, `,
    )}]::text[]) as k`,
  );
  const t = s.statsBeneficiaryDaily;
  const existing = await tx
    .select({
      statDate: t.statDate,
      beneficiaryType: t.beneficiaryType,
      beneficiaryId: t.beneficiaryId,
      townId: t.townId,
      villageId: t.villageId,
      householdKind: t.householdKind,
      householdMembers: t.householdMembers,
    })
    .from(t)
    .where(
      or(
        ...[...days.values()].map((r) =>
          and(
            eq(t.statDate, r.statDate),
            eq(t.beneficiaryType, r.beneficiaryType),
            eq(t.beneficiaryId, r.beneficiaryId),
          ),
        ),
      ),
    )
    .orderBy(t.incomeType);
  const snapshot = new Map<
    string,
    Pick<DailyRow, "townId" | "villageId" | "householdKind" | "householdMembers">
  >();
  for (const r of [...existing, ...sums.values()]) {
    if (!snapshot.has(dayKey(r)))
      snapshot.set(dayKey(r), {
        townId: r.townId,
        villageId: r.villageId,
        householdKind: r.householdKind,
        householdMembers: r.householdMembers,
      });
  }
  for (const r of sums.values()) Object.assign(r, snapshot.get(dayKey(r)));
}

export async function addBeneficiaryAmounts(
  tx: Executor,
  entries: (typeof s.attributionEntries.$inferInsert)[],
) {
  const t = s.statsBeneficiaryDaily;
  const sums = new Map<string, typeof t.$inferInsert & { amountFen: number }>();
  for (const e of entries) {
    if (e.amountFen === 0) continue;
    const beneficiaryId = (e.householdId ?? e.villageCollectiveId)!;
    const key = `${e.statDate}|${e.beneficiaryType}|${beneficiaryId}|${e.incomeType}`;
    const row = sums.get(key);
    if (row) row.amountFen += e.amountFen;
    else
      sums.set(key, {
        statDate: e.statDate as string,
        beneficiaryType: e.beneficiaryType,
        beneficiaryId,
        incomeType: e.incomeType,
        townId: e.townId,
        villageId: e.villageId,
        householdKind: e.householdKind ?? null,
        householdMembers: e.householdMembers ?? null,
        amountFen: e.amountFen,
      });
  }
  if (sums.size === 0) return;
  await takeDaySnapshots(tx, sums);
  // The daily rows as they stand after the upsert: the coarser rollups take the town, village,
  // kind and members of the daily row (its first payment of the day), so that they equal, row
  // for row, sums over the daily rows.
  const daily = await tx
    .insert(t)
    .values(sortedByKey(sums))
    .onConflictDoUpdate({
      target: [t.statDate, t.beneficiaryType, t.beneficiaryId, t.incomeType],
      set: { amountFen: sql`${t.amountFen} + excluded.amount_fen` },
    })
    .returning({
      statDate: t.statDate,
      beneficiaryType: t.beneficiaryType,
      beneficiaryId: t.beneficiaryId,
      incomeType: t.incomeType,
      townId: t.townId,
      villageId: t.villageId,
      householdKind: t.householdKind,
      householdMembers: t.householdMembers,
    });

  const im = s.statsIncomeMonthly;
  const income = new Map<string, typeof im.$inferInsert & { amountFen: number }>();
  const by = s.statsBeneficiaryYearly;
  const yearly = new Map<string, typeof by.$inferInsert & { amountFen: number; towns: Set<number> }>();
  const bm = s.statsBeneficiaryMonthly;
  const monthly = new Map<string, typeof bm.$inferInsert & { amountFen: number }>();
  for (const d of daily) {
    const delta = sums.get(
      `${d.statDate}|${d.beneficiaryType}|${d.beneficiaryId}|${d.incomeType}`,
    )!.amountFen;
    const month = monthOf(d.statDate);
    const incomeKey = [
      month,
      d.beneficiaryType,
      d.townId,
      d.villageId,
      d.householdKind ?? "",
      d.incomeType,
    ].join("|");
    const i = income.get(incomeKey);
    if (i) i.amountFen += delta;
    else
      income.set(incomeKey, {
        month,
        beneficiaryType: d.beneficiaryType,
        townId: d.townId,
        villageId: d.villageId,
        householdKind: d.householdKind,
        incomeType: d.incomeType,
        amountFen: delta,
      });
    // Per beneficiary: the daily row's place, kind and members, merged as least / most.
    const first = {
      beneficiaryType: d.beneficiaryType,
      beneficiaryId: d.beneficiaryId,
      townId: d.townId,
      villageId: d.villageId,
      householdKind: d.householdKind,
      householdMembers: d.householdMembers,
      amountFen: delta,
    };
    const monthKey = `${month}|${d.beneficiaryType}|${d.beneficiaryId}|${d.townId}`;
    const m = monthly.get(monthKey);
    if (!m) monthly.set(monthKey, { month, ...first });
    else {
      m.amountFen += delta;
      m.villageId = Math.min(m.villageId, d.villageId);
      m.householdKind = smallerKind(m.householdKind ?? null, d.householdKind);
      if (d.householdMembers != null)
        m.householdMembers = Math.max(m.householdMembers ?? 0, d.householdMembers);
    }
    const year = Number(d.statDate.slice(0, 4));
    const yearKey = `${year}|${d.beneficiaryType}|${d.beneficiaryId}`;
    const y = yearly.get(yearKey);
    if (!y) {
      yearly.set(yearKey, { year, ...first, towns: new Set([d.townId]) });
      continue;
    }
    y.amountFen += delta;
    y.towns.add(d.townId);
    y.townId = Math.min(y.townId, d.townId);
    y.villageId = Math.min(y.villageId, d.villageId);
    y.householdKind = smallerKind(y.householdKind ?? null, d.householdKind);
    if (d.householdMembers != null)
      y.householdMembers = Math.max(y.householdMembers ?? 0, d.householdMembers);
  }
  await tx
    .insert(im)
    .values(sortedByKey(income))
    .onConflictDoUpdate({
      target: [im.month, im.beneficiaryType, im.townId, im.villageId, im.householdKind, im.incomeType],
      set: { amountFen: sql`${im.amountFen} + excluded.amount_fen` },
    });
  await tx
    .insert(bm)
    .values(sortedByKey(monthly))
    .onConflictDoUpdate({
      target: [bm.month, bm.beneficiaryType, bm.beneficiaryId, bm.townId],
      set: {
        amountFen: sql`${bm.amountFen} + excluded.amount_fen`,
        villageId: sql`least(${bm.villageId}, excluded.village_id)`,
        householdKind: sql`least(${bm.householdKind}, excluded.household_kind)`,
        householdMembers: sql`greatest(${bm.householdMembers}, excluded.household_members)`,
      },
    });
  await tx
    .insert(by)
    .values(sortedByKey(yearly).map(({ towns, ...row }) => ({ ...row, movedTown: towns.size > 1 })))
    .onConflictDoUpdate({
      target: [by.year, by.beneficiaryType, by.beneficiaryId],
      set: {
        amountFen: sql`${by.amountFen} + excluded.amount_fen`,
        townId: sql`least(${by.townId}, excluded.town_id)`,
        villageId: sql`least(${by.villageId}, excluded.village_id)`,
        householdKind: sql`least(${by.householdKind}, excluded.household_kind)`,
        householdMembers: sql`greatest(${by.householdMembers}, excluded.household_members)`,
        movedTown: sql`${by.movedTown} or excluded.moved_town or ${by.townId} <> excluded.town_id`,
      },
    });
}

const KIND_ORDER = s.householdKind.enumValues;
/** The smaller of two household kinds in the enum's order (as PostgreSQL's least and min). */
function smallerKind<K extends (typeof KIND_ORDER)[number]>(a: K | null, b: K | null): K | null {
  if (a === null) return b;
  if (b === null) return a;
  return KIND_ORDER.indexOf(a) <= KIND_ORDER.indexOf(b) ? a : b;
}

function sortedByKey<T>(rows: Map<string, T>): T[] {
  return [...rows.keys()].sort().map((k) => rows.get(k)!);
}

/** Counts a just-paid order in the orders and buyers rollups of each of its suppliers' towns. */
export async function addOrderToRollups(
  tx: Executor,
  {
    orderId,
    day,
    buyerKind,
    buyerKey,
  }: { orderId: string; day: string; buyerKind: (typeof s.buyerKind.enumValues)[number]; buyerKey: string },
) {
  const partTowns = await tx
    .selectDistinct({ townId: s.suppliers.townId, districtId: s.regions.parentId })
    .from(s.orderParts)
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.orderParts.supplierId))
    .innerJoin(s.regions, eq(s.regions.id, s.suppliers.townId))
    .where(eq(s.orderParts.orderId, orderId))
    .orderBy(s.suppliers.townId);
  if (partTowns.length > 0) {
    // One buyer's payments one after another (its chains of active days, below, read its other
    // days); taken before any buyer or order rollup row, by every payment alike.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`stats_buyer_days|${buyerKey}`}, 0))`,
    );
    await tx
      .insert(s.statsOrdersDaily)
      .values(
        partTowns.map(({ townId }, i) => ({
          statDate: day,
          townId,
          buyerKind: buyerKind,
          orders: 1,
          ordersOnce: i === 0 ? 1 : 0,
        })),
      )
      .onConflictDoUpdate({
        target: [s.statsOrdersDaily.statDate, s.statsOrdersDaily.townId, s.statsOrdersDaily.buyerKind],
        set: {
          orders: sql`${s.statsOrdersDaily.orders} + excluded.orders`,
          ordersOnce: sql`${s.statsOrdersDaily.ordersOnce} + excluded.orders_once`,
        },
      });
    // Per buyer too (distinct buyers per period); the order counts once, in its first town.
    await tx
      .insert(s.statsBuyersDaily)
      .values(
        partTowns.map(({ townId }, i) => ({
          statDate: day,
          townId,
          buyerKind: buyerKind,
          buyerKey,
          orders: 1,
          ordersOnce: i === 0 ? 1 : 0,
        })),
      )
      .onConflictDoUpdate({
        target: [
          s.statsBuyersDaily.statDate,
          s.statsBuyersDaily.townId,
          s.statsBuyersDaily.buyerKind,
          s.statsBuyersDaily.buyerKey,
        ],
        set: {
          orders: sql`${s.statsBuyersDaily.orders} + excluded.orders`,
          ordersOnce: sql`${s.statsBuyersDaily.ordersOnce} + excluded.orders_once`,
        },
      });
    const month = monthOf(day);
    await tx
      .insert(s.statsOrdersMonthly)
      .values(
        partTowns.map(({ townId }, i) => ({
          month,
          townId,
          buyerKind: buyerKind,
          orders: 1,
          ordersOnce: i === 0 ? 1 : 0,
        })),
      )
      .onConflictDoUpdate({
        target: [s.statsOrdersMonthly.month, s.statsOrdersMonthly.townId, s.statsOrdersMonthly.buyerKind],
        set: {
          orders: sql`${s.statsOrdersMonthly.orders} + excluded.orders`,
          ordersOnce: sql`${s.statsOrdersMonthly.ordersOnce} + excluded.orders_once`,
        },
      });
    // The buyer's row of the year in each town and in each town's district (kept once).
    const regionIds = [
      ...new Set(
        partTowns.flatMap(({ townId, districtId }) => (districtId == null ? [townId] : [townId, districtId])),
      ),
    ].sort((a, b) => a - b);
    await addBuyerDay(tx, { day, buyerKind, buyerKey, partTowns, regionIds });
    const year = Number(day.slice(0, 4));
    const firstThisYear = await tx
      .insert(s.statsBuyersYearly)
      .values(regionIds.map((regionId) => ({ year, regionId, buyerKey, buyerKind: buyerKind })))
      .onConflictDoNothing()
      .returning({ regionId: s.statsBuyersYearly.regionId });
    if (firstThisYear.length > 0) {
      await tx
        .insert(s.statsBuyerCounts)
        .values(
          firstThisYear
            .map(({ regionId }) => regionId)
            .sort((a, b) => a - b)
            .map((regionId) => ({ year, regionId, buyerKind: buyerKind, buyers: 1 })),
        )
        .onConflictDoUpdate({
          target: [s.statsBuyerCounts.year, s.statsBuyerCounts.regionId, s.statsBuyerCounts.buyerKind],
          set: { buyers: sql`${s.statsBuyerCounts.buyers} + 1` },
        });
    }
  }
}

const dayOfMonth = (day: string) => Number(day.slice(8, 10));
function nextMonthOf(day: string): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
}
/** "No active day before the month" in stats_buyer_months.last_before. */
export const NO_DAY_BEFORE = "1900-01-01";

/**
 * The buyer's day `day` joins its chains of active days (decision 142): in each region of the order
 * (its supplier towns and their districts), for its buyer kind and for 'all' kinds, unless the
 * buyer was already active there that day. The day gets its previous day; the next day of the
 * same month, if any, now follows `day`; in the month, `day` may become the first day; the next
 * active month's last day before it may become `day`. Called under the buyer's advisory lock, after
 * stats_buyers_daily counts this order.
 */
async function addBuyerDay(
  tx: Executor,
  {
    day,
    buyerKind,
    buyerKey,
    partTowns,
    regionIds,
  }: {
    day: string;
    buyerKind: string;
    buyerKey: string;
    partTowns: { townId: number; districtId: number | null }[];
    regionIds: number[];
  },
) {
  const month = monthOf(day);
  const nextMonth = nextMonthOf(day);
  const chains = regionIds.flatMap((regionId) => [buyerKind, "all"].map((kind) => ({ regionId, kind })));
  const found = rowsOf<{
    region_id: unknown;
    kind: string;
    day_orders: unknown;
    prev: string | null;
    next: string | null;
    last_before: string | null;
    first_other: string | null;
    last_upto_month: string | null;
    next_month_first: string | null;
  }>(
    await tx.execute(sql`
      with c(region_id, kind) as (values ${sql.join(
        chains.map((c) => sql`(${c.regionId}::int, ${c.kind}::text)`),
        sql`, `,
      )}),
      b as (select v.region_id, k.kind, x.stat_date, sum(x.orders) as orders
            from stats_buyers_daily x join regions t on t.id = x.town_id
            cross join lateral (values (x.town_id), (t.parent_id)) v(region_id)
            cross join lateral (values (x.buyer_kind::text), ('all')) k(kind)
            where x.buyer_key = ${buyerKey} and x.orders > 0
            group by 1, 2, 3)
      select c.region_id, c.kind,
        (select sum(orders) from b where b.region_id = c.region_id and b.kind = c.kind and b.stat_date = ${day}::date) as day_orders,
        (select max(stat_date)::text from b where b.region_id = c.region_id and b.kind = c.kind and b.stat_date < ${day}::date) as prev,
        (select min(stat_date)::text from b where b.region_id = c.region_id and b.kind = c.kind and b.stat_date > ${day}::date) as next,
        (select max(stat_date)::text from b where b.region_id = c.region_id and b.kind = c.kind and b.stat_date < ${month}::date) as last_before,
        (select min(stat_date)::text from b where b.region_id = c.region_id and b.kind = c.kind and b.stat_date >= ${month}::date
           and b.stat_date < ${nextMonth}::date and b.stat_date <> ${day}::date) as first_other,
        (select max(stat_date)::text from b where b.region_id = c.region_id and b.kind = c.kind and b.stat_date < ${nextMonth}::date
           and b.stat_date <> ${day}::date) as last_upto_month,
        (select min(stat_date)::text from b where b.region_id = c.region_id and b.kind = c.kind and b.stat_date >= ${nextMonth}::date) as next_month_first
      from c`),
  );
  const days = new Map<string, typeof s.statsBuyerDays.$inferInsert & { buyers: number }>();
  const months = new Map<string, typeof s.statsBuyerMonths.$inferInsert & { buyers: number }>();
  const addDay = (regionId: number, kind: string, statDate: string, prevDay: number, buyers: number) => {
    const key = [regionId, statDate, kind, String(prevDay).padStart(2, "0")].join("|");
    const row = days.get(key);
    if (row) row.buyers += buyers;
    else days.set(key, { regionId, kind, statDate, prevDay, buyers });
  };
  // A month's row by its first day, and its row for the whole month (first_day 0).
  const addMonth = (
    regionId: number,
    kind: string,
    first: string,
    lastBefore: string | null,
    buyers: number,
  ) => {
    const before = lastBefore ?? NO_DAY_BEFORE;
    for (const firstDay of [0, dayOfMonth(first)]) {
      const key = [regionId, monthOf(first), kind, String(firstDay).padStart(2, "0"), before].join("|");
      const row = months.get(key);
      if (row) row.buyers += buyers;
      else months.set(key, { regionId, kind, month: monthOf(first), firstDay, lastBefore: before, buyers });
    }
  };
  const sameMonth = (a: string | null, b: string) => a !== null && a.slice(0, 7) === b.slice(0, 7);
  for (const c of found) {
    const regionId = Number(c.region_id);
    const ours = partTowns.filter((t) => t.townId === regionId || t.districtId === regionId).length;
    if (Number(c.day_orders ?? 0) > ours) continue; // active that day already
    // The day, after its previous day; the next day of the month now follows this one.
    addDay(regionId, c.kind, day, sameMonth(c.prev, day) ? dayOfMonth(c.prev!) : 0, 1);
    if (c.next !== null && sameMonth(c.next, day)) {
      addDay(regionId, c.kind, c.next, sameMonth(c.prev, day) ? dayOfMonth(c.prev!) : 0, -1);
      addDay(regionId, c.kind, c.next, dayOfMonth(day), 1);
    }
    // The month's first day.
    if (c.first_other === null) addMonth(regionId, c.kind, day, c.last_before, 1);
    else if (day < c.first_other) {
      addMonth(regionId, c.kind, c.first_other, c.last_before, -1);
      addMonth(regionId, c.kind, day, c.last_before, 1);
    }
    // The next active month's last day before it.
    if (c.next_month_first !== null && (c.last_upto_month === null || day > c.last_upto_month)) {
      addMonth(regionId, c.kind, c.next_month_first, c.last_upto_month, -1);
      addMonth(regionId, c.kind, c.next_month_first, day, 1);
    }
  }
  if (days.size > 0) {
    const t = s.statsBuyerDays;
    await tx
      .insert(t)
      .values(sortedByKey(days))
      .onConflictDoUpdate({
        target: [t.regionId, t.statDate, t.kind, t.prevDay],
        set: { buyers: sql`${t.buyers} + excluded.buyers` },
      });
  }
  if (months.size > 0) {
    const t = s.statsBuyerMonths;
    await tx
      .insert(t)
      .values(sortedByKey(months))
      .onConflictDoUpdate({
        target: [t.regionId, t.month, t.kind, t.firstDay, t.lastBefore],
        set: { buyers: sql`${t.buyers} + excluded.buyers` },
      });
  }
}

// ─── in bulk ─────────────────────────────────────────────────────────────────────────────

/**
 * The daily rollups from the order lines, the orders and the ledger, added to what is there:
 * `inRun(column)` limits each statement to the orders of one load (a condition on an order id
 * column). Days are the orders' Asia/Shanghai payment dates.
 */
export function dailyRollupsFromSource(
  inRun: (column: string) => string,
): { table: string; insert: string }[] {
  const paidDate = `(o.paid_at at time zone 'Asia/Shanghai')::date`;
  return [
    {
      table: "stats_sales_daily",
      insert: `insert into stats_sales_daily (stat_date, town_id, village_id, category_id, supplier_id, supplier_kind, buyer_kind, certified, sales_fen, refunded_fen, quantity, lines)
         select ${paidDate}, l.origin_town_id, l.origin_village_id, l.category_id, l.supplier_id, min(l.supplier_kind), o.buyer_kind, l.certified,
                sum(l.line_total_fen - l.refunded_fen), sum(l.refunded_fen), sum(l.quantity), count(*)
         from order_lines l join orders o on o.id = l.order_id
         where ${inRun("o.id")} and ${inRun("l.order_id")} and o.paid_at is not null and o.status <> 'cancelled'
         group by 1, 2, 3, 4, 5, 7, 8
         on conflict (stat_date, town_id, village_id, category_id, supplier_id, buyer_kind, certified) do update set
           sales_fen = stats_sales_daily.sales_fen + excluded.sales_fen,
           refunded_fen = stats_sales_daily.refunded_fen + excluded.refunded_fen,
           quantity = stats_sales_daily.quantity + excluded.quantity,
           lines = stats_sales_daily.lines + excluded.lines`,
    },
    {
      table: "stats_beneficiary_daily",
      insert: `insert into stats_beneficiary_daily (stat_date, beneficiary_type, beneficiary_id, income_type, town_id, village_id, household_kind, household_members, amount_fen)
         select stat_date, beneficiary_type, coalesce(household_id, village_collective_id), income_type,
                min(town_id), min(village_id), min(household_kind), min(household_members), sum(amount_fen)
         from attribution_entries
         where ${inRun("order_id")}
         group by 1, 2, 3, 4
         having sum(amount_fen) <> 0
         on conflict (stat_date, beneficiary_type, beneficiary_id, income_type) do update set
           amount_fen = stats_beneficiary_daily.amount_fen + excluded.amount_fen`,
    },
    {
      table: "stats_orders_daily",
      // An order once per town it has parts in; orders_once only in its first town by id.
      insert: `insert into stats_orders_daily (stat_date, town_id, buyer_kind, orders, orders_once)
         select ${paidDate}, x.town_id, o.buyer_kind, count(*), count(*) filter (where x.first)
         from (select t.order_id, t.town_id, t.town_id = min(t.town_id) over (partition by t.order_id) as first
               from (select distinct p.order_id, s.town_id from order_parts p join suppliers s on s.id = p.supplier_id
                     where ${inRun("p.order_id")}) t) x
         join orders o on o.id = x.order_id
         where ${inRun("o.id")} and o.paid_at is not null and o.status <> 'cancelled'
         group by 1, 2, 3
         on conflict (stat_date, town_id, buyer_kind) do update set
           orders = stats_orders_daily.orders + excluded.orders,
           orders_once = stats_orders_daily.orders_once + excluded.orders_once`,
    },
    // Per buyer (no personal data in the key: organisation, account, or a guest's hashed
    // mobile, as buyerKeyOf below); the order counts once, in
    // its first supplier town by id.
    {
      table: "stats_buyers_daily",
      insert: `insert into stats_buyers_daily (stat_date, town_id, buyer_kind, buyer_key, orders, orders_once)
         select ${paidDate}, x.town_id, o.buyer_kind,
                coalesce('o:' || o.organisation_id, 'u:' || o.user_id, 'g:' || encode(sha256(convert_to(o.contact_mobile, 'UTF8')), 'hex')),
                count(*), count(*) filter (where x.first)
         from (select t.order_id, t.town_id, t.town_id = min(t.town_id) over (partition by t.order_id) as first
               from (select distinct p.order_id, s.town_id from order_parts p join suppliers s on s.id = p.supplier_id
                     where ${inRun("p.order_id")}) t) x
         join orders o on o.id = x.order_id
         where o.paid_at is not null and o.status <> 'cancelled'
         group by 1, 2, 3, 4
         on conflict (stat_date, town_id, buyer_kind, buyer_key) do update set
           orders = stats_buyers_daily.orders + excluded.orders,
           orders_once = stats_buyers_daily.orders_once + excluded.orders_once`,
    },
  ];
}

/** stats_beneficiary_monthly from the daily rows it sums (also docs/custom-sql-b-perf.sql's back-fill). */
export const BACKFILL_BENEFICIARY_MONTHLY = `insert into stats_beneficiary_monthly (month, beneficiary_type, beneficiary_id, town_id, village_id, household_kind, household_members, amount_fen)
   select date_trunc('month', stat_date)::date, beneficiary_type, beneficiary_id, town_id, min(village_id), min(household_kind),
          max(household_members), sum(amount_fen)
   from stats_beneficiary_daily group by 1, 2, 3, 4`;

/**
 * Each buyer's active days per region (its supplier towns and their districts) and chain (its buyer
 * kind, and 'all'), with the previous one: the source of stats_buyer_days and stats_buyer_months
 * (decision 142), for their bulk rebuild and for verifyRollups.
 */
export const BUYER_CHAIN_DAYS = `select region_id, kind, buyer_key, stat_date,
          lag(stat_date) over (partition by region_id, kind, buyer_key order by stat_date) as prev
   from (select distinct v.region_id, k.kind, b.buyer_key, b.stat_date
         from stats_buyers_daily b join regions t on t.id = b.town_id
         cross join lateral (values (b.town_id), (t.parent_id)) v(region_id)
         cross join lateral (values (b.buyer_kind::text), ('all')) k(kind)
         where v.region_id is not null and b.orders > 0) d`;
/** stats_buyer_days's rows (region_id, kind, stat_date, prev_day, buyers) from BUYER_CHAIN_DAYS. */
export const BUYER_DAYS_FROM_CHAINS = `select region_id, kind, stat_date,
          (case when date_trunc('month', prev) = date_trunc('month', stat_date) then extract(day from prev) else 0 end)::smallint as prev_day,
          count(*)::int as buyers
   from (${BUYER_CHAIN_DAYS}) c group by 1, 2, 3, 4`;
/**
 * stats_buyer_months's rows (region_id, kind, month, first_day, last_before, buyers): each chain's
 * first day of a month, by its day of the month and, for the whole month, as first_day 0.
 */
export const BUYER_MONTHS_FROM_CHAINS = `select region_id, kind, month, coalesce(first_day, 0)::smallint as first_day, last_before, count(*)::int as buyers
   from (select region_id, kind, date_trunc('month', stat_date)::date as month, extract(day from stat_date)::smallint as first_day,
                coalesce(prev, '1900-01-01'::date) as last_before
         from (${BUYER_CHAIN_DAYS}) c
         where prev is null or date_trunc('month', prev) < date_trunc('month', stat_date)) f
   group by grouping sets ((region_id, kind, month, first_day, last_before), (region_id, kind, month, last_before))`;

/**
 * The facet rows (decision 155) summed from stats_sales_daily per `period` (a column expression:
 * the day, or its month) — their bulk build, migration 0032's back-fill, and verifyRollups.
 */
export function salesFacetsFromDaily(period: string): string {
  return `select ${period}, d.town_id, f.facet, f.key, d.certified, sum(d.sales_fen), sum(d.quantity)
   from stats_sales_daily d
   cross join lateral (values ('village'::sales_facet, d.village_id::text), ('category'::sales_facet, d.category_id::text),
                              ('supplier_kind'::sales_facet, d.supplier_kind::text), ('buyer_kind'::sales_facet, d.buyer_kind::text)) f(facet, key)
   group by 1, 2, 3, 4, 5`;
}

/**
 * The monthly and yearly rollups rebuilt from the daily ones (which they sum): the generator
 * runs it after a bulk load; migration 0004 ran the same statements once, to back-fill.
 */
export const REBUILD_COARSE_ROLLUPS: string[] = [
  `truncate stats_sales_monthly, stats_sales_facets_daily, stats_sales_facets_monthly, stats_orders_monthly, stats_income_monthly, stats_beneficiary_monthly, stats_beneficiary_yearly, stats_buyers_yearly, stats_buyer_counts, stats_buyer_days, stats_buyer_months`,
  `insert into stats_sales_monthly (month, town_id, village_id, category_id, supplier_kind, buyer_kind, certified, sales_fen, quantity)
   select date_trunc('month', stat_date)::date, town_id, village_id, category_id, supplier_kind, buyer_kind, certified, sum(sales_fen), sum(quantity)
   from stats_sales_daily group by 1, 2, 3, 4, 5, 6, 7`,
  `insert into stats_sales_facets_daily (stat_date, town_id, facet, key, certified, sales_fen, quantity) ${salesFacetsFromDaily("stat_date")}`,
  `insert into stats_sales_facets_monthly (month, town_id, facet, key, certified, sales_fen, quantity)
   select date_trunc('month', stat_date)::date, town_id, facet, key, certified, sum(sales_fen), sum(quantity)
   from stats_sales_facets_daily group by 1, 2, 3, 4, 5`,
  `insert into stats_orders_monthly (month, town_id, buyer_kind, orders, orders_once)
   select date_trunc('month', stat_date)::date, town_id, buyer_kind, sum(orders), sum(orders_once)
   from stats_buyers_daily group by 1, 2, 3`,
  `insert into stats_income_monthly (month, beneficiary_type, town_id, village_id, household_kind, income_type, amount_fen)
   select date_trunc('month', stat_date)::date, beneficiary_type, town_id, village_id, household_kind, income_type, sum(amount_fen)
   from stats_beneficiary_daily group by 1, 2, 3, 4, 5, 6`,
  BACKFILL_BENEFICIARY_MONTHLY,
  `insert into stats_beneficiary_yearly (year, beneficiary_type, beneficiary_id, town_id, village_id, household_kind, household_members, amount_fen, moved_town)
   select extract(year from stat_date)::smallint, beneficiary_type, beneficiary_id, min(town_id), min(village_id), min(household_kind),
          max(household_members), sum(amount_fen), count(distinct town_id) > 1
   from stats_beneficiary_daily group by 1, 2, 3`,
  `insert into stats_buyers_yearly (year, region_id, buyer_key, buyer_kind)
   select distinct on (1, 2, 3) extract(year from b.stat_date)::smallint, v.region_id, b.buyer_key, b.buyer_kind
   from stats_buyers_daily b join regions t on t.id = b.town_id
   cross join lateral (values (b.town_id), (t.parent_id)) v(region_id)
   where v.region_id is not null and b.orders > 0
   order by 1, 2, 3, b.stat_date`,
  `insert into stats_buyer_counts (year, region_id, buyer_kind, buyers)
   select year, region_id, buyer_kind, count(*) from stats_buyers_yearly group by 1, 2, 3`,
  `insert into stats_buyer_days (region_id, kind, stat_date, prev_day, buyers) ${BUYER_DAYS_FROM_CHAINS}`,
  `insert into stats_buyer_months (region_id, kind, month, first_day, last_before, buyers) ${BUYER_MONTHS_FROM_CHAINS}`,
];
