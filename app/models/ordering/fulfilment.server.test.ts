// Fulfilment: status rules (part and order), supplier scope on every read and write, refunds
// through the payment port with the ledger and rollups checked to the fen, and the dashboard's
// figures against an independent recomputation.
import type { Caller } from "../access/scope.server";
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { allocatePool, linePool } from "../../../core/allocation";
import { db, schema as s } from "~/lib/db.server";
import { seedDatabase } from "../../../db/seed";
import { verifyRollups } from "../impact/attribution.server";
import { addToCart } from "./cart.server";
import { placeOrder } from "./checkout.server";
import {
  getOrderForAdmin,
  getOrderPart,
  getSupplierDashboard,
  listOrderParts,
  listOrdersForAdmin,
  markPartDelivered,
  refundLine,
  shipOrderPart,
} from "./fulfilment.server";
import { shanghaiMonthBounds } from "~/lib/dates";
import { buyAndPay as buyAndPayDemo, shippingAddress } from "../../../tests/support/factories";

const shipping = shippingAddress();
const NOW = new Date("2026-11-20T12:00:00+08:00");

let staffA: Caller, staffB: Caller, admin: Caller, official: Caller;

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 120 });
  const users = await db
    .select()
    .from(s.users)
    .where(inArray(s.users.mobile, ["13800000004", "13800000005", "13800000009", "13800000006"]));
  const by = (m: string) => users.find((u) => u.mobile === m)!;
  staffA = by("13800000004");
  staffB = by("13800000005");
  admin = by("13800000009");
  official = by("13800000006");
});

/** A variant of the supplier's that has linkages to split over (stock topped up). */
async function variantOf(supplierId: string, skip = 0) {
  const rows = await db
    .select({ id: s.productVariants.id, productId: s.products.id, priceFen: s.productVariants.priceFen })
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
  const v = rows[skip];
  await db.update(s.productVariants).set({ stock: 500 }).where(eq(s.productVariants.id, v.id));
  return v;
}

async function buyAndPay(
  items: { variantId: string; quantity: number }[],
  paidAt = new Date(NOW.getTime() - 3600_000),
) {
  const placed = await buyAndPayDemo({ items, paidAt, shipping });
  const parts = await db.select().from(s.orderParts).where(eq(s.orderParts.orderId, placed.orderId));
  const lines = await db.select().from(s.orderLines).where(eq(s.orderLines.orderId, placed.orderId));
  return { ...placed, parts, lines };
}

const orderStatus = async (orderId: string) =>
  (await db.select({ status: s.orders.status }).from(s.orders).where(eq(s.orders.id, orderId)))[0].status;
const partStatus = async (partId: string) =>
  (await db.select({ status: s.orderParts.status }).from(s.orderParts).where(eq(s.orderParts.id, partId)))[0]
    .status;

/** Per linkage, the line's ledger total; and what a fresh split of the line's remaining net gives. */
async function ledgerVersusFreshSplit(lineId: string) {
  const [line] = await db.select().from(s.orderLines).where(eq(s.orderLines.id, lineId));
  const entries = await db
    .select()
    .from(s.attributionEntries)
    .where(eq(s.attributionEntries.orderLineId, lineId));
  const totals = new Map<string, number>();
  for (const e of entries) totals.set(e.linkageId, (totals.get(e.linkageId) ?? 0) + e.amountFen);
  const sales = entries.filter((e) => e.kind === "sale");
  const fresh = allocatePool({
    poolFen: linePool(line.lineTotalFen - line.refundedFen, line.benefitRateBp),
    shares: sales.map((e) => ({ id: e.linkageId, weight: e.linkageWeight! })),
  });
  return { line, totals, expected: new Map(fresh.map((f) => [f.id, f.amountFen])), sales };
}

describe("shipping and status rules", () => {
  it("paid → shipped → delivered per part; the order follows the least advanced part; illegal transitions refused", async () => {
    const [a, b] = [await variantOf(staffA.supplierId!), await variantOf(staffB.supplierId!)];
    const order = await buyAndPay([
      { variantId: a.id, quantity: 1 },
      { variantId: b.id, quantity: 2 },
    ]);
    const partA = order.parts.find((p) => p.supplierId === staffA.supplierId)!;
    const partB = order.parts.find((p) => p.supplierId === staffB.supplierId)!;

    expect(await markPartDelivered({ caller: staffA, partId: partA.id })).toEqual({
      ok: false,
      code: "illegal_transition",
    });
    expect(
      await shipOrderPart({ caller: staffA, partId: partA.id, carrier: "", trackingNumber: "SF1234567" }),
    ).toEqual({ ok: false, code: "invalid_carrier" });
    expect(
      await shipOrderPart({ caller: staffA, partId: partA.id, carrier: "顺丰速运", trackingNumber: "x" }),
    ).toEqual({ ok: false, code: "invalid_tracking" });

    expect(
      (
        await shipOrderPart({
          caller: staffA,
          partId: partA.id,
          carrier: "顺丰速运",
          trackingNumber: "SF100200300",
        })
      ).ok,
    ).toBe(true);
    expect(await partStatus(partA.id)).toBe("shipped");
    expect(await orderStatus(order.orderId)).toBe("paid"); // B has not shipped yet
    expect(
      await shipOrderPart({
        caller: staffA,
        partId: partA.id,
        carrier: "顺丰速运",
        trackingNumber: "SF100200301",
      }),
    ).toEqual({ ok: false, code: "illegal_transition" });
    // The same carrier's number cannot be used for another part.
    expect(
      await shipOrderPart({
        caller: staffB,
        partId: partB.id,
        carrier: "顺丰速运",
        trackingNumber: "SF100200300",
      }),
    ).toEqual({ ok: false, code: "tracking_in_use" });
    expect(await partStatus(partB.id)).toBe("paid");

    expect(
      (
        await shipOrderPart({
          caller: staffB,
          partId: partB.id,
          carrier: "中国邮政",
          trackingNumber: "EMS-0001",
        })
      ).ok,
    ).toBe(true);
    expect(await orderStatus(order.orderId)).toBe("shipped");
    expect(await markPartDelivered({ caller: staffA, partId: partA.id })).toEqual({ ok: true });
    expect(await orderStatus(order.orderId)).toBe("shipped");
    expect(await markPartDelivered({ caller: staffA, partId: partA.id })).toEqual({
      ok: false,
      code: "illegal_transition",
    });
    expect(await markPartDelivered({ caller: staffB, partId: partB.id })).toEqual({ ok: true });
    expect(await orderStatus(order.orderId)).toBe("delivered");

    const [shipment] = await db.select().from(s.shipments).where(eq(s.shipments.orderPartId, partA.id));
    expect(shipment).toMatchObject({
      carrier: "顺丰速运",
      trackingNumber: "SF100200300",
      shippedBy: staffA.id,
    });
    expect(shipment.deliveredAt).not.toBeNull();
    const audit = await db.select().from(s.auditLog).where(eq(s.auditLog.subjectId, partA.id));
    expect(audit.map((x) => x.action).sort()).toEqual(["order_part.delivered", "order_part.shipped"]);
  });

  it("two ships of the same part at once: exactly one shipment, the other refused", async () => {
    const order = await buyAndPay([{ variantId: (await variantOf(staffA.supplierId!, 1)).id, quantity: 1 }]);
    const part = order.parts[0];
    const results = await Promise.all(
      ["SF310000001", "SF310000002"].map((trackingNumber) =>
        shipOrderPart({ caller: staffA, partId: part.id, carrier: "顺丰速运", trackingNumber }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, code: "illegal_transition" }]);
    expect(await db.select().from(s.shipments).where(eq(s.shipments.orderPartId, part.id))).toHaveLength(1);
  });

  it("an unpaid order's part is nothing to fulfil: not found", async () => {
    const v = await variantOf(staffA.supplierId!, 1);
    const added = await addToCart({ owner: {}, variantId: v.id, quantity: 1 });
    if (!added.ok) throw new Error(added.code);
    const placed = await placeOrder({ owner: { cartId: added.cartId }, shipping });
    if (!placed.ok) throw new Error(placed.code);
    const [part] = await db.select().from(s.orderParts).where(eq(s.orderParts.orderId, placed.orderId));
    expect(await getOrderPart({ caller: staffA, partId: part.id })).toBeNull();
    expect(
      await shipOrderPart({
        caller: staffA,
        partId: part.id,
        carrier: "顺丰速运",
        trackingNumber: "SF999000111",
      }),
    ).toEqual({ ok: false, code: "not_found" });
    expect((await listOrderParts({ caller: staffA })).rows.some((r) => r.id === part.id)).toBe(false);
  });
});

describe("supplier scope", () => {
  it("staff of B get not_found for every read and write of A's part, and nothing of A changes", async () => {
    const v = await variantOf(staffA.supplierId!);
    const order = await buyAndPay([{ variantId: v.id, quantity: 2 }]);
    const part = order.parts[0];
    const line = order.lines[0];
    const before = {
      part: await db.select().from(s.orderParts).where(eq(s.orderParts.id, part.id)),
      line: await db.select().from(s.orderLines).where(eq(s.orderLines.id, line.id)),
    };

    expect(await getOrderPart({ caller: staffB, partId: part.id })).toBeNull();
    expect((await listOrderParts({ caller: staffB })).rows.some((r) => r.id === part.id)).toBe(false);
    expect(
      await shipOrderPart({
        caller: staffB,
        partId: part.id,
        carrier: "顺丰速运",
        trackingNumber: "SF555666777",
      }),
    ).toEqual({ ok: false, code: "not_found" });
    expect(await markPartDelivered({ caller: staffB, partId: part.id })).toEqual({
      ok: false,
      code: "not_found",
    });
    expect(await refundLine({ caller: staffB, lineId: line.id, amountFen: 1 })).toEqual({
      ok: false,
      code: "not_found",
    });
    // Other roles reach no part either; admins read and refund orders only through the admin functions.
    for (const caller of [official, { ...staffA, supplierId: null }]) {
      expect(await getOrderPart({ caller, partId: part.id })).toBeNull();
      expect(await refundLine({ caller, lineId: line.id, amountFen: 1 })).toEqual({
        ok: false,
        code: "not_found",
      });
    }
    expect(await getOrderForAdmin({ caller: official, orderNumber: order.orderNumber })).toBeNull();
    expect(await listOrdersForAdmin({ caller: staffA })).toBeNull();
    expect(await getSupplierDashboard({ caller: admin })).toBeNull();

    expect(await db.select().from(s.orderParts).where(eq(s.orderParts.id, part.id))).toEqual(before.part);
    expect(await db.select().from(s.orderLines).where(eq(s.orderLines.id, line.id))).toEqual(before.line);
    expect(await db.select().from(s.shipments).where(eq(s.shipments.orderPartId, part.id))).toEqual([]);
    expect(await db.select().from(s.refunds).where(eq(s.refunds.orderId, order.orderId))).toEqual([]);
    // A line of A's, sent with the id of B's own part: still not found.
    const own = await buyAndPay([{ variantId: (await variantOf(staffB.supplierId!)).id, quantity: 1 }]);
    expect(
      await refundLine({ caller: staffB, partId: own.parts[0].id, lineId: line.id, amountFen: 1 }),
    ).toEqual({ ok: false, code: "not_found" });
  });
});

describe("refunds", () => {
  it("partial, then over the rest (refused with what remains), then the rest: ledger per linkage = fresh split of the remaining net; rollups in step", async () => {
    const v = await variantOf(staffA.supplierId!);
    const order = await buyAndPay([{ variantId: v.id, quantity: 3 }]);
    const line = order.lines[0];
    const first = await ledgerVersusFreshSplit(line.id);
    expect(first.sales.length).toBeGreaterThan(0); // the seeded supplier has linkages in force
    expect(first.totals).toEqual(first.expected);

    // A third of the line, by quantity (at the unit price), refunded through the port.
    const r1 = await refundLine({
      caller: staffA,
      lineId: line.id,
      quantity: 1,
      reason: "破损",
      idempotencyKey: "k1",
    });
    expect(r1).toMatchObject({ ok: true, amountFen: line.unitPriceFen, duplicate: false });
    // The same form submitted twice refunds once.
    expect(
      await refundLine({ caller: staffA, lineId: line.id, quantity: 1, idempotencyKey: "k1" }),
    ).toMatchObject({ ok: true, duplicate: true });
    const afterFirst = await ledgerVersusFreshSplit(line.id);
    expect(afterFirst.line.refundedFen).toBe(line.unitPriceFen);
    expect(afterFirst.line.refundedQuantity).toBe(1);
    expect(afterFirst.totals).toEqual(afterFirst.expected);
    expect([...afterFirst.totals.values()].reduce((a, x) => a + x, 0)).toBe(
      linePool(line.lineTotalFen - line.unitPriceFen, line.benefitRateBp),
    );

    const remaining = line.lineTotalFen - line.unitPriceFen;
    expect(await refundLine({ caller: staffA, lineId: line.id, amountFen: remaining + 1 })).toEqual({
      ok: false,
      code: "exceeds_refundable",
      remainingFen: remaining,
      remainingQuantity: 2,
    });
    expect(await refundLine({ caller: staffA, lineId: line.id, amountFen: 100, quantity: 3 })).toMatchObject({
      ok: false,
      code: "exceeds_quantity",
    });
    expect(await refundLine({ caller: staffA, lineId: line.id, amountFen: 0 })).toEqual({
      ok: false,
      code: "bad_amount",
    });

    expect(await refundLine({ caller: staffA, lineId: line.id, amountFen: remaining })).toMatchObject({
      ok: true,
      amountFen: remaining,
    });
    const afterAll = await ledgerVersusFreshSplit(line.id);
    expect(afterAll.line.refundedFen).toBe(line.lineTotalFen);
    for (const total of afterAll.totals.values()) expect(total).toBe(0);
    // Never beyond what was paid: not even one fen more.
    expect(await refundLine({ caller: staffA, lineId: line.id, amountFen: 1 })).toMatchObject({
      ok: false,
      code: "exceeds_refundable",
      remainingFen: 0,
    });

    const refunds = await db.select().from(s.refunds).where(eq(s.refunds.orderId, order.orderId));
    expect(refunds.map((r) => r.amountFen).sort((a, b) => a - b)).toEqual(
      [line.unitPriceFen, remaining].sort((a, b) => a - b),
    );
    expect(refunds.every((r) => r.requestedBy === staffA.id && r.status === "succeeded")).toBe(true);
    expect(
      (await db.select().from(s.auditLog).where(eq(s.auditLog.subjectId, line.id))).map((a) => a.action),
    ).toEqual(["order_line.refunded", "order_line.refunded"]);
    expect(await verifyRollups()).toEqual([]);
    // A part whose every line is refunded has nothing to ship.
    expect(
      await shipOrderPart({
        caller: staffA,
        partId: order.parts[0].id,
        carrier: "顺丰速运",
        trackingNumber: "SF777888999",
      }),
    ).toEqual({ ok: false, code: "nothing_to_ship" });
  });

  it("a fully refunded part no longer holds the order back", async () => {
    const order = await buyAndPay([
      { variantId: (await variantOf(staffA.supplierId!)).id, quantity: 1 },
      { variantId: (await variantOf(staffB.supplierId!)).id, quantity: 1 },
    ]);
    const lineA = order.lines.find((l) => l.supplierId === staffA.supplierId)!;
    const partB = order.parts.find((p) => p.supplierId === staffB.supplierId)!;
    await shipOrderPart({
      caller: staffB,
      partId: partB.id,
      carrier: "京东物流",
      trackingNumber: "JD0001112223",
    });
    expect(await orderStatus(order.orderId)).toBe("paid");
    expect(
      (
        await refundLine({
          caller: admin,
          orderNumber: order.orderNumber,
          lineId: lineA.id,
          amountFen: lineA.lineTotalFen,
        })
      ).ok,
    ).toBe(true);
    expect(await orderStatus(order.orderId)).toBe("shipped");
    // Admin refunds are bound to the order named on the page.
    expect(
      await refundLine({ caller: admin, orderNumber: "20000101-000001", lineId: lineA.id, amountFen: 1 }),
    ).toEqual({ ok: false, code: "not_found" });
    const detail = await getOrderForAdmin({ caller: admin, orderNumber: order.orderNumber });
    expect(detail?.refundedFen).toBe(lineA.lineTotalFen);
    expect(detail?.parts.flatMap((p) => p.refunds).map((r) => r.amountFen)).toEqual([lineA.lineTotalFen]);
  });
});

describe("dashboard", () => {
  it("to ship, low stock, and this Asia/Shanghai month's sales and attributed income equal a recomputation from lines and ledger", async () => {
    // Paid 00:30 on 1 November in Shanghai (still 31 October in UTC): this month's.
    const early = await buyAndPay(
      [{ variantId: (await variantOf(staffA.supplierId!, 2)).id, quantity: 2 }],
      new Date("2026-10-31T16:30:00Z"),
    );
    // Paid 23:30 on 31 October in Shanghai: last month's.
    await buyAndPay(
      [{ variantId: (await variantOf(staffA.supplierId!, 2)).id, quantity: 1 }],
      new Date("2026-10-31T15:30:00Z"),
    );
    await refundLine({ caller: staffA, lineId: early.lines[0].id, amountFen: 123 });
    const low = await variantOf(staffA.supplierId!, 3);
    await db.update(s.productVariants).set({ stock: 3 }).where(eq(s.productVariants.id, low.id));

    const d = (await getSupplierDashboard({ caller: staffA, now: NOW }))!;
    const { from, to, month } = shanghaiMonthBounds(NOW);
    expect(month).toBe("2026-11");

    const lines = await db
      .select({ line: s.orderLines, paidAt: s.orders.paidAt, status: s.orders.status })
      .from(s.orderLines)
      .innerJoin(s.orders, eq(s.orders.id, s.orderLines.orderId))
      .where(eq(s.orderLines.supplierId, staffA.supplierId!));
    const dayOf = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const inMonth = lines.filter(
      (l) => l.paidAt && l.status !== "cancelled" && dayOf(l.paidAt) >= from && dayOf(l.paidAt) < to,
    );
    expect(d.salesFen).toBe(inMonth.reduce((a, l) => a + l.line.lineTotalFen - l.line.refundedFen, 0));
    expect(d.refundedFen).toBe(inMonth.reduce((a, l) => a + l.line.refundedFen, 0));
    expect(inMonth.some((l) => l.line.id === early.lines[0].id)).toBe(true);

    const entries = await db
      .select()
      .from(s.attributionEntries)
      .where(eq(s.attributionEntries.supplierId, staffA.supplierId!));
    expect(d.attributedFen).toBe(
      entries.filter((e) => e.statDate >= from && e.statDate < to).reduce((a, e) => a + e.amountFen, 0),
    );
    expect(d.attributedFen).toBeGreaterThan(0);

    const paidParts = await db
      .select()
      .from(s.orderParts)
      .where(and(eq(s.orderParts.supplierId, staffA.supplierId!), eq(s.orderParts.status, "paid")));
    expect(d.waitingCount).toBe(paidParts.length);
    expect(d.lowStock.map((v) => v.variantId)).toContain(low.id);
    expect(d.lowStock.every((v) => v.stock <= 10)).toBe(true);
    await db.update(s.productVariants).set({ stock: 11 }).where(eq(s.productVariants.id, low.id));
    expect(
      (await getSupplierDashboard({ caller: staffA, now: NOW }))!.lowStock.map((v) => v.variantId),
    ).not.toContain(low.id);
    // B's dashboard counts nothing of A's.
    const dB = (await getSupplierDashboard({ caller: staffB, now: NOW }))!;
    const entriesB = await db
      .select()
      .from(s.attributionEntries)
      .where(eq(s.attributionEntries.supplierId, staffB.supplierId!));
    expect(dB.attributedFen).toBe(
      entriesB.filter((e) => e.statDate >= from && e.statDate < to).reduce((a, e) => a + e.amountFen, 0),
    );
  });
});
