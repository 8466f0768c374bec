// Crashes and faults, on the real PostgreSQL, against the production server in a child process:
// 1. SIGKILL in the middle of a stream of checkouts and Stripe payments, restart → every order a
//    client saw acknowledged exists whole, no half-written order exists, and reconciliation
//    repairs the payments whose webhooks were lost with the crash.
// 2. The database stops under load and starts again → requests fail cleanly with 503 and the app
//    recovers without a restart.
// Only in `npm run test:reliability` (it stops and starts the machine's PostgreSQL).
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeStripe, type FakeStripe } from "../support/fake-stripe";
import { withDatabaseName } from "../support/test-database";
import { recordFigure } from "./figures";
import { startServer, type ServerProcess } from "./server-process";

const BASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const DB_NAME = `reliability_${randomBytes(4).toString("hex")}`;
const DB_URL = withDatabaseName(BASE_URL, DB_NAME);
const WEBHOOK_SECRET = "whsec_reliability_0123456789";
const PORT = Number(process.env.RELIABILITY_PORT ?? 3290);
const signer = new Stripe("sk_test_signer");
const execFileAsync = promisify(execFile);

let fake: FakeStripe;
let sql: postgres.Sql;
let serverEnv: Record<string, string>;

beforeAll(async () => {
  const admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${DB_NAME}"`);
  await admin.end();
  fake = await startFakeStripe();
  serverEnv = {
    BUILD_DIR: process.env.BUILD_DIR ?? ".cache/build-reliability",
    DATABASE_URL: DB_URL,
    SEED_DEMO_DATA: "1",
    SESSION_SECRET: "reliability-session-secret-0123456789abcdef",
    PII_KEY: "2f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
    STRIPE_SECRET_KEY: "sk_test_reliability",
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_URL: fake.url,
  };
  sql = postgres(DB_URL, { max: 2, onnotice: () => {} });
});

afterAll(async () => {
  await sql?.end();
  await fake?.close();
  const admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
  await admin.end();
});

/** One shopper: add to cart, check out (→ a Stripe Checkout Session), returns the session id. */
async function checkout(server: ServerProcess, variantId: string): Promise<string> {
  let cookie = "";
  const post = async (path: string, fields: Record<string, string>) => {
    const response = await fetch(`${server.url}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
      body: new URLSearchParams(fields),
    });
    const set = response.headers.get("set-cookie");
    if (set) cookie = set.split(";")[0];
    return response;
  };
  const added = await post("/cart", { intent: "add", variantId, quantity: "1" });
  if (added.status !== 303) throw new Error(`add to cart: ${added.status}`);
  const placed = await post("/checkout", {
    contactName: "王小雨",
    contactMobile: "13912345678",
    province: "河南省",
    city: "三门峡市",
    district: "湖滨区",
    detail: "黄河路 100 号 3 单元",
  });
  const location = placed.headers.get("location") ?? "";
  const match = /\/c\/pay\/(cs_test_\w+)/.exec(location);
  if (placed.status !== 303 || !match) throw new Error(`checkout: ${placed.status} ${location}`);
  return match[1];
}

async function deliverWebhook(server: ServerProcess, sessionId: string): Promise<number> {
  const session = fake.sessions.get(sessionId)!;
  const payload = JSON.stringify({
    id: `evt_${randomBytes(8).toString("hex")}`,
    object: "event",
    type: "checkout.session.completed",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: { object: session },
  });
  const response = await fetch(`${server.url}/webhooks/stripe`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "Stripe-Signature": signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }),
    },
    body: payload,
  });
  return response.status;
}

describe("faults", () => {
  it("SIGKILL mid-stream: no acknowledged order lost, none half-written, lost webhooks repaired by reconciliation", async () => {
    let server = await startServer({ port: PORT, env: serverEnv });
    const [variant] = await sql<{ id: string }[]>`
      select v.id from product_variants v join products p on p.id = v.product_id
      where p.status = 'active' and v.active order by v.id limit 1`;
    await sql`update product_variants set stock = 100000 where id = ${variant.id}`;

    const acknowledgedOrders: string[] = []; // session ids the shopper got back
    const acknowledgedPayments: string[] = []; // sessions whose webhook the server answered 200
    const paidOnStripe: string[] = []; // sessions the shopper paid (webhook delivered or not)
    let stop = false;
    let clientErrors = 0;
    const client = async (n: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const sessionId = await checkout(server, variant.id);
          acknowledgedOrders.push(sessionId);
          fake.markPaid(sessionId);
          paidOnStripe.push(sessionId);
          // Every third payment's webhook is "lost" (never sent): reconciliation must find it.
          if ((n + i) % 3 !== 0 && (await deliverWebhook(server, sessionId)) === 200)
            acknowledgedPayments.push(sessionId);
        } catch {
          clientErrors++;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    };
    const clients = Array.from({ length: 6 }, (_, n) => client(n));
    await new Promise((r) => setTimeout(r, 4000));
    await server.kill("SIGKILL");
    await new Promise((r) => setTimeout(r, 300));
    stop = true;
    await Promise.all(clients);

    server = await startServer({ port: PORT, env: serverEnv });
    try {
      const orders = await sql<
        {
          id: string;
          status: string;
          total_fen: number;
          ref: string | null;
          lines: number;
          parts: number;
          line_sum: number;
          shipping: number;
        }[]
      >`
        select o.id, o.status, o.total_fen,
          (select p.provider_ref from payments p where p.order_id = o.id order by p.created_at limit 1) as ref,
          (select count(*)::int from order_lines l where l.order_id = o.id) as lines,
          (select count(*)::int from order_parts pt where pt.order_id = o.id) as parts,
          (select coalesce(sum(l.line_total_fen), 0)::int from order_lines l where l.order_id = o.id) as line_sum,
          (select coalesce(sum(pt.shipping_fen), 0)::int from order_parts pt where pt.order_id = o.id) as shipping
        from orders o`;
      const bySession = new Map(orders.map((o) => [o.ref, o]));
      const lost = acknowledgedOrders.filter((sessionId) => !bySession.has(sessionId));
      const halfWritten = orders.filter(
        (o) => o.lines === 0 || o.parts === 0 || o.line_sum + o.shipping !== o.total_fen,
      );
      const unpaidAcknowledged = acknowledgedPayments.filter(
        (sessionId) => bySession.get(sessionId)?.status !== "paid",
      );
      expect(acknowledgedOrders.length).toBeGreaterThan(5);
      expect(lost).toEqual([]);
      expect(halfWritten).toEqual([]);
      expect(unpaidAcknowledged).toEqual([]);

      // Reconciliation asks Stripe about every pending order and applies what it learns.
      const pendingBefore = paidOnStripe.filter(
        (sessionId) => bySession.has(sessionId) && bySession.get(sessionId)!.status !== "paid",
      ).length;
      expect(
        pendingBefore,
        "some payments must have lost their webhook, or reconciliation is not tested",
      ).toBeGreaterThan(0);
      // Asynchronously: the fake Stripe answering the script lives in this process's event loop.
      await execFileAsync(
        process.execPath,
        ["--import", "tsx", "scripts/payments-reconcile.ts", "--minutes", "0"],
        {
          env: { ...process.env, NODE_ENV: "production", ...serverEnv },
          timeout: 120_000,
        },
      );
      const after = await sql<{ ref: string; status: string }[]>`
        select p.provider_ref as ref, o.status from payments p join orders o on o.id = p.order_id where p.provider = 'stripe'`;
      const statusOf = new Map(after.map((r) => [r.ref, r.status]));
      const stillUnpaid = paidOnStripe.filter((sessionId) => statusOf.get(sessionId) !== "paid");
      expect(stillUnpaid).toEqual([]);

      recordFigure("faults", "checkouts acknowledged before SIGKILL", acknowledgedOrders.length);
      recordFigure("faults", "client requests cut by the crash", clientErrors);
      recordFigure("faults", "orders lost", lost.length);
      recordFigure("faults", "half-written orders", halfWritten.length);
      recordFigure("faults", "payments repaired by reconciliation", pendingBefore);
      recordFigure("faults", "server crashes survived", 1);
    } finally {
      await server.kill("SIGTERM");
    }
  });

  it("the database stops under load: clean 503s, then the app recovers without a restart", async () => {
    const server = await startServer({ port: PORT + 1, env: serverEnv });
    const cluster = execFileSync("bash", ["-c", "ls /etc/postgresql"]).toString().trim();
    const pgctl = (action: "stop" | "start") =>
      spawnSync(
        "pg_ctlcluster",
        ["--skip-systemctl-redirect", cluster, "main", action, ...(action === "stop" ? ["-m", "fast"] : [])],
        { stdio: "pipe" },
      );
    const statuses = new Map<number, number>();
    let stop = false;
    const load = async () => {
      while (!stop) {
        try {
          const response = await fetch(`${server.url}/products`);
          await response.arrayBuffer();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        } catch {
          statuses.set(0, (statuses.get(0) ?? 0) + 1);
        }
      }
    };
    const clients = Array.from({ length: 4 }, load);
    try {
      await new Promise((r) => setTimeout(r, 1500));
      expect(pgctl("stop").status).toBe(0);
      await new Promise((r) => setTimeout(r, 4000));
      const during = await fetch(`${server.url}/products`);
      expect(during.status).toBe(503);
      expect(during.headers.get("retry-after")).toBe("5");
      expect((await fetch(`${server.url}/healthz`)).status).toBe(503);
    } finally {
      expect(pgctl("start").status).toBe(0);
    }
    // Back without restarting the app.
    let recoveredAfterMs = 0;
    const started = Date.now();
    for (;;) {
      if ((await fetch(`${server.url}/products`)).status === 200) break;
      if (Date.now() - started > 30_000) throw new Error("no recovery within 30 s");
      await new Promise((r) => setTimeout(r, 200));
    }
    recoveredAfterMs = Date.now() - started;
    stop = true;
    await Promise.all(clients);
    await server.kill("SIGTERM");
    expect(statuses.get(500) ?? 0).toBe(0);
    recordFigure("faults", "requests while the database was down (503)", statuses.get(503) ?? 0);
    recordFigure(
      "faults",
      "5xx other than 503",
      [...statuses].filter(([code]) => code >= 500 && code !== 503).reduce((a, [, n]) => a + n, 0),
    );
    recordFigure("faults", "recovery after database restart (ms)", recoveredAfterMs);
    recordFigure("faults", "database outages survived", 1);
  });
});
