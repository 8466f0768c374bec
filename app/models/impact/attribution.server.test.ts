// Buy, pay, refund: the ledger and the rollups checked to the fen against independent
// computations, on the engine of the run (PGlite, or PostgreSQL in CI).
import { and, eq, isNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { allocatePool, linePool } from "../../../core/allocation";
import { db, rowsOf, schema as s } from "~/lib/db.server";
import { seedDatabase } from "../../../db/seed";
import { attributeSale, getOrderImpact, reverseForRefund, verifyRollups } from "./attribution.server";
import { addToCart } from "../ordering/cart.server";
import { placeOrder } from "../ordering/checkout.server";
import { completePayment, refundOrderLines } from "../ordering/payments.server";
import { buyAndPay as buyAndPayDemo, shippingAddress } from "../../../tests/support/factories";

const shipping = shippingAddress();
const PAID_AT = new Date("2026-11-20T10:05:00+08:00");
// Written out here on purpose (DESIGN.md §2), not imported from core/mechanisms.ts.
const INCOME: Record<string, string> = {
  order_purchase: "operating",
  own_production: "operating",
  employment: "wage",
  land_lease: "property",
  equity_dividend: "property",
  guaranteed_dividend: "property",
  entrusted_farming: "property",
  rebate_share: "transfer",
};

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 400 });
});

/** A variant (stock topped up) of a product without its own linkages whose supplier has approved general ones. */
async function variantWithLinkages({ skip = 0, atLeast = 1 }: { skip?: number; atLeast?: number } = {}) {
  const general = await db
    .select({ supplierId: s.linkages.supplierId })
    .from(s.linkages)
    .where(and(eq(s.linkages.status, "approved"), isNull(s.linkages.productId)));
  const perSupplier = new Map<string, number>();
  for (const l of general) perSupplier.set(l.supplierId, (perSupplier.get(l.supplierId) ?? 0) + 1);
  const supplierIds = new Set([...perSupplier].filter(([, n]) => n >= atLeast).map(([id]) => id));
  const variants = await db
    .select({ id: s.productVariants.id, productId: s.products.id, supplierId: s.products.supplierId })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .orderBy(s.productVariants.sku);
  const ownLinkages = new Set(
    (await db.select({ p: s.linkages.productId }).from(s.linkages)).map((r) => r.p),
  );
  const v = variants.filter((x) => supplierIds.has(x.supplierId) && !ownLinkages.has(x.productId))[skip];
  await db.update(s.productVariants).set({ stock: 500 }).where(eq(s.productVariants.id, v.id));
  return v;
}

async function buyAndPay(variantId: string, quantity: number, paidAt = PAID_AT) {
  const placed = await buyAndPayDemo({
    items: [{ variantId, quantity }],
    paidAt,
    placedBefore: 5 * 60_000,
    shipping,
  });
  const [line] = await db.select().from(s.orderLines).where(eq(s.orderLines.orderId, placed.orderId));
  return { ...placed, line };
}

/** Per linkage, the sum of every entry of the line. */
async function totalsByLinkage(orderLineId: string) {
  const entries = await db
    .select()
    .from(s.attributionEntries)
    .where(eq(s.attributionEntries.orderLineId, orderLineId));
  const totals = new Map<string, number>();
  for (const e of entries) totals.set(e.linkageId, (totals.get(e.linkageId) ?? 0) + e.amountFen);
  return { entries, totals };
}

/** The expected split, computed independently: the linkages in force on `day` (Asia/Shanghai). */
async function expectedSplit(a: {
  supplierId: string;
  productId: string;
  day: string;
  netFen: number;
  rateBp: number;
}) {
  const all = await db.select().from(s.linkages).where(eq(s.linkages.supplierId, a.supplierId));
  const inForce = all.filter(
    (l) =>
      l.status === "approved" && l.validFrom <= a.day && (l.validUntil === null || l.validUntil >= a.day),
  );
  const own = inForce.filter((l) => l.productId === a.productId);
  const used = own.length > 0 ? own : inForce.filter((l) => l.productId === null);
  return new Map(
    allocatePool({ poolFen: linePool(a.netFen, a.rateBp), shares: used }).map((x) => [x.id, x.amountFen]),
  );
}

/** Totals of the three rollups, to see that a repeated call adds nothing. */
async function rollupTotals() {
  const [r] = rowsOf<{ sales: string; lines: string; amount: string; orders: string }>(
    await db.execute(sql`
    select (select coalesce(sum(sales_fen), 0) from stats_sales_daily)::text as sales,
           (select coalesce(sum(lines), 0) from stats_sales_daily)::text as lines,
           (select coalesce(sum(amount_fen), 0) from stats_beneficiary_daily)::text as amount,
           (select coalesce(sum(orders), 0) from stats_orders_daily)::text as orders`),
  );
  return r;
}

describe("attributeSale", () => {
  it("writes the sale at payment, split by weight as allocatePool, with every snapshot, exactly once; the rollups agree", async () => {
    const v = await variantWithLinkages();
    const { line, paymentId, orderId } = await buyAndPay(v.id, 3);
    const { entries, totals } = await totalsByLinkage(line.id);
    const expected = await expectedSplit({
      supplierId: v.supplierId,
      productId: v.productId,
      day: "2026-11-20",
      netFen: line.lineTotalFen,
      rateBp: line.benefitRateBp,
    });
    expect(expected.size).toBeGreaterThan(0);
    expect(totals).toEqual(expected);
    expect(entries.reduce((a, e) => a + e.amountFen, 0)).toBe(
      linePool(line.lineTotalFen, line.benefitRateBp),
    );

    const [order] = await db.select().from(s.orders).where(eq(s.orders.id, orderId));
    const linkages = new Map(
      (await db.select().from(s.linkages).where(eq(s.linkages.supplierId, v.supplierId))).map((l) => [
        l.id,
        l,
      ]),
    );
    const households = new Map((await db.select().from(s.households)).map((h) => [h.id, h]));
    const collectives = new Map((await db.select().from(s.villageCollectives)).map((c) => [c.id, c]));
    for (const e of entries) {
      const l = linkages.get(e.linkageId)!;
      const h = l.householdId ? households.get(l.householdId)! : null;
      const c = l.villageCollectiveId ? collectives.get(l.villageCollectiveId)! : null;
      expect(e).toMatchObject({
        kind: "sale",
        orderId,
        refundId: null,
        linkageWeight: l.weight,
        paidAt: PAID_AT,
        statDate: "2026-11-20",
        beneficiaryType: l.beneficiaryType,
        householdId: l.householdId,
        villageCollectiveId: l.villageCollectiveId,
        householdKind: h?.kind ?? null,
        householdMembers: h?.memberCount ?? null,
        townId: h?.townId ?? c!.townId,
        villageId: h?.villageId ?? c!.villageId,
        mechanism: l.mechanism,
        incomeType: INCOME[l.mechanism],
        categoryId: line.categoryId,
        supplierId: line.supplierId,
        supplierKind: line.supplierKind,
        buyerKind: order.buyerKind,
        certified: line.certified,
      });
      expect(e.amountFen).toBeGreaterThanOrEqual(0);
    }
    expect(await verifyRollups()).toEqual([]);

    // A second delivery of the payment, and a direct second call, write nothing new.
    const before = await rollupTotals();
    await completePayment({
      provider: "demo",
      providerEventId: "another-copy",
      paymentId,
      outcome: "succeeded",
    });
    await db.transaction((tx) => attributeSale(tx, { orderId, paidAt: PAID_AT }));
    expect((await totalsByLinkage(line.id)).entries).toHaveLength(entries.length);
    expect(await rollupTotals()).toEqual(before);
    expect(await verifyRollups()).toEqual([]);

    // The sales facets (decision 155) are checked too: a drifted row is reported, by its table.
    const drift = (by: number) =>
      db.transaction(async (tx) => {
        await tx.execute(
          sql`update stats_sales_facets_daily set sales_fen = sales_fen + ${by} where facet = 'village'`,
        );
        await tx.execute(
          sql`update stats_sales_facets_monthly set quantity = quantity + ${by} where facet = 'category'`,
        );
      });
    await drift(1);
    expect([...new Set((await verifyRollups()).map((d) => d.table))].sort()).toEqual([
      "stats_sales_facets_daily",
      "stats_sales_facets_monthly",
    ]);
    await drift(-1);
    expect(await verifyRollups()).toEqual([]);
  });

  it("a product with its own linkages uses only those (households and village collectives alike)", async () => {
    const v = await variantWithLinkages();
    const [supplier] = await db.select().from(s.suppliers).where(eq(s.suppliers.id, v.supplierId));
    const [household] = await db
      .select()
      .from(s.households)
      .where(eq(s.households.townId, supplier.townId))
      .limit(1);
    const [collective] = await db
      .select()
      .from(s.villageCollectives)
      .where(eq(s.villageCollectives.townId, supplier.townId))
      .limit(1);
    const own = await db
      .insert(s.linkages)
      .values([
        {
          supplierId: v.supplierId,
          productId: v.productId,
          beneficiaryType: "household",
          householdId: household.id,
          mechanism: "employment",
          weight: 3,
          validFrom: "2026-01-01",
          status: "approved",
        },
        {
          supplierId: v.supplierId,
          productId: v.productId,
          beneficiaryType: "village_collective",
          villageCollectiveId: collective.id,
          mechanism: "land_lease",
          weight: 2,
          validFrom: "2026-01-01",
          status: "approved",
        },
        // Not approved: does not count, and does not make the product's own set.
        {
          supplierId: v.supplierId,
          productId: v.productId,
          beneficiaryType: "household",
          householdId: household.id,
          mechanism: "order_purchase",
          weight: 50,
          validFrom: "2026-01-01",
          status: "proposed",
        },
      ])
      .returning();
    const { line } = await buyAndPay(v.id, 5);
    const { entries, totals } = await totalsByLinkage(line.id);
    const pool = linePool(line.lineTotalFen, line.benefitRateBp);
    expect(totals).toEqual(
      new Map(allocatePool({ poolFen: pool, shares: own.slice(0, 2) }).map((x) => [x.id, x.amountFen])),
    );
    const c = entries.find((e) => e.linkageId === own[1].id)!;
    expect(c).toMatchObject({
      beneficiaryType: "village_collective",
      householdKind: null,
      householdMembers: null,
      townId: collective.townId,
      villageId: collective.villageId,
      incomeType: "property",
    });
    const h = entries.find((e) => e.linkageId === own[0].id)!;
    expect(h).toMatchObject({
      householdKind: household.kind,
      householdMembers: household.memberCount,
      townId: household.townId,
      villageId: household.villageId,
      incomeType: "wage",
    });
    expect(await verifyRollups()).toEqual([]);
  });

  it("uses only linkages in force on the Asia/Shanghai payment date: not proposed, rejected, expired or not yet valid", async () => {
    const v = await variantWithLinkages({ skip: 1, atLeast: 8 });
    const general = await db
      .select()
      .from(s.linkages)
      .where(
        and(
          eq(s.linkages.supplierId, v.supplierId),
          eq(s.linkages.status, "approved"),
          isNull(s.linkages.productId),
        ),
      )
      .orderBy(s.linkages.id);
    expect(general.length).toBeGreaterThanOrEqual(6);
    const [rejected, proposed, expired, future, lastDay, firstDay] = general;
    // Paid at 00:30 on 21 November in Shanghai, still 20 November in UTC.
    const paidAt = new Date("2026-11-21T00:30:00+08:00");
    const changes = [
      { id: rejected.id, set: { status: "rejected" as const } },
      { id: proposed.id, set: { status: "proposed" as const } },
      { id: expired.id, set: { validUntil: "2026-11-20" } },
      { id: future.id, set: { validFrom: "2026-11-22", validUntil: null } },
      { id: lastDay.id, set: { validUntil: "2026-11-21" } },
      { id: firstDay.id, set: { validFrom: "2026-11-21", validUntil: null } },
    ];
    for (const c of changes) await db.update(s.linkages).set(c.set).where(eq(s.linkages.id, c.id));
    try {
      const { line } = await buyAndPay(v.id, 2, paidAt);
      const { entries, totals } = await totalsByLinkage(line.id);
      for (const gone of [rejected, proposed, expired, future]) expect(totals.has(gone.id)).toBe(false);
      expect(totals.has(lastDay.id) && totals.has(firstDay.id)).toBe(true);
      const inForce = general.filter((l) => ![rejected, proposed, expired, future].includes(l));
      expect(totals).toEqual(
        new Map(
          allocatePool({ poolFen: linePool(line.lineTotalFen, line.benefitRateBp), shares: inForce }).map(
            (x) => [x.id, x.amountFen],
          ),
        ),
      );
      expect(entries.every((e) => e.statDate === "2026-11-21")).toBe(true);
      expect(await verifyRollups()).toEqual([]);
    } finally {
      for (const l of general.slice(0, 6))
        await db
          .update(s.linkages)
          .set({ status: l.status, validFrom: l.validFrom, validUntil: l.validUntil })
          .where(eq(s.linkages.id, l.id));
    }
  });
});

describe("attributeSale with several lines and suppliers", () => {
  it("splits every line's own pool, counts the order once per supplier town, and the rollups agree", async () => {
    const a = await variantWithLinkages({ skip: 3 });
    const others = await db
      .select({ id: s.productVariants.id, supplierId: s.products.supplierId })
      .from(s.productVariants)
      .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
      .orderBy(s.productVariants.sku);
    const sameProduct = (
      await db
        .select({ id: s.productVariants.id })
        .from(s.productVariants)
        .where(eq(s.productVariants.productId, a.productId))
    ).map((x) => x.id);
    const b = others.find((x) => x.supplierId !== a.supplierId)!;
    const variantIds = [...new Set([a.id, ...sameProduct.slice(0, 2), b.id])];
    for (const id of variantIds)
      await db.update(s.productVariants).set({ stock: 500 }).where(eq(s.productVariants.id, id));
    let cartId: string | undefined;
    for (const id of variantIds) {
      const added = await addToCart({ owner: cartId ? { cartId } : {}, variantId: id, quantity: 2 });
      if (!added.ok) throw new Error(added.code);
      cartId = added.cartId;
    }
    const before = await rollupTotals();
    const placed = await placeOrder({
      owner: { cartId },
      shipping,
      now: new Date(PAID_AT.getTime() - 60_000),
    });
    if (!placed.ok) throw new Error(placed.code);
    const paymentId = placed.paymentUrl.split("/").pop()!;
    await completePayment({
      provider: "demo",
      providerEventId: `demo:${paymentId}:pay`,
      paymentId,
      outcome: "succeeded",
      now: PAID_AT,
    });
    const lines = await db.select().from(s.orderLines).where(eq(s.orderLines.orderId, placed.orderId));
    expect(lines).toHaveLength(variantIds.length);
    let pools = 0;
    for (const line of lines) {
      const { totals } = await totalsByLinkage(line.id);
      const expected = await expectedSplit({
        supplierId: line.supplierId,
        productId: line.productId,
        day: "2026-11-20",
        netFen: line.lineTotalFen,
        rateBp: line.benefitRateBp,
      });
      expect(totals).toEqual(expected);
      if (expected.size > 0) pools += linePool(line.lineTotalFen, line.benefitRateBp);
    }
    const towns = new Set(
      (await db.select({ townId: s.suppliers.townId, id: s.suppliers.id }).from(s.suppliers))
        .filter((x) => lines.some((l) => l.supplierId === x.id))
        .map((x) => x.townId),
    );
    const after = await rollupTotals();
    expect(Number(after.orders) - Number(before.orders)).toBe(towns.size);
    expect(Number(after.lines) - Number(before.lines)).toBe(lines.length);
    expect(Number(after.sales) - Number(before.sales)).toBe(lines.reduce((x, l) => x + l.lineTotalFen, 0));
    expect(Number(after.amount) - Number(before.amount)).toBe(pools);
    expect(await verifyRollups()).toEqual([]);
  });
});

describe("reverseForRefund", () => {
  it("through refundOrderLines: a half refund leaves a fresh split of the rest, a full refund nets every linkage to 0", async () => {
    const v = await variantWithLinkages();
    const { line, orderId } = await buyAndPay(v.id, 4);
    const split = (net: number) =>
      expectedSplit({
        supplierId: v.supplierId,
        productId: v.productId,
        day: "2026-11-20",
        netFen: net,
        rateBp: line.benefitRateBp,
      });
    const half = Math.floor(line.lineTotalFen / 2);
    const first = await refundOrderLines({
      orderId,
      lines: [{ orderLineId: line.id, amountFen: half, quantity: 2 }],
      reason: "一半坏果",
    });
    expect(first.ok).toBe(true);
    expect((await totalsByLinkage(line.id)).totals).toEqual(await split(line.lineTotalFen - half));
    expect(await verifyRollups()).toEqual([]);

    const second = await refundOrderLines({
      orderId,
      lines: [{ orderLineId: line.id, amountFen: line.lineTotalFen - half, quantity: 2 }],
    });
    expect(second.ok).toBe(true);
    const { totals, entries } = await totalsByLinkage(line.id);
    expect([...totals.values()].every((t) => t === 0)).toBe(true);
    expect(entries.some((e) => e.kind === "reversal")).toBe(true);
    expect(await verifyRollups()).toEqual([]);
    expect(await getOrderImpact({ orderId })).toBeNull();
  });

  it("after each of a sequence of partial refunds every linkage holds a fresh split of the remaining net, on the sale's date; then 0", async () => {
    const v = await variantWithLinkages({ skip: 2, atLeast: 5 });
    const { line, orderId } = await buyAndPay(v.id, 9);
    const [payment] = await db
      .select()
      .from(s.payments)
      .where(and(eq(s.payments.orderId, orderId), eq(s.payments.status, "succeeded")));
    const sales = (await totalsByLinkage(line.id)).entries;
    const shares = sales.map((e) => ({ id: e.linkageId, weight: e.linkageWeight! }));
    expect(shares.length).toBeGreaterThan(1);
    const salesRow = async () => {
      const [row] = await db
        .select({ salesFen: s.statsSalesDaily.salesFen, refundedFen: s.statsSalesDaily.refundedFen })
        .from(s.statsSalesDaily)
        .where(
          and(
            eq(s.statsSalesDaily.statDate, "2026-11-20"),
            eq(s.statsSalesDaily.villageId, line.originVillageId),
            eq(s.statsSalesDaily.categoryId, line.categoryId),
            eq(s.statsSalesDaily.supplierId, line.supplierId),
            eq(s.statsSalesDaily.certified, line.certified),
            eq(s.statsSalesDaily.buyerKind, "individual"),
          ),
        );
      return { salesFen: Number(row.salesFen), refundedFen: Number(row.refundedFen) };
    };

    let refunded = 0;
    const total = line.lineTotalFen;
    const steps = [1, 13, Math.floor(total / 3), 7, Math.floor(total / 5), 1];
    for (const [i, amount] of [...steps, total - steps.reduce((a, b) => a + b, 0)].entries()) {
      const rowBefore = await salesRow();
      // A test-only refund: the row, its line, the line's refunded amount; then the ledger.
      const [refund] = await db
        .insert(s.refunds)
        .values({
          orderId,
          paymentId: payment.id,
          amountFen: amount,
          status: "succeeded",
          idempotencyKey: `test:${line.id}:${i}`,
        })
        .returning();
      await db.insert(s.refundLines).values({ refundId: refund.id, orderLineId: line.id, amountFen: amount });
      await db
        .update(s.orderLines)
        .set({ refundedFen: sql`${s.orderLines.refundedFen} + ${amount}` })
        .where(eq(s.orderLines.id, line.id));
      refunded += amount;
      await db.transaction((tx) => reverseForRefund(tx, { refundId: refund.id }));
      const { entries, totals } = await totalsByLinkage(line.id);

      const fresh = allocatePool({ poolFen: linePool(total - refunded, line.benefitRateBp), shares });
      expect(totals).toEqual(new Map(fresh.map((x) => [x.id, x.amountFen])));
      expect(
        entries
          .filter((e) => e.refundId === refund.id)
          .every((e) => e.kind === "reversal" && e.statDate === "2026-11-20" && e.amountFen !== 0),
      ).toBe(true);
      const rowAfter = await salesRow();
      expect(rowAfter.refundedFen - rowBefore.refundedFen).toBe(amount);
      expect(rowAfter.salesFen - rowBefore.salesFen).toBe(-amount);
      expect(await verifyRollups()).toEqual([]);
    }
    expect(refunded).toBe(total);
    const { totals } = await totalsByLinkage(line.id);
    expect([...totals.values()].every((t) => t === 0)).toBe(true);
    expect(await getOrderImpact({ orderId })).toBeNull();
  });
});

describe("getOrderImpact", () => {
  it("gives the receipt's aggregates only: amounts by income type, counts, village names — no names, no ids", async () => {
    const v = await variantWithLinkages();
    const { orderId, line } = await buyAndPay(v.id, 2);
    const impact = (await getOrderImpact({ orderId }))!;
    expect(impact.attributedFen).toBe(linePool(line.lineTotalFen, line.benefitRateBp));
    expect(impact.byIncomeType.reduce((a, x) => a + x.amountFen, 0)).toBe(impact.attributedFen);
    const positive = (await totalsByLinkage(line.id)).entries.filter((e) => e.amountFen > 0);
    expect(impact.households).toBe(
      new Set(positive.flatMap((e) => (e.householdId ? [e.householdId] : []))).size,
    );
    expect(impact.villageCollectives).toBe(
      new Set(positive.flatMap((e) => (e.villageCollectiveId ? [e.villageCollectiveId] : []))).size,
    );
    expect(impact.villages.length).toBeGreaterThan(0);
    const text = JSON.stringify(impact);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    const names = (await db.select({ name: s.households.headName }).from(s.households)).map((h) => h.name);
    expect(names.some((n) => text.includes(n))).toBe(false);
  });
});
