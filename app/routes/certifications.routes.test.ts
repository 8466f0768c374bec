// The certification pages as signed-in users: supplier A applies with documents and downloads
// them, but gets 404 for supplier B's documents and cannot apply for B's product; a town-B
// official gets 404 for town A's application (decisions and documents) and nothing changes; the
// queue's forms walk an application to certified; /notices needs no login; the audit page is scoped.
import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { shanghaiDate } from "~/lib/dates";
import { db, schema as s } from "~/lib/db.server";
import { DEMO_PASSWORD } from "../../db/fixtures/accounts";
import { seedDatabase } from "../../db/seed";
import { call, CookieJar, formRequest, getRequest } from "../../tests/support/requests";
import { addDays } from "~/models/catalog/certifications.server";
import { action as loginAction } from "./login";
import { loader as noticesLoader } from "./notices";
import { loader as auditLoader } from "./official.audit";
import { loader as officialDocLoader } from "./official.certifications.$id.documents.$index";
import { action as reviewAction, loader as reviewLoader } from "./official.certifications._index";
import { loader as supplierDocLoader } from "./supplier.certifications.$id.documents.$index";
import { action as applyAction, loader as supplierLoader } from "./supplier.certifications._index";

type Args = { request: Request; params: Record<string, string>; context: {} };
type Fn = (args: Args) => Promise<Response>;
const run = (fn: Fn, request: Request, params: Record<string, string> = {}) =>
  call(() => fn({ request, params, context: {} }));

async function signIn(mobile: string) {
  const jar = new CookieJar();
  const response = await run(
    loginAction as Fn,
    formRequest("/login", { login: mobile, password: DEMO_PASSWORD }),
  );
  expect(response.status).toBe(303);
  jar.take(response);
  return jar;
}

function multipart(
  path: string,
  fields: Record<string, string>,
  files: { name: string; bytes: string }[],
  jar: CookieJar,
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append("documents", new File([f.bytes], f.name));
  return new Request(`http://localhost${path}`, {
    method: "POST",
    body: form,
    headers: { Cookie: jar.header() },
  });
}

let staffA: CookieJar,
  staffB: CookieJar,
  townA: CookieJar,
  townB: CookieJar,
  district: CookieJar,
  customer: CookieJar;
let supplierA: string, supplierB: string;
let productA: string, productB: string;
const today = shanghaiDate(new Date());

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 20 });
  [staffA, staffB, townA, townB, district, customer] = await Promise.all(
    ["13800000004", "13800000005", "13800000007", "13800000008", "13800000006", "13800000001"].map(signIn),
  );
  const user = async (mobile: string) =>
    (await db.select().from(s.users).where(eq(s.users.mobile, mobile)))[0];
  supplierA = (await user("13800000004")).supplierId!;
  supplierB = (await user("13800000005")).supplierId!;
  // Supplier A's and B's products lose their product certifications: fresh subjects.
  await db
    .delete(s.certifications)
    .where(and(eq(s.certifications.subject, "product"), eq(s.certifications.supplierId, supplierA)));
  await db
    .delete(s.certifications)
    .where(and(eq(s.certifications.subject, "product"), eq(s.certifications.supplierId, supplierB)));
  productA = (
    await db
      .select()
      .from(s.products)
      .where(eq(s.products.supplierId, supplierA))
      .orderBy(s.products.slug)
      .limit(1)
  )[0].id;
  productB = (
    await db
      .select()
      .from(s.products)
      .where(eq(s.products.supplierId, supplierB))
      .orderBy(s.products.slug)
      .limit(1)
  )[0].id;
});

const certificationCount = async () => (await db.select({ n: count() }).from(s.certifications))[0].n;
const PDF = "%PDF-1.4\n% test\n%%EOF\n";

async function applyAs(jar: CookieJar, productId: string) {
  const response = await run(
    applyAction as Fn,
    multipart(
      "/supplier/certifications",
      { subject: "product", productId },
      [{ name: "检测报告.pdf", bytes: PDF }],
      jar,
    ),
  );
  expect(response.status).toBe(303);
  const [row] = await db
    .select()
    .from(s.certifications)
    .where(eq(s.certifications.productId, productId))
    .orderBy(s.certifications.appliedAt);
  return row.id;
}

describe("supplier pages", () => {
  it("supplier A applies with a document, sees it listed, downloads it; B gets 404 for it", async () => {
    const id = await applyAs(staffA, productA);
    const page = await run(supplierLoader as Fn, getRequest("/supplier/certifications", staffA));
    const data = (await page.json()) as {
      certifications: { id: string; status: string; documents: { name: string }[] }[];
    };
    expect(data.certifications.find((c) => c.id === id)).toMatchObject({
      status: "applied",
      documents: [{ name: "检测报告.pdf" }],
    });
    expect(JSON.stringify(data)).not.toContain("certifications/"); // stored paths never reach the page

    const download = await run(
      supplierDocLoader as Fn,
      getRequest(`/supplier/certifications/${id}/documents/0`, staffA),
      { id, index: "0" },
    );
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Type")).toBe("application/pdf");
    expect(download.headers.get("Content-Disposition")).toContain(encodeURIComponent("检测报告.pdf"));
    expect(await download.text()).toBe(PDF);

    for (const [id_, index] of [
      [id, "0"],
      [id, "1"],
      ["not-a-uuid", "0"],
    ]) {
      const other = await run(
        supplierDocLoader as Fn,
        getRequest(`/supplier/certifications/${id_}/documents/${index}`, staffB),
        { id: id_, index },
      );
      expect(other.status).toBe(404);
    }
    expect(
      (
        await run(supplierDocLoader as Fn, getRequest(`/supplier/certifications/${id}/documents/9`, staffA), {
          id,
          index: "9",
        })
      ).status,
    ).toBe(404);
    const listB = (await (
      await run(supplierLoader as Fn, getRequest("/supplier/certifications", staffB))
    ).json()) as { certifications: { id: string }[] };
    expect(listB.certifications.some((c) => c.id === id)).toBe(false);
  });

  it("a form post carrying supplier B's product id creates nothing; bad files are refused with a message", async () => {
    const before = await certificationCount();
    const tampered = await run(
      applyAction as Fn,
      multipart(
        "/supplier/certifications",
        { subject: "product", productId: productB },
        [{ name: "a.pdf", bytes: PDF }],
        staffA,
      ),
    );
    expect(tampered.status).toBe(400);
    expect(((await tampered.json()) as { error: { message: string } }).error.message).toBe(
      "cert.error.product_not_found",
    );
    const script = await run(
      applyAction as Fn,
      multipart(
        "/supplier/certifications",
        { subject: "supplier" },
        [{ name: "photo.jpg", bytes: "<script>alert(1)</script>" }],
        staffA,
      ),
    );
    expect(script.status).toBe(400);
    expect(((await script.json()) as { error: { message: string } }).error.message).toBe(
      "cert.error.document_unsupported_type",
    );
    const empty = await run(
      applyAction as Fn,
      multipart(
        "/supplier/certifications",
        { subject: "supplier" },
        [{ name: "empty.pdf", bytes: "" }],
        staffA,
      ),
    );
    expect(empty.status).toBe(400);
    const notMultipart = await run(
      applyAction as Fn,
      formRequest("/supplier/certifications", { subject: "supplier" }, staffA),
    );
    expect(notMultipart.status).toBe(400);
    expect(await certificationCount()).toBe(before);
    // Officials and customers cannot use the supplier page.
    expect((await run(supplierLoader as Fn, getRequest("/supplier/certifications", townA))).status).toBe(403);
    expect((await run(supplierLoader as Fn, getRequest("/supplier/certifications", customer))).status).toBe(
      403,
    );
  });
});

describe("official pages", () => {
  it("town A walks an application to certified through the forms; town B gets 404 and changes nothing", async () => {
    const [productA2] = await db
      .select()
      .from(s.products)
      .where(eq(s.products.supplierId, supplierA))
      .orderBy(s.products.slug)
      .offset(1)
      .limit(1);
    const id = await applyAs(staffA, productA2.id);
    const post = (jar: CookieJar, fields: Record<string, string>) =>
      run(reviewAction as Fn, formRequest("/official/certifications", { id, ...fields }, jar));
    const before = (await db.select().from(s.certifications).where(eq(s.certifications.id, id)))[0];

    for (const fields of [{ intent: "start_review" }, { intent: "reject", reason: "x" }] as Record<
      string,
      string
    >[])
      expect((await post(townB, fields)).status).toBe(404);
    expect(
      (
        await run(officialDocLoader as Fn, getRequest(`/official/certifications/${id}/documents/0`, townB), {
          id,
          index: "0",
        })
      ).status,
    ).toBe(404);
    const queueB = (await (
      await run(reviewLoader as Fn, getRequest("/official/certifications", townB))
    ).json()) as { certifications: { id: string }[] };
    expect(queueB.certifications.some((c) => c.id === id)).toBe(false);
    expect((await db.select().from(s.certifications).where(eq(s.certifications.id, id)))[0]).toEqual(before);

    expect(
      (
        await run(officialDocLoader as Fn, getRequest(`/official/certifications/${id}/documents/0`, townA), {
          id,
          index: "0",
        })
      ).status,
    ).toBe(200);
    expect((await post(townA, { intent: "start_review" })).status).toBe(303);
    const again = await post(townA, { intent: "start_review" });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: string }).error).toBe("cert.error.already_decided");
    expect(
      (
        await post(townA, {
          intent: "notice",
          noticeStartsOn: addDays(today, -8),
          noticeEndsOn: addDays(today, -1),
        })
      ).status,
    ).toBe(303);
    const noReason = await post(townA, { intent: "reject", reason: " " });
    expect(noReason.status).toBe(400);
    expect(
      (
        await post(townA, {
          intent: "approve",
          certificateNo: "SMX-ROUTE-0001",
          issuer: "",
          validFrom: "",
          validUntil: "",
        })
      ).status,
    ).toBe(303);
    const [after] = await db.select().from(s.certifications).where(eq(s.certifications.id, id));
    expect(after).toMatchObject({ status: "certified", certificateNo: "SMX-ROUTE-0001", validFrom: today });

    const notices = (await (await run(noticesLoader as Fn, getRequest("/notices"))).json()) as {
      certified: { rows: { id: string; certificateNo: string }[] };
    };
    expect(notices.certified.rows[0]).toMatchObject({ id, certificateNo: "SMX-ROUTE-0001" });
    // Supplier staff cannot reach the officials' queue.
    expect(
      (
        await run(
          reviewAction as Fn,
          formRequest("/official/certifications", { id, intent: "revoke", reason: "x" }, staffA),
        )
      ).status,
    ).toBe(403);
  });

  it("the change-review queue: mark reviewed by form, once", async () => {
    const [product] = await db.select().from(s.products).where(eq(s.products.supplierId, supplierA)).limit(1);
    const [entry] = await db
      .insert(s.auditLog)
      .values({
        action: "product.certified_change",
        subjectType: "product",
        subjectId: product.id,
        details: { field: "name" },
      })
      .returning({ id: s.auditLog.id });
    const queue = (await (
      await run(reviewLoader as Fn, getRequest("/official/certifications", townA))
    ).json()) as { changes: { entryId: number }[] };
    expect(queue.changes.map((c) => c.entryId)).toContain(entry.id);
    expect(
      (
        await run(
          reviewAction as Fn,
          formRequest("/official/certifications", { intent: "mark_reviewed", id: String(entry.id) }, townB),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await run(
          reviewAction as Fn,
          formRequest("/official/certifications", { intent: "mark_reviewed", id: String(entry.id) }, townA),
        )
      ).status,
    ).toBe(303);
    expect(
      (
        await run(
          reviewAction as Fn,
          formRequest(
            "/official/certifications",
            { intent: "mark_reviewed", id: String(entry.id) },
            district,
          ),
        )
      ).status,
    ).toBe(409);
  });
});

describe("public and audit pages", () => {
  it("/notices answers without a login, with pages", async () => {
    const response = await run(noticesLoader as Fn, getRequest("/notices?cp=2&np=abc"));
    expect(response.status).toBe(200);
    const data = (await response.json()) as {
      certifiedPage: number;
      noticePage: number;
      certified: { rows: unknown[] };
    };
    expect([data.certifiedPage, data.noticePage]).toEqual([2, 1]);
    expect(data.certified.rows.length).toBeGreaterThan(0);
  });

  it("/official/audit shows the decisions in scope, with summaries; other roles get 403", async () => {
    const page = await run(
      auditLoader as Fn,
      getRequest("/official/audit?action=certification.certified", townA),
    );
    const data = (await page.json()) as {
      rows: { action: string; actorName: string; summary: string }[];
      actions: string[];
    };
    expect(data.rows.some((r) => r.summary.includes("SMX-ROUTE-0001") && r.actorName.length > 0)).toBe(true);
    expect(data.actions).toContain("certification.applied");
    const pageB = (await (
      await run(auditLoader as Fn, getRequest("/official/audit?action=certification.certified", townB))
    ).json()) as { rows: { summary: string }[] };
    expect(pageB.rows.some((r) => r.summary.includes("SMX-ROUTE-0001"))).toBe(false);
    expect((await run(auditLoader as Fn, getRequest("/official/audit", staffA))).status).toBe(403);
    expect((await run(auditLoader as Fn, getRequest("/official/audit", customer))).status).toBe(403);
  });
});
