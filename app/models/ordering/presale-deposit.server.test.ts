// Pre-sale with a deposit (定金 + 尾款, decisions 114–115): the deposit is paid at checkout and
// attributes nothing; the balance, paid in its window through the same payment port, makes the
// order a sale — ledger and 已售 on the full amount, once; an unpaid balance lapses (stock and cap
// given back, deposit kept); a supplier who misses ships-by refunds everything paid.
import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import type { User } from "~/models/access/users.server";
import { seedDatabase } from "../../../db/seed";
import { buyAsUser, demoUser, variantOf } from "../../../tests/support/shopper";
import { shippingAddress } from "../../../tests/support/factories";
import {
  at,
  buyDeposit,
  day,
  depositPresale as presaleOf,
  payBalance,
  t0,
} from "../../../tests/support/presale";
import { endPresale, presaleOffersOf, setPresale } from "../catalog/presales.server";
import { addToCart } from "./cart.server";
import { placeOrder } from "./checkout.server";
import { completePayment, getDemoPayment } from "./payments.server";
import {
  announceOpenBalances,
  cancelLatePresaleLine,
  lapseUnpaidBalances,
  payPresaleBalance,
  presaleBalanceOf,
} from "./presale-orders.server";
import { getOrderForViewer } from "./orders.server";
import { formatFen } from "~/lib/money";
import { renderMessage } from "../notifications/render";

let customer: User, customer2: User, staff: User;

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 200 });
  [customer, customer2, staff] = await Promise.all(["customer", "customer2", "supplierStaff"].map(demoUser));
});

const depositPresale = (skip: number, options?: Parameters<typeof presaleOf>[2]) =>
  presaleOf(staff, skip, options);

const ledgerOf = (orderLineId: string) =>
  db
    .select({ linkageId: s.attributionEntries.linkageId, amountFen: s.attributionEntries.amountFen })
    .from(s.attributionEntries)
    .where(eq(s.attributionEntries.orderLineId, orderLineId));

const byLinkage = (rows: { linkageId: string; amountFen: number }[]) => {
  const m = new Map<string, number>();
  for (const r of rows) m.set(r.linkageId, (m.get(r.linkageId) ?? 0) + r.amountFen);
  return Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)));
};

const salesCount = async (productId: string) =>
  (await db.select({ n: s.products.salesCount }).from(s.products).where(eq(s.products.id, productId)))[0].n;

describe("a supplier's deposit", () => {
  it("is above zero and below the price, with a balance window closing by ships-by", async () => {
    const v = await variantOf(staff.supplierId!, 50, 0);
    const input = {
      variantId: v.id,
      cap: 10,
      shipsFrom: "2099-07-01",
      shipsBy: "2099-07-20",
      depositFen: 100,
      balanceFrom: "2099-06-01",
      balanceUntil: "2099-06-10",
    };
    for (const depositFen of [0, -5, v.priceFen, v.priceFen + 1, NaN])
      expect(await setPresale({ caller: staff, input: { ...input, depositFen } })).toEqual({
        ok: false,
        code: "invalid_deposit",
      });
    for (const dates of [
      { balanceFrom: "2099-06-11", balanceUntil: "2099-06-10" },
      { balanceFrom: "2099-06-01", balanceUntil: "2099-07-21" },
      { balanceFrom: "", balanceUntil: "2099-06-10" },
      { balanceFrom: "2000-01-01", balanceUntil: "2000-01-02" },
    ])
      expect(await setPresale({ caller: staff, input: { ...input, ...dates } })).toEqual({
        ok: false,
        code: "invalid_balance_dates",
      });
    expect(await setPresale({ caller: staff, input })).toEqual({ ok: true });
    expect((await presaleOffersOf([v.id]))[v.id].deposit).toEqual({
      depositFen: 100,
      balanceFen: v.priceFen - 100,
      balanceFrom: "2099-06-01",
      balanceUntil: "2099-06-10",
    });
    // Saved again without a deposit: paid in full.
    expect(await setPresale({ caller: staff, input: { ...input, depositFen: null } })).toEqual({ ok: true });
    expect((await presaleOffersOf([v.id]))[v.id].deposit).toBeNull();
    await endPresale({ caller: staff, variantId: v.id });
  });
});

describe("a deposit pre-sale order", () => {
  it("100 simultaneous deposit checkouts against a cap of 30 place exactly 30, each paying the deposit", async () => {
    const v = await depositPresale(1, { cap: 30, stock: 1000 });
    const carts: string[] = [];
    for (let i = 0; i < 100; i++) {
      const added = await addToCart({ owner: {}, variantId: v.id, quantity: 1 });
      if (!added.ok) throw new Error(added.code);
      carts.push(added.cartId);
    }
    const results = await Promise.all(
      carts.map((cartId) => placeOrder({ owner: { cartId }, shipping: shippingAddress(), now: t0 })),
    );
    const placed = results.filter((r) => r.ok);
    expect(placed).toHaveLength(30);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.code === "stock_short")).toBe(true);
    const orderIds = placed.map((r) => (r.ok ? r.orderId : ""));
    const payments = await db.select().from(s.payments).where(inArray(s.payments.orderId, orderIds));
    expect(payments).toHaveLength(30);
    expect(payments.every((p) => p.purpose === "deposit" && p.amountFen === v.depositFen)).toBe(true);
    const [{ n }] = await db
      .select({ n: sql<number>`coalesce(sum(${s.orderLines.quantity}), 0)::int` })
      .from(s.presaleOrderLines)
      .innerJoin(s.orderLines, eq(s.orderLines.id, s.presaleOrderLines.orderLineId))
      .where(inArray(s.orderLines.orderId, orderIds));
    expect(Number(n)).toBe(30);
    await endPresale({ caller: staff, variantId: v.id });
  });

  it("is bought alone: with another item in the cart the checkout is refused, nothing taken", async () => {
    const v = await depositPresale(2);
    const other = await variantOf(staff.supplierId!, 100, 3);
    await addToCart({ owner: { userId: customer2.id }, variantId: v.id, quantity: 1 });
    await addToCart({ owner: { userId: customer2.id }, variantId: other.id, quantity: 1 });
    expect(
      await placeOrder({ owner: { userId: customer2.id }, shipping: shippingAddress(), now: t0 }),
    ).toEqual({ ok: false, code: "deposit_presale_alone" });
    const [row] = await db.select().from(s.productVariants).where(eq(s.productVariants.id, v.id));
    expect(row.stock).toBe(100);
    await db.delete(s.cartLines).where(inArray(s.cartLines.variantId, [v.id, other.id]));
    await endPresale({ caller: staff, variantId: v.id });
  });

  it("deposit paid: nothing in the ledger; balance paid (twice notified): the full-price attribution, once", async () => {
    const v = await depositPresale(4);
    const sales0 = await salesCount(v.productId);
    const bought = await buyDeposit(customer.id, v.id, 3);
    expect(bought.paid?.orderStatus).toBe("deposit_paid");
    expect(bought.order).toMatchObject({
      status: "deposit_paid",
      depositFen: v.depositFen * 3,
      paidAt: null,
    });
    expect(await ledgerOf(bought.line.id)).toEqual([]);
    expect(await salesCount(v.productId)).toBe(sales0);
    const parts = await db.select().from(s.orderParts).where(eq(s.orderParts.orderId, bought.order.id));
    expect(parts.every((p) => p.status === "deposit_paid")).toBe(true);

    // The order page: deposit, balance, window; the button only inside the window.
    const view = (now: Date) =>
      getOrderForViewer({ orderNumber: bought.order.orderNumber, viewer: { userId: customer.id } }).then(
        (order) => presaleBalanceOf({ order: order!, now }),
      );
    const balanceFen = bought.order.totalFen - v.depositFen * 3;
    expect(await view(at(1))).toMatchObject({
      depositFen: v.depositFen * 3,
      balanceFen,
      balanceFrom: day(2),
      balanceUntil: day(4),
      payableNow: false,
      opensLater: true,
    });
    expect((await view(at(3)))?.payableNow).toBe(true);
    expect(
      await payPresaleBalance({
        orderNumber: bought.order.orderNumber,
        viewer: { userId: customer.id },
        now: at(1),
      }),
    ).toEqual({ ok: false, code: "not_open" });
    expect(
      await payPresaleBalance({
        orderNumber: bought.order.orderNumber,
        viewer: { userId: customer.id },
        now: at(5),
      }),
    ).toEqual({ ok: false, code: "closed" });

    const { opened, result } = await payBalance(customer.id, bought.order.orderNumber, at(3));
    expect(result).toMatchObject({ orderStatus: "paid", firstDelivery: true });
    const [balancePayment] = await db.select().from(s.payments).where(eq(s.payments.id, opened.paymentId));
    expect(balancePayment).toMatchObject({ purpose: "balance", amountFen: balanceFen, status: "succeeded" });
    // The same notification again, and another event for the same payment: paid once.
    expect(
      await completePayment({
        provider: "demo",
        providerEventId: `demo:${opened.paymentId}:pay`,
        paymentId: opened.paymentId,
        outcome: "succeeded",
        now: at(3),
      }),
    ).toMatchObject({ firstDelivery: false });
    await completePayment({
      provider: "demo",
      providerEventId: `demo:${opened.paymentId}:again`,
      paymentId: opened.paymentId,
      outcome: "succeeded",
      now: at(3),
    });
    const ledger = await ledgerOf(bought.line.id);
    expect(ledger.length).toBeGreaterThan(0);
    expect(await salesCount(v.productId)).toBe(sales0 + 3);
    const [order] = await db.select().from(s.orders).where(eq(s.orders.id, bought.order.id));
    expect(order.status).toBe("paid");
    expect(order.paidAt?.getTime()).toBe(at(3).getTime());
    // Exactly the attribution of the same 3 units bought at full price with no pre-sale.
    await endPresale({ caller: staff, variantId: v.id });
    const plain = await buyAsUser(customer2.id, v.id, 3, at(3));
    expect(plain.line.lineTotalFen).toBe(bought.line.lineTotalFen);
    expect(byLinkage(ledger)).toEqual(byLinkage(await ledgerOf(plain.line.id)));
    const pool = Math.floor((bought.line.lineTotalFen * bought.line.benefitRateBp) / 10000);
    expect(ledger.reduce((a, e) => a + e.amountFen, 0)).toBe(pool);
  });

  it("an unpaid balance lapses: order cancelled, stock and cap given back, deposit kept, no ledger", async () => {
    const v = await depositPresale(5, { cap: 2, stock: 10 });
    const bought = await buyDeposit(customer.id, v.id, 2);
    // The cap is full meanwhile.
    await addToCart({ owner: { userId: customer2.id }, variantId: v.id, quantity: 1 });
    expect(
      await placeOrder({ owner: { userId: customer2.id }, shipping: shippingAddress(), now: at(1) }),
    ).toMatchObject({
      ok: false,
      code: "stock_short",
    });
    // A balance attempt opened in the window but never paid.
    const opened = await payPresaleBalance({
      orderNumber: bought.order.orderNumber,
      viewer: { userId: customer.id },
      now: at(4),
    });
    expect(opened.ok).toBe(true);
    expect(await lapseUnpaidBalances({ now: at(4) })).toBe(0); // the last day of the window still counts
    expect(await lapseUnpaidBalances({ now: at(5) })).toBeGreaterThanOrEqual(1);
    expect(await lapseUnpaidBalances({ now: at(5) })).toBe(0);
    const [order] = await db.select().from(s.orders).where(eq(s.orders.id, bought.order.id));
    expect(order).toMatchObject({ status: "cancelled", cancelReason: "balance_unpaid", refundedFen: 0 });
    const [variant] = await db.select().from(s.productVariants).where(eq(s.productVariants.id, v.id));
    expect(variant.stock).toBe(10);
    const payments = await db.select().from(s.payments).where(eq(s.payments.orderId, order.id));
    expect(payments.find((p) => p.purpose === "deposit")).toMatchObject({
      status: "succeeded",
      amountFen: v.depositFen * 2,
    });
    expect(payments.find((p) => p.purpose === "balance")?.status).toBe("expired");
    expect(await db.select().from(s.refunds).where(eq(s.refunds.orderId, order.id))).toEqual([]);
    expect(await ledgerOf(bought.line.id)).toEqual([]);
    // A balance that arrives anyway is money the order cannot take: refunded automatically.
    const late = await completePayment({
      provider: "demo",
      providerEventId: `demo:${opened.ok ? opened.paymentId : ""}:late`,
      paymentId: opened.ok ? opened.paymentId : "",
      outcome: "succeeded",
      now: at(5),
    });
    expect(late?.autoRefundId).toBeTruthy();
    expect(await ledgerOf(bought.line.id)).toEqual([]);
    // The cap is free again.
    expect(
      await placeOrder({ owner: { userId: customer2.id }, shipping: shippingAddress(), now: at(5) }),
    ).toMatchObject({ ok: true });
    await endPresale({ caller: staff, variantId: v.id });
  });

  it("the supplier misses ships-by: the buyer gets back everything paid, once, and the ledger nets to zero", async () => {
    const v = await depositPresale(6);
    // A shipping fee on the order, so "everything paid" includes it.
    await db
      .update(s.suppliers)
      .set({ freeShippingThresholdFen: null, shippingFlatFen: 1000 })
      .where(eq(s.suppliers.id, staff.supplierId!));
    const bought = await buyDeposit(customer.id, v.id, 2);
    expect(bought.order.shippingFen).toBe(1000);
    await payBalance(customer.id, bought.order.orderNumber, at(3));
    expect(byLinkage(await ledgerOf(bought.line.id))).not.toEqual({});
    expect(
      await cancelLatePresaleLine({ caller: customer, orderLineId: bought.line.id, now: at(6) }),
    ).toEqual({
      ok: false,
      code: "not_late",
    });
    const both = await Promise.all([
      cancelLatePresaleLine({ caller: customer, orderLineId: bought.line.id }),
      cancelLatePresaleLine({ caller: customer, orderLineId: bought.line.id }),
    ]);
    expect(both.every((r) => r.ok)).toBe(true);
    expect(both.reduce((a, r) => a + (r.ok ? r.amountFen : 0), 0)).toBe(bought.order.totalFen);
    const refunds = await db.select().from(s.refunds).where(eq(s.refunds.orderId, bought.order.id));
    // One refund per payment: the balance (with the shipping) and the deposit.
    expect(refunds.reduce((a, r) => a + r.amountFen, 0)).toBe(bought.order.totalFen);
    expect(refunds.reduce((a, r) => a + r.shippingFen, 0)).toBe(bought.order.shippingFen);
    const payments = await db
      .select()
      .from(s.payments)
      .where(and(eq(s.payments.orderId, bought.order.id), eq(s.payments.status, "succeeded")));
    for (const p of payments)
      expect(refunds.filter((r) => r.paymentId === p.id).reduce((a, r) => a + r.amountFen, 0)).toBe(
        p.amountFen,
      );
    const [order] = await db.select().from(s.orders).where(eq(s.orders.id, bought.order.id));
    expect(order.refundedFen).toBe(order.totalFen);
    const net = (await ledgerOf(bought.line.id)).reduce((a, e) => a + e.amountFen, 0);
    expect(net).toBe(0);
    expect(Object.values(byLinkage(await ledgerOf(bought.line.id))).every((x) => x === 0)).toBe(true);
    expect(await cancelLatePresaleLine({ caller: customer, orderLineId: bought.line.id })).toMatchObject({
      ok: true,
      amountFen: 0,
    });
    await endPresale({ caller: staff, variantId: v.id });
  });

  it("another shopper can neither see nor pay someone's balance (real ids)", async () => {
    const v = await depositPresale(7);
    const bought = await buyDeposit(customer.id, v.id, 1);
    const stranger = { userId: customer2.id };
    expect(
      await payPresaleBalance({ orderNumber: bought.order.orderNumber, viewer: stranger, now: at(3) }),
    ).toEqual({
      ok: false,
      code: "not_found",
    });
    expect(
      await payPresaleBalance({ orderNumber: bought.order.orderNumber, viewer: {}, now: at(3) }),
    ).toEqual({
      ok: false,
      code: "not_found",
    });
    expect(await getOrderForViewer({ orderNumber: bought.order.orderNumber, viewer: stranger })).toBeNull();
    const opened = await payPresaleBalance({
      orderNumber: bought.order.orderNumber,
      viewer: { userId: customer.id },
      now: at(3),
    });
    if (!opened.ok) throw new Error(opened.code);
    // Two clicks open one balance payment.
    const again = await payPresaleBalance({
      orderNumber: bought.order.orderNumber,
      viewer: { userId: customer.id },
      now: at(3),
    });
    expect(again.ok && again.paymentId).toBe(opened.paymentId);
    expect(await getDemoPayment({ paymentId: opened.paymentId, viewer: stranger })).toBeNull();
    expect(
      await getDemoPayment({ paymentId: opened.paymentId, viewer: { userId: customer.id } }),
    ).toMatchObject({
      purpose: "balance",
      payable: true,
      amountFen: bought.order.totalFen - v.depositFen,
    });
    await endPresale({ caller: staff, variantId: v.id });
  });
});

describe("a deposit pre-sale's notices (the outbox)", () => {
  const outboxOf = (event: string, orderId: string) =>
    db
      .select()
      .from(s.notificationOutbox)
      .where(sql`${s.notificationOutbox.idempotencyKey} like ${`order.${event}:${orderId}:%`}`);

  it("deposit paid: 定金已付 with the balance and its window; the window opens: told once, however many sweeps", async () => {
    const v = await depositPresale(8);
    const bought = await buyDeposit(customer.id, v.id, 2);
    const balance = bought.order.totalFen - v.depositFen * 2;
    const [deposit] = await outboxOf("deposit_paid", bought.order.id);
    expect(deposit).toMatchObject({
      template: "deposit_paid",
      userId: customer.id,
      params: {
        orderNumber: bought.order.orderNumber,
        deposit: formatFen(v.depositFen * 2),
        balance: formatFen(balance),
        balanceFrom: day(2),
        balanceUntil: day(4),
        link: `/orders/${bought.order.orderNumber}`,
      },
    });
    const text = renderMessage("deposit_paid", deposit.params, "zh").text;
    expect(text).toContain("定金");
    expect(text).toContain(day(2));
    // The provider tells us again: one message.
    await completePayment({
      provider: "demo",
      providerEventId: `demo:${bought.paymentId}:again`,
      paymentId: bought.paymentId,
      outcome: "succeeded",
      now: t0,
    });
    expect(await outboxOf("deposit_paid", bought.order.id)).toHaveLength(1);

    // Before the window: nothing. In it: two sweeps at once, then a third — one message.
    await announceOpenBalances({ now: at(1) });
    expect(await outboxOf("balance_open", bought.order.id)).toEqual([]);
    await Promise.all([announceOpenBalances({ now: at(3) }), announceOpenBalances({ now: at(3) })]);
    await announceOpenBalances({ now: at(4) });
    const open = await outboxOf("balance_open", bought.order.id);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      template: "balance_open",
      userId: customer.id,
      params: { orderNumber: bought.order.orderNumber, balance: formatFen(balance), balanceUntil: day(4) },
    });
    await endPresale({ caller: staff, variantId: v.id });
  });

  it("a deposit paid inside the window is told by its deposit notice alone; a paid balance is not announced", async () => {
    const v = await depositPresale(9);
    const inWindow = await buyDeposit(customer.id, v.id, 1, at(3));
    expect(await outboxOf("deposit_paid", inWindow.order.id)).toHaveLength(1);
    const early = await buyDeposit(customer2.id, v.id, 1);
    await payBalance(customer2.id, early.order.orderNumber, at(3));
    await announceOpenBalances({ now: at(3) });
    expect(await outboxOf("balance_open", inWindow.order.id)).toEqual([]);
    expect(await outboxOf("balance_open", early.order.id)).toEqual([]);
    await endPresale({ caller: staff, variantId: v.id });
  });
});
