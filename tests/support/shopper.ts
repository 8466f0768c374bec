// Issue 20's tests: demo users as Callers, a signed-in shopper's paid order, and its delivery.
import { and, eq } from "drizzle-orm";
import { db, schema as s } from "~/lib/db.server";
import { getUserById, type User } from "~/models/access/users.server";
import { addToCart } from "~/models/ordering/cart.server";
import { placeOrder } from "~/models/ordering/checkout.server";
import { markPartDelivered, shipOrderPart } from "~/models/ordering/fulfilment.server";
import { completePayment } from "~/models/ordering/payments.server";
import { demoMobile, shippingAddress } from "./factories";

/** The demo account `key` as the User the guards return. */
export async function demoUser(key: string): Promise<User> {
  const [row] = await db
    .select({ id: s.users.id })
    .from(s.users)
    .where(eq(s.users.mobile, demoMobile(key)));
  return (await getUserById(row.id))!;
}

/** An active variant of `supplierId` with its stock set to `stock`. */
export async function variantOf(supplierId: string, stock = 500, skip = 0) {
  const rows = await db
    .select({
      id: s.productVariants.id,
      productId: s.products.id,
      slug: s.products.slug,
      priceFen: s.productVariants.priceFen,
    })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .where(
      and(
        eq(s.products.supplierId, supplierId),
        eq(s.products.status, "active"),
        eq(s.productVariants.active, true),
      ),
    )
    .orderBy(s.productVariants.sku);
  const v = rows[skip];
  await db.update(s.productVariants).set({ stock }).where(eq(s.productVariants.id, v.id));
  return v;
}

/** The user buys `quantity` of a variant and pays (demo); returns the order, its line and part. */
export async function buyAsUser(userId: string, variantId: string, quantity = 1, now = new Date()) {
  const added = await addToCart({ owner: { userId }, variantId, quantity });
  if (!added.ok) throw new Error(`addToCart: ${JSON.stringify(added)}`);
  const placed = await placeOrder({ owner: { userId }, shipping: shippingAddress(), now });
  if (!placed.ok) throw new Error(`placeOrder: ${JSON.stringify(placed)}`);
  const paymentId = placed.paymentUrl.split("/").pop()!;
  await completePayment({
    provider: "demo",
    providerEventId: `demo:${paymentId}:pay`,
    paymentId,
    outcome: "succeeded",
    now,
  });
  const [line] = await db
    .select({
      id: s.orderLines.id,
      partId: s.orderLines.orderPartId,
      lineTotalFen: s.orderLines.lineTotalFen,
      quantity: s.orderLines.quantity,
    })
    .from(s.orderLines)
    .where(and(eq(s.orderLines.orderId, placed.orderId), eq(s.orderLines.variantId, variantId)));
  return { orderId: placed.orderId, orderNumber: placed.orderNumber, line };
}

let tracking = 0;
/** The supplier ships the part and marks it delivered. */
export async function shipAndDeliver(staff: User, partId: string) {
  const shipped = await shipOrderPart({
    caller: staff,
    partId,
    carrier: "顺丰速运",
    trackingNumber: `SF${Date.now()}${++tracking}`,
  });
  if (!shipped.ok) throw new Error(`ship: ${JSON.stringify(shipped)}`);
  const delivered = await markPartDelivered({ caller: staff, partId });
  if (!delivered.ok) throw new Error(`deliver: ${JSON.stringify(delivered)}`);
}
