// The buyer's return from Stripe Checkout: the same completion as the webhook, then the order.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { handleStripeReturn } from "~/models/ordering/stripe.server";
import { invariantResponse } from "~/lib/invariant";

export async function loader({ request }: LoaderFunctionArgs) {
  const sessionId = new URL(request.url).searchParams.get("session_id") ?? "";
  const orderNumber = await handleStripeReturn(sessionId);
  invariantResponse(orderNumber, "Not found", { status: 404 });
  return redirect(`/orders/${orderNumber}`, { status: 303 });
}
