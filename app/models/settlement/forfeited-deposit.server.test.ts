// A forfeited deposit (decision 125): the deposit of a pre-sale order lapsed by the balance sweep is
// paid to its supplier by the settlement of the month it lapsed in — once, to the fen, bearing the
// fee like goods — and settlement:verify recounts it; nothing is attributed to households for it.
// An order whose balance was paid settles as a sale; a late balance, refunded, changes nothing.
import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import type { User } from "~/models/access/users.server";
import { seedDatabase } from "../../../db/seed";
import { demoUser } from "../../../tests/support/shopper";
import { at, buyDeposit, day, depositPresale, payBalance } from "../../../tests/support/presale";
import { completePayment } from "../ordering/payments.server";
import { lapseUnpaidBalances, payPresaleBalance } from "../ordering/presale-orders.server";
import { createSettlementBatch, getStatement, verifySettlements } from "./settlement.server";

let customer: User, customer2: User, staff: User, admin: User;
const FEE_BP = 125;

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 60 });
  [customer, customer2, staff, admin] = await Promise.all(
    ["customer", "customer2", "supplierStaff", "admin"].map(demoUser),
  );
});

/** The first and last day of the month of an ISO date. */
function monthOf(date: string) {
  const [y, m] = date.split("-").map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${date.slice(0, 7)}-01`, to: `${date.slice(0, 7)}-${String(last).padStart(2, "0")}` };
}

const linesOfPart = (partId: string) =>
  db.select().from(s.settlementLines).where(eq(s.settlementLines.orderPartId, partId));

/** Half away from zero with BigInt, written apart from the model's formula. */
function fee(net: number, bp: number) {
  const n = BigInt(Math.abs(net)) * BigInt(bp);
  const q = n / 10000n + (n % 10000n >= 5000n ? 1n : 0n);
  return Number(net < 0 ? -q : q);
}

describe("a forfeited deposit in the settlement", () => {
  it("is paid to the supplier once, in the batch of the month it lapsed, to the fen; verify agrees", async () => {
    const v = await depositPresale(staff, 1, { depositFen: 777 });
    // Lapsed: 3 units, the deposit 3 × 7.77 kept.
    const lapsed = await buyDeposit(customer.id, v.id, 3);
    // Balance paid: a sale, no forfeit.
    const paid = await buyDeposit(customer2.id, v.id, 2);
    await payBalance(customer2.id, paid.order.orderNumber, at(3));
    // Lapsed, and its balance arrives late: refunded automatically; only the deposit is kept.
    const late = await buyDeposit(customer2.id, v.id, 1);
    const opened = await payPresaleBalance({
      orderNumber: late.order.orderNumber,
      viewer: { userId: customer2.id },
      now: at(4),
    });
    if (!opened.ok) throw new Error(opened.code);
    expect(await lapseUnpaidBalances({ now: at(5) })).toBe(2);
    const lateBalance = await completePayment({
      provider: "demo",
      providerEventId: `demo:${opened.paymentId}:late`,
      paymentId: opened.paymentId,
      outcome: "succeeded",
      now: at(5),
    });
    expect(lateBalance?.autoRefundId).toBeTruthy();
    const [balanceRefund] = await db.select().from(s.refunds).where(eq(s.refunds.orderId, late.order.id));
    expect(balanceRefund).toMatchObject({
      paymentId: opened.paymentId,
      amountFen: late.order.totalFen - 777,
    });

    const lapseMonth = monthOf(day(5));
    const batch = await createSettlementBatch({
      caller: admin,
      periodFrom: lapseMonth.from,
      periodTo: lapseMonth.to,
      feeBp: FEE_BP,
      now: at(6),
    });
    if (!batch.ok) throw new Error(batch.code);
    // The paid order may fall in the month before: settle it too, so every line is written.
    const paidMonth = monthOf(day(3));
    if (paidMonth.from !== lapseMonth.from)
      await createSettlementBatch({
        caller: admin,
        periodFrom: paidMonth.from,
        periodTo: paidMonth.to,
        feeBp: FEE_BP,
      });

    const lapsedLines = await linesOfPart(lapsed.line.orderPartId);
    expect(lapsedLines).toMatchObject([
      {
        kind: "forfeited_deposit",
        refundId: null,
        orderNumber: lapsed.order.orderNumber,
        paidDate: day(5),
        goodsFen: 3 * 777,
        shippingFen: 0,
      },
    ]);
    expect(await linesOfPart(late.line.orderPartId)).toMatchObject([
      { kind: "forfeited_deposit", goodsFen: 777, shippingFen: 0 },
    ]);
    // The balance-paid order is a sale of the full amount, and no forfeit.
    expect(await linesOfPart(paid.line.orderPartId)).toMatchObject([
      { kind: "sale", goodsFen: paid.line.lineTotalFen },
    ]);

    // The statement: its goods are its sales and forfeits, the fee on them once, to the fen.
    const [statement] = await db
      .select()
      .from(s.settlementStatements)
      .where(
        and(
          eq(s.settlementStatements.batchId, batch.batchId),
          eq(s.settlementStatements.supplierId, staff.supplierId!),
        ),
      );
    const lines = await db
      .select()
      .from(s.settlementLines)
      .where(eq(s.settlementLines.statementId, statement.id));
    const sum = (kinds: string[], key: "goodsFen" | "shippingFen") =>
      lines.filter((l) => kinds.includes(l.kind)).reduce((a, l) => a + l[key], 0);
    const goods = sum(["sale", "forfeited_deposit"], "goodsFen");
    const refunds = sum(["refund"], "goodsFen");
    expect(lines.filter((l) => l.kind === "forfeited_deposit").reduce((a, l) => a + l.goodsFen, 0)).toBe(
      4 * 777,
    );
    expect(Number(statement.goodsFen)).toBe(goods);
    expect(Number(statement.feeFen)).toBe(fee(goods + refunds, FEE_BP));
    expect(Number(statement.payableFen)).toBe(
      goods + refunds + sum(["sale", "refund"], "shippingFen") - fee(goods + refunds, FEE_BP),
    );
    // The supplier reads it on the statement.
    const view = await getStatement({ caller: staff, statementId: statement.id });
    expect(view?.lines.filter((l) => l.kind === "forfeited_deposit")).toHaveLength(2);

    // Once: another batch of the same month finds nothing more for these parts.
    await createSettlementBatch({ caller: admin, periodFrom: lapseMonth.from, periodTo: lapseMonth.to });
    const [{ n }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(s.settlementLines)
      .where(inArray(s.settlementLines.orderPartId, [lapsed.line.orderPartId, late.line.orderPartId]));
    expect(Number(n)).toBe(2);
    expect(await verifySettlements()).toEqual([]);

    // Nothing attributed to households for a forfeited deposit.
    const entries = await db
      .select()
      .from(s.attributionEntries)
      .where(inArray(s.attributionEntries.orderLineId, [lapsed.line.id, late.line.id]));
    expect(entries).toEqual([]);
  });
});
