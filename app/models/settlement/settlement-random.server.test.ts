// Statements against an independent recount over random orders and refunds across two periods
// with a payout between them (issue 19, "Done when"): the test keeps its own record of every refund
// and which phase it happened in, and recomputes each statement from that and the order lines.
import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s, seededRandom } from "~/lib/db.server";
import { seedDatabase } from "../../../db/seed";
import type { Caller } from "../access/scope.server";
import { refundLine } from "../ordering/fulfilment.server";
import { buyAndPay } from "../../../tests/support/factories";
import {
  approveSettlementBatch,
  createSettlementBatch,
  recordSettlementPayout,
  verifySettlements,
} from "./settlement.server";

const FEE_BP = 90;
const random = seededRandom(20261203);
let staff: Caller[] = [];
let admin: Caller;

type Line = {
  id: string;
  partId: string;
  supplierId: string;
  total: number;
  refunded: number;
  month: "01" | "02";
};
const lines: Line[] = [];
const parts = new Map<string, { supplierId: string; month: "01" | "02"; goods: number; shipping: number }>();
/** Refunds as the test made them: of which part, how much, and before or after the January payout. */
const refunds: { partId: string; supplierId: string; amount: number; afterPayout: boolean }[] = [];

function fee(net: number) {
  const n = BigInt(Math.abs(net)) * BigInt(FEE_BP);
  const q = n / 10000n + (n % 10000n >= 5000n ? 1n : 0n);
  return Number(net < 0 ? -q : q);
}

async function randomRefunds(count: number, afterPayout: boolean, maxFen: number) {
  for (let i = 0; i < count; i++) {
    const line = random.pick(lines);
    const left = line.total - line.refunded;
    if (left <= 0) continue;
    const amount = random.int(1, Math.min(left, maxFen));
    const caller = staff.find((c) => c.supplierId === line.supplierId)!;
    const result = await refundLine({ caller, lineId: line.id, amountFen: amount });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    line.refunded += amount;
    refunds.push({ partId: line.partId, supplierId: line.supplierId, amount, afterPayout });
  }
}

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 30 });
  const users = await db
    .select()
    .from(s.users)
    .where(inArray(s.users.mobile, ["13800000004", "13800000005", "13800000009"]));
  staff = users.filter((u) => u.role === "supplier_staff");
  admin = users.find((u) => u.role === "admin")!;
  const variantsOf = new Map<string, string[]>();
  for (const c of staff) {
    const rows = await db
      .select({ id: s.productVariants.id })
      .from(s.productVariants)
      .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
      .where(eq(s.products.supplierId, c.supplierId!));
    await db
      .update(s.productVariants)
      .set({ stock: 5000, active: true })
      .where(
        inArray(
          s.productVariants.id,
          rows.map((r) => r.id),
        ),
      );
    variantsOf.set(c.supplierId!, rows.map((r) => r.id).slice(0, 3));
  }
  for (let i = 0; i < 14; i++) {
    const month = i < 8 ? "01" : "02";
    const day = String(random.int(1, 28)).padStart(2, "0");
    // Every February order buys from both suppliers, so February statements stay positive.
    const suppliers = month === "02" || random.chance(0.4) ? staff : [random.pick(staff)];
    const items = suppliers.map((c) => ({
      variantId: random.pick(variantsOf.get(c.supplierId!)!),
      quantity: random.int(1, 4),
    }));
    const placed = await buyAndPay({
      items,
      paidAt: new Date(`2026-${month}-${day}T${10 + (i % 12)}:00:00+08:00`),
    });
    const orderParts = await db.select().from(s.orderParts).where(eq(s.orderParts.orderId, placed.orderId));
    const orderLines = await db.select().from(s.orderLines).where(eq(s.orderLines.orderId, placed.orderId));
    for (const p of orderParts) {
      const goods = orderLines.filter((l) => l.orderPartId === p.id).reduce((a, l) => a + l.lineTotalFen, 0);
      parts.set(p.id, { supplierId: p.supplierId, month, goods, shipping: p.shippingFen });
    }
    for (const l of orderLines)
      lines.push({
        id: l.id,
        partId: l.orderPartId,
        supplierId: l.supplierId,
        total: l.lineTotalFen,
        refunded: 0,
        month,
      });
  }
  await randomRefunds(10, false, 5000);
});

describe("settlement over random orders and refunds, two periods with a payout between", () => {
  it("equals the independent recount to the fen in both periods", async () => {
    const jan = await createSettlementBatch({
      caller: admin,
      periodFrom: "2026-01-01",
      periodTo: "2026-01-31",
      feeBp: FEE_BP,
    });
    expect(jan.ok).toBe(true);
    if (!jan.ok) return;
    expect((await approveSettlementBatch({ caller: admin, batchId: jan.batchId })).ok).toBe(true);
    const janStatements = await db
      .select()
      .from(s.settlementStatements)
      .where(eq(s.settlementStatements.batchId, jan.batchId));
    for (const [i, st] of janStatements.entries()) {
      if (st.payableFen === 0) continue;
      const paid = await recordSettlementPayout({
        caller: admin,
        statementId: st.id,
        bankReference: `RAND-JAN-${i}`,
        paidOn: "2026-02-05",
        amountFen: st.payableFen,
      });
      expect(paid.ok).toBe(true);
    }
    // After the payout: more refunds, of January's and February's parts alike (small ones).
    await randomRefunds(10, true, 300);
    const feb = await createSettlementBatch({
      caller: admin,
      periodFrom: "2026-02-01",
      periodTo: "2026-02-28",
      feeBp: FEE_BP,
    });
    expect(feb.ok).toBe(true);
    if (!feb.ok) return;
    const febStatements = await db
      .select()
      .from(s.settlementStatements)
      .where(eq(s.settlementStatements.batchId, feb.batchId));

    const expected = (month: "01" | "02", supplierId: string) => {
      const own = [...parts.entries()].filter(([, p]) => p.supplierId === supplierId && p.month === month);
      const ids = new Set(own.map(([id]) => id));
      const goods = own.reduce((a, [, p]) => a + p.goods, 0);
      const shipping = own.reduce((a, [, p]) => a + p.shipping, 0);
      const refunded = refunds
        .filter((r) => r.supplierId === supplierId)
        .filter((r) =>
          month === "01"
            ? ids.has(r.partId) && !r.afterPayout
            : ids.has(r.partId) || (r.afterPayout && parts.get(r.partId)!.month === "01"),
        )
        .reduce((a, r) => a + r.amount, 0);
      const net = goods - refunded;
      return {
        goodsFen: goods,
        refundsFen: -refunded,
        shippingFen: shipping,
        feeFen: fee(net),
        payableFen: net + shipping - fee(net),
      };
    };
    for (const [month, statements] of [
      ["01", janStatements],
      ["02", febStatements],
    ] as const) {
      expect(statements.length).toBe(staff.length);
      for (const st of statements) {
        const { goodsFen, refundsFen, shippingFen, feeFen, payableFen } = st;
        expect(
          { goodsFen, refundsFen, shippingFen, feeFen, payableFen },
          `${month} ${st.supplierId}`,
        ).toEqual(expected(month, st.supplierId));
      }
    }
    expect(refunds.some((r) => r.afterPayout && parts.get(r.partId)!.month === "01")).toBe(true);
    expect(await verifySettlements()).toEqual([]);
  });
});
