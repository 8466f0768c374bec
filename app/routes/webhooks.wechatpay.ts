// WeChat Pay API v3 notifications (payments and refunds): the raw body is verified against the
// Wechatpay-* headers, then decrypted; 204 when recorded, {"code":"FAIL"} with 4xx/5xx otherwise
// (see models/ordering/wechatpay.server.ts).
import type { ActionFunctionArgs } from "@remix-run/node";
import { wechatPayEnabled } from "~/lib/wechatpay.server";
import { handleWechatPayNotify } from "~/models/ordering/wechatpay.server";

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response("Method not allowed", { status: 405 });
  const raw = await request.text();
  const fail = (status: number, message: string) =>
    new Response(JSON.stringify({ code: "FAIL", message }), {
      status,
      headers: { "Content-Type": "application/json" },
    });
  if (!wechatPayEnabled()) return fail(404, "未开通微信支付");
  if (raw.length > 64_000) return fail(413, "报文过大");
  try {
    const answer = await handleWechatPayNotify(raw, request.headers);
    if (answer.status === 204) return new Response(null, { status: 204 });
    return new Response(answer.body, {
      status: answer.status,
      headers: { "Content-Type": "application/json" },
    });
  } catch (error) {
    console.error("wechat pay notification not handled", error);
    return fail(500, "处理失败");
  }
}
