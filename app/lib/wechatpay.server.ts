// WeChat Pay API v3, the documented protocol on node:crypto (decision 061): requests signed
// WECHATPAY2-SHA256-RSA2048 with the merchant's key, answers and notifications verified with
// WeChat Pay's public key (Wechatpay-Timestamp/Nonce/Signature/Serial headers), notification
// resources decrypted with AEAD_AES_256_GCM and the APIv3 key. WECHATPAY_BASE_URL points the client
// at the local fake of the tests.
import { createDecipheriv, createSign, createVerify, randomBytes, type KeyObject } from "node:crypto";
import { getEnv } from "./env.server";
import { privateKeyFrom, publicKeyFrom } from "./pem";

export type WechatPaySettings = {
  mchId: string;
  appId: string;
  serial: string;
  privateKey: KeyObject;
  apiV3Key: string;
  platformPublicKey: KeyObject;
  platformSerial: string;
  baseUrl: string;
  notifyUrl: string;
};

/** True when WeChat Pay is configured (WECHATPAY_MCH_ID and its keys). */
export function wechatPayEnabled(): boolean {
  return Boolean(getEnv().WECHATPAY_MCH_ID);
}

let cached: { key: string; settings: WechatPaySettings } | undefined;

export function wechatPaySettings(): WechatPaySettings {
  const env = getEnv();
  if (
    !env.WECHATPAY_MCH_ID ||
    !env.WECHATPAY_APP_ID ||
    !env.WECHATPAY_SERIAL ||
    !env.WECHATPAY_PRIVATE_KEY ||
    !env.WECHATPAY_APIV3_KEY ||
    !env.WECHATPAY_PLATFORM_PUBLIC_KEY ||
    !env.WECHATPAY_PLATFORM_SERIAL
  )
    throw new Error("WeChat Pay is not configured (WECHATPAY_* settings)");
  const key = [
    env.WECHATPAY_MCH_ID,
    env.WECHATPAY_SERIAL,
    env.WECHATPAY_PRIVATE_KEY,
    env.WECHATPAY_PLATFORM_PUBLIC_KEY,
    env.WECHATPAY_BASE_URL,
    env.WECHATPAY_APIV3_KEY,
  ].join("|");
  if (cached?.key === key) return cached.settings;
  const settings: WechatPaySettings = {
    mchId: env.WECHATPAY_MCH_ID,
    appId: env.WECHATPAY_APP_ID,
    serial: env.WECHATPAY_SERIAL,
    privateKey: privateKeyFrom(env.WECHATPAY_PRIVATE_KEY),
    apiV3Key: env.WECHATPAY_APIV3_KEY,
    platformPublicKey: publicKeyFrom(env.WECHATPAY_PLATFORM_PUBLIC_KEY),
    platformSerial: env.WECHATPAY_PLATFORM_SERIAL,
    baseUrl: env.WECHATPAY_BASE_URL.replace(/\/+$/, ""),
    notifyUrl: env.WECHATPAY_NOTIFY_URL ?? "",
  };
  cached = { key, settings };
  return settings;
}

/** The Authorization header of a request (method, path with query, body as sent). */
export function authorizationHeader(
  settings: Pick<WechatPaySettings, "mchId" | "serial" | "privateKey">,
  method: string,
  pathWithQuery: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
  nonce = randomBytes(16).toString("hex"),
): string {
  const message = `${method}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${body}\n`;
  const signature = createSign("RSA-SHA256").update(message).sign(settings.privateKey, "base64");
  return `WECHATPAY2-SHA256-RSA2048 mchid="${settings.mchId}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${settings.serial}"`;
}

export type SignedHeaders = {
  timestamp: string | null;
  nonce: string | null;
  signature: string | null;
  serial: string | null;
};

export const signedHeadersOf = (headers: Headers): SignedHeaders => ({
  timestamp: headers.get("Wechatpay-Timestamp"),
  nonce: headers.get("Wechatpay-Nonce"),
  signature: headers.get("Wechatpay-Signature"),
  serial: headers.get("Wechatpay-Serial"),
});

/**
 * Verifies an answer's or a notification's signature with WeChat Pay's public key. Refused: a
 * missing header, another key's serial, a timestamp more than 5 minutes away (a replay), a
 * signature that does not match the body byte for byte.
 */
export function verifySignature(
  settings: Pick<WechatPaySettings, "platformPublicKey" | "platformSerial">,
  headers: SignedHeaders,
  body: string,
  now = Date.now(),
): boolean {
  const { timestamp, nonce, signature, serial } = headers;
  if (!timestamp || !nonce || !signature || !serial) return false;
  if (serial !== settings.platformSerial) return false;
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now / 1000 - Number(timestamp)) > 300) return false;
  try {
    return createVerify("RSA-SHA256")
      .update(`${timestamp}\n${nonce}\n${body}\n`)
      .verify(settings.platformPublicKey, signature, "base64");
  } catch {
    return false;
  }
}

export type EncryptedResource = {
  algorithm: string;
  ciphertext: string;
  associated_data?: string;
  nonce: string;
};

/** Decrypts a notification's resource (AEAD_AES_256_GCM, tag = the last 16 bytes). */
export function decryptResource(apiV3Key: string, resource: EncryptedResource): string {
  if (resource.algorithm !== "AEAD_AES_256_GCM") throw new Error(`unknown algorithm ${resource.algorithm}`);
  const data = Buffer.from(resource.ciphertext, "base64");
  if (data.length < 17) throw new Error("ciphertext too short");
  const decipher = createDecipheriv(
    "aes-256-gcm",
    Buffer.from(apiV3Key, "utf8"),
    Buffer.from(resource.nonce, "utf8"),
  );
  decipher.setAuthTag(data.subarray(data.length - 16));
  decipher.setAAD(Buffer.from(resource.associated_data ?? "", "utf8"));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString(
    "utf8",
  );
}

export class WechatPayError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
  ) {
    super(`WeChat Pay ${status} ${code}: ${message}`);
    this.name = "WechatPayError";
  }
}

/** One signed API call; the answer's signature is verified before its body is trusted. */
export async function wechatPayRequest<T = Record<string, unknown>>(
  method: "GET" | "POST",
  pathWithQuery: string,
  body?: Record<string, unknown>,
): Promise<T> {
  const settings = wechatPaySettings();
  const text = body ? JSON.stringify(body) : "";
  const response = await fetch(`${settings.baseUrl}${pathWithQuery}`, {
    method,
    headers: {
      Authorization: authorizationHeader(settings, method, pathWithQuery, text),
      Accept: "application/json",
      "User-Agent": "xiaofei-bangfu/1.0",
      ...(body ? { "Content-Type": "application/json" } : {}),
    },
    body: body ? text : undefined,
    signal: AbortSignal.timeout(15_000),
  });
  const raw = await response.text();
  if (!verifySignature(settings, signedHeadersOf(response.headers), raw))
    throw new WechatPayError(response.status, "BAD_SIGNATURE", "the answer's signature did not verify");
  const parsed = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  if (!response.ok)
    throw new WechatPayError(response.status, String(parsed.code ?? "ERROR"), String(parsed.message ?? raw));
  return parsed as T;
}

/** RFC 3339 in Beijing time (2026-12-03T10:34:56+08:00), as time_expire wants it. */
function beijingRfc3339(date: Date): string {
  return `${new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

type OrderRequest = { outTradeNo: string; amountFen: number; description: string; expiresAt: Date };

function orderBody({ outTradeNo, amountFen, description, expiresAt }: OrderRequest) {
  const settings = wechatPaySettings();
  return {
    appid: settings.appId,
    mchid: settings.mchId,
    description: description.slice(0, 127),
    out_trade_no: outTradeNo,
    time_expire: beijingRfc3339(expiresAt),
    notify_url: settings.notifyUrl,
    amount: { total: amountFen, currency: "CNY" },
  };
}

/** Native pay (扫码支付): the code_url to show as a QR code. */
export async function wechatNativeOrder(order: OrderRequest): Promise<string> {
  const answer = await wechatPayRequest<{ code_url?: string }>(
    "POST",
    "/v3/pay/transactions/native",
    orderBody(order),
  );
  if (!answer.code_url) throw new Error("WeChat Pay returned no code_url");
  return answer.code_url;
}

/** H5 pay for phone browsers: the h5_url to send the buyer to. */
export async function wechatH5Order(order: OrderRequest & { clientIp: string }): Promise<string> {
  const answer = await wechatPayRequest<{ h5_url?: string }>("POST", "/v3/pay/transactions/h5", {
    ...orderBody(order),
    scene_info: { payer_client_ip: order.clientIp, h5_info: { type: "Wap" } },
  });
  if (!answer.h5_url) throw new Error("WeChat Pay returned no h5_url");
  return answer.h5_url;
}

export type WechatTransaction = {
  appid: string;
  mchid: string;
  out_trade_no: string;
  transaction_id?: string;
  trade_state: string;
  amount?: { total?: number; payer_total?: number; currency?: string };
  success_time?: string;
};

/** The order by our out_trade_no; null when WeChat Pay does not know it (ORDER_NOT_EXIST). */
export async function wechatQuery(outTradeNo: string): Promise<WechatTransaction | null> {
  const { mchId } = wechatPaySettings();
  try {
    return await wechatPayRequest<WechatTransaction>(
      "GET",
      `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${mchId}`,
    );
  } catch (error) {
    if (error instanceof WechatPayError && error.code === "ORDER_NOT_EXIST") return null;
    throw error;
  }
}

export type WechatRefund = { refund_id: string; out_refund_no: string; status: string };

/** A refund with out_refund_no = our refund id (WeChat Pay refunds a number once). */
export async function wechatRefund({
  outTradeNo,
  refundId,
  amountFen,
  totalFen,
  reason,
}: {
  outTradeNo: string;
  refundId: string;
  amountFen: number;
  totalFen: number;
  reason: string;
}): Promise<WechatRefund> {
  const settings = wechatPaySettings();
  return wechatPayRequest<WechatRefund>("POST", "/v3/refund/domestic/refunds", {
    out_trade_no: outTradeNo,
    out_refund_no: refundId,
    ...(reason ? { reason: reason.slice(0, 80) } : {}),
    notify_url: settings.notifyUrl,
    amount: { refund: amountFen, total: totalFen, currency: "CNY" },
  });
}
