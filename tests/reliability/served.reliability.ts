// The built server as `npm start` runs it (node server.js, no NODE_ENV, no secrets, a fresh data
// directory; with DATABASE_URL=postgres://… a fresh database and the two required secrets), over
// real HTTP: production mode (no internals in any error answer, a Secure session cookie), the
// audit log's client address behind the trusted proxy, and uploads over the limit answered 413
// with the form instead of a reset connection. Needs a build in BUILD_DIR (npm run test:reliability
// builds one); runs on PGlite or PostgreSQL.
import { randomBytes } from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { connect } from "node:net";
import { and, desc, eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, schema as s } from "../../db/client";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/fixtures/accounts";
import { withDatabaseName } from "../support/test-database";

const PORT = Number(process.env.SERVED_PORT ?? 3202);
const BASE = `http://127.0.0.1:${PORT}`;
const BASE_URL = process.env.DATABASE_URL;
const usesPostgres = BASE_URL?.startsWith("postgres") ?? false;
const DB_NAME = `served_${randomBytes(4).toString("hex")}`;
const DATA_DIR = `.cache/served-${PORT}`;
let child: ChildProcess;
let output = "";

function serverEnv(): NodeJS.ProcessEnv {
  // What a fresh clone has: none of the test runner's settings.
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of [
    "NODE_ENV",
    "DATABASE_URL",
    "SESSION_SECRET",
    "PII_KEY",
    "SESSION_COOKIE_SECURE",
    "SEED_DEMO_DATA",
    "UPLOAD_DIR",
  ])
    delete env[key];
  Object.assign(env, {
    PORT: String(PORT),
    HOST: "127.0.0.1",
    DATA_DIR,
    BUILD_DIR: process.env.BUILD_DIR ?? ".cache/build-reliability",
  });
  if (usesPostgres) {
    Object.assign(env, {
      DATABASE_URL: withDatabaseName(BASE_URL!, DB_NAME),
      SEED_DEMO_DATA: "1",
      SESSION_SECRET: "served-session-secret-0123456789abcdef0123",
      PII_KEY: "3f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
    });
  }
  return env;
}

beforeAll(async () => {
  rmSync(DATA_DIR, { recursive: true, force: true });
  if (usesPostgres) {
    const admin = postgres(BASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE "${DB_NAME}"`);
    await admin.end();
  }
  child = spawn(process.execPath, ["server.js"], { env: serverEnv(), stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    if (
      await fetch(`${BASE}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) throw new Error(`server not healthy after 120 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}, 150_000);

async function stopServer() {
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

afterAll(async () => {
  await stopServer();
  if (usesPostgres) {
    const admin = postgres(BASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
    await admin.end();
  }
  rmSync(DATA_DIR, { recursive: true, force: true });
});

async function logIn(
  key: string,
  headers: Record<string, string> = {},
): Promise<{ cookie: string; setCookie: string }> {
  const account = DEMO_ACCOUNTS.find((a) => a.key === key)!;
  const response = await fetch(`${BASE}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ login: account.mobile, password: DEMO_PASSWORD }),
  });
  expect(response.status).toBe(303);
  const setCookie = response.headers.get("set-cookie") ?? "";
  return { cookie: setCookie.split(";")[0], setCookie };
}

// Internals an error answer must never carry: stack frames, file paths, SQL.
const INTERNALS =
  /\bat [\w.<>]+ \(|node_modules|\/work\/|"stack"|\bstack\b.*\.(?:js|ts):\d+|\bselect\b[^<]{0,80}\bfrom\b|\binsert into\b|\bquery\b":/i;

describe("served as npm start serves it", () => {
  it("serves in production mode: no error answer carries a stack, a path or SQL", async () => {
    const { cookie } = await logIn("customer");
    const probes: [string, RequestInit?][] = [
      ["/?_data=routes%2Fnope"],
      ["/products?_data=routes%2Forders.%24number"],
      ["/orders/x?_data=routes%2Fnope"],
      ["/this-page-does-not-exist"],
      ["/products?q=%00"],
      ["/products/%00"],
      ["/orders/%00"],
      ["/products?_data=routes%2Fproducts._index&q=%00"],
      ["/official?_data=root", { headers: { Cookie: cookie } }],
      ["/cart", { method: "PUT", headers: { Cookie: cookie } }],
      [
        "/login?_data=routes%2Flogin",
        { method: "POST", headers: { "Content-Type": "application/json" }, body: "{" },
      ],
      [
        "/checkout",
        {
          method: "POST",
          headers: { Cookie: cookie, "Content-Type": "multipart/form-data; boundary=x" },
          body: "--x\r\nbroken",
        },
      ],
    ];
    const leaks: string[] = [];
    for (const [path, init] of probes) {
      const response = await fetch(`${BASE}${path}`, { redirect: "manual", ...init });
      const body = await response.text();
      const leak = INTERNALS.exec(body);
      if (leak)
        leaks.push(
          `${init?.method ?? "GET"} ${path} → ${response.status}: …${body.slice(Math.max(0, leak.index - 80), leak.index + 120)}…`,
        );
    }
    expect(leaks).toEqual([]);
  });

  it("sets the session cookie Secure (production), also behind an https proxy", async () => {
    expect((await logIn("customer")).setCookie).toMatch(/;\s*Secure/i);
    expect(
      (await logIn("customer", { "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9" })).setCookie,
    ).toMatch(/;\s*Secure/i);
  });

  it("keeps an idle keep-alive connection open longer than a proxy or client keeps it (no reset on reuse)", async () => {
    // nginx keeps idle upstream connections 60 s and Node's http.Agent without a timeout keeps them
    // until the server closes them; a server closing first (Node's default after 6 s) resets the
    // request written onto the connection at that moment. 8 s idle must still be answered.
    const socket = connect(PORT, "127.0.0.1");
    let received = "";
    let closed = false;
    socket.on("data", (chunk) => (received += chunk));
    socket.on("close", () => (closed = true));
    socket.on("error", () => (closed = true));
    const request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n";
    const answers = async (count: number) => {
      const seen = () => (received.match(/HTTP\/1\.1 200/g) ?? []).length;
      for (let i = 0; i < 200 && seen() < count && !closed; i++) await new Promise((r) => setTimeout(r, 50));
      return seen();
    };
    socket.write(request);
    expect(await answers(1)).toBe(1);
    await new Promise((r) => setTimeout(r, 8_000));
    expect(closed).toBe(false);
    socket.write(request);
    expect(await answers(2)).toBe(2);
    socket.destroy();
  }, 30_000);

  it("uploads over the limit get a 413 answer with the form (no reset connection), on every upload form", async () => {
    const supplier = (await logIn("supplierStaff")).cookie;
    const official = (await logIn("districtOfficial")).cookie;
    const products = await (
      await fetch(`${BASE}/supplier/products?_data=routes%2Fsupplier.products._index`, {
        headers: { Cookie: supplier },
      })
    ).text();
    const productId = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(products)?.[0];
    expect(productId).toBeTruthy();
    const big = new Uint8Array(11 * 1024 * 1024).fill(0x41);
    // Each form with the message its page shows; the invoice form is per order part and the demo
    // supplier has none awaiting an invoice, so that page shows its message without a form.
    const forms: {
      path: string;
      cookie: string;
      fields: Record<string, string>;
      file: string;
      message: string;
      form?: false;
    }[] = [
      {
        path: "/supplier/products/new",
        cookie: supplier,
        fields: { name: "大文件" },
        file: "image",
        message: "图片不能超过 8 MB",
      },
      {
        path: `/supplier/products/${productId}`,
        cookie: supplier,
        fields: { intent: "uploadImage" },
        file: "image",
        message: "图片不能超过 8 MB",
      },
      {
        path: "/supplier/certifications",
        cookie: supplier,
        fields: { subject: "supplier" },
        file: "documents",
        message: "每个不超过 10 MB",
      },
      {
        path: "/supplier/invoices",
        cookie: supplier,
        fields: {},
        file: "invoice",
        message: "文件超过 10 MB",
        form: false,
      },
      {
        path: "/supplier/linkages/new",
        cookie: supplier,
        fields: { mechanism: "order_purchase" },
        file: "evidenceFile",
        message: "证据文件超过 10 MB",
      },
      {
        path: "/supplier/products/stock",
        cookie: supplier,
        fields: { intent: "csv" },
        file: "file",
        message: "CSV 不能超过 1 MB",
      },
      {
        path: "/official/households/import",
        cookie: official,
        fields: {},
        file: "file",
        message: "文件超过 10 MB",
      },
    ];
    const failures: string[] = [];
    for (const form of forms) {
      for (const streamed of [false, true]) {
        const data = new FormData();
        for (const [k, v] of Object.entries(form.fields)) data.append(k, v);
        data.append(form.file, new Blob([big], { type: "application/pdf" }), "big.pdf");
        // As a browser sends it (Content-Length), and chunked (no length declared up front).
        const init: RequestInit & { duplex?: "half" } = {
          method: "POST",
          redirect: "manual",
          headers: { Cookie: form.cookie },
          body: data,
        };
        if (streamed) {
          const encoded = new Response(data);
          init.headers = { Cookie: form.cookie, "Content-Type": encoded.headers.get("content-type")! };
          init.body = encoded.body;
          init.duplex = "half";
        }
        try {
          const response = await fetch(`${BASE}${form.path}`, init);
          const body = await response.text();
          const what = `${form.path}${streamed ? " (chunked)" : ""}`;
          if (response.status !== 413) failures.push(`${what}: ${response.status}`);
          else if (form.form !== false && !/<form[^>]*enctype="multipart\/form-data"/i.test(body))
            failures.push(`${what}: 413 without the form`);
          else if (!body.includes(form.message))
            failures.push(`${what}: 413 without the message "${form.message}"`);
        } catch (error) {
          failures.push(
            `${form.path}${streamed ? " (chunked)" : ""}: ${(error as Error).message} ${String((error as { cause?: unknown }).cause ?? "")}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("audits an export with the right-most address the trusted proxy added, not the forged left-most", async () => {
    const { cookie } = await logIn("districtOfficial");
    const response = await fetch(
      `${BASE}/official/statistics/export?period=year&year=2026&export=category&format=csv`,
      {
        headers: { Cookie: cookie, "X-Forwarded-For": "6.6.6.6, 203.0.113.5" },
      },
    );
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    // The embedded database is one process's: read it once the server has closed it.
    await stopServer();
    const handle = openDatabase(usesPostgres ? withDatabaseName(BASE_URL!, DB_NAME) : undefined, DATA_DIR);
    try {
      const [entry] = await handle.db
        .select({ ip: s.auditLog.ip })
        .from(s.auditLog)
        .where(and(eq(s.auditLog.action, "statistics.export")))
        .orderBy(desc(s.auditLog.id))
        .limit(1);
      expect(entry.ip).toBe("203.0.113.5");
    } finally {
      await handle.close();
    }
  });
});
