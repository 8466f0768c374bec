// The schema's own guards, on the engine the run uses (PGlite by default, PostgreSQL in CI).
import { and, eq, gte, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { currentTestDatabase, failureCode } from "../tests/support/test-database";
import * as s from "./schema";
import { seedDatabase } from "./seed";

const PII_KEY = process.env.PII_KEY!;
const db = () => currentTestDatabase().db;

async function someVariant() {
  const [v] = await db().select().from(s.productVariants).where(gte(s.productVariants.stock, 1)).limit(1);
  return v;
}

/** A paid one-line order and an approved linkage of its supplier: what a ledger entry needs. */
async function paidOrderWithLinkage() {
  const variant = await someVariant();
  const [product] = await db().select().from(s.products).where(eq(s.products.id, variant.productId));
  const [supplier] = await db().select().from(s.suppliers).where(eq(s.suppliers.id, product.supplierId));
  const [village] = await db().select().from(s.regions).where(eq(s.regions.id, product.originVillageId));
  const [linkage] = await db()
    .select()
    .from(s.linkages)
    .where(and(eq(s.linkages.supplierId, supplier.id), eq(s.linkages.beneficiaryType, "household")))
    .limit(1);
  const [household] = await db().select().from(s.households).where(eq(s.households.id, linkage.householdId!));
  const paidAt = new Date("2026-11-20T10:00:00+08:00");
  const [order] = await db()
    .insert(s.orders)
    .values({
      orderNumber: `20261120-${Math.floor(Math.random() * 1e6)
        .toString()
        .padStart(6, "0")}`,
      contactName: "测试",
      contactMobile: "13900000000",
      shippingAddress: { province: "河南省", city: "三门峡市", district: "湖滨区", detail: "测试路 1 号" },
      status: "paid",
      paymentProvider: "demo",
      subtotalFen: variant.priceFen,
      shippingFen: 0,
      totalFen: variant.priceFen,
      expiresAt: paidAt,
      paidAt,
    })
    .returning();
  const [part] = await db()
    .insert(s.orderParts)
    .values({
      orderId: order.id,
      supplierId: supplier.id,
      status: "paid",
      subtotalFen: variant.priceFen,
      shippingFen: 0,
    })
    .returning();
  const [line] = await db()
    .insert(s.orderLines)
    .values({
      orderId: order.id,
      orderPartId: part.id,
      supplierId: supplier.id,
      productId: product.id,
      variantId: variant.id,
      quantity: 1,
      unitPriceFen: variant.priceFen,
      lineTotalFen: variant.priceFen,
      productName: product.name,
      variantSpec: variant.spec,
      supplierName: supplier.name,
      supplierKind: supplier.kind,
      categoryId: product.categoryId,
      originVillageId: village.id,
      originTownId: village.parentId!,
      certified: true,
      benefitRateBp: supplier.benefitRateBp,
    })
    .returning();
  const entry = {
    kind: "sale" as const,
    orderId: order.id,
    orderLineId: line.id,
    linkageId: linkage.id,
    amountFen: 123,
    paidAt,
    statDate: "2026-11-20",
    beneficiaryType: "household" as const,
    householdId: household.id,
    householdKind: household.kind,
    householdMembers: household.memberCount,
    townId: household.townId,
    villageId: household.villageId,
    mechanism: linkage.mechanism,
    incomeType: "operating" as const,
    categoryId: product.categoryId,
    supplierId: supplier.id,
    supplierKind: supplier.kind,
    buyerKind: "individual" as const,
    certified: true,
  };
  return { order, line, entry };
}

beforeAll(async () => {
  await seedDatabase(db(), { piiKey: PII_KEY, households: 300 });
});

describe("stock", () => {
  it("cannot go below zero, and a conditional decrement takes only what is there", async () => {
    const variant = await someVariant();
    expect(
      await failureCode(() =>
        db().update(s.productVariants).set({ stock: -1 }).where(eq(s.productVariants.id, variant.id)),
      ),
    ).toBe("23514");
    const take = (n: number) =>
      db()
        .update(s.productVariants)
        .set({ stock: sql`${s.productVariants.stock} - ${n}` })
        .where(and(eq(s.productVariants.id, variant.id), gte(s.productVariants.stock, n)))
        .returning({ stock: s.productVariants.stock });
    expect(await take(variant.stock + 1)).toEqual([]);
    expect(await take(variant.stock)).toEqual([{ stock: 0 }]);
  });
});

describe("CHECK constraints", () => {
  it("reject a benefit rate outside 0..10000 bp and a non-positive linkage weight", async () => {
    const [supplier] = await db().select().from(s.suppliers).limit(1);
    expect(
      await failureCode(() =>
        db().update(s.suppliers).set({ benefitRateBp: 10001 }).where(eq(s.suppliers.id, supplier.id)),
      ),
    ).toBe("23514");
    const [linkage] = await db().select().from(s.linkages).limit(1);
    expect(
      await failureCode(() =>
        db().update(s.linkages).set({ weight: 0 }).where(eq(s.linkages.id, linkage.id)),
      ),
    ).toBe("23514");
  });

  it("reject an order whose total is not subtotal + shipping", async () => {
    const code = await failureCode(() =>
      db()
        .insert(s.orders)
        .values({
          orderNumber: "20261120-999999",
          contactName: "x",
          contactMobile: "13900000000",
          shippingAddress: { province: "", city: "", district: "", detail: "" },
          paymentProvider: "demo",
          subtotalFen: 100,
          shippingFen: 10,
          totalFen: 100,
          expiresAt: new Date(),
        }),
    );
    expect(code).toBe("23514");
  });
});

describe("payment events", () => {
  it("reject a duplicate provider event id", async () => {
    const event = {
      provider: "stripe" as const,
      providerEventId: "evt_test_123",
      type: "checkout.session.completed",
      payload: {},
    };
    await db().insert(s.paymentEvents).values(event);
    expect(await failureCode(() => db().insert(s.paymentEvents).values(event))).toBe("23505");
    // The same id from another provider is a different event.
    await db()
      .insert(s.paymentEvents)
      .values({ ...event, provider: "demo" });
  });
});

describe("attribution ledger", () => {
  it("is append-only: an entry cannot be updated or deleted", async () => {
    const { entry } = await paidOrderWithLinkage();
    const [row] = await db().insert(s.attributionEntries).values(entry).returning();
    expect(
      await failureCode(() =>
        db().update(s.attributionEntries).set({ amountFen: 1 }).where(eq(s.attributionEntries.id, row.id)),
      ),
    ).toBe("23001");
    expect(
      await failureCode(() => db().delete(s.attributionEntries).where(eq(s.attributionEntries.id, row.id))),
    ).toBe("23001");
    const [still] = await db().select().from(s.attributionEntries).where(eq(s.attributionEntries.id, row.id));
    expect(still.amountFen).toBe(123);
  });

  it("refuses TRUNCATE, which row triggers never see (the ledger and the audit log)", async () => {
    const { entry } = await paidOrderWithLinkage();
    await db().insert(s.attributionEntries).values(entry);
    await db().insert(s.auditLog).values({ action: "test.truncate", subjectType: "test", details: {} });
    const before = await Promise.all([db().$count(s.attributionEntries), db().$count(s.auditLog)]);
    expect(await failureCode(() => db().execute(sql`truncate attribution_entries`))).toBe("23001");
    expect(await failureCode(() => db().execute(sql`truncate audit_log`))).toBe("23001");
    expect(await Promise.all([db().$count(s.attributionEntries), db().$count(s.auditLog)])).toEqual(before);
    expect(before.every((n) => n > 0)).toBe(true);
  });

  it("records a line's sale to a linkage once; sales are never negative; a reversal needs its refund", async () => {
    const { entry } = await paidOrderWithLinkage();
    await db().insert(s.attributionEntries).values(entry);
    expect(await failureCode(() => db().insert(s.attributionEntries).values(entry))).toBe("23505");
    expect(
      await failureCode(() =>
        db()
          .insert(s.attributionEntries)
          .values({ ...entry, amountFen: -1 }),
      ),
    ).toBe("23514");
    expect(
      await failureCode(() =>
        db()
          .insert(s.attributionEntries)
          .values({ ...entry, kind: "reversal", amountFen: -5 }),
      ),
    ).toBe("23514");
  });
});
