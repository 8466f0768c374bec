// A small local fake of Alipay's open-platform gateway for offline tests, with key pairs of its
// own: the real alipay-sdk is pointed at it (ALIPAY_GATEWAY). Speaks the wire format the app uses:
// requests are form posts signed RSA2 with the app's key (verified here), answers are
// {"<method>_response": {...}, "sign": "..."} signed with "Alipay's" key; alipay.trade.query and
// alipay.trade.refund (out_request_no honoured: a repeated number refunds nothing more). It also
// builds asynchronous notifications signed exactly as Alipay signs them.
import { createSign, createVerify, generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type Json = Record<string, unknown>;

export type FakeTrade = {
  outTradeNo: string;
  tradeNo: string;
  totalAmount: string;
  status: "WAIT_BUYER_PAY" | "TRADE_SUCCESS" | "TRADE_CLOSED";
  method: string;
};

export type FakeAlipay = {
  url: string;
  appId: string;
  /** The app's private key (the app's setting) and Alipay's public key (the app's setting). */
  appPrivateKey: string;
  alipayPublicKey: string;
  trades: Map<string, FakeTrade>;
  refunds: Map<string, Json>;
  requests: { method: string; bizContent: Json; signatureOk: boolean }[];
  /** What the app answered to each notification the cashier posted ("success" / "fail"). */
  notifyAnswers: string[];
  /** The buyer opening the cashier link the app redirected to: the trade now exists at "Alipay". */
  openCashier(link: string): FakeTrade;
  markPaid(outTradeNo: string): FakeTrade;
  /** A notification's form body, signed with Alipay's key (or `signWith` another key). */
  notification(outTradeNo: string, overrides?: Record<string, string>, signWith?: string): string;
  close(): Promise<void>;
};

const pair = () =>
  generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });

/** Alipay's signing string: parameters except sign (and sign_type), sorted, key=value joined by &. */
export function alipaySignContent(params: Record<string, string>, withSignType = false): string {
  return Object.keys(params)
    .filter((k) => k !== "sign" && (withSignType || k !== "sign_type") && params[k] !== "")
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join("&");
}

export const rsa2 = (content: string, privateKey: string) =>
  createSign("RSA-SHA256").update(content, "utf8").sign(privateKey, "base64");

export type KeyPair = { publicKey: string; privateKey: string };

/** Fixed keys and port for a fake that a separately started app server must reach (e2e). */
export type FakeAlipayOptions = { port?: number; appId?: string; appKeys?: KeyPair; alipayKeys?: KeyPair };

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export async function startFakeAlipay(options: FakeAlipayOptions = {}): Promise<FakeAlipay> {
  const app = options.appKeys ?? pair();
  const alipay = options.alipayKeys ?? pair();
  const appId = options.appId ?? `2021${String(Date.now()).slice(-12)}`;
  const trades = new Map<string, FakeTrade>();
  const refunds = new Map<string, Json>();
  const requests: FakeAlipay["requests"] = [];

  const answer = (res: ServerResponse, method: string, body: Json) => {
    const inner = JSON.stringify(body);
    const key = `${method.replaceAll(".", "_")}_response`;
    res.writeHead(200, { "Content-Type": "application/json;charset=utf-8" });
    res.end(`{"${key}":${inner},"sign":"${rsa2(inner, alipay.privateKey)}"}`);
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://fake");
    // The cashier (收银台) a buyer's browser is redirected to: page pay and WAP pay links.
    const linkMethod = url.searchParams.get("method") ?? "";
    if (req.method === "GET" && /^alipay\.trade\.(page|wap)\.pay$/.test(linkMethod))
      return cashierPage(res, `http://fake${req.url}`);
    if (req.method === "POST" && url.pathname === "/cashier/pay")
      return cashierPay(res, new URLSearchParams(Buffer.concat(chunks).toString("utf8")).get("link") ?? "");
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString("utf8"))) params[k] = v;
    const method = params.method ?? "";
    const signatureOk =
      params.app_id === appId &&
      createVerify("RSA-SHA256")
        .update(alipaySignContent(params, true))
        .verify(app.publicKey, params.sign ?? "", "base64");
    const bizContent = params.biz_content ? (JSON.parse(params.biz_content) as Json) : {};
    requests.push({ method, bizContent, signatureOk });
    if (!signatureOk)
      return answer(res, method, {
        code: "40002",
        msg: "Invalid Arguments",
        sub_code: "isv.invalid-signature",
      });
    if (method === "alipay.trade.query") {
      const trade = trades.get(String(bizContent.out_trade_no));
      if (!trade)
        return answer(res, method, {
          code: "40004",
          msg: "Business Failed",
          sub_code: "ACQ.TRADE_NOT_EXIST",
          sub_msg: "交易不存在",
        });
      return answer(res, method, {
        code: "10000",
        msg: "Success",
        trade_no: trade.tradeNo,
        out_trade_no: trade.outTradeNo,
        trade_status: trade.status,
        total_amount: trade.totalAmount,
      });
    }
    if (method === "alipay.trade.refund") {
      const trade = trades.get(String(bizContent.out_trade_no));
      if (!trade || trade.status !== "TRADE_SUCCESS")
        return answer(res, method, {
          code: "40004",
          msg: "Business Failed",
          sub_code: "ACQ.TRADE_STATUS_ERROR",
        });
      const key = `${trade.outTradeNo}|${String(bizContent.out_request_no)}`;
      const repeated = refunds.has(key);
      if (!repeated) refunds.set(key, { ...bizContent, trade_no: trade.tradeNo });
      return answer(res, method, {
        code: "10000",
        msg: "Success",
        trade_no: trade.tradeNo,
        out_trade_no: trade.outTradeNo,
        fund_change: repeated ? "N" : "Y",
        refund_fee: String(bizContent.refund_amount),
      });
    }
    return answer(res, method, { code: "40004", msg: "Business Failed", sub_code: "isv.invalid-method" });
  }

  /** The cashier: the order's amount and subject, and one button that pays. */
  function cashierPage(res: ServerResponse, link: string) {
    let trade: FakeTrade;
    try {
      trade = fake.openCashier(link);
    } catch (error) {
      res.writeHead(400, { "Content-Type": "text/plain; charset=utf-8" });
      return res.end(String(error));
    }
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>支付宝收银台（测试）</title></head><body><h1>支付宝收银台（测试）</h1>
<p>订单金额 <strong data-testid="alipay-amount">${escapeHtml(trade.totalAmount)}</strong> 元 · ${escapeHtml(trade.method)}</p>
<form method="post" action="/cashier/pay"><input type="hidden" name="link" value="${escapeHtml(link)}">
<button type="submit">确认付款</button></form></body></html>`);
  }

  /**
   * "The buyer pays": the trade succeeds, the signed asynchronous notification is posted to the
   * link's notify_url (as Alipay's servers do, answered "success"), then the browser is sent back
   * to the return_url with the synchronous return parameters.
   */
  async function cashierPay(res: ServerResponse, link: string) {
    const params = Object.fromEntries(new URL(link).searchParams);
    const trade = fake.openCashier(link);
    fake.markPaid(trade.outTradeNo);
    if (params.notify_url) {
      const answer = await fetch(params.notify_url, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded; charset=utf-8" },
        body: fake.notification(trade.outTradeNo),
      }).then(
        (r) => r.text(),
        (error: unknown) => String(error),
      );
      notifyAnswers.push(answer);
    }
    const back = new URL(params.return_url ?? "http://127.0.0.1/");
    back.searchParams.set("trade_no", trade.tradeNo);
    back.searchParams.set("total_amount", trade.totalAmount);
    res.writeHead(302, { Location: back.toString() });
    res.end();
  }

  const notifyAnswers: string[] = [];

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeAlipay = {
    notifyAnswers,
    url: `http://127.0.0.1:${port}/gateway.do`,
    appId,
    appPrivateKey: app.privateKey,
    alipayPublicKey: alipay.publicKey,
    trades,
    refunds,
    requests,
    openCashier(link) {
      const params = Object.fromEntries(new URL(link).searchParams);
      const ok =
        params.app_id === appId &&
        createVerify("RSA-SHA256")
          .update(alipaySignContent(params, true))
          .verify(app.publicKey, params.sign ?? "", "base64");
      if (!ok) throw new Error("cashier link signature does not verify");
      const biz = JSON.parse(params.biz_content) as Json;
      const outTradeNo = String(biz.out_trade_no);
      const trade = trades.get(outTradeNo) ?? {
        outTradeNo,
        tradeNo: `2026${randomBytes(12).toString("hex")}`,
        totalAmount: String(biz.total_amount),
        status: "WAIT_BUYER_PAY" as const,
        method: params.method,
      };
      trades.set(outTradeNo, trade);
      return trade;
    },
    markPaid(outTradeNo) {
      const trade = trades.get(outTradeNo);
      if (!trade) throw new Error(`no trade ${outTradeNo}`);
      trade.status = "TRADE_SUCCESS";
      return trade;
    },
    notification(outTradeNo, overrides = {}, signWith = alipay.privateKey) {
      const trade = trades.get(outTradeNo);
      if (!trade) throw new Error(`no trade ${outTradeNo}`);
      const fields: Record<string, string> = {
        notify_time: new Date().toISOString().slice(0, 19).replace("T", " "),
        notify_type: "trade_status_sync",
        notify_id: randomBytes(16).toString("hex"),
        app_id: appId,
        charset: "utf-8",
        version: "1.0",
        sign_type: "RSA2",
        trade_no: trade.tradeNo,
        out_trade_no: trade.outTradeNo,
        trade_status: trade.status,
        total_amount: trade.totalAmount,
        receipt_amount: trade.totalAmount,
        subject: "消费帮扶订单",
        gmt_payment: new Date().toISOString().slice(0, 19).replace("T", " "),
        ...overrides,
      };
      fields.sign = rsa2(alipaySignContent(fields), signWith);
      return new URLSearchParams(fields).toString();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return fake;
}
