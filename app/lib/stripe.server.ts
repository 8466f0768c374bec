// The Stripe SDK client, built from the settings. STRIPE_API_URL points the SDK at another host
// (the local fake Stripe of the tests) through its host/port/protocol options.
import Stripe from "stripe";
import { getEnv } from "./env.server";

export { Stripe };

let cached: { key: string; client: Stripe } | undefined;

/** True when payments go through Stripe (a secret key is set); otherwise the demo provider. */
export function stripeEnabled(): boolean {
  return Boolean(getEnv().STRIPE_SECRET_KEY);
}

export function getStripe(): Stripe {
  const env = getEnv();
  if (!env.STRIPE_SECRET_KEY) throw new Error("STRIPE_SECRET_KEY is not set");
  const key = `${env.STRIPE_SECRET_KEY}|${env.STRIPE_API_URL ?? ""}`;
  if (cached?.key === key) return cached.client;
  const config: Stripe.StripeConfig = { maxNetworkRetries: 2, timeout: 15_000 };
  if (env.STRIPE_API_URL) {
    const url = new URL(env.STRIPE_API_URL);
    config.host = url.hostname;
    config.port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
    config.protocol = url.protocol === "http:" ? "http" : "https";
  }
  cached = { key, client: new Stripe(env.STRIPE_SECRET_KEY, config) };
  return cached.client;
}

export function stripePaymentMethods(): Stripe.Checkout.SessionCreateParams.AllowedPaymentMethodType[] {
  return getEnv().STRIPE_PAYMENT_METHODS.split(
    ",",
  ) as Stripe.Checkout.SessionCreateParams.AllowedPaymentMethodType[];
}

/** Verifies a webhook's signature (300 s tolerance) and parses it; throws on a bad signature. */
export function constructStripeEvent(rawBody: string, signature: string): Stripe.Event {
  const secret = getEnv().STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new Error("STRIPE_WEBHOOK_SECRET is not set");
  return getStripe().webhooks.constructEvent(rawBody, signature, secret, 300);
}
