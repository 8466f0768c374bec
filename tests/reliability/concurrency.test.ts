// Concurrency: races that must not oversell, double charge, double count or lose an order. Only
// the real PostgreSQL shows true parallelism (PGlite is one connection and serialises them), so
// `npm run test:reliability` runs this on PostgreSQL; CI runs it on both engines.
import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { addToCart, getCartView, setCartLineQuantity } from "~/models/ordering/cart.server";
import { placeOrder, releaseExpiredOrders } from "~/models/ordering/checkout.server";
import { verifyRollups } from "~/models/impact/attribution.server";
import { decideLinkage } from "~/models/impact/linkages.server";
import { completePayment, refundOrderLines } from "~/models/ordering/payments.server";
import { getUserById } from "~/models/access/users.server";
import { DEMO_ACCOUNTS } from "../../db/fixtures/accounts";
import { seedDatabase } from "../../db/seed";
import { recordFigure } from "./figures";
import { shippingAddress } from "../support/factories";

const shipping = shippingAddress({ contactMobile: "13912345678" });
const BUYERS = Number(process.env.RELIABILITY_BUYERS ?? 200);
const STOCK = 50;

let variantId: string;

async function newGuestCart(quantity = 1): Promise<string> {
  const result = await addToCart({ owner: {}, variantId, quantity });
  if (!result.ok) throw new Error(`cart: ${result.code}`);
  return result.cartId;
}

async function stock(): Promise<number> {
  return (
    await db
      .select({ stock: s.productVariants.stock })
      .from(s.productVariants)
      .where(eq(s.productVariants.id, variantId))
  )[0].stock;
}

async function paidOrder(quantity: number) {
  await db
    .update(s.productVariants)
    .set({ stock: sql`${s.productVariants.stock} + ${quantity}` })
    .where(eq(s.productVariants.id, variantId));
  const placed = await placeOrder({ owner: { cartId: await newGuestCart(quantity) }, shipping });
  if (!placed.ok) throw new Error(placed.code);
  const paymentId = placed.paymentUrl.split("/").pop()!;
  await completePayment({
    provider: "demo",
    providerEventId: `demo:${paymentId}:pay`,
    paymentId,
    outcome: "succeeded",
  });
  const [order] = await db.select().from(s.orders).where(eq(s.orders.orderNumber, placed.orderNumber));
  const [line] = await db.select().from(s.orderLines).where(eq(s.orderLines.orderId, order.id));
  return { order, line };
}

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 60 });
  const [variant] = await db
    .select({ id: s.productVariants.id })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .where(eq(s.products.status, "active"))
    .limit(1);
  variantId = variant.id;
});

describe("concurrency", () => {
  it(`${BUYERS} parallel checkouts for a variant with stock ${STOCK}: exactly ${STOCK} orders, stock 0, never negative`, async () => {
    await db.update(s.productVariants).set({ stock: BUYERS }).where(eq(s.productVariants.id, variantId));
    const carts: string[] = [];
    for (let i = 0; i < BUYERS; i++) carts.push(await newGuestCart());
    await db.update(s.productVariants).set({ stock: STOCK }).where(eq(s.productVariants.id, variantId));
    const ordersBefore = (await db.select({ n: sql<number>`count(*)::int` }).from(s.orders))[0].n;

    const started = performance.now();
    const results = await Promise.all(carts.map((cartId) => placeOrder({ owner: { cartId }, shipping })));
    const seconds = (performance.now() - started) / 1000;

    const placed = results.filter((r) => r.ok);
    const refused = results.filter((r) => !r.ok);
    expect(placed).toHaveLength(STOCK);
    expect(refused.every((r) => !r.ok && ["stock_short", "cart_has_problems"].includes(r.code))).toBe(true);
    expect(await stock()).toBe(0);
    // Every acknowledged order exists, with its line, and no other order appeared.
    const numbers = placed.map((r) => (r.ok ? r.orderNumber : ""));
    const rows = await db
      .select({ id: s.orders.id })
      .from(s.orders)
      .where(inArray(s.orders.orderNumber, numbers));
    expect(rows).toHaveLength(STOCK);
    expect((await db.select({ n: sql<number>`count(*)::int` }).from(s.orders))[0].n).toBe(
      ordersBefore + STOCK,
    );
    const lineCount = (
      await db
        .select({ n: sql<number>`count(*)::int` })
        .from(s.orderLines)
        .where(
          inArray(
            s.orderLines.orderId,
            rows.map((r) => r.id),
          ),
        )
    )[0].n;
    expect(lineCount).toBe(STOCK);
    recordFigure("concurrency", `parallel checkouts (stock ${STOCK})`, BUYERS);
    recordFigure("concurrency", "checkouts per second under contention", BUYERS / seconds);
    recordFigure("concurrency", "oversold units", Math.max(0, placed.length - STOCK));
  });

  it("parallel payments of one buyer's orders for the same households: every rollup in step, the buyer counted once a year", async () => {
    // A product whose supplier has a linkage in force (its households get a share of every sale).
    const [linked] = await db
      .select({ id: s.productVariants.id })
      .from(s.productVariants)
      .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
      .innerJoin(
        s.linkages,
        and(eq(s.linkages.supplierId, s.products.supplierId), eq(s.linkages.status, "approved")),
      )
      .where(eq(s.products.status, "active"))
      .limit(1);
    await db.update(s.productVariants).set({ stock: 1000 }).where(eq(s.productVariants.id, linked.id));
    const buyer = { ...shipping, contactMobile: "13955550001" };
    const payments: string[] = [];
    for (let i = 0; i < 12; i++) {
      const cart = await addToCart({ owner: {}, variantId: linked.id, quantity: 1 + (i % 3) });
      if (!cart.ok) throw new Error(cart.code);
      const placed = await placeOrder({ owner: { cartId: cart.cartId }, shipping: buyer });
      if (!placed.ok) throw new Error(placed.code);
      payments.push(placed.paymentUrl.split("/").pop()!);
    }
    const countsBefore = await db.select().from(s.statsBuyerCounts);
    await Promise.all(
      payments.map((paymentId) =>
        completePayment({
          provider: "demo",
          providerEventId: `demo:${paymentId}:pay`,
          paymentId,
          outcome: "succeeded",
        }),
      ),
    );
    expect(await verifyRollups()).toEqual([]);
    // One new buyer: +1 in its town and +1 in the district, once, however many payments raced.
    const total = (rows: (typeof s.statsBuyerCounts.$inferSelect)[]) =>
      rows.reduce((n, r) => n + r.buyers, 0);
    expect(total(await db.select().from(s.statsBuyerCounts)) - total(countsBefore)).toBe(2);
  });

  it("parallel edits of one cart leave one consistent line", async () => {
    await db.update(s.productVariants).set({ stock: 500 }).where(eq(s.productVariants.id, variantId));
    const cartId = await newGuestCart(1);
    const adds = await Promise.all(
      Array.from({ length: 30 }, () => addToCart({ owner: { cartId }, variantId, quantity: 1 })),
    );
    expect(adds.every((r) => r.ok)).toBe(true);
    const linesOf = (view: Awaited<ReturnType<typeof getCartView>>) => view.groups.flatMap((g) => g.lines);
    let view = await getCartView({ cartId });
    expect(linesOf(view)).toHaveLength(1);
    expect(view.quantity).toBe(31); // 1 + 30: no add lost
    const quantities = Array.from({ length: 20 }, (_, i) => i + 1);
    await Promise.all(
      quantities.map((quantity) => setCartLineQuantity({ owner: { cartId }, variantId, quantity })),
    );
    view = await getCartView({ cartId });
    expect(linesOf(view)).toHaveLength(1);
    expect(quantities).toContain(view.quantity); // the last write wins, whole
    recordFigure("concurrency", "parallel edits of one cart", 50);
  });

  it("parallel refunds of one line never refund more than was paid", async () => {
    const { order, line } = await paidOrder(4);
    const quarter = Math.floor(line.lineTotalFen / 4);
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        refundOrderLines({ orderId: order.id, lines: [{ orderLineId: line.id, amountFen: quarter }] }),
      ),
    );
    const succeeded = results.filter((r) => r.ok);
    expect(succeeded).toHaveLength(4);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.code === "beyond_paid")).toBe(true);
    const [after] = await db.select().from(s.orderLines).where(eq(s.orderLines.id, line.id));
    expect(after.refundedFen).toBe(quarter * 4);
    expect(after.refundedFen).toBeLessThanOrEqual(line.lineTotalFen);
    const refunded = await db
      .select({ total: sql<number>`coalesce(sum(${s.refunds.amountFen}), 0)::int` })
      .from(s.refunds)
      .where(eq(s.refunds.orderId, order.id));
    expect(refunded[0].total).toBe(quarter * 4);
    recordFigure("concurrency", "parallel refunds of one line", 12);
    recordFigure(
      "concurrency",
      "fen refunded beyond what was paid",
      Math.max(0, after.refundedFen - line.lineTotalFen),
    );
  });

  it("a payment completion racing the expiry sweep: paid with its stock, or cancelled with its stock back — never both, never lost", async () => {
    const ROUNDS = 15;
    await db.update(s.productVariants).set({ stock: ROUNDS }).where(eq(s.productVariants.id, variantId));
    const placedOrders = [];
    for (let i = 0; i < ROUNDS; i++) {
      const placed = await placeOrder({ owner: { cartId: await newGuestCart() }, shipping });
      if (!placed.ok) throw new Error(placed.code);
      placedOrders.push(placed);
    }
    // Every order's deadline has passed; each payment arrives while the sweep runs.
    await db
      .update(s.orders)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(
        inArray(
          s.orders.orderNumber,
          placedOrders.map((p) => p.orderNumber),
        ),
      );
    await Promise.all([
      releaseExpiredOrders(),
      ...placedOrders.map((p) => {
        const paymentId = p.paymentUrl.split("/").pop()!;
        return completePayment({
          provider: "demo",
          providerEventId: `demo:${paymentId}:pay`,
          paymentId,
          outcome: "succeeded",
        });
      }),
      releaseExpiredOrders(),
    ]);
    const orders = await db
      .select()
      .from(s.orders)
      .where(
        inArray(
          s.orders.orderNumber,
          placedOrders.map((p) => p.orderNumber),
        ),
      );
    expect(orders).toHaveLength(ROUNDS);
    const paid = orders.filter((o) => o.status === "paid");
    const cancelled = orders.filter((o) => o.status === "cancelled");
    expect(paid.length + cancelled.length).toBe(ROUNDS);
    // Stock: each paid order holds one unit; each cancelled one gave it back.
    expect(await stock()).toBe(ROUNDS - paid.length);
    // A cancelled order that was paid anyway was refunded in full (the expiry rule); a paid one has its ledger.
    for (const order of cancelled) {
      const succeeded = await db
        .select()
        .from(s.payments)
        .where(and(eq(s.payments.orderId, order.id), eq(s.payments.status, "succeeded")));
      if (succeeded.length > 0) {
        const refunded = await db
          .select({ total: sql<number>`coalesce(sum(${s.refunds.amountFen}), 0)::int` })
          .from(s.refunds)
          .where(eq(s.refunds.orderId, order.id));
        expect(refunded[0].total).toBe(order.totalFen);
      }
    }
    // The ledger counts only what was kept: a cancelled order nets to zero income.
    if (cancelled.length > 0) {
      const [net] = await db
        .select({ total: sql<number>`coalesce(sum(${s.attributionEntries.amountFen}), 0)::int` })
        .from(s.attributionEntries)
        .where(
          inArray(
            s.attributionEntries.orderId,
            cancelled.map((o) => o.id),
          ),
        );
      expect(net.total).toBe(0);
    }
    recordFigure("concurrency", "payments racing the expiry sweep", ROUNDS);
    recordFigure("concurrency", "orders lost in the race", ROUNDS - orders.length);
  });

  it("a payment that arrives after the sweep cancelled its order, with the stock gone: the order stays cancelled and is refunded in full", async () => {
    await db.update(s.productVariants).set({ stock: 1 }).where(eq(s.productVariants.id, variantId));
    const placed = await placeOrder({ owner: { cartId: await newGuestCart() }, shipping });
    if (!placed.ok) throw new Error(placed.code);
    await db
      .update(s.orders)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(s.orders.orderNumber, placed.orderNumber));
    expect(await releaseExpiredOrders()).toBeGreaterThanOrEqual(1);
    await db.update(s.productVariants).set({ stock: 0 }).where(eq(s.productVariants.id, variantId)); // sold to someone else meanwhile
    const paymentId = placed.paymentUrl.split("/").pop()!;
    await completePayment({
      provider: "demo",
      providerEventId: `demo:${paymentId}:pay`,
      paymentId,
      outcome: "succeeded",
    });
    const [order] = await db.select().from(s.orders).where(eq(s.orders.orderNumber, placed.orderNumber));
    expect(order.status).toBe("cancelled");
    const [refunded] = await db
      .select({ total: sql<number>`coalesce(sum(${s.refunds.amountFen}), 0)::int` })
      .from(s.refunds)
      .where(eq(s.refunds.orderId, order.id));
    expect(refunded.total).toBe(order.totalFen);
    expect(await stock()).toBe(0);
  });

  it("two officials deciding the same linkage at once: exactly one decision lands", async () => {
    const officials = await Promise.all(
      ["districtOfficial", "admin"].map(async (key) => {
        const mobile = DEMO_ACCOUNTS.find((a) => a.key === key)!.mobile;
        const [u] = await db.select({ id: s.users.id }).from(s.users).where(eq(s.users.mobile, mobile));
        return (await getUserById(u.id))!;
      }),
    );
    const proposed = await db
      .select({ id: s.linkages.id })
      .from(s.linkages)
      .where(eq(s.linkages.status, "proposed"))
      .limit(5);
    expect(proposed.length).toBeGreaterThan(0);
    for (const { id } of proposed) {
      const results = await Promise.all([
        decideLinkage({ caller: officials[0], id, decision: "approve" }),
        decideLinkage({ caller: officials[1], id, decision: "reject", reason: "证据不足" }),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, code: "already_decided" });
      const events = await db
        .select()
        .from(s.linkageEvents)
        .where(
          and(eq(s.linkageEvents.linkageId, id), inArray(s.linkageEvents.action, ["approved", "rejected"])),
        );
      expect(events).toHaveLength(1);
    }
    recordFigure("concurrency", "racing decisions on one linkage", proposed.length * 2);
  });
});
