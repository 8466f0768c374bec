// Stripe webhooks: the raw body is read before anything parses it, then verified and handled
// once per event id (see models/ordering/stripe.server.ts).
import type { ActionFunctionArgs } from "@remix-run/node";
import { handleStripeWebhook } from "~/models/ordering/stripe.server";

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response("Method not allowed", { status: 405 });
  const rawBody = await request.text();
  const answer = await handleStripeWebhook(rawBody, request.headers.get("Stripe-Signature"));
  return new Response(answer.body, { status: answer.status, headers: { "Content-Type": "text/plain" } });
}
