// The trace pages as a browser meets them: staff record a batch through the multipart form
// (303 to its label), another supplier's label is a 404, the public /t/<code> page and its
// document answer; a code that never existed and one that stopped answering (suspended producer)
// give the same 404 body.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { decryptPii } from "../../core/pii";
import { db, schema as s } from "~/lib/db.server";
import { seedDatabase } from "../../db/seed";
import { logIn } from "../../tests/support/factories";
import { call, CookieJar, getRequest } from "../../tests/support/requests";
import { action as recordAction } from "./supplier.batches._index";
import { loader as labelLoader } from "./supplier.batches.$id";
import { loader as traceLoader } from "./t.$code";
import { loader as documentLoader } from "./t.$code_.document";

type Fn = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<Response>;
const run = (fn: Fn, request: Request, params: Record<string, string> = {}) =>
  call(() => fn({ request, params, context: {} }));

let staffA: CookieJar, staffB: CookieJar;
let batchId: string, code: string;

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 60 });
  [staffA, staffB] = await Promise.all([logIn("supplierStaff"), logIn("supplierStaffB")]);
});

describe("trace pages", () => {
  it("records a batch through the form and shows its label to its supplier only", async () => {
    const [staff] = await db.select().from(s.users).where(eq(s.users.mobile, "13800000004"));
    const [product] = await db
      .select()
      .from(s.products)
      .where(eq(s.products.supplierId, staff.supplierId!))
      .limit(1);
    const form = new FormData();
    form.append("productId", product.id);
    form.append("producedOn", "2026-01-05");
    form.append("quantity", "120");
    form.append("unit", "箱");
    form.append("document", new File(["%PDF-1.4\n%%EOF\n"], "合格证.pdf"));
    const response = await run(
      recordAction as Fn,
      new Request("http://localhost/supplier/batches", {
        method: "POST",
        body: form,
        headers: { Cookie: staffA.header() },
      }),
    );
    expect(response.status).toBe(303);
    batchId = response.headers.get("Location")!.split("/").pop()!;
    const label = await run(labelLoader as Fn, getRequest(`/supplier/batches/${batchId}`, staffA), {
      id: batchId,
    });
    expect(label.status).toBe(200);
    const data = await label.json();
    code = data.batch.code;
    expect(data.qr).toContain("<svg");
    expect(data.traceUrl).toBe(`http://localhost/t/${code}`);
    const other = await run(labelLoader as Fn, getRequest(`/supplier/batches/${batchId}`, staffB), {
      id: batchId,
    });
    expect(other.status).toBe(404);
  });

  it("refuses a document that is not one, by content", async () => {
    const [staff] = await db.select().from(s.users).where(eq(s.users.mobile, "13800000004"));
    const [product] = await db
      .select()
      .from(s.products)
      .where(eq(s.products.supplierId, staff.supplierId!))
      .limit(1);
    const form = new FormData();
    form.append("productId", product.id);
    form.append("producedOn", "2026-01-05");
    form.append("quantity", "120");
    form.append("unit", "箱");
    form.append("document", new File(["just text"], "report.pdf"));
    const response = await run(
      recordAction as Fn,
      new Request("http://localhost/supplier/batches", {
        method: "POST",
        body: form,
        headers: { Cookie: staffA.header() },
      }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ field: "document", message: "batch.error.document" });
  });

  it("serves the public page and document, and one 404 for every unknown code", async () => {
    const page = await run(traceLoader as Fn, getRequest(`/t/${code}`), { code });
    expect(page.status).toBe(200);
    // No household's name or ID number on the public page.
    const body = JSON.stringify(await page.json());
    expect(body).toContain(code);
    const households = await db.select().from(s.households);
    const identifiers = [
      ...households.filter((h) => Array.from(h.headName).length >= 3).map((h) => h.headName),
      ...households.map((h) => decryptPii(h.idCardCipher, process.env.PII_KEY!)),
    ];
    expect(identifiers.filter((id) => body.includes(id))).toEqual([]);
    const doc = await run(documentLoader as Fn, getRequest(`/t/${code}/document`), { code });
    expect(doc.status).toBe(200);
    expect(new TextDecoder().decode((await doc.arrayBuffer()).slice(0, 5))).toBe("%PDF-");

    const never = await run(traceLoader as Fn, getRequest("/t/ABCDEFGHJK"), { code: "ABCDEFGHJK" });
    const [staff] = await db.select().from(s.users).where(eq(s.users.mobile, "13800000004"));
    await db.update(s.suppliers).set({ status: "suspended" }).where(eq(s.suppliers.id, staff.supplierId!));
    const gone = await run(traceLoader as Fn, getRequest(`/t/${code}`), { code });
    const goneDoc = await run(documentLoader as Fn, getRequest(`/t/${code}/document`), { code });
    await db.update(s.suppliers).set({ status: "active" }).where(eq(s.suppliers.id, staff.supplierId!));
    expect([never.status, gone.status, goneDoc.status]).toEqual([404, 404, 404]);
    const bodies = await Promise.all([never.text(), gone.text(), goneDoc.text()]);
    expect(new Set(bodies).size).toBe(1);
    expect([...never.headers.keys()].sort()).toEqual([...gone.headers.keys()].sort());
  });
});
