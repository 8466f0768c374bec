// Alipay's asynchronous notifications (form-encoded, RSA2-signed): answered with the plain text
// "success" that stops Alipay's resending, or "fail" (see models/ordering/alipay.server.ts).
import type { ActionFunctionArgs } from "@remix-run/node";
import { handleAlipayNotify } from "~/models/ordering/alipay.server";

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response("Method not allowed", { status: 405 });
  const raw = await request.text();
  if (raw.length > 20_000)
    return new Response("fail", { status: 413, headers: { "Content-Type": "text/plain" } });
  const fields = Object.fromEntries(new URLSearchParams(raw));
  const answer = await handleAlipayNotify(fields);
  return new Response(answer, { status: 200, headers: { "Content-Type": "text/plain" } });
}
