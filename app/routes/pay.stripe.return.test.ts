// The buyer's return from Stripe Checkout, through the route: the same completion as the webhook
// (a paid session pays the order once, however often the browser comes back), then the order page.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { placeStripeOrder, someVariants, useFakeStripe } from "../../tests/support/stripe-setup";
import { call, getRequest } from "../../tests/support/requests";
import { loader } from "./pay.stripe.return";

const { fake } = useFakeStripe();
const returnFrom = (sessionId: string) =>
  call(async () =>
    loader({
      request: getRequest(`/pay/stripe/return?session_id=${encodeURIComponent(sessionId)}`),
      params: {},
      context: {},
    }),
  );

describe("/pay/stripe/return", () => {
  it("a paid session pays the order once and lands on the order page; an unpaid one leaves it waiting", async () => {
    const [variant] = await someVariants(1);
    const placed = await placeStripeOrder(fake(), [{ variantId: variant.id, quantity: 1 }]);

    // Back before paying (the buyer pressed back on Stripe's page): the order still waits.
    const early = await returnFrom(placed.session.id as string);
    expect(early.status).toBe(303);
    expect(early.headers.get("Location")).toBe(`/orders/${placed.orderNumber}`);
    expect((await db.select().from(s.orders).where(eq(s.orders.id, placed.orderId)))[0].status).toBe(
      "pending_payment",
    );

    fake().markPaid(placed.session.id as string);
    for (let i = 0; i < 3; i++) {
      const back = await returnFrom(placed.session.id as string);
      expect(back.status).toBe(303);
      expect(back.headers.get("Location")).toBe(`/orders/${placed.orderNumber}`);
    }
    const [order] = await db.select().from(s.orders).where(eq(s.orders.id, placed.orderId));
    expect(order.status).toBe("paid");
    const succeeded = await db.select().from(s.payments).where(eq(s.payments.orderId, placed.orderId));
    expect(succeeded.filter((p) => p.status === "succeeded")).toHaveLength(1);
  });

  it("an unknown or missing session id is a 404", async () => {
    expect((await returnFrom("cs_test_nope")).status).toBe(404);
    expect((await returnFrom("")).status).toBe(404);
  });
});
