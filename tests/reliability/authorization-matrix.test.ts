// The authorization matrix: every route file (read from app/routes, so a new route cannot be
// forgotten) × every role, for the page (GET) and the action (POST), checked against the access
// rules of DESIGN.md §3 "Access". Routes with an id in the URL are called with party A's ids, so
// party B (another supplier, another town, another customer) must be turned away, and no POST a
// role is refused — nor any empty or tampered post at all — changes a single row.
import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { idCardCheckChar } from "../../core/pii";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/fixtures/accounts";
import { seedDatabase } from "../../db/seed";
import { databaseDigest } from "../support/digest";
import { createPartyA, ID_ROUTE_TARGETS, type Fixtures } from "../support/party-a";
import { call, CookieJar, formRequest, getRequest } from "../support/requests";
import { recordFigure } from "./figures";

const ROUTES_DIR = path.resolve(import.meta.dirname, "../../app/routes");

export const ROLES = [
  "anonymous",
  "customer",
  "customerB",
  "supplierA",
  "supplierB",
  "officialTownA",
  "officialTownB",
  "districtOfficial",
  "buyerAdmin",
  "buyerAdminB",
  "admin",
] as const;
type Role = (typeof ROLES)[number];
const ACCOUNT_OF: Record<Exclude<Role, "anonymous">, string> = {
  customer: "customer",
  customerB: "customer2",
  supplierA: "supplierStaff",
  supplierB: "supplierStaffB",
  officialTownA: "townOfficial",
  officialTownB: "townOfficialB",
  districtOfficial: "districtOfficial",
  buyerAdmin: "buyerAdmin",
  buyerAdminB: "unionAdmin", // another institution (示范区总工会)
  admin: "admin",
};

const OFFICIALS: Role[] = ["officialTownA", "officialTownB", "districtOfficial", "admin"];
const TOWN_A_OFFICIALS: Role[] = ["officialTownA", "districtOfficial", "admin"];
const SUPPLIERS: Role[] = ["supplierA", "supplierB"];
const BUYER_ADMINS: Role[] = ["buyerAdmin", "buyerAdminB"];

type Rule = {
  /** Who may use the route at all: everyone, anyone signed in, these roles, or API-token holders only. */
  access: "public" | "signedIn" | "token" | readonly Role[];
  /** Who may post to it, when narrower than `access` (default: the same). */
  postAccess?: readonly Role[];
  /** For routes about one party's thing: the URL with party A's ids, and who may see A's thing. */
  target?: (f: Fixtures) => { url: string; params: Record<string, string> };
  /** Of the roles with access, those allowed to see party A's thing (default: all with access). */
  owners?: readonly Role[];
  /** Statuses that count as "allowed" for this page besides 2xx and non-login redirects. */
  alsoAllowed?: readonly number[];
};

// One line per route file. Layouts guard too (a child must never rely on them).
const RULES: Record<string, Rule> = {
  "_index.tsx": { access: "public" },
  "products._index.tsx": { access: "public" },
  "products.$slug.tsx": {
    access: "public",
    target: (f) => ({ url: `/products/${f.productSlug}`, params: { slug: f.productSlug } }),
  },
  "suppliers.$slug.tsx": {
    access: "public",
    target: (f) => ({ url: `/suppliers/${f.supplierSlug}`, params: { slug: f.supplierSlug } }),
  },
  "cart.tsx": { access: "public" },
  "checkout.tsx": { access: "public" },
  "healthz.ts": { access: "public" },
  "lang.ts": { access: "public" },
  "login.tsx": { access: "public" },
  "signup.tsx": { access: "public" },
  "logout.ts": { access: "public" },
  "robots[.]txt.ts": { access: "public" },
  "sitemap[.]xml.ts": { access: "public" },
  "media.$.ts": { access: "public", alsoAllowed: [404] }, // no image under this name: a plain 404
  "pay.stripe.return.ts": { access: "public", alsoAllowed: [400, 404] }, // no session id (400); Stripe not configured (404)
  "webhooks.stripe.ts": { access: "public" }, // signature-checked: every unsigned post is a 400
  "webhooks.alipay.ts": { access: "public" }, // RSA2-signed notifications: an unsigned post reads "fail"
  "webhooks.wechatpay.ts": { access: "public", alsoAllowed: [404] }, // signed; 404 when not configured
  "pay.alipay.return.ts": { access: "public", alsoAllowed: [404] }, // unknown trade number: 404
  "pay.wechat.$paymentId.tsx": { access: "public", alsoAllowed: [404] }, // the order's browser only; else 404
  "orders.lookup.tsx": { access: "public" },
  // An order (and its demo payment) is open to its buyer only: everyone else gets a 404.
  "orders.$number.tsx": {
    access: "public",
    target: ID_ROUTE_TARGETS["orders.$number.tsx"],
    owners: ["customer"],
  },
  "pay.demo.$paymentId.tsx": {
    access: "public",
    target: ID_ROUTE_TARGETS["pay.demo.$paymentId.tsx"],
    owners: ["customer"],
  },
  "account._index.tsx": { access: "signedIn" },
  "supplier.tsx": { access: ["supplierA", "supplierB"] },
  "supplier.linkages._index.tsx": { access: ["supplierA", "supplierB"] },
  "supplier.linkages.new.tsx": { access: ["supplierA", "supplierB"] },
  "official.tsx": { access: OFFICIALS },
  "official.linkages._index.tsx": { access: OFFICIALS },
  "official.households._index.tsx": { access: OFFICIALS },
  "official.households.new.tsx": { access: OFFICIALS },
  "official.households.import.tsx": { access: OFFICIALS },
  "official.households.import.report.ts": { access: OFFICIALS, alsoAllowed: [404] }, // no stored import under this token
  "official.households.$id.tsx": {
    access: OFFICIALS,
    target: ID_ROUTE_TARGETS["official.households.$id.tsx"],
    owners: TOWN_A_OFFICIALS,
  },
  // Household income statements and early warning (issue 21): officials of town A's region only.
  "official.households.$id_.statement.tsx": {
    access: OFFICIALS,
    target: ID_ROUTE_TARGETS["official.households.$id_.statement.tsx"],
    owners: TOWN_A_OFFICIALS,
  },
  "official.households.$id_.statement_.export.ts": {
    access: OFFICIALS,
    target: ID_ROUTE_TARGETS["official.households.$id_.statement_.export.ts"],
    owners: TOWN_A_OFFICIALS,
  },
  "official.statements.tsx": { access: OFFICIALS },
  "official.statements.export.ts": {
    access: OFFICIALS,
    target: ID_ROUTE_TARGETS["official.statements.export.ts"],
    owners: TOWN_A_OFFICIALS,
  },
  "official.warnings._index.tsx": { access: OFFICIALS },
  "official.warnings.$id.tsx": {
    access: OFFICIALS,
    target: ID_ROUTE_TARGETS["official.warnings.$id.tsx"],
    owners: TOWN_A_OFFICIALS,
  },
  "notices.tsx": { access: "public" },
  "privacy.tsx": { access: "public" },
  "terms.tsx": { access: "public" },
  // Evidence of supplier A's agreement: its staff and the officials over it.
  "linkages.$id.evidence.ts": {
    access: [...SUPPLIERS, ...OFFICIALS],
    target: ID_ROUTE_TARGETS["linkages.$id.evidence.ts"],
    owners: ["supplierA", ...TOWN_A_OFFICIALS],
  },
  // Progress of one import, for the official who started it only: with no import running, a 404 for everyone.
  "official.households.import.progress.ts": { access: "signedIn", owners: [] },
  "bench.trivial.ts": { access: "public" }, // the benchmark's baseline route: a constant "ok"
  "api.stats.ts": { access: "token" },
  // Supplier portal: supplier staff only, and only their own supplier's things.
  "supplier._index.tsx": { access: SUPPLIERS },
  "supplier.products._index.tsx": { access: SUPPLIERS },
  "supplier.products.new.tsx": { access: SUPPLIERS },
  "supplier.products.stock.tsx": { access: SUPPLIERS },
  "supplier.products.$id.tsx": {
    access: SUPPLIERS,
    target: ID_ROUTE_TARGETS["supplier.products.$id.tsx"],
    owners: ["supplierA"],
  },
  "supplier.orders._index.tsx": { access: SUPPLIERS },
  "supplier.orders.$partId.tsx": {
    access: SUPPLIERS,
    target: ID_ROUTE_TARGETS["supplier.orders.$partId.tsx"],
    owners: ["supplierA"],
  },
  "supplier.orders.$partId_.packing-list.tsx": {
    access: SUPPLIERS,
    target: ID_ROUTE_TARGETS["supplier.orders.$partId_.packing-list.tsx"],
    owners: ["supplierA"],
  },
  "supplier.reports.tsx": { access: SUPPLIERS },
  "supplier.reports_.export.ts": {
    access: SUPPLIERS,
    target: () => ({ url: "/supplier/reports/export?table=months&format=csv", params: {} }),
  },
  "supplier.products.stock[.]csv.ts": { access: SUPPLIERS },
  "supplier.invoices.tsx": { access: SUPPLIERS },
  "supplier.certifications._index.tsx": { access: SUPPLIERS },
  "supplier.certifications.$id.documents.$index.ts": {
    access: SUPPLIERS,
    target: ID_ROUTE_TARGETS["supplier.certifications.$id.documents.$index.ts"],
    owners: ["supplierA"],
  },
  // Officials' portal: officials of a region and admins; money moves only by admins.
  "official._index.tsx": { access: OFFICIALS },
  "official.audit.tsx": { access: OFFICIALS },
  "official.tokens.tsx": { access: OFFICIALS },
  // Official accounts (issue 18): every official reads their scope's list; the district and admins appoint.
  "official.officials.tsx": { access: OFFICIALS },
  // The caller's own messages; the outbox and "send again" are the admins'.
  "official.messages.tsx": { access: OFFICIALS, postAccess: ["admin"] },
  "account.messages.tsx": { access: "signedIn" }, // opening marks the caller's own messages read, no one else's
  "official.statistics.export.ts": { access: OFFICIALS, alsoAllowed: [400] }, // no table named: a clear 400
  "official.certifications._index.tsx": { access: OFFICIALS },
  "official.certifications.$id.documents.$index.ts": {
    access: OFFICIALS,
    target: ID_ROUTE_TARGETS["official.certifications.$id.documents.$index.ts"],
    owners: TOWN_A_OFFICIALS,
  },
  "official.organisations.tsx": { access: OFFICIALS, postAccess: ["admin"] },
  "official.orders._index.tsx": { access: ["admin"] },
  "official.orders.$orderNumber.tsx": {
    access: ["admin"],
    target: ID_ROUTE_TARGETS["official.orders.$orderNumber.tsx"],
  },
  // Institutional buyers: the organisation's buyer_admin; an order page also to platform admins.
  "buyer.tsx": { access: "signedIn" },
  "buyer._index.tsx": { access: BUYER_ADMINS },
  "buyer.members.tsx": { access: BUYER_ADMINS },
  "buyer.orders._index.tsx": { access: BUYER_ADMINS },
  "buyer.export.ts": { access: BUYER_ADMINS, alsoAllowed: [400] }, // no table named: a clear 400
  "buyer.orders.$number.tsx": {
    access: "signedIn",
    target: ID_ROUTE_TARGETS["buyer.orders.$number.tsx"],
    owners: ["buyerAdmin", "admin"],
  },
  "buyer.orders.$number.invoice.$partId.ts": {
    access: "signedIn",
    target: ID_ROUTE_TARGETS["buyer.orders.$number.invoice.$partId.ts"],
    owners: ["buyerAdmin", "admin"],
  },
  // Settlement: staff see their own supplier's statements; officials the totals; admins post.
  "supplier.settlement._index.tsx": { access: SUPPLIERS },
  "supplier.settlement.$statementId.tsx": {
    access: SUPPLIERS,
    target: ID_ROUTE_TARGETS["supplier.settlement.$statementId.tsx"],
    owners: ["supplierA"],
  },
  "supplier.settlement.$statementId_.export.ts": {
    access: SUPPLIERS,
    target: ID_ROUTE_TARGETS["supplier.settlement.$statementId_.export.ts"],
    owners: ["supplierA"],
  },
  "official.settlement.tsx": { access: OFFICIALS, postAccess: ["admin"] },
  // Payouts to households (issue 19): staff record for their own linkages (A's linkage id in the
  // post: B gets 404); officials and admins read the comparison and its export (no format: 400).
  "supplier.payouts.tsx": { access: SUPPLIERS },
  "official.payouts.tsx": { access: OFFICIALS },
  "official.payouts_.export.ts": { access: OFFICIALS, alsoAllowed: [400] },
  // Onboarding (issue 18): the application is public (a visitor is asked to sign in); a town-A
  // application is for the officials over town A; standing and staff are supplier pages (staff: owners).
  "apply.tsx": { access: "public" },
  "apply_.status.tsx": { access: "signedIn" },
  "staff-invitations.$token.tsx": { access: "public" }, // an unknown token: a page that says so
  "official.applications._index.tsx": { access: OFFICIALS },
  "official.applications.$id.tsx": {
    access: OFFICIALS,
    target: ID_ROUTE_TARGETS["official.applications.$id.tsx"],
    owners: TOWN_A_OFFICIALS,
  },
  "official.applications.$id.documents.$index.ts": {
    access: OFFICIALS,
    target: ID_ROUTE_TARGETS["official.applications.$id.documents.$index.ts"],
    owners: TOWN_A_OFFICIALS,
  },
  "official.suppliers.tsx": { access: OFFICIALS },
  "supplier.standing.tsx": { access: SUPPLIERS },
  "supplier.staff.tsx": { access: SUPPLIERS }, // both demo staff own their supplier
  // Issue 20/21 pages (after-sales, reviews, favourites, pre-sale, certificates, trace codes). Party A
  // has no claim, review, certificate or batch: their id routes are called with ids that do not
  // exist, which every role must get as a 404 (the owners' real ids are in each area's route tests:
  // aftersales.routes.test.ts, certificates.routes.test.ts, trace.routes.test.ts, reviews tests).
  "account.favourites.tsx": { access: "signedIn" },
  "account.reviews.tsx": { access: "signedIn" },
  // The address book (issue 17): each shopper's own; another's address id is a 404.
  "account.addresses._index.tsx": { access: "signedIn" },
  "account.addresses.new.tsx": { access: "signedIn" },
  "account.addresses.$id.tsx": {
    access: "signedIn",
    target: ID_ROUTE_TARGETS["account.addresses.$id.tsx"],
    owners: ["customer"],
  },
  "divisions.ts": { access: "public" }, // 省/市/区县 names, one level per request
  "certificates._index.tsx": { access: "signedIn" },
  "certificates.$id.tsx": { access: "signedIn", target: () => unknownId("/certificates/", "id"), owners: [] },
  "certificates.$id_.pdf.ts": {
    access: "signedIn",
    target: () => unknownId("/certificates/", "id", "/pdf"),
    owners: [],
  },
  "verify.$certificateId.tsx": {
    access: "public",
    target: () => unknownId("/verify/", "certificateId"),
    owners: [],
  },
  "t.$code.tsx": {
    access: "public",
    target: () => ({ url: "/t/ZZZZZZZZZZ", params: { code: "ZZZZZZZZZZ" } }),
    owners: [],
  },
  "t.$code_.document.ts": {
    access: "public",
    target: () => ({ url: "/t/ZZZZZZZZZZ/document", params: { code: "ZZZZZZZZZZ" } }),
    owners: [],
  },
  "aftersales.$claimId.photos.$index.ts": {
    access: "public",
    target: () => ({
      url: `/aftersales/${NO_SUCH_ID}/photos/0`,
      params: { claimId: NO_SUCH_ID, index: "0" },
    }),
    owners: [],
  },
  "orders.$number_.aftersales.new.tsx": {
    access: "public",
    target: (f) => ({
      url: `/orders/${f.orderNumber}/aftersales/new?line=${f.lineId}`,
      params: { number: f.orderNumber },
    }),
    owners: ["customer"],
  },
  "orders.$number_.aftersales.$claimId.tsx": {
    access: "public",
    target: (f) => ({
      url: `/orders/${f.orderNumber}/aftersales/${NO_SUCH_ID}`,
      params: { number: f.orderNumber, claimId: NO_SUCH_ID },
    }),
    owners: [],
  },
  "supplier.aftersales._index.tsx": { access: SUPPLIERS },
  "supplier.aftersales.$claimId.tsx": {
    access: SUPPLIERS,
    target: () => unknownId("/supplier/aftersales/", "claimId"),
    owners: [],
  },
  "official.aftersales._index.tsx": { access: ["admin"] },
  "official.aftersales.$claimId.tsx": {
    access: ["admin"],
    target: () => unknownId("/official/aftersales/", "claimId"),
    owners: [],
  },
  "official.reviews.tsx": { access: OFFICIALS },
  "supplier.reviews.tsx": { access: SUPPLIERS },
  "supplier.presales.tsx": { access: SUPPLIERS },
  // Issue 21: the pavilions are public (a demo village's and town's code); the advisor is the
  // buyer_admin's (its post fills the caller's own cart).
  "villages.$id.tsx": {
    access: "public",
    target: () => ({ url: "/villages/411272101201", params: { id: "411272101201" } }),
  },
  "towns.$id.tsx": {
    access: "public",
    target: () => ({ url: "/towns/411272101000", params: { id: "411272101000" } }),
  },
  "buyer.advisor.tsx": { access: BUYER_ADMINS },
  "supplier.batches._index.tsx": { access: SUPPLIERS },
  "supplier.batches.$id.tsx": {
    access: SUPPLIERS,
    target: () => unknownId("/supplier/batches/", "id"),
    owners: [],
  },
  // Governance (issue 18 "Run the platform"): enrolment is public (a visitor is asked to sign in);
  // officials see their region's applications, ranking, villages, prices and reports (the district
  // decides); anyone may report a product.
  "institutions.apply.tsx": { access: "public" },
  "official.institutions._index.tsx": { access: OFFICIALS },
  "official.institutions.ranking.tsx": { access: OFFICIALS },
  "official.villages._index.tsx": { access: OFFICIALS },
  "official.villages.export.ts": { access: OFFICIALS, alsoAllowed: [400] }, // no format named: a clear 400
  "official.prices.tsx": { access: OFFICIALS },
  "official.reports._index.tsx": { access: OFFICIALS },
  "official.reports.$id.photo.ts": {
    access: OFFICIALS,
    target: () => unknownId("/official/reports/", "id", "/photo"),
    owners: [],
  },
  "products.$slug_.report.tsx": {
    access: "public",
    target: (f) => ({ url: `/products/${f.productSlug}/report`, params: { slug: f.productSlug } }),
  },
};

const NO_SUCH_ID = "00000000-0000-4000-8000-000000000000";
function unknownId(prefix: string, param: string, suffix = "") {
  return { url: `${prefix}${NO_SUCH_ID}${suffix}`, params: { [param]: NO_SUCH_ID } };
}

function routeFiles(): string[] {
  return readdirSync(ROUTES_DIR)
    .filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f))
    .sort();
}

type Outcome = "allowed" | "login" | "denied" | "bad_request" | "server_error";

function outcomeOf(response: Response | null, rule: Rule): Outcome {
  if (!(response instanceof Response)) return "allowed"; // plain data (a layout's null): a 200
  const { status } = response;
  if (status >= 500) return "server_error";
  const location = response.headers.get("Location") ?? "";
  if (status >= 300 && status < 400) return location.startsWith("/login") ? "login" : "allowed";
  if (status === 401 || status === 403 || status === 404)
    return rule.alsoAllowed?.includes(status) ? "allowed" : "denied";
  if (status >= 400) return rule.alsoAllowed?.includes(status) ? "allowed" : "bad_request";
  return "allowed";
}

function expectedFor(rule: Rule, role: Role, method: "GET" | "POST" = "GET"): Outcome {
  if (method === "POST" && rule.postAccess)
    return expectedFor({ ...rule, access: rule.postAccess, postAccess: undefined }, role);
  if (rule.access === "token") return "denied"; // a session is never enough: 401 without a token
  if (rule.access === "public") return !rule.owners || rule.owners.includes(role) ? "allowed" : "denied";
  if (role === "anonymous") return "login";
  if (rule.access === "signedIn") return !rule.owners || rule.owners.includes(role) ? "allowed" : "denied";
  if (!rule.access.includes(role)) return "denied";
  return !rule.owners || rule.owners.includes(role) ? "allowed" : "denied";
}

type RouteModule = {
  loader?: (args: {
    request: Request;
    params: Record<string, string>;
    context: object;
  }) => Promise<Response> | Response;
  action?: (args: {
    request: Request;
    params: Record<string, string>;
    context: object;
  }) => Promise<Response> | Response;
};

async function signIn(accountKey: string): Promise<CookieJar> {
  const account = DEMO_ACCOUNTS.find((a) => a.key === accountKey)!;
  const { action } = (await import("../../app/routes/login")) as RouteModule;
  const jar = new CookieJar();
  const response = await call(async () =>
    action!({
      request: formRequest("/login", { login: account.mobile, password: DEMO_PASSWORD }),
      params: {},
      context: {},
    }),
  );
  expect(response.status, `login of ${accountKey}`).toBe(303);
  jar.take(response);
  return jar;
}

function urlOf(file: string): string {
  // "official.households.new.tsx" → "/official/households/new"; index and layout segments drop out.
  const segments = file
    .replace(/\.(tsx|ts)$/, "")
    .replace(/\[\.\]/g, "\u0000")
    .split(".")
    .filter((seg) => seg !== "_index")
    // eslint-disable-next-line no-control-regex -- NUL stands in for a dot inside a route segment
    .map((seg) => seg.replace(/\u0000/g, "."));
  return `/${segments.join("/")}`.replace(/\/$/, "") || "/";
}

let fixtures: Fixtures;
const jars = new Map<Role, CookieJar | undefined>();

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 120 });
  for (const role of ROLES) jars.set(role, role === "anonymous" ? undefined : await signIn(ACCOUNT_OF[role]));

  fixtures = await createPartyA();
});

// The sweeps over every route × role grow with the routes: minutes on a busy machine, hence their own limits.
describe("authorization matrix", () => {
  it("has a rule for every route file, and no rule for a route that is gone", () => {
    const files = routeFiles();
    expect(
      files.filter((f) => !(f in RULES)),
      "route files without an access rule",
    ).toEqual([]);
    expect(
      Object.keys(RULES).filter((f) => !files.includes(f)),
      "rules for missing route files",
    ).toEqual([]);
  });

  it("every role gets what the access rules say from every page", { timeout: 300_000 }, async () => {
    const mismatches: string[] = [];
    let checks = 0;
    for (const file of routeFiles()) {
      const rule = RULES[file];
      if (!rule) continue;
      const mod = (await import(`../../app/routes/${file.replace(/\.(tsx|ts)$/, "")}`)) as RouteModule;
      if (!mod.loader) continue;
      const { url, params } = rule.target?.(fixtures) ?? {
        url: urlOf(file),
        params: {} as Record<string, string>,
      };
      for (const role of ROLES) {
        const response = await call(async () =>
          mod.loader!({ request: getRequest(url, jars.get(role)), params, context: {} }),
        );
        const got = outcomeOf(response, rule);
        const want = expectedFor(rule, role);
        checks++;
        if (got !== want)
          mismatches.push(`GET ${url} as ${role}: ${got} (${response?.status}), expected ${want}`);
      }
    }
    recordFigure("authorization", "page checks (route × role)", checks);
    recordFigure("authorization", "page leaks", mismatches.length);
    expect(mismatches).toEqual([]);
  });

  it(
    "no refused, empty or tampered post changes anything, and none fails with a 5xx",
    { timeout: 300_000 },
    async () => {
      const before = await databaseDigest(db);
      const mismatches: string[] = [];
      let checks = 0;
      for (const file of routeFiles()) {
        const rule = RULES[file];
        if (!rule) continue;
        const mod = (await import(`../../app/routes/${file.replace(/\.(tsx|ts)$/, "")}`)) as RouteModule;
        // Logging out is meant to change a row (the session is revoked) and would sign the role out
        // for the rest of the matrix; login.test.ts covers it.
        if (!mod.action || file === "logout.ts") continue;
        const { url, params } = rule.target?.(fixtures) ?? {
          url: urlOf(file),
          params: {} as Record<string, string>,
        };
        for (const role of ROLES) {
          // An empty post, then one with a made-up intent and someone else's-looking id.
          const payloads: Record<string, string>[] = [
            {},
            { intent: "delete", id: "00000000-0000-4000-8000-000000000000" },
          ];
          for (const fields of payloads) {
            const response = await call(async () =>
              mod.action!({ request: formRequest(url, fields, jars.get(role)), params, context: {} }),
            );
            const got = outcomeOf(response, rule);
            const want = expectedFor(rule, role, "POST");
            checks++;
            if (got === "server_error") mismatches.push(`POST ${url} as ${role}: 5xx (${response.status})`);
            // A refused party may also get a 400 (the form is read before the ids are looked up):
            // what matters is that it is not a success and, below, that nothing changed.
            else if (want === "login" && got !== "login")
              mismatches.push(`POST ${url} as ${role}: ${got} (${response.status}), expected login`);
            else if (want === "denied" && got !== "denied" && got !== "bad_request")
              mismatches.push(`POST ${url} as ${role}: ${got} (${response.status}), expected ${want}`);
          }
        }
      }
      const after = await databaseDigest(db);
      const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
      recordFigure("authorization", "post checks (route × role × payload)", checks);
      recordFigure("authorization", "posts that changed data", changed.length);
      expect(mismatches).toEqual([]);
      expect(changed, "tables changed by refused or empty posts").toEqual([]);
    },
  );
});

// ─── real intents with another party's real ids ─────────────────────────────────────────────
// Every route with an action, with the intents its forms post (looked up in the route's schema)
// filled with party A's real ids: supplier A's product, variant, order part, certification and
// agreement; the customer's order line and payment; organisation 0's order, part and member; the
// town-A official's token; a town-A household, village and collective. Each is posted as every
// role that is not A (another supplier, customer, institution or town, and anonymous): each must be
// refused, and the database must not change. `owners` are the roles entitled to act on A's thing
// (not posted: their post would rightly change data). Routes whose posts name no other party's
// thing (the caller's own cart, session, sign-up) say so with an empty list.
type Post = { fields: Record<string, string>; file?: { field: string; name: string } };
type RealIntents = {
  owners: readonly Role[];
  posts: (f: Fixtures) => Post[];
  /** Why the owner's own post cannot succeed on the fixture's state (skipped in the last test). */
  ownerCannot?: string;
};
const TODAY = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
const PDF = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
const OWN_SCOPE: RealIntents = { owners: [], posts: (): Post[] => [] };

const REAL_INTENTS: Record<string, RealIntents> = {
  // Issue 20/21 actions. Where party A has no claim or review, the posts name one that does not
  // exist: refused for everyone, and the owner's post is skipped (ownerCannot says why).
  "account.favourites.tsx": OWN_SCOPE, // the caller's own favourites and alerts
  "account.addresses.new.tsx": OWN_SCOPE, // adds to the caller's own address book
  "account.addresses._index.tsx": {
    owners: ["customer"],
    posts: (f): Post[] => [
      { fields: { intent: "setDefault", id: f.addressId } },
      { fields: { intent: "delete", id: f.addressId } },
    ],
    ownerCannot:
      "deleting the fixture's address would take it from the later posts (addresses.server.test.ts deletes real ones)",
  },
  "account.addresses.$id.tsx": {
    owners: ["customer"],
    posts: (): Post[] => [
      {
        fields: {
          contactName: "篡改",
          contactMobile: "13900000000",
          province: "河南省",
          city: "三门峡市",
          district: "湖滨区",
          detail: "篡改的地址 1 号",
        },
      },
    ],
  },
  "account.reviews.tsx": {
    owners: ["customer"],
    posts: (f): Post[] => [{ fields: { orderLineId: f.lineId, rating: "5", text: "篡改的评价内容" } }],
    ownerCannot: "the fixture's line is paid, not delivered: not yet reviewable",
  },
  "certificates._index.tsx": {
    owners: ["customer"],
    posts: (f): Post[] => [{ fields: { kind: "order", orderNumber: f.orderNumber } }],
  },
  "orders.$number_.aftersales.new.tsx": {
    owners: ["customer"],
    posts: (): Post[] => [
      { fields: { kind: "refund_only", reason: "quality", description: "篡改", amount: "1.00" } },
    ],
    ownerCannot: "the fixture's line is paid, not delivered: outside the after-sales window",
  },
  "orders.$number_.aftersales.$claimId.tsx": {
    owners: ["customer"],
    posts: (): Post[] => [{ fields: { intent: "withdraw" } }],
    ownerCannot: "party A has no claim (aftersales.routes.test.ts posts on real ones)",
  },
  "supplier.aftersales.$claimId.tsx": {
    owners: ["supplierA"],
    posts: (): Post[] => [{ fields: { intent: "agree" } }],
    ownerCannot: "party A has no claim (aftersales.routes.test.ts posts on real ones)",
  },
  "official.aftersales.$claimId.tsx": {
    owners: ["admin"],
    posts: (): Post[] => [{ fields: { intent: "reject", note: "篡改" } }],
    ownerCannot: "party A has no claim (aftersales.routes.test.ts posts on real ones)",
  },
  "official.reviews.tsx": {
    owners: TOWN_A_OFFICIALS,
    posts: (): Post[] => [{ fields: { reviewId: NO_SUCH_ID, reason: "篡改的理由" } }],
    ownerCannot: "party A has no review (reviews.server.test.tsx hides real ones)",
  },
  "supplier.reviews.tsx": {
    owners: ["supplierA"],
    posts: (): Post[] => [{ fields: { reviewId: NO_SUCH_ID, reply: "篡改的回复" } }],
    ownerCannot: "party A has no review (reviews.server.test.tsx replies to real ones)",
  },
  "supplier.presales.tsx": {
    owners: ["supplierA"],
    posts: (f): Post[] => [
      { fields: { intent: "save", variantId: f.variantId, cap: "10", shipsFrom: TODAY, shipsBy: TODAY } },
    ],
  },
  "supplier.batches._index.tsx": {
    owners: ["supplierA"],
    posts: (f): Post[] => [
      {
        fields: { productId: f.productId, producedOn: TODAY, quantity: "10", unit: "kg" },
        file: { field: "document", name: "report.pdf" },
      },
    ],
  },
  "apply.tsx": OWN_SCOPE, // the caller applies for themself
  "staff-invitations.$token.tsx": OWN_SCOPE, // the token is the capability (staff.server tests)
  "apply_.status.tsx": {
    owners: [], // the applicant is none of the matrix's roles
    posts: (f): Post[] => [
      { fields: { id: f.applicationId, message: "篡改" }, file: { field: "documents", name: "x.pdf" } },
    ],
  },
  "official.applications.$id.tsx": {
    owners: TOWN_A_OFFICIALS,
    posts: (): Post[] => [
      { fields: { intent: "request_material", message: "篡改" } },
      { fields: { intent: "recommend", message: "篡改" } },
      { fields: { intent: "reject", message: "篡改" } },
      { fields: { intent: "approve" } },
    ],
  },
  "official.suppliers.tsx": {
    owners: ["districtOfficial", "admin"],
    posts: (f): Post[] => [
      { fields: { supplierId: f.supplierIdA, action: "warned", reason: "篡改" } },
      { fields: { supplierId: f.supplierIdA, action: "reinstated", reason: "篡改" } },
    ],
  },
  // Governance: party A has no institution application or report; the posts name ones that do not
  // exist (governance.server.test.ts decides real ones). Settings and reference prices are the
  // district's: every other role is refused.
  "institutions.apply.tsx": OWN_SCOPE, // the caller applies for themself
  "products.$slug_.report.tsx": OWN_SCOPE, // anyone reports, as themself (rate-limited)
  "official.institutions._index.tsx": {
    owners: ["districtOfficial", "admin"],
    posts: (): Post[] => [
      { fields: { id: NO_SUCH_ID, intent: "approve" } },
      { fields: { id: NO_SUCH_ID, intent: "reject", reason: "篡改" } },
    ],
    ownerCannot: "party A has no institution application (governance.server.test.ts decides real ones)",
  },
  "official.reports._index.tsx": {
    owners: ["districtOfficial", "admin"],
    posts: (): Post[] => [
      { fields: { id: NO_SUCH_ID, intent: "warn", note: "篡改" } },
      { fields: { id: NO_SUCH_ID, intent: "suspend", note: "篡改" } },
    ],
    ownerCannot: "party A has no report (governance.server.test.ts decides real ones)",
  },
  "official.prices.tsx": {
    owners: ["districtOfficial", "admin"],
    posts: (): Post[] => [
      { fields: { intent: "reference", categoryId: "1", spec: "篡改规格", price: "1.00" } },
      { fields: { intent: "settings", ratio: "10.00", threshold: "30.00" } },
    ],
  },
  "supplier.staff.tsx": {
    owners: ["supplierA"],
    posts: (f): Post[] => [
      { fields: { intent: "remove", userId: f.staffIdA } },
      { fields: { intent: "role", userId: f.staffIdA, role: "staff" } },
    ],
  },
  "cart.tsx": OWN_SCOPE, // the caller's own cart
  "buyer.advisor.tsx": OWN_SCOPE, // the advised basket goes into the caller's own cart
  "checkout.tsx": OWN_SCOPE, // the caller's own cart
  "lang.ts": OWN_SCOPE,
  "login.tsx": OWN_SCOPE,
  "logout.ts": OWN_SCOPE,
  "signup.tsx": OWN_SCOPE,
  "orders.lookup.tsx": OWN_SCOPE, // a read: the order number and mobile together, covered by its own tests
  "webhooks.stripe.ts": OWN_SCOPE, // signature-checked (hostile-input.test.ts)
  "webhooks.alipay.ts": OWN_SCOPE, // signature-checked (china-pay.server.test.ts)
  "webhooks.wechatpay.ts": OWN_SCOPE, // signature-checked (china-pay.server.test.ts)
  "pay.wechat.$paymentId.tsx": OWN_SCOPE, // a query about the caller's own order's payment; others get 404
  "supplier.products.new.tsx": OWN_SCOPE, // creates for the caller's own supplier
  "official.households.import.tsx": OWN_SCOPE, // applies the caller's own stored import (by its token)
  "buyer._index.tsx": {
    owners: BUYER_ADMINS, // each edits its own organisation
    posts: (): Post[] => [
      { fields: { intent: "details", invoiceTitle: "篡改的发票抬头", taxNumber: "91411200MA44ABCD1X" } },
      { fields: { intent: "target", year: TODAY.slice(0, 4), amount: "1.00" } },
    ],
  },
  "buyer.members.tsx": {
    owners: ["buyerAdmin"],
    posts: (f): Post[] => [
      { fields: { intent: "approve", userId: f.orgMemberId } },
      { fields: { intent: "remove", userId: f.orgMemberId } },
    ],
  },
  "buyer.orders.$number.tsx": {
    owners: ["buyerAdmin", "admin"],
    posts: (f): Post[] => [
      {
        fields: {
          intent: "transfer",
          bankReference: "ICBC20261202000099",
          amount: "1.00",
          transferDate: TODAY,
        },
      },
      { fields: { intent: "accept", partId: f.orgPartId } },
      { fields: { intent: "confirm_invoice", partId: f.orgPartId } },
      { fields: { intent: "rate", partId: f.orgPartId, rating: "1", comment: "篡改的评价" } },
    ],
  },
  "official.certifications._index.tsx": {
    owners: TOWN_A_OFFICIALS,
    posts: (f): Post[] => [
      { fields: { intent: "start_review", id: f.certificationId } },
      { fields: { intent: "notice", id: f.certificationId, noticeStartsOn: TODAY, noticeEndsOn: TODAY } },
      {
        fields: {
          intent: "approve",
          id: f.certificationId,
          certificateNo: "SMX-2026-9999",
          issuer: "篡改",
          validFrom: TODAY,
          validUntil: "2030-12-31",
        },
      },
      { fields: { intent: "reject", id: f.certificationId, reason: "篡改" } },
      { fields: { intent: "revoke", id: f.certificationId, reason: "篡改" } },
    ],
  },
  "official.households.$id.tsx": {
    owners: TOWN_A_OFFICIALS,
    posts: (f): Post[] => [
      { fields: { intent: "reveal" } },
      { fields: { intent: "risk" } },
      {
        fields: {
          intent: "update",
          headName: "篡改名",
          memberCount: "3",
          villageId: String(f.villageIdTownA),
          kind: "alleviated",
          registryCode: f.registryCodeTownA,
        },
      },
    ],
  },
  "official.warnings.$id.tsx": {
    owners: TOWN_A_OFFICIALS,
    posts: (): Post[] => [
      { fields: { intent: "follow_up", contacted: "on", action: "篡改的跟进", followedOn: TODAY } },
      {
        fields: {
          intent: "follow_up",
          contacted: "on",
          action: "篡改的跟进",
          followedOn: TODAY,
          resolve: "on",
        },
      },
    ],
  },
  "official.households.new.tsx": {
    owners: TOWN_A_OFFICIALS,
    posts: (f): Post[] => [
      {
        fields: {
          headName: "新农户",
          memberCount: "2",
          villageId: String(f.villageIdTownA),
          kind: "alleviated",
          registryCode: "4112729999990001",
          idCard: `41122119900101123${idCardCheckChar("41122119900101123")}`,
        },
      },
    ],
  },
  "official.linkages._index.tsx": {
    owners: TOWN_A_OFFICIALS,
    posts: (f): Post[] => [
      { fields: { intent: "approve", id: f.linkageId } },
      { fields: { intent: "reject", id: f.linkageId, reason: "篡改" } },
      { fields: { intent: "terminate", id: f.linkageId, reason: "篡改" } },
    ],
  },
  "official.orders.$orderNumber.tsx": {
    owners: ["admin"],
    posts: (f): Post[] => [
      {
        fields: {
          intent: "refund",
          lineId: f.lineId,
          amount: "0.01",
          reason: "篡改",
          key: "matrix-refund-1",
        },
      },
    ],
  },
  "official.organisations.tsx": {
    owners: ["admin"],
    posts: (f): Post[] => [{ fields: { organisationId: f.orgId, year: TODAY.slice(0, 4), amount: "1.00" } }],
  },
  "official.settlement.tsx": {
    owners: ["admin"],
    posts: (f): Post[] => [
      { fields: { intent: "approve", batchId: f.settlementBatchId } },
      {
        fields: {
          intent: "payout",
          statementId: f.statementId,
          bankReference: "MATRIX-0001",
          paidOn: TODAY,
          amount: f.statementPayable,
        },
      },
      { fields: { intent: "create", periodFrom: TODAY, periodTo: TODAY } },
    ],
  },
  "official.officials.tsx": {
    owners: ["districtOfficial", "admin"],
    posts: (f): Post[] => [
      { fields: { intent: "scope", userId: f.officialIdTownA, regionId: String(f.regionIdTownB) } },
      { fields: { intent: "deactivate", userId: f.officialIdTownA } },
      {
        fields: {
          intent: "appoint",
          displayName: "篡改的干部",
          mobile: "13700009982",
          email: "",
          password: "Matrix@2026",
          regionId: String(f.regionIdTownB),
        },
      },
    ],
  },
  "official.messages.tsx": {
    owners: ["admin"],
    posts: (): Post[] => [{ fields: { intent: "requeue", id: NO_SUCH_ID } }],
    ownerCannot: "no message has failed in the fixture (notifications.server.test.ts requeues real ones)",
  },
  "official.tokens.tsx": {
    owners: ["officialTownA"],
    posts: (f): Post[] => [{ fields: { intent: "revoke", id: f.tokenId } }],
  },
  "orders.$number.tsx": {
    owners: ["customer"],
    // A retry, and a pre-sale's 付尾款 (party A's order has no balance due: the owner hears so).
    posts: (): Post[] => [{ fields: {} }, { fields: { intent: "payBalance" } }],
  },
  "pay.demo.$paymentId.tsx": {
    owners: ["customer"],
    posts: (): Post[] => [{ fields: { intent: "pay" } }, { fields: { intent: "fail" } }],
  },
  "supplier.invoices.tsx": {
    owners: ["supplierA"],
    ownerCannot: "organisation 0's order is not paid yet: no invoice",
    posts: (f): Post[] => [
      { fields: { partId: f.orgPartId }, file: { field: "invoice", name: "invoice.pdf" } },
    ],
  },
  "supplier.certifications._index.tsx": {
    owners: ["supplierA"],
    posts: (f): Post[] => [
      {
        fields: { subject: "product", productId: f.productId },
        file: { field: "documents", name: "license.pdf" },
      },
    ],
  },
  "supplier.linkages._index.tsx": {
    owners: ["supplierA"],
    posts: (f): Post[] => [{ fields: { intent: "terminate", id: f.linkageId, reason: "篡改" } }],
  },
  "supplier.payouts.tsx": {
    owners: ["supplierA"],
    posts: (f): Post[] => [
      {
        fields: {
          linkageId: f.linkageId,
          period: TODAY.slice(0, 7),
          kind: "purchase",
          method: "bank_transfer",
          amount: "1.00",
          paidOn: TODAY,
          reference: "MATRIX-PAYOUT-1",
        },
      },
    ],
  },
  "supplier.linkages.new.tsx": {
    owners: ["supplierA"],
    posts: (f): Post[] => {
      const common = {
        mechanism: "employment",
        weight: "1",
        validFrom: TODAY,
        validUntil: "",
        evidence: "篡改",
        productId: f.productId,
      };
      return [
        { fields: { ...common, beneficiaryType: "household", householdLookup: f.registryCodeTownA } },
        {
          fields: {
            ...common,
            beneficiaryType: "village_collective",
            villageCollectiveId: f.collectiveIdTownA,
          },
        },
      ];
    },
  },
  "supplier.orders.$partId.tsx": {
    owners: ["supplierA"],
    posts: (f): Post[] => [
      { fields: { intent: "ship", carrier: "顺丰速运", trackingNumber: "SF1234567890123" } },
      { fields: { intent: "deliver" } },
      {
        fields: {
          intent: "refund",
          lineId: f.lineId,
          amount: "0.01",
          reason: "篡改",
          key: "matrix-refund-2",
        },
      },
    ],
  },
  "supplier.products.$id.tsx": {
    owners: ["supplierA"],
    posts: (f): Post[] => [
      { fields: { intent: "publish" } },
      { fields: { intent: "withdraw" } },
      {
        fields: { intent: "variant", variantId: f.variantId, spec: "篡改规格", price: "0.01", stock: "999" },
      },
      { fields: { intent: "addVariant", spec: "篡改规格", price: "0.01", stock: "999" } },
    ],
  },
  "supplier.products.stock.tsx": {
    owners: ["supplierA"],
    posts: (f): Post[] => [
      {
        fields: {
          intent: "form",
          [`stock.${f.variantId}`]: "999",
          [`was.${f.variantId}`]: String(f.variantStock),
        },
      },
    ],
  },
};

function postRequest(url: string, post: Post, jar: CookieJar | undefined): Request {
  if (!post.file) return formRequest(url, post.fields, jar);
  const body = new FormData();
  for (const [k, v] of Object.entries(post.fields)) body.append(k, v);
  body.append(post.file.field, new File([PDF], post.file.name, { type: "application/pdf" }));
  return new Request(`http://localhost${url}`, {
    method: "POST",
    headers: jar ? { Cookie: jar.header() } : {},
    body,
  });
}

describe("authorization matrix: real intents with another party's real ids", () => {
  it("names the real intents of every route that has an action", async () => {
    const missing: string[] = [];
    for (const file of routeFiles()) {
      const mod = (await import(`../../app/routes/${file.replace(/\.(tsx|ts)$/, "")}`)) as RouteModule;
      if (mod.action && !(file in REAL_INTENTS)) missing.push(file);
    }
    expect(missing, "action routes without real intents").toEqual([]);
  });

  it("every role but the owner is refused, and nothing changes", { timeout: 300_000 }, async () => {
    const before = await databaseDigest(db);
    const mismatches: string[] = [];
    let checks = 0;
    for (const [file, intents] of Object.entries(REAL_INTENTS)) {
      const rule = RULES[file];
      const mod = (await import(`../../app/routes/${file.replace(/\.(tsx|ts)$/, "")}`)) as RouteModule;
      const { url, params } = rule.target?.(fixtures) ?? {
        url: urlOf(file),
        params: {} as Record<string, string>,
      };
      for (const post of intents.posts(fixtures)) {
        for (const role of ROLES) {
          if (intents.owners.includes(role)) continue;
          const response = await call(async () =>
            mod.action!({
              request: postRequest(url, post, jars.get(role)),
              params,
              context: { clientIp: "203.0.113.77" },
            }),
          );
          const got = outcomeOf(response, { access: rule.access });
          checks++;
          const what = `POST ${url} ${JSON.stringify(post.fields)} as ${role}: ${got} (${response.status} ${response.headers.get("Location") ?? ""})`;
          if (role === "anonymous" && rule.access !== "public") {
            if (got !== "login") mismatches.push(`${what}, expected login`);
          } else if (got !== "denied" && got !== "bad_request" && got !== "login")
            mismatches.push(`${what}, expected a refusal`);
        }
      }
    }
    const after = await databaseDigest(db);
    const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
    recordFigure("authorization", "real-intent posts with another party's ids", checks);
    recordFigure(
      "authorization",
      "real-intent posts accepted or changing data",
      mismatches.length + changed.length,
    );
    expect(mismatches).toEqual([]);
    expect(changed, "tables changed by another party's posts").toEqual([]);
    expect(checks).toBeGreaterThan(300);
  });
});

describe("authorization matrix: the real intents are real", () => {
  // Run after the refusals: the same posts by the owner pass the party checks and the form — an
  // answer about the thing's state (409, or a stale stock row) at most — so the refusals above are
  // refusals of the party, not of a malformed payload.
  it(
    "the owner's post of each intent passes the party check and the form",
    { timeout: 300_000 },
    async () => {
      const rejected: string[] = [];
      for (const [file, intents] of Object.entries(REAL_INTENTS)) {
        const owner = intents.owners[0];
        if (!owner || intents.ownerCannot) continue;
        const rule = RULES[file];
        const mod = (await import(`../../app/routes/${file.replace(/\.(tsx|ts)$/, "")}`)) as RouteModule;
        const { url, params } = rule.target?.(fixtures) ?? {
          url: urlOf(file),
          params: {} as Record<string, string>,
        };
        for (const post of intents.posts(fixtures)) {
          const response = await call(async () =>
            mod.action!({ request: postRequest(url, post, jars.get(owner)), params, context: {} }),
          );
          const got = outcomeOf(response, { access: rule.access });
          const body = got === "allowed" ? "" : await response.clone().text();
          // A state answer: 409, or the stock form's "changed" row (an earlier post here moved it).
          const aboutState = response.status === 409 || /"code":"changed"|notice_not_ended/.test(body);
          if (got !== "allowed" && !aboutState)
            rejected.push(
              `POST ${url} ${JSON.stringify(post.fields)} as ${owner}: ${response.status} ${(await response.text()).slice(0, 200)}`,
            );
        }
      }
      expect(rejected).toEqual([]);
    },
  );
});
