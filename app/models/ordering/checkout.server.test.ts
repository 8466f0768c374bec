// Cart → order → payment on the real engine of the run (PGlite, or PostgreSQL in CI).
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { seedDatabase } from "../../../db/seed";
import {
  addToCart,
  getCartView,
  mergeGuestCartIntoUserCart,
  removeCartLine,
  setCartLineQuantity,
} from "./cart.server";
import { placeOrder, releaseExpiredOrders } from "./checkout.server";
import { completePayment, getDemoPayment, retryPayment } from "./payments.server";
import { shippingFeeFen } from "./pricing";
import { shippingAddress } from "../../../tests/support/factories";

const shipping = shippingAddress();

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 200 });
});

/** Two in-stock variants of two different suppliers. */
async function variantsOfTwoSuppliers() {
  const rows = await db
    .select({
      id: s.productVariants.id,
      stock: s.productVariants.stock,
      priceFen: s.productVariants.priceFen,
      supplierId: s.products.supplierId,
      productId: s.products.id,
    })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .where(eq(s.products.status, "active"))
    .orderBy(s.productVariants.sku);
  const first = rows.find((r) => r.stock >= 20)!;
  const second = rows.find((r) => r.stock >= 20 && r.supplierId !== first.supplierId)!;
  return [first, second];
}

async function guestCartWith(lines: { variantId: string; quantity: number }[]) {
  let cartId: string | undefined;
  for (const line of lines) {
    const result = await addToCart({ owner: { cartId }, ...line });
    if (!result.ok) throw new Error(result.code);
    cartId = result.cartId;
  }
  return cartId!;
}

async function stockOf(variantId: string) {
  const [row] = await db
    .select({ stock: s.productVariants.stock })
    .from(s.productVariants)
    .where(eq(s.productVariants.id, variantId));
  return row.stock;
}

describe("cart", () => {
  it("adds, merges quantities, updates and removes; refuses more than the stock", async () => {
    const [a] = await variantsOfTwoSuppliers();
    const cartId = await guestCartWith([{ variantId: a.id, quantity: 2 }]);
    expect(await addToCart({ owner: { cartId }, variantId: a.id, quantity: 3 })).toEqual({
      ok: true,
      cartId,
    });
    expect((await getCartView({ cartId })).quantity).toBe(5);
    expect(await addToCart({ owner: { cartId }, variantId: a.id, quantity: a.stock })).toMatchObject({
      ok: false,
      code: "stock_short",
      available: a.stock,
    });
    expect((await getCartView({ cartId })).quantity).toBe(5);
    expect(await setCartLineQuantity({ owner: { cartId }, variantId: a.id, quantity: 1 })).toMatchObject({
      ok: true,
    });
    expect((await getCartView({ cartId })).quantity).toBe(1);
    expect(await removeCartLine({ owner: { cartId }, variantId: a.id })).toMatchObject({ ok: true });
    expect((await getCartView({ cartId })).groups).toEqual([]);
  });

  it("refuses an unknown or withdrawn variant and changes nothing", async () => {
    const [a, b] = await variantsOfTwoSuppliers();
    const cartId = await guestCartWith([{ variantId: a.id, quantity: 1 }]);
    expect(
      await addToCart({ owner: { cartId }, variantId: "00000000-0000-4000-8000-000000000000", quantity: 1 }),
    ).toMatchObject({ code: "variant_not_found" });
    await db.update(s.products).set({ status: "withdrawn" }).where(eq(s.products.id, b.productId));
    try {
      expect(await addToCart({ owner: { cartId }, variantId: b.id, quantity: 1 })).toMatchObject({
        code: "withdrawn",
      });
    } finally {
      await db.update(s.products).set({ status: "active" }).where(eq(s.products.id, b.productId));
    }
    expect((await getCartView({ cartId })).quantity).toBe(1);
  });

  it("flags a line whose product was withdrawn after it was added, and blocks checkout", async () => {
    const [a, b] = await variantsOfTwoSuppliers();
    const cartId = await guestCartWith([
      { variantId: a.id, quantity: 1 },
      { variantId: b.id, quantity: 1 },
    ]);
    await db.update(s.products).set({ status: "withdrawn" }).where(eq(s.products.id, b.productId));
    try {
      const view = await getCartView({ cartId });
      expect(view.groups.flatMap((g) => g.lines).find((l) => l.variantId === b.id)?.problem).toBe(
        "withdrawn",
      );
      expect(view.canCheckout).toBe(false);
      expect(await placeOrder({ owner: { cartId }, shipping })).toEqual({
        ok: false,
        code: "cart_has_problems",
      });
    } finally {
      await db.update(s.products).set({ status: "active" }).where(eq(s.products.id, b.productId));
    }
  });

  it("merges a guest cart into the user's cart at login", async () => {
    const [a, b] = await variantsOfTwoSuppliers();
    const [user] = await db.select({ id: s.users.id }).from(s.users).where(eq(s.users.mobile, "13800000002"));
    await addToCart({ owner: { userId: user.id }, variantId: a.id, quantity: 1 });
    const guestCartId = await guestCartWith([
      { variantId: a.id, quantity: 2 },
      { variantId: b.id, quantity: 1 },
    ]);
    await mergeGuestCartIntoUserCart({ guestCartId, userId: user.id });
    const view = await getCartView({ userId: user.id });
    const qty = Object.fromEntries(view.groups.flatMap((g) => g.lines).map((l) => [l.variantId, l.quantity]));
    expect(qty).toEqual({ [a.id]: 3, [b.id]: 1 });
    expect((await getCartView({ cartId: guestCartId })).cartId).toBeUndefined();
  });
});

describe("placeOrder", () => {
  it("takes the stock, snapshots the lines, computes every amount and empties the cart", async () => {
    const [a, b] = await variantsOfTwoSuppliers();
    const [stockA, stockB] = [await stockOf(a.id), await stockOf(b.id)];
    const cartId = await guestCartWith([
      { variantId: a.id, quantity: 2 },
      { variantId: b.id, quantity: 1 },
    ]);
    const result = await placeOrder({
      owner: { cartId },
      shipping,
      now: new Date("2026-11-22T23:30:00+08:00"),
    });
    if (!result.ok) throw new Error(result.code);
    expect(result.orderNumber).toMatch(/^20261122-\d{6}$/);
    expect(result.paymentUrl).toMatch(/^\/pay\/demo\/[0-9a-f-]{36}$/);
    expect(await stockOf(a.id)).toBe(stockA - 2);
    expect(await stockOf(b.id)).toBe(stockB - 1);
    expect((await getCartView({ cartId })).quantity).toBe(0);

    const [order] = await db.select().from(s.orders).where(eq(s.orders.orderNumber, result.orderNumber));
    const parts = await db.select().from(s.orderParts).where(eq(s.orderParts.orderId, order.id));
    const suppliers = await db
      .select()
      .from(s.suppliers)
      .where(inArray(s.suppliers.id, [a.supplierId, b.supplierId]));
    const expectedShipping = suppliers
      .map((sup) => {
        const subtotal = sup.id === a.supplierId ? a.priceFen * 2 : b.priceFen;
        return shippingFeeFen({
          subtotalFen: subtotal,
          flatFen: sup.shippingFlatFen,
          freeThresholdFen: sup.freeShippingThresholdFen,
        });
      })
      .reduce((x, y) => x + y, 0);
    expect(parts).toHaveLength(2);
    expect(order.subtotalFen).toBe(a.priceFen * 2 + b.priceFen);
    expect(order.shippingFen).toBe(expectedShipping);
    expect(order.totalFen).toBe(order.subtotalFen + expectedShipping);
    expect(order.status).toBe("pending_payment");
    const lines = await db.select().from(s.orderLines).where(eq(s.orderLines.orderId, order.id));
    expect(lines.map((l) => l.lineTotalFen).sort()).toEqual([a.priceFen * 2, b.priceFen].sort());
    expect(lines.every((l) => l.productName.length > 0 && l.supplierName.length > 0)).toBe(true);
  });

  it("refuses when the stock fell below the cart's quantity after it was added, and changes nothing", async () => {
    const [a, b] = await variantsOfTwoSuppliers();
    const cartId = await guestCartWith([
      { variantId: a.id, quantity: 1 },
      { variantId: b.id, quantity: 3 },
    ]);
    const stockA = await stockOf(a.id);
    await db.update(s.productVariants).set({ stock: 2 }).where(eq(s.productVariants.id, b.id));
    const ordersBefore = (await db.select({ id: s.orders.id }).from(s.orders)).length;
    // Inside the order transaction the cart view sees the shortage before any stock is taken;
    // the decrement's own guard (a race between view and update) is exercised by the race test below.
    const view = await getCartView({ cartId });
    expect(view.canCheckout).toBe(false);
    expect(await placeOrder({ owner: { cartId }, shipping })).toEqual({
      ok: false,
      code: "cart_has_problems",
    });
    expect(await stockOf(a.id)).toBe(stockA);
    expect((await db.select({ id: s.orders.id }).from(s.orders)).length).toBe(ordersBefore);
    expect((await getCartView({ cartId })).quantity).toBe(4);
  });

  it("never oversells when many shoppers race for little stock", async () => {
    const [a] = await variantsOfTwoSuppliers();
    await db.update(s.productVariants).set({ stock: 5 }).where(eq(s.productVariants.id, a.id));
    const carts = [];
    for (let i = 0; i < 16; i++) carts.push(await guestCartWith([{ variantId: a.id, quantity: 1 }]));
    const results = await Promise.all(carts.map((cartId) => placeOrder({ owner: { cartId }, shipping })));
    const placed = results.filter((r) => r.ok);
    expect(placed).toHaveLength(5);
    expect(
      results
        .filter((r) => !r.ok)
        .every((r) => !r.ok && ["stock_short", "cart_has_problems"].includes(r.code)),
    ).toBe(true);
    expect(await stockOf(a.id)).toBe(0);
  });
});

describe("one cart, at most one pending order, however often checkout is submitted", () => {
  async function userWithCart(mobile: string, variantId: string) {
    const [user] = await db.select({ id: s.users.id }).from(s.users).where(eq(s.users.mobile, mobile));
    await db.delete(s.carts).where(eq(s.carts.userId, user.id)); // a fresh cart for this case
    const added = await addToCart({ owner: { userId: user.id }, variantId, quantity: 1 });
    if (!added.ok) throw new Error(added.code);
    return { userId: user.id };
  }
  const ordersOf = async (ids: string[]) =>
    ids.length ? db.select().from(s.orders).where(inArray(s.orders.id, ids)) : [];

  for (const who of ["guest", "signed-in"] as const) {
    it.each([2, 5])(
      `${who}: %i parallel submits place one order and all land on its payment page`,
      async (n) => {
        const [a] = await variantsOfTwoSuppliers();
        await db.update(s.productVariants).set({ stock: 50 }).where(eq(s.productVariants.id, a.id));
        const owner =
          who === "guest"
            ? { cartId: await guestCartWith([{ variantId: a.id, quantity: 1 }]) }
            : await userWithCart("13800000001", a.id);
        const results = await Promise.all(Array.from({ length: n }, () => placeOrder({ owner, shipping })));
        expect(results.every((r) => r.ok)).toBe(true);
        const placed = results.filter((r) => r.ok);
        expect(new Set(placed.map((r) => r.orderId)).size).toBe(1);
        expect(new Set(placed.map((r) => r.paymentUrl)).size).toBe(1);
        expect(placed[0].paymentUrl).toMatch(/^\/pay\/demo\//);
        expect(await stockOf(a.id)).toBe(49);
        expect((await ordersOf([placed[0].orderId])).map((o) => o.status)).toEqual(["pending_payment"]);
      },
    );
  }

  it("a later submit lands on the pending order; a new cart line makes a new order; an empty cart with nothing pending is empty", async () => {
    const [a, b] = await variantsOfTwoSuppliers();
    await db
      .update(s.productVariants)
      .set({ stock: 50 })
      .where(inArray(s.productVariants.id, [a.id, b.id]));
    const cartId = await guestCartWith([{ variantId: a.id, quantity: 2 }]);
    const first = await placeOrder({ owner: { cartId }, shipping });
    if (!first.ok) throw new Error(first.code);
    const again = await placeOrder({ owner: { cartId }, shipping });
    expect(again).toMatchObject({
      ok: true,
      orderId: first.orderId,
      orderNumber: first.orderNumber,
      paymentUrl: first.paymentUrl,
    });
    expect(await stockOf(a.id)).toBe(48);

    // New goods in the same cart are a new purchase, not a second submit of the first one.
    await addToCart({ owner: { cartId }, variantId: b.id, quantity: 1 });
    const second = await placeOrder({ owner: { cartId }, shipping });
    if (!second.ok) throw new Error(second.code);
    expect(second.orderId).not.toBe(first.orderId);
    expect(await placeOrder({ owner: { cartId }, shipping })).toMatchObject({
      ok: true,
      orderId: second.orderId,
    });

    // Once nothing from this cart waits for payment, an empty cart is just empty.
    await releaseExpiredOrders({ now: new Date(Date.now() + 31 * 60_000) });
    expect(await placeOrder({ owner: { cartId }, shipping })).toEqual({ ok: false, code: "cart_empty" });
  });
});

describe("completePayment", () => {
  async function placedOrder() {
    const [a] = await variantsOfTwoSuppliers();
    await db.update(s.productVariants).set({ stock: 50 }).where(eq(s.productVariants.id, a.id));
    const cartId = await guestCartWith([{ variantId: a.id, quantity: 1 }]);
    const result = await placeOrder({ owner: { cartId }, shipping });
    if (!result.ok) throw new Error(result.code);
    const paymentId = result.paymentUrl.split("/").pop()!;
    return { ...result, paymentId, variantId: a.id };
  }

  it("marks the order paid once, however often the event arrives", async () => {
    const { orderNumber, paymentId } = await placedOrder();
    const event = {
      provider: "demo" as const,
      providerEventId: `demo:${paymentId}:pay`,
      paymentId,
      outcome: "succeeded" as const,
    };
    const [first, second] = await Promise.all([completePayment(event), completePayment(event)]);
    expect([first?.firstDelivery, second?.firstDelivery].sort()).toEqual([false, true]);
    const third = await completePayment({ ...event, providerEventId: "another-delivery-id" });
    expect(third).toMatchObject({ orderStatus: "paid", paymentStatus: "succeeded" });
    const [order] = await db.select().from(s.orders).where(eq(s.orders.orderNumber, orderNumber));
    expect(order.status).toBe("paid");
    expect(order.paidAt).not.toBeNull();
    const events = await db.select().from(s.paymentEvents).where(eq(s.paymentEvents.paymentId, paymentId));
    expect(events).toHaveLength(2);
  });

  it("records a failure without paying; an expired order gets its stock back, and a late payment restores it while stock allows", async () => {
    const { orderNumber, paymentId, variantId } = await placedOrder();
    expect(
      await completePayment({
        provider: "demo",
        providerEventId: `demo:${paymentId}:fail`,
        paymentId,
        outcome: "failed",
      }),
    ).toMatchObject({
      orderStatus: "pending_payment",
      paymentStatus: "failed",
    });
    const stockBefore = await stockOf(variantId);
    const released = await releaseExpiredOrders({ now: new Date(Date.now() + 31 * 60_000) });
    expect(released).toBeGreaterThanOrEqual(1);
    expect(await stockOf(variantId)).toBe(stockBefore + 1);
    const [order] = await db.select().from(s.orders).where(eq(s.orders.orderNumber, orderNumber));
    expect(order.status).toBe("cancelled");
    expect(await releaseExpiredOrders({ now: new Date(Date.now() + 31 * 60_000) })).toBe(0);
    // The expiry rule (docs/decisions/014): stock still there → the order is restored and paid.
    const late = await completePayment({
      provider: "demo",
      providerEventId: `demo:${paymentId}:pay`,
      paymentId,
      outcome: "succeeded",
    });
    expect(late).toMatchObject({ orderStatus: "paid", paymentStatus: "succeeded" });
    const [restored] = await db
      .select()
      .from(s.orders)
      .where(and(eq(s.orders.orderNumber, orderNumber)));
    expect(restored.status).toBe("paid");
    expect(await stockOf(variantId)).toBe(stockBefore);
  });
});

describe("payments are scoped to the order's viewer in the model", () => {
  it("a stranger can neither see a demo payment nor open a new attempt on someone else's order", async () => {
    const [a] = await variantsOfTwoSuppliers();
    await db.update(s.productVariants).set({ stock: 50 }).where(eq(s.productVariants.id, a.id));
    const cartId = await guestCartWith([{ variantId: a.id, quantity: 1 }]);
    const placed = await placeOrder({ owner: { cartId }, shipping });
    if (!placed.ok) throw new Error(placed.code);
    const paymentId = placed.paymentUrl.split("/").pop()!;
    const owner = { guestOrders: [placed.orderNumber] };
    const stranger = { guestOrders: ["20991231-000001"] };

    expect(await getDemoPayment({ paymentId, viewer: owner })).toMatchObject({
      orderNumber: placed.orderNumber,
      paymentStatus: "pending",
    });
    expect(await getDemoPayment({ paymentId, viewer: stranger })).toBeNull();

    const attempts = async () =>
      (await db.select().from(s.payments).where(eq(s.payments.orderId, placed.orderId))).length;
    const before = await attempts();
    expect(await retryPayment({ orderNumber: placed.orderNumber, viewer: stranger })).toBeNull();
    expect(await attempts()).toBe(before);
    expect(await retryPayment({ orderNumber: placed.orderNumber, viewer: owner })).toMatchObject({
      url: expect.stringMatching(/^\/pay\/demo\//),
    });
    expect(await attempts()).toBe(before + 1);
  });
});
