// A small local fake of WeChat Pay API v3 for offline tests, with key pairs of its own: requests
// must carry a valid WECHATPAY2-SHA256-RSA2048 Authorization (checked with the merchant's public
// key), answers are signed with "WeChat Pay's" key (Wechatpay-* headers). Native and H5 orders,
// query by out_trade_no, refunds (out_refund_no honoured). It also builds notifications as WeChat
// Pay sends them: the resource encrypted AEAD_AES_256_GCM with the APIv3 key, the body signed.
import { createCipheriv, createSign, createVerify, generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type Json = Record<string, unknown>;

export type FakeWechatOrder = {
  out_trade_no: string;
  transaction_id: string;
  trade_type: "NATIVE" | "MWEB";
  trade_state: "NOTPAY" | "SUCCESS" | "CLOSED";
  amount: { total: number; currency: string };
  body: Json;
};

export type FakeWechatPay = {
  url: string;
  mchId: string;
  appId: string;
  serial: string;
  merchantPrivateKey: string;
  apiV3Key: string;
  platformPublicKey: string;
  platformSerial: string;
  orders: Map<string, FakeWechatOrder>;
  refunds: Map<string, Json>;
  requests: { method: string; path: string; body: Json; authorized: boolean }[];
  markPaid(outTradeNo: string): FakeWechatOrder;
  /** A signed notification: body and headers (options forge the pieces a test needs). */
  notification(
    eventType: string,
    resource: Json,
    options?: { timestamp?: number; signWith?: string; serial?: string; apiV3Key?: string },
  ): { body: string; headers: Record<string, string> };
  close(): Promise<void>;
};

const pair = () =>
  generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });

export function encryptResource(apiV3Key: string, plaintext: string, associatedData = "transaction") {
  const nonce = randomBytes(6).toString("hex"); // 12 characters, as WeChat Pay's nonces
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(apiV3Key, "utf8"), Buffer.from(nonce, "utf8"));
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return {
    algorithm: "AEAD_AES_256_GCM",
    ciphertext: data.toString("base64"),
    associated_data: associatedData,
    original_type: associatedData,
    nonce,
  };
}

type KeyPair = { publicKey: string; privateKey: string };

/**
 * Fixed keys and port for a fake that a separately started app server must reach (e2e). With
 * `publicUrl`, H5 orders get an h5_url on the fake itself: a cashier page that pays.
 */
export type FakeWechatPayOptions = {
  port?: number;
  merchantKeys?: KeyPair;
  platformKeys?: KeyPair;
  serial?: string;
  platformSerial?: string;
  apiV3Key?: string;
  publicUrl?: string;
};

export async function startFakeWechatPay(options: FakeWechatPayOptions = {}): Promise<FakeWechatPay> {
  const merchant = options.merchantKeys ?? pair();
  const platform = options.platformKeys ?? pair();
  const mchId = "1900000109";
  const appId = "wx0123456789abcdef";
  const serial = options.serial ?? randomBytes(20).toString("hex").toUpperCase();
  const platformSerial = options.platformSerial ?? `PUB_KEY_ID_${randomBytes(8).toString("hex")}`;
  const apiV3Key = options.apiV3Key ?? randomBytes(16).toString("hex");
  const orders = new Map<string, FakeWechatOrder>();
  const refunds = new Map<string, Json>();
  const requests: FakeWechatPay["requests"] = [];

  const signed = (
    body: string,
    timestamp = Math.floor(Date.now() / 1000),
    signWith = platform.privateKey,
  ) => {
    const nonce = randomBytes(16).toString("hex");
    return {
      "Wechatpay-Timestamp": String(timestamp),
      "Wechatpay-Nonce": nonce,
      "Wechatpay-Signature": createSign("RSA-SHA256")
        .update(`${timestamp}\n${nonce}\n${body}\n`)
        .sign(signWith, "base64"),
      "Wechatpay-Serial": platformSerial,
    };
  };
  const send = (res: ServerResponse, status: number, body: Json | null) => {
    const text = body ? JSON.stringify(body) : "";
    res.writeHead(status, { "Content-Type": "application/json", ...signed(text) });
    res.end(text);
  };

  function authorized(req: IncomingMessage, path: string, raw: string): boolean {
    const header = String(req.headers.authorization ?? "");
    if (!header.startsWith("WECHATPAY2-SHA256-RSA2048 ")) return false;
    const fields = Object.fromEntries(
      [...header.slice(26).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (fields.mchid !== mchId || fields.serial_no !== serial) return false;
    return createVerify("RSA-SHA256")
      .update(`${req.method}\n${path}\n${fields.timestamp}\n${fields.nonce_str}\n${raw}\n`)
      .verify(merchant.publicKey, fields.signature ?? "", "base64");
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const path = req.url ?? "/";
    // The buyer's side (no merchant signature): the H5 cashier, and the phone that scans a QR code.
    const buyer = new URL(path, "http://fake");
    if (req.method === "GET" && buyer.pathname === "/h5pay") return h5Page(res, buyer.searchParams);
    if (req.method === "GET" && buyer.pathname === "/favicon.ico") return res.writeHead(204).end(); // the browser's
    if (req.method === "POST" && buyer.pathname === "/h5pay/confirm") {
      const form = new URLSearchParams(raw);
      await payAndNotify(form.get("no") ?? "");
      res.writeHead(302, { Location: form.get("redirect_url") || "/h5pay/done" });
      return res.end();
    }
    if (req.method === "POST" && buyer.pathname === "/scan") {
      const answer = await payAndNotify(buyer.searchParams.get("no") ?? "");
      res.writeHead(answer ? 200 : 404, { "Content-Type": "application/json" });
      return res.end(JSON.stringify({ notified: answer }));
    }
    const body = raw ? (JSON.parse(raw) as Json) : {};
    const ok = authorized(req, path, raw);
    requests.push({ method: req.method ?? "", path, body, authorized: ok });
    if (!ok) return send(res, 401, { code: "SIGN_ERROR", message: "签名错误" });
    const native = path === "/v3/pay/transactions/native";
    if (req.method === "POST" && (native || path === "/v3/pay/transactions/h5")) {
      const no = String(body.out_trade_no);
      if (body.mchid !== mchId || body.appid !== appId)
        return send(res, 400, { code: "PARAM_ERROR", message: "mchid/appid" });
      const order: FakeWechatOrder = orders.get(no) ?? {
        out_trade_no: no,
        transaction_id: `4200${randomBytes(12).toString("hex")}`,
        trade_type: native ? "NATIVE" : "MWEB",
        trade_state: "NOTPAY",
        amount: { total: Number((body.amount as Json).total), currency: "CNY" },
        body,
      };
      orders.set(no, order);
      return send(
        res,
        200,
        native
          ? { code_url: `weixin://wxpay/bizpayurl?pr=${no.slice(0, 8)}` }
          : {
              h5_url: options.publicUrl
                ? `${options.publicUrl}/h5pay?prepay_id=wx${no.slice(0, 10)}&no=${no}`
                : `https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx${no.slice(0, 10)}`,
            },
      );
    }
    const query = path.match(/^\/v3\/pay\/transactions\/out-trade-no\/([^?]+)\?mchid=(\d+)$/);
    if (req.method === "GET" && query) {
      const order = orders.get(decodeURIComponent(query[1]));
      if (!order || query[2] !== mchId)
        return send(res, 404, { code: "ORDER_NOT_EXIST", message: "订单不存在" });
      return send(res, 200, {
        appid: appId,
        mchid: mchId,
        out_trade_no: order.out_trade_no,
        transaction_id: order.trade_state === "SUCCESS" ? order.transaction_id : undefined,
        trade_type: order.trade_type,
        trade_state: order.trade_state,
        amount: { ...order.amount, payer_total: order.amount.total, payer_currency: "CNY" },
      });
    }
    if (req.method === "POST" && path === "/v3/refund/domestic/refunds") {
      const no = String(body.out_refund_no);
      const existing = refunds.get(no);
      if (existing) return send(res, 200, existing);
      const order = orders.get(String(body.out_trade_no));
      if (!order || order.trade_state !== "SUCCESS")
        return send(res, 400, { code: "RESOURCE_NOT_EXISTS", message: "订单不存在" });
      const refund = {
        refund_id: `5030${randomBytes(12).toString("hex")}`,
        out_refund_no: no,
        transaction_id: order.transaction_id,
        out_trade_no: order.out_trade_no,
        status: "PROCESSING",
        amount: body.amount,
        request: body,
      };
      refunds.set(no, refund);
      return send(res, 200, refund);
    }
    return send(res, 404, { code: "NOT_FOUND", message: path });
  }

  const escapeHtml = (s: string) =>
    s.replace(
      /[&<>"']/g,
      (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
    );

  function h5Page(res: ServerResponse, params: URLSearchParams) {
    const order = orders.get(params.get("no") ?? "");
    if (!order) {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
      return res.end("订单不存在");
    }
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>微信支付（测试）</title></head><body><h1>微信支付（测试）</h1>
<p>金额 <strong>${(order.amount.total / 100).toFixed(2)}</strong> 元</p>
<form method="post" action="/h5pay/confirm"><input type="hidden" name="no" value="${escapeHtml(order.out_trade_no)}">
<input type="hidden" name="redirect_url" value="${escapeHtml(params.get("redirect_url") ?? "")}">
<button type="submit">确认支付</button></form></body></html>`);
  }

  /**
   * The buyer pays an open order: it succeeds, and the signed, encrypted TRANSACTION.SUCCESS
   * notification is posted to the order's notify_url as WeChat Pay's servers do. Returns the
   * app's answer status, or null for an unknown order.
   */
  async function payAndNotify(no: string): Promise<number | null> {
    const order = orders.get(no);
    if (!order) return null;
    order.trade_state = "SUCCESS";
    const { body, headers } = fake.notification("TRANSACTION.SUCCESS", paidTransaction(fake, no));
    return fetch(String(order.body.notify_url), { method: "POST", headers, body }).then(
      (r) => r.status,
      () => 0,
    );
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeWechatPay = {
    url: `http://127.0.0.1:${port}`,
    mchId,
    appId,
    serial,
    merchantPrivateKey: merchant.privateKey,
    apiV3Key,
    platformPublicKey: platform.publicKey,
    platformSerial,
    orders,
    refunds,
    requests,
    markPaid(outTradeNo) {
      const order = orders.get(outTradeNo);
      if (!order) throw new Error(`no order ${outTradeNo}`);
      order.trade_state = "SUCCESS";
      return order;
    },
    notification(eventType, resource, options = {}) {
      const original = eventType.startsWith("REFUND.") ? "refund" : "transaction";
      const body = JSON.stringify({
        id: randomBytes(16).toString("hex"),
        create_time: new Date().toISOString(),
        resource_type: "encrypt-resource",
        event_type: eventType,
        summary: eventType.startsWith("REFUND.") ? "退款成功" : "支付成功",
        resource: encryptResource(options.apiV3Key ?? apiV3Key, JSON.stringify(resource), original),
      });
      const headers = {
        ...signed(body, options.timestamp, options.signWith),
        "Content-Type": "application/json",
      };
      if (options.serial) headers["Wechatpay-Serial"] = options.serial;
      return { body, headers };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return fake;
}

/** The decrypted resource of a paid transaction notification, as WeChat Pay writes it. */
export function paidTransaction(fake: FakeWechatPay, outTradeNo: string, overrides: Json = {}): Json {
  const order = fake.orders.get(outTradeNo)!;
  return {
    appid: fake.appId,
    mchid: fake.mchId,
    out_trade_no: outTradeNo,
    transaction_id: order.transaction_id,
    trade_type: order.trade_type,
    trade_state: "SUCCESS",
    trade_state_desc: "支付成功",
    bank_type: "OTHERS",
    success_time: new Date().toISOString(),
    payer: { openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" },
    amount: {
      total: order.amount.total,
      payer_total: order.amount.total,
      currency: "CNY",
      payer_currency: "CNY",
    },
    ...overrides,
  };
}
