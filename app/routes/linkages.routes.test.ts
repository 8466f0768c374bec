// The linkage pages as signed-in users posting forms: supplier A cannot reach supplier B's
// agreements through a tampered id, town officials decide only their own town's, rejections need a reason.
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { seedDatabase } from "../../db/seed";
import { DEMO_PASSWORD } from "../../db/fixtures/accounts";
import { call, CookieJar, formRequest, getRequest } from "../../tests/support/requests";
import { action as loginAction } from "./login";
import { action as reviewAction, loader as reviewLoader } from "./official.linkages._index";
import { action as listAction, loader as listLoader } from "./supplier.linkages._index";
import { action as newAction } from "./supplier.linkages.new";

async function signIn(mobile: string) {
  const jar = new CookieJar();
  const response = await call(() => loginAction({ request: formRequest("/login", { login: mobile, password: DEMO_PASSWORD }), params: {}, context: {} }));
  expect(response.status).toBe(303);
  jar.take(response);
  return jar;
}

let staffA: CookieJar, staffB: CookieJar, townOfficialA: CookieJar, townOfficialB: CookieJar;
let registryCodeA: string;
let supplierBId: string;

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 100 });
  [staffA, staffB, townOfficialA, townOfficialB] = await Promise.all(["13800000004", "13800000005", "13800000007", "13800000008"].map(signIn));
  const [a] = await db.select().from(s.users).where(eq(s.users.mobile, "13800000004"));
  const [b] = await db.select().from(s.users).where(eq(s.users.mobile, "13800000005"));
  supplierBId = b.supplierId!;
  const [supplier] = await db.select().from(s.suppliers).where(eq(s.suppliers.id, a.supplierId!));
  registryCodeA = (await db.select().from(s.households).where(eq(s.households.townId, supplier.townId)).limit(1))[0].registryCode;
});

const proposal = () => ({
  beneficiaryType: "household",
  householdLookup: registryCodeA,
  mechanism: "employment",
  weight: "2",
  validFrom: "2026-03-01",
  validUntil: "",
  productId: "",
  evidence: "用工花名册 2026-03，日工资 120 元",
});

type RouteAction = (args: { request: Request; params: {}; context: {} }) => Promise<Response>;
const post = (fn: RouteAction, path: string, fields: Record<string, string>, jar: CookieJar) =>
  call(() => fn({ request: formRequest(path, fields, jar), params: {}, context: {} }));
const linkageCount = async () => (await db.select({ n: count() }).from(s.linkages))[0].n;

describe("linkage pages", () => {
  it("supplier A proposes by form; the list shows it; field errors come back as 400 and write nothing", async () => {
    const before = await linkageCount();
    const response = await post(newAction, "/supplier/linkages/new", proposal(), staffA);
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/supplier/linkages");
    expect(await linkageCount()).toBe(before + 1);

    for (const change of [{ weight: "0" }, { evidence: "" }, { validUntil: "2026-02-01" }, { householdLookup: "" }, { mechanism: "x" }]) {
      const bad = await post(newAction, "/supplier/linkages/new", { ...proposal(), ...change }, staffA);
      expect(bad.status).toBe(400);
    }
    // Another supplier's product, through the form: refused by the model.
    const [productB] = await db.select().from(s.products).where(eq(s.products.supplierId, supplierBId)).limit(1);
    const tampered = await post(newAction, "/supplier/linkages/new", { ...proposal(), productId: productB.id }, staffA);
    expect(tampered.status).toBe(400);
    expect(((await tampered.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors.productId).toEqual(["product_not_found"]);
    expect(await linkageCount()).toBe(before + 1);
  });

  it("a form post carrying supplier B's linkage id changes nothing, and B's rows never show to A", async () => {
    const [theirs] = await db.select().from(s.linkages).where(eq(s.linkages.supplierId, supplierBId)).limit(1);
    await db.update(s.linkages).set({ status: "approved" }).where(eq(s.linkages.id, theirs.id));
    const response = await post(listAction, "/supplier/linkages", { intent: "terminate", id: theirs.id }, staffA);
    expect(response.status).toBe(404);
    const [after] = await db.select().from(s.linkages).where(eq(s.linkages.id, theirs.id));
    expect(after).toEqual({ ...theirs, status: "approved" });

    const page = await call(() => listLoader({ request: getRequest(`/supplier/linkages?history=${theirs.id}`, staffA), params: {}, context: {} }));
    const body = (await page.json()) as { linkages: { id: string }[]; history: unknown };
    expect(body.linkages.map((l) => l.id)).not.toContain(theirs.id);
    expect(body.history).toBeNull();
    // B itself can terminate it.
    expect((await post(listAction, "/supplier/linkages", { intent: "terminate", id: theirs.id }, staffB)).status).toBe(303);
  });

  it("officials: town B cannot decide town A's proposal; reject needs a reason; town A approves", async () => {
    await post(newAction, "/supplier/linkages/new", proposal(), staffA);
    const latest = (await db.select().from(s.linkages).where(eq(s.linkages.evidence, proposal().evidence))).at(-1)!;
    expect(latest.status).toBe("proposed");

    expect((await post(reviewAction, "/official/linkages", { intent: "approve", id: latest.id }, townOfficialB)).status).toBe(404);
    expect((await post(reviewAction, "/official/linkages", { intent: "reject", id: latest.id, reason: "" }, townOfficialA)).status).toBe(400);
    expect((await db.select().from(s.linkages).where(eq(s.linkages.id, latest.id)))[0].status).toBe("proposed");

    const queue = await call(() => reviewLoader({ request: getRequest("/official/linkages", townOfficialA), params: {}, context: {} }));
    expect(((await queue.json()) as { linkages: { id: string }[] }).linkages.map((l) => l.id)).toContain(latest.id);

    expect((await post(reviewAction, "/official/linkages", { intent: "approve", id: latest.id }, townOfficialA)).status).toBe(303);
    expect((await db.select().from(s.linkages).where(eq(s.linkages.id, latest.id)))[0].status).toBe("approved");
    const again = await post(reviewAction, "/official/linkages", { intent: "reject", id: latest.id, reason: "重复" }, townOfficialA);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: string }).error).toBe("linkages.error.already_decided");
  });

  it("guards by role: a supplier cannot open the review queue, an official cannot propose", async () => {
    expect((await call(() => reviewLoader({ request: getRequest("/official/linkages", staffA), params: {}, context: {} }))).status).toBe(403);
    expect((await post(newAction, "/supplier/linkages/new", proposal(), townOfficialA)).status).toBe(403);
    expect((await call(() => listLoader({ request: getRequest("/supplier/linkages"), params: {}, context: {} }))).status).toBe(303);
  });
});
