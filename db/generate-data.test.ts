// The large-scale generator, run small on this file's database (PGlite by default, PostgreSQL when
// DATABASE_URL is set): counts, the ledger rules of DESIGN.md §3, the rollups, determinism.
import { count, isNotNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { decryptPii, isValidIdCard } from "../core/pii";
import { getTableConfig } from "drizzle-orm/pg-core";
import { allTables, databaseDigest } from "../tests/support/digest";
import { createTestDatabase, currentTestDatabase } from "../tests/support/test-database";
import { rowsOf, type Database } from "./client";
import { generateData, type GenerateOptions, type GenerateSummary } from "./generate-data/index";
import * as s from "./schema";

const OPTIONS: GenerateOptions = {
  households: 500,
  products: 1200,
  orders: 600,
  seed: 7,
  piiKey: process.env.PII_KEY!,
  now: new Date("2026-11-20T15:30:00+08:00"),
};

const db = () => currentTestDatabase().db;

async function query<T>(database: Database, text: string): Promise<T[]> {
  return rowsOf<T>(await database.execute(sql.raw(text)));
}

const n = (v: unknown) => Number(v ?? 0);

/** Per paid line: its pool, and the linkages in force at payment (the product's own, else the supplier's). */
const IN_FORCE = `
  with paid as (
    select l.id, l.product_id, l.supplier_id, l.line_total_fen, l.refunded_fen, l.benefit_rate_bp, o.paid_at,
           (o.paid_at at time zone 'Asia/Shanghai')::date as d,
           ((l.line_total_fen - l.refunded_fen)::bigint * l.benefit_rate_bp) / 10000 as pool
    from order_lines l join orders o on o.id = l.order_id
    where o.paid_at is not null and o.status <> 'cancelled'),
  candidates as (
    select p.id as line_id, k.id as linkage_id, k.weight, k.product_id is not null as own
    from paid p join linkages k on k.supplier_id = p.supplier_id and (k.product_id is null or k.product_id = p.product_id)
    where k.status = 'approved' and k.valid_from <= p.d and (k.valid_until is null or k.valid_until >= p.d)
      and (k.decided_at is null or k.decided_at <= p.paid_at)),
  chosen as (
    select c.* from candidates c
    where c.own or not exists (select 1 from candidates o where o.line_id = c.line_id and o.own)),
  weights as (select line_id, sum(weight) as total_weight from chosen group by 1),
  -- Largest remainder: floor shares, then one fen each to the largest remainders, ties to the
  -- larger weight, then the lower linkage id (core/allocation.ts).
  shares as (
    select c.line_id, c.linkage_id, c.weight, p.pool, (p.pool * c.weight) / w.total_weight as q, (p.pool * c.weight) % w.total_weight as rem
    from chosen c join weights w on w.line_id = c.line_id join paid p on p.id = c.line_id),
  ranked as (
    select sh.*, row_number() over (partition by line_id order by rem desc, weight desc, linkage_id) as rnk,
           pool - sum(q) over (partition by line_id) as leftover
    from shares sh),
  expected as (select line_id, linkage_id, q + case when rnk <= leftover then 1 else 0 end as amount from ranked)`;

describe("generate-data", () => {
  let summary: GenerateSummary;

  beforeAll(async () => {
    summary = await generateData(currentTestDatabase(), OPTIONS);
  }, 180_000);

  it("reaches the requested counts with valid, consistent rows", async () => {
    const total = async (table: typeof s.households | typeof s.products) =>
      (await db().select({ n: count() }).from(table))[0].n;
    expect(await total(s.households)).toBe(OPTIONS.households);
    expect(await total(s.products)).toBe(OPTIONS.products);
    const [paid] = await db().select({ n: count() }).from(s.orders).where(isNotNull(s.orders.paidAt));
    expect(paid.n).toBe(OPTIONS.orders);
    expect(summary.totals.paidOrders).toBe(OPTIONS.orders);
    expect(summary.created.households).toBeGreaterThan(0);
    expect(summary.created.products).toBeGreaterThan(0);

    const [o] = await query<Record<string, unknown>>(
      db(),
      `select count(*) as orders, count(distinct order_number) as numbers,
              count(*) filter (where order_number !~ '^[0-9]{8}-[0-9]{6}$') as malformed,
              count(*) filter (where total_fen <> subtotal_fen + shipping_fen) as bad_totals,
              count(*) filter (where status = 'cancelled') as cancelled,
              count(*) filter (where to_char(created_at at time zone 'Asia/Shanghai', 'YYYYMMDD') <> left(order_number, 8)) as wrong_day,
              count(*) filter (where paid_at > '${OPTIONS.now!.toISOString()}' or created_at < '2024-11-20') as out_of_window
       from orders`,
    );
    expect(n(o.numbers)).toBe(n(o.orders));
    expect(n(o.malformed) + n(o.bad_totals) + n(o.wrong_day) + n(o.out_of_window)).toBe(0);
    expect(n(o.orders)).toBeGreaterThanOrEqual(OPTIONS.orders);

    // Parts add up to the order, lines to their part; every paid order has one succeeded payment.
    const [c] = await query<Record<string, unknown>>(
      db(),
      `select
         (select count(*) from orders o where o.subtotal_fen <> (select coalesce(sum(p.subtotal_fen), 0) from order_parts p where p.order_id = o.id)
                                          or o.shipping_fen <> (select coalesce(sum(p.shipping_fen), 0) from order_parts p where p.order_id = o.id)) as bad_orders,
         (select count(*) from order_parts p where p.subtotal_fen <> (select sum(l.line_total_fen) from order_lines l where l.order_part_id = p.id)) as bad_parts,
         (select count(*) from orders o where o.paid_at is not null
            and 1 <> (select count(*) from payments y where y.order_id = o.id and y.status = 'succeeded' and y.amount_fen = o.total_fen)) as bad_payments,
         (select count(*) from order_lines l join product_variants v on v.id = l.variant_id where v.product_id <> l.product_id) as bad_variants`,
    );
    expect([n(c.bad_orders), n(c.bad_parts), n(c.bad_payments), n(c.bad_variants)]).toEqual([0, 0, 0, 0]);
    const [seq] = await query<Record<string, unknown>>(
      db(),
      `select count(*) as beyond from orders o left join order_number_sequences q on q.day = to_date(left(o.order_number, 8), 'YYYYMMDD')
       where q.day is null or right(o.order_number, 6)::int > q.last`,
    );
    expect(n(seq.beyond)).toBe(0);

    // Households: valid, encrypted ID numbers with matching masks.
    const households = await db().select().from(s.households).limit(50);
    for (const h of households) {
      const idCard = decryptPii(h.idCardCipher, OPTIONS.piiKey);
      expect(isValidIdCard(idCard)).toBe(true);
      expect(h.idCardMasked).toBe(`${idCard.slice(0, 4)}**********${idCard.slice(-4)}`);
    }
  });

  it("leaves no dangling reference (the bulk load skips foreign-key triggers)", async () => {
    const orphans: Record<string, number> = {};
    let checked = 0;
    for (const table of allTables()) {
      const config = getTableConfig(table);
      for (const fk of config.foreignKeys) {
        const ref = fk.reference();
        checked++;
        const target = getTableConfig(ref.foreignTable).name;
        const cols = ref.columns.map((c) => c.name);
        const match = cols.map((c, i) => `f."${ref.foreignColumns[i].name}" = t."${c}"`).join(" and ");
        const [row] = await query<{ n: unknown }>(
          db(),
          `select count(*) as n from "${config.name}" t where ${cols.map((c) => `t."${c}" is not null`).join(" and ")}
             and not exists (select 1 from "${target}" f where ${match})`,
        );
        if (n(row.n)) orphans[`${config.name}(${cols.join(",")}) → ${target}`] = n(row.n);
      }
    }
    expect(orphans).toEqual({});
    expect(checked).toBeGreaterThan(40);
  });

  it("splits each paid line's pool exactly over the linkages in force, by weight", async () => {
    const lines = await query<Record<string, unknown>>(
      db(),
      `${IN_FORCE}
       select p.id, p.pool, exists (select 1 from chosen c where c.line_id = p.id) as has_links,
              coalesce((select sum(a.amount_fen) from attribution_entries a where a.order_line_id = p.id), 0) as attributed
       from paid p`,
    );
    expect(lines.length).toBeGreaterThan(OPTIONS.orders);
    let withLinks = 0;
    for (const line of lines) {
      const expected = line.has_links ? n(line.pool) : 0;
      if (n(line.attributed) !== expected)
        throw new Error(
          `line ${line.id}: attributed ${line.attributed}, pool ${line.pool}, linkages in force: ${line.has_links}`,
        );
      if (line.has_links && n(line.pool) > 0) withLinks++;
    }
    expect(withLinks).toBeGreaterThan(lines.length / 4);

    const [check] = await query<Record<string, unknown>>(
      db(),
      `${IN_FORCE}
       select
         (select count(*) from attribution_entries where kind = 'sale' and amount_fen < 0) as negative,
         (select count(*) from attribution_entries a
           where not exists (select 1 from chosen c where c.line_id = a.order_line_id and c.linkage_id = a.linkage_id)) as outside_in_force,
         (select count(*) from expected e
            full join (select order_line_id, linkage_id, sum(amount_fen) as amount_fen from attribution_entries group by 1, 2) a
              on a.order_line_id = e.line_id and a.linkage_id = e.linkage_id
           where coalesce(a.amount_fen, 0) <> coalesce(e.amount, 0)) as not_largest_remainder,
         (select count(*) from attribution_entries a join orders o on o.id = a.order_id join order_lines l on l.id = a.order_line_id
           where a.paid_at <> o.paid_at or a.stat_date <> (o.paid_at at time zone 'Asia/Shanghai')::date or a.order_id <> l.order_id
              or a.supplier_id <> l.supplier_id or a.category_id <> l.category_id or a.certified <> l.certified
              or a.supplier_kind <> l.supplier_kind or a.buyer_kind <> o.buyer_kind) as bad_line_snapshot,
         (select count(*) from attribution_entries a join linkages k on k.id = a.linkage_id
            left join households h on h.id = a.household_id left join village_collectives v on v.id = a.village_collective_id
           where a.mechanism <> k.mechanism or a.beneficiary_type <> k.beneficiary_type
              or a.linkage_weight is distinct from k.weight or a.household_id is distinct from k.household_id or a.village_collective_id is distinct from k.village_collective_id
              or a.town_id <> coalesce(h.town_id, v.town_id) or a.village_id <> coalesce(h.village_id, v.village_id)
              or a.household_kind is distinct from h.kind or a.household_members is distinct from h.member_count) as bad_beneficiary_snapshot,
         (select count(*) from attribution_entries a
           where a.income_type <> case a.mechanism when 'employment' then 'wage'::income_type when 'rebate_share' then 'transfer'::income_type
                                   when 'order_purchase' then 'operating'::income_type when 'own_production' then 'operating'::income_type
                                   else 'property'::income_type end) as bad_income_type,
         (select count(*) from attribution_entries) as entries`,
    );
    expect([
      n(check.negative),
      n(check.outside_in_force),
      n(check.not_largest_remainder),
      n(check.bad_line_snapshot),
      n(check.bad_beneficiary_snapshot),
      n(check.bad_income_type),
    ]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(n(check.entries)).toBe(summary.totals.ledgerEntries);
  });

  it("fills the rollups consistently with the lines and the ledger", async () => {
    const differences = await query<Record<string, unknown>>(
      db(),
      `select 'sales' as rollup, count(*) as n from (
         (select stat_date, town_id, village_id, category_id, supplier_id, supplier_kind::text, buyer_kind::text, certified, sales_fen, quantity, lines from stats_sales_daily
          except
          select (o.paid_at at time zone 'Asia/Shanghai')::date, l.origin_town_id, l.origin_village_id, l.category_id, l.supplier_id, l.supplier_kind::text,
                 o.buyer_kind::text, l.certified, sum(l.line_total_fen - l.refunded_fen), sum(l.quantity), count(*)
          from order_lines l join orders o on o.id = l.order_id where o.paid_at is not null and o.status <> 'cancelled'
          group by 1, 2, 3, 4, 5, 6, 7, 8)
         union all
         (select (o.paid_at at time zone 'Asia/Shanghai')::date, l.origin_town_id, l.origin_village_id, l.category_id, l.supplier_id, l.supplier_kind::text,
                 o.buyer_kind::text, l.certified, sum(l.line_total_fen - l.refunded_fen), sum(l.quantity), count(*)
          from order_lines l join orders o on o.id = l.order_id where o.paid_at is not null and o.status <> 'cancelled'
          group by 1, 2, 3, 4, 5, 6, 7, 8
          except
          select stat_date, town_id, village_id, category_id, supplier_id, supplier_kind::text, buyer_kind::text, certified, sales_fen, quantity, lines from stats_sales_daily)) d
       union all
       select 'beneficiary', count(*) from (
         (select stat_date, beneficiary_type::text, beneficiary_id, income_type::text, town_id, village_id, household_kind::text, household_members, amount_fen from stats_beneficiary_daily
          except
          select stat_date, beneficiary_type::text, coalesce(household_id, village_collective_id), income_type::text, town_id, village_id, household_kind::text, household_members, sum(amount_fen)
          from attribution_entries group by 1, 2, 3, 4, 5, 6, 7, 8 having sum(amount_fen) <> 0)
         union all
         (select stat_date, beneficiary_type::text, coalesce(household_id, village_collective_id), income_type::text, town_id, village_id, household_kind::text, household_members, sum(amount_fen)
          from attribution_entries group by 1, 2, 3, 4, 5, 6, 7, 8 having sum(amount_fen) <> 0
          except
          select stat_date, beneficiary_type::text, beneficiary_id, income_type::text, town_id, village_id, household_kind::text, household_members, amount_fen from stats_beneficiary_daily)) d
       union all
       select 'orders', count(*) from (
         (select stat_date, town_id, buyer_kind::text, orders from stats_orders_daily
          except
          select (o.paid_at at time zone 'Asia/Shanghai')::date, s.town_id, o.buyer_kind::text, count(distinct o.id)
          from order_parts p join orders o on o.id = p.order_id join suppliers s on s.id = p.supplier_id
          where o.paid_at is not null and o.status <> 'cancelled' group by 1, 2, 3)
         union all
         (select (o.paid_at at time zone 'Asia/Shanghai')::date, s.town_id, o.buyer_kind::text, count(distinct o.id)
          from order_parts p join orders o on o.id = p.order_id join suppliers s on s.id = p.supplier_id
          where o.paid_at is not null and o.status <> 'cancelled' group by 1, 2, 3
          except
          select stat_date, town_id, buyer_kind::text, orders from stats_orders_daily)) d`,
    );
    expect(Object.fromEntries(differences.map((d) => [d.rollup, n(d.n)]))).toEqual({
      sales: 0,
      beneficiary: 0,
      orders: 0,
    });

    const [sums] = await query<Record<string, unknown>>(
      db(),
      `select (select sum(sales_fen) from stats_sales_daily) as rollup_sales,
              (select sum(amount_fen) from stats_beneficiary_daily) as rollup_income,
              (select sum(amount_fen) from attribution_entries) as ledger,
              (select count(*) from stats_beneficiary_daily where amount_fen > 0) as reached`,
    );
    expect(n(sums.rollup_sales)).toBe(summary.totals.salesFen);
    expect(n(sums.rollup_income)).toBe(summary.totals.attributedFen);
    expect(n(sums.ledger)).toBe(summary.totals.attributedFen);
    expect(n(sums.reached)).toBeGreaterThan(0);

    // The monthly and yearly rollups and the sales facets, rebuilt from the daily ones, carry the same totals.
    const [coarse] = await query<Record<string, unknown>>(
      db(),
      `select (select sum(sales_fen) from stats_sales_monthly) as sales_monthly, (select sum(sales_fen) from stats_sales_facets_daily where facet = 'category') as facets_daily,
              (select sum(sales_fen) from stats_sales_facets_monthly where facet = 'buyer_kind') as facets_monthly,
              (select sum(amount_fen) from stats_income_monthly) as income_monthly, (select sum(amount_fen) from stats_beneficiary_yearly) as income_yearly,
              (select sum(orders) from stats_orders_monthly) as orders_monthly, (select sum(orders) from stats_buyers_daily) as orders_daily,
              (select sum(buyers) from stats_buyer_counts) as buyer_counts, (select count(*) from stats_buyers_yearly) as buyer_rows`,
    );
    expect([n(coarse.sales_monthly), n(coarse.facets_daily), n(coarse.facets_monthly)]).toEqual([
      summary.totals.salesFen,
      summary.totals.salesFen,
      summary.totals.salesFen,
    ]);
    expect([n(coarse.income_monthly), n(coarse.income_yearly)]).toEqual([
      summary.totals.attributedFen,
      summary.totals.attributedFen,
    ]);
    expect(n(coarse.orders_monthly)).toBe(n(coarse.orders_daily));
    expect(n(coarse.buyer_counts)).toBe(n(coarse.buyer_rows));
    expect(n(coarse.buyer_rows)).toBeGreaterThan(0);
  });

  it("gives the same data for the same seed on a fresh database", async () => {
    const second = await createTestDatabase(inject("dbTemplate"));
    try {
      const again = await generateData(second, OPTIONS);
      expect(again.totals).toEqual(summary.totals);
      expect(again.created).toEqual(summary.created);
      const [a, b] = [await databaseDigest(db()), await databaseDigest(second.db)];
      expect(b).toEqual(a);
    } finally {
      await second.close();
    }
  }, 180_000);
});
