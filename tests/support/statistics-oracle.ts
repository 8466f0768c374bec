// For the statistics tests: random orders and partial refunds made through the real model
// functions, and an INDEPENDENT recomputation of every dashboard figure from the raw tables
// (orders, order lines, order parts, suppliers, the attribution ledger, households) in plain JS —
// no rollup, no production query. Definitions follow the header of app/models/impact/statistics.server.ts.
import { and, eq, isNull } from "drizzle-orm";
import { createHash } from "node:crypto";
import { db, schema as s } from "~/lib/db.server";
import { addToCart } from "~/models/ordering/cart.server";
import { placeOrder } from "~/models/ordering/checkout.server";
import { completePayment, refundOrderLines } from "~/models/ordering/payments.server";
import { buyAndPay as buyAndPayDemo, shippingAddress } from "./factories";

export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const shipping = shippingAddress({
  contactName: "测试买家",
  contactMobile: "13900000000",
  detail: "黄河路 1 号",
});

/** Places, pays and partly refunds `count` random orders (several suppliers per order, guests and accounts). */
export async function makeRandomOrders({
  count,
  seed,
  paidAt,
}: {
  count: number;
  seed: number;
  paidAt: (i: number, rnd: () => number) => Date;
}) {
  const rnd = prng(seed);
  const variants = await db
    .select({ id: s.productVariants.id })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .where(eq(s.products.status, "active"))
    .orderBy(s.productVariants.sku);
  for (const v of variants)
    await db.update(s.productVariants).set({ stock: 5000 }).where(eq(s.productVariants.id, v.id));
  const customers = await db
    .select({ id: s.users.id })
    .from(s.users)
    .where(and(eq(s.users.role, "customer"), isNull(s.users.organisationId)))
    .orderBy(s.users.mobile);
  const orderIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const at = paidAt(i, rnd);
    const userId =
      rnd() < 0.5 && customers.length ? customers[Math.floor(rnd() * customers.length)].id : undefined;
    let cartId: string | undefined;
    const picks = 1 + Math.floor(rnd() * 3);
    for (let k = 0; k < picks; k++) {
      const v = variants[Math.floor(rnd() * variants.length)];
      const added = await addToCart({
        owner: userId ? { userId } : cartId ? { cartId } : {},
        variantId: v.id,
        quantity: 1 + Math.floor(rnd() * 4),
      });
      if (!added.ok) throw new Error(`addToCart: ${JSON.stringify(added)}`);
      cartId = added.cartId;
    }
    const mobile = `139${String(Math.floor(rnd() * 6)).padStart(8, "0")}`; // a few guests buy twice
    const placed = await placeOrder({
      owner: userId ? { userId } : { cartId },
      shipping: { ...shipping, contactMobile: mobile },
      now: new Date(at.getTime() - 5 * 60_000),
    });
    if (!placed.ok) throw new Error(`placeOrder: ${JSON.stringify(placed)}`);
    const paymentId = placed.paymentUrl.split("/").pop()!;
    await completePayment({
      provider: "demo",
      providerEventId: `demo:${paymentId}:pay`,
      paymentId,
      outcome: "succeeded",
      now: at,
    });
    orderIds.push(placed.orderId);
    if (rnd() < 0.35) {
      const lines = await db.select().from(s.orderLines).where(eq(s.orderLines.orderId, placed.orderId));
      const line = lines[Math.floor(rnd() * lines.length)];
      const amount = rnd() < 0.3 ? line.lineTotalFen : 1 + Math.floor(rnd() * (line.lineTotalFen - 1));
      const refund = await refundOrderLines({
        orderId: placed.orderId,
        lines: [{ orderLineId: line.id, amountFen: amount }],
        reason: "测试退款",
        now: new Date(at.getTime() + 86_400_000),
      });
      if (!refund.ok) throw new Error(`refund: ${JSON.stringify(refund)}`);
    }
  }
  return orderIds;
}

/** A guest buys `quantity` of one variant and pays at `paidAt` (demo payment). */
export async function buyAndPay({
  variantId,
  quantity,
  paidAt,
}: {
  variantId: string;
  quantity: number;
  paidAt: Date;
}) {
  await db.update(s.productVariants).set({ stock: 5000 }).where(eq(s.productVariants.id, variantId));
  const placed = await buyAndPayDemo({
    items: [{ variantId, quantity }],
    paidAt,
    placedBefore: 5 * 60_000,
    shipping,
  });
  return placed.orderId;
}

/** The Asia/Shanghai calendar date of an instant (UTC+8, no daylight saving), written independently. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export type Expected = ReturnType<typeof expectedFromRaw> extends Promise<infer T> ? T : never;

/** Every figure for towns `townIds` (null = all) and dates from..to, from the raw tables. */
export async function expectedFromRaw({
  townIds,
  from,
  to,
}: {
  townIds: number[] | null;
  from: string;
  to: string;
}) {
  const inTown = (id: number) => townIds === null || townIds.includes(id);
  const inPeriod = (day: string) => day >= from && day <= to;
  const [orders, lines, parts, suppliers, entries, households, regions, categories] = await Promise.all([
    db.select().from(s.orders),
    db.select().from(s.orderLines),
    db.select().from(s.orderParts),
    db.select().from(s.suppliers),
    db.select().from(s.attributionEntries),
    db.select().from(s.households),
    db.select().from(s.regions),
    db.select().from(s.categories),
  ]);
  const regionById = new Map(regions.map((r) => [r.id, r]));
  const supplierTown = new Map(suppliers.map((x) => [x.id, x.townId]));
  const paid = new Map(
    orders
      .filter((o) => o.paidAt && o.status !== "cancelled" && inPeriod(shanghaiDay(o.paidAt)))
      .map((o) => [o.id, o]),
  );

  const pair = () => ({ assisted: 0, other: 0 });
  const add = (
    m: Map<string, { assisted: number; other: number }>,
    k: string,
    certified: boolean,
    fen: number,
  ) => {
    const p = m.get(k) ?? pair();
    if (certified) p.assisted += fen;
    else p.other += fen;
    m.set(k, p);
  };
  const sales = pair();
  const byTownSales = new Map<string, ReturnType<typeof pair>>();
  const byVillageSales = new Map<string, ReturnType<typeof pair>>();
  const byCategory = new Map<string, ReturnType<typeof pair>>();
  const bySupplierKind = new Map<string, ReturnType<typeof pair>>();
  const byBuyerKindSales = new Map<string, ReturnType<typeof pair>>();
  const byMonthSales = new Map<string, ReturnType<typeof pair>>();
  for (const l of lines) {
    const o = paid.get(l.orderId);
    if (!o || !inTown(l.originTownId)) continue;
    const net = l.lineTotalFen - l.refundedFen;
    if (l.certified) sales.assisted += net;
    else sales.other += net;
    add(byTownSales, regionById.get(l.originTownId)!.code, l.certified, net);
    add(byVillageSales, regionById.get(l.originVillageId)!.code, l.certified, net);
    add(byCategory, categories.find((c) => c.id === l.categoryId)!.slug, l.certified, net);
    add(bySupplierKind, l.supplierKind, l.certified, net);
    add(byBuyerKindSales, o.buyerKind, l.certified, net);
    add(byMonthSales, shanghaiDay(o.paidAt!).slice(0, 7), l.certified, net);
  }

  // Orders: those with a part of a supplier in scope; per town each order once per town.
  const orderTowns = new Map<string, Set<number>>();
  for (const p of parts) {
    if (!paid.has(p.orderId)) continue;
    const town = supplierTown.get(p.supplierId)!;
    if (!inTown(town)) continue;
    orderTowns.set(p.orderId, (orderTowns.get(p.orderId) ?? new Set()).add(town));
  }
  const buyerOf = (o: (typeof orders)[number]) =>
    o.organisationId
      ? `o:${o.organisationId}`
      : o.userId
        ? `u:${o.userId}`
        : `g:${createHash("sha256").update(o.contactMobile).digest("hex")}`;
  const ordersInScope = [...orderTowns.keys()].map((id) => paid.get(id)!);
  const ordersByTown = new Map<string, number>();
  for (const [, towns] of orderTowns)
    for (const t of towns)
      ordersByTown.set(regionById.get(t)!.code, (ordersByTown.get(regionById.get(t)!.code) ?? 0) + 1);
  const byBuyerKindOrders = new Map<string, { orders: number; buyers: Set<string> }>();
  const ordersByMonth = new Map<string, number>();
  for (const o of ordersInScope) {
    const k = byBuyerKindOrders.get(o.buyerKind) ?? { orders: 0, buyers: new Set<string>() };
    k.orders++;
    k.buyers.add(buyerOf(o));
    byBuyerKindOrders.set(o.buyerKind, k);
    const m = shanghaiDay(o.paidAt!).slice(0, 7);
    ordersByMonth.set(m, (ordersByMonth.get(m) ?? 0) + 1);
  }

  // Ledger: per household the net over the period's entries in scope.
  type Acc = {
    total: number;
    members: number;
    town: number;
    village: number;
    kind: string | null;
    byType: Record<string, number>;
  };
  const perHousehold = new Map<string, Acc>();
  const perCollective = new Map<string, Acc>();
  const incomeByMonth = new Map<string, number>();
  // Income counts where the beneficiary was on the payment's day (see daySnapshot below);
  // for the counts of households reached a beneficiary takes, over the period, the smallest town,
  // village and kind (in the kinds' declared order) and the largest member count of its entries.
  const kindOrder: readonly string[] = s.householdKind.enumValues;
  const smaller = (a: string | null, b: string | null) =>
    a === null ? b : b === null ? a : kindOrder.indexOf(a) <= kindOrder.indexOf(b) ? a : b;
  type Money = { income: number; collective: number };
  const incomeAt = {
    town: new Map<string, Money>(),
    village: new Map<string, Money>(),
    kind: new Map<string, Money>(),
  };
  const addIncome = (m: Map<string, Money>, k: string, household: boolean, fen: number) => {
    const g = m.get(k) ?? { income: 0, collective: 0 };
    if (household) g.income += fen;
    else g.collective += fen;
    m.set(k, g);
  };
  // A beneficiary is, all day, where its first payment of the day found it (README): the snapshot
  // of its first non-zero entry of the day, in the ledger's order, whatever the income type.
  const daySnapshot = new Map<
    string,
    Pick<(typeof entries)[number], "townId" | "villageId" | "householdKind" | "householdMembers">
  >();
  for (const e of [...entries].sort((a, b) => a.id - b.id)) {
    const key = `${e.statDate}|${e.householdId ?? e.villageCollectiveId}`;
    if (e.amountFen !== 0 && !daySnapshot.has(key))
      daySnapshot.set(key, {
        townId: e.townId,
        villageId: e.villageId,
        householdKind: e.householdKind,
        householdMembers: e.householdMembers,
      });
  }
  for (const entry of entries) {
    if (entry.amountFen === 0) continue;
    const e = {
      ...entry,
      ...daySnapshot.get(`${entry.statDate}|${entry.householdId ?? entry.villageCollectiveId}`)!,
    };
    if (!inPeriod(e.statDate) || !inTown(e.townId)) continue;
    const household = e.beneficiaryType === "household";
    const target = household ? perHousehold : perCollective;
    const id = (e.householdId ?? e.villageCollectiveId)!;
    const acc = target.get(id) ?? {
      total: 0,
      members: 0,
      town: e.townId,
      village: e.villageId,
      kind: e.householdKind,
      byType: {},
    };
    acc.total += e.amountFen;
    acc.members = Math.max(acc.members, e.householdMembers ?? 0);
    acc.town = Math.min(acc.town, e.townId);
    acc.village = Math.min(acc.village, e.villageId);
    acc.kind = smaller(acc.kind, e.householdKind);
    acc.byType[e.incomeType] = (acc.byType[e.incomeType] ?? 0) + e.amountFen;
    target.set(id, acc);
    addIncome(incomeAt.town, regionById.get(e.townId)!.code, household, e.amountFen);
    addIncome(incomeAt.village, regionById.get(e.villageId)!.code, household, e.amountFen);
    if (household) addIncome(incomeAt.kind, e.householdKind ?? "-", household, e.amountFen);
    if (household)
      incomeByMonth.set(
        e.statDate.slice(0, 7),
        (incomeByMonth.get(e.statDate.slice(0, 7)) ?? 0) + e.amountFen,
      );
  }
  const reached = [...perHousehold].filter(([, a]) => a.total > 0);
  const income = { total: 0, operating: 0, wage: 0, property: 0, transfer: 0 } as Record<string, number>;
  for (const [, a] of perHousehold) {
    income.total += a.total;
    for (const [t, v] of Object.entries(a.byType)) income[t] += v;
  }
  const reachedIds = new Set(reached.map(([id]) => id));
  const group = (key: (a: Acc) => string, money: Map<string, Money>) => {
    const m = new Map<string, { households: number; persons: number; income: number; collective: number }>();
    const get = (k: string) =>
      m.get(k) ?? (m.set(k, { households: 0, persons: 0, income: 0, collective: 0 }), m.get(k)!);
    for (const [id, a] of perHousehold)
      if (reachedIds.has(id)) ((get(key(a)).households += 1), (get(key(a)).persons += a.members));
    for (const [k, v] of money) ((get(k).income += v.income), (get(k).collective += v.collective));
    return m;
  };
  const persons = reached.reduce((n, [, a]) => n + a.members, 0);
  const scopedHouseholds = households.filter((h) => h.status === "active" && inTown(h.townId));
  const coverage = new Map<string, { registered: number; reached: number }>();
  for (const h of scopedHouseholds) {
    const c = coverage.get(h.kind) ?? { registered: 0, reached: 0 };
    c.registered++;
    if (reachedIds.has(h.id)) c.reached++;
    coverage.set(h.kind, c);
  }
  const notReached = scopedHouseholds
    .filter((h) => h.kind !== "alleviated" && h.riskEliminatedAt === null && !reachedIds.has(h.id))
    .map((h) => h.registryCode)
    .sort();

  return {
    headline: {
      assistedSalesFen: sales.assisted,
      otherSalesFen: sales.other,
      orders: ordersInScope.length,
      buyers: new Set(ordersInScope.map(buyerOf)).size,
      householdsReached: reached.length,
      personsReached: persons,
      attributedIncomeFen: income,
      perHouseholdFen: reached.length ? Math.round(income.total / reached.length) : 0,
      perPersonFen: persons ? Math.round(income.total / persons) : 0,
      villageCollectiveIncomeFen: [...perCollective.values()].reduce((n, a) => n + a.total, 0),
    },
    byTownSales,
    byVillageSales,
    byCategory,
    bySupplierKind,
    byBuyerKindSales,
    byMonthSales,
    ordersByTown,
    byBuyerKindOrders,
    ordersByMonth,
    incomeByMonth,
    byTownReach: group((a) => regionById.get(a.town)!.code, incomeAt.town),
    byVillageReach: group((a) => regionById.get(a.village)!.code, incomeAt.village),
    byKindReach: group((a) => a.kind ?? "-", incomeAt.kind),
    coverage,
    notReached,
    /** Orders with parts in two or more towns of the scope (they must count once). */
    multiTownOrders: [...orderTowns.values()].filter((t) => t.size > 1).length,
    refundedLines: lines.filter((l) => l.refundedFen > 0 && paid.has(l.orderId)).length,
  };
}
