// The buyer's return from Alipay's cashier: the payment is looked up at Alipay (the query string is
// not trusted) and the buyer lands on the order page.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { handleAlipayReturn } from "~/models/ordering/alipay.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const outTradeNo = new URL(request.url).searchParams.get("out_trade_no") ?? "";
  const orderNumber = await handleAlipayReturn(outTradeNo);
  if (!orderNumber) throw new Response("Not found", { status: 404 });
  return redirect(`/orders/${orderNumber}`, { status: 303 });
}
