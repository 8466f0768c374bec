// Nothing a non-official can reach shows a household's full name or ID number: every such page's
// loader data is rendered to text and searched for every seeded household's identifiers.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { decryptPii } from "~/lib/pii.server";
import { db, schema as s } from "~/lib/db.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../db/fixtures/accounts";
import { seedDatabase } from "../db/seed";
import { loader as home } from "../app/routes/_index";
import { loader as catalog } from "../app/routes/products._index";
import { loader as product } from "../app/routes/products.$slug";
import { loader as supplier } from "../app/routes/suppliers.$slug";
import { loader as supplierLinkages } from "../app/routes/supplier.linkages._index";
import { loader as sitemap } from "../app/routes/sitemap[.]xml";
import { action as loginAction } from "../app/routes/login";
import { call, CookieJar, formRequest, getRequest } from "./support/requests";

let identifiers: string[] = [];

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 2000 });
  const households = await db.select({ name: s.households.headName, cipher: s.households.idCardCipher }).from(s.households);
  // Three-character names only: a two-character name can occur inside ordinary words.
  identifiers = [
    ...households.filter((h) => Array.from(h.name).length >= 3).map((h) => h.name),
    ...households.map((h) => decryptPii(h.cipher, process.env.PII_KEY!)),
  ];
});

async function text(response: Response) {
  return response.headers.get("Content-Type")?.includes("json") ? JSON.stringify(await response.json()) : await response.text();
}

function leaks(body: string) {
  return identifiers.filter((id) => body.includes(id));
}

async function signIn(key: string) {
  const account = DEMO_ACCOUNTS.find((a) => a.key === key)!;
  const jar = new CookieJar();
  jar.take(await call(() => loginAction({ request: formRequest("/login", { login: account.mobile, password: DEMO_PASSWORD }), params: {}, context: {} })));
  return jar;
}

describe("pages a non-official can reach", () => {
  it("show no household's full name or ID number", async () => {
    const args = (path: string, jar?: CookieJar, params: Record<string, string> = {}) => ({ request: getRequest(path, jar), params, context: {} });
    const bodies: [string, string][] = [];
    bodies.push(["/", await text(await call(() => home(args("/"))))]);
    for (let page = 1; page <= 8; page++) bodies.push([`/products?page=${page}`, await text(await call(() => catalog(args(`/products?page=${page}`))))]);
    bodies.push(["/sitemap.xml", await text(await call(() => sitemap(args("/sitemap.xml"))))]);
    for (const { slug } of await db.select({ slug: s.products.slug }).from(s.products).where(eq(s.products.status, "active"))) {
      bodies.push([`/products/${slug}`, await text(await call(() => product(args(`/products/${slug}`, undefined, { slug }))))]);
    }
    for (const { slug } of await db.select({ slug: s.suppliers.slug }).from(s.suppliers)) {
      bodies.push([`/suppliers/${slug}`, await text(await call(() => supplier(args(`/suppliers/${slug}`, undefined, { slug }))))]);
    }
    for (const key of ["supplierStaff", "supplierStaffB"]) {
      const jar = await signIn(key);
      bodies.push([`/supplier/linkages (${key})`, await text(await call(() => supplierLinkages(args("/supplier/linkages", jar))))]);
    }
    expect(bodies.length).toBeGreaterThan(190);
    expect(identifiers.length).toBeGreaterThan(2000);
    const found = bodies.flatMap(([path, body]) => leaks(body).map((id) => `${path}: ${id}`));
    expect(found).toEqual([]);
    // The check can fail: the supplier's own linkage list does carry masked names.
    const staffBody = bodies.find(([p]) => p.startsWith("/supplier/linkages (supplierStaff)"))![1];
    expect(staffBody).toMatch(/.\*+./);
  });
});
