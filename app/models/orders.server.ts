// Orders as their owners see them: history, detail, guest look-up by number + mobile.
import { and, count, desc, eq } from "drizzle-orm";
import { db, schema as s } from "~/lib/db.server";

export type OrderSummary = {
  orderNumber: string;
  status: (typeof s.orderStatus.enumValues)[number];
  totalFen: number;
  createdAt: string;
  lineCount: number;
};

/** The signed-in user's orders, newest first. */
export async function listOrdersForUser({ userId, limit = 50 }: { userId: string; limit?: number }): Promise<OrderSummary[]> {
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

/** True when `mobile` is the contact number of order `orderNumber` (guest look-up). */
export async function orderMatchesMobile({ orderNumber, mobile }: { orderNumber: string; mobile: string }): Promise<boolean> {
  const [row] = await db
    .select({ id: s.orders.id })
    .from(s.orders)
    .where(and(eq(s.orders.orderNumber, orderNumber), eq(s.orders.contactMobile, mobile)));
  return Boolean(row);
}
