// After-sales claims: the window (fresh vs normal), a partial refund exact to the fen with the
// ledger reversed by exactly the refunded share, one outcome under concurrency, escalation past the
// deadline and the admin's decision, scoping (another shopper's or supplier's claim is not found);
// and order tracking: the demo carrier's timeline, confirm receipt and auto-confirm.
import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { linePool } from "../../../core/allocation";
import { db, schema as s } from "~/lib/db.server";
import { seedDatabase } from "../../../db/seed";
import { buyAndPay, shippingAddress } from "../../../tests/support/factories";
import { verifyRollups } from "../impact/attribution.server";
import type { Caller } from "../access/scope.server";
import {
  answerClaim,
  decideClaim,
  escalateOverdueClaims,
  FRESH_CATEGORY_SLUGS,
  getClaimForStaff,
  getClaimForViewer,
  listClaims,
  openClaim,
  respondToClaim,
} from "./aftersales.server";
import { markPartDelivered, shipOrderPart } from "./fulfilment.server";

import {
  autoConfirmReceipts,
  confirmReceipt,
  getTrackedOrderForViewer,
  partTimelines,
} from "./tracking.server";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = new Date("2026-11-20T12:00:00+08:00");
// A 1×1 PNG: a photo checked by its content.
const PNG = Uint8Array.from(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
    "base64",
  ),
);

let shopper: { id: string }, other: { id: string }, admin: Caller, staffUser: Caller;
let fresh: { id: string; supplierId: string }, normal: { id: string; supplierId: string };
let serial = 0;

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 60 });
  const users = await db
    .select()
    .from(s.users)
    .where(inArray(s.users.mobile, ["13800000001", "13800000002", "13800000009", "13800000004"]));
  const by = (m: string) => users.find((u) => u.mobile === m)!;
  shopper = by("13800000001");
  other = by("13800000002");
  admin = by("13800000009");
  staffUser = by("13800000004");
  const variants = await db
    .select({
      id: s.productVariants.id,
      supplierId: s.products.supplierId,
      slug: s.categories.slug,
      parent: sql<string | null>`(select p.slug from categories p where p.id = ${s.categories.parentId})`,
      linked: sql<boolean>`exists (select 1 from linkages l where l.supplier_id = ${s.products.supplierId} and l.product_id is null and l.status = 'approved')`,
    })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .innerJoin(s.categories, eq(s.categories.id, s.products.categoryId))
    .where(and(eq(s.products.status, "active"), eq(s.productVariants.active, true)))
    .orderBy(s.productVariants.sku);
  const isFresh = (v: (typeof variants)[number]) =>
    (FRESH_CATEGORY_SLUGS as readonly string[]).includes(v.slug) ||
    (FRESH_CATEGORY_SLUGS as readonly string[]).includes(v.parent ?? "");
  // Suppliers with linkages in force for all their products: the ledger has entries to reverse.
  fresh = variants.find((v) => isFresh(v) && v.linked)!;
  normal = variants.find((v) => !isFresh(v) && v.linked)!;
  await db
    .update(s.productVariants)
    .set({ stock: 1000 })
    .where(inArray(s.productVariants.id, [fresh.id, normal.id]));
});

/** Supplier staff of the variant's supplier (the demo staff user, scoped to that supplier). */
const staffOf = (supplierId: string): Caller => ({ id: staffUser.id, role: "supplier_staff", supplierId });

/** Bought by `shopper`, shipped at `shippedAt`, delivered at `deliveredAt` (when given). */
async function delivered(
  variant: { id: string; supplierId: string },
  { quantity = 2, deliveredAt = T0 }: { quantity?: number; deliveredAt?: Date | null } = {},
) {
  const shippedAt = new Date((deliveredAt ?? T0).getTime() - 3 * DAY);
  const placed = await buyAndPay({
    items: [{ variantId: variant.id, quantity }],
    paidAt: new Date(shippedAt.getTime() - DAY),
    shipping: shippingAddress(),
  });
  await db.update(s.orders).set({ userId: shopper.id }).where(eq(s.orders.id, placed.orderId));
  const [part] = await db.select().from(s.orderParts).where(eq(s.orderParts.orderId, placed.orderId));
  const [line] = await db.select().from(s.orderLines).where(eq(s.orderLines.orderId, placed.orderId));
  const staff = staffOf(variant.supplierId);
  const shipped = await shipOrderPart({
    caller: staff,
    partId: part.id,
    carrier: "顺丰速运",
    trackingNumber: `SF${String(900000000 + ++serial)}`,
    now: shippedAt,
  });
  expect(shipped.ok).toBe(true);
  if (deliveredAt)
    expect((await markPartDelivered({ caller: staff, partId: part.id, now: deliveredAt })).ok).toBe(true);
  return { orderId: placed.orderId, orderNumber: placed.orderNumber, part, line, staff, shippedAt };
}

const me = () => ({ userId: shopper.id });
const claimRow = async (id: string) =>
  (await db.select().from(s.aftersalesClaims).where(eq(s.aftersalesClaims.id, id)))[0];

async function ledgerTotal(lineId: string) {
  const [row] = await db
    .select({ sum: sql<number>`coalesce(sum(${s.attributionEntries.amountFen}), 0)::int` })
    .from(s.attributionEntries)
    .where(eq(s.attributionEntries.orderLineId, lineId));
  return Number(row.sum);
}

describe("the window", () => {
  it("normal produce: open until 7 days after delivery; fresh produce: 2 days; before delivery: refused", async () => {
    const n = await delivered(normal);
    const f = await delivered(fresh);
    const base = { viewer: me(), kind: "refund_only", reason: "damaged", description: "破损" };
    const at = (d: number) => new Date(T0.getTime() + d * DAY + 60_000);
    expect(await openClaim({ ...base, orderNumber: f.orderNumber, lineId: f.line.id, now: at(2) })).toEqual({
      ok: false,
      code: "window_closed",
    });
    expect(await openClaim({ ...base, orderNumber: n.orderNumber, lineId: n.line.id, now: at(7) })).toEqual({
      ok: false,
      code: "window_closed",
    });
    expect((await openClaim({ ...base, orderNumber: n.orderNumber, lineId: n.line.id, now: at(6) })).ok).toBe(
      true,
    );
    expect((await openClaim({ ...base, orderNumber: f.orderNumber, lineId: f.line.id, now: at(1) })).ok).toBe(
      true,
    );

    const shippedOnly = await delivered(normal, { deliveredAt: null });
    expect(
      await openClaim({
        ...base,
        orderNumber: shippedOnly.orderNumber,
        lineId: shippedOnly.line.id,
        now: T0,
      }),
    ).toEqual({ ok: false, code: "not_delivered" });
  });

  it("a second claim on the line while one is open is refused, also when both arrive at once", async () => {
    const o = await delivered(normal);
    const args = {
      orderNumber: o.orderNumber,
      lineId: o.line.id,
      viewer: me(),
      kind: "refund_only",
      reason: "quality",
      description: "不新鲜",
      now: T0,
    };
    const results = await Promise.all([openClaim(args), openClaim(args)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, code: "claim_open" }]);
    expect(await openClaim(args)).toEqual({ ok: false, code: "claim_open" });
  });

  it("bad input: nothing written", async () => {
    const o = await delivered(normal);
    const base = { orderNumber: o.orderNumber, lineId: o.line.id, viewer: me(), now: T0 };
    const ok = { kind: "refund_only", reason: "damaged", description: "x" };
    expect(await openClaim({ ...base, ...ok, kind: "steal" })).toEqual({ ok: false, code: "bad_kind" });
    expect(await openClaim({ ...base, ...ok, reason: "bored" })).toEqual({ ok: false, code: "bad_reason" });
    expect(await openClaim({ ...base, ...ok, description: "  " })).toEqual({
      ok: false,
      code: "bad_description",
    });
    expect(await openClaim({ ...base, ...ok, amountFen: o.line.lineTotalFen + 1 })).toEqual({
      ok: false,
      code: "bad_amount",
    });
    expect(
      await openClaim({
        ...base,
        ...ok,
        photos: Array.from({ length: 7 }, () => ({ bytes: PNG, name: "a.png" })),
      }),
    ).toEqual({ ok: false, code: "too_many_photos" });
    expect(
      await openClaim({
        ...base,
        ...ok,
        photos: [{ bytes: new TextEncoder().encode("<svg/>"), name: "a.png" }],
      }),
    ).toEqual({ ok: false, code: "bad_photo" });
    expect(await openClaim({ ...base, ...ok, viewer: { userId: other.id } })).toEqual({
      ok: false,
      code: "not_found",
    });
    expect(
      await db.select().from(s.aftersalesClaims).where(eq(s.aftersalesClaims.orderLineId, o.line.id)),
    ).toHaveLength(0);
  });
});

describe("a partial refund", () => {
  it("claim with a photo → supplier proposes → shopper accepts: refunded exactly once, ledger reversed by exactly that share", async () => {
    const o = await delivered(normal, { quantity: 3 });
    const before = await ledgerTotal(o.line.id);
    expect(before).toBeGreaterThan(0);
    expect(before).toBe(linePool(o.line.lineTotalFen, o.line.benefitRateBp));
    const opened = await openClaim({
      orderNumber: o.orderNumber,
      lineId: o.line.id,
      viewer: me(),
      kind: "refund_only",
      reason: "damaged",
      description: "两个压坏了",
      photos: [{ bytes: PNG, name: "photo.png" }],
      now: new Date(T0.getTime() + HOUR),
    });
    if (!opened.ok) throw new Error(opened.code);
    const partial = Math.floor(o.line.lineTotalFen / 3) + 7;
    expect(
      await answerClaim({
        caller: o.staff,
        claimId: opened.claimId,
        answer: { action: "propose", amountFen: o.line.lineTotalFen + 1 },
      }),
    ).toEqual({ ok: false, code: "bad_amount" });
    expect(
      (
        await answerClaim({
          caller: o.staff,
          claimId: opened.claimId,
          answer: { action: "propose", amountFen: partial, note: "部分退款" },
          now: new Date(T0.getTime() + 2 * HOUR),
        })
      ).ok,
    ).toBe(true);
    // Two tabs accept at once: one refund.
    const accepted = await Promise.all(
      [0, 1].map(() =>
        respondToClaim({
          orderNumber: o.orderNumber,
          claimId: opened.claimId,
          viewer: me(),
          action: "accept",
          now: new Date(T0.getTime() + 3 * HOUR),
        }),
      ),
    );
    expect(accepted.filter((r) => r.ok)).toHaveLength(1);
    expect(accepted.filter((r) => !r.ok)).toEqual([{ ok: false, code: "already_decided" }]);
    const refunds = await db.select().from(s.refunds).where(eq(s.refunds.orderId, o.orderId));
    expect(refunds.map((r) => r.amountFen)).toEqual([partial]);
    const [line] = await db.select().from(s.orderLines).where(eq(s.orderLines.id, o.line.id));
    expect(line.refundedFen).toBe(partial);
    expect((await claimRow(opened.claimId)).status).toBe("refunded");
    expect((await claimRow(opened.claimId)).refundedFen).toBe(partial);
    expect(await ledgerTotal(o.line.id)).toBe(linePool(o.line.lineTotalFen - partial, o.line.benefitRateBp));
    const reversal = await db
      .select({ sum: sql<number>`coalesce(sum(${s.attributionEntries.amountFen}), 0)::int` })
      .from(s.attributionEntries)
      .where(and(eq(s.attributionEntries.orderLineId, o.line.id), eq(s.attributionEntries.kind, "reversal")));
    expect(Number(reversal[0].sum)).toBe(
      linePool(o.line.lineTotalFen - partial, o.line.benefitRateBp) - before,
    );
    // The sales and income rollups follow the refund (buyer counts are off only because this test
    // hands the guest's order to a shopper after payment).
    expect((await verifyRollups()).filter((d) => d.table !== "stats_buyers_daily")).toEqual([]);

    // Both sides see every step, timestamped.
    const mine = await getClaimForViewer({
      orderNumber: o.orderNumber,
      claimId: opened.claimId,
      viewer: me(),
    });
    const theirs = await getClaimForStaff({ caller: o.staff, claimId: opened.claimId });
    expect(mine!.events.map((e) => e.action)).toEqual(["opened", "proposed", "accepted"]);
    expect(theirs!.events).toEqual(mine!.events);
    expect(mine!.photos).toEqual([0]);
  });

  it("two agree clicks by two staff at once: one refund of the amount asked", async () => {
    const o = await delivered(normal);
    const opened = await openClaim({
      orderNumber: o.orderNumber,
      lineId: o.line.id,
      viewer: me(),
      kind: "return_refund",
      reason: "wrong_item",
      description: "发错货",
      amountFen: 1234,
      now: T0,
    });
    if (!opened.ok) throw new Error(opened.code);
    const results = await Promise.all(
      [0, 1].map(() =>
        answerClaim({ caller: o.staff, claimId: opened.claimId, answer: { action: "agree" } }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, code: "already_decided" }]);
    const refunds = await db.select().from(s.refunds).where(eq(s.refunds.orderId, o.orderId));
    expect(refunds.map((r) => r.amountFen)).toEqual([1234]);
    expect(await ledgerTotal(o.line.id)).toBe(linePool(o.line.lineTotalFen - 1234, o.line.benefitRateBp));
  });

  it("a reshipment creates a shipment and no refund; a rejection needs a reason", async () => {
    const o = await delivered(normal);
    const opened = await openClaim({
      orderNumber: o.orderNumber,
      lineId: o.line.id,
      viewer: me(),
      kind: "reshipment",
      reason: "missing",
      description: "少发一箱",
      now: T0,
    });
    if (!opened.ok) throw new Error(opened.code);
    expect(
      await answerClaim({
        caller: o.staff,
        claimId: opened.claimId,
        answer: { action: "reject", note: " " },
      }),
    ).toEqual({
      ok: false,
      code: "bad_note",
    });
    expect(
      (
        await answerClaim({
          caller: o.staff,
          claimId: opened.claimId,
          answer: { action: "agree", carrier: "中通快递", trackingNumber: "ZT777000111" },
        })
      ).ok,
    ).toBe(true);
    const shipments = await db.select().from(s.shipments).where(eq(s.shipments.orderPartId, o.part.id));
    expect(shipments.map((x) => x.trackingNumber)).toContain("ZT777000111");
    expect(await db.select().from(s.refunds).where(eq(s.refunds.orderId, o.orderId))).toHaveLength(0);
    expect((await claimRow(opened.claimId)).status).toBe("reshipped");
  });
});

describe("escalation and the platform's decision", () => {
  it("unanswered past the deadline → escalated by the sweep; the supplier can no longer answer; the admin decides once", async () => {
    const o = await delivered(normal);
    const opened = await openClaim({
      orderNumber: o.orderNumber,
      lineId: o.line.id,
      viewer: me(),
      kind: "refund_only",
      reason: "spoiled",
      description: "坏了",
      now: T0,
    });
    if (!opened.ok) throw new Error(opened.code);
    expect(await escalateOverdueClaims({ now: new Date(T0.getTime() + 47 * HOUR) })).toBe(0);
    expect((await claimRow(opened.claimId)).status).toBe("awaiting_supplier");
    expect(await escalateOverdueClaims({ now: new Date(T0.getTime() + 49 * HOUR) })).toBeGreaterThanOrEqual(
      1,
    );
    expect((await claimRow(opened.claimId)).status).toBe("escalated");
    expect(
      await answerClaim({ caller: o.staff, claimId: opened.claimId, answer: { action: "agree" } }),
    ).toEqual({
      ok: false,
      code: "already_decided",
    });
    expect((await listClaims({ caller: admin, escalatedOnly: true })).map((c) => c.id)).toContain(
      opened.claimId,
    );
    // Only an admin decides; a supplier "deciding" finds nothing.
    expect(
      await decideClaim({ caller: o.staff, claimId: opened.claimId, decision: "refund", amountFen: 100 }),
    ).toEqual({
      ok: false,
      code: "not_found",
    });
    const decisions = await Promise.all(
      [0, 1].map(() =>
        decideClaim({ caller: admin, claimId: opened.claimId, decision: "refund", amountFen: 500 }),
      ),
    );
    expect(decisions.filter((r) => r.ok)).toHaveLength(1);
    const refunds = await db.select().from(s.refunds).where(eq(s.refunds.orderId, o.orderId));
    expect(refunds.map((r) => r.amountFen)).toEqual([500]);
    const events = (await getClaimForViewer({
      orderNumber: o.orderNumber,
      claimId: opened.claimId,
      viewer: me(),
    }))!.events;
    expect(events.map((e) => [e.actor, e.action])).toEqual([
      ["shopper", "opened"],
      ["system", "escalated"],
      ["admin", "decided_refund"],
    ]);
  });

  it("a declined proposal is escalated; the admin may reject with a reason", async () => {
    const o = await delivered(normal);
    const opened = await openClaim({
      orderNumber: o.orderNumber,
      lineId: o.line.id,
      viewer: me(),
      kind: "refund_only",
      reason: "quality",
      description: "太小",
      now: T0,
    });
    if (!opened.ok) throw new Error(opened.code);
    await answerClaim({
      caller: o.staff,
      claimId: opened.claimId,
      answer: { action: "propose", amountFen: 100 },
    });
    expect(
      (
        await respondToClaim({
          orderNumber: o.orderNumber,
          claimId: opened.claimId,
          viewer: me(),
          action: "decline",
        })
      ).ok,
    ).toBe(true);
    expect((await claimRow(opened.claimId)).status).toBe("escalated");
    expect(await decideClaim({ caller: admin, claimId: opened.claimId, decision: "reject" })).toEqual({
      ok: false,
      code: "bad_note",
    });
    expect(
      (await decideClaim({ caller: admin, claimId: opened.claimId, decision: "reject", note: "照片不符" }))
        .ok,
    ).toBe(true);
    expect((await claimRow(opened.claimId)).status).toBe("rejected");
    expect(await db.select().from(s.refunds).where(eq(s.refunds.orderId, o.orderId))).toHaveLength(0);
  });
});

describe("scoping", () => {
  it("another shopper's, another supplier's claim id: not found; nothing changes", async () => {
    const o = await delivered(normal);
    const opened = await openClaim({
      orderNumber: o.orderNumber,
      lineId: o.line.id,
      viewer: me(),
      kind: "refund_only",
      reason: "damaged",
      description: "x",
      now: T0,
    });
    if (!opened.ok) throw new Error(opened.code);
    const stranger = { userId: other.id };
    expect(
      await getClaimForViewer({ orderNumber: o.orderNumber, claimId: opened.claimId, viewer: stranger }),
    ).toBeNull();
    expect(
      await respondToClaim({
        orderNumber: o.orderNumber,
        claimId: opened.claimId,
        viewer: stranger,
        action: "withdraw",
      }),
    ).toEqual({ ok: false, code: "not_found" });
    const [otherSupplier] = await db
      .select({ id: s.suppliers.id })
      .from(s.suppliers)
      .where(sql`${s.suppliers.id} <> ${o.staff.supplierId}`)
      .limit(1);
    const foreign = staffOf(otherSupplier.id);
    expect(await getClaimForStaff({ caller: foreign, claimId: opened.claimId })).toBeNull();
    expect(
      await answerClaim({ caller: foreign, claimId: opened.claimId, answer: { action: "agree" } }),
    ).toEqual({
      ok: false,
      code: "not_found",
    });
    expect((await listClaims({ caller: foreign })).map((c) => c.id)).not.toContain(opened.claimId);
    expect((await claimRow(opened.claimId)).status).toBe("awaiting_supplier");
  });
});

describe("order tracking", () => {
  it("the demo carrier advances in time: 揽收 +2 h, 运输中 +1 d, 派送中 +2 d, 已签收 +3 d", async () => {
    const o = await delivered(normal, { deliveredAt: null });
    const at = (ms: number) => new Date(o.shippedAt.getTime() + ms);
    const kinds = async (now: Date) =>
      ((await partTimelines({ orderId: o.orderId, paidAt: null, now })).get(o.part.id) ?? [])
        .filter((e) => e.kind === "carrier")
        .map((e) => e.carrierStatus);
    expect(await kinds(at(HOUR))).toEqual([]);
    expect(await kinds(at(2 * HOUR))).toEqual(["picked_up"]);
    expect(await kinds(at(DAY + 1))).toEqual(["picked_up", "in_transit"]);
    expect(await kinds(at(3 * DAY))).toEqual(["picked_up", "in_transit", "out_for_delivery", "signed"]);
    const order = await getTrackedOrderForViewer({ orderNumber: o.orderNumber, viewer: me() });
    const timeline = order!.parts[0].timeline;
    expect(timeline[0].kind).toBe("paid");
    expect(timeline[1]).toMatchObject({ kind: "shipped", carrier: "顺丰速运" });
  });

  it("confirm receipt: shipped → completed once, only by the order's owner; auto-confirm after 10 days", async () => {
    const o = await delivered(normal, { deliveredAt: null });
    expect(
      await confirmReceipt({ orderNumber: o.orderNumber, partId: o.part.id, viewer: { userId: other.id } }),
    ).toEqual({ ok: false, code: "not_found" });
    const both = await Promise.all(
      [0, 1].map(() =>
        confirmReceipt({ orderNumber: o.orderNumber, partId: o.part.id, viewer: me(), now: T0 }),
      ),
    );
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    const [part] = await db.select().from(s.orderParts).where(eq(s.orderParts.id, o.part.id));
    expect(part.status).toBe("completed");
    const [order] = await db.select().from(s.orders).where(eq(s.orders.id, o.orderId));
    expect(order.status).toBe("completed");
    // Confirmed while shipped: delivered now, so the after-sales window runs from here.
    const claim = await openClaim({
      orderNumber: o.orderNumber,
      lineId: o.line.id,
      viewer: me(),
      kind: "refund_only",
      reason: "damaged",
      description: "x",
      now: new Date(T0.getTime() + DAY),
    });
    expect(claim.ok).toBe(true);

    const late = await delivered(normal, { deliveredAt: new Date(T0.getTime() - 11 * DAY) });
    const recent = await delivered(normal, { deliveredAt: new Date(T0.getTime() - 9 * DAY) });
    await autoConfirmReceipts({ now: T0 });
    const statusOf = async (id: string) =>
      (await db.select().from(s.orderParts).where(eq(s.orderParts.id, id)))[0].status;
    expect(await statusOf(late.part.id)).toBe("completed");
    expect(await statusOf(recent.part.id)).toBe("delivered");
    const [receipt] = await db
      .select()
      .from(s.orderPartReceipts)
      .where(eq(s.orderPartReceipts.orderPartId, late.part.id));
    expect(receipt.automatic).toBe(true);
  });
});

describe("return and refund: the returned units back in stock", () => {
  const stockOf = async (variantId: string) =>
    (await db.select().from(s.productVariants).where(eq(s.productVariants.id, variantId)))[0].stock;
  const openReturn = async (o: Awaited<ReturnType<typeof delivered>>, kind = "return_refund") => {
    const opened = await openClaim({
      orderNumber: o.orderNumber,
      lineId: o.line.id,
      viewer: me(),
      kind,
      reason: "not_as_described",
      description: "规格不符，退回",
      now: T0,
    });
    if (!opened.ok) throw new Error(opened.code);
    return opened.claimId;
  };

  it("agreed with restock by two staff at once: one refund, the line's units back once, recorded on the line and the claim", async () => {
    const o = await delivered(normal, { quantity: 3 });
    const claimId = await openReturn(o);
    const before = await stockOf(normal.id);
    const results = await Promise.all(
      [0, 1].map(() => answerClaim({ caller: o.staff, claimId, answer: { action: "agree", restock: true } })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await stockOf(normal.id)).toBe(before + 3);
    const [line] = await db.select().from(s.orderLines).where(eq(s.orderLines.id, o.line.id));
    expect(line.refundedQuantity).toBe(3);
    expect(line.refundedFen).toBe(line.lineTotalFen);
    const claim = await claimRow(claimId);
    expect([claim.status, claim.restock, claim.restockedQuantity]).toEqual(["refunded", true, 3]);
    const events = await db.select().from(s.aftersalesEvents).where(eq(s.aftersalesEvents.claimId, claimId));
    expect(events.filter((e) => e.action === "restocked").map((e) => e.note)).toEqual(["3"]);
    expect(await ledgerTotal(o.line.id)).toBe(0);
  });

  it("without the tick, or for a refund without return, the stock stays; a proposal carries the choice to the shopper's acceptance", async () => {
    // Each purchase takes stock: every comparison starts after its own purchase.
    const kept = await delivered(normal);
    const keptClaim = await openReturn(kept);
    let before = await stockOf(normal.id);
    expect(
      (await answerClaim({ caller: kept.staff, claimId: keptClaim, answer: { action: "agree" } })).ok,
    ).toBe(true);
    expect(await stockOf(normal.id)).toBe(before);
    expect((await claimRow(keptClaim)).restockedQuantity).toBe(0);

    const refundOnly = await delivered(normal);
    const refundOnlyClaim = await openReturn(refundOnly, "refund_only");
    before = await stockOf(normal.id);
    expect(
      (
        await answerClaim({
          caller: refundOnly.staff,
          claimId: refundOnlyClaim,
          answer: { action: "agree", restock: true },
        })
      ).ok,
    ).toBe(true);
    expect(await stockOf(normal.id)).toBe(before);
    expect((await claimRow(refundOnlyClaim)).restock).toBe(false);

    const proposed = await delivered(normal, { quantity: 2 });
    const proposedClaim = await openReturn(proposed);
    before = await stockOf(normal.id);
    expect(
      (
        await answerClaim({
          caller: proposed.staff,
          claimId: proposedClaim,
          answer: { action: "propose", amountFen: 500, restock: true },
        })
      ).ok,
    ).toBe(true);
    expect(await stockOf(normal.id)).toBe(before); // nothing back before the shopper accepts
    expect(
      (
        await respondToClaim({
          orderNumber: proposed.orderNumber,
          claimId: proposedClaim,
          viewer: me(),
          action: "accept",
        })
      ).ok,
    ).toBe(true);
    expect(await stockOf(normal.id)).toBe(before + 2);
  });

  it("an escalated return decided by the platform with restock brings the units back", async () => {
    const o = await delivered(normal, { quantity: 2 });
    const claimId = await openReturn(o);
    await escalateOverdueClaims({ now: new Date(T0.getTime() + 30 * DAY) });
    expect((await claimRow(claimId)).status).toBe("escalated");
    const before = await stockOf(normal.id);
    const decided = await decideClaim({
      caller: admin,
      claimId,
      decision: "refund",
      amountFen: 100,
      restock: true,
    });
    expect(decided.ok).toBe(true);
    expect(await stockOf(normal.id)).toBe(before + 2);
  });
});
