// The attribution ledger (DESIGN.md §3 "Attribution") and the statistics rollups kept in step
// with it. Owns attribution_entries; the stats_* rollups are written, in the same transaction,
// by the one rollup writer db/rollups.ts (addSales, addBeneficiaryAmounts, addOrderToRollups).
// Entries are append-only: a sale writes one entry per linkage in force; a refund writes
// adjustments so that, per linkage, the total equals a fresh split of the line's remaining net.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { allocatePool, linePool, rebalanceShares } from "../../../core/allocation";
import {
  addBeneficiaryAmounts,
  addOrderToRollups,
  addSales,
  buyerKeyOf,
  db,
  rowsOf,
  salesFacetsFromDaily,
  schema as s,
  type Executor,
  type SalesDelta,
  type Transaction,
} from "~/lib/db.server";
import { shanghaiDate } from "~/lib/dates";
import { linkageInForceOn } from "./linkages.server";
import { INCOME_TYPE_OF, INCOME_TYPES, type IncomeType } from "../../../core/mechanisms";

type LinkageInForce = {
  id: string;
  productId: string | null;
  weight: number;
  mechanism: (typeof s.linkageMechanism.enumValues)[number];
  beneficiaryType: (typeof s.beneficiaryType.enumValues)[number];
  householdId: string | null;
  villageCollectiveId: string | null;
};

/** Approved linkages of these suppliers in force on `day` (an Asia/Shanghai date). */
async function linkagesInForce(tx: Executor, supplierIds: string[], day: string) {
  const rows = await tx
    .select({
      id: s.linkages.id,
      supplierId: s.linkages.supplierId,
      productId: s.linkages.productId,
      weight: s.linkages.weight,
      mechanism: s.linkages.mechanism,
      beneficiaryType: s.linkages.beneficiaryType,
      householdId: s.linkages.householdId,
      villageCollectiveId: s.linkages.villageCollectiveId,
    })
    .from(s.linkages)
    .where(and(inArray(s.linkages.supplierId, supplierIds), linkageInForceOn(day)))
    .orderBy(asc(s.linkages.id));
  const bySupplier = new Map<string, LinkageInForce[]>();
  for (const r of rows) bySupplier.set(r.supplierId, [...(bySupplier.get(r.supplierId) ?? []), r]);
  return bySupplier;
}

/** A product with its own linkages uses only those; otherwise the supplier's general ones. */
function linkagesForProduct(all: LinkageInForce[], productId: string): LinkageInForce[] {
  const own = all.filter((l) => l.productId === productId);
  return own.length > 0 ? own : all.filter((l) => l.productId === null);
}

/**
 * Writes the sale entries of a just-paid order and its rollups, inside the paying transaction
 * (called once, by markOrderPaid, on the order's only transition to paid). A repeated call for an
 * order that already has entries writes nothing (checked first; the unique index (line, linkage)
 * backs it up). An order none of whose lines had a linkage in force leaves no entry to find, so
 * its rollups are guarded only by that single call site.
 */
export async function attributeSale(tx: Transaction, { orderId, paidAt }: { orderId: string; paidAt: Date }) {
  const [order] = await tx
    .select({
      buyerKind: s.orders.buyerKind,
      userId: s.orders.userId,
      organisationId: s.orders.organisationId,
      contactMobile: s.orders.contactMobile,
    })
    .from(s.orders)
    .where(eq(s.orders.id, orderId));
  if (!order) throw new Error(`attributeSale: no order ${orderId}`);
  const already = await tx
    .select({ id: s.attributionEntries.id })
    .from(s.attributionEntries)
    .where(eq(s.attributionEntries.orderId, orderId))
    .limit(1);
  if (already.length > 0) return;
  const day = shanghaiDate(paidAt);
  const lines = await tx.select().from(s.orderLines).where(eq(s.orderLines.orderId, orderId));
  if (lines.length === 0) return;
  const bySupplier = await linkagesInForce(tx, [...new Set(lines.map((l) => l.supplierId))], day);

  const allLinkages = [...bySupplier.values()].flat();
  const householdIds = allLinkages.flatMap((l) => (l.householdId ? [l.householdId] : []));
  const collectiveIds = allLinkages.flatMap((l) => (l.villageCollectiveId ? [l.villageCollectiveId] : []));
  const households = householdIds.length
    ? await tx.select().from(s.households).where(inArray(s.households.id, householdIds))
    : [];
  const collectives = collectiveIds.length
    ? await tx.select().from(s.villageCollectives).where(inArray(s.villageCollectives.id, collectiveIds))
    : [];
  const householdById = new Map(households.map((h) => [h.id, h]));
  const collectiveById = new Map(collectives.map((c) => [c.id, c]));

  const entries: (typeof s.attributionEntries.$inferInsert)[] = [];
  for (const line of lines) {
    const linkages = linkagesForProduct(bySupplier.get(line.supplierId) ?? [], line.productId);
    const pool = linePool(line.lineTotalFen - line.refundedFen, line.benefitRateBp);
    const shares = allocatePool({ poolFen: pool, shares: linkages });
    const linkageById = new Map(linkages.map((l) => [l.id, l]));
    for (const share of shares) {
      const linkage = linkageById.get(share.id)!;
      const household = linkage.householdId ? householdById.get(linkage.householdId) : undefined;
      const collective = linkage.villageCollectiveId
        ? collectiveById.get(linkage.villageCollectiveId)
        : undefined;
      // Zero-fen shares are written too: they record which linkages (and weights) the sale used,
      // so a later refund re-splits over exactly the same set.
      entries.push({
        kind: "sale",
        orderId,
        orderLineId: line.id,
        linkageId: linkage.id,
        linkageWeight: linkage.weight,
        amountFen: share.amountFen,
        paidAt,
        statDate: day,
        beneficiaryType: linkage.beneficiaryType,
        householdId: household?.id ?? null,
        villageCollectiveId: collective?.id ?? null,
        householdKind: household?.kind ?? null,
        householdMembers: household?.memberCount ?? null,
        townId: (household?.townId ?? collective?.townId)!,
        villageId: (household?.villageId ?? collective?.villageId)!,
        mechanism: linkage.mechanism,
        incomeType: INCOME_TYPE_OF[linkage.mechanism],
        categoryId: line.categoryId,
        supplierId: line.supplierId,
        supplierKind: line.supplierKind,
        buyerKind: order.buyerKind,
        certified: line.certified,
      });
    }
  }
  for (let i = 0; i < entries.length; i += 500) {
    await tx
      .insert(s.attributionEntries)
      .values(entries.slice(i, i + 500))
      .onConflictDoNothing();
  }

  // Rollups, in the same transaction. Every upsert goes in key order, so two payments touching
  // the same rollup rows lock them in the same order and cannot deadlock.
  await addSales(
    tx,
    lines.map((line) => ({
      day,
      line,
      buyerKind: order.buyerKind,
      salesFen: line.lineTotalFen,
      refundedFen: 0,
      quantity: line.quantity,
      lines: 1,
    })),
  );
  await addBeneficiaryAmounts(tx, entries);
  await addOrderToRollups(tx, { orderId, day, buyerKind: order.buyerKind, buyerKey: buyerKeyOf(order) });
}

/**
 * Posts the ledger adjustments of a refund whose amounts are already applied to the lines
 * (order_lines.refunded_fen), in the refunding transaction. Per linkage, the cumulative total
 * then equals a fresh allocation of the line's remaining net over the sale's linkages and
 * weights; a full refund brings every linkage to 0. The sales rollup gets the refund on the
 * ORIGINAL sale date (sales_fen down, refunded_fen up), the beneficiaries' amounts likewise on the
 * sale's stat date. Call it once per refund, in the transaction that records the refund
 * (refundOrderLines does): a repeat finds the refund's entries and stops, but a refund that moved
 * no linkage's share leaves nothing to find, and its sales rollup would be counted again.
 */
export async function reverseForRefund(tx: Transaction, { refundId }: { refundId: string }) {
  const refundLines = await tx.select().from(s.refundLines).where(eq(s.refundLines.refundId, refundId));
  if (refundLines.length === 0) return;
  const done = await tx
    .select({ id: s.attributionEntries.id })
    .from(s.attributionEntries)
    .where(eq(s.attributionEntries.refundId, refundId))
    .limit(1);
  if (done.length > 0) return;
  const lines = await tx
    .select()
    .from(s.orderLines)
    .where(
      inArray(
        s.orderLines.id,
        refundLines.map((r) => r.orderLineId),
      ),
    );
  if (lines.length === 0) return;
  const [order] = await tx
    .select({ buyerKind: s.orders.buyerKind, paidAt: s.orders.paidAt })
    .from(s.orders)
    .where(eq(s.orders.id, lines[0].orderId));
  const adjustments: (typeof s.attributionEntries.$inferInsert)[] = [];
  const salesDeltas: SalesDelta[] = [];
  // Every entry of the refunded lines in one query, not one per line.
  const allEntries = await tx
    .select()
    .from(s.attributionEntries)
    .where(
      inArray(
        s.attributionEntries.orderLineId,
        lines.map((l) => l.id),
      ),
    );
  for (const line of lines) {
    const refunded = refundLines.find((r) => r.orderLineId === line.id)!;
    const entries = allEntries.filter((e) => e.orderLineId === line.id);
    const sales = entries.filter((e) => e.kind === "sale");
    // On the original sale date: the sale's day keeps its refunds.
    if (order.paidAt) {
      salesDeltas.push({
        day: shanghaiDate(order.paidAt),
        line,
        buyerKind: order.buyerKind,
        salesFen: -refunded.amountFen,
        refundedFen: refunded.amountFen,
        quantity: 0,
        lines: 0,
      });
    }
    if (sales.length === 0) continue;
    const current = new Map<string, number>();
    for (const e of entries) current.set(e.linkageId, (current.get(e.linkageId) ?? 0) + e.amountFen);
    // The sale's weights; entries written without the snapshot (older generated data) take the
    // agreement's weight, which an approved agreement keeps (a change is a new agreement).
    const missing = sales.filter((e) => e.linkageWeight === null).map((e) => e.linkageId);
    const weightOf = new Map(
      missing.length
        ? (
            await tx
              .select({ id: s.linkages.id, weight: s.linkages.weight })
              .from(s.linkages)
              .where(inArray(s.linkages.id, missing))
          ).map((l) => [l.id, l.weight])
        : [],
    );
    const deltas = rebalanceShares({
      poolFen: linePool(line.lineTotalFen - line.refundedFen, line.benefitRateBp),
      shares: sales.map((e) => ({ id: e.linkageId, weight: e.linkageWeight ?? weightOf.get(e.linkageId)! })),
      current,
    });
    for (const { id: linkageId, deltaFen } of deltas) {
      const { id: _id, createdAt: _c, ...snapshot } = sales.find((e) => e.linkageId === linkageId)!;
      adjustments.push({ ...snapshot, kind: "reversal", refundId, amountFen: deltaFen });
    }
  }
  if (adjustments.length > 0) await tx.insert(s.attributionEntries).values(adjustments);
  await addSales(tx, salesDeltas);
  await addBeneficiaryAmounts(tx, adjustments);
}

export type OrderImpact = {
  attributedFen: number;
  households: number;
  monitoredHouseholds: number;
  villageCollectives: number;
  villages: string[];
  byIncomeType: { incomeType: IncomeType; amountFen: number }[];
};

/** The impact receipt of an order: aggregates only, never names or ids of households. */
export async function getOrderImpact({ orderId }: { orderId: string }): Promise<OrderImpact | null> {
  const rows = await db
    .select({
      householdId: s.attributionEntries.householdId,
      householdKind: s.attributionEntries.householdKind,
      villageCollectiveId: s.attributionEntries.villageCollectiveId,
      incomeType: s.attributionEntries.incomeType,
      villageName: s.regions.name,
      amountFen: sql<number>`sum(${s.attributionEntries.amountFen})::int`,
    })
    .from(s.attributionEntries)
    .innerJoin(s.regions, eq(s.regions.id, s.attributionEntries.villageId))
    .where(eq(s.attributionEntries.orderId, orderId))
    .groupBy(
      s.attributionEntries.householdId,
      s.attributionEntries.householdKind,
      s.attributionEntries.villageCollectiveId,
      s.attributionEntries.incomeType,
      s.regions.name,
    );
  const positive = rows.filter((r) => Number(r.amountFen) > 0);
  if (positive.length === 0) return null;
  const byType = new Map<IncomeType, number>();
  for (const r of positive) byType.set(r.incomeType, (byType.get(r.incomeType) ?? 0) + Number(r.amountFen));
  const households = new Set(positive.flatMap((r) => (r.householdId ? [r.householdId] : [])));
  const monitored = new Set(
    positive.flatMap((r) =>
      r.householdId && r.householdKind?.startsWith("monitored") ? [r.householdId] : [],
    ),
  );
  return {
    attributedFen: positive.reduce((a, r) => a + Number(r.amountFen), 0),
    households: households.size,
    monitoredHouseholds: monitored.size,
    villageCollectives: new Set(
      positive.flatMap((r) => (r.villageCollectiveId ? [r.villageCollectiveId] : [])),
    ).size,
    villages: [...new Set(positive.map((r) => r.villageName))].sort(),
    byIncomeType: INCOME_TYPES.filter((t) => byType.has(t)).map((incomeType) => ({
      incomeType,
      amountFen: byType.get(incomeType)!,
    })),
  };
}

/**
 * Recomputes the rollups from the order lines and the raw ledger and returns every row
 * that differs (empty when the rollups are in step). Used by `npm run stats:verify` and tests.
 */
export async function verifyRollups(): Promise<
  { table: string; key: string; rollup: string; recomputed: string }[]
> {
  const paidDate = sql.raw(`(o.paid_at at time zone 'Asia/Shanghai')::date`);
  const compare = async (
    table: string,
    recomputed: ReturnType<typeof sql>,
    rollup: ReturnType<typeof sql>,
  ) => {
    const result = await db.execute(sql`
      with r as (${recomputed}), u as (${rollup})
      select coalesce(r.k, u.k) as key, coalesce(u.v, '(missing)') as rollup, coalesce(r.v, '(missing)') as recomputed
      from r full join u on r.k = u.k
      where r.v is distinct from u.v`);
    return rowsOf<{ key: string; rollup: string; recomputed: string }>(result).map((row) => ({
      table,
      ...row,
    }));
  };
  const sales = await compare(
    "stats_sales_daily",
    sql`select concat_ws('|', ${paidDate}, l.origin_town_id, l.origin_village_id, l.category_id, l.supplier_id, o.buyer_kind, l.certified) as k,
               concat_ws('|', sum(l.line_total_fen - l.refunded_fen), sum(l.refunded_fen), sum(l.quantity), count(*)) as v
        from order_lines l join orders o on o.id = l.order_id
        where o.paid_at is not null and o.status <> 'cancelled'
        group by ${paidDate}, l.origin_town_id, l.origin_village_id, l.category_id, l.supplier_id, o.buyer_kind, l.certified`,
    sql`select concat_ws('|', stat_date, town_id, village_id, category_id, supplier_id, buyer_kind, certified) as k,
               concat_ws('|', sales_fen, refunded_fen, quantity, lines) as v
        from stats_sales_daily where lines <> 0 or sales_fen <> 0 or refunded_fen <> 0`,
  );
  const beneficiaries = await compare(
    "stats_beneficiary_daily",
    sql`select concat_ws('|', stat_date, beneficiary_type, coalesce(household_id, village_collective_id), income_type) as k, sum(amount_fen)::text as v
        from attribution_entries group by stat_date, beneficiary_type, coalesce(household_id, village_collective_id), income_type
        having sum(amount_fen) <> 0`,
    sql`select concat_ws('|', stat_date, beneficiary_type, beneficiary_id, income_type) as k, amount_fen::text as v
        from stats_beneficiary_daily where amount_fen <> 0`,
  );
  const orders = await compare(
    "stats_orders_daily",
    sql`select concat_ws('|', d, town_id, buyer_kind) as k, concat_ws('|', count(*), count(*) filter (where first)) as v
        from (select distinct ${paidDate} as d, o.id, sp.town_id, o.buyer_kind,
                     sp.town_id = min(sp.town_id) over (partition by o.id) as first
              from order_parts p join orders o on o.id = p.order_id join suppliers sp on sp.id = p.supplier_id
              where o.paid_at is not null and o.status <> 'cancelled') x
        group by d, town_id, buyer_kind`,
    sql`select concat_ws('|', stat_date, town_id, buyer_kind) as k, concat_ws('|', orders, orders_once) as v
        from stats_orders_daily where orders <> 0`,
  );
  const buyerKey = sql.raw(
    `coalesce('o:' || o.organisation_id, 'u:' || o.user_id, 'g:' || encode(sha256(convert_to(o.contact_mobile, 'UTF8')), 'hex'))`,
  );
  const buyers = await compare(
    "stats_buyers_daily",
    sql`select concat_ws('|', ${paidDate}, x.town_id, x.buyer_kind, x.buyer_key) as k, concat_ws('|', count(*), count(*) filter (where x.first)) as v
        from (select distinct on (o.id, sp.town_id) o.id, sp.town_id, o.buyer_kind, o.paid_at, ${buyerKey} as buyer_key,
                     sp.town_id = min(sp.town_id) over (partition by o.id) as first
              from order_parts p join orders o on o.id = p.order_id join suppliers sp on sp.id = p.supplier_id
              where o.paid_at is not null and o.status <> 'cancelled') x
        join orders o on o.id = x.id
        group by ${paidDate}, x.town_id, x.buyer_kind, x.buyer_key`,
    sql`select concat_ws('|', stat_date, town_id, buyer_kind, buyer_key) as k, concat_ws('|', orders, orders_once) as v
        from stats_buyers_daily where orders <> 0`,
  );
  // The coarser rollups against the daily ones they sum.
  const month = sql.raw(`date_trunc('month', stat_date)::date`);
  const salesMonthly = await compare(
    "stats_sales_monthly",
    sql`select concat_ws('|', ${month}, town_id, village_id, category_id, supplier_kind, buyer_kind, certified) as k, concat_ws('|', sum(sales_fen), sum(quantity)) as v
        from stats_sales_daily group by ${month}, town_id, village_id, category_id, supplier_kind, buyer_kind, certified
        having sum(sales_fen) <> 0 or sum(quantity) <> 0`,
    sql`select concat_ws('|', month, town_id, village_id, category_id, supplier_kind, buyer_kind, certified) as k, concat_ws('|', sales_fen, quantity) as v
        from stats_sales_monthly where sales_fen <> 0 or quantity <> 0`,
  );
  const ordersMonthly = await compare(
    "stats_orders_monthly",
    sql`select concat_ws('|', ${month}, town_id, buyer_kind) as k, concat_ws('|', sum(orders), sum(orders_once)) as v
        from stats_buyers_daily group by ${month}, town_id, buyer_kind having sum(orders) <> 0`,
    sql`select concat_ws('|', month, town_id, buyer_kind) as k, concat_ws('|', orders, orders_once) as v from stats_orders_monthly where orders <> 0`,
  );
  const incomeMonthly = await compare(
    "stats_income_monthly",
    sql`select concat_ws('|', ${month}, beneficiary_type, town_id, village_id, household_kind, income_type) as k, sum(amount_fen)::text as v
        from stats_beneficiary_daily group by ${month}, beneficiary_type, town_id, village_id, household_kind, income_type having sum(amount_fen) <> 0`,
    sql`select concat_ws('|', month, beneficiary_type, town_id, village_id, household_kind, income_type) as k, amount_fen::text as v
        from stats_income_monthly where amount_fen <> 0`,
  );
  const beneficiaryMonthly = await compare(
    "stats_beneficiary_monthly",
    sql`select concat_ws('|', ${month}, beneficiary_type, beneficiary_id, town_id) as k,
               concat_ws('|', min(village_id), min(household_kind), max(household_members), sum(amount_fen)) as v
        from stats_beneficiary_daily group by ${month}, beneficiary_type, beneficiary_id, town_id`,
    sql`select concat_ws('|', month, beneficiary_type, beneficiary_id, town_id) as k,
               concat_ws('|', village_id, household_kind, household_members, amount_fen) as v
        from stats_beneficiary_monthly`,
  );
  const year = sql.raw(`extract(year from stat_date)::int`);
  const beneficiaryYearly = await compare(
    "stats_beneficiary_yearly",
    sql`select concat_ws('|', ${year}, beneficiary_type, beneficiary_id) as k,
               concat_ws('|', min(town_id), min(village_id), min(household_kind), max(household_members), sum(amount_fen), count(distinct town_id) > 1) as v
        from stats_beneficiary_daily group by ${year}, beneficiary_type, beneficiary_id`,
    sql`select concat_ws('|', year, beneficiary_type, beneficiary_id) as k,
               concat_ws('|', town_id, village_id, household_kind, household_members, amount_fen, moved_town) as v
        from stats_beneficiary_yearly`,
  );
  const buyersYearly = await compare(
    "stats_buyers_yearly",
    sql`select distinct concat_ws('|', ${year}, r.region_id, b.buyer_key) as k, '1' as v
        from stats_buyers_daily b join regions t on t.id = b.town_id
        cross join lateral (values (b.town_id), (t.parent_id)) r(region_id)
        where r.region_id is not null and b.orders > 0`,
    sql`select concat_ws('|', year, region_id, buyer_key) as k, '1' as v from stats_buyers_yearly`,
  );
  // The facets (decision 155) from the verified daily sales rows, per day and per month.
  const facetRows = (period: string) =>
    sql.raw(`select concat_ws('|', p, town_id, facet, key, certified) as k, concat_ws('|', sales, quantity) as v
             from (${salesFacetsFromDaily(period)}) f(p, town_id, facet, key, certified, sales, quantity)
             where sales <> 0 or quantity <> 0`);
  const salesFacets = [
    ...(await compare(
      "stats_sales_facets_daily",
      facetRows("d.stat_date"),
      sql`select concat_ws('|', stat_date, town_id, facet, key, certified) as k, concat_ws('|', sales_fen, quantity) as v
          from stats_sales_facets_daily where sales_fen <> 0 or quantity <> 0`,
    )),
    ...(await compare(
      "stats_sales_facets_monthly",
      facetRows("date_trunc('month', d.stat_date)::date"),
      sql`select concat_ws('|', month, town_id, facet, key, certified) as k, concat_ws('|', sales_fen, quantity) as v
          from stats_sales_facets_monthly where sales_fen <> 0 or quantity <> 0`,
    )),
  ];
  const buyerCounts = await compare(
    "stats_buyer_counts",
    sql`select concat_ws('|', year, region_id, buyer_kind) as k, count(*)::text as v from stats_buyers_yearly group by year, region_id, buyer_kind`,
    sql`select concat_ws('|', year, region_id, buyer_kind) as k, buyers::text as v from stats_buyer_counts where buyers <> 0`,
  );
  // The buyers' chains of active days (decision 142), recounted per buyer-month with plain aggregates.
  const chainDays = sql.raw(`select distinct v.region_id, k.kind, b.buyer_key, b.stat_date
        from stats_buyers_daily b join regions t on t.id = b.town_id
        cross join lateral (values (b.town_id), (t.parent_id)) v(region_id)
        cross join lateral (values (b.buyer_kind::text), ('all')) k(kind)
        where v.region_id is not null and b.orders > 0`);
  const buyerDays = await compare(
    "stats_buyer_days",
    sql`with d as (${chainDays})
        select concat_ws('|', region_id, kind, stat_date, prev_day) as k, count(*)::text as v
        from (select d.region_id, d.kind, d.stat_date, coalesce(extract(day from max(e.stat_date))::int, 0) as prev_day
              from d left join d e on e.region_id = d.region_id and e.kind = d.kind and e.buyer_key = d.buyer_key
                and date_trunc('month', e.stat_date) = date_trunc('month', d.stat_date) and e.stat_date < d.stat_date
              group by d.region_id, d.kind, d.buyer_key, d.stat_date) x
        group by region_id, kind, stat_date, prev_day`,
    sql`select concat_ws('|', region_id, kind, stat_date, prev_day) as k, buyers::text as v from stats_buyer_days where buyers <> 0`,
  );
  const buyerMonths = await compare(
    "stats_buyer_months",
    sql`with m as (select region_id, kind, buyer_key, date_trunc('month', stat_date)::date as month, min(stat_date) as first, max(stat_date) as last
                   from (${chainDays}) d group by 1, 2, 3, 4)
        , x as (select m.region_id, m.kind, m.month, extract(day from m.first)::int as first_day, coalesce(max(e.last), '1900-01-01'::date) as last_before
              from m left join m e on e.region_id = m.region_id and e.kind = m.kind and e.buyer_key = m.buyer_key and e.month < m.month
              group by m.region_id, m.kind, m.buyer_key, m.month, m.first)
        select concat_ws('|', region_id, kind, month, first_day, last_before) as k, count(*)::text as v
        from x group by region_id, kind, month, first_day, last_before
        union all
        select concat_ws('|', region_id, kind, month, 0, last_before), count(*)::text from x group by region_id, kind, month, last_before`,
    sql`select concat_ws('|', region_id, kind, month, first_day, last_before) as k, buyers::text as v from stats_buyer_months where buyers <> 0`,
  );
  return [
    ...[...sales, ...beneficiaries, ...orders, ...buyers],
    ...buyerDays,
    ...buyerMonths,
    ...[
      ...salesMonthly,
      ...salesFacets,
      ...ordersMonthly,
      ...incomeMonthly,
      ...beneficiaryMonthly,
      ...beneficiaryYearly,
      ...buyersYearly,
      ...buyerCounts,
    ],
  ];
}

export { buyerKeyOf, monthOf } from "~/lib/db.server";
