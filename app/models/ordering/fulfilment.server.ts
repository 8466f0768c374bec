// Fulfilment of paid orders (DESIGN.md §3 "Orders"): each supplier ships its own part, marks it
// delivered and refunds its lines; admins refund any line. This file writes `shipments` (statuses
// through status.server.ts); refunds go through `refundOrderLines` (the payment port,
// payments.server.ts), which also posts the ledger reversal.
//
// Scope, in SQL on every read and write: supplier_staff see and change only parts whose
// supplier_id is their own; admin reaches every part; anyone else reaches nothing. A part of
// another supplier answers exactly like a missing one (null / "not_found" → 404).
//
// Status rules: part paid → shipped (with a shipment: carrier + tracking number) → delivered.
// Anything else is refused ("illegal_transition"). The statuses themselves are written by
// status.server.ts (movePart; the order follows its parts there). Every change locks the order first, then the part (the same order as refundOrderLines).
import { and, asc, count, desc, eq, gte, inArray, isNull, lt, lte, ne, sql, type SQL } from "drizzle-orm";
import { shanghaiMonthBounds } from "~/lib/dates";
import { db, schema as s, type Transaction } from "~/lib/db.server";
import { isTrackingNumber, MAX_CARRIER_LENGTH } from "~/lib/shipment-rules";
import { assignLatestBatches } from "../catalog/batches.server";
import { recordAudit } from "../access/audit.server";
import { orderRecipient, refundOrderLines } from "./payments.server";
import { enqueueNotification } from "../notifications/outbox.server";
import { followParts, movePart } from "./status.server";
import { ownSupplierFilter, type Caller } from "../access/scope.server";
import { UUID } from "~/lib/ids";
import { pageOf } from "~/lib/paging";

import type { PartStatus } from "./status.server";
export type { PartStatus };

/** Statuses of a part that belongs to a paid order (what the supplier's order list shows). */
export const FULFILMENT_STATUSES = [
  "paid",
  "shipped",
  "delivered",
  "completed",
] as const satisfies readonly PartStatus[];
export type FulfilmentStatus = (typeof FULFILMENT_STATUSES)[number];
export function parseFulfilmentStatus(value: string | null): FulfilmentStatus | null {
  return (FULFILMENT_STATUSES as readonly string[]).includes(value ?? "")
    ? (value as FulfilmentStatus)
    : null;
}

export const LOW_STOCK_THRESHOLD = 10;
export const PAGE_SIZE = 20;

const RANK: Record<string, number> = { paid: 1, shipped: 2, delivered: 3, completed: 4 };
// Correlated subqueries name their tables: drizzle leaves columns unqualified in a one-table select.

/** A condition limiting `order_parts` rows to the caller's scope. */
function partScope(caller: Caller): SQL | undefined {
  return ownSupplierFilter(caller, s.orderParts.supplierId);
}

/** Paid orders only: a pending or cancelled order's part is nothing to fulfil. */
const paidPart = inArray(s.orderParts.status, [...FULFILMENT_STATUSES]);

// ─── reading ─────────────────────────────────────────────────────────────────────────────

/** The caller's parts of paid orders, newest payment first, `PAGE_SIZE` per page. */
export async function listOrderParts({
  caller,
  status,
  page = 1,
}: {
  caller: Caller;
  status?: FulfilmentStatus | null;
  page?: number;
}) {
  const where = and(partScope(caller), status ? eq(s.orderParts.status, status) : paidPart);
  const [{ total }] = await db.select({ total: count() }).from(s.orderParts).where(where);
  const { page: current, pageCount } = pageOf(total, PAGE_SIZE, page);
  const rows = await db
    .select({
      id: s.orderParts.id,
      orderNumber: s.orders.orderNumber,
      status: s.orderParts.status,
      paidAt: s.orders.paidAt,
      contactName: s.orders.contactName,
      subtotalFen: s.orderParts.subtotalFen,
      shippingFen: s.orderParts.shippingFen,
      items: sql<number>`(select coalesce(sum(ol.quantity), 0)::int from order_lines ol where ol.order_part_id = "order_parts"."id")`,
      refundedFen: sql<number>`(select coalesce(sum(ol.refunded_fen), 0)::int from order_lines ol where ol.order_part_id = "order_parts"."id")`,
    })
    .from(s.orderParts)
    .innerJoin(s.orders, eq(s.orders.id, s.orderParts.orderId))
    .where(where)
    .orderBy(desc(s.orders.paidAt), desc(s.orders.orderNumber))
    .limit(PAGE_SIZE)
    .offset((current - 1) * PAGE_SIZE);
  return {
    total,
    page: current,
    pageCount,
    rows: rows.map((r) => ({
      ...r,
      items: Number(r.items),
      refundedFen: Number(r.refundedFen),
      paidAt: r.paidAt?.toISOString() ?? null,
    })),
  };
}

/** Lines, shipments and refunds of some parts (all of the same order). */
async function partContents(partIds: string[]) {
  if (partIds.length === 0) return { lines: [], shipments: [], refunds: [] };
  const [lines, shipments, refunds] = await Promise.all([
    db
      .select({
        id: s.orderLines.id,
        orderPartId: s.orderLines.orderPartId,
        productName: s.orderLines.productName,
        variantSpec: s.orderLines.variantSpec,
        sku: s.productVariants.sku,
        quantity: s.orderLines.quantity,
        unitPriceFen: s.orderLines.unitPriceFen,
        lineTotalFen: s.orderLines.lineTotalFen,
        refundedFen: s.orderLines.refundedFen,
        refundedQuantity: s.orderLines.refundedQuantity,
        certified: s.orderLines.certified,
        certificateNo: s.orderLines.certificateNo,
      })
      .from(s.orderLines)
      .innerJoin(s.productVariants, eq(s.productVariants.id, s.orderLines.variantId))
      .where(inArray(s.orderLines.orderPartId, partIds))
      .orderBy(asc(s.orderLines.productName), asc(s.orderLines.id)),
    db
      .select({
        id: s.shipments.id,
        orderPartId: s.shipments.orderPartId,
        carrier: s.shipments.carrier,
        trackingNumber: s.shipments.trackingNumber,
        shippedAt: s.shipments.shippedAt,
        deliveredAt: s.shipments.deliveredAt,
      })
      .from(s.shipments)
      .where(inArray(s.shipments.orderPartId, partIds))
      .orderBy(asc(s.shipments.shippedAt)),
    // Only the amounts of these parts' lines: a refund spanning several suppliers shows each its own.
    db
      .select({
        refundId: s.refunds.id,
        orderPartId: s.orderLines.orderPartId,
        orderLineId: s.refundLines.orderLineId,
        productName: s.orderLines.productName,
        variantSpec: s.orderLines.variantSpec,
        amountFen: s.refundLines.amountFen,
        quantity: s.refundLines.quantity,
        status: s.refunds.status,
        reason: s.refunds.reason,
        createdAt: s.refunds.createdAt,
      })
      .from(s.refundLines)
      .innerJoin(s.refunds, eq(s.refunds.id, s.refundLines.refundId))
      .innerJoin(s.orderLines, eq(s.orderLines.id, s.refundLines.orderLineId))
      .where(inArray(s.orderLines.orderPartId, partIds))
      .orderBy(asc(s.refunds.createdAt)),
  ]);
  return {
    lines,
    shipments: shipments.map((x) => ({
      ...x,
      shippedAt: x.shippedAt.toISOString(),
      deliveredAt: x.deliveredAt?.toISOString() ?? null,
    })),
    refunds: refunds.map((x) => ({ ...x, createdAt: x.createdAt.toISOString() })),
  };
}

/**
 * One part with what the supplier needs to ship it: the line snapshots, the buyer's contact and
 * address (of this order only), shipments and refunds. Null outside the caller's scope.
 */
export async function getOrderPart({ caller, partId }: { caller: Caller; partId: string }) {
  if (!UUID.test(partId)) return null;
  const [part] = await db
    .select({
      id: s.orderParts.id,
      orderId: s.orders.id,
      orderNumber: s.orders.orderNumber,
      orderStatus: s.orders.status,
      status: s.orderParts.status,
      supplierName: s.suppliers.name,
      subtotalFen: s.orderParts.subtotalFen,
      shippingFen: s.orderParts.shippingFen,
      paidAt: s.orders.paidAt,
      createdAt: s.orders.createdAt,
      buyerKind: s.orders.buyerKind,
      contactName: s.orders.contactName,
      contactMobile: s.orders.contactMobile,
      shippingAddress: s.orders.shippingAddress,
    })
    .from(s.orderParts)
    .innerJoin(s.orders, eq(s.orders.id, s.orderParts.orderId))
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.orderParts.supplierId))
    .where(and(eq(s.orderParts.id, partId), partScope(caller), paidPart));
  if (!part) return null;
  const contents = await partContents([part.id]);
  const remainingFen = contents.lines.reduce((a, l) => a + l.lineTotalFen - l.refundedFen, 0);
  return {
    ...part,
    paidAt: part.paidAt?.toISOString() ?? null,
    createdAt: part.createdAt.toISOString(),
    ...contents,
    remainingFen,
    canShip: part.status === "paid" && remainingFen > 0,
    canDeliver: part.status === "shipped",
  };
}

// ─── status changes ──────────────────────────────────────────────────────────────────────

/** Locks the order, then the part in the caller's scope; null when out of scope or unknown. */
async function lockPart(tx: Transaction, caller: Caller, partId: string) {
  if (!UUID.test(partId)) return null;
  const [target] = await tx
    .select({ orderId: s.orderParts.orderId })
    .from(s.orderParts)
    .where(and(eq(s.orderParts.id, partId), partScope(caller)));
  if (!target) return null;
  const [order] = await tx.select().from(s.orders).where(eq(s.orders.id, target.orderId)).for("update");
  const [part] = await tx.select().from(s.orderParts).where(eq(s.orderParts.id, partId)).for("update");
  return { order, part };
}

export type ShipError =
  | "not_found"
  | "illegal_transition"
  | "nothing_to_ship"
  | "invalid_carrier"
  | "invalid_tracking"
  | "tracking_in_use";
export type ShipResult = { ok: true; shipmentId: string } | { ok: false; code: ShipError };

/** paid → shipped, with a shipment (carrier + tracking number), audited, in one transaction. */
export async function shipOrderPart({
  caller,
  partId,
  carrier,
  trackingNumber,
  now = new Date(),
}: {
  caller: Caller;
  partId: string;
  carrier: string;
  trackingNumber: string;
  now?: Date;
}): Promise<ShipResult> {
  const c = carrier.trim();
  const t = trackingNumber.trim();
  if (c.length === 0 || c.length > MAX_CARRIER_LENGTH) return { ok: false, code: "invalid_carrier" };
  if (!isTrackingNumber(t)) return { ok: false, code: "invalid_tracking" };
  return db.transaction(async (tx) => {
    const locked = await lockPart(tx, caller, partId);
    if (!locked || !(locked.part.status in RANK)) return { ok: false as const, code: "not_found" as const };
    if (locked.part.status !== "paid") return { ok: false as const, code: "illegal_transition" as const };
    const [{ remaining }] = await tx
      .select({
        remaining: sql<number>`coalesce(sum(${s.orderLines.lineTotalFen} - ${s.orderLines.refundedFen}), 0)::int`,
      })
      .from(s.orderLines)
      .where(eq(s.orderLines.orderPartId, partId));
    if (Number(remaining) <= 0) return { ok: false as const, code: "nothing_to_ship" as const };
    // The unique (carrier, tracking) index answers a reused number without aborting the transaction.
    const [shipment] = await tx
      .insert(s.shipments)
      .values({ orderPartId: partId, carrier: c, trackingNumber: t, shippedBy: caller.id, shippedAt: now })
      .onConflictDoNothing()
      .returning({ id: s.shipments.id });
    if (!shipment) return { ok: false as const, code: "tracking_in_use" as const };
    await assignLatestBatches(tx, { partId, now }); // trace codes (catalog/batches.server.ts)
    await movePart(tx, { orderId: locked.order.id, partId, to: "shipped", now });
    await recordAudit(tx, {
      actor: { id: caller.id, role: caller.role },
      action: "order_part.shipped",
      subjectType: "order_part",
      subjectId: partId,
      details: { orderNumber: locked.order.orderNumber, carrier: c, trackingNumber: t },
      at: now,
    });
    const [supplier] = await tx
      .select({ name: s.suppliers.name })
      .from(s.suppliers)
      .where(eq(s.suppliers.id, locked.part.supplierId));
    await enqueueNotification(tx, {
      event: `order.shipped:${shipment.id}`,
      template: "order_shipped",
      params: {
        orderNumber: locked.order.orderNumber,
        supplierName: supplier?.name ?? "",
        carrier: c,
        trackingNo: t,
      },
      to: orderRecipient(locked.order),
    });
    return { ok: true as const, shipmentId: shipment.id };
  });
}

export type DeliverResult = { ok: true } | { ok: false; code: "not_found" | "illegal_transition" };

/** shipped → delivered (the shipments get their delivery time), audited. */
export async function markPartDelivered({
  caller,
  partId,
  now = new Date(),
}: {
  caller: Caller;
  partId: string;
  now?: Date;
}): Promise<DeliverResult> {
  return db.transaction(async (tx) => {
    const locked = await lockPart(tx, caller, partId);
    if (!locked || !(locked.part.status in RANK)) return { ok: false as const, code: "not_found" as const };
    if (locked.part.status !== "shipped") return { ok: false as const, code: "illegal_transition" as const };
    await tx
      .update(s.shipments)
      .set({ deliveredAt: now })
      .where(and(eq(s.shipments.orderPartId, partId), isNull(s.shipments.deliveredAt)));
    await movePart(tx, { orderId: locked.order.id, partId, to: "delivered", now });
    await recordAudit(tx, {
      actor: { id: caller.id, role: caller.role },
      action: "order_part.delivered",
      subjectType: "order_part",
      subjectId: partId,
      details: { orderNumber: locked.order.orderNumber },
      at: now,
    });
    return { ok: true as const };
  });
}

// ─── refunds ─────────────────────────────────────────────────────────────────────────────

export type RefundLineError =
  | "not_found"
  | "not_refundable"
  | "bad_amount"
  | "exceeds_refundable"
  | "exceeds_quantity"
  | "provider_failed";
export type RefundLineResult =
  | { ok: true; refundId: string; amountFen: number; duplicate: boolean }
  | { ok: false; code: RefundLineError; remainingFen?: number; remainingQuantity?: number };

/**
 * Refunds part of one line (an amount in fen, or a quantity at the line's unit price, or both:
 * the amount with the quantity of goods returned) through the payment port, which also posts the
 * ledger reversal. The caller must reach the line's part. `idempotencyKey` comes from the form,
 * so a double submission refunds once. Never beyond what remains of the line.
 */
export async function refundLine({
  caller,
  lineId,
  partId,
  orderNumber,
  amountFen,
  quantity,
  reason = "",
  idempotencyKey,
  now = new Date(),
}: {
  caller: Caller;
  lineId: string;
  /** When given, the line must belong to this part / this order (the page the form was on). */
  partId?: string;
  orderNumber?: string;
  amountFen?: number | null;
  quantity?: number | null;
  reason?: string;
  idempotencyKey?: string;
  now?: Date;
}): Promise<RefundLineResult> {
  if (!UUID.test(lineId) || (partId !== undefined && !UUID.test(partId)))
    return { ok: false, code: "not_found" };
  const [line] = await db
    .select({ line: s.orderLines, partStatus: s.orderParts.status, orderNumber: s.orders.orderNumber })
    .from(s.orderLines)
    .innerJoin(s.orderParts, eq(s.orderParts.id, s.orderLines.orderPartId))
    .innerJoin(s.orders, eq(s.orders.id, s.orderLines.orderId))
    .where(
      and(
        eq(s.orderLines.id, lineId),
        partScope(caller),
        partId !== undefined ? eq(s.orderLines.orderPartId, partId) : undefined,
        orderNumber !== undefined ? eq(s.orders.orderNumber, orderNumber) : undefined,
      ),
    );
  if (!line) return { ok: false, code: "not_found" };
  if (!(line.partStatus in RANK)) return { ok: false, code: "not_refundable" };
  const l = line.line;
  const remainingFen = l.lineTotalFen - l.refundedFen;
  const remainingQuantity = l.quantity - l.refundedQuantity;
  const qty = quantity ?? 0;
  if (!Number.isSafeInteger(qty) || qty < 0) return { ok: false, code: "bad_amount" };
  const amount = amountFen ?? (qty > 0 ? qty * l.unitPriceFen : 0);
  if (!Number.isSafeInteger(amount) || amount <= 0) return { ok: false, code: "bad_amount" };
  if (amount > remainingFen)
    return { ok: false, code: "exceeds_refundable", remainingFen, remainingQuantity };
  if (qty > remainingQuantity)
    return { ok: false, code: "exceeds_quantity", remainingFen, remainingQuantity };

  let result;
  try {
    result = await refundOrderLines({
      orderId: l.orderId,
      lines: [{ orderLineId: l.id, amountFen: amount, quantity: qty }],
      reason: reason.trim(),
      requestedBy: caller.id,
      idempotencyKey: idempotencyKey ? `line:${l.id}:${idempotencyKey}` : undefined,
      now,
    });
  } catch (error) {
    console.error(`refund of line ${l.id} failed`, error);
    return { ok: false, code: "provider_failed" };
  }
  if (!result.ok) {
    // Someone refunded in between: tell what is left now.
    if (result.code === "beyond_paid") {
      const [fresh] = await db.select().from(s.orderLines).where(eq(s.orderLines.id, l.id));
      return {
        ok: false,
        code: "exceeds_refundable",
        remainingFen: fresh.lineTotalFen - fresh.refundedFen,
        remainingQuantity: fresh.quantity - fresh.refundedQuantity,
      };
    }
    return { ok: false, code: result.code === "not_paid" ? "not_refundable" : "bad_amount" };
  }
  if (!result.duplicate) {
    // refundOrderLines owns its transaction, so the audit entry and the order status follow in a
    // second one right after (a refund is never lost: it is committed first).
    await db.transaction(async (tx) => {
      await tx.select({ id: s.orders.id }).from(s.orders).where(eq(s.orders.id, l.orderId)).for("update");
      await followParts(tx, l.orderId, now);
      await recordAudit(tx, {
        actor: { id: caller.id, role: caller.role },
        action: "order_line.refunded",
        subjectType: "order_line",
        subjectId: l.id,
        details: {
          orderNumber: line.orderNumber,
          refundId: result.refundId,
          amountFen: amount,
          quantity: qty,
        },
        at: now,
      });
    });
  }
  return { ok: true, refundId: result.refundId, amountFen: result.amountFen, duplicate: result.duplicate };
}

// ─── supplier dashboard ──────────────────────────────────────────────────────────────────

/**
 * The supplier's overview: parts waiting to ship, low-stock variants, this Asia/Shanghai month's
 * sales (orders paid this month, net of refunds, from the sales rollup) and the income attributed
 * to its beneficiaries this month (the ledger's sales net of reversals).
 */
export async function getSupplierDashboard({ caller, now = new Date() }: { caller: Caller; now?: Date }) {
  const supplierId = caller.role === "supplier_staff" ? caller.supplierId : null;
  if (!supplierId) return null;
  const { month, from, to } = shanghaiMonthBounds(now);
  const [waiting, waitingCount, lowStock, [sales], [attributed]] = await Promise.all([
    db
      .select({
        id: s.orderParts.id,
        orderNumber: s.orders.orderNumber,
        paidAt: s.orders.paidAt,
        contactName: s.orders.contactName,
      })
      .from(s.orderParts)
      .innerJoin(s.orders, eq(s.orders.id, s.orderParts.orderId))
      .where(and(eq(s.orderParts.supplierId, supplierId), eq(s.orderParts.status, "paid")))
      .orderBy(asc(s.orders.paidAt))
      .limit(10),
    db
      .select({ n: count() })
      .from(s.orderParts)
      .where(and(eq(s.orderParts.supplierId, supplierId), eq(s.orderParts.status, "paid"))),
    db
      .select({
        variantId: s.productVariants.id,
        productName: s.products.name,
        spec: s.productVariants.spec,
        sku: s.productVariants.sku,
        stock: s.productVariants.stock,
      })
      .from(s.productVariants)
      .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
      .where(
        and(
          eq(s.products.supplierId, supplierId),
          ne(s.products.status, "withdrawn"),
          eq(s.productVariants.active, true),
          lte(s.productVariants.stock, LOW_STOCK_THRESHOLD),
        ),
      )
      .orderBy(asc(s.productVariants.stock), asc(s.productVariants.sku))
      .limit(50),
    db
      .select({
        salesFen: sql<number>`coalesce(sum(${s.statsSalesDaily.salesFen}), 0)::bigint`,
        refundedFen: sql<number>`coalesce(sum(${s.statsSalesDaily.refundedFen}), 0)::bigint`,
      })
      .from(s.statsSalesDaily)
      .where(
        and(
          eq(s.statsSalesDaily.supplierId, supplierId),
          gte(s.statsSalesDaily.statDate, from),
          lt(s.statsSalesDaily.statDate, to),
        ),
      ),
    db
      .select({ amountFen: sql<number>`coalesce(sum(${s.attributionEntries.amountFen}), 0)::bigint` })
      .from(s.attributionEntries)
      .where(
        and(
          eq(s.attributionEntries.supplierId, supplierId),
          gte(s.attributionEntries.statDate, from),
          lt(s.attributionEntries.statDate, to),
        ),
      ),
  ]);
  return {
    month,
    waitingCount: waitingCount[0].n,
    waiting: waiting.map((w) => ({ ...w, paidAt: w.paidAt?.toISOString() ?? null })),
    lowStock,
    lowStockThreshold: LOW_STOCK_THRESHOLD,
    salesFen: Number(sales.salesFen),
    refundedFen: Number(sales.refundedFen),
    attributedFen: Number(attributed.amountFen),
  };
}

// ─── admin: every order ──────────────────────────────────────────────────────────────────

/** Admins: orders by number (prefix search), newest first. Null for anyone else. */
export async function listOrdersForAdmin({
  caller,
  q,
  page = 1,
}: {
  caller: Caller;
  q?: string | null;
  page?: number;
}) {
  if (caller.role !== "admin") return null;
  const query = (q ?? "")
    .trim()
    .replace(/[^0-9-]/g, "")
    .slice(0, 20);
  const where = query ? sql`${s.orders.orderNumber} like ${`${query}%`}` : undefined;
  const [{ total }] = await db.select({ total: count() }).from(s.orders).where(where);
  const { page: current, pageCount } = pageOf(total, PAGE_SIZE, page);
  const rows = await db
    .select({
      orderNumber: s.orders.orderNumber,
      status: s.orders.status,
      contactName: s.orders.contactName,
      totalFen: s.orders.totalFen,
      refundedFen: s.orders.refundedFen,
      createdAt: s.orders.createdAt,
      paidAt: s.orders.paidAt,
    })
    .from(s.orders)
    .where(where)
    .orderBy(desc(s.orders.createdAt), desc(s.orders.orderNumber))
    .limit(PAGE_SIZE)
    .offset((current - 1) * PAGE_SIZE);
  return {
    q: query,
    total,
    page: current,
    pageCount,
    rows: rows.map((r) => ({
      ...r,
      createdAt: r.createdAt.toISOString(),
      paidAt: r.paidAt?.toISOString() ?? null,
    })),
  };
}

/** Admins: one order with every part, line, shipment and refund. Null for anyone else. */
export async function getOrderForAdmin({ caller, orderNumber }: { caller: Caller; orderNumber: string }) {
  if (caller.role !== "admin") return null;
  const [order] = await db.select().from(s.orders).where(eq(s.orders.orderNumber, orderNumber));
  if (!order) return null;
  const parts = await db
    .select({
      id: s.orderParts.id,
      status: s.orderParts.status,
      supplierName: s.suppliers.name,
      subtotalFen: s.orderParts.subtotalFen,
      shippingFen: s.orderParts.shippingFen,
    })
    .from(s.orderParts)
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.orderParts.supplierId))
    .where(eq(s.orderParts.orderId, order.id))
    .orderBy(asc(s.suppliers.name));
  const contents = await partContents(parts.map((p) => p.id));
  const [payment] = await db
    .select({
      provider: s.payments.provider,
      amountFen: s.payments.amountFen,
      succeededAt: s.payments.succeededAt,
    })
    .from(s.payments)
    .where(and(eq(s.payments.orderId, order.id), eq(s.payments.status, "succeeded")));
  return {
    orderNumber: order.orderNumber,
    status: order.status,
    buyerKind: order.buyerKind,
    contactName: order.contactName,
    contactMobile: order.contactMobile,
    totalFen: order.totalFen,
    refundedFen: order.refundedFen,
    createdAt: order.createdAt.toISOString(),
    paidAt: order.paidAt?.toISOString() ?? null,
    payment: payment ? { ...payment, succeededAt: payment.succeededAt?.toISOString() ?? null } : null,
    parts: parts.map((p) => ({
      ...p,
      refundable: p.status in RANK,
      lines: contents.lines.filter((l) => l.orderPartId === p.id),
      shipments: contents.shipments.filter((x) => x.orderPartId === p.id),
      refunds: contents.refunds.filter((x) => x.orderPartId === p.id),
    })),
  };
}
