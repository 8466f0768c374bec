// Buy, pay, refund half a line, refund the rest: ledger and rollups checked to the fen against
// independent computations, on the engine of the run (PGlite, or PostgreSQL in CI).
import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { allocatePool, linePool } from "~/lib/allocation";
import { db, schema as s } from "~/lib/db.server";
import { seedDatabase } from "../../db/seed";
import { addToCart } from "./cart.server";
import { getOrderImpact, verifyRollups } from "./attribution.server";
import { placeOrder } from "./checkout.server";
import { completePayment, refundOrderLines } from "./payments.server";

const shipping = { contactName: "王小雨", contactMobile: "13800000001", province: "河南省", city: "三门峡市", district: "湖滨区", detail: "黄河路 100 号" };

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 400 });
});

/** A variant of a supplier with approved, general (not product-specific) household linkages. */
async function variantWithLinkages() {
  const linkages = await db
    .select({ supplierId: s.linkages.supplierId })
    .from(s.linkages)
    .where(and(eq(s.linkages.status, "approved"), isNull(s.linkages.productId)));
  const supplierIds = new Set(linkages.map((l) => l.supplierId));
  const variants = await db
    .select({ id: s.productVariants.id, productId: s.products.id, supplierId: s.products.supplierId, priceFen: s.productVariants.priceFen })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .orderBy(s.productVariants.sku);
  const ownLinkages = new Set((await db.select({ p: s.linkages.productId }).from(s.linkages)).map((r) => r.p));
  const v = variants.find((x) => supplierIds.has(x.supplierId) && !ownLinkages.has(x.productId))!;
  await db.update(s.productVariants).set({ stock: 500 }).where(eq(s.productVariants.id, v.id));
  return v;
}

async function buyAndPay(variantId: string, quantity: number) {
  const added = await addToCart({ owner: {}, variantId, quantity });
  if (!added.ok) throw new Error(added.code);
  const placed = await placeOrder({ owner: { cartId: added.cartId }, shipping, now: new Date("2026-11-20T10:00:00+08:00") });
  if (!placed.ok) throw new Error(placed.code);
  const paymentId = placed.paymentUrl.split("/").pop()!;
  await completePayment({ provider: "demo", providerEventId: `demo:${paymentId}:pay`, paymentId, outcome: "succeeded", now: new Date("2026-11-20T10:05:00+08:00") });
  const [line] = await db.select().from(s.orderLines).where(eq(s.orderLines.orderId, placed.orderId));
  return { ...placed, paymentId, line };
}

/** Per linkage, the sum of every entry of the line. */
async function totalsByLinkage(orderLineId: string) {
  const entries = await db.select().from(s.attributionEntries).where(eq(s.attributionEntries.orderLineId, orderLineId));
  const totals = new Map<string, number>();
  for (const e of entries) totals.set(e.linkageId, (totals.get(e.linkageId) ?? 0) + e.amountFen);
  return { entries, totals };
}

/** The expected split, computed independently from the linkages table. */
async function expectedSplit(supplierId: string, netFen: number, rateBp: number) {
  const linkages = await db
    .select({ id: s.linkages.id, weight: s.linkages.weight })
    .from(s.linkages)
    .where(and(eq(s.linkages.supplierId, supplierId), eq(s.linkages.status, "approved"), isNull(s.linkages.productId)));
  return new Map(allocatePool(linePool(netFen, rateBp), linkages).map((x) => [x.id, x.amountFen]));
}

describe("attribution ledger", () => {
  it("writes the sale exactly once at payment, split by weight, with the snapshots, and the rollups agree", async () => {
    const v = await variantWithLinkages();
    const { line, paymentId } = await buyAndPay(v.id, 3);
    const { entries, totals } = await totalsByLinkage(line.id);
    const expected = await expectedSplit(v.supplierId, line.lineTotalFen, line.benefitRateBp);
    expect(totals).toEqual(expected);
    expect([...totals.values()].reduce((a, b) => a + b, 0)).toBe(linePool(line.lineTotalFen, line.benefitRateBp));
    expect(entries.every((e) => e.kind === "sale" && e.statDate === "2026-11-20" && e.amountFen >= 0)).toBe(true);
    const household = entries.find((e) => e.householdId)!;
    const [h] = await db.select().from(s.households).where(eq(s.households.id, household.householdId!));
    expect({ kind: household.householdKind, village: household.villageId, town: household.townId }).toEqual({ kind: h.kind, village: h.villageId, town: h.townId });
    const income = { order_purchase: "operating", own_production: "operating", employment: "wage", rebate_share: "transfer" } as Record<string, string>;
    for (const e of entries) expect(e.incomeType).toBe(income[e.mechanism] ?? "property");

    // A second delivery of the payment writes nothing new.
    await completePayment({ provider: "demo", providerEventId: "another-copy", paymentId, outcome: "succeeded" });
    expect((await totalsByLinkage(line.id)).entries).toHaveLength(entries.length);
    expect(await verifyRollups()).toEqual([]);
  });

  it("ignores linkages that are not approved or not in force at payment time", async () => {
    const v = await variantWithLinkages();
    const [linkage] = await db
      .select()
      .from(s.linkages)
      .where(and(eq(s.linkages.supplierId, v.supplierId), eq(s.linkages.status, "approved"), isNull(s.linkages.productId)))
      .limit(1);
    await db.update(s.linkages).set({ status: "proposed" }).where(eq(s.linkages.id, linkage.id));
    try {
      const { line } = await buyAndPay(v.id, 1);
      const { totals } = await totalsByLinkage(line.id);
      expect(totals.has(linkage.id)).toBe(false);
      expect(totals).toEqual(await expectedSplit(v.supplierId, line.lineTotalFen, line.benefitRateBp));
    } finally {
      await db.update(s.linkages).set({ status: "approved" }).where(eq(s.linkages.id, linkage.id));
    }
  });

  it("a half refund leaves a fresh split of the rest, a full refund nets every linkage to 0, and the rollups follow", async () => {
    const v = await variantWithLinkages();
    const { line, orderId } = await buyAndPay(v.id, 4);
    const half = Math.floor(line.lineTotalFen / 2);
    const first = await refundOrderLines({ orderId, lines: [{ orderLineId: line.id, amountFen: half, quantity: 2 }], reason: "一半坏果" });
    expect(first.ok).toBe(true);
    expect((await totalsByLinkage(line.id)).totals).toEqual(await expectedSplit(v.supplierId, line.lineTotalFen - half, line.benefitRateBp));
    expect(await verifyRollups()).toEqual([]);

    const second = await refundOrderLines({ orderId, lines: [{ orderLineId: line.id, amountFen: line.lineTotalFen - half, quantity: 2 }] });
    expect(second.ok).toBe(true);
    const { totals, entries } = await totalsByLinkage(line.id);
    expect([...totals.values()].every((t) => t === 0)).toBe(true);
    expect(entries.some((e) => e.kind === "reversal")).toBe(true);
    expect(await verifyRollups()).toEqual([]);
    expect(await getOrderImpact({ orderId })).toBeNull();
  });

  it("the impact receipt of an order shows aggregates only", async () => {
    const v = await variantWithLinkages();
    const { orderId, line } = await buyAndPay(v.id, 2);
    const impact = await getOrderImpact({ orderId });
    expect(impact?.attributedFen).toBe(linePool(line.lineTotalFen, line.benefitRateBp));
    expect(impact!.households + impact!.villageCollectives).toBeGreaterThan(0);
    const names = (await db.select({ name: s.households.headName }).from(s.households)).map((h) => h.name);
    const text = JSON.stringify(impact);
    expect(names.some((n) => text.includes(n))).toBe(false);
  });
});
