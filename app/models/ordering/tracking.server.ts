// Order tracking (docs/decisions/066): a timeline per order part — paid, shipped with carrier and
// number, the carrier's own events, delivered, the shopper's receipt, after-sales steps — and the
// shopper's 确认收货 with its auto-confirm sweep.
//
// Carrier events come through one port, `CarrierTracking`: the demo carrier computes them from the
// shipment time alone (deterministic, nothing stored); a real tracking service is plugged in by
// returning another implementation from `carrierTracking()`. Receipts are written here; the part's
// status moves through status.server.ts (shipped | delivered → completed).
import { and, eq, inArray, isNull, notExists, sql } from "drizzle-orm";
import { db, schema as s, type Transaction } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { UUID } from "~/lib/ids";
import { recordAudit } from "../access/audit.server";
import { claimsOfOrder } from "./aftersales.server";
import { canViewOrder, getOrderForViewer, type OrderViewer } from "./orders.server";
import { movePart } from "./status.server";

// ─── the carrier port ────────────────────────────────────────────────────────────────────

export type CarrierEventStatus = "picked_up" | "in_transit" | "out_for_delivery" | "signed";
export type CarrierEvent = { at: Date; status: CarrierEventStatus; description: string };
export type TrackedShipment = { carrier: string; trackingNumber: string; shippedAt: Date };

/** What a tracking service answers for one shipment: its events up to `now`, oldest first. */
export interface CarrierTracking {
  readonly name: string;
  events(shipment: TrackedShipment, now: Date): Promise<CarrierEvent[]>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The demo carrier's steps, relative to the shipment time. */
export const DEMO_CARRIER_STEPS: readonly {
  after: number;
  status: CarrierEventStatus;
  description: string;
}[] = [
  { after: 2 * HOUR, status: "picked_up", description: "快递员已揽收" },
  { after: 1 * DAY, status: "in_transit", description: "运输中，已到达转运中心" },
  { after: 2 * DAY, status: "out_for_delivery", description: "派送中，请保持电话畅通" },
  { after: 3 * DAY, status: "signed", description: "已签收" },
];

/** A carrier that advances in time: every step at a fixed offset from the shipment time. */
export const demoCarrier: CarrierTracking = {
  name: "demo",
  async events({ shippedAt }, now) {
    return DEMO_CARRIER_STEPS.filter((step) => shippedAt.getTime() + step.after <= now.getTime()).map(
      (step) => ({
        at: new Date(shippedAt.getTime() + step.after),
        status: step.status,
        description: step.description,
      }),
    );
  },
};

let carrier: CarrierTracking = demoCarrier;
/** The tracking service in use (the demo carrier unless a real one is installed). */
export function carrierTracking(): CarrierTracking {
  return carrier;
}
/** Installs another tracking service (a real one at start-up, or a fake in a test). */
export function useCarrierTracking(next: CarrierTracking): void {
  carrier = next;
}

// ─── the timeline ────────────────────────────────────────────────────────────────────────

export type TimelineEntry = {
  at: string;
  kind:
    "paid" | "shipped" | "carrier" | "delivered" | "confirmed" | "auto_confirmed" | `aftersales_${string}`;
  carrier?: string;
  trackingNumber?: string;
  carrierStatus?: CarrierEventStatus;
  description?: string;
  amountFen?: number | null;
  claimId?: string;
};

/** Each part's timeline, oldest first, for the parts of one order (the caller checked access). */
export async function partTimelines({
  orderId,
  paidAt,
  now = new Date(),
}: {
  orderId: string;
  paidAt: Date | null;
  now?: Date;
}): Promise<Map<string, TimelineEntry[]>> {
  const [parts, shipments, receipts, events] = await Promise.all([
    db
      .select({ id: s.orderParts.id, status: s.orderParts.status })
      .from(s.orderParts)
      .where(eq(s.orderParts.orderId, orderId)),
    db
      .select({
        orderPartId: s.shipments.orderPartId,
        carrier: s.shipments.carrier,
        trackingNumber: s.shipments.trackingNumber,
        shippedAt: s.shipments.shippedAt,
        deliveredAt: s.shipments.deliveredAt,
      })
      .from(s.shipments)
      .innerJoin(s.orderParts, eq(s.orderParts.id, s.shipments.orderPartId))
      .where(eq(s.orderParts.orderId, orderId)),
    db
      .select()
      .from(s.orderPartReceipts)
      .innerJoin(s.orderParts, eq(s.orderParts.id, s.orderPartReceipts.orderPartId))
      .where(eq(s.orderParts.orderId, orderId)),
    db
      .select({
        orderPartId: s.aftersalesClaims.orderPartId,
        claimId: s.aftersalesClaims.id,
        at: s.aftersalesEvents.at,
        action: s.aftersalesEvents.action,
        amountFen: s.aftersalesEvents.amountFen,
      })
      .from(s.aftersalesEvents)
      .innerJoin(s.aftersalesClaims, eq(s.aftersalesClaims.id, s.aftersalesEvents.claimId))
      .where(eq(s.aftersalesClaims.orderId, orderId)),
  ]);
  const tracking = carrierTracking();
  const result = new Map<string, TimelineEntry[]>();
  for (const part of parts) {
    const entries: TimelineEntry[] = [];
    if (paidAt && part.status !== "cancelled" && part.status !== "pending_payment")
      entries.push({ at: paidAt.toISOString(), kind: "paid" });
    for (const sh of shipments.filter((x) => x.orderPartId === part.id)) {
      entries.push({
        at: sh.shippedAt.toISOString(),
        kind: "shipped",
        carrier: sh.carrier,
        trackingNumber: sh.trackingNumber,
      });
      for (const e of await tracking.events(sh, now))
        entries.push({
          at: e.at.toISOString(),
          kind: "carrier",
          carrierStatus: e.status,
          description: e.description,
          trackingNumber: sh.trackingNumber,
        });
      if (sh.deliveredAt) entries.push({ at: sh.deliveredAt.toISOString(), kind: "delivered" });
    }
    const receipt = receipts.find((r) => r.order_part_receipts.orderPartId === part.id)?.order_part_receipts;
    if (receipt)
      entries.push({
        at: receipt.confirmedAt.toISOString(),
        kind: receipt.automatic ? "auto_confirmed" : "confirmed",
      });
    for (const e of events.filter((x) => x.orderPartId === part.id))
      entries.push({
        at: e.at.toISOString(),
        kind: `aftersales_${e.action}`,
        amountFen: e.amountFen,
        claimId: e.claimId,
      });
    // Same instant: keep the insertion order (paid, shipped, carrier, delivered, …).
    result.set(
      part.id,
      entries
        .map((e, i) => ({ e, i }))
        .sort((a, b) => a.e.at.localeCompare(b.e.at) || a.i - b.i)
        .map((x) => x.e),
    );
  }
  return result;
}

// ─── receipt ─────────────────────────────────────────────────────────────────────────────

/** Completes one part (shipped or delivered) with its receipt; false when it cannot move. */
async function completeWithReceipt(
  tx: Transaction,
  { orderId, partId, automatic, now }: { orderId: string; partId: string; automatic: boolean; now: Date },
): Promise<boolean> {
  const [part] = await tx.select().from(s.orderParts).where(eq(s.orderParts.id, partId)).for("update");
  if (!part || (part.status !== "shipped" && part.status !== "delivered")) return false;
  // A part confirmed while still shipped is delivered now: the after-sales window starts here.
  await tx
    .update(s.shipments)
    .set({ deliveredAt: now })
    .where(and(eq(s.shipments.orderPartId, partId), isNull(s.shipments.deliveredAt)));
  if (!(await movePart(tx, { orderId, partId, to: "completed", now }))) return false;
  await tx
    .insert(s.orderPartReceipts)
    .values({ orderPartId: partId, confirmedAt: now, automatic })
    .onConflictDoNothing();
  return true;
}

export type ConfirmResult = { ok: true } | { ok: false; code: "not_found" | "illegal_transition" };

/** The shopper's 确认收货 on one part of their order: shipped or delivered → completed, once. */
export async function confirmReceipt({
  orderNumber,
  partId,
  viewer,
  now = new Date(),
}: {
  orderNumber: string;
  partId: string;
  viewer: OrderViewer;
  now?: Date;
}): Promise<ConfirmResult> {
  if (!UUID.test(partId)) return { ok: false, code: "not_found" };
  return db.transaction(async (tx) => {
    const [order] = await tx
      .select()
      .from(s.orders)
      .where(eq(s.orders.orderNumber, orderNumber))
      .for("update");
    if (!order || !canViewOrder(order, viewer)) return { ok: false as const, code: "not_found" as const };
    // Institutional orders complete by the 832 rule (acceptance, invoice, rating) instead.
    if (order.buyerKind !== "individual") return { ok: false as const, code: "illegal_transition" as const };
    const [part] = await tx
      .select({ id: s.orderParts.id })
      .from(s.orderParts)
      .where(and(eq(s.orderParts.id, partId), eq(s.orderParts.orderId, order.id)));
    if (!part) return { ok: false as const, code: "not_found" as const };
    if (!(await completeWithReceipt(tx, { orderId: order.id, partId, automatic: false, now })))
      return { ok: false as const, code: "illegal_transition" as const };
    await recordAudit(tx, {
      actor: viewer.userId ? { id: viewer.userId, role: "customer" } : null,
      action: "order_part.receipt_confirmed",
      subjectType: "order_part",
      subjectId: partId,
      details: { orderNumber },
      at: now,
    });
    return { ok: true as const };
  });
}

/**
 * The sweep: parts shipped or delivered more than AUTO_CONFIRM_DAYS ago (counted from the delivery,
 * or from the last shipment when none was marked delivered) and with no open after-sales claim are
 * confirmed automatically. Returns how many parts it completed.
 */
export async function autoConfirmReceipts({
  now = new Date(),
  days = getEnv().AUTO_CONFIRM_DAYS,
}: { now?: Date; days?: number } = {}): Promise<number> {
  const cutoff = new Date(now.getTime() - days * DAY);
  const due = await db
    .select({ partId: s.orderParts.id, orderId: s.orderParts.orderId })
    .from(s.orderParts)
    .where(
      and(
        inArray(s.orderParts.status, ["shipped", "delivered"]),
        // Institutional orders complete by the 832 rule (acceptance, invoice, rating), never by time.
        sql`exists (select 1 from ${s.orders} where ${s.orders.id} = ${s.orderParts.orderId} and ${s.orders.buyerKind} = 'individual')`,
        sql`(select max(coalesce(${s.shipments.deliveredAt}, ${s.shipments.shippedAt})) from ${s.shipments} where ${s.shipments.orderPartId} = ${s.orderParts.id}) < ${cutoff.toISOString()}::timestamptz`,
        notExists(
          db
            .select({ one: sql`1` })
            .from(s.aftersalesClaims)
            .where(
              and(
                eq(s.aftersalesClaims.orderPartId, s.orderParts.id),
                inArray(s.aftersalesClaims.status, ["awaiting_supplier", "proposed", "escalated"]),
              ),
            ),
        ),
      ),
    )
    .limit(500);
  let done = 0;
  for (const { partId, orderId } of due) {
    const moved = await db.transaction(async (tx) => {
      await tx.select({ id: s.orders.id }).from(s.orders).where(eq(s.orders.id, orderId)).for("update");
      return completeWithReceipt(tx, { orderId, partId, automatic: true, now });
    });
    if (moved) done++;
  }
  return done;
}

/**
 * The shopper's order page: the order (getOrderForViewer) with each part's timeline, whether its
 * receipt can be confirmed, and each line's after-sales claims. Null when not the viewer's.
 */
export async function getTrackedOrderForViewer({
  orderNumber,
  viewer,
  now = new Date(),
}: {
  orderNumber: string;
  viewer: OrderViewer;
  now?: Date;
}) {
  const order = await getOrderForViewer({ orderNumber, viewer });
  if (!order) return null;
  const [row] = await db
    .select({ id: s.orders.id, paidAt: s.orders.paidAt })
    .from(s.orders)
    .where(eq(s.orders.orderNumber, orderNumber));
  const [timelines, claims] = await Promise.all([
    partTimelines({ orderId: row.id, paidAt: row.paidAt, now }),
    claimsOfOrder(row.id),
  ]);
  return {
    ...order,
    parts: order.parts.map((p) => ({
      ...p,
      canConfirm: p.status === "shipped" || p.status === "delivered",
      timeline: timelines.get(p.id) ?? [],
      lines: p.lines.map((l) => ({
        ...l,
        claims: claims
          .filter((c) => c.orderLineId === l.id)
          .map((c) => ({ id: c.id, status: c.status, kind: c.kind, createdAt: c.createdAt.toISOString() })),
      })),
    })),
  };
}
