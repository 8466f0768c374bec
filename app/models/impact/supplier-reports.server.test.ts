// The supplier's reports against an independent recomputation from order_lines and
// attribution_entries (not from the rollups the report reads), over several months with refunds;
// households appear masked; another supplier's report holds nothing of this one's.
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { maskName } from "../../../core/pii";
import { seedDatabase } from "../../../db/seed";
import type { Caller } from "../access/scope.server";
import { refundLine } from "../ordering/fulfilment.server";
import { getSupplierReport, reportYear } from "./supplier-reports.server";
import { buyAndPay as buyAndPayDemo, shippingAddress } from "../../../tests/support/factories";

const shipping = shippingAddress();
let staffA: Caller, staffB: Caller, official: Caller;

async function buyAndPay(items: { variantId: string; quantity: number }[], paidAt: Date) {
  const placed = await buyAndPayDemo({ items, paidAt, shipping });
  return db.select().from(s.orderLines).where(eq(s.orderLines.orderId, placed.orderId));
}

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

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 120 });
  const users = await db
    .select()
    .from(s.users)
    .where(inArray(s.users.mobile, ["13800000004", "13800000005", "13800000006"]));
  staffA = users.find((u) => u.mobile === "13800000004")!;
  staffB = users.find((u) => u.mobile === "13800000005")!;
  official = users.find((u) => u.mobile === "13800000006")!;
  const [a, b] = [await variants(staffA.supplierId!), await variants(staffB.supplierId!)];
  // Several months of 2026 (Shanghai dates; one right at a month boundary), and one of 2025.
  const l1 = await buyAndPay(
    [
      { variantId: a[0].id, quantity: 3 },
      { variantId: b[0].id, quantity: 1 },
    ],
    new Date("2026-03-10T09:00:00+08:00"),
  );
  const l2 = await buyAndPay(
    [{ variantId: a[1 % a.length].id, quantity: 2 }],
    new Date("2026-04-30T23:59:00+08:00"),
  );
  await buyAndPay([{ variantId: a[0].id, quantity: 1 }], new Date("2026-05-01T00:01:00+08:00"));
  await buyAndPay([{ variantId: a[0].id, quantity: 5 }], new Date("2025-12-31T23:00:00+08:00"));
  const l3 = await buyAndPay(
    [{ variantId: a[2 % a.length].id, quantity: 4 }],
    new Date("2026-11-02T10:00:00+08:00"),
  );
  const lineA1 = l1.find((l) => l.supplierId === staffA.supplierId)!;
  await refundLine({ caller: staffA, lineId: lineA1.id, amountFen: Math.floor(lineA1.lineTotalFen / 2) });
  await refundLine({ caller: staffA, lineId: l2[0].id, amountFen: l2[0].lineTotalFen });
  await refundLine({ caller: staffA, lineId: l3[0].id, quantity: 1 });
});

/** Asia/Shanghai YYYY-MM of an instant. */
const monthOf = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 7);

async function recompute(supplierId: string, year: number) {
  const lines = (
    await db
      .select({ line: s.orderLines, paidAt: s.orders.paidAt, status: s.orders.status })
      .from(s.orderLines)
      .innerJoin(s.orders, eq(s.orders.id, s.orderLines.orderId))
      .where(eq(s.orderLines.supplierId, supplierId))
  ).filter((r) => r.paidAt && r.status !== "cancelled" && monthOf(r.paidAt).startsWith(`${year}-`));
  const entries = (
    await db.select().from(s.attributionEntries).where(eq(s.attributionEntries.supplierId, supplierId))
  ).filter((e) => e.statDate.startsWith(`${year}-`));
  const months = new Map<
    string,
    { salesFen: number; refundedFen: number; quantity: number; attributedFen: number }
  >();
  const month = (m: string) =>
    months.get(m) ?? months.set(m, { salesFen: 0, refundedFen: 0, quantity: 0, attributedFen: 0 }).get(m)!;
  for (const r of lines) {
    const m = month(monthOf(r.paidAt!));
    m.salesFen += r.line.lineTotalFen - r.line.refundedFen;
    m.refundedFen += r.line.refundedFen;
    m.quantity += r.line.quantity;
  }
  for (const e of entries) month(e.statDate.slice(0, 7)).attributedFen += e.amountFen;
  const products = new Map<
    string,
    { salesFen: number; refundedFen: number; quantity: number; attributedFen: number }
  >();
  const product = (id: string) =>
    products.get(id) ??
    products.set(id, { salesFen: 0, refundedFen: 0, quantity: 0, attributedFen: 0 }).get(id)!;
  for (const r of lines) {
    const p = product(r.line.productId);
    p.salesFen += r.line.lineTotalFen - r.line.refundedFen;
    p.refundedFen += r.line.refundedFen;
    p.quantity += r.line.quantity;
  }
  const allLines = new Map(
    (await db.select().from(s.orderLines).where(eq(s.orderLines.supplierId, supplierId))).map((l) => [
      l.id,
      l,
    ]),
  );
  for (const e of entries) product(allLines.get(e.orderLineId)!.productId).attributedFen += e.amountFen;
  const beneficiaries = new Map<string, number>();
  for (const e of entries) {
    const key = (e.householdId ?? e.villageCollectiveId)!;
    beneficiaries.set(key, (beneficiaries.get(key) ?? 0) + e.amountFen);
  }
  return { months, products, beneficiaries, entries };
}

describe("getSupplierReport", () => {
  it("by month, by product and by beneficiary equal a recomputation from order lines and the ledger", async () => {
    const report = (await getSupplierReport({ caller: staffA, year: 2026 }))!;
    const expected = await recompute(staffA.supplierId!, 2026);
    expect(report.months).toHaveLength(12);
    for (const m of report.months) {
      const e = expected.months.get(m.month) ?? {
        salesFen: 0,
        refundedFen: 0,
        quantity: 0,
        attributedFen: 0,
      };
      expect({ month: m.month, ...e }).toEqual(m);
    }
    // The month boundary: 30 April 23:59 and 1 May 00:01 in Shanghai fall in their own months.
    expect(report.months.find((m) => m.month === "2026-04")!.quantity).toBeGreaterThan(0);
    expect(report.months.find((m) => m.month === "2026-05")!.quantity).toBeGreaterThan(0);
    expect(report.totals.refundedFen).toBeGreaterThan(0);
    expect(report.totals.attributedFen).toBe(expected.entries.reduce((a, e) => a + e.amountFen, 0));

    expect(report.products.length).toBe(expected.products.size);
    for (const p of report.products) {
      const e = expected.products.get(p.productId)!;
      expect({
        salesFen: p.salesFen,
        refundedFen: p.refundedFen,
        quantity: p.quantity,
        attributedFen: p.attributedFen,
      }).toEqual(e);
    }

    const nonZero = [...expected.beneficiaries].filter(([, v]) => v !== 0);
    expect(report.beneficiaries.length).toBe(nonZero.length);
    expect(report.beneficiaries.reduce((a, b) => a + b.attributedFen, 0)).toBe(
      nonZero.reduce((a, [, v]) => a + v, 0),
    );
    expect(report.beneficiaries.map((b) => b.attributedFen).sort((a, b) => a - b)).toEqual(
      nonZero.map(([, v]) => v).sort((a, b) => a - b),
    );
  });

  it("households appear masked only: no full name, ID number or registry code anywhere in the report", async () => {
    const report = (await getSupplierReport({ caller: staffA, year: 2026 }))!;
    const householdIds = [
      ...new Set(
        (await recompute(staffA.supplierId!, 2026)).entries.flatMap((e) =>
          e.householdId ? [e.householdId] : [],
        ),
      ),
    ];
    expect(householdIds.length).toBeGreaterThan(0);
    const households = await db.select().from(s.households).where(inArray(s.households.id, householdIds));
    const text = JSON.stringify(report);
    for (const h of households) {
      if (Array.from(h.headName).length > 1) expect(text).not.toContain(h.headName);
      expect(text).not.toContain(h.registryCode);
      expect(text).not.toContain(h.idCardMasked);
    }
    const masked = new Set(households.map((h) => maskName(h.headName)));
    for (const b of report.beneficiaries.filter((x) => x.beneficiaryType === "household"))
      expect(masked.has(b.name)).toBe(true);
  });

  it("scope: B's report holds none of A's figures; other roles get nothing", async () => {
    const reportB = (await getSupplierReport({ caller: staffB, year: 2026 }))!;
    const expectedB = await recompute(staffB.supplierId!, 2026);
    expect(reportB.totals.salesFen).toBe([...expectedB.months.values()].reduce((a, m) => a + m.salesFen, 0));
    const productsA = new Set(
      (
        await db
          .select({ id: s.products.id })
          .from(s.products)
          .where(eq(s.products.supplierId, staffA.supplierId!))
      ).map((p) => p.id),
    );
    expect(reportB.products.some((p) => productsA.has(p.productId))).toBe(false);
    expect(await getSupplierReport({ caller: official, year: 2026 })).toBeNull();
    expect(await getSupplierReport({ caller: { ...staffA, supplierId: null }, year: 2026 })).toBeNull();
  });

  it("another year is its own; the year parameter is checked", async () => {
    const r2025 = (await getSupplierReport({ caller: staffA, year: 2025 }))!;
    const expected = await recompute(staffA.supplierId!, 2025);
    expect(r2025.months.find((m) => m.month === "2025-12")!.salesFen).toBe(
      expected.months.get("2025-12")!.salesFen,
    );
    expect(r2025.months.find((m) => m.month === "2025-12")!.salesFen).toBeGreaterThan(0);
    const now = new Date("2026-11-20T12:00:00+08:00");
    expect(reportYear("2025", now)).toBe(2025);
    expect(reportYear("1999", now)).toBe(2026);
    expect(reportYear("2030", now)).toBe(2026);
    expect(reportYear("abc", now)).toBe(2026);
  });
});
