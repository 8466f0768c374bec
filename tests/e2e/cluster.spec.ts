// Several app processes behind a real nginx (`npm run cluster`, scripts/cluster.mjs), on the real
// PostgreSQL and Redis: requests spread over the processes; the login brake is one count for all
// of them; a process killed mid-traffic costs no request and comes back; a price change shows at
// once on every process's cached anonymous page. Desktop project only (one cluster is enough).
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import Redis from "ioredis";
import postgres from "postgres";
import { formatFen } from "../../app/lib/money";

const BASE_PORT = Number(process.env.E2E_PORT ?? 3100) + 300;
const PROXY = `http://127.0.0.1:${BASE_PORT}`;
const APP_PORTS = [BASE_PORT + 1, BASE_PORT + 2];
const ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

// The e2e database when it is PostgreSQL; on the embedded pass a PostgreSQL database of its own.
const ownDatabase = !process.env.DATABASE_URL?.startsWith("postgres") ? `cluster_e2e_${Date.now()}` : null;
const DATABASE_URL = ownDatabase
  ? `postgres://postgres@127.0.0.1:5432/${ownDatabase}`
  : process.env.DATABASE_URL!;

let cluster: ChildProcess;
let output = "";

test.describe.configure({ mode: "serial", timeout: 120_000 });

async function waitHealthy(url: string, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (cluster.exitCode !== null) throw new Error(`cluster exited:\n${output}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} not healthy after ${ms} ms:\n${output}`);
}

function pidListeningOn(port: number): number {
  const line = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
  return Number(/pid=(\d+)/.exec(line)![1]);
}

const badLogin = (base: string) =>
  fetch(`${base}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ login: "13900009999", password: "wrong-password-1" }),
    redirect: "manual",
  }).then((r) => r.status);

test.beforeAll(async () => {
  test.setTimeout(300_000); // a hook's own limit: starting the cluster migrates and seeds a database
  if (ownDatabase) {
    const admin = postgres(ADMIN_URL, { onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE "${ownDatabase}"`);
    await admin.end();
  }
  cluster = spawn(process.execPath, ["scripts/cluster.mjs"], {
    env: {
      ...process.env,
      PORT: String(BASE_PORT),
      CLUSTER_PROCESSES: String(APP_PORTS.length),
      DATABASE_URL,
      REDIS_URL,
      DATA_DIR: `.cache/cluster-${BASE_PORT}`,
      NODE_ENV: "production",
      SEED_DEMO_DATA: "1",
      SESSION_SECRET: "e2e-session-secret-0123456789abcdef0123456789",
      PII_KEY: "1f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  cluster.stdout!.on("data", (c) => (output += c));
  cluster.stderr!.on("data", (c) => (output += c));
  await waitHealthy(PROXY, 280_000);
});

test.afterAll(async () => {
  if (cluster && cluster.exitCode === null) {
    const exited = new Promise((r) => cluster.once("exit", r));
    cluster.kill("SIGTERM");
    await exited;
  }
  if (ownDatabase) {
    const admin = postgres(ADMIN_URL, { onnotice: () => {} });
    await admin.unsafe(`DROP DATABASE IF EXISTS "${ownDatabase}" WITH (FORCE)`);
    await admin.end();
  }
});

test("nginx spreads requests over both app processes", async () => {
  const instances = new Set<string>();
  for (let i = 0; i < 12; i++) instances.add((await (await fetch(`${PROXY}/healthz`)).json()).instance);
  expect(instances.size).toBe(APP_PORTS.length);
});

test("the login brake is one count for all processes (Redis), not one per process", async () => {
  const redis = new Redis(REDIS_URL);
  const stale = await redis.keys("window:login-failures:*");
  if (stale.length) await redis.del(...stale);
  // 15 failed logins straight at each process: 30 from this address in all, each process saw 15.
  for (const port of APP_PORTS)
    for (let i = 0; i < 15; i++) expect(await badLogin(`http://127.0.0.1:${port}`)).toBe(400);
  // The next attempt is refused by every process and through the proxy (same client address).
  expect(await badLogin(PROXY)).toBe(429);
  for (const port of APP_PORTS) expect(await badLogin(`http://127.0.0.1:${port}`)).toBe(429);
  await redis.del(...(await redis.keys("window:login-failures:*")));
  redis.disconnect();
});

test("a process killed mid-traffic costs no request, and the cluster starts it again", async () => {
  const victim = APP_PORTS[1];
  const before = (await (await fetch(`http://127.0.0.1:${victim}/healthz`)).json()).instance;
  process.kill(pidListeningOn(victim), "SIGKILL");
  const statuses = await Promise.all(
    Array.from({ length: 30 }, () => fetch(`${PROXY}/products`).then((r) => r.status)),
  );
  expect(statuses.filter((s) => s !== 200)).toEqual([]);
  await waitHealthy(`http://127.0.0.1:${victim}`, 120_000);
  const after = (await (await fetch(`http://127.0.0.1:${victim}/healthz`)).json()).instance;
  expect(after).not.toBe(before);
});

test("a price change shows at once on every process's cached anonymous page", async () => {
  const sql = postgres(DATABASE_URL, { onnotice: () => {} });
  const [variant] = await sql<{ id: string; slug: string; price_fen: number }[]>`
    SELECT v.id, p.slug, v.price_fen FROM product_variants v JOIN products p ON p.id = v.product_id
    WHERE p.status = 'active' AND v.active ORDER BY p.slug, v.sort_order LIMIT 1`;
  const page = (port: number) => fetch(`http://127.0.0.1:${port}/products/${variant.slug}`);
  for (const port of APP_PORTS) {
    await page(port);
    expect((await page(port)).headers.get("x-page-cache")).toBe("hit");
  }
  const newPrice = variant.price_fen + 1234;
  await sql`UPDATE product_variants SET price_fen = ${newPrice} WHERE id = ${variant.id}`;
  try {
    for (const port of APP_PORTS) {
      const answer = await page(port);
      expect(answer.headers.get("x-page-cache")).toBe("miss");
      expect(await answer.text()).toContain(formatFen(newPrice));
    }
  } finally {
    await sql`UPDATE product_variants SET price_fen = ${variant.price_fen} WHERE id = ${variant.id}`;
    await sql.end();
  }
});

test("each background sweep runs once per slot for the whole cluster (pg-boss), not once per process", async () => {
  const sql = postgres(DATABASE_URL, { onnotice: () => {} });
  try {
    // Every process offers every sweep at start and each minute; a slot holds one job per sweep.
    await expect(async () => {
      const names = await sql<{ name: string }[]>`
        SELECT DISTINCT name FROM pgboss.job WHERE name LIKE 'sweep-%' AND state = 'completed'`;
      expect(names.length).toBe(9); // BACKGROUND_SWEEPS in app/entry.server.tsx
    }).toPass({ timeout: 60_000, intervals: [1_000] });
    const repeated = await sql`
      SELECT name, singleton_on, count(*)::int AS jobs FROM pgboss.job
      WHERE name LIKE 'sweep-%' GROUP BY name, singleton_on HAVING count(*) > 1`;
    expect(repeated).toEqual([]);
  } finally {
    await sql.end();
  }
});
