// The generator's refund path, run small on this file's database (PGlite, or PostgreSQL when
// DATABASE_URL is set): the rollups pass the same verification as `npm run stats:verify`, and the
// reversal entries are exactly those the app's reverseForRefund writes when the same refunds are
// replayed through it, in order, on the same sales.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db as appDb } from "~/lib/db.server";
import { reverseForRefund, verifyRollups } from "~/models/impact/attribution.server";
import { currentTestDatabase } from "../../tests/support/test-database";
import { rowsOf } from "../client";
import { generateData, type GenerateSummary } from "./index";

const db = () => currentTestDatabase().db;
const n = (v: unknown) => Number(v ?? 0);
async function query<T = Record<string, unknown>>(text: string): Promise<T[]> {
  return rowsOf<T>(await db().execute(sql.raw(text)));
}

// Every column a reversal carries, but its identity and creation time.
const REVERSAL_COLUMNS = `refund_id, order_id, order_line_id, linkage_id, amount_fen, linkage_weight, paid_at, stat_date, beneficiary_type,
  household_id, village_collective_id, household_kind, household_members, town_id, village_id, mechanism, income_type,
  category_id, supplier_id, supplier_kind, buyer_kind, certified`;
const reversalsSql = `select ${REVERSAL_COLUMNS} from attribution_entries where kind = 'reversal' order by refund_id, order_line_id, linkage_id`;

class Rollback extends Error {}

describe("generate-data: refunds", () => {
  let summary: GenerateSummary;

  beforeAll(async () => {
    summary = await generateData(currentTestDatabase(), {
      households: 300,
      products: 400,
      orders: 300,
      seed: 11,
      refundShare: 0.3,
      piiKey: process.env.PII_KEY!,
      now: new Date("2026-11-20T15:30:00+08:00"),
    });
  }, 180_000);

  it("writes partial and full refunds, some lines refunded twice, consistent with the lines and orders", async () => {
    expect(summary.totals.refunds).toBeGreaterThan(40);
    expect(summary.totals.reversalEntries).toBeGreaterThan(0);
    const [r] = await query(`
      select
        (select count(*) from refunds) as refunds,
        (select coalesce(sum(amount_fen), 0) from refunds) as refunded,
        (select count(*) from refund_lines rl join order_lines l on l.id = rl.order_line_id where rl.amount_fen < l.line_total_fen) as partial_lines,
        (select count(*) from order_lines where refunded_fen = line_total_fen and refunded_fen > 0) as full_lines,
        (select count(*) from (select order_line_id from refund_lines group by 1 having count(*) > 1) x) as twice,
        (select count(*) from refunds f where f.amount_fen <> (select sum(amount_fen) from refund_lines rl where rl.refund_id = f.id)) as bad_refund_sums,
        (select count(*) from order_lines l where l.refunded_fen <> coalesce((select sum(amount_fen) from refund_lines rl where rl.order_line_id = l.id), 0)
                                           or l.refunded_quantity <> coalesce((select sum(quantity) from refund_lines rl where rl.order_line_id = l.id), 0)) as bad_lines,
        (select count(*) from orders o where o.refunded_fen <> coalesce((select sum(amount_fen) from refunds f where f.order_id = o.id), 0)) as bad_orders,
        (select count(*) from refunds f join orders o on o.id = f.order_id join payments p on p.id = f.payment_id
          where p.order_id <> f.order_id or p.status <> 'succeeded' or f.created_at < o.paid_at or f.created_at > '2026-11-20T15:30:00+08:00'
             or f.status <> 'succeeded') as bad_refunds,
        (select count(*) from attribution_entries a left join refunds f on f.id = a.refund_id
          where a.kind = 'reversal' and (f.id is null or f.order_id <> a.order_id
             or not exists (select 1 from refund_lines rl where rl.refund_id = a.refund_id and rl.order_line_id = a.order_line_id))) as stray_reversals`);
    expect(n(r.refunds)).toBe(summary.totals.refunds);
    expect(n(r.refunded)).toBe(summary.totals.refundedFen);
    expect(n(r.partial_lines)).toBeGreaterThan(0);
    expect(n(r.full_lines)).toBeGreaterThan(0);
    expect(n(r.twice)).toBeGreaterThan(0);
    expect([
      n(r.bad_refund_sums),
      n(r.bad_lines),
      n(r.bad_orders),
      n(r.bad_refunds),
      n(r.stray_reversals),
    ]).toEqual([0, 0, 0, 0, 0]);
  });

  it("keeps one sale entry per linkage and nets fully refunded lines to 0", async () => {
    const [r] = await query(`
      select
        (select count(*) from (
           select a.order_line_id from attribution_entries a where a.kind = 'sale'
           group by a.order_line_id having count(*) <> count(distinct a.linkage_id)) x) as duplicate_sales,
        (select count(*) from (
           select a.order_line_id, a.linkage_id from attribution_entries a join order_lines l on l.id = a.order_line_id
           where l.refunded_fen = l.line_total_fen group by 1, 2 having sum(a.amount_fen) <> 0) x) as not_netted,
        (select count(*) from attribution_entries a
          where a.kind = 'reversal' and not exists (
            select 1 from attribution_entries s where s.kind = 'sale' and s.order_line_id = a.order_line_id and s.linkage_id = a.linkage_id)) as reversal_without_sale`);
    expect([n(r.duplicate_sales), n(r.not_netted), n(r.reversal_without_sale)]).toEqual([0, 0, 0]);
  });

  it("passes the stats:verify comparison (rollups recomputed from the lines and the raw ledger)", async () => {
    expect(await verifyRollups()).toEqual([]);
  });

  it("writes exactly the reversals that reverseForRefund computes for the same refunds", async () => {
    const generated = await query(reversalsSql);
    expect(generated.length).toBe(summary.totals.reversalEntries);
    const refunds = await query<{ id: string }>(`select id from refunds order by created_at, id`);
    let replayed: Record<string, unknown>[] = [];
    // One transaction, rolled back: take the generated reversals out (the table's owner may switch
    // the append-only trigger off for this transaction; no superuser needed), put every refunded line back to unrefunded, then replay the refunds
    // in order the way refundOrderLines does (lines' refunded amounts first, then the ledger).
    await expect(
      appDb.transaction(async (tx) => {
        await tx.execute(
          sql`alter table attribution_entries disable trigger attribution_entries_append_only`,
        );
        await tx.execute(sql`delete from attribution_entries where kind = 'reversal'`);
        await tx.execute(
          sql`update order_lines set refunded_fen = 0, refunded_quantity = 0 where refunded_fen > 0`,
        );
        for (const { id } of refunds) {
          await tx.execute(sql`
            update order_lines l set refunded_fen = l.refunded_fen + rl.amount_fen, refunded_quantity = l.refunded_quantity + rl.quantity
            from refund_lines rl where rl.refund_id = ${id} and rl.order_line_id = l.id`);
          await reverseForRefund(tx, { refundId: id });
        }
        replayed = rowsOf<Record<string, unknown>>(await tx.execute(sql.raw(reversalsSql)));
        throw new Rollback();
      }),
    ).rejects.toBeInstanceOf(Rollback);
    expect(replayed.length).toBe(generated.length);
    const key = (row: Record<string, unknown>) =>
      JSON.stringify(Object.values(row).map((v) => (v instanceof Date ? v.toISOString() : String(v))));
    expect(replayed.map(key)).toEqual(generated.map(key));
    // Rolled back: the generated reversals are still there.
    expect((await query(reversalsSql)).length).toBe(generated.length);
  });
});
