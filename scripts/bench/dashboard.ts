// `npm run bench`, part 4 (run as its own process so a broken app module cannot stop the rest):
// the official dashboard's data load for the whole district and one year, timed by calling the
// statistics model's main function directly, against the same figures computed by plain GROUP BY
// over the raw order lines and the raw ledger, in the same run. Prints one JSON object.
//   tsx --tsconfig tsconfig.json scripts/bench/dashboard.ts <database-url> <year> [runs] [rawRuns]
import { sql } from "drizzle-orm";
import { openDatabase, rowsOf, type DatabaseHandle } from "../../db/client";
import { percentile } from "./load";

const [url, yearArg, runsArg, rawRunsArg] = process.argv.slice(2);
const year = Number(yearArg);
const runs = Number(runsArg ?? 30);
const rawRuns = Number(rawRunsArg ?? 5);
const from = `${year}-01-01`;
const to = `${year}-12-31`;

process.env.DATABASE_URL = url;
const handle = openDatabase(url);
(globalThis as typeof globalThis & { __xfbDatabase?: DatabaseHandle }).__xfbDatabase = handle;
const exec = async (text: string) => rowsOf<Record<string, unknown>>(await handle.db.execute(sql.raw(text)));

/** n runs after a warm-up, but stops after `budgetMs` (at least 3 runs): a slow load cannot stall the bench. */
async function timed(n: number, fn: () => Promise<unknown>, warmup = 2, budgetMs = 90_000) {
  for (let i = 0; i < warmup; i++) await fn();
  const ms: number[] = [];
  const stopAt = performance.now() + budgetMs;
  for (let i = 0; i < n && (i < 3 || performance.now() < stopAt); i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    runs: ms.length,
    p50: r(percentile(ms, 50)),
    p95: r(percentile(ms, 95)),
    max: r(ms[ms.length - 1]),
  };
}

const [district] = await exec(`select id from regions where level = 'district' order by id limit 1`);
const [official] =
  await exec(`select u.id, u.role, u.region_id from users u join regions r on r.id = u.region_id
                               where u.role = 'official' and r.level = 'district' order by u.created_at limit 1`);
const towns = (
  await exec(
    `select id from regions where level in ('town', 'subdistrict') and parent_id = ${Number(district.id)}`,
  )
).map((t) => Number(t.id));
const inTowns = `(${towns.join(", ")})`;
const period = `o.paid_at >= '${from}T00:00:00+08:00' and o.paid_at < '${year + 1}-01-01T00:00:00+08:00'`;
const paidDate = `(o.paid_at at time zone 'Asia/Shanghai')::date`;

// The same figures from the raw tables: sales by town, village, category, supplier kind, buyer
// kind and month (certified apart); orders and distinct buyers; income per beneficiary by income
// type, households and persons reached by town, village and kind; coverage of registered households.
const RAW = [
  `select grouping(l.origin_town_id), l.origin_town_id, l.origin_village_id, l.category_id, l.supplier_kind, o.buyer_kind, to_char(${paidDate}, 'YYYY-MM'), l.certified,
          sum(l.line_total_fen - l.refunded_fen), sum(l.quantity)
   from order_lines l join orders o on o.id = l.order_id
   where ${period} and o.status <> 'cancelled' and l.origin_town_id in ${inTowns}
   group by grouping sets ((l.certified), (l.origin_town_id, l.certified), (l.origin_village_id, l.certified), (l.category_id, l.certified),
                           (l.supplier_kind, l.certified), (o.buyer_kind, l.certified), (to_char(${paidDate}, 'YYYY-MM'), l.certified))`,
  `select grouping(s.town_id), s.town_id, o.buyer_kind, to_char(${paidDate}, 'YYYY-MM'), count(distinct o.id),
          count(distinct coalesce('o:' || o.organisation_id, 'u:' || o.user_id, 'g:' || o.contact_mobile))
   from order_parts p join orders o on o.id = p.order_id join suppliers s on s.id = p.supplier_id
   where ${period} and o.status <> 'cancelled' and s.town_id in ${inTowns}
   group by grouping sets ((), (s.town_id), (o.buyer_kind), (to_char(${paidDate}, 'YYYY-MM')))`,
  `with b as (
     select beneficiary_type, coalesce(household_id, village_collective_id) as id, min(town_id) as town_id, min(village_id) as village_id,
            min(household_kind::text) as kind, max(household_members) as members, sum(amount_fen) as total,
            sum(amount_fen) filter (where income_type = 'operating') as operating, sum(amount_fen) filter (where income_type = 'wage') as wage,
            sum(amount_fen) filter (where income_type = 'property') as property, sum(amount_fen) filter (where income_type = 'transfer') as transfer
     from attribution_entries
     where stat_date between '${from}' and '${to}' and town_id in ${inTowns}
     group by 1, 2)
   select grouping(town_id), town_id, village_id, kind, count(*) filter (where beneficiary_type = 'household' and total > 0),
          sum(members) filter (where total > 0), sum(total), sum(operating), sum(wage), sum(property), sum(transfer)
   from b group by grouping sets ((), (town_id), (village_id), (kind))`,
  `select to_char(stat_date, 'YYYY-MM'), sum(amount_fen) from attribution_entries
   where stat_date between '${from}' and '${to}' and town_id in ${inTowns} and beneficiary_type = 'household' group by 1`,
  `select h.kind, count(*), count(r.id) from households h
   left join (select household_id as id from attribution_entries where stat_date between '${from}' and '${to}' and household_id is not null
              group by 1 having sum(amount_fen) > 0) r on r.id = h.id
   where h.status = 'active' and h.town_id in ${inTowns} group by 1`,
];

const out: Record<string, unknown> = { year, from, to, towns: towns.length };
try {
  const stats = await import("../../app/models/impact/statistics.server");
  if (typeof stats.getDashboard !== "function") throw new Error("statistics.server has no getDashboard");
  const caller = { id: String(official.id), role: "official" as const, regionId: Number(official.region_id) };
  const probe = await stats.getDashboard({ caller, townCode: null, from, to, page: 1 });
  if (!probe.ok) throw new Error(`getDashboard refused the district official: ${probe.code}`);
  out.function =
    "getDashboard (app/models/impact/statistics.server.ts): computeStatistics + the not-reached list, from the rollups";
  out.model = await timed(runs, () => stats.getDashboard({ caller, townCode: null, from, to, page: 1 }), 1);
  // The registry's counts per kind are remembered for a minute: the same load recounting them every time.
  out.modelRecount = await timed(
    runs,
    () => (
      stats.forgetRegisteredHouseholds(),
      stats.getDashboard({ caller, townCode: null, from, to, page: 1 })
    ),
    1,
  );
  // Other periods of the same year (months and quarters read the monthly and daily rollups, their
  // households the per-beneficiary months, their buyers the buyers' chains: decisions 141, 142),
  // for the district and for one town.
  const [town] = await exec(`select code from regions where id = ${towns[0]}`);
  const others: [string, string, string, string | null][] = [
    ["quarter", `${year}-04-01`, `${year}-06-30`, null],
    ["month", `${year}-06-01`, `${year}-06-30`, null],
    ["custom range", `${year}-03-15`, `${year}-09-10`, null],
    ["year, one town", from, to, String(town.code)],
    ["quarter, one town", `${year}-04-01`, `${year}-06-30`, String(town.code)],
    ["month, one town", `${year}-06-01`, `${year}-06-30`, String(town.code)],
    ["custom range, one town", `${year}-03-15`, `${year}-09-10`, String(town.code)],
  ];
  out.otherPeriods = [];
  for (const [label, f, t, townCode] of others) {
    const m = await timed(
      Math.min(runs, 15),
      () => stats.getDashboard({ caller, townCode, from: f, to: t, page: 1 }),
      1,
      30_000,
    );
    (out.otherPeriods as unknown[]).push({ label, from: f, to: t, town: townCode, ...m });
  }
} catch (error) {
  // The model is not there (or broken): time the rollup reads it would make instead.
  out.function = `rollup queries (statistics model unavailable: ${error instanceof Error ? error.message : String(error)})`;
  const rollup = [
    `select town_id, category_id, certified, sum(sales_fen) from stats_sales_daily where stat_date between '${from}' and '${to}' and town_id in ${inTowns} group by rollup (town_id, category_id, certified)`,
    `select count(distinct beneficiary_id) filter (where amount_fen > 0), sum(amount_fen) from stats_beneficiary_daily where stat_date between '${from}' and '${to}' and town_id in ${inTowns}`,
    `select buyer_kind, sum(orders) from stats_orders_daily where stat_date between '${from}' and '${to}' and town_id in ${inTowns} group by 1`,
  ];
  out.model = await timed(runs, () => Promise.all(rollup.map(exec)));
}
// The raw queries one after another would be unfair: the model runs its queries concurrently.
out.raw = await timed(rawRuns, () => Promise.all(RAW.map(exec)), 1, 120_000);
const model = out.model as { p50: number; p95: number };
const raw = out.raw as { p50: number; p95: number };
out.speedupP50 = Math.round((raw.p50 / model.p50) * 10) / 10;
out.speedupP95 = Math.round((raw.p95 / model.p95) * 10) / 10;
console.log(JSON.stringify(out));
await handle.close();
process.exit(0);
