// The cart: one per signed-in user, or a guest cart whose id is kept in the signed session.
import { and, eq, sum } from "drizzle-orm";
import { db, schema as s } from "~/lib/db.server";

/** Total quantity in the caller's cart (the header's badge). */
export async function countCartItems({ userId, cartId }: { userId?: string; cartId?: string }): Promise<number> {
  if (!userId && !cartId) return 0;
  const [row] = await db
    .select({ n: sum(s.cartLines.quantity) })
    .from(s.cartLines)
    .innerJoin(s.carts, eq(s.carts.id, s.cartLines.cartId))
    .where(userId ? eq(s.carts.userId, userId) : and(eq(s.carts.id, cartId!)));
  return Number(row?.n ?? 0);
}
