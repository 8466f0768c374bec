// The authorization matrix: every route file (read from app/routes, so a new route cannot be
// forgotten) × every role, for the page (GET) and the action (POST), checked against the access
// rules of DESIGN.md §3 "Access". Routes with an id in the URL are called with party A's ids, so
// party B (another supplier, another town, another customer) must be turned away, and no POST a
// role is refused — nor any empty or tampered post at all — changes a single row.
import { readdirSync } from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { addToCart } from "~/models/ordering/cart.server";
import { placeOrder } from "~/models/ordering/checkout.server";
import { completePayment } from "~/models/ordering/payments.server";
import { storeDocument } from "~/lib/uploads.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/fixtures/accounts";
import { seedDatabase } from "../../db/seed";
import { databaseDigest } from "../support/digest";
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
  admin: "admin",
};

/** Party A's data the routes are called with (created in beforeAll). */
type Fixtures = {
  productSlug: string;
  productId: string; // supplier A's
  supplierSlug: string;
  orderNumber: string; // the customer's, paid, one part of supplier A
  paymentId: string;
  partId: string;
  householdIdTownA: string;
  certificationId: string; // supplier A's, with one document
  orgOrderNumber: string; // organisation 0's, with supplier A's invoice uploaded
  orgPartId: string;
  linkageId: string; // supplier A's, with an evidence file
};

const OFFICIALS: Role[] = ["officialTownA", "officialTownB", "districtOfficial", "admin"];
const TOWN_A_OFFICIALS: Role[] = ["officialTownA", "districtOfficial", "admin"];
const SUPPLIERS: Role[] = ["supplierA", "supplierB"];
const ALL_SIGNED_IN = ROLES.filter((r) => r !== "anonymous");

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
  "products.$slug.tsx": { access: "public", target: (f) => ({ url: `/products/${f.productSlug}`, params: { slug: f.productSlug } }) },
  "suppliers.$slug.tsx": { access: "public", target: (f) => ({ url: `/suppliers/${f.supplierSlug}`, params: { slug: f.supplierSlug } }) },
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
  "orders.lookup.tsx": { access: "public" },
  // An order (and its demo payment) is open to its buyer only: everyone else gets a 404.
  "orders.$number.tsx": {
    access: "public",
    target: (f) => ({ url: `/orders/${f.orderNumber}`, params: { number: f.orderNumber } }),
    owners: ["customer"],
  },
  "pay.demo.$paymentId.tsx": {
    access: "public",
    target: (f) => ({ url: `/pay/demo/${f.paymentId}`, params: { paymentId: f.paymentId } }),
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
    target: (f) => ({ url: `/official/households/${f.householdIdTownA}`, params: { id: f.householdIdTownA } }),
    owners: TOWN_A_OFFICIALS,
  },
  "notices.tsx": { access: "public" },
  // Evidence of supplier A's agreement: its staff and the officials over it.
  "linkages.$id.evidence.ts": {
    access: [...SUPPLIERS, ...OFFICIALS],
    target: (f) => ({ url: `/linkages/${f.linkageId}/evidence`, params: { id: f.linkageId } }),
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
    target: (f) => ({ url: `/supplier/products/${f.productId}`, params: { id: f.productId } }),
    owners: ["supplierA"],
  },
  "supplier.orders._index.tsx": { access: SUPPLIERS },
  "supplier.orders.$partId.tsx": {
    access: SUPPLIERS,
    target: (f) => ({ url: `/supplier/orders/${f.partId}`, params: { partId: f.partId } }),
    owners: ["supplierA"],
  },
  "supplier.orders.$partId_.packing-list.tsx": {
    access: SUPPLIERS,
    target: (f) => ({ url: `/supplier/orders/${f.partId}/packing-list`, params: { partId: f.partId } }),
    owners: ["supplierA"],
  },
  "supplier.reports.tsx": { access: SUPPLIERS },
  "supplier.invoices.tsx": { access: SUPPLIERS },
  "supplier.certifications._index.tsx": { access: SUPPLIERS },
  "supplier.certifications.$id.documents.$index.ts": {
    access: SUPPLIERS,
    target: (f) => ({ url: `/supplier/certifications/${f.certificationId}/documents/0`, params: { id: f.certificationId, index: "0" } }),
    owners: ["supplierA"],
  },
  // Officials' portal: officials of a region and admins; money moves only by admins.
  "official._index.tsx": { access: OFFICIALS },
  "official.audit.tsx": { access: OFFICIALS },
  "official.tokens.tsx": { access: OFFICIALS },
  "official.statistics.export.ts": { access: OFFICIALS, alsoAllowed: [400] }, // no table named: a clear 400
  "official.certifications._index.tsx": { access: OFFICIALS },
  "official.certifications.$id.documents.$index.ts": {
    access: OFFICIALS,
    target: (f) => ({ url: `/official/certifications/${f.certificationId}/documents/0`, params: { id: f.certificationId, index: "0" } }),
    owners: TOWN_A_OFFICIALS,
  },
  "official.organisations.tsx": { access: OFFICIALS, postAccess: ["admin"] },
  "official.orders._index.tsx": { access: ["admin"] },
  "official.orders.$orderNumber.tsx": {
    access: ["admin"],
    target: (f) => ({ url: `/official/orders/${f.orderNumber}`, params: { orderNumber: f.orderNumber } }),
  },
  // Institutional buyers: the organisation's buyer_admin; an order page also to platform admins.
  "buyer.tsx": { access: "signedIn" },
  "buyer._index.tsx": { access: ["buyerAdmin"] },
  "buyer.members.tsx": { access: ["buyerAdmin"] },
  "buyer.orders._index.tsx": { access: ["buyerAdmin"] },
  "buyer.export.ts": { access: ["buyerAdmin"], alsoAllowed: [400] }, // no table named: a clear 400
  "buyer.orders.$number.tsx": {
    access: "signedIn",
    target: (f) => ({ url: `/buyer/orders/${f.orgOrderNumber}`, params: { number: f.orgOrderNumber } }),
    owners: ["buyerAdmin", "admin"],
  },
  "buyer.orders.$number.invoice.$partId.ts": {
    access: "signedIn",
    target: (f) => ({ url: `/buyer/orders/${f.orgOrderNumber}/invoice/${f.orgPartId}`, params: { number: f.orgOrderNumber, partId: f.orgPartId } }),
    owners: ["buyerAdmin", "admin"],
  },
};

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
  if (status === 401 || status === 403 || status === 404) return rule.alsoAllowed?.includes(status) ? "allowed" : "denied";
  if (status >= 400) return rule.alsoAllowed?.includes(status) ? "allowed" : "bad_request";
  return "allowed";
}

function expectedFor(rule: Rule, role: Role, method: "GET" | "POST" = "GET"): Outcome {
  if (method === "POST" && rule.postAccess) return expectedFor({ ...rule, access: rule.postAccess, postAccess: undefined }, role);
  if (rule.access === "token") return "denied"; // a session is never enough: 401 without a token
  if (rule.access === "public") return !rule.owners || rule.owners.includes(role) ? "allowed" : "denied";
  if (role === "anonymous") return "login";
  if (rule.access === "signedIn") return !rule.owners || rule.owners.includes(role) ? "allowed" : "denied";
  if (!rule.access.includes(role)) return "denied";
  return !rule.owners || rule.owners.includes(role) ? "allowed" : "denied";
}

type RouteModule = {
  loader?: (args: { request: Request; params: Record<string, string>; context: object }) => Promise<Response> | Response;
  action?: (args: { request: Request; params: Record<string, string>; context: object }) => Promise<Response> | Response;
};

async function signIn(accountKey: string): Promise<CookieJar> {
  const account = DEMO_ACCOUNTS.find((a) => a.key === accountKey)!;
  const { action } = (await import("../../app/routes/login")) as RouteModule;
  const jar = new CookieJar();
  const response = await call(async () => action!({ request: formRequest("/login", { login: account.mobile, password: DEMO_PASSWORD }), params: {}, context: {} }));
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
    .map((seg) => seg.replace(/\u0000/g, "."));
  return `/${segments.join("/")}`.replace(/\/$/, "") || "/";
}

let fixtures: Fixtures;
const jars = new Map<Role, CookieJar | undefined>();

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 120 });
  for (const role of ROLES) jars.set(role, role === "anonymous" ? undefined : await signIn(ACCOUNT_OF[role]));

  const [staffA] = await db.select().from(s.users).where(eq(s.users.mobile, DEMO_ACCOUNTS.find((a) => a.key === "supplierStaff")!.mobile));
  const [supplierA] = await db.select().from(s.suppliers).where(eq(s.suppliers.id, staffA.supplierId!));
  const [variant] = await db
    .select({ id: s.productVariants.id, slug: s.products.slug })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .where(and(eq(s.products.supplierId, supplierA.id), eq(s.products.status, "active")))
    .limit(1);
  const userOf = async (key: string) =>
    (await db.select().from(s.users).where(eq(s.users.mobile, DEMO_ACCOUNTS.find((a) => a.key === key)!.mobile)))[0];
  const shipping = { contactName: "王小雨", contactMobile: "13912345678", province: "河南省", city: "三门峡市", district: "湖滨区", detail: "黄河路 100 号" };

  // The customer's order of supplier A's product, paid.
  const customer = await userOf("customer");
  await addToCart({ owner: { userId: customer.id }, variantId: variant.id, quantity: 1 });
  const placed = await placeOrder({ owner: { userId: customer.id }, shipping });
  if (!placed.ok) throw new Error(`could not place the fixture order: ${JSON.stringify(placed)}`);
  const paymentId = placed.paymentUrl.split("/").pop()!;
  await completePayment({ provider: "demo", providerEventId: `demo:${paymentId}:pay`, paymentId, outcome: "succeeded" });
  const [order] = await db.select().from(s.orders).where(eq(s.orders.orderNumber, placed.orderNumber));
  const [part] = await db.select().from(s.orderParts).where(eq(s.orderParts.orderId, order.id));

  // Organisation 0's order of the same product, with supplier A's invoice uploaded.
  const buyerAdmin = await userOf("buyerAdmin");
  await addToCart({ owner: { userId: buyerAdmin.id }, variantId: variant.id, quantity: 1 });
  const orgPlaced = await placeOrder({ owner: { userId: buyerAdmin.id }, shipping, purchase: { forOrganisation: true, bankTransfer: true } });
  if (!orgPlaced.ok) throw new Error(`could not place the organisation's order: ${JSON.stringify(orgPlaced)}`);
  const [orgOrder] = await db.select().from(s.orders).where(eq(s.orders.orderNumber, orgPlaced.orderNumber));
  const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
  const invoice = await storeDocument({ folder: "invoices", bytes: pdf, originalName: "invoice.pdf" });
  if (!invoice.ok) throw new Error(invoice.error);
  const [orgPart] = await db
    .update(s.orderParts)
    .set({ invoicePath: invoice.path, invoiceUploadedAt: new Date() })
    .where(eq(s.orderParts.orderId, orgOrder.id))
    .returning();

  // A certification application of supplier A with one document.
  const document = await storeDocument({ folder: "certifications", bytes: pdf, originalName: "license.pdf" });
  if (!document.ok) throw new Error(document.error);
  const [certification] = await db
    .insert(s.certifications)
    .values({ subject: "supplier", supplierId: supplierA.id, status: "applied", documents: [{ name: document.name, path: document.path }] })
    .returning();

  // One of supplier A's agreements, with an evidence file.
  const evidence = await storeDocument({ folder: "linkages", bytes: pdf, originalName: "roster.pdf" });
  if (!evidence.ok) throw new Error(evidence.error);
  const [linkage] = await db.select().from(s.linkages).where(eq(s.linkages.supplierId, supplierA.id)).limit(1);
  await db.update(s.linkages).set({ evidencePath: evidence.path }).where(eq(s.linkages.id, linkage.id));

  const official = await userOf("townOfficial");
  expect(supplierA.townId, "supplier A lies in town A").toBe(official.regionId);
  const [household] = await db.select().from(s.households).where(eq(s.households.townId, official.regionId!)).limit(1);
  const [product] = await db.select().from(s.products).where(eq(s.products.slug, variant.slug));
  fixtures = {
    productSlug: variant.slug,
    productId: product.id,
    supplierSlug: supplierA.slug,
    orderNumber: order.orderNumber,
    paymentId,
    partId: part.id,
    householdIdTownA: household.id,
    certificationId: certification.id,
    orgOrderNumber: orgOrder.orderNumber,
    orgPartId: orgPart.id,
    linkageId: linkage.id,
  };
});

describe("authorization matrix", () => {
  it("has a rule for every route file, and no rule for a route that is gone", () => {
    const files = routeFiles();
    expect(files.filter((f) => !(f in RULES)), "route files without an access rule").toEqual([]);
    expect(Object.keys(RULES).filter((f) => !files.includes(f)), "rules for missing route files").toEqual([]);
  });

  it("every role gets what the access rules say from every page", async () => {
    const mismatches: string[] = [];
    let checks = 0;
    for (const file of routeFiles()) {
      const rule = RULES[file];
      if (!rule) continue;
      const mod = (await import(`../../app/routes/${file.replace(/\.(tsx|ts)$/, "")}`)) as RouteModule;
      if (!mod.loader) continue;
      const { url, params } = rule.target?.(fixtures) ?? { url: urlOf(file), params: {} as Record<string, string> };
      for (const role of ROLES) {
        const response = await call(async () => mod.loader!({ request: getRequest(url, jars.get(role)), params, context: {} }));
        const got = outcomeOf(response, rule);
        const want = expectedFor(rule, role);
        checks++;
        if (got !== want) mismatches.push(`GET ${url} as ${role}: ${got} (${response?.status}), expected ${want}`);
      }
    }
    recordFigure("authorization", "page checks (route × role)", checks);
    recordFigure("authorization", "page leaks", mismatches.length);
    expect(mismatches).toEqual([]);
  });

  it("no refused, empty or tampered post changes anything, and none fails with a 5xx", async () => {
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
      const { url, params } = rule.target?.(fixtures) ?? { url: urlOf(file), params: {} as Record<string, string> };
      for (const role of ROLES) {
        // An empty post, then one with a made-up intent and someone else's-looking id.
        const payloads: Record<string, string>[] = [{}, { intent: "delete", id: "00000000-0000-4000-8000-000000000000" }];
        for (const fields of payloads) {
          const response = await call(async () => mod.action!({ request: formRequest(url, fields, jars.get(role)), params, context: {} }));
          const got = outcomeOf(response, rule);
          const want = expectedFor(rule, role, "POST");
          checks++;
          if (got === "server_error") mismatches.push(`POST ${url} as ${role}: 5xx (${response.status})`);
          // A refused party may also get a 400 (the form is read before the ids are looked up):
          // what matters is that it is not a success and, below, that nothing changed.
          else if (want === "login" && got !== "login") mismatches.push(`POST ${url} as ${role}: ${got} (${response.status}), expected login`);
          else if (want === "denied" && got !== "denied" && got !== "bad_request") mismatches.push(`POST ${url} as ${role}: ${got} (${response.status}), expected ${want}`);
        }
      }
    }
    const after = await databaseDigest(db);
    const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
    recordFigure("authorization", "post checks (route × role × payload)", checks);
    recordFigure("authorization", "posts that changed data", changed.length);
    expect(mismatches).toEqual([]);
    expect(changed, "tables changed by refused or empty posts").toEqual([]);
  });
});
