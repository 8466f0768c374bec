// Hostile input: random malformed, huge, unicode and injection payloads posted to every action
// (route files read from app/routes, as in the authorization matrix) as random roles, and to the
// Stripe webhook. Every answer must be a clean 4xx/3xx (or a 2xx page with errors) — never a 5xx,
// never an exception — and the database must not change at all.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/fixtures/accounts";
import { seedDatabase } from "../../db/seed";
import { urlInputRefusal } from "~/lib/web-security.server";
import { databaseDigest } from "../support/digest";
import { call, CookieJar, formRequest } from "../support/requests";
import { recordFigure } from "./figures";

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const ROUTES_DIR = path.resolve(import.meta.dirname, "../../app/routes");

type Handler = (args: {
  request: Request;
  params: Record<string, string>;
  context: object;
}) => Promise<Response> | Response;

const FIELD_NAMES = [
  "intent",
  "budget",
  "digest",
  "id",
  "variantId",
  "productId",
  "orderLineId",
  "partId",
  "quantity",
  "amount",
  "amountYuan",
  "priceYuan",
  "stock",
  "login",
  "password",
  "mobile",
  "email",
  "displayName",
  "name",
  "reason",
  "redirectTo",
  "status",
  "weight",
  "decision",
  "householdLookup",
  "evidence",
  "validFrom",
  "validUntil",
  "mechanism",
  "beneficiaryType",
  "orderNumber",
  "contactName",
  "contactMobile",
  "province",
  "city",
  "district",
  "detail",
  "lang",
  "q",
  "carrier",
  "trackingNumber",
  "token",
  "reference",
  "transferDate",
  "rating",
  "comment",
  "headName",
  "idCardNumber",
  "memberCount",
  "villageCode",
  "kind",
  "from",
  "to",
  "linkageId", // household payouts (issue 19)
  "period",
  "method",
  "paidOn",
  "action",
  "followedOn",
  "contacted",
  "resolve",
  "userId", // official accounts (issue 18)
  "regionId",
];
const INTENTS = [
  "place",
  "add",
  "update",
  "remove",
  "approve",
  "reject",
  "terminate",
  "ship",
  "deliver",
  "refund",
  "publish",
  "withdraw",
  "retry",
  "pay",
  "fail",
  "delete",
  "follow_up",
  "appoint",
  "scope",
  "deactivate",
  "requeue",
];

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom(
    "' OR 1=1 --",
    "'; DROP TABLE orders; --",
    '" onmouseover="alert(1)',
    "<script>alert(document.cookie)</script>",
    "<img src=x onerror=alert(1)>",
    "../../../../etc/passwd",
    "%00",
    "\u0000",
    "\u202e\u0647\u0644\u0627",
    "🍎🍄".repeat(50),
    "𠀀𪚥",
    "NaN",
    "Infinity",
    "-1",
    "1e309",
    "9999999999999999999999",
    "0x10",
    "１２３",
    "00000000-0000-4000-8000-000000000000",
    "not-a-uuid",
    "2026-02-30",
    "https://evil.example/",
    "//evil.example",
    "javascript:alert(1)",
    "__proto__",
    "constructor",
    "",
    " ",
  ),
  fc.nat({ max: 200_000 }).map((n) => "啊".repeat(n)),
);

const payload = fc.record({
  fields: fc.array(fc.tuple(fc.constantFrom(...FIELD_NAMES), hostileString), { maxLength: 8 }),
  intent: fc.option(fc.constantFrom(...INTENTS), { nil: undefined }),
  body: fc.constantFrom("form", "json", "bad-encoding", "multipart-garbage"),
});

type Payload = { fields: [string, string][]; intent: string | undefined; body: string };

function requestFor(url: string, p: Payload, jar: CookieJar | undefined): Request {
  const pairs: [string, string][] = p.intent ? [["intent", p.intent], ...p.fields] : p.fields;
  const cookie: Record<string, string> = jar ? { Cookie: jar.header() } : {};
  switch (p.body) {
    case "json":
      return new Request(`http://localhost${url}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...cookie },
        body: JSON.stringify(Object.fromEntries(pairs)),
      });
    case "bad-encoding":
      return new Request(`http://localhost${url}`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", ...cookie },
        body: "intent=%E0%A4%A&quantity=%ZZ&&=&%",
      });
    case "multipart-garbage":
      return new Request(`http://localhost${url}`, {
        method: "POST",
        headers: { "Content-Type": "multipart/form-data; boundary=xyz", ...cookie },
        body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n<?php system($_GET[c]); ?>\r\n--xy',
      });
    default: {
      const body = new URLSearchParams();
      for (const [k, v] of pairs) body.append(k, v);
      return new Request(`http://localhost${url}`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", ...cookie },
        body: body.toString(),
      });
    }
  }
}

function urlOf(file: string): string {
  const segments = file
    .replace(/\.(tsx|ts)$/, "")
    .replace(/\[\.\]/g, "\u0000")
    .split(".")
    .filter((seg) => seg !== "_index")
    .map((seg) =>
      seg
        // eslint-disable-next-line no-control-regex -- NUL stands in for a dot inside a route segment
        .replace(/\u0000/g, ".")
        .replace(/^\$(\w+)_?$/, "00000000-0000-4000-8000-000000000000")
        .replace(/_$/, ""),
    );
  return `/${segments.join("/")}`.replace(/\/$/, "") || "/";
}

function paramsOf(file: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const m of file.matchAll(/\$(\w+?)_?(?=\.|$)/g)) params[m[1]] = "00000000-0000-4000-8000-000000000000";
  if (/\$\./.test(file) || /\.\$\.tsx?$/.test(file)) params["*"] = "x";
  return params;
}

let actions: { file: string; url: string; params: Record<string, string>; action: Handler }[] = [];
const loaders: { file: string; params: string[]; queryNames: string[]; loader: Handler }[] = [];
const jars: (CookieJar | undefined)[] = [undefined];

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 60 });
  const { action: login } = (await import("../../app/routes/login")) as { action: Handler };
  for (const account of DEMO_ACCOUNTS.filter((a) =>
    ["customer", "supplierStaff", "townOfficial", "districtOfficial", "buyerAdmin", "admin"].includes(a.key),
  )) {
    const jar = new CookieJar();
    jar.take(
      await call(async () =>
        login({
          request: formRequest("/login", { login: account.mobile, password: DEMO_PASSWORD }),
          params: {},
          context: {},
        }),
      ),
    );
    jars.push(jar);
  }
  // Logout reads no input and legitimately ends the session (a row changes): it would only sign
  // the fuzzing roles out.
  const files = readdirSync(ROUTES_DIR).filter(
    (f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f) && f !== "login.tsx" && f !== "logout.ts",
  );
  for (const file of files) {
    const mod = (await import(`../../app/routes/${file.replace(/\.(tsx|ts)$/, "")}`)) as { action?: Handler };
    if (mod.action) actions.push({ file, url: urlOf(file), params: paramsOf(file), action: mod.action });
    const { loader } = mod as { loader?: Handler };
    if (loader) {
      const source = readFileSync(path.join(ROUTES_DIR, file), "utf8");
      const own = [...source.matchAll(/searchParams\.(?:get|getAll|has)\("(\w+)"\)/g)].map((m) => m[1]);
      loaders.push({ file, params: Object.keys(paramsOf(file)), queryNames: [...new Set(own)], loader });
    }
  }
  // Login is fuzzed too, but as the last of the forms: failed logins lock accounts by design,
  // which would change rows; its payloads never name a demo account (hostile strings only).
  const { action } = (await import("../../app/routes/login")) as { action: Handler };
  actions = [...actions, { file: "login.tsx", url: "/login", params: {}, action }];
});

describe("hostile input", () => {
  it(
    `${RUNS} random hostile posts to every action as random roles: never a 5xx, nothing changes`,
    { timeout: 600_000 },
    async () => {
      const before = await databaseDigest(db);
      let tried = 0;
      const failures: string[] = [];
      const property = fc.assert(
        fc.asyncProperty(fc.nat(), fc.nat(), payload, async (routeIndex, jarIndex, p) => {
          const target = actions[routeIndex % actions.length];
          const jar = jars[jarIndex % jars.length];
          tried++;
          let status: number;
          try {
            const response = await call(async () =>
              target.action({ request: requestFor(target.url, p, jar), params: target.params, context: {} }),
            );
            status = response instanceof Response ? response.status : 200;
          } catch (error) {
            failures.push(`${target.file}: threw ${(error as Error).message}`);
            return false;
          }
          if (status >= 500) failures.push(`${target.file}: ${status}`);
          return status < 500;
        }),
        { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261123), endOnFailure: true },
      );
      await property.catch((error: Error) => {
        throw new Error(`${failures.join("\n")}\n${error.message}`);
      });
      const after = await databaseDigest(db);
      const changed = Object.keys(before).filter((t) => before[t] !== after[t]);
      recordFigure("hostile input", "hostile posts tried", tried);
      recordFigure("hostile input", "5xx or exceptions", failures.length);
      recordFigure("hostile input", "tables changed by hostile posts", changed.length);
      expect(failures).toEqual([]);
      expect(changed).toEqual([]);
    },
  );

  // The values PostgreSQL or the HTTP layer choke on: NUL (refused in text), other control
  // characters, and text beyond Latin-1 (refused in headers, e.g. a Location built from input).
  const CONTROL_VALUES = ["a\u0000b", "\u0001\u001b[31m\u007f"];
  const TEXT_VALUES = ["订单\t𠀀\r\n", "/订单", "ｆｕｌｌ／＼\u202e\ud83c\udf4e"];
  const EDGE_VALUES = [...CONTROL_VALUES, ...TEXT_VALUES];

  /** Every text field a route's forms name (name="…"), with the common ones. */
  function fieldNamesOf(file: string): string[] {
    const source = readFileSync(path.join(ROUTES_DIR, file), "utf8");
    return [...new Set([...FIELD_NAMES, ...[...source.matchAll(/name="(\w+)"/g)].map((m) => m[1])])];
  }

  /** The intents a route's action tells apart, so each branch is reached. */
  function intentsOf(file: string): (string | undefined)[] {
    const source = readFileSync(path.join(ROUTES_DIR, file), "utf8");
    const named = [...source.matchAll(/(?:intent === |z\.literal\(|value=)"([a-zA-Z_-]+)"/g)].map(
      (m) => m[1],
    );
    return [undefined, ...new Set(named)];
  }

  it("NUL, control characters and non-Latin-1 text in every field of every form, as every role: never a 5xx, nothing changes", async () => {
    const failures: string[] = [];
    let tried = 0;
    const post = async (values: string[]) => {
      for (const target of actions) {
        const names = fieldNamesOf(target.file);
        for (const jar of jars) {
          for (const intent of intentsOf(target.file)) {
            for (const value of values) {
              for (const body of ["form", "multipart"] as const) {
                const fields: [string, string][] = names.filter((n) => n !== "intent").map((n) => [n, value]);
                if (intent) fields.unshift(["intent", intent]);
                const request =
                  body === "form"
                    ? requestFor(target.url, { fields, intent: undefined, body: "form" }, jar)
                    : new Request(`http://localhost${target.url}`, {
                        method: "POST",
                        headers: jar ? { Cookie: jar.header() } : {},
                        body: formDataOf(fields),
                      });
                tried++;
                try {
                  const response = await call(async () =>
                    target.action({ request, params: target.params, context: {} }),
                  );
                  if (response.status >= 500)
                    failures.push(
                      `${target.file} ${intent ?? ""} ${JSON.stringify(value)} (${body}): ${response.status}`,
                    );
                } catch (error) {
                  failures.push(
                    `${target.file} ${intent ?? ""} ${JSON.stringify(value)} (${body}): threw ${(error as Error).message.slice(0, 200)}`,
                  );
                }
              }
            }
          }
        }
      }
    };
    // Control characters are refused, so nothing may change; text beyond Latin-1 is valid input
    // (a token may well be named 订单), so only the answers are checked.
    const before = await databaseDigest(db);
    await post(CONTROL_VALUES);
    const after = await databaseDigest(db);
    await post(TEXT_VALUES);
    recordFigure("hostile input", "control/NUL/non-Latin-1 posts tried", tried);
    recordFigure("hostile input", "control/NUL/non-Latin-1 posts answered 5xx", failures.length);
    expect(failures).toEqual([]);
    expect(Object.keys(before).filter((t) => before[t] !== after[t])).toEqual([]);
  }, 600_000);

  it("NUL, control characters and non-Latin-1 text in every path segment and query parameter a loader reads, as every role: never a 5xx", async () => {
    const failures: string[] = [];
    let tried = 0;
    // As server.js answers: its URL check first (web-security.server.ts), then the route's loader.
    async function get(
      target: (typeof loaders)[number],
      params: Record<string, string>,
      query: [string, string][],
      jar: CookieJar | undefined,
    ) {
      let pathname = urlOf(target.file);
      for (const name of target.params) {
        const value = encodeURIComponent(params[name] ?? "x");
        pathname =
          name === "*"
            ? pathname.replace(/\/\$$/, "") + "/" + value
            : pathname.replace("00000000-0000-4000-8000-000000000000", value);
      }
      const url = `${pathname}${query.length ? "?" + new URLSearchParams(query).toString() : ""}`;
      tried++;
      const edge = urlInputRefusal(url);
      if (edge) return edge.status;
      const request = new Request(`http://localhost${url}`, { headers: jar ? { Cookie: jar.header() } : {} });
      // Remix hands the loader its params decoded.
      try {
        const response = await call(async () => target.loader({ request, params, context: {} }));
        return response instanceof Response ? response.status : 200;
      } catch (error) {
        failures.push(`${url}: threw ${(error as Error).message.slice(0, 200)}`);
        return 0;
      }
    }
    const COMMON = [
      "q",
      "page",
      "status",
      "year",
      "month",
      "quarter",
      "period",
      "from",
      "to",
      "town",
      "village",
      "category",
      "kind",
      "sort",
      "minPrice",
      "maxPrice",
      "format",
      "export",
      "table",
      "token",
      "history",
      "reached",
      "np",
      "cp",
      "number",
      "redirectTo",
      "session_id",
      "action",
    ];
    for (const target of loaders) {
      for (const jar of jars) {
        for (const value of EDGE_VALUES) {
          const cases: { params: Record<string, string>; query: [string, string][] }[] = [];
          for (const name of target.params)
            cases.push({ params: { ...paramsOfValues(target.params), [name]: value }, query: [] });
          for (const name of target.queryNames)
            cases.push({ params: paramsOfValues(target.params), query: [[name, value]] });
          cases.push({ params: paramsOfValues(target.params), query: COMMON.map((n) => [n, value]) });
          for (const c of cases) {
            const status = await get(target, c.params, c.query, jar);
            if (status >= 500) failures.push(`${target.file} ${JSON.stringify(c)}: ${status}`);
          }
        }
      }
    }
    recordFigure("hostile input", "control/NUL/non-Latin-1 gets tried", tried);
    recordFigure("hostile input", "control/NUL/non-Latin-1 gets answered 5xx", failures.length);
    expect(failures).toEqual([]);
  }, 600_000);

  it("the Stripe webhook answers 400 to unsigned, forged and garbage bodies and records nothing", async () => {
    const { action } = (await import("../../app/routes/webhooks.stripe")) as { action: Handler };
    const before = await databaseDigest(db);
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 2000 }),
          fc.json(),
          fc.constant(
            JSON.stringify({
              id: "evt_1",
              type: "checkout.session.completed",
              data: { object: { id: "cs_1" } },
            }),
          ),
        ),
        fc.option(fc.oneof(fc.string({ maxLength: 200 }), fc.constant("t=1700000000,v1=deadbeef")), {
          nil: undefined,
        }),
        async (body, signature) => {
          tried++;
          const response = await call(async () =>
            action({
              request: new Request("http://localhost/webhooks/stripe", {
                method: "POST",
                headers: signature === undefined ? {} : { "Stripe-Signature": signature },
                body,
              }),
              params: {},
              context: {},
            }),
          );
          return response.status === 400;
        },
      ),
      { numRuns: Math.max(50, Math.floor(RUNS / 3)), seed: 7 },
    );
    const after = await databaseDigest(db);
    recordFigure("hostile input", "forged webhook bodies tried", tried);
    expect(Object.keys(before).filter((t) => before[t] !== after[t])).toEqual([]);
  });
});

function paramsOfValues(names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, n === "*" ? "x" : "00000000-0000-4000-8000-000000000000"]));
}

function formDataOf(fields: [string, string][]): FormData {
  const form = new FormData();
  for (const [k, v] of fields) form.append(k, v);
  return form;
}

// ─── real ids (issue 15) ──────────────────────────────────────────────────────────────────
// The same hostile payloads, but to the routes about one party's thing with that thing's REAL ids
// (party A's, as in the authorization matrix: tests/support/party-a.ts) and as its owner among the
// roles: with the all-zero id above every such post answers 404 before its form is read. Here the
// forms are parsed and reach the models. Never a 5xx or an exception; and most posts get past the
// id (a figure, and a floor, so that the fuzz cannot drift back to testing only the 404).
describe("hostile input on routes with real ids", () => {
  let targets: {
    file: string;
    url: string;
    params: Record<string, string>;
    action: Handler;
    owner: CookieJar;
  }[] = [];
  const partyJars: (CookieJar | undefined)[] = [undefined];
  const jarOf = new Map<string, CookieJar>();
  // Who owns party A's thing behind each id route (as in the matrix): half the posts are theirs.
  const OWNER_OF: Record<string, string> = {
    "orders.$number.tsx": "customer",
    "pay.demo.$paymentId.tsx": "customer",
    "official.households.$id.tsx": "townOfficial",
    "official.orders.$orderNumber.tsx": "admin",
    "supplier.products.$id.tsx": "supplierStaff",
    "supplier.orders.$partId.tsx": "supplierStaff",
    "buyer.orders.$number.tsx": "buyerAdmin",
    "official.applications.$id.tsx": "townOfficial", // onboarding: a town-A application
    "official.warnings.$id.tsx": "townOfficial", // early warning: follow-ups of a town-A household
    "account.addresses.$id.tsx": "customer", // address book: the customer's saved address
  };

  beforeAll(async () => {
    const { createPartyA, ID_ROUTE_TARGETS } = await import("../support/party-a");
    const f = await createPartyA();
    const { action: login } = (await import("../../app/routes/login")) as { action: Handler };
    // The owners of party A's things, and other parties.
    for (const key of [
      "customer",
      "customer2",
      "supplierStaff",
      "supplierStaffB",
      "townOfficial",
      "townOfficialB",
      "buyerAdmin",
      "admin",
    ]) {
      const account = DEMO_ACCOUNTS.find((a) => a.key === key)!;
      const jar = new CookieJar();
      jar.take(
        await call(async () =>
          login({
            request: formRequest("/login", { login: account.mobile, password: DEMO_PASSWORD }),
            params: {},
            context: {},
          }),
        ),
      );
      partyJars.push(jar);
      jarOf.set(key, jar);
    }
    for (const [file, target] of Object.entries(ID_ROUTE_TARGETS)) {
      const mod = (await import(`../../app/routes/${file.replace(/\.(tsx|ts)$/, "")}`)) as {
        action?: Handler;
      };
      if (mod.action)
        targets.push({ file, ...target(f), action: mod.action, owner: jarOf.get(OWNER_OF[file])! });
    }
    targets = targets.sort((a, b) => a.file.localeCompare(b.file));
  });

  it(`${RUNS} hostile posts to the id routes with real ids, as owners and others: never a 5xx`, async () => {
    let tried = 0;
    let ownerPosts = 0;
    let pastTheId = 0;
    const failures: string[] = [];
    const property = fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        payload,
        async (routeIndex, jarIndex, asOwner, p) => {
          const target = targets[routeIndex % targets.length];
          const jar = asOwner ? target.owner : partyJars[jarIndex % partyJars.length];
          tried++;
          let status: number;
          try {
            const response = await call(async () =>
              target.action({ request: requestFor(target.url, p, jar), params: target.params, context: {} }),
            );
            status = response instanceof Response ? response.status : 200;
          } catch (error) {
            failures.push(`${target.file}: threw ${(error as Error).message}`);
            return false;
          }
          // The owner's post found the thing: with the all-zero id it was a 404 (or a parse error).
          if (asOwner) {
            ownerPosts++;
            if (status !== 404 && status !== 400) pastTheId++;
          }
          if (status >= 500) failures.push(`${target.file}: ${status}`);
          return status < 500;
        },
      ),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261202), endOnFailure: true },
    );
    await property.catch((error: Error) => {
      throw new Error(`${failures.join("\n")}\n${error.message}`);
    });
    recordFigure("hostile input", "hostile posts with real ids", tried);
    recordFigure("hostile input", "owners' posts that reached their thing", pastTheId);
    expect(failures).toEqual([]);
    expect(targets.map((t) => t.file).sort(), "id routes with an action").toEqual(
      Object.keys(OWNER_OF).sort(),
    );
    expect(pastTheId, `owners' posts that reached their thing, of ${ownerPosts}`).toBeGreaterThan(
      ownerPosts / 20,
    ); // 0 with the all-zero id
  });
});
