// WeChat Pay's side of the payment port: payment and refund notifications (signature verified
// with WeChat Pay's public key, resource decrypted with the APIv3 key), the Native pay QR page and
// the reconciliation of lost notifications — all through the one idempotent `completePayment`.
import { and, eq } from "drizzle-orm";
import { db, schema as s } from "~/lib/db.server";
import {
  decryptResource,
  signedHeadersOf,
  verifySignature,
  wechatPaySettings,
  wechatQuery,
  type EncryptedResource,
  type WechatTransaction,
} from "~/lib/wechatpay.server";
import { canViewOrder, type OrderViewer } from "./orders.server";
import {
  completePayment,
  reconcileOpenPayments,
  settleProviderRefund,
  type CompletionResult,
  type ReconcileOptions,
} from "./payments.server";

export type WebhookAnswer = { status: number; body: string };

const fail = (status: number, message: string): WebhookAnswer => ({
  status,
  body: JSON.stringify({ code: "FAIL", message }),
});

async function paymentIdOf(outTradeNo: string): Promise<string> {
  if (!/^[0-9a-f]{32}$/.test(outTradeNo)) return "";
  const [row] = await db
    .select({ id: s.payments.id })
    .from(s.payments)
    .where(and(eq(s.payments.provider, "wechat_pay"), eq(s.payments.providerRef, outTradeNo)));
  return row?.id ?? "";
}

/** A transaction (from a notification or a query) through completePayment. */
async function applyTransaction(
  tx: WechatTransaction,
  providerEventId: string,
  source: string,
): Promise<CompletionResult | null> {
  const outcome =
    tx.trade_state === "SUCCESS"
      ? ("succeeded" as const)
      : tx.trade_state === "CLOSED"
        ? ("expired" as const)
        : null;
  if (!outcome) return null;
  const amount = tx.amount?.total;
  return completePayment({
    provider: "wechat_pay",
    providerEventId,
    paymentId: await paymentIdOf(tx.out_trade_no),
    outcome,
    providerPaymentId: tx.transaction_id ?? null,
    amountFen:
      outcome === "succeeded"
        ? Number.isSafeInteger(amount) && (tx.amount?.currency ?? "CNY") === "CNY"
          ? amount!
          : -1
        : null,
    payload: {
      type: source,
      transaction_id: tx.transaction_id ?? null,
      out_trade_no: tx.out_trade_no,
      trade_state: tx.trade_state,
      amount: tx.amount ?? null,
      success_time: tx.success_time ?? null,
    },
  });
}

/**
 * One notification (raw body and headers). 204 once recorded; refused with {"code":"FAIL"} and
 * nothing written: a signature that does not verify (wrong key or serial, tampered body, a
 * timestamp more than 5 minutes old — a replay), a resource that does not decrypt, another
 * merchant's or app's notification.
 */
export async function handleWechatPayNotify(rawBody: string, headers: Headers): Promise<WebhookAnswer> {
  const settings = wechatPaySettings();
  if (!verifySignature(settings, signedHeadersOf(headers), rawBody)) return fail(401, "签名错误");
  let notice: { id?: string; event_type?: string; resource?: EncryptedResource };
  let data: Record<string, unknown>;
  try {
    notice = JSON.parse(rawBody);
    if (!notice.resource) return fail(400, "缺少 resource");
    data = JSON.parse(decryptResource(settings.apiV3Key, notice.resource));
  } catch {
    return fail(400, "解密失败");
  }
  if (data.mchid !== settings.mchId) return fail(400, "商户号不符");
  const event = String(notice.event_type ?? "");
  if (event.startsWith("TRANSACTION.")) {
    const tx = data as unknown as WechatTransaction;
    if (tx.appid !== settings.appId) return fail(400, "应用号不符");
    if (!tx.out_trade_no || !tx.transaction_id) return fail(400, "缺少订单号");
    await applyTransaction(tx, `notify:${tx.transaction_id}:${tx.trade_state}`, "notify");
    return { status: 204, body: "" };
  }
  if (event.startsWith("REFUND.")) {
    const refundStatus = String(data.refund_status ?? "");
    const outRefundNo = String(data.out_refund_no ?? "");
    const refundId = String(data.refund_id ?? "");
    if (!outRefundNo || !refundId) return fail(400, "缺少退款单号");
    if (refundStatus === "SUCCESS" || refundStatus === "ABNORMAL" || refundStatus === "CLOSED") {
      await settleProviderRefund({
        provider: "wechat_pay",
        providerEventId: `refund:${refundId}:${refundStatus}`,
        refundId: outRefundNo,
        providerRefundId: refundId,
        outcome: refundStatus === "SUCCESS" ? "succeeded" : "failed",
        payload: {
          type: "refund-notify",
          refund_id: refundId,
          out_refund_no: outRefundNo,
          refund_status: refundStatus,
          amount: data.amount ?? null,
        },
      });
    }
    return { status: 204, body: "" };
  }
  return { status: 204, body: "" };
}

async function reconcileOne(outTradeNo: string, source: "check" | "reconcile") {
  const tx = await wechatQuery(outTradeNo);
  if (!tx) return null;
  const { mchId, appId } = wechatPaySettings();
  if (tx.mchid !== mchId || tx.appid !== appId || tx.out_trade_no !== outTradeNo) return null;
  return applyTransaction(tx, `${source}:${tx.transaction_id ?? outTradeNo}:${tx.trade_state}`, source);
}

/** The Native pay page's view of a payment; null when unknown or not the viewer's. */
export async function getWechatPayment({ paymentId, viewer }: { paymentId: string; viewer: OrderViewer }) {
  if (!/^[0-9a-f-]{36}$/i.test(paymentId)) return null;
  const [row] = await db
    .select({
      paymentId: s.payments.id,
      paymentStatus: s.payments.status,
      amountFen: s.payments.amountFen,
      codeUrl: s.payments.checkoutUrl,
      orderNumber: s.orders.orderNumber,
      orderStatus: s.orders.status,
      userId: s.orders.userId,
    })
    .from(s.payments)
    .innerJoin(s.orders, eq(s.orders.id, s.payments.orderId))
    .where(and(eq(s.payments.id, paymentId), eq(s.payments.provider, "wechat_pay")));
  if (!row || !canViewOrder(row, viewer)) return null;
  const { userId: _owner, codeUrl, ...payment } = row;
  return { ...payment, codeUrl: codeUrl?.startsWith("weixin://") ? codeUrl : null };
}

/** "I have paid": asks WeChat Pay about the viewer's payment now (the notification may lag). */
export async function checkWechatPayment({ paymentId, viewer }: { paymentId: string; viewer: OrderViewer }) {
  const payment = await getWechatPayment({ paymentId, viewer });
  if (!payment) return null;
  if (payment.paymentStatus === "pending") {
    try {
      await reconcileOne(paymentId.replace(/-/g, ""), "check");
    } catch (error) {
      console.error(`wechat pay check ${paymentId}`, error);
    }
  }
  return payment;
}

/** Reconciliation by out_trade_no (see reconcileOpenPayments). */
export function reconcileWechatPayments(options?: ReconcileOptions) {
  return reconcileOpenPayments("wechat_pay", (outTradeNo) => reconcileOne(outTradeNo, "reconcile"), options);
}
