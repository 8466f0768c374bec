// Issue 21 "reach the unreached": in a small world built for it (three suppliers, twelve households
// of every kind, one already reached this year), the advisor's basket for a budget reaches at least
// as many monitored households not yet reached as ANY single-supplier basket of the same budget
// (every such basket enumerated), and its predicted figure equals what paying it through the real
// checkout and payment functions then writes to the ledger (distinct monitored households newly
// reached, recounted from attribution_entries). The storefront ranking equals one unit's exact split.
import { and, eq, ne, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { shanghaiDate } from "~/lib/dates";
import { buyAndPay, shippingAddress } from "../../../tests/support/factories";
import { placeOrder } from "../ordering/checkout.server";
import { completePayment } from "../ordering/payments.server";
import { basketCost, basketReach, type Candidate, type SupplierShipping } from "./advisor";
import {
  adviseBasket,
  computeProposal,
  placeAdvisedBasket,
  reachFigures,
  refreshReachPotential,
  topReachProductIds,
} from "./unreached.server";

const now = new Date();
const today = shanghaiDate(now);
let n = 0;
const uid = () => crypto.randomUUID();

type World = {
  villageId: number;
  townId: number;
  households: Record<string, string>;
  suppliers: Record<string, string>;
  variants: Record<string, string>;
  products: Record<string, string>;
  buyer: { id: string; role: "buyer_admin"; organisationId: string };
  customer: { id: string; role: "customer" };
};
let w: World;

async function household(
  villageId: number,
  townId: number,
  kind: string,
  extra: Record<string, unknown> = {},
) {
  const id = uid();
  n++;
  await db.insert(s.households).values({
    id,
    registryCode: `T21-${String(n).padStart(4, "0")}`,
    headName: `测试户${n}`,
    idCardCipher: `cipher-${id}`,
    idCardHash: `hash-${id}`,
    idCardMasked: "4101**********0000",
    memberCount: 3,
    villageId,
    townId,
    kind: kind as "alleviated",
    ...extra,
  });
  return id;
}

async function supplier(
  slug: string,
  villageId: number,
  townId: number,
  rateBp: number,
  flat: number,
  free: number | null,
) {
  const id = uid();
  await db.insert(s.suppliers).values({
    id,
    slug,
    name: `测试合作社${slug}`,
    kind: "cooperative",
    villageId,
    townId,
    contactName: "联系人",
    contactPhone: "0398-0000000",
    benefitRateBp: rateBp,
    shippingFlatFen: flat,
    freeShippingThresholdFen: free,
  });
  return id;
}

async function product(
  slug: string,
  supplierId: string,
  categoryId: number,
  villageId: number,
  variants: [number, number][],
) {
  const id = uid();
  await db.insert(s.products).values({
    id,
    slug,
    supplierId,
    categoryId,
    originVillageId: villageId,
    name: `测试产品${slug}`,
    status: "active",
  });
  const ids: string[] = [];
  for (const [i, [priceFen, stock]] of variants.entries()) {
    const vid = uid();
    ids.push(vid);
    await db
      .insert(s.productVariants)
      .values({ id: vid, productId: id, sku: `${slug}-${i}`, spec: `${i + 1} 件`, priceFen, stock });
  }
  return { id, variants: ids };
}

async function linkage(
  supplierId: string,
  beneficiary: { householdId?: string; villageCollectiveId?: string },
  weight: number,
  productId: string | null = null,
) {
  await db.insert(s.linkages).values({
    supplierId,
    productId,
    beneficiaryType: beneficiary.householdId ? "household" : "village_collective",
    householdId: beneficiary.householdId ?? null,
    villageCollectiveId: beneficiary.villageCollectiveId ?? null,
    mechanism: "order_purchase",
    weight,
    validFrom: "2020-01-01",
    status: "approved",
  });
}

beforeAll(async () => {
  const [district] = await db
    .insert(s.regions)
    .values({ code: "419900000000", name: "测试区", level: "district" })
    .returning();
  const [town] = await db
    .insert(s.regions)
    .values({ code: "419900101000", name: "测试镇", level: "town", parentId: district.id })
    .returning();
  const [village] = await db
    .insert(s.regions)
    .values({ code: "419900101201", name: "测试村", level: "village", parentId: town.id })
    .returning();
  const [category] = await db
    .insert(s.categories)
    .values({ slug: "t21-fruit", name: "水果", nameEn: "Fruit" })
    .returning();
  const collectiveId = uid();
  await db
    .insert(s.villageCollectives)
    .values({ id: collectiveId, villageId: village.id, townId: town.id, name: "测试村股份经济合作社" });
  const h: Record<string, string> = {};
  for (const k of ["h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h12"])
    h[k] = await household(village.id, town.id, "monitored_unstable");
  h.al = await household(village.id, town.id, "alleviated");
  h.h10 = await household(village.id, town.id, "monitored_marginal", {
    riskEliminatedAt: new Date("2026-01-05"),
  });
  h.h11 = await household(village.id, town.id, "monitored_hardship", { status: "inactive" });

  const A = await supplier("t21-a", village.id, town.id, 1000, 1000, 10000);
  const B = await supplier("t21-b", village.id, town.id, 500, 800, null);
  const C = await supplier("t21-c", village.id, town.id, 800, 0, null);
  const E = await supplier("t21-e", village.id, town.id, 1000, 0, null);
  const a1 = await product("t21-a1", A, category.id, village.id, [
    [2000, 3],
    [5000, 2],
  ]);
  const b1 = await product("t21-b1", B, category.id, village.id, [[3000, 5]]);
  const b2 = await product("t21-b2", B, category.id, village.id, [[1000, 10]]);
  const c1 = await product("t21-c1", C, category.id, village.id, [[4000, 4]]);
  const e1 = await product("t21-e1", E, category.id, village.id, [[3000, 50]]);
  // A: a heavy collective and an alleviated household share the pool with four targets.
  await linkage(A, { villageCollectiveId: collectiveId }, 400);
  await linkage(A, { householdId: h.al }, 5);
  for (const k of ["h1", "h2", "h3", "h4"]) await linkage(A, { householdId: h[k] }, 1);
  // B: B1 has its own linkages (three targets); B2 uses the general one (one target).
  for (const k of ["h5", "h6", "h7"]) await linkage(B, { householdId: h[k] }, 1, b1.id);
  await linkage(B, { householdId: h.h8 }, 1);
  // C: one target shared with A, one already reached, one risk-eliminated, one inactive, one more.
  for (const k of ["h1", "h9", "h10", "h11", "h12"]) await linkage(C, { householdId: h[k] }, 1);
  // E: only h9, bought this year already (below).
  await linkage(E, { householdId: h.h9 }, 1);

  const [org] = await db
    .insert(s.buyerOrganisations)
    .values({
      name: "测试预算单位",
      kind: "budget_unit",
      invoiceTitle: "测试预算单位",
      taxNumber: "123456789012345678",
    })
    .returning();
  const [buyer] = await db
    .insert(s.users)
    .values({
      mobile: "13990000021",
      displayName: "采购管理员",
      passwordHash: "x",
      role: "buyer_admin",
      organisationId: org.id,
    })
    .returning();
  await db.insert(s.buyerMemberships).values({ organisationId: org.id, userId: buyer.id, status: "active" });
  const [customer] = await db
    .insert(s.users)
    .values({ mobile: "13990000022", displayName: "顾客", passwordHash: "x" })
    .returning();
  // h9 is reached this year already.
  await buyAndPay({
    items: [{ variantId: e1.variants[0], quantity: 1 }],
    paidAt: new Date(now.getTime() - 3_600_000),
  });
  w = {
    villageId: village.id,
    townId: town.id,
    households: h,
    suppliers: { A, B, C, E },
    variants: {
      a1: a1.variants[0],
      a1b: a1.variants[1],
      b1: b1.variants[0],
      b2: b2.variants[0],
      c1: c1.variants[0],
    },
    products: { a1: a1.id, b1: b1.id, b2: b2.id, c1: c1.id, e1: e1.id },
    buyer: { id: buyer.id, role: "buyer_admin", organisationId: org.id },
    customer: { id: customer.id, role: "customer" },
  };
}, 60_000);

/** Every basket of one supplier's candidates within stock and budget (goods + shipping). */
function* singleSupplierBaskets(
  cands: Candidate[],
  shipping: Map<string, SupplierShipping>,
  budgetFen: number,
) {
  const byVariant = new Map(cands.map((c) => [c.variantId, c]));
  const walk = function* (i: number, lines: Map<string, number>): Generator<Map<string, number>> {
    if (i === cands.length) {
      const { goodsFen, shippingFen } = basketCost(lines, byVariant, shipping);
      if (goodsFen + shippingFen <= budgetFen) yield new Map(lines);
      return;
    }
    for (let q = 0; q <= cands[i].stock; q++) {
      if (q === 0) lines.delete(cands[i].variantId);
      else lines.set(cands[i].variantId, q);
      if (basketCost(lines, byVariant, shipping).goodsFen > budgetFen) break;
      yield* walk(i + 1, lines);
    }
    lines.delete(cands[i].variantId);
  };
  yield* walk(0, new Map());
}

describe("the advisor", () => {
  it("targets only monitored, active, not risk-eliminated households not yet reached this year", async () => {
    const { targets } = await computeProposal({ budgetFen: 1, now });
    // h1..h8 and h12: nine; h9 reached, h10 risk eliminated, h11 inactive, the alleviated one: out.
    expect(targets).toBe(9);
  });

  it("reaches at least as many as any single-supplier basket of the same budget (every one enumerated)", async () => {
    const { candidates, targets, shipping } = await loadForTest();
    let beaten = 0;
    for (const budgetYuan of [20, 30, 45, 60, 80, 100, 150, 250, 400]) {
      const budgetFen = budgetYuan * 100;
      const { proposal } = await computeProposal({ budgetFen, now });
      expect(proposal.totalFen).toBeLessThanOrEqual(budgetFen);
      let bestSingle = 0;
      for (const supplierId of new Set(candidates.map((c) => c.supplierId))) {
        const cands = candidates.filter((c) => c.supplierId === supplierId);
        const byVariant = new Map(cands.map((c) => [c.variantId, c]));
        for (const basket of singleSupplierBaskets(cands, shipping, budgetFen))
          bestSingle = Math.max(bestSingle, basketReach(basket, byVariant, targets).size);
      }
      expect(proposal.households, `¥${budgetYuan}`).toBeGreaterThanOrEqual(bestSingle);
      if (proposal.households > bestSingle) beaten++;
    }
    expect(beaten).toBeGreaterThan(0); // across suppliers it does better somewhere, not only as well
  });

  for (const budgetYuan of [60, 150]) {
    it(`predicts exactly what paying its ¥${budgetYuan} basket writes to the ledger`, async () => {
      const budgetFen = budgetYuan * 100;
      const { proposal } = await computeProposal({ budgetFen, now });
      // Pay it: the advisor's button, the real checkout and the demo payment.
      const advice = await adviseBasket({ caller: w.buyer, budgetFen, now });
      expect(advice!.households).toBe(proposal.households);
      const reachedBefore = await reachedThisYear();
      const placed = await placeAdvisedBasket({ caller: w.buyer, budgetFen, digest: advice!.digest, now });
      expect(placed).toEqual({ ok: true, lines: proposal.lines.length, households: proposal.households });
      const order = await placeOrder({
        owner: { userId: w.buyer.id },
        shipping: shippingAddress(),
        purchase: { forOrganisation: true, bankTransfer: false },
        now,
      });
      expect(order.ok).toBe(true);
      if (!order.ok) return;
      const paymentId = order.paymentUrl.split("/").pop()!;
      await completePayment({
        provider: "demo",
        providerEventId: `demo:${paymentId}:pay`,
        paymentId,
        outcome: "succeeded",
        now,
      });
      const [paid] = await db
        .select({ totalFen: s.orders.totalFen })
        .from(s.orders)
        .where(eq(s.orders.id, order.orderId));
      expect(paid.totalFen).toBe(proposal.totalFen);
      const newly = await newlyReachedMonitored(order.orderId, reachedBefore);
      expect(newly).toEqual(proposal.householdIds);
      expect(newly.length).toBe(proposal.households);
      expect(newly.length).toBeGreaterThan(0);
      console.info(
        `advisor ¥${budgetYuan}: ${proposal.lines.length} lines, ${proposal.totalFen} fen, ${newly.length} monitored households newly reached (predicted ${proposal.households})`,
      );
      // The next budget starts from what is left (stock, reached set).
    });
  }

  it("places nothing for a changed proposal, a bad budget or another role", async () => {
    const cart = async () =>
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(s.cartLines)
        .innerJoin(s.carts, eq(s.carts.id, s.cartLines.cartId))
        .where(eq(s.carts.userId, w.buyer.id));
    const before = await cart();
    expect(
      await placeAdvisedBasket({ caller: w.buyer, budgetFen: 100_000, digest: "0".repeat(24), now }),
    ).toMatchObject({
      ok: false,
    });
    expect(await placeAdvisedBasket({ caller: w.buyer, budgetFen: -5, digest: "x", now })).toEqual({
      ok: false,
      code: "empty",
    });
    expect(await placeAdvisedBasket({ caller: w.customer, budgetFen: 100_000, digest: "x", now })).toEqual({
      ok: false,
      code: "forbidden",
    });
    expect(await adviseBasket({ caller: w.customer, budgetFen: 100_000, now })).toBeNull();
    expect(await cart()).toEqual(before);
  });
});

describe("the storefront ranking", () => {
  it("is one unit of the cheapest option's exact split, for products reaching anyone", async () => {
    await refreshReachPotential({ now });
    const { candidates, targets } = await loadForTest();
    const ids = await topReachProductIds(50);
    const figures = await reachFigures(ids);
    for (const productId of ids) {
      const cheapest = candidates
        .filter((c) => c.productId === productId)
        .sort((a, b) => a.priceFen - b.priceFen || a.variantId.localeCompare(b.variantId))[0];
      const exact = basketReach(
        new Map([[cheapest.variantId, 1]]),
        new Map([[cheapest.variantId, cheapest]]),
        targets,
      ).size;
      expect(exact).toBeGreaterThan(0);
      expect(figures.get(productId)).toBe(exact >= 5 ? exact : "<5");
    }
    // Nothing of E (its only household is reached) is ranked.
    expect(ids).not.toContain(w.products.e1);
    const ranked = await db.select().from(s.reachPotential).where(ne(s.reachPotential.monitoredUnreached, 0));
    expect(ranked.length).toBe(ids.length);
  });
});

// ─── independent recounts ────────────────────────────────────────────────────────────────

/** Households with a positive net attribution this year, from the ledger itself. */
async function reachedThisYear(): Promise<Set<string>> {
  const rows = await db
    .select({ id: s.attributionEntries.householdId })
    .from(s.attributionEntries)
    .where(
      and(
        sql`${s.attributionEntries.householdId} is not null`,
        sql`extract(year from ${s.attributionEntries.statDate}) = ${Number(today.slice(0, 4))}`,
      ),
    )
    .groupBy(s.attributionEntries.householdId)
    .having(sql`sum(${s.attributionEntries.amountFen}) > 0`);
  return new Set(rows.map((r) => r.id!));
}

/** Monitored (active, risk not eliminated) households this order gave money to, not reached before it. */
async function newlyReachedMonitored(orderId: string, before: Set<string>): Promise<string[]> {
  const rows = await db
    .select({ id: s.attributionEntries.householdId })
    .from(s.attributionEntries)
    .innerJoin(s.households, eq(s.households.id, s.attributionEntries.householdId))
    .where(
      and(
        eq(s.attributionEntries.orderId, orderId),
        eq(s.households.status, "active"),
        ne(s.households.kind, "alleviated"),
        sql`${s.households.riskEliminatedAt} is null`,
      ),
    )
    .groupBy(s.attributionEntries.householdId)
    .having(sql`sum(${s.attributionEntries.amountFen}) > 0`);
  return rows
    .map((r) => r.id!)
    .filter((id) => !before.has(id))
    .sort();
}

/** The candidates and targets, read here independently of the model (the oracle's inputs). */
async function loadForTest(): Promise<{
  candidates: Candidate[];
  targets: Set<string>;
  shipping: Map<string, SupplierShipping>;
}> {
  const reached = await reachedThisYear();
  const hs = await db.select().from(s.households);
  const targetIds = new Set(
    hs
      .filter(
        (h) => h.status === "active" && h.kind !== "alleviated" && !h.riskEliminatedAt && !reached.has(h.id),
      )
      .map((h) => h.id),
  );
  const links = await db.select().from(s.linkages).where(eq(s.linkages.status, "approved"));
  const targets = new Set([...targetIds].filter((id) => links.some((l) => l.householdId === id)));
  const variants = await db
    .select({
      variantId: s.productVariants.id,
      productId: s.products.id,
      supplierId: s.products.supplierId,
      priceFen: s.productVariants.priceFen,
      stock: s.productVariants.stock,
      rateBp: sql<number>`coalesce(${s.products.benefitRateBp}, ${s.suppliers.benefitRateBp})`.mapWith(
        Number,
      ),
    })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.products.supplierId));
  const candidates = variants
    .filter((v) => v.stock > 0)
    .map((v) => {
      const all = links.filter((l) => l.supplierId === v.supplierId);
      const own = all.filter((l) => l.productId === v.productId);
      const used = own.length ? own : all.filter((l) => l.productId === null);
      return {
        ...v,
        linkages: used.map((l) => ({ id: l.id, weight: l.weight, householdId: l.householdId })),
      };
    });
  const sup = await db.select().from(s.suppliers);
  const shipping = new Map(
    sup.map((x) => [x.id, { flatFen: x.shippingFlatFen, freeThresholdFen: x.freeShippingThresholdFen }]),
  );
  return { candidates, targets, shipping };
}
