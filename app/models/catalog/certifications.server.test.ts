// Certification workflow on the engine of the run (PGlite, or PostgreSQL with DATABASE_URL):
// transitions and illegal ones, scope, the decision race, what the store and new order lines see
// after approval, revocation and expiry, the change-review queue and the public notices.
import type { Caller } from "../access/scope.server";
import { and, count, desc, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { shanghaiDate } from "~/lib/dates";
import { db, schema as s } from "~/lib/db.server";
import { readUpload } from "~/lib/uploads.server";
import { seedDatabase } from "../../../db/seed";
import { recordAudit } from "../access/audit.server";
import { addToCart } from "../ordering/cart.server";
import { getProductBySlug } from "./catalog.server";
import {
  addDays,
  applyForCertification,
  certificationDocument,
  decideCertification,
  expireCertifications,
  listCertificationsForReview,
  listCertificationsForSupplier,
  certificationStage,
  listPendingCertifiedChanges,
  listPublicNotices,
  markCertifiedChangeReviewed,
} from "./certifications.server";
import { placeOrder } from "../ordering/checkout.server";
import { shippingAddress } from "../../../tests/support/factories";

const today = shanghaiDate(new Date());
const pdf = (text = "certificate") => ({
  bytes: new TextEncoder().encode(`%PDF-1.4\n% ${text}\n%%EOF\n`),
  originalName: "营业执照.pdf",
});
const shipping = shippingAddress();

let staffA: Caller,
  staffB: Caller,
  district: Caller,
  townA: Caller,
  townB: Caller,
  admin: Caller,
  customer: Caller;
/** Products of supplier A without any certification row: fresh subjects for each test. */
const freeProductsA: { id: string; slug: string }[] = [];

async function account(mobile: string): Promise<Caller> {
  const [u] = await db
    .select({
      id: s.users.id,
      role: s.users.role,
      supplierId: s.users.supplierId,
      regionId: s.users.regionId,
    })
    .from(s.users)
    .where(eq(s.users.mobile, mobile));
  return u;
}

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 50 });
  [staffA, staffB, district, townA, townB, admin, customer] = await Promise.all(
    [
      "13800000004",
      "13800000005",
      "13800000006",
      "13800000007",
      "13800000008",
      "13800000009",
      "13800000001",
    ].map(account),
  );
  // Supplier A's products lose their seeded certifications so the tests start from nothing.
  // Fresh products of supplier A (on sale, in stock, never certified): one subject per test.
  const [model] = await db
    .select()
    .from(s.products)
    .where(eq(s.products.supplierId, staffA.supplierId!))
    .limit(1);
  for (let i = 1; i <= 8; i++) {
    const [p] = await db
      .insert(s.products)
      .values({
        slug: `cert-test-${i}`,
        supplierId: model.supplierId,
        categoryId: model.categoryId,
        originVillageId: model.originVillageId,
        name: `认定测试产品${i}`,
        status: "active",
      })
      .returning({ id: s.products.id, slug: s.products.slug });
    await db
      .insert(s.productVariants)
      .values({ productId: p.id, sku: `cert-test-${i}-1`, spec: "1 kg", priceFen: 1000, stock: 100 });
    freeProductsA.push(p);
  }
});

let next = 0;
const takeProduct = () => {
  const p = freeProductsA[next++];
  if (!p) throw new Error("out of products");
  return p;
};

/** Applies for `product` as staff A and walks it to public_notice with a notice already over. */
async function toEndedNotice(productId: string) {
  const applied = await applyForCertification({
    caller: staffA,
    subject: "product",
    productId,
    documents: [pdf()],
  });
  if (!applied.ok) throw new Error(applied.code);
  expect(
    await decideCertification({ caller: townA, id: applied.id, decision: { kind: "start_review" } }),
  ).toEqual({ ok: true, status: "under_review" });
  const notice = await decideCertification({
    caller: townA,
    id: applied.id,
    decision: { kind: "notice", startsOn: addDays(today, -8), endsOn: addDays(today, -1) },
  });
  expect(notice).toEqual({ ok: true, status: "public_notice" });
  return applied.id;
}

let certNo = 0;
const approve = (caller: Caller, id: string) =>
  decideCertification({
    caller,
    id,
    decision: { kind: "approve", certificateNo: `TEST-${++certNo}`, issuer: "示范区乡村振兴局" },
  });

async function orderLineCertified(productId: string): Promise<boolean> {
  const [variant] = await db
    .select({ id: s.productVariants.id })
    .from(s.productVariants)
    .where(eq(s.productVariants.productId, productId))
    .limit(1);
  const { cartId } = (await addToCart({ owner: {}, variantId: variant.id, quantity: 1 })) as {
    cartId?: string;
  };
  const result = await placeOrder({ owner: { cartId }, shipping });
  if (!result.ok) throw new Error(result.code);
  const [line] = await db
    .select({ certified: s.orderLines.certified })
    .from(s.orderLines)
    .innerJoin(s.orders, eq(s.orders.id, s.orderLines.orderId))
    .where(eq(s.orders.orderNumber, result.orderNumber));
  return line.certified;
}

describe("applying", () => {
  it("stores the documents, lists the application for its supplier only, and refuses a second open one", async () => {
    const product = takeProduct();
    const result = await applyForCertification({
      caller: staffA,
      subject: "product",
      productId: product.id,
      documents: [pdf("a"), { ...pdf("b"), originalName: "检测报告.pdf" }],
    });
    if (!result.ok) throw new Error(result.code);
    const mine = await listCertificationsForSupplier({ caller: staffA });
    expect(mine.find((r) => r.id === result.id)).toMatchObject({
      status: "applied",
      documents: [{ name: "营业执照.pdf" }, { name: "检测报告.pdf" }],
    });
    expect((await listCertificationsForSupplier({ caller: staffB })).some((r) => r.id === result.id)).toBe(
      false,
    );

    const doc = await certificationDocument({ caller: staffA, id: result.id, index: 1 });
    expect(doc?.name).toBe("检测报告.pdf");
    expect(new TextDecoder().decode((await readUpload(doc!.path))!.bytes)).toContain("% b");
    expect(await certificationDocument({ caller: staffB, id: result.id, index: 0 })).toBeNull();
    expect(await certificationDocument({ caller: townB, id: result.id, index: 0 })).toBeNull();
    expect(await certificationDocument({ caller: customer, id: result.id, index: 0 })).toBeNull();
    expect(await certificationDocument({ caller: staffA, id: result.id, index: 5 })).toBeNull();
    expect(await certificationDocument({ caller: townA, id: result.id, index: 0 })).not.toBeNull();

    expect(
      await applyForCertification({
        caller: staffA,
        subject: "product",
        productId: product.id,
        documents: [pdf()],
      }),
    ).toEqual({ ok: false, code: "already_open" });
    const [audit] = await db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.action, "certification.applied"), eq(s.auditLog.subjectId, result.id)));
    expect(audit.actorId).toBe(staffA.id);
  });

  it("refuses bad input and another supplier's product, writing nothing", async () => {
    const before = (await db.select({ n: count() }).from(s.certifications))[0].n;
    const [productB] = await db
      .select({ id: s.products.id })
      .from(s.products)
      .where(eq(s.products.supplierId, staffB.supplierId!))
      .limit(1);
    const product = freeProductsA[freeProductsA.length - 1];
    expect(
      await applyForCertification({
        caller: staffA,
        subject: "product",
        productId: productB.id,
        documents: [pdf()],
      }),
    ).toEqual({ ok: false, code: "product_not_found" });
    expect(
      await applyForCertification({
        caller: staffA,
        subject: "product",
        productId: "not-a-uuid",
        documents: [pdf()],
      }),
    ).toEqual({ ok: false, code: "product_not_found" });
    expect(
      await applyForCertification({
        caller: staffA,
        subject: "product",
        productId: product.id,
        documents: [],
      }),
    ).toEqual({ ok: false, code: "documents_required" });
    expect(
      await applyForCertification({
        caller: staffA,
        subject: "product",
        productId: product.id,
        documents: Array(6).fill(pdf()),
      }),
    ).toEqual({ ok: false, code: "too_many_documents" });
    const script = { bytes: new TextEncoder().encode("#!/bin/sh\nrm -rf /\n"), originalName: "scan.pdf" };
    expect(
      await applyForCertification({
        caller: staffA,
        subject: "product",
        productId: product.id,
        documents: [script],
      }),
    ).toEqual({ ok: false, code: "document_unsupported_type" });
    expect(
      await applyForCertification({
        caller: staffA,
        subject: "product",
        productId: product.id,
        documents: [{ bytes: new Uint8Array(), originalName: "x.pdf" }],
      }),
    ).toEqual({ ok: false, code: "document_empty" });
    expect(await applyForCertification({ caller: townA, subject: "supplier", documents: [pdf()] })).toEqual({
      ok: false,
      code: "forbidden",
    });
    expect((await db.select({ n: count() }).from(s.certifications))[0].n).toBe(before);
  });
});

describe("the workflow", () => {
  it("walks applied → under_review → public_notice → certified, refusing every illegal step, with one audit entry per decision", async () => {
    const product = takeProduct();
    const applied = await applyForCertification({
      caller: staffA,
      subject: "product",
      productId: product.id,
      documents: [pdf()],
    });
    if (!applied.ok) throw new Error(applied.code);
    const id = applied.id;
    const decide = (decision: Parameters<typeof decideCertification>[0]["decision"], caller = townA) =>
      decideCertification({ caller, id, decision });

    expect(await decide({ kind: "approve", certificateNo: "X-1" })).toEqual({
      ok: false,
      code: "invalid_transition",
    });
    expect(await decide({ kind: "notice" })).toEqual({ ok: false, code: "invalid_transition" });
    expect(await decide({ kind: "revoke", reason: "x" })).toEqual({ ok: false, code: "invalid_transition" });
    expect(await decide({ kind: "start_review" }, staffA)).toEqual({ ok: false, code: "forbidden" });
    expect(await decide({ kind: "start_review" })).toEqual({ ok: true, status: "under_review" });
    expect(await decide({ kind: "start_review" })).toEqual({ ok: false, code: "already_decided" });

    expect(await decide({ kind: "notice", startsOn: "2026-02-30" })).toEqual({
      ok: false,
      code: "invalid_dates",
    });
    expect(await decide({ kind: "notice", startsOn: today, endsOn: addDays(today, -1) })).toEqual({
      ok: false,
      code: "invalid_dates",
    });
    expect(await decide({ kind: "notice" })).toEqual({ ok: true, status: "public_notice" });
    const [row] = await db.select().from(s.certifications).where(eq(s.certifications.id, id));
    // Default notice: 7 days starting today (Asia/Shanghai).
    expect([row.noticeStartsOn, row.noticeEndsOn]).toEqual([today, addDays(today, 6)]);
    expect((await listPublicNotices({})).notices.rows.some((r) => r.id === id)).toBe(true);

    // The notice is not over yet: no approval.
    expect(await decide({ kind: "approve", certificateNo: "X-1" })).toEqual({
      ok: false,
      code: "notice_not_ended",
    });
    const afterNotice = addDays(today, 7);
    expect(
      await decideCertification({
        caller: townA,
        id,
        decision: { kind: "approve", certificateNo: "  " },
        today: afterNotice,
      }),
    ).toEqual({ ok: false, code: "certificate_no_required" });
    const [seeded] = await db
      .select({ no: s.certifications.certificateNo })
      .from(s.certifications)
      .where(eq(s.certifications.status, "certified"))
      .limit(1);
    expect(
      await decideCertification({
        caller: townA,
        id,
        decision: { kind: "approve", certificateNo: seeded.no! },
        today: afterNotice,
      }),
    ).toEqual({ ok: false, code: "certificate_no_taken" });
    expect(
      await decideCertification({
        caller: townA,
        id,
        decision: { kind: "approve", certificateNo: "X-1", validFrom: afterNotice, validUntil: today },
        today: afterNotice,
      }),
    ).toEqual({ ok: false, code: "invalid_dates" });
    expect(
      await decideCertification({
        caller: townA,
        id,
        decision: { kind: "approve", certificateNo: "SMX-TEST-0001" },
        today: afterNotice,
      }),
    ).toEqual({ ok: true, status: "certified" });
    const [certified] = await db.select().from(s.certifications).where(eq(s.certifications.id, id));
    expect(certified).toMatchObject({
      status: "certified",
      certificateNo: "SMX-TEST-0001",
      issuer: "三门峡市城乡一体化示范区乡村振兴局",
      validFrom: afterNotice,
      validUntil: addDays(afterNotice, 364),
      decidedBy: townA.id,
    });

    expect(await decide({ kind: "reject", reason: "late" })).toEqual({ ok: false, code: "already_decided" });
    expect(await decide({ kind: "revoke", reason: "" })).toEqual({ ok: false, code: "reason_required" });
    expect(await decide({ kind: "revoke", reason: "抽检不合格" })).toEqual({ ok: true, status: "revoked" });
    expect(await decide({ kind: "revoke", reason: "again" })).toEqual({ ok: false, code: "already_decided" });

    const audits = await db
      .select({ action: s.auditLog.action, actorId: s.auditLog.actorId })
      .from(s.auditLog)
      .where(eq(s.auditLog.subjectId, id))
      .orderBy(s.auditLog.id);
    expect(audits.map((a) => a.action)).toEqual([
      "certification.applied",
      "certification.review_started",
      "certification.public_notice",
      "certification.certified",
      "certification.revoked",
    ]);
  });

  it("rejects with a reason from any open stage; the supplier sees the reason", async () => {
    const product = takeProduct();
    const applied = await applyForCertification({
      caller: staffA,
      subject: "product",
      productId: product.id,
      documents: [pdf()],
    });
    if (!applied.ok) throw new Error(applied.code);
    expect(
      await decideCertification({
        caller: district,
        id: applied.id,
        decision: { kind: "reject", reason: "  " },
      }),
    ).toEqual({ ok: false, code: "reason_required" });
    expect(
      await decideCertification({
        caller: district,
        id: applied.id,
        decision: { kind: "reject", reason: "缺少检测报告" },
      }),
    ).toEqual({ ok: true, status: "rejected" });
    expect(
      (await listCertificationsForSupplier({ caller: staffA })).find((r) => r.id === applied.id),
    ).toMatchObject({ status: "rejected", rejectionReason: "缺少检测报告" });
    // A rejected application no longer blocks a new one.
    const again = await applyForCertification({
      caller: staffA,
      subject: "product",
      productId: product.id,
      documents: [pdf()],
    });
    expect(again.ok).toBe(true);
  });
});

describe("the stage shown", () => {
  it("an application whose notice has ended shows as notice_ended (公示期满), not public_notice (公示中), to the supplier and the officials", async () => {
    const id = await toEndedNotice(takeProduct().id);
    expect((await listCertificationsForSupplier({ caller: staffA })).find((r) => r.id === id)).toMatchObject({
      status: "public_notice",
      stage: "notice_ended",
    });
    expect((await listCertificationsForReview({ caller: townA })).find((r) => r.id === id)).toMatchObject({
      status: "public_notice",
      stage: "notice_ended",
    });
    // The same rule as approval: the notice's last day is still under notice.
    expect(certificationStage({ status: "public_notice", noticeEndsOn: today }, today)).toBe("public_notice");
    expect(certificationStage({ status: "public_notice", noticeEndsOn: addDays(today, -1) }, today)).toBe(
      "notice_ended",
    );
    expect(certificationStage({ status: "certified", noticeEndsOn: addDays(today, -1) }, today)).toBe(
      "certified",
    );
  });
});

describe("scope", () => {
  it("a town-B official gets not_found for town A's application, sees none of it, and changes nothing", async () => {
    const product = takeProduct();
    const applied = await applyForCertification({
      caller: staffA,
      subject: "product",
      productId: product.id,
      documents: [pdf()],
    });
    if (!applied.ok) throw new Error(applied.code);
    const [before] = await db.select().from(s.certifications).where(eq(s.certifications.id, applied.id));
    for (const decision of [{ kind: "start_review" }, { kind: "reject", reason: "x" }] as const) {
      expect(await decideCertification({ caller: townB, id: applied.id, decision })).toEqual({
        ok: false,
        code: "not_found",
      });
    }
    expect((await listCertificationsForReview({ caller: townB })).some((r) => r.id === applied.id)).toBe(
      false,
    );
    expect((await listCertificationsForReview({ caller: townA })).some((r) => r.id === applied.id)).toBe(
      true,
    );
    expect((await listCertificationsForReview({ caller: district })).some((r) => r.id === applied.id)).toBe(
      true,
    );
    expect((await listCertificationsForReview({ caller: admin })).some((r) => r.id === applied.id)).toBe(
      true,
    );
    expect(await listCertificationsForReview({ caller: staffA })).toEqual([]);
    expect(
      await decideCertification({
        caller: townA,
        id: "00000000-0000-0000-0000-000000000000",
        decision: { kind: "start_review" },
      }),
    ).toEqual({ ok: false, code: "not_found" });
    const [after] = await db.select().from(s.certifications).where(eq(s.certifications.id, applied.id));
    expect(after).toEqual(before);
  });
});

describe("racing decisions", () => {
  it("of two officials approving the same application at once, exactly one wins", async () => {
    const product = takeProduct();
    const id = await toEndedNotice(product.id);
    const results = await Promise.all([
      decideCertification({ caller: townA, id, decision: { kind: "approve", certificateNo: "RACE-1" } }),
      decideCertification({ caller: district, id, decision: { kind: "reject", reason: "重复申报" } }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, code: "already_decided" }]);
    const decisions = await db
      .select()
      .from(s.auditLog)
      .where(
        and(
          eq(s.auditLog.subjectId, id),
          inArray(s.auditLog.action, ["certification.certified", "certification.rejected"]),
        ),
      );
    expect(decisions).toHaveLength(1);
  });
});

describe("what the store and new orders see", () => {
  it("approve → certified in the store and on new lines; revoke → not, at once", async () => {
    const product = takeProduct();
    expect((await getProductBySlug(product.slug))?.certification).toBeNull();
    expect(await orderLineCertified(product.id)).toBe(false);
    const id = await toEndedNotice(product.id);
    expect(await approve(townA, id)).toEqual({ ok: true, status: "certified" });
    expect((await getProductBySlug(product.slug))?.certification).toMatchObject({
      certificateNo: `TEST-${certNo}`,
    });
    expect(await orderLineCertified(product.id)).toBe(true);
    expect((await listPublicNotices({})).certified.rows.some((r) => r.id === id)).toBe(true);

    expect(
      await decideCertification({ caller: townA, id, decision: { kind: "revoke", reason: "价格虚高" } }),
    ).toEqual({ ok: true, status: "revoked" });
    expect((await getProductBySlug(product.slug))?.certification).toBeNull();
    expect(await orderLineCertified(product.id)).toBe(false);
    expect((await listPublicNotices({})).certified.rows.some((r) => r.id === id)).toBe(false);
  });

  it("a passed valid_until counts as not certified at once; the sweep then marks it expired, idempotently", async () => {
    const product = takeProduct();
    const id = await toEndedNotice(product.id);
    expect(await approve(district, id)).toEqual({ ok: true, status: "certified" });
    expect(await orderLineCertified(product.id)).toBe(true);
    // Time passes: the certificate ended yesterday.
    await db
      .update(s.certifications)
      .set({ validFrom: addDays(today, -30), validUntil: addDays(today, -1) })
      .where(eq(s.certifications.id, id));
    expect((await getProductBySlug(product.slug))?.certification).toBeNull();
    expect(await orderLineCertified(product.id)).toBe(false);

    const first = await expireCertifications({ today });
    expect(first.expired).toBeGreaterThanOrEqual(1);
    expect((await db.select().from(s.certifications).where(eq(s.certifications.id, id)))[0].status).toBe(
      "expired",
    );
    expect(await expireCertifications({ today })).toEqual({ expired: 0 });
    expect(
      await db
        .select()
        .from(s.auditLog)
        .where(and(eq(s.auditLog.subjectId, id), eq(s.auditLog.action, "certification.expired"))),
    ).toHaveLength(1);
  });
});

describe("changes to certified products", () => {
  it("lists a certified_change in scope until one official marks it reviewed", async () => {
    const [productB] = await db
      .select({ id: s.products.id, townId: s.suppliers.townId })
      .from(s.products)
      .innerJoin(s.suppliers, eq(s.suppliers.id, s.products.supplierId))
      .where(eq(s.products.supplierId, staffB.supplierId!))
      .limit(1);
    const entry = await recordAudit(db, {
      actor: staffB,
      action: "product.certified_change",
      subjectType: "product",
      subjectId: productB.id,
      regionId: productB.townId,
      details: { field: "price", from: 5800, to: 6800 },
    });
    expect((await listPendingCertifiedChanges({ caller: townA })).map((r) => r.entryId)).toContain(entry.id);
    expect((await listPendingCertifiedChanges({ caller: townB })).map((r) => r.entryId)).not.toContain(
      entry.id,
    );
    expect(await listPendingCertifiedChanges({ caller: staffB })).toEqual([]);
    expect(await markCertifiedChangeReviewed({ caller: townB, entryId: entry.id })).toEqual({
      ok: false,
      code: "not_found",
    });

    const results = await Promise.all([
      markCertifiedChangeReviewed({ caller: townA, entryId: entry.id }),
      markCertifiedChangeReviewed({ caller: district, entryId: entry.id }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, code: "already_reviewed" }]);
    expect((await listPendingCertifiedChanges({ caller: townA })).map((r) => r.entryId)).not.toContain(
      entry.id,
    );
    const [review] = await db
      .select()
      .from(s.auditLog)
      .where(eq(s.auditLog.action, "product.certified_change_reviewed"))
      .orderBy(desc(s.auditLog.id));
    expect(review.details).toEqual({ changeEntryId: entry.id });
  });
});

describe("public notices", () => {
  it("lists seeded notices and certified subjects, paginated", async () => {
    const first = await listPublicNotices({ today: "2026-11-20" });
    expect(first.notices.rows.length).toBeGreaterThanOrEqual(2);
    expect(first.notices.rows.every((r) => r.noticeEndsOn! >= "2026-11-20")).toBe(true);
    expect(first.certified.total).toBeGreaterThan(20);
    expect(first.certified.rows).toHaveLength(20);
    const second = await listPublicNotices({ certifiedPage: 2, today: "2026-11-20" });
    expect(second.certified.rows[0].id).not.toBe(first.certified.rows[0].id);
    expect(first.certified.rows.every((r) => r.certificateNo && r.issuer && r.validUntil)).toBe(true);
    // After the seeded notices end, they are no longer "under notice".
    expect((await listPublicNotices({ today: "2026-12-31" })).notices.total).toBe(0);
  });
});
