// Alipay's side of the payment port: the asynchronous notification (verified with Alipay's public
// key, RSA2), the buyer's return and the reconciliation of lost notifications, each turned into a
// call of the one idempotent `completePayment`.
import { and, eq } from "drizzle-orm";
import { alipayQuery, alipaySettings, getAlipay, yuanToFen } from "~/lib/alipay.server";
import { db, schema as s } from "~/lib/db.server";
import {
  completePayment,
  reconcileOpenPayments,
  type CompletionResult,
  type PaymentOutcome,
  type ReconcileOptions,
} from "./payments.server";

/** Alipay's trade states → the port's outcomes (WAIT_BUYER_PAY changes nothing). */
function outcomeOf(tradeStatus: string): PaymentOutcome | null {
  if (tradeStatus === "TRADE_SUCCESS" || tradeStatus === "TRADE_FINISHED") return "succeeded";
  // TRADE_CLOSED: unpaid and closed, or closed after a full refund — completePayment never lets an
  // "expired" unpay a paid payment, so the second case changes nothing.
  if (tradeStatus === "TRADE_CLOSED") return "expired";
  return null;
}

async function paymentIdOf(outTradeNo: string): Promise<string> {
  if (!/^[0-9a-f]{32}$/.test(outTradeNo)) return "";
  const [row] = await db
    .select({ id: s.payments.id })
    .from(s.payments)
    .where(and(eq(s.payments.provider, "alipay"), eq(s.payments.providerRef, outTradeNo)));
  return row?.id ?? "";
}

async function applyTrade({
  outTradeNo,
  tradeNo,
  tradeStatus,
  totalAmount,
  providerEventId,
  payload,
}: {
  outTradeNo: string;
  tradeNo: string;
  tradeStatus: string;
  totalAmount: unknown;
  providerEventId: string;
  payload: Record<string, unknown>;
}): Promise<CompletionResult | null> {
  const outcome = outcomeOf(tradeStatus);
  if (!outcome) return null;
  return completePayment({
    provider: "alipay",
    providerEventId,
    paymentId: await paymentIdOf(outTradeNo),
    outcome,
    providerPaymentId: tradeNo || null,
    // An amount that is not a plain yuan figure is a mismatch: recorded, never applied.
    amountFen: outcome === "succeeded" ? (yuanToFen(totalAmount) ?? -1) : null,
    payload,
  });
}

/**
 * One asynchronous notification (form fields as posted). Answers "success" once it is recorded
 * (Alipay then stops resending) and "fail" when it cannot be trusted: a signature that does not
 * verify with Alipay's public key, another app's id, a missing trade number. Nothing is written
 * for a refused notification.
 */
export async function handleAlipayNotify(fields: Record<string, string>): Promise<"success" | "fail"> {
  let verified = false;
  try {
    verified = getAlipay().checkNotifySignV2(fields);
  } catch {
    verified = false;
  }
  if (!verified) return "fail";
  if (fields.app_id !== alipaySettings().appId) return "fail";
  const outTradeNo = fields.out_trade_no ?? "";
  const tradeNo = fields.trade_no ?? "";
  const tradeStatus = fields.trade_status ?? "";
  if (!outTradeNo || !tradeNo) return "fail";
  await applyTrade({
    outTradeNo,
    tradeNo,
    tradeStatus,
    totalAmount: fields.total_amount,
    // Alipay resends a notification until it reads "success": one event per trade and state.
    providerEventId: `notify:${tradeNo}:${tradeStatus}`,
    payload: {
      type: "notify",
      notify_id: fields.notify_id ?? null,
      notify_time: fields.notify_time ?? null,
      trade_no: tradeNo,
      out_trade_no: outTradeNo,
      trade_status: tradeStatus,
      total_amount: fields.total_amount ?? null,
    },
  });
  return "success";
}

/**
 * The buyer's return from Alipay's cashier (its query string is not trusted): for a trade this
 * shop opened, asks alipay.trade.query and applies the answer. Returns the order number to show.
 */
export async function handleAlipayReturn(outTradeNo: string): Promise<string | null> {
  const paymentId = await paymentIdOf(outTradeNo);
  if (!paymentId) return null;
  try {
    await reconcileOne(outTradeNo, "return");
  } catch (error) {
    console.error(`alipay return ${outTradeNo}: query failed`, error);
  }
  const [row] = await db
    .select({ orderNumber: s.orders.orderNumber })
    .from(s.payments)
    .innerJoin(s.orders, eq(s.orders.id, s.payments.orderId))
    .where(eq(s.payments.id, paymentId));
  return row?.orderNumber ?? null;
}

async function reconcileOne(outTradeNo: string, source: "return" | "reconcile") {
  const trade = await alipayQuery(outTradeNo);
  if (!trade.found) return null;
  return applyTrade({
    outTradeNo,
    tradeNo: trade.tradeNo,
    tradeStatus: trade.status,
    totalAmount: trade.raw.total_amount,
    providerEventId: `${source}:${trade.tradeNo}:${trade.status}`,
    payload: {
      type: source,
      trade_no: trade.tradeNo,
      trade_status: trade.status,
      total_amount: trade.raw.total_amount,
    },
  });
}

/** Reconciliation through alipay.trade.query (see reconcileOpenPayments). */
export function reconcileAlipayPayments(options?: ReconcileOptions) {
  return reconcileOpenPayments("alipay", (outTradeNo) => reconcileOne(outTradeNo, "reconcile"), options);
}
