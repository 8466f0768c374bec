// Pre-sale on the real engine: the cap holds under 100 simultaneous checkouts, the window is kept
// on each line, and a missed ship-by date lets the buyer cancel for a full refund exactly once.
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import type { User } from "~/models/access/users.server";
import { seedDatabase } from "../../../db/seed";
import { buyAsUser, demoUser, shipAndDeliver, variantOf } from "../../../tests/support/shopper";
import { shippingAddress } from "../../../tests/support/factories";
import { endPresale, listSupplierPresales, openPresalesOf, setPresale } from "../catalog/presales.server";
import { addToCart } from "./cart.server";
import { placeOrder, releaseExpiredOrders } from "./checkout.server";
import { completePayment } from "./payments.server";
import { cancelLatePresaleLine, presaleLinesOf } from "./presale-orders.server";

let customer: User, customer2: User, staff: User, staffB: User;

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 200 });
  [customer, customer2, staff, staffB] = await Promise.all(
    ["customer", "customer2", "supplierStaff", "supplierStaffB"].map(demoUser),
  );
});

const DAY = 86_400_000;

describe("a supplier's pre-sale", () => {
  it("is set on the supplier's own variant only, with a valid cap and window", async () => {
    const v = await variantOf(staff.supplierId!, 50, 1);
    const input = { variantId: v.id, cap: 10, shipsFrom: "2099-07-01", shipsBy: "2099-07-20" };
    expect(await setPresale({ caller: staffB, input })).toEqual({ ok: false, code: "not_found" });
    expect(await setPresale({ caller: customer, input })).toEqual({ ok: false, code: "not_found" });
    expect(await setPresale({ caller: staff, input: { ...input, cap: 0 } })).toEqual({
      ok: false,
      code: "invalid_cap",
    });
    expect(await setPresale({ caller: staff, input: { ...input, shipsBy: "2099-06-30" } })).toEqual({
      ok: false,
      code: "invalid_dates",
    });
    expect(await setPresale({ caller: staff, input: { ...input, shipsFrom: "2099-02-30" } })).toEqual({
      ok: false,
      code: "invalid_dates",
    });
    expect(
      await setPresale({
        caller: staff,
        input: { ...input, shipsFrom: "2000-01-01", shipsBy: "2000-01-02" },
      }),
    ).toEqual({ ok: false, code: "window_past" });
    expect((await openPresalesOf([v.id])).size).toBe(0);
    const generation = async () =>
      (await db.select().from(s.pageCacheGeneration).where(eq(s.pageCacheGeneration.id, 1)))[0].generation;
    const before = await generation();
    expect(await setPresale({ caller: staff, input })).toEqual({ ok: true });
    // The anonymous product page shows the window: the page cache's counter moved (migration 0013).
    expect(await generation()).toBeGreaterThan(before);
    expect(await setPresale({ caller: staff, input: { ...input, cap: 12 } })).toEqual({ ok: true });
    expect((await openPresalesOf([v.id])).get(v.id)).toMatchObject({
      cap: 12,
      shipsFrom: "2099-07-01",
      shipsBy: "2099-07-20",
    });
    expect((await listSupplierPresales({ caller: staff })).find((r) => r.variantId === v.id)).toMatchObject({
      cap: 12,
      ordered: 0,
    });
    expect(await listSupplierPresales({ caller: customer })).toEqual([]);
    expect(await endPresale({ caller: staffB, variantId: v.id })).toEqual({ ok: false, code: "not_found" });
    expect(await endPresale({ caller: staff, variantId: v.id })).toEqual({ ok: true });
    expect((await openPresalesOf([v.id])).size).toBe(0);
  });

  it("100 simultaneous checkouts against a cap of 30 place exactly 30", async () => {
    const v = await variantOf(staff.supplierId!, 1000, 2);
    expect(
      await setPresale({
        caller: staff,
        input: { variantId: v.id, cap: 30, shipsFrom: "2099-08-01", shipsBy: "2099-08-10" },
      }),
    ).toEqual({ ok: true });
    const carts: string[] = [];
    for (let i = 0; i < 100; i++) {
      const added = await addToCart({ owner: {}, variantId: v.id, quantity: 1 });
      if (!added.ok) throw new Error(added.code);
      carts.push(added.cartId);
    }
    const results = await Promise.all(
      carts.map((cartId) => placeOrder({ owner: { cartId }, shipping: shippingAddress() })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(30);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.code === "stock_short")).toBe(true);
    const [{ n }] = await db
      .select({ n: sql<number>`coalesce(sum(${s.orderLines.quantity}), 0)::int` })
      .from(s.presaleOrderLines)
      .innerJoin(s.orderLines, eq(s.orderLines.id, s.presaleOrderLines.orderLineId));
    expect(Number(n)).toBe(30);
    const [variant] = await db.select().from(s.productVariants).where(eq(s.productVariants.id, v.id));
    expect(variant.stock).toBe(970); // the refused checkouts gave their stock back
    expect((await listSupplierPresales({ caller: staff })).find((r) => r.variantId === v.id)?.ordered).toBe(
      30,
    );
  });
});

describe("a buyer's pre-sale line", () => {
  it("shows its window; after ship-by, unshipped, the buyer cancels it for a full refund, once", async () => {
    const v = await variantOf(staff.supplierId!, 100, 3);
    const placedAt = new Date(Date.now() - 20 * DAY);
    expect(
      await setPresale({
        caller: staff,
        now: placedAt,
        input: { variantId: v.id, cap: 50, shipsFrom: "2020-01-01", shipsBy: shanghai(placedAt, 5) },
      }),
    ).toEqual({ ok: true });
    const [productBefore] = await db
      .select({ sales: s.products.salesCount })
      .from(s.products)
      .where(eq(s.products.id, v.productId));
    const bought = await buyAsUser(customer.id, v.id, 3, placedAt);
    // Counted like any sale when paid: the product's sales count and the attribution ledger.
    const [productAfter] = await db
      .select({ sales: s.products.salesCount })
      .from(s.products)
      .where(eq(s.products.id, v.productId));
    expect(productAfter.sales).toBe(productBefore.sales + 3);
    const ledger = () =>
      db
        .select({
          kind: s.attributionEntries.kind,
          sum: sql<number>`sum(${s.attributionEntries.amountFen})::int`,
        })
        .from(s.attributionEntries)
        .where(eq(s.attributionEntries.orderLineId, bought.line.id))
        .groupBy(s.attributionEntries.kind);
    const sale = (await ledger()).find((r) => r.kind === "sale");
    expect(Number(sale?.sum ?? 0)).toBeGreaterThan(0);

    const lines = await presaleLinesOf({ orderLineIds: [bought.line.id], now: placedAt });
    expect(lines[bought.line.id]).toMatchObject({
      shipsFrom: "2020-01-01",
      shipsBy: shanghai(placedAt, 5),
      cancellable: false,
    });
    const beforeShipBy = new Date(placedAt.getTime() + 5 * DAY);
    expect(
      await cancelLatePresaleLine({ caller: customer, orderLineId: bought.line.id, now: beforeShipBy }),
    ).toEqual({
      ok: false,
      code: "not_late",
    });
    // Another shopper, with the real id: as if it did not exist.
    expect(await cancelLatePresaleLine({ caller: customer2, orderLineId: bought.line.id })).toEqual({
      ok: false,
      code: "not_found",
    });
    expect((await presaleLinesOf({ orderLineIds: [bought.line.id] }))[bought.line.id].cancellable).toBe(true);
    const both = await Promise.all([
      cancelLatePresaleLine({ caller: customer, orderLineId: bought.line.id }),
      cancelLatePresaleLine({ caller: customer, orderLineId: bought.line.id }),
    ]);
    expect(both.every((r) => r.ok)).toBe(true);
    const refunds = await db.select().from(s.refunds).where(eq(s.refunds.orderId, bought.orderId));
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ amountFen: bought.line.lineTotalFen, status: "succeeded" });
    expect(both.reduce((a, r) => a + (r.ok ? r.amountFen : 0), 0)).toBe(bought.line.lineTotalFen);
    const [line] = await db.select().from(s.orderLines).where(eq(s.orderLines.id, bought.line.id));
    expect(line).toMatchObject({ refundedFen: line.lineTotalFen, refundedQuantity: 3 });
    const [order] = await db.select().from(s.orders).where(eq(s.orders.id, bought.orderId));
    expect(order.refundedFen).toBe(bought.line.lineTotalFen);
    // The ledger nets to zero for that line.
    const net = (await ledger()).reduce((a, r) => a + Number(r.sum), 0);
    expect(net).toBe(0);
    expect((await presaleLinesOf({ orderLineIds: [bought.line.id] }))[bought.line.id]).toMatchObject({
      cancellable: false,
    });
    expect(
      (await presaleLinesOf({ orderLineIds: [bought.line.id] }))[bought.line.id].cancelledAt,
    ).not.toBeNull();
    // A third click changes nothing.
    expect(await cancelLatePresaleLine({ caller: customer, orderLineId: bought.line.id })).toMatchObject({
      ok: true,
      amountFen: 0,
    });
    expect(await db.select().from(s.refunds).where(eq(s.refunds.orderId, bought.orderId))).toHaveLength(1);
  });

  it("a shipped pre-sale line cannot be cancelled; an ordinary line is no pre-sale", async () => {
    const v = await variantOf(staff.supplierId!, 100, 4);
    const placedAt = new Date(Date.now() - 20 * DAY);
    await setPresale({
      caller: staff,
      now: placedAt,
      input: { variantId: v.id, cap: 50, shipsFrom: shanghai(placedAt, 1), shipsBy: shanghai(placedAt, 2) },
    });
    const bought = await buyAsUser(customer2.id, v.id, 1, placedAt);
    await shipAndDeliver(staff, bought.line.partId);
    expect(await cancelLatePresaleLine({ caller: customer2, orderLineId: bought.line.id })).toEqual({
      ok: false,
      code: "already_shipped",
    });
    const plain = await variantOf(staff.supplierId!, 100, 5);
    const ordinary = await buyAsUser(customer2.id, plain.id, 1);
    expect(await presaleLinesOf({ orderLineIds: [ordinary.line.id] })).toEqual({});
    expect(await cancelLatePresaleLine({ caller: customer2, orderLineId: ordinary.line.id })).toEqual({
      ok: false,
      code: "not_found",
    });
    const rows = await db
      .select()
      .from(s.presaleOrderLines)
      .where(and(eq(s.presaleOrderLines.orderLineId, ordinary.line.id)));
    expect(rows).toEqual([]);
  });
});

describe("a full payment that arrives after the order was released", () => {
  it("takes the pre-sale's place again only while the cap has room; else it is refunded", async () => {
    const v = await variantOf(staff.supplierId!, 100, 6);
    expect(
      await setPresale({
        caller: staff,
        input: { variantId: v.id, cap: 3, shipsFrom: "2099-09-01", shipsBy: "2099-09-10" },
      }),
    ).toEqual({ ok: true });
    const ordered = async () =>
      (await listSupplierPresales({ caller: staff })).find((r) => r.variantId === v.id)?.ordered;
    const stock = async () =>
      (await db.select().from(s.productVariants).where(eq(s.productVariants.id, v.id)))[0].stock;
    /** The user orders `quantity`, does not pay in time, the sweep releases the order. */
    const lapsedOrder = async (userId: string, quantity: number) => {
      const placedAt = new Date(Date.now() - 2 * DAY);
      await addToCart({ owner: { userId }, variantId: v.id, quantity });
      const placed = await placeOrder({ owner: { userId }, shipping: shippingAddress(), now: placedAt });
      if (!placed.ok) throw new Error(JSON.stringify(placed));
      expect(await releaseExpiredOrders({ now: new Date(placedAt.getTime() + DAY) })).toBeGreaterThanOrEqual(
        1,
      );
      const paymentId = placed.paymentUrl.split("/").pop()!;
      const payLate = () =>
        completePayment({
          provider: "demo",
          providerEventId: `demo:${paymentId}:late`,
          paymentId,
          outcome: "succeeded",
        });
      return { placed, payLate };
    };

    // 2 of 3 ordered, then released: the cap and the stock are free again.
    const first = await lapsedOrder(customer.id, 2);
    expect(await ordered()).toBe(0);
    // Meanwhile another shopper buys 2: one place is left.
    await buyAsUser(customer2.id, v.id, 2);
    expect(await ordered()).toBe(2);
    // The first order's payment arrives late: its 2 units no longer fit under the cap of 3.
    const late = await first.payLate();
    expect(late).toMatchObject({ orderStatus: "cancelled", paymentStatus: "succeeded", firstDelivery: true });
    expect(late?.autoRefundId).toBeTruthy();
    const [order] = await db.select().from(s.orders).where(eq(s.orders.id, first.placed.orderId));
    expect(order).toMatchObject({ status: "cancelled", paidAt: null });
    const refunds = await db.select().from(s.refunds).where(eq(s.refunds.orderId, order.id));
    expect(refunds).toMatchObject([
      { amountFen: order.totalFen, reason: "paid_after_cancellation", status: "succeeded" },
    ]);
    expect(await ordered()).toBe(2);
    expect(await stock()).toBe(98);

    // With room under the cap, a late payment still pays its order (stock and place taken again).
    const second = await lapsedOrder(customer.id, 1);
    expect(await second.payLate()).toMatchObject({ orderStatus: "paid" });
    expect(await ordered()).toBe(3);
    expect(await stock()).toBe(97);
    await endPresale({ caller: staff, variantId: v.id });
  });
});

/** The Asia/Shanghai date `days` after `at`. */
function shanghai(at: Date, days: number): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(
    new Date(at.getTime() + days * DAY),
  );
}
