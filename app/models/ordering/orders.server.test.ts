// What an order's page is told about each supplier's part: "to ship" (待发货) only once it is paid
// and nothing has been shipped — never for an order still awaiting payment (a failed payment).
import { and, eq, gt } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { seedDatabase } from "../../../db/seed";
import { addToCart } from "./cart.server";
import { placeOrder } from "./checkout.server";
import { getOrderForViewer } from "./orders.server";
import { completePayment } from "./payments.server";
import { shippingAddress } from "../../../tests/support/factories";

const shipping = shippingAddress({ contactMobile: "13912345678" });
let userId: string;

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 20 });
  [{ id: userId }] = await db
    .select({ id: s.users.id })
    .from(s.users)
    .where(eq(s.users.mobile, "13800000001"));
});

describe("getOrderForViewer: a part's shipping state", () => {
  it("is not 'awaiting shipment' after a failed payment; it is once paid", async () => {
    const [variant] = await db
      .select({ id: s.productVariants.id })
      .from(s.productVariants)
      .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
      .where(and(eq(s.products.status, "active"), gt(s.productVariants.stock, 5)))
      .limit(1);
    await addToCart({ owner: { userId }, variantId: variant.id, quantity: 1 });
    const placed = await placeOrder({ owner: { userId }, shipping });
    if (!placed.ok) throw new Error(placed.code);
    const paymentId = placed.paymentUrl.split("/").pop()!;
    const view = () => getOrderForViewer({ orderNumber: placed.orderNumber, viewer: { userId } });

    expect((await view())!.parts.map((p) => p.awaitingShipment)).toEqual([false]);
    await completePayment({
      provider: "demo",
      providerEventId: `demo:${paymentId}:fail`,
      paymentId,
      outcome: "failed",
    });
    const failed = (await view())!;
    expect(failed.lastPaymentFailed).toBe(true);
    expect(failed.parts.map((p) => [p.status, p.awaitingShipment])).toEqual([["pending_payment", false]]);

    await completePayment({
      provider: "demo",
      providerEventId: `demo:${paymentId}:pay`,
      paymentId,
      outcome: "succeeded",
    });
    expect((await view())!.parts.map((p) => [p.status, p.awaitingShipment])).toEqual([["paid", true]]);
  });
});
