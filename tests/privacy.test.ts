// Nothing a non-official can reach shows a household's full name or ID number: every such page's
// loader data is rendered to text and searched for every seeded household's identifiers.
import ExcelJS from "exceljs";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { decryptPii } from "../core/pii";
import { db, schema as s } from "~/lib/db.server";
import { DEMO_ACCOUNTS } from "../db/fixtures/accounts";
import { seedDatabase } from "../db/seed";
import { loader as home } from "../app/routes/_index";
import { loader as catalog } from "../app/routes/products._index";
import { loader as product } from "../app/routes/products.$slug";
import { loader as supplier } from "../app/routes/suppliers.$slug";
import { loader as supplierLinkages } from "../app/routes/supplier.linkages._index";
import { loader as supplierPayouts } from "../app/routes/supplier.payouts";
import { loader as sitemap } from "../app/routes/sitemap[.]xml";
import { loader as supplierDashboard } from "../app/routes/supplier._index";
import { loader as supplierOrders } from "../app/routes/supplier.orders._index";
import { loader as supplierOrderPart } from "../app/routes/supplier.orders.$partId";
import { loader as packingList } from "../app/routes/supplier.orders.$partId_.packing-list";
import { loader as supplierReports } from "../app/routes/supplier.reports";
import { loader as supplierReportExport } from "../app/routes/supplier.reports_.export";
import { loader as supplierInvoices } from "../app/routes/supplier.invoices";
import { loader as supplierCertifications } from "../app/routes/supplier.certifications._index";
import { loader as buyerOverview } from "../app/routes/buyer._index";
import { loader as buyerOrders } from "../app/routes/buyer.orders._index";
import { loader as buyerOrder } from "../app/routes/buyer.orders.$number";
import { loader as buyerMembers } from "../app/routes/buyer.members";
import { loader as buyerExport } from "../app/routes/buyer.export";
import { loader as notices } from "../app/routes/notices";
import { loader as customerOrder } from "../app/routes/orders.$number";
import { loader as institutionApply } from "../app/routes/institutions.apply";
import { loader as reportProduct } from "../app/routes/products.$slug_.report";
import { loader as supplierProducts } from "../app/routes/supplier.products._index";
import { loader as villages } from "../app/routes/official.villages._index";
import { loader as villagesExport } from "../app/routes/official.villages.export";
import { loader as ranking } from "../app/routes/official.institutions.ranking";
import { loader as villagePavilion } from "../app/routes/villages.$id";
import { loader as townPavilion } from "../app/routes/towns.$id";
import { addToCart } from "~/models/ordering/cart.server";
import { placeOrder } from "~/models/ordering/checkout.server";
import { completePayment } from "~/models/ordering/payments.server";
import { call, CookieJar, getRequest } from "./support/requests";
import { logIn, shippingAddress } from "./support/factories";

let identifiers: string[] = [];

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 2000 });
  const households = await db
    .select({ name: s.households.headName, cipher: s.households.idCardCipher })
    .from(s.households);
  // Three-character names only: a two-character name can occur inside ordinary words.
  identifiers = [
    ...households.filter((h) => Array.from(h.name).length >= 3).map((h) => h.name),
    ...households.map((h) => decryptPii(h.cipher, process.env.PII_KEY!)),
  ];
});

async function text(response: Response) {
  // An XLSX is a zip: read its cells back, or a leak inside would not be found by a text search.
  if (response.headers.get("Content-Type")?.includes("spreadsheetml")) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const cells: string[] = [];
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text)))),
    );
    return cells.join("\n");
  }
  return response.headers.get("Content-Type")?.includes("json")
    ? JSON.stringify(await response.json())
    : await response.text();
}

function leaks(body: string) {
  return identifiers.filter((id) => body.includes(id));
}

describe("pages a non-official can reach", () => {
  it("show no household's full name or ID number", async () => {
    const args = (path: string, jar?: CookieJar, params: Record<string, string> = {}) => ({
      request: getRequest(path, jar),
      params,
      context: {},
    });
    const bodies: [string, string][] = [];
    bodies.push(["/", await text(await call(() => home(args("/"))))]);
    for (let page = 1; page <= 8; page++)
      bodies.push([
        `/products?page=${page}`,
        await text(await call(() => catalog(args(`/products?page=${page}`)))),
      ]);
    bodies.push(["/sitemap.xml", await text(await call(() => sitemap(args("/sitemap.xml"))))]);
    for (const { slug } of await db
      .select({ slug: s.products.slug })
      .from(s.products)
      .where(eq(s.products.status, "active"))) {
      bodies.push([
        `/products/${slug}`,
        await text(await call(() => product(args(`/products/${slug}`, undefined, { slug })))),
      ]);
    }
    for (const { slug } of await db.select({ slug: s.suppliers.slug }).from(s.suppliers)) {
      bodies.push([
        `/suppliers/${slug}`,
        await text(await call(() => supplier(args(`/suppliers/${slug}`, undefined, { slug })))),
      ]);
    }
    // The pavilions (issue 21): every village and town.
    for (const { code, level } of await db
      .select({ code: s.regions.code, level: s.regions.level })
      .from(s.regions)) {
      if (level === "district") continue;
      const loader = level === "village" ? villagePavilion : townPavilion;
      const path = `/${level === "village" ? "villages" : "towns"}/${code}`;
      bodies.push([path, await text(await call(() => loader(args(path, undefined, { id: code }))))]);
    }
    bodies.push([
      "/products?sort=unreached",
      await text(await call(() => catalog(args("/products?sort=unreached")))),
    ]);
    for (const key of ["supplierStaff", "supplierStaffB"]) {
      const jar = await logIn(key);
      bodies.push([
        `/supplier/linkages (${key})`,
        await text(await call(() => supplierLinkages(args("/supplier/linkages", jar)))),
      ]);
      bodies.push([
        `/supplier/payouts (${key})`,
        await text(await call(() => supplierPayouts(args("/supplier/payouts", jar)))),
      ]);
    }
    // Governance pages (issue 18 "Run the platform"): enrolment, the report form, the supplier's
    // flagged list, the parent's sub-units; and even the officials' village progress and ranking,
    // which carry counts only.
    const customer = await logIn("customer");
    const staffJar = await logIn("supplierStaff");
    const buyerJar = await logIn("buyerAdmin");
    bodies.push([
      "/institutions/apply",
      await text(await call(() => institutionApply(args("/institutions/apply", customer)))),
    ]);
    const [first] = await db
      .select({ slug: s.products.slug })
      .from(s.products)
      .where(eq(s.products.status, "active"))
      .limit(1);
    bodies.push([
      "/products/…/report",
      await text(
        await call(() =>
          reportProduct(args(`/products/${first.slug}/report`, undefined, { slug: first.slug })),
        ),
      ),
    ]);
    bodies.push([
      "/supplier/products",
      await text(await call(() => supplierProducts(args("/supplier/products", staffJar)))),
    ]);
    bodies.push([
      "/buyer (governance)",
      await text(await call(() => buyerOverview(args("/buyer", buyerJar)))),
    ]);
    const district = await logIn("districtOfficial");
    bodies.push([
      "/official/villages",
      await text(await call(() => villages(args("/official/villages", district)))),
    ]);
    for (const format of ["csv", "xlsx"])
      bodies.push([
        `/official/villages/export ${format}`,
        await text(
          await call(() => villagesExport(args(`/official/villages/export?format=${format}`, district))),
        ),
      ]);
    bodies.push([
      "/official/institutions/ranking",
      await text(await call(() => ranking(args("/official/institutions/ranking", district)))),
    ]);
    expect(bodies.length).toBeGreaterThan(190);
    expect(identifiers.length).toBeGreaterThan(2000);
    const found = bodies.flatMap(([path, body]) => leaks(body).map((id) => `${path}: ${id}`));
    expect(found).toEqual([]);
    // The check can fail: the supplier's own linkage list does carry masked names.
    const staffBody = bodies.find(([p]) => p.startsWith("/supplier/linkages (supplierStaff)"))![1];
    expect(staffBody).toMatch(/.\*+./);
  });
});

const shipping = shippingAddress({
  contactName: "李四海",
  contactMobile: "13911112222",
  detail: "崤山路 8 号",
});

/** `userId` buys the first active variant of `supplierId` (for their organisation or not) and pays on the demo provider. */
async function paidOrder(userId: string, supplierId: string, forOrganisation: boolean) {
  const [v] = await db
    .select({ id: s.productVariants.id })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .where(
      and(
        eq(s.products.supplierId, supplierId),
        eq(s.products.status, "active"),
        eq(s.productVariants.active, true),
      ),
    )
    .orderBy(s.productVariants.sku)
    .limit(1);
  await db.update(s.productVariants).set({ stock: 500 }).where(eq(s.productVariants.id, v.id));
  const added = await addToCart({ owner: { userId }, variantId: v.id, quantity: 2 });
  if (!added.ok) throw new Error(added.code);
  const placed = await placeOrder({
    owner: { userId },
    shipping,
    purchase: { forOrganisation, bankTransfer: false },
  });
  if (!placed.ok) throw new Error(placed.code);
  const paymentId = placed.paymentUrl.split("/").pop()!;
  await completePayment({
    provider: "demo",
    providerEventId: `demo:${paymentId}:pay`,
    paymentId,
    outcome: "succeeded",
  });
  const [part] = await db
    .select({ id: s.orderParts.id })
    .from(s.orderParts)
    .where(eq(s.orderParts.orderId, placed.orderId));
  return { orderNumber: placed.orderNumber, partId: part.id };
}

describe("supplier, buyer and customer pages and exports", () => {
  it("show no household's full name or ID number, with paid orders attributed to households", async () => {
    const userOf = async (key: string) => {
      const mobile = DEMO_ACCOUNTS.find((a) => a.key === key)!.mobile;
      const [u] = await db
        .select({ id: s.users.id, supplierId: s.users.supplierId })
        .from(s.users)
        .where(eq(s.users.mobile, mobile));
      return u;
    };
    const staff = await userOf("supplierStaff");
    // The ledger gets entries for the supplier's households: a customer's order and an organisation's.
    const own = await paidOrder((await userOf("customer")).id, staff.supplierId!, false);
    const organisation = await paidOrder((await userOf("buyerAdmin")).id, staff.supplierId!, true);
    const [ledgerEntries] = await db
      .select({ n: s.attributionEntries.id })
      .from(s.attributionEntries)
      .limit(1);
    expect(ledgerEntries).toBeDefined();

    const args = (path: string, jar?: CookieJar, params: Record<string, string> = {}) => ({
      request: getRequest(path, jar),
      params,
      context: {},
    });
    const bodies: [string, string][] = [];
    const add = async (label: string, response: Promise<Response>) => {
      const r = await call(() => response);
      expect(r.status, label).toBe(200);
      bodies.push([label, await text(r)]);
    };

    const staffJar = await logIn("supplierStaff");
    await add("/supplier", supplierDashboard(args("/supplier", staffJar)));
    await add("/supplier/orders", supplierOrders(args("/supplier/orders", staffJar)));
    for (const { partId } of [own, organisation]) {
      await add(
        `/supplier/orders/${partId}`,
        supplierOrderPart(args(`/supplier/orders/${partId}`, staffJar, { partId })),
      );
      await add(
        `/supplier/orders/${partId}/packing-list`,
        packingList(args(`/supplier/orders/${partId}/packing-list`, staffJar, { partId })),
      );
    }
    await add("/supplier/reports", supplierReports(args("/supplier/reports", staffJar)));
    for (const table of ["months", "products", "beneficiaries"]) {
      for (const format of ["csv", "xlsx"]) {
        const path = `/supplier/reports/export?table=${table}&format=${format}`;
        await add(path, supplierReportExport(args(path, staffJar)));
      }
    }
    await add("/supplier/invoices", supplierInvoices(args("/supplier/invoices", staffJar)));
    await add("/supplier/certifications", supplierCertifications(args("/supplier/certifications", staffJar)));

    const buyerJar = await logIn("buyerAdmin");
    await add("/buyer", buyerOverview(args("/buyer", buyerJar)));
    await add("/buyer/orders", buyerOrders(args("/buyer/orders", buyerJar)));
    await add(
      `/buyer/orders/${organisation.orderNumber}`,
      buyerOrder(
        args(`/buyer/orders/${organisation.orderNumber}`, buyerJar, { number: organisation.orderNumber }),
      ),
    );
    await add("/buyer/members", buyerMembers(args("/buyer/members", buyerJar)));
    for (const format of ["csv", "xlsx"])
      await add(
        `/buyer/export?format=${format}`,
        buyerExport(args(`/buyer/export?format=${format}`, buyerJar)),
      );

    await add("/notices", notices(args("/notices")));
    const customerJar = await logIn("customer");
    await add(
      `/orders/${own.orderNumber}`,
      customerOrder(args(`/orders/${own.orderNumber}`, customerJar, { number: own.orderNumber })),
    );

    const found = bodies.flatMap(([path, body]) => leaks(body).map((id) => `${path}: ${id}`));
    expect(found).toEqual([]);
    // The check can fail: the report's beneficiaries (page and both exports) carry masked names,
    // so a full name there would have been found. The XLSX is read back, not searched as a zip.
    for (const path of [
      "/supplier/reports",
      "/supplier/reports/export?table=beneficiaries&format=csv",
      "/supplier/reports/export?table=beneficiaries&format=xlsx",
    ]) {
      expect(bodies.find(([p]) => p === path)![1], path).toMatch(/\p{Script=Han}\*+\p{Script=Han}?/u);
    }
    // And the customer's page is their order, with its impact receipt.
    expect(bodies.find(([p]) => p.startsWith("/orders/"))![1]).toContain(own.orderNumber);
  });
});
