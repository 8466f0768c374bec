// Shared set-up of the offline Stripe tests: a fake Stripe API, settings pointing the real SDK at
// it, seeded catalog, an order placed through checkout, and webhooks signed with the SDK's helper.
import { eq } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { resetEnvCache } from "~/lib/env.server";
import { addToCart } from "~/models/ordering/cart.server";
import { placeOrder } from "~/models/ordering/checkout.server";
import { seedDatabase } from "../../db/seed";
import { startFakeStripe, type FakeStripe } from "./fake-stripe";
import { shippingAddress } from "./factories";

export const WEBHOOK_SECRET = "whsec_test_0123456789abcdef";
const shipping = shippingAddress();

export function useFakeStripe(): { fake: () => FakeStripe } {
  let fake: FakeStripe;
  beforeAll(async () => {
    fake = await startFakeStripe();
    process.env.STRIPE_SECRET_KEY = "sk_test_fake_key";
    process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
    process.env.STRIPE_API_URL = fake.url;
    resetEnvCache();
    await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 50 });
  });
  afterAll(async () => {
    delete process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_WEBHOOK_SECRET;
    delete process.env.STRIPE_API_URL;
    resetEnvCache();
    await fake?.close();
  });
  return { fake: () => fake };
}

/** In-stock variants, each of a different product. */
export async function someVariants(n: number) {
  const rows = await db
    .select({ id: s.productVariants.id, stock: s.productVariants.stock, productId: s.products.id })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .where(eq(s.products.status, "active"))
    .orderBy(s.productVariants.sku);
  const seen = new Set<string>();
  return rows.filter((r) => r.stock >= 30 && !seen.has(r.productId) && seen.add(r.productId)).slice(0, n);
}

/** Places a Stripe order of `lines`; returns the order, its payment and the fake's session. */
export async function placeStripeOrder(fake: FakeStripe, lines: { variantId: string; quantity: number }[]) {
  let cartId: string | undefined;
  for (const line of lines) {
    const added = await addToCart({ owner: { cartId }, ...line });
    if (!added.ok) throw new Error(added.code);
    cartId = added.cartId;
  }
  const result = await placeOrder({ owner: { cartId }, shipping, origin: "http://shop.test" });
  if (!result.ok) throw new Error(result.code);
  const [payment] = await db.select().from(s.payments).where(eq(s.payments.orderId, result.orderId));
  const session = fake.sessions.get(payment.providerRef!)!;
  return { ...result, payment, session };
}

export function stripeEvent(
  type: string,
  object: Record<string, unknown>,
  eventId = `evt_${Math.random().toString(36).slice(2)}`,
) {
  return {
    id: eventId,
    object: "event",
    type,
    api_version: "2026-10-28.endive",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: { object },
  };
}

const signer = new Stripe("sk_test_signer");

export function webhookRequest(
  event: object,
  {
    secret = WEBHOOK_SECRET,
    timestamp,
    tamper,
  }: { secret?: string; timestamp?: number; tamper?: boolean } = {},
) {
  const payload = JSON.stringify(event);
  const signature = signer.webhooks.generateTestHeaderString({ payload, secret, timestamp });
  return new Request("http://localhost/webhooks/stripe", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Stripe-Signature": signature },
    body: tamper ? payload.replace('"livemode":false', '"livemode":true') : payload,
  });
}

export async function orderState(orderId: string) {
  const [order] = await db.select().from(s.orders).where(eq(s.orders.id, orderId));
  const payments = await db.select().from(s.payments).where(eq(s.payments.orderId, orderId));
  const events = await db.select().from(s.paymentEvents).where(eq(s.paymentEvents.orderId, orderId));
  return { order, payments, events };
}
