// Stripe's side of the payment port: webhook events and the success redirect, both turned into
// calls of the one idempotent `completePayment`, and the reconciliation of orders whose webhook
// never arrived.
import { and, eq } from "drizzle-orm";
import { db, schema as s } from "~/lib/db.server";
import { constructStripeEvent, getStripe, type Stripe } from "~/lib/stripe.server";
import {
  applyChargeRefunded,
  completePayment,
  reconcileOpenPayments,
  type CompletionResult,
  type PaymentOutcome,
  type ReconcileOptions,
} from "./payments.server";

/** The local payment id of a session: its metadata, else the payment that holds the session id. */
async function paymentIdOf(session: Stripe.Checkout.Session): Promise<string> {
  const fromMetadata = session.metadata?.payment_id;
  if (fromMetadata && /^[0-9a-f-]{36}$/i.test(fromMetadata)) return fromMetadata;
  const [row] = await db
    .select({ id: s.payments.id })
    .from(s.payments)
    .where(and(eq(s.payments.provider, "stripe"), eq(s.payments.providerRef, session.id)));
  return row?.id ?? "";
}

function paymentIntentOf(session: Stripe.Checkout.Session): string | null {
  const pi = session.payment_intent;
  return typeof pi === "string" ? pi : (pi?.id ?? null);
}

/** Applies a Checkout Session's outcome through completePayment. */
export async function applySession(
  session: Stripe.Checkout.Session,
  outcome: PaymentOutcome,
  providerEventId: string,
): Promise<CompletionResult | null> {
  return completePayment({
    provider: "stripe",
    providerEventId,
    paymentId: await paymentIdOf(session),
    outcome,
    providerPaymentId: paymentIntentOf(session),
    amountFen:
      outcome === "succeeded" && session.currency?.toLowerCase() === "cny"
        ? (session.amount_total ?? null)
        : outcome === "succeeded"
          ? -1
          : null,
    payload: {
      session_id: session.id,
      type: providerEventId.startsWith("evt_") ? "webhook" : "lookup",
      payment_status: session.payment_status,
      status: session.status,
    },
  });
}

export type WebhookAnswer = { status: number; body: string };

/** Verifies and handles one webhook delivery. 400 on a bad signature, with nothing changed. */
export async function handleStripeWebhook(rawBody: string, signature: string | null): Promise<WebhookAnswer> {
  let event: Stripe.Event;
  try {
    event = constructStripeEvent(rawBody, signature ?? "");
  } catch {
    return { status: 400, body: "bad signature" };
  }
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const session = event.data.object;
      // Delayed methods complete the session unpaid; their async_payment_* event follows.
      if (session.payment_status !== "paid") return { status: 200, body: "waiting for payment" };
      await applySession(session, "succeeded", event.id);
      return { status: 200, body: "ok" };
    }
    case "checkout.session.async_payment_failed":
      await applySession(event.data.object, "failed", event.id);
      return { status: 200, body: "ok" };
    case "checkout.session.expired":
      await applySession(event.data.object, "expired", event.id);
      return { status: 200, body: "ok" };
    case "charge.refunded": {
      const charge = event.data.object;
      await applyChargeRefunded({
        providerEventId: event.id,
        paymentIntentId:
          typeof charge.payment_intent === "string"
            ? charge.payment_intent
            : (charge.payment_intent?.id ?? null),
        refunds: (charge.refunds?.data ?? []).map((r) => ({
          id: r.id,
          status: r.status,
          metadata: r.metadata as Record<string, string> | null,
        })),
        payload: { charge_id: charge.id, amount_refunded: charge.amount_refunded },
      });
      return { status: 200, body: "ok" };
    }
    default:
      return { status: 200, body: "ignored" };
  }
}

/**
 * The buyer's return from Stripe: asks Stripe for the session and, when paid, completes the
 * payment with event id `return:<session id>` — the same function as the webhook, so the two
 * racing mark the order paid once. Returns the order number to show (null when unknown).
 */
export async function handleStripeReturn(sessionId: string): Promise<string | null> {
  if (!/^cs_[A-Za-z0-9_]+$/.test(sessionId)) return null;
  // Only sessions this shop opened are looked up at Stripe: a made-up id is a 404, not a call out.
  const [known] = await db
    .select({ id: s.payments.id })
    .from(s.payments)
    .where(and(eq(s.payments.provider, "stripe"), eq(s.payments.providerRef, sessionId)));
  if (!known) return null;
  const session = await getStripe().checkout.sessions.retrieve(sessionId);
  const paymentId = await paymentIdOf(session);
  if (session.payment_status === "paid") {
    const result = await applySession(session, "succeeded", `return:${session.id}`);
    if (result) return result.orderNumber;
  }
  if (!paymentId) return null;
  const [row] = await db
    .select({ orderNumber: s.orders.orderNumber })
    .from(s.payments)
    .innerJoin(s.orders, eq(s.orders.id, s.payments.orderId))
    .where(and(eq(s.payments.id, paymentId), eq(s.payments.provider, "stripe")));
  return row?.orderNumber ?? null;
}

/**
 * Reconciliation: asks Stripe for the Checkout Session of each open Stripe payment and applies a
 * paid or expired session (see reconcileOpenPayments) — a lost webhook is recovered.
 */
export function reconcileStripePayments(options?: ReconcileOptions) {
  return reconcileOpenPayments(
    "stripe",
    async (sessionId) => {
      const session = await getStripe().checkout.sessions.retrieve(sessionId);
      if (session.payment_status === "paid")
        return applySession(session, "succeeded", `reconcile:${session.id}:succeeded`);
      if (session.status === "expired")
        return applySession(session, "expired", `reconcile:${session.id}:expired`);
      return null;
    },
    options,
  );
}
