// A small local fake of the Stripe REST API for offline tests: the real SDK is pointed at it with
// its host/port/protocol options. Speaks the wire format of the endpoints the app uses:
// POST /v1/checkout/sessions, GET /v1/checkout/sessions/:id, POST /v1/refunds (form-encoded
// bodies, Idempotency-Key honoured: a repeated key returns the same object), errors shaped
// {error:{type,code,message}}.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

type Json = Record<string, unknown>;

/** Parses Stripe's form encoding (a[b][0][c]=v) into nested objects and arrays. */
export function parseStripeForm(body: string): Json {
  const root: Json = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = key.replace(/\]/g, "").split("[");
    let node: Record<string, unknown> = root;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        node[part] = value;
        return;
      }
      const nextIsIndex = /^\d+$/.test(parts[i + 1]);
      node[part] ??= nextIsIndex ? [] : {};
      node = node[part] as Record<string, unknown>;
    });
  }
  return root;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;

export type FakeStripe = {
  url: string;
  sessions: Map<string, Json>;
  refunds: Map<string, Json>;
  /** Every request: method, path, idempotency key, parsed body. */
  requests: { method: string; path: string; idempotencyKey: string | null; body: Json }[];
  /** Marks a session paid (as the buyer paying on Stripe's page would); returns it. */
  markPaid(sessionId: string): Json;
  markExpired(sessionId: string): Json;
  /** The next refund request answers with this error. */
  failNextRefund(message?: string): void;
  /** Runs `hook` once the next refund exists at "Stripe" but before the API answers (webhook races). */
  beforeNextRefundAnswer(hook: (refund: Json) => void): void;
  close(): Promise<void>;
};

export async function startFakeStripe(): Promise<FakeStripe> {
  const sessions = new Map<string, Json>();
  const refunds = new Map<string, Json>();
  const byIdempotencyKey = new Map<string, { status: number; body: Json }>();
  const requests: FakeStripe["requests"] = [];
  let refundError: string | null = null;
  let refundHook: ((refund: Json) => void) | null = null;
  let base = "";

  function send(res: ServerResponse, status: number, body: Json) {
    res.writeHead(status, { "Content-Type": "application/json", "Request-Id": id("req") });
    res.end(JSON.stringify(body));
  }
  const notFound = (what: string) => ({
    status: 404,
    body: { error: { type: "invalid_request_error", code: "resource_missing", message: `No such ${what}` } },
  });

  function createSession(p: Json): { status: number; body: Json } {
    const items = (p.line_items as Json[] | undefined) ?? [];
    if (items.length === 0)
      return {
        status: 400,
        body: { error: { type: "invalid_request_error", code: "parameter_missing", message: "line_items" } },
      };
    let total = 0;
    for (const item of items) {
      const price = item.price_data as Json;
      total += Number(price.unit_amount) * Number(item.quantity);
    }
    const sessionId = id("cs_test");
    const session: Json = {
      id: sessionId,
      object: "checkout.session",
      mode: p.mode ?? "payment",
      url: `${base}/c/pay/${sessionId}`,
      status: "open",
      payment_status: "unpaid",
      payment_intent: null,
      amount_total: total,
      amount_subtotal: total,
      currency: String((items[0].price_data as Json).currency),
      client_reference_id: p.client_reference_id ?? null,
      metadata: p.metadata ?? {},
      success_url: p.success_url,
      cancel_url: p.cancel_url,
      allowed_payment_method_types: p.allowed_payment_method_types ?? null,
      payment_method_types: p.allowed_payment_method_types ?? p.payment_method_types ?? ["card"],
      expires_at: p.expires_at ? Number(p.expires_at) : Math.floor(Date.now() / 1000) + 86400,
      line_items_sent: items,
      livemode: false,
      created: Math.floor(Date.now() / 1000),
    };
    sessions.set(sessionId, session);
    return { status: 200, body: session };
  }

  function createRefund(p: Json): { status: number; body: Json } {
    if (refundError) {
      const message = refundError;
      refundError = null;
      return {
        status: 400,
        body: { error: { type: "invalid_request_error", code: "charge_already_refunded", message } },
      };
    }
    const refund: Json = {
      id: id("re"),
      object: "refund",
      amount: Number(p.amount),
      currency: "cny",
      payment_intent: p.payment_intent,
      status: "succeeded",
      metadata: p.metadata ?? {},
      created: Math.floor(Date.now() / 1000),
    };
    refunds.set(refund.id as string, refund);
    const hook = refundHook;
    refundHook = null;
    hook?.(refund);
    return { status: 200, body: refund };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const path = (req.url ?? "").split("?")[0];
    const body = req.method === "POST" ? parseStripeForm(raw) : {};
    const idempotencyKey = (req.headers["idempotency-key"] as string | undefined) ?? null;
    requests.push({ method: req.method ?? "", path, idempotencyKey, body });
    if (!String(req.headers.authorization ?? "").startsWith("Bearer sk_test_")) {
      return send(res, 401, {
        error: { type: "invalid_request_error", message: "Invalid API Key provided" },
      });
    }
    if (req.method === "POST") {
      const cacheKey = idempotencyKey ? `${path}|${idempotencyKey}` : null;
      const cached = cacheKey ? byIdempotencyKey.get(cacheKey) : undefined;
      if (cached) return send(res, cached.status, cached.body);
      let answer: { status: number; body: Json };
      if (path === "/v1/checkout/sessions") answer = createSession(body);
      else if (path === "/v1/refunds") answer = createRefund(body);
      else answer = notFound(`endpoint ${path}`);
      if (cacheKey && answer.status < 500) byIdempotencyKey.set(cacheKey, answer);
      return send(res, answer.status, answer.body);
    }
    const match = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path);
    if (req.method === "GET" && match) {
      const session = sessions.get(decodeURIComponent(match[1]));
      return session
        ? send(res, 200, session)
        : send(res, notFound("checkout session").status, notFound("checkout session").body);
    }
    const miss = notFound(`endpoint ${path}`);
    send(res, miss.status, miss.body);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error) =>
      send(res, 500, { error: { type: "api_error", message: String(error) } }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function mustGet(sessionId: string) {
    const session = sessions.get(sessionId);
    if (!session) throw new Error(`fake stripe: no session ${sessionId}`);
    return session;
  }

  return {
    url: base,
    sessions,
    refunds,
    requests,
    markPaid(sessionId) {
      const session = mustGet(sessionId);
      Object.assign(session, {
        status: "complete",
        payment_status: "paid",
        payment_intent: session.payment_intent ?? id("pi"),
      });
      return session;
    },
    markExpired(sessionId) {
      return Object.assign(mustGet(sessionId), { status: "expired" });
    },
    failNextRefund(message = "refused by the fake") {
      refundError = message;
    },
    beforeNextRefundAnswer(hook) {
      refundHook = hook;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
