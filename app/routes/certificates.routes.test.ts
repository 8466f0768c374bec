// The certificate pages as a browser meets them: the buyer asks for a certificate (POST → 303),
// opens it and downloads the PDF (a plain GET: %PDF bytes, application/pdf); another customer
// gets 404 for all three; the public verification page says 有效, then 已变更 after a refund; no
// page, PDF or PDF text holds a household's name or ID number.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { decryptPii } from "../../core/pii";
import { db, schema as s } from "~/lib/db.server";
import { seedDatabase } from "../../db/seed";
import { buyAndPay, logIn } from "../../tests/support/factories";
import { call, CookieJar, formRequest, getRequest } from "../../tests/support/requests";
import { refundLine } from "~/models/ordering/fulfilment.server";
import { certificatePdfLines, getCertificate } from "~/models/impact/certificates.server";
import { action as issueAction, loader as listLoader } from "./certificates._index";
import { loader as pageLoader } from "./certificates.$id";
import { loader as pdfLoader } from "./certificates.$id_.pdf";
import { loader as verifyLoader } from "./verify.$certificateId";

type Fn = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<Response>;
const run = (fn: Fn, request: Request, params: Record<string, string> = {}) =>
  call(() => fn({ request, params, context: {} }));

let customer: CookieJar, customer2: CookieJar;
let orderNumber: string, orderId: string, certificateId: string;
let identifiers: string[] = [];

function leaks(body: string) {
  return identifiers.filter((id) => body.includes(id));
}

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 120 });
  const households = await db
    .select({ name: s.households.headName, cipher: s.households.idCardCipher })
    .from(s.households);
  identifiers = [
    ...households.filter((h) => Array.from(h.name).length >= 3).map((h) => h.name),
    ...households.map((h) => decryptPii(h.cipher, process.env.PII_KEY!)),
  ];
  const variants = await db
    .select({ id: s.productVariants.id })
    .from(s.productVariants)
    .orderBy(s.productVariants.sku)
    .limit(10);
  await db.update(s.productVariants).set({ stock: 900 });
  const placed = await buyAndPay({
    items: variants.map((v) => ({ variantId: v.id, quantity: 2 })),
    paidAt: new Date("2026-05-05T10:00:00+08:00"),
  });
  orderNumber = placed.orderNumber;
  orderId = placed.orderId;
  const [me] = await db.select().from(s.users).where(eq(s.users.mobile, "13800000001"));
  await db.update(s.orders).set({ userId: me.id }).where(eq(s.orders.id, orderId));
  [customer, customer2] = await Promise.all([logIn("customer"), logIn("customer2")]);
});

describe("certificate pages", () => {
  it("issue → page → PDF for the buyer, with no personal data anywhere", async () => {
    const issued = await run(
      issueAction as Fn,
      formRequest("/certificates", { kind: "order", orderNumber }, customer),
    );
    expect(issued.status).toBe(303);
    const location = issued.headers.get("Location")!;
    expect(location).toMatch(/^\/certificates\/[0-9A-Z]{16}$/);
    certificateId = location.split("/").pop()!;

    const page = await run(pageLoader as Fn, getRequest(location, customer), { id: certificateId });
    expect(page.status).toBe(200);
    const pageText = JSON.stringify(await page.json());
    expect(pageText).toContain(orderNumber);
    expect(pageText).toContain("<svg"); // the QR code, drawn on the server
    expect(pageText).toContain(`/verify/${certificateId}`);
    expect(leaks(pageText)).toEqual([]);

    // The download is a plain GET of the link's href.
    const pdf = await run(pdfLoader as Fn, getRequest(`${location}/pdf`, customer), { id: certificateId });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(leaks(bytes.toString("latin1"))).toEqual([]);
    expect(leaks(bytes.toString("utf8"))).toEqual([]);
    // The PDF's text, before it becomes glyphs: only the signed payload's figures.
    const mine = await getCertificate({
      caller: {
        id: (await db.select().from(s.users).where(eq(s.users.mobile, "13800000001")))[0].id,
        role: "customer",
      },
      id: certificateId,
    });
    const lines = JSON.stringify(certificatePdfLines(mine!.payload!, mine!.signature, "zh"));
    expect(lines).toContain(certificateId);
    expect(leaks(lines)).toEqual([]);

    const list = await run(listLoader as Fn, getRequest("/certificates", customer));
    expect(JSON.stringify(await list.json())).toContain(certificateId);
  });

  it("answers 404 to another customer for the order, the page and the PDF", async () => {
    const issue = await run(
      issueAction as Fn,
      formRequest("/certificates", { kind: "order", orderNumber }, customer2),
    );
    expect(issue.status).toBe(404);
    const page = await run(pageLoader as Fn, getRequest(`/certificates/${certificateId}`, customer2), {
      id: certificateId,
    });
    expect(page.status).toBe(404);
    const pdf = await run(pdfLoader as Fn, getRequest(`/certificates/${certificateId}/pdf`, customer2), {
      id: certificateId,
    });
    expect(pdf.status).toBe(404);
    // Signed out: the login page.
    const anonymous = await run(pageLoader as Fn, getRequest(`/certificates/${certificateId}`), {
      id: certificateId,
    });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
  });

  it("verifies publicly: 有效, then 已变更 with amended figures after a refund", async () => {
    const before = await run(verifyLoader as Fn, getRequest(`/verify/${certificateId}`), {
      certificateId,
    });
    expect(before.status).toBe(200);
    const valid = await before.json();
    expect(valid).toMatchObject({ status: "valid", signatureValid: true });
    expect(leaks(JSON.stringify(valid))).toEqual([]);

    const [line] = await db.select().from(s.orderLines).where(eq(s.orderLines.orderId, orderId)).limit(1);
    const [admin] = await db.select().from(s.users).where(eq(s.users.mobile, "13800000009"));
    expect(await refundLine({ caller: admin, lineId: line.id, amountFen: line.lineTotalFen })).toMatchObject({
      ok: true,
    });
    const after = await (
      await run(verifyLoader as Fn, getRequest(`/verify/${certificateId}`), { certificateId })
    ).json();
    expect(after).toMatchObject({ status: "altered", signatureValid: true, figuresMatch: false });

    const unknown = await run(verifyLoader as Fn, getRequest("/verify/0000000000000000"), {
      certificateId: "0000000000000000",
    });
    expect(unknown.status).toBe(404);
  });
});
