// Settlement against an independent recount from order lines, parts and refunds (not from the
// settlement tables), over two periods with a payout between them and partial refunds; a refund
// after the payout as a negative line of the next statement; concurrent batches; payouts refused
// (wrong amount, a bank reference used twice) or recorded once; supplier scoping; verify.
import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { seedDatabase } from "../../../db/seed";
import type { Caller } from "../access/scope.server";
import { refundLine } from "../ordering/fulfilment.server";
import { buyAndPay, shippingAddress } from "../../../tests/support/factories";
import {
  approveSettlementBatch,
  createSettlementBatch,
  getStatement,
  listSettlementBatches,
  listSupplierStatements,
  recordSettlementPayout,
  settlementFeeFen,
  settlementTotalsByTown,
  verifyExitCode,
  verifySettlements,
} from "./settlement.server";

let staffA: Caller,
  staffB: Caller,
  official: Caller,
  townOfficial: Caller,
  townOfficialB: Caller,
  admin: Caller;
const FEE_BP = 125; // 1.25 %: odd amounts round

async function variants(supplierId: string) {
  const rows = await db
    .select({ id: s.productVariants.id })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .where(
      and(
        eq(s.products.supplierId, supplierId),
        eq(s.products.status, "active"),
        eq(s.productVariants.active, true),
      ),
    )
    .orderBy(s.productVariants.sku);
  await db
    .update(s.productVariants)
    .set({ stock: 900 })
    .where(
      inArray(
        s.productVariants.id,
        rows.map((r) => r.id),
      ),
    );
  return rows;
}

async function linesOf(orderId: string) {
  return db.select().from(s.orderLines).where(eq(s.orderLines.orderId, orderId));
}

/** The independent recount: per supplier, parts of kept orders paid in [from, to] (Shanghai). */
async function recount(from: string, to: string) {
  const rows = await db.execute(sql`
    select op.supplier_id, op.id as part_id, op.shipping_fen,
           (select coalesce(sum(ol.line_total_fen), 0) from order_lines ol where ol.order_part_id = op.id) as goods,
           (select coalesce(sum(ol.refunded_fen), 0) from order_lines ol where ol.order_part_id = op.id) as refunded
    from order_parts op join orders o on o.id = op.order_id
    where o.paid_at is not null and o.status <> 'cancelled' and op.status <> 'cancelled'
      and (o.paid_at at time zone 'Asia/Shanghai')::date between ${from}::date and ${to}::date`);
  const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as {
    supplier_id: string;
    shipping_fen: number;
    goods: number;
    refunded: number;
  }[];
  const bySupplier = new Map<string, { goods: number; refunded: number; shipping: number }>();
  for (const r of list) {
    const t = bySupplier.get(r.supplier_id) ?? { goods: 0, refunded: 0, shipping: 0 };
    t.goods += Number(r.goods);
    t.refunded += Number(r.refunded);
    t.shipping += Number(r.shipping_fen);
    bySupplier.set(r.supplier_id, t);
  }
  return bySupplier;
}

/** Half away from zero with BigInt, written apart from the model's formula. */
function fee(net: number, bp: number) {
  const n = BigInt(Math.abs(net)) * BigInt(bp);
  const q = n / 10000n + (n % 10000n >= 5000n ? 1n : 0n);
  return Number(net < 0 ? -q : q);
}

async function statementsOf(batchId: string) {
  return db.select().from(s.settlementStatements).where(eq(s.settlementStatements.batchId, batchId));
}

let marchBatch = "";
let aMarchOrder: { orderId: string } = { orderId: "" };

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 60 });
  const users = await db
    .select()
    .from(s.users)
    .where(
      inArray(s.users.mobile, [
        "13800000004",
        "13800000005",
        "13800000006",
        "13800000007",
        "13800000008",
        "13800000009",
      ]),
    );
  const by = (m: string) => users.find((u) => u.mobile === m)!;
  [staffA, staffB, official, townOfficial, townOfficialB, admin] = ["04", "05", "06", "07", "08", "09"].map(
    (n) => by(`138000000${n}`),
  );
  const [a, b] = [await variants(staffA.supplierId!), await variants(staffB.supplierId!)];
  const shipping = shippingAddress();
  // March 2026: a mixed order (both suppliers), a border case at 23:59 on 31 March, partial refunds.
  aMarchOrder = await buyAndPay({
    items: [
      { variantId: a[0].id, quantity: 3 },
      { variantId: b[0].id, quantity: 2 },
    ],
    paidAt: new Date("2026-03-10T09:00:00+08:00"),
    shipping,
  });
  const o2 = await buyAndPay({
    items: [{ variantId: a[1 % a.length].id, quantity: 7 }],
    paidAt: new Date("2026-03-31T23:59:00+08:00"),
    shipping,
  });
  // April 2026 (just after midnight in Shanghai, still 31 March in UTC).
  await buyAndPay({
    items: [{ variantId: a[0].id, quantity: 1 }],
    paidAt: new Date("2026-04-01T00:01:00+08:00"),
    shipping,
  });
  const l1 = await linesOf(aMarchOrder.orderId);
  const lineA = l1.find((l) => l.supplierId === staffA.supplierId)!;
  const lineB = l1.find((l) => l.supplierId === staffB.supplierId)!;
  await refundLine({ caller: staffA, lineId: lineA.id, amountFen: Math.floor(lineA.lineTotalFen / 3) + 1 });
  await refundLine({ caller: staffB, lineId: lineB.id, amountFen: 1 });
  const l2 = await linesOf(o2.orderId);
  await refundLine({ caller: staffA, lineId: l2[0].id, quantity: 2 });
});

describe("settlement", () => {
  it("refuses callers who are not admins and periods that are not periods", async () => {
    expect(
      await createSettlementBatch({ caller: official, periodFrom: "2026-03-01", periodTo: "2026-03-31" }),
    ).toEqual({
      ok: false,
      code: "forbidden",
    });
    expect(
      await createSettlementBatch({ caller: admin, periodFrom: "2026-03-31", periodTo: "2026-03-01" }),
    ).toEqual({
      ok: false,
      code: "bad_period",
    });
    expect(
      await createSettlementBatch({ caller: admin, periodFrom: "2026-02-30", periodTo: "2026-03-31" }),
    ).toEqual({
      ok: false,
      code: "bad_period",
    });
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(s.settlementBatches);
    expect(n).toBe(0);
  });

  it("rounds the fee half away from zero", () => {
    expect(settlementFeeFen(40, 125)).toBe(1); // 0.5 → 1
    expect(settlementFeeFen(39, 125)).toBe(0);
    expect(settlementFeeFen(-40, 125)).toBe(-1);
    expect(settlementFeeFen(123_457, 0)).toBe(0);
    expect(settlementFeeFen(10_000, 10000)).toBe(10_000);
  });

  it("creates one statement per supplier that equals the recount to the fen (concurrently: each part once)", async () => {
    const [first, second] = await Promise.all([
      createSettlementBatch({
        caller: admin,
        periodFrom: "2026-03-01",
        periodTo: "2026-03-31",
        feeBp: FEE_BP,
      }),
      createSettlementBatch({
        caller: admin,
        periodFrom: "2026-03-01",
        periodTo: "2026-03-31",
        feeBp: FEE_BP,
      }),
    ]);
    const results = [first, second];
    const ok = results.filter((r) => r.ok);
    expect(ok).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, code: "nothing_to_settle" });
    marchBatch = ok[0].ok ? ok[0].batchId : "";

    const dup = await db.execute(
      sql`select order_part_id from settlement_lines where kind = 'sale' group by 1 having count(*) > 1`,
    );
    expect(Array.isArray(dup) ? dup : (dup as { rows: unknown[] }).rows).toHaveLength(0);

    const expected = await recount("2026-03-01", "2026-03-31");
    const statements = await statementsOf(marchBatch);
    expect(statements.length).toBe(expected.size);
    expect(expected.size).toBeGreaterThanOrEqual(2);
    for (const st of statements) {
      const e = expected.get(st.supplierId)!;
      const net = e.goods - e.refunded;
      expect({
        goods: st.goodsFen,
        refunds: st.refundsFen,
        shipping: st.shippingFen,
        fee: st.feeFen,
        payable: st.payableFen,
      }).toEqual({
        goods: e.goods,
        refunds: -e.refunded,
        shipping: e.shipping,
        fee: fee(net, FEE_BP),
        payable: net + e.shipping - fee(net, FEE_BP),
      });
      expect(st.status).toBe("pending");
    }
    const audit = await db.select().from(s.auditLog).where(eq(s.auditLog.action, "settlement.batch_created"));
    expect(audit).toHaveLength(1);
    expect(await verifySettlements()).toEqual([]);
  });

  it("records a payout once: wrong amount, unapproved batch and a reused bank reference are refused", async () => {
    const [stA, stB] = await Promise.all(
      [staffA, staffB].map(async (c) =>
        (await statementsOf(marchBatch)).find((st) => st.supplierId === c.supplierId)!,
      ),
    );
    const base = { caller: admin, paidOn: "2026-04-05" };
    expect(
      await recordSettlementPayout({
        ...base,
        statementId: stA.id,
        bankReference: "PAY-A-0001",
        amountFen: stA.payableFen,
      }),
    ).toEqual({ ok: false, code: "not_approved" });
    expect(await approveSettlementBatch({ caller: staffA, batchId: marchBatch })).toEqual({
      ok: false,
      code: "forbidden",
    });
    expect(await approveSettlementBatch({ caller: admin, batchId: marchBatch })).toEqual({ ok: true });
    expect(await approveSettlementBatch({ caller: admin, batchId: marchBatch })).toEqual({
      ok: false,
      code: "not_draft",
    });
    expect(
      await recordSettlementPayout({
        ...base,
        statementId: stA.id,
        bankReference: "PAY-A-0001",
        amountFen: stA.payableFen - 1,
      }),
    ).toEqual({ ok: false, code: "amount_mismatch" });
    const payouts = async () => db.select().from(s.settlementPayouts);
    expect(await payouts()).toHaveLength(0);

    const input = { ...base, statementId: stA.id, bankReference: "PAY-A-0001", amountFen: stA.payableFen };
    const twice = await Promise.all([recordSettlementPayout(input), recordSettlementPayout(input)]);
    expect(twice.every((r) => r.ok)).toBe(true);
    expect(twice.filter((r) => r.ok && r.duplicate)).toHaveLength(1);
    expect(await payouts()).toHaveLength(1);

    // The same reference typed differently, for B's statement: refused, B stays pending.
    expect(
      await recordSettlementPayout({
        ...base,
        statementId: stB.id,
        bankReference: "pay a 0001",
        amountFen: stB.payableFen,
      }),
    ).toEqual({ ok: false, code: "reference_used" });
    const [b] = await db.select().from(s.settlementStatements).where(eq(s.settlementStatements.id, stB.id));
    expect(b.status).toBe("pending");
    expect(
      await recordSettlementPayout({
        ...base,
        statementId: stB.id,
        bankReference: "PAY-B-0001",
        amountFen: stB.payableFen,
      }),
    ).toMatchObject({ ok: true, duplicate: false });
    const audit = await db
      .select()
      .from(s.auditLog)
      .where(eq(s.auditLog.action, "settlement.payout_recorded"));
    expect(audit).toHaveLength(2);
  });

  it("carries a refund made after the payout into the next statement as a negative line", async () => {
    const before = await statementsOf(marchBatch);
    const lineA = (await linesOf(aMarchOrder.orderId)).find((l) => l.supplierId === staffA.supplierId)!;
    const refunded = await refundLine({ caller: staffA, lineId: lineA.id, amountFen: 7 });
    expect(refunded.ok).toBe(true);

    const april = await createSettlementBatch({
      caller: admin,
      periodFrom: "2026-04-01",
      periodTo: "2026-04-30",
      feeBp: FEE_BP,
    });
    expect(april.ok).toBe(true);
    if (!april.ok) return;
    const stA = (await statementsOf(april.batchId)).find((st) => st.supplierId === staffA.supplierId)!;
    const lines = await db.select().from(s.settlementLines).where(eq(s.settlementLines.statementId, stA.id));
    const negative = lines.filter((l) => l.kind === "refund");
    expect(negative).toHaveLength(1);
    expect(negative[0]).toMatchObject({ goodsFen: -7, shippingFen: 0, orderPartId: lineA.orderPartId });
    const e = (await recount("2026-04-01", "2026-04-30")).get(staffA.supplierId!)!;
    const net = e.goods - e.refunded - 7;
    expect(stA).toMatchObject({
      goodsFen: e.goods,
      refundsFen: -e.refunded - 7,
      feeFen: fee(net, FEE_BP),
      payableFen: net + e.shipping - fee(net, FEE_BP),
    });
    // March is untouched.
    expect(await statementsOf(marchBatch)).toEqual(before);
    expect(await verifySettlements()).toEqual([]);
  });

  it("shows staff only their own supplier's statements", async () => {
    const own = await listSupplierStatements({ caller: staffA });
    expect(own!.length).toBe(2);
    expect(own!.every((st) => st.supplierId === staffA.supplierId)).toBe(true);
    expect(own!.map((st) => st.status).sort()).toEqual(["pending", "settled"]);
    const stA = own![0];
    expect((await getStatement({ caller: staffA, statementId: stA.id }))!.lines.length).toBeGreaterThan(0);
    expect(await getStatement({ caller: staffB, statementId: stA.id })).toBeNull();
    expect(await getStatement({ caller: official, statementId: stA.id })).toBeNull();
    expect(await getStatement({ caller: staffA, statementId: "not-a-uuid" })).toBeNull();
    expect(await listSupplierStatements({ caller: official })).toBeNull();
    expect(await listSettlementBatches({ caller: staffA })).toBeNull();
    expect((await listSettlementBatches({ caller: admin }))!.map((b) => b.status).sort()).toEqual([
      "draft",
      "paid",
    ]);
  });

  it("gives officials the totals by town, within their scope", async () => {
    const all = await settlementTotalsByTown({ caller: admin });
    const statements = await db.select().from(s.settlementStatements);
    const sum = (rows: { payableFen: number }[]) => rows.reduce((a, r) => a + r.payableFen, 0);
    expect(all!.reduce((a, t) => a + t.payableFen, 0)).toBe(sum(statements));
    expect(all!.reduce((a, t) => a + t.settledFen, 0)).toBe(
      sum(statements.filter((st) => st.status === "settled")),
    );
    expect(await settlementTotalsByTown({ caller: official })).toEqual(all); // the district: every town
    for (const caller of [townOfficial, townOfficialB])
      expect(await settlementTotalsByTown({ caller })).toEqual(
        all!.filter((t) => t.townId === caller.regionId),
      );
    expect(all!.some((t) => t.townId === townOfficialB.regionId)).toBe(false); // B's town sees nothing
    expect(await settlementTotalsByTown({ caller: staffA })).toBeNull();
  });

  it("verify finds a tampered statement and exits 1", async () => {
    expect(verifyExitCode(await verifySettlements())).toBe(0);
    const [st] = await statementsOf(marchBatch);
    await db.execute(sql`alter table settlement_statements disable trigger user`);
    try {
      await db
        .update(s.settlementStatements)
        .set({ goodsFen: st.goodsFen + 1, payableFen: st.payableFen + 1 })
        .where(eq(s.settlementStatements.id, st.id));
    } finally {
      await db.execute(sql`alter table settlement_statements enable trigger user`);
    }
    const differences = await verifySettlements();
    expect(differences.map((d) => d.what)).toEqual(expect.arrayContaining(["goodsFen", "payableFen"]));
    expect(verifyExitCode(differences)).toBe(1);
  });
});

describe("settled statements", () => {
  it("cannot be rewritten or deleted (trigger), nor their lines", async () => {
    const [st] = await db
      .select()
      .from(s.settlementStatements)
      .where(eq(s.settlementStatements.status, "settled"))
      .limit(1);
    await expect(
      db
        .update(s.settlementStatements)
        .set({ status: "pending" })
        .where(eq(s.settlementStatements.id, st.id)),
    ).rejects.toThrow();
    await expect(
      db.delete(s.settlementLines).where(eq(s.settlementLines.statementId, st.id)),
    ).rejects.toThrow();
  });
});
