// The Alipay client (official `alipay-sdk`, RSA2 keys), built from the settings. ALIPAY_GATEWAY
// points it at another gateway: Alipay's sandbox, or the local fake Alipay of the tests.
import { AlipaySdk } from "alipay-sdk";
import { getEnv } from "./env.server";
import { pemOf, privateKeyFrom, publicKeyFrom } from "./pem";

let cached: { key: string; client: AlipaySdk } | undefined;

/** True when Alipay is configured (ALIPAY_APP_ID and its keys). */
export function alipayEnabled(): boolean {
  return Boolean(getEnv().ALIPAY_APP_ID);
}

export function getAlipay(): AlipaySdk {
  const env = getEnv();
  if (!env.ALIPAY_APP_ID || !env.ALIPAY_PRIVATE_KEY || !env.ALIPAY_PUBLIC_KEY)
    throw new Error("ALIPAY_APP_ID, ALIPAY_PRIVATE_KEY and ALIPAY_PUBLIC_KEY must be set");
  const key = [env.ALIPAY_APP_ID, env.ALIPAY_PRIVATE_KEY, env.ALIPAY_PUBLIC_KEY, env.ALIPAY_GATEWAY].join(
    "|",
  );
  if (cached?.key === key) return cached.client;
  const client = new AlipaySdk({
    appId: env.ALIPAY_APP_ID,
    // Normalised to PKCS#8 PEM whatever form the console gave (PKCS#1, base64 body, escaped PEM).
    privateKey: pemOf(privateKeyFrom(env.ALIPAY_PRIVATE_KEY)),
    keyType: "PKCS8",
    alipayPublicKey: pemOf(publicKeyFrom(env.ALIPAY_PUBLIC_KEY)),
    gateway: env.ALIPAY_GATEWAY,
    signType: "RSA2",
    timeout: 15_000,
    camelcase: false,
  });
  cached = { key, client };
  return client;
}

export function alipaySettings() {
  const env = getEnv();
  return { appId: env.ALIPAY_APP_ID ?? "", notifyUrl: env.ALIPAY_NOTIFY_URL ?? "" };
}

/** "12.34" (yuan, as Alipay writes amounts) → 1234 fen; null when it is not such an amount. */
export function yuanToFen(value: unknown): number | null {
  if (typeof value !== "string" || !/^\d{1,10}(\.\d{1,2})?$/.test(value)) return null;
  const [yuan, decimals = ""] = value.split(".");
  return Number(yuan) * 100 + Number(decimals.padEnd(2, "0"));
}

/** 1234 fen → "12.34". */
export function fenToYuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
}

/** "yyyy-MM-dd HH:mm:ss" in Beijing time, as Alipay's time_expire wants it. */
function beijingTime(date: Date): string {
  return new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
}

/**
 * The URL of Alipay's cashier for a trade: computer-site pay (alipay.trade.page.pay) on desktops,
 * WAP pay (alipay.trade.wap.pay) on phones. A signed GET link, so a plain redirect opens it.
 */
export function alipayPayUrl({
  outTradeNo,
  amountFen,
  subject,
  mobile,
  returnUrl,
  expiresAt,
}: {
  outTradeNo: string;
  amountFen: number;
  subject: string;
  mobile: boolean;
  returnUrl: string;
  expiresAt: Date;
}): string {
  const { notifyUrl } = alipaySettings();
  return getAlipay().pageExecute(mobile ? "alipay.trade.wap.pay" : "alipay.trade.page.pay", "GET", {
    bizContent: {
      out_trade_no: outTradeNo,
      total_amount: fenToYuan(amountFen),
      subject: subject.slice(0, 128),
      product_code: mobile ? "QUICK_WAP_WAY" : "FAST_INSTANT_TRADE_PAY",
      time_expire: beijingTime(expiresAt),
      ...(mobile ? { quit_url: returnUrl } : {}),
    },
    notifyUrl,
    returnUrl,
  });
}

export type AlipayTrade =
  | { found: false }
  | { found: true; tradeNo: string; status: string; amountFen: number | null; raw: Record<string, unknown> };

/** alipay.trade.query, the answer's signature verified; `found: false` for ACQ.TRADE_NOT_EXIST. */
export async function alipayQuery(outTradeNo: string): Promise<AlipayTrade> {
  const answer = (await getAlipay().exec(
    "alipay.trade.query",
    { bizContent: { out_trade_no: outTradeNo } },
    { validateSign: true },
  )) as Record<string, unknown>;
  if (answer.code === "40004" && answer.sub_code === "ACQ.TRADE_NOT_EXIST") return { found: false };
  if (answer.code !== "10000")
    throw new Error(`alipay.trade.query ${outTradeNo}: ${String(answer.sub_code ?? answer.code)}`);
  return {
    found: true,
    tradeNo: String(answer.trade_no ?? ""),
    status: String(answer.trade_status ?? ""),
    amountFen: yuanToFen(answer.total_amount),
    raw: answer,
  };
}

/**
 * alipay.trade.refund with out_request_no = our refund id: Alipay refunds a request number once,
 * so sending the same refund again (a retry after a lost answer) moves no more money.
 */
export async function alipayRefund({
  outTradeNo,
  refundId,
  amountFen,
  reason,
}: {
  outTradeNo: string;
  refundId: string;
  amountFen: number;
  reason: string;
}): Promise<{ ok: true; tradeNo: string } | { ok: false; code: string }> {
  const answer = (await getAlipay().exec(
    "alipay.trade.refund",
    {
      bizContent: {
        out_trade_no: outTradeNo,
        refund_amount: fenToYuan(amountFen),
        out_request_no: refundId,
        refund_reason: reason.slice(0, 256),
      },
    },
    { validateSign: true },
  )) as Record<string, unknown>;
  if (answer.code === "10000") return { ok: true, tradeNo: String(answer.trade_no ?? "") };
  return { ok: false, code: String(answer.sub_code ?? answer.code) };
}
