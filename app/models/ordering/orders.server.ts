// Orders as their owners see them: history, detail, guest look-up by number + mobile.
import { and, count, desc, eq, isNull } from "drizzle-orm";
import { db, schema as s } from "~/lib/db.server";
import { getOrderImpact } from "../impact/attribution.server";

export type OrderSummary = {
  orderNumber: string;
  status: (typeof s.orderStatus.enumValues)[number];
  totalFen: number;
  createdAt: string;
  lineCount: number;
};

/** The signed-in user's orders, newest first. */
export async function listOrdersForUser({
  userId,
  limit = 50,
}: {
  userId: string;
  limit?: number;
}): Promise<OrderSummary[]> {
  const rows = await db
    .select({
      orderNumber: s.orders.orderNumber,
      status: s.orders.status,
      totalFen: s.orders.totalFen,
      createdAt: s.orders.createdAt,
      lineCount: count(s.orderLines.id),
    })
    .from(s.orders)
    .leftJoin(s.orderLines, eq(s.orderLines.orderId, s.orders.id))
    .where(eq(s.orders.userId, userId))
    .groupBy(s.orders.id)
    .orderBy(desc(s.orders.createdAt))
    .limit(limit);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

/** True when `mobile` is the contact number of guest order `orderNumber` (account orders: log in). */
export async function orderMatchesMobile({
  orderNumber,
  mobile,
}: {
  orderNumber: string;
  mobile: string;
}): Promise<boolean> {
  const [row] = await db
    .select({ id: s.orders.id })
    .from(s.orders)
    .where(
      and(eq(s.orders.orderNumber, orderNumber), eq(s.orders.contactMobile, mobile), isNull(s.orders.userId)),
    );
  return Boolean(row);
}

export type OrderViewer = { userId?: string; guestOrders?: string[] };

/** The owner sees their order; a guest sees an account-less order this browser placed or unlocked. */
export function canViewOrder(
  order: { orderNumber: string; userId: string | null },
  viewer: OrderViewer,
): boolean {
  if (order.userId) return order.userId === viewer.userId;
  return Boolean(viewer.guestOrders?.includes(order.orderNumber));
}

/**
 * An order with its parts, lines, shipments and open payment, for its owner or a guest who
 * unlocked it with number + mobile; null otherwise (the caller answers 404 either way).
 */
export async function getOrderForViewer({
  orderNumber,
  viewer,
}: {
  orderNumber: string;
  viewer: OrderViewer;
}) {
  const [order] = await db.select().from(s.orders).where(eq(s.orders.orderNumber, orderNumber));
  if (!order) return null;
  if (!canViewOrder(order, viewer)) return null;

  const [parts, lines, shipments, payments] = await Promise.all([
    db
      .select({
        id: s.orderParts.id,
        supplierId: s.orderParts.supplierId,
        supplierName: s.suppliers.name,
        supplierSlug: s.suppliers.slug,
        status: s.orderParts.status,
        subtotalFen: s.orderParts.subtotalFen,
        shippingFen: s.orderParts.shippingFen,
      })
      .from(s.orderParts)
      .innerJoin(s.suppliers, eq(s.suppliers.id, s.orderParts.supplierId))
      .where(eq(s.orderParts.orderId, order.id))
      .orderBy(s.suppliers.name),
    db
      .select({
        id: s.orderLines.id,
        orderPartId: s.orderLines.orderPartId,
        productName: s.orderLines.productName,
        variantSpec: s.orderLines.variantSpec,
        quantity: s.orderLines.quantity,
        unitPriceFen: s.orderLines.unitPriceFen,
        lineTotalFen: s.orderLines.lineTotalFen,
        refundedFen: s.orderLines.refundedFen,
        certified: s.orderLines.certified,
        productSlug: s.products.slug,
      })
      .from(s.orderLines)
      .innerJoin(s.products, eq(s.products.id, s.orderLines.productId))
      .where(eq(s.orderLines.orderId, order.id)),
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
      .where(eq(s.orderParts.orderId, order.id)),
    db
      .select({
        id: s.payments.id,
        status: s.payments.status,
        purpose: s.payments.purpose,
        checkoutUrl: s.payments.checkoutUrl,
        createdAt: s.payments.createdAt,
      })
      .from(s.payments)
      .where(eq(s.payments.orderId, order.id))
      .orderBy(desc(s.payments.createdAt)),
  ]);
  // Waiting for the whole order or a deposit; or, deposit paid (待付尾款), for its balance.
  const open = (p: (typeof payments)[number]) => p.status === "pending" || p.status === "created";
  const openPayment =
    order.status === "pending_payment"
      ? payments.find(open)
      : order.status === "deposit_paid"
        ? payments.find((p) => open(p) && p.purpose === "balance")
        : undefined;
  const impact = order.paidAt ? await getOrderImpact({ orderId: order.id }) : null;
  return {
    impact,
    orderNumber: order.orderNumber,
    status: order.status,
    contactName: order.contactName,
    contactMobile: order.contactMobile,
    shippingAddress: order.shippingAddress,
    subtotalFen: order.subtotalFen,
    shippingFen: order.shippingFen,
    totalFen: order.totalFen,
    depositFen: order.depositFen,
    cancelReason: order.cancelReason,
    refundedFen: order.refundedFen,
    createdAt: order.createdAt.toISOString(),
    paidAt: order.paidAt?.toISOString() ?? null,
    expiresAt: order.expiresAt.toISOString(),
    lastPaymentFailed: payments[0]?.status === "failed",
    payUrl: openPayment?.checkoutUrl ?? null,
    parts: parts.map((p) => ({
      ...p,
      // "To ship" (待发货) only for a paid part: an unpaid or cancelled one is not waiting for the supplier.
      awaitingShipment: p.status === "paid" && !shipments.some((sh) => sh.orderPartId === p.id),
      lines: lines.filter((l) => l.orderPartId === p.id),
      shipments: shipments
        .filter((sh) => sh.orderPartId === p.id)
        .map((sh) => ({
          ...sh,
          shippedAt: sh.shippedAt.toISOString(),
          deliveredAt: sh.deliveredAt?.toISOString() ?? null,
        })),
    })),
  };
}
