// Certification of suppliers and products (帮扶产品认定, DESIGN.md §3 "Catalog", issue 7). This file
// owns `certifications`. The workflow:
//
//   applied → under_review → public_notice (公示, start/end dates) → certified (certificate no.,
//   issuer, validity) ; applied | under_review | public_notice → rejected (with a reason);
//   certified → revoked (with a reason) ; certified whose valid_until has passed → expired (sweep).
//
// Whether something counts as certified is decided only by `certificationInForceOn` (catalog):
// a certification whose valid_until has passed stops counting that very day, before the sweep
// marks it `expired`; revoking takes it out of the store at once because the status changes.
//
// Scope, checked here in SQL for every read and write: supplier staff see only their own
// supplier's applications; an official of the district every supplier of the district, an official
// of a town only suppliers whose town is theirs; admins all. Anything outside the scope answers
// exactly like something that does not exist ("not_found" → 404).
//
// Every decision is a conditional update on the status it expects, so of two officials deciding
// the same application at once exactly one wins; the other gets "already_decided". Each decision
// writes an audit entry in the same transaction.
//
// Approval needs the public notice to be over (today > notice_ends_on): objections raised during
// 公示 are the point of it. The notice dates are what the official records, and may lie in the
// past (notices are also posted offline, on the village and town boards).
import { and, asc, count, desc, eq, gte, inArray, sql, type SQL } from "drizzle-orm";
import { isIsoDate, shanghaiDate } from "~/lib/dates";
import { db, schema as s, type Executor } from "~/lib/db.server";
import { readUpload, storeDocument } from "~/lib/uploads.server";
import { recordAudit } from "../access/audit.server";
import { certificationInForceOn, forgetCatalogFigures } from "./catalog.server";
import { scopeOf, supplierFilter, supplierTown, type Caller, type Scope } from "../access/scope.server";
import { UUID } from "~/lib/ids";
import { pageCountOf } from "~/lib/paging";

export type CertificationStatus = (typeof s.certificationStatus.enumValues)[number];
export type CertificationSubject = (typeof s.certificationSubject.enumValues)[number];
export const CERTIFICATION_STATUSES = s.certificationStatus.enumValues;
/** Applications still waiting for a decision. */
export const OPEN_STATUSES = [
  "applied",
  "under_review",
  "public_notice",
] as const satisfies readonly CertificationStatus[];

export const DEFAULT_ISSUER = "三门峡市城乡一体化示范区乡村振兴局";
export const DEFAULT_NOTICE_DAYS = 7;
export const MAX_DOCUMENTS = 5;
export const MAX_REASON_LENGTH = 500;
export const MAX_NOTICE_DAYS = 60;
export const PAGE_SIZE = 20;

/** `day` (YYYY-MM-DD) plus `days` calendar days. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * What a person is shown: the status, except that an application still in public_notice whose
 * notice is over (today > notice_ends_on, the rule approval uses) is "notice_ended" — waiting
 * for the official's decision, no longer 公示中.
 */
export type CertificationStage = CertificationStatus | "notice_ended";
export function certificationStage(
  row: { status: CertificationStatus; noticeEndsOn: string | null },
  today: string,
): CertificationStage {
  return row.status === "public_notice" && row.noticeEndsOn !== null && row.noticeEndsOn < today
    ? "notice_ended"
    : row.status;
}

export function parseCertificationStatus(value: string | null): CertificationStatus | null {
  return (CERTIFICATION_STATUSES as readonly string[]).includes(value ?? "")
    ? (value as CertificationStatus)
    : null;
}

// ─── scope: app/models/access/scope.server.ts ───

const isOfficial = (caller: Caller) => caller.role === "official" || caller.role === "admin";

/** The certification with its supplier's town, when the caller's scope reaches it; else null. */
async function certificationInScope(ex: Executor, caller: Caller, id: string) {
  if (!UUID.test(id)) return null;
  const scope = await scopeOf(caller, ex);
  const [row] = await ex
    .select({
      id: s.certifications.id,
      subject: s.certifications.subject,
      status: s.certifications.status,
      supplierId: s.certifications.supplierId,
      productId: s.certifications.productId,
      noticeEndsOn: s.certifications.noticeEndsOn,
      documents: s.certifications.documents,
      townId: s.suppliers.townId,
    })
    .from(s.certifications)
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.certifications.supplierId))
    .innerJoin(supplierTown, eq(supplierTown.id, s.suppliers.townId))
    .where(and(eq(s.certifications.id, id), supplierFilter(scope)));
  return row ?? null;
}

// ─── apply (supplier staff) ──────────────────────────────────────────────────────────────
export type UploadedDocument = { bytes: Uint8Array; originalName: string };
export type ApplyError =
  | "forbidden"
  | "product_not_found"
  | "already_open"
  | "documents_required"
  | "too_many_documents"
  | "document_empty"
  | "document_too_large"
  | "document_unsupported_type";
export type ApplyResult = { ok: true; id: string } | { ok: false; code: ApplyError };

/**
 * Supplier staff apply for their own supplier's certification, or for one of its products, with
 * 1–5 documents (PDF, JPEG, PNG or WebP; checked by content in `storeDocument`). One open application per
 * subject at a time; a certified subject may apply again (renewal).
 */
export async function applyForCertification({
  caller,
  subject,
  productId,
  documents,
}: {
  caller: Caller;
  subject: CertificationSubject;
  productId?: string | null;
  documents: UploadedDocument[];
}): Promise<ApplyResult> {
  if (caller.role !== "supplier_staff" || !caller.supplierId) return { ok: false, code: "forbidden" };
  const supplierId = caller.supplierId;
  const files = documents.filter((d) => d.originalName || d.bytes.byteLength > 0);
  if (files.length === 0) return { ok: false, code: "documents_required" };
  if (files.length > MAX_DOCUMENTS) return { ok: false, code: "too_many_documents" };

  let product: { id: string } | null = null;
  if (subject === "product") {
    if (!productId || !UUID.test(productId)) return { ok: false, code: "product_not_found" };
    const [row] = await db
      .select({ id: s.products.id })
      .from(s.products)
      .where(and(eq(s.products.id, productId), eq(s.products.supplierId, supplierId)));
    if (!row) return { ok: false, code: "product_not_found" };
    product = row;
  }
  if (await openApplicationExists(db, supplierId, subject, product?.id ?? null))
    return { ok: false, code: "already_open" };

  // Files are checked and stored before the row exists; a failure below leaves at most an
  // unreferenced file behind, never a row pointing at a missing file.
  const stored: { name: string; path: string }[] = [];
  for (const file of files) {
    const result = await storeDocument({
      folder: "certifications",
      bytes: file.bytes,
      originalName: file.originalName,
    });
    if (!result.ok) return { ok: false, code: `document_${result.error}` as ApplyError };
    stored.push({ name: result.name, path: result.path });
  }

  return db.transaction(async (tx) => {
    // Serialise applications of one supplier so two submissions cannot both pass the open check.
    const [supplier] = await tx
      .select({ townId: s.suppliers.townId })
      .from(s.suppliers)
      .where(eq(s.suppliers.id, supplierId))
      .for("update");
    if (!supplier) return { ok: false, code: "forbidden" } as const;
    if (await openApplicationExists(tx, supplierId, subject, product?.id ?? null))
      return { ok: false, code: "already_open" } as const;
    const [row] = await tx
      .insert(s.certifications)
      .values({
        subject,
        supplierId,
        productId: product?.id ?? null,
        status: "applied",
        documents: stored,
        appliedBy: caller.id,
      })
      .returning({ id: s.certifications.id });
    await recordAudit(tx, {
      actor: caller,
      action: "certification.applied",
      subjectType: "certification",
      subjectId: row.id,
      regionId: supplier.townId,
      details: { subject, ...(product ? { productId: product.id } : {}), documents: stored.length },
    });
    return { ok: true, id: row.id } as const;
  });
}

async function openApplicationExists(
  ex: Executor,
  supplierId: string,
  subject: CertificationSubject,
  productId: string | null,
) {
  const [row] = await ex
    .select({ n: count() })
    .from(s.certifications)
    .where(
      and(
        eq(s.certifications.supplierId, supplierId),
        eq(s.certifications.subject, subject),
        productId ? eq(s.certifications.productId, productId) : undefined,
        inArray(s.certifications.status, [...OPEN_STATUSES]),
      ),
    );
  return row.n > 0;
}

// ─── lists ───────────────────────────────────────────────────────────────────────────────
export type CertificationRow = {
  id: string;
  subject: CertificationSubject;
  supplierName: string;
  productId: string | null;
  productName: string | null;
  productSlug: string | null;
  townName: string;
  status: CertificationStatus;
  certificateNo: string | null;
  issuer: string | null;
  validFrom: string | null;
  validUntil: string | null;
  noticeStartsOn: string | null;
  noticeEndsOn: string | null;
  stage: CertificationStage;
  documents: { name: string }[];
  rejectionReason: string | null;
  appliedAt: string;
  decidedAt: string | null;
};

async function listCertifications(
  scope: Scope,
  statuses: readonly CertificationStatus[] | null,
): Promise<CertificationRow[]> {
  const rows = await db
    .select({
      id: s.certifications.id,
      subject: s.certifications.subject,
      supplierName: s.suppliers.name,
      productId: s.certifications.productId,
      productName: s.products.name,
      productSlug: s.products.slug,
      townName: supplierTown.name,
      status: s.certifications.status,
      certificateNo: s.certifications.certificateNo,
      issuer: s.certifications.issuer,
      validFrom: s.certifications.validFrom,
      validUntil: s.certifications.validUntil,
      noticeStartsOn: s.certifications.noticeStartsOn,
      noticeEndsOn: s.certifications.noticeEndsOn,
      documents: s.certifications.documents,
      rejectionReason: s.certifications.rejectionReason,
      appliedAt: s.certifications.appliedAt,
      decidedAt: s.certifications.decidedAt,
    })
    .from(s.certifications)
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.certifications.supplierId))
    .innerJoin(supplierTown, eq(supplierTown.id, s.suppliers.townId))
    .leftJoin(s.products, eq(s.products.id, s.certifications.productId))
    .where(and(supplierFilter(scope), statuses ? inArray(s.certifications.status, [...statuses]) : undefined))
    .orderBy(desc(s.certifications.appliedAt), asc(s.certifications.id))
    .limit(500);
  const today = shanghaiDate(new Date());
  return rows.map((r) => ({
    ...r,
    stage: certificationStage(r, today),
    // Paths stay on the server: documents are fetched by their index through a scoped route.
    documents: r.documents.map((d) => ({ name: d.name })),
    appliedAt: r.appliedAt.toISOString(),
    decidedAt: r.decidedAt ? r.decidedAt.toISOString() : null,
  }));
}

/** The caller's own supplier's applications and certifications, newest first. */
export async function listCertificationsForSupplier({
  caller,
}: {
  caller: Caller;
}): Promise<CertificationRow[]> {
  if (caller.role !== "supplier_staff" || !caller.supplierId) return [];
  return listCertifications({ kind: "supplier", supplierId: caller.supplierId }, null);
}

/** What the application form offers: the supplier's own products. */
export async function applicationOptions({ caller }: { caller: Caller }) {
  if (caller.role !== "supplier_staff" || !caller.supplierId) return { products: [] };
  const products = await db
    .select({ id: s.products.id, name: s.products.name, nameEn: s.products.nameEn })
    .from(s.products)
    .where(eq(s.products.supplierId, caller.supplierId))
    .orderBy(asc(s.products.name));
  return { products };
}

/** Officials: applications of the suppliers in their region (default: the open ones). */
export async function listCertificationsForReview({
  caller,
  status,
}: {
  caller: Caller;
  status?: CertificationStatus | null;
}): Promise<CertificationRow[]> {
  if (!isOfficial(caller)) return [];
  return listCertifications(await scopeOf(caller), status ? [status] : OPEN_STATUSES);
}

/** One document of a certification the caller may see: its stored path and name; null otherwise. */
export async function certificationDocument({
  caller,
  id,
  index,
}: {
  caller: Caller;
  id: string;
  index: number;
}) {
  if (!["supplier_staff", "official", "admin"].includes(caller.role)) return null;
  const row = await certificationInScope(db, caller, id);
  if (!row || !Number.isInteger(index) || index < 0) return null;
  return row.documents[index] ?? null;
}

/** The bytes of one document of a certification the caller may see, for a download; null otherwise. */
export async function readCertificationDocument({
  caller,
  id,
  index,
}: {
  caller: Caller;
  id: string;
  index: number;
}) {
  const doc = await certificationDocument({ caller, id, index });
  if (!doc) return null;
  const file = await readUpload(doc.path);
  return file ? { ...file, name: doc.name } : null;
}

// ─── decisions (officials) ───────────────────────────────────────────────────────────────
export type Decision =
  | { kind: "start_review" }
  | { kind: "notice"; startsOn?: string | null; endsOn?: string | null }
  | {
      kind: "approve";
      certificateNo: string;
      issuer?: string | null;
      validFrom?: string | null;
      validUntil?: string | null;
    }
  | { kind: "reject"; reason: string }
  | { kind: "revoke"; reason: string };

export type DecideError =
  | "forbidden"
  | "not_found"
  | "already_decided"
  | "invalid_transition"
  | "invalid_dates"
  | "notice_not_ended"
  | "reason_required"
  | "certificate_no_required"
  | "certificate_no_taken";
export type DecideResult = { ok: true; status: CertificationStatus } | { ok: false; code: DecideError };

/** Where each decision starts from and where it leads. */
const TRANSITIONS: Record<
  Decision["kind"],
  { from: readonly CertificationStatus[]; to: CertificationStatus; action: string }
> = {
  start_review: { from: ["applied"], to: "under_review", action: "certification.review_started" },
  notice: { from: ["under_review"], to: "public_notice", action: "certification.public_notice" },
  approve: { from: ["public_notice"], to: "certified", action: "certification.certified" },
  reject: { from: OPEN_STATUSES, to: "rejected", action: "certification.rejected" },
  revoke: { from: ["certified"], to: "revoked", action: "certification.revoked" },
};

/** How far along an application is: a decision on something already further is "already decided". */
const STAGE: Record<CertificationStatus, number> = {
  applied: 0,
  under_review: 1,
  public_notice: 2,
  certified: 3,
  rejected: 4,
  revoked: 4,
  expired: 4,
};

function refusal(current: CertificationStatus, from: readonly CertificationStatus[]): DecideError {
  return STAGE[current] > Math.max(...from.map((f) => STAGE[f])) ? "already_decided" : "invalid_transition";
}

function uniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return (e?.cause?.code ?? e?.code) === "23505";
}

/**
 * An official of the supplier's region (or an admin) moves an application on. `today` is the
 * Asia/Shanghai date (injectable for tests).
 */
export async function decideCertification({
  caller,
  id,
  decision,
  today = shanghaiDate(new Date()),
}: {
  caller: Caller;
  id: string;
  decision: Decision;
  today?: string;
}): Promise<DecideResult> {
  if (!isOfficial(caller)) return { ok: false, code: "forbidden" };
  const transition = TRANSITIONS[decision.kind];
  if (!transition) return { ok: false, code: "invalid_transition" };

  // Input checks that need no row.
  let set: Partial<typeof s.certifications.$inferInsert> = {};
  let details: Record<string, unknown> = {};
  switch (decision.kind) {
    case "start_review":
      break;
    case "notice": {
      const startsOn = decision.startsOn || today;
      const endsOn = decision.endsOn || addDays(startsOn, DEFAULT_NOTICE_DAYS - 1);
      if (
        !isIsoDate(startsOn) ||
        !isIsoDate(endsOn) ||
        endsOn < startsOn ||
        endsOn > addDays(startsOn, MAX_NOTICE_DAYS)
      ) {
        return { ok: false, code: "invalid_dates" };
      }
      if (startsOn < addDays(today, -MAX_NOTICE_DAYS) || startsOn > addDays(today, MAX_NOTICE_DAYS))
        return { ok: false, code: "invalid_dates" };
      set = { noticeStartsOn: startsOn, noticeEndsOn: endsOn };
      details = { noticeStartsOn: startsOn, noticeEndsOn: endsOn };
      break;
    }
    case "approve": {
      const certificateNo = (decision.certificateNo ?? "").trim();
      if (!certificateNo || certificateNo.length > 64) return { ok: false, code: "certificate_no_required" };
      const issuer = (decision.issuer ?? "").trim() || DEFAULT_ISSUER;
      const validFrom = decision.validFrom || today;
      const validUntil = decision.validUntil || addDays(addDays(validFrom, 365), -1);
      if (!isIsoDate(validFrom) || !isIsoDate(validUntil) || validUntil < validFrom || validUntil < today)
        return { ok: false, code: "invalid_dates" };
      set = { certificateNo, issuer: issuer.slice(0, 200), validFrom, validUntil };
      details = { certificateNo, issuer, validFrom, validUntil };
      break;
    }
    case "reject":
    case "revoke": {
      const reason = (decision.reason ?? "").trim();
      if (!reason || Array.from(reason).length > MAX_REASON_LENGTH)
        return { ok: false, code: "reason_required" };
      set = { rejectionReason: reason };
      details = { reason };
      break;
    }
  }

  try {
    const result = await db.transaction(async (tx) => {
      const row = await certificationInScope(tx, caller, id);
      if (!row) return { ok: false, code: "not_found" } as const;
      if (!transition.from.includes(row.status))
        return { ok: false, code: refusal(row.status, transition.from) } as const;
      if (decision.kind === "approve" && (!row.noticeEndsOn || row.noticeEndsOn >= today))
        return { ok: false, code: "notice_not_ended" } as const;
      if (decision.kind === "approve") {
        const [taken] = await tx
          .select({ id: s.certifications.id })
          .from(s.certifications)
          .where(eq(s.certifications.certificateNo, set.certificateNo!));
        if (taken) return { ok: false, code: "certificate_no_taken" } as const;
      }
      // The expected status is part of the update: a concurrent decision makes this one match nothing.
      const updated = await tx
        .update(s.certifications)
        .set({ ...set, status: transition.to, decidedBy: caller.id, decidedAt: new Date() })
        .where(and(eq(s.certifications.id, row.id), eq(s.certifications.status, row.status)))
        .returning({ id: s.certifications.id });
      if (updated.length === 0) return { ok: false, code: "already_decided" } as const;
      await recordAudit(tx, {
        actor: caller,
        action: transition.action,
        subjectType: "certification",
        subjectId: row.id,
        regionId: row.townId,
        details: {
          subject: row.subject,
          ...(row.productId ? { productId: row.productId } : {}),
          from: row.status,
          ...details,
        },
      });
      return { ok: true, status: transition.to } as const;
    });
    // Approval and revocation change what the store shows as certified.
    if (result.ok) forgetCatalogFigures();
    return result;
  } catch (error) {
    // Two approvals with the same certificate number at once: the unique index decides.
    if (uniqueViolation(error)) return { ok: false, code: "certificate_no_taken" };
    throw error;
  }
}

// ─── expiry ──────────────────────────────────────────────────────────────────────────────
/**
 * Marks certified rows whose validity ended before `today` as `expired`, one audit entry each.
 * Idempotent and safe on many instances at once (the status condition is in the update). The
 * store already stops counting them the day after valid_until, sweep or not.
 */
export async function expireCertifications({
  now = new Date(),
  today = shanghaiDate(now),
}: { now?: Date; today?: string } = {}): Promise<{ expired: number }> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(s.certifications)
      .set({ status: "expired" })
      .where(and(eq(s.certifications.status, "certified"), sql`${s.certifications.validUntil} < ${today}`))
      .returning({
        id: s.certifications.id,
        supplierId: s.certifications.supplierId,
        certificateNo: s.certifications.certificateNo,
        validUntil: s.certifications.validUntil,
      });
    if (rows.length === 0) return { expired: 0 };
    const towns = new Map(
      (
        await tx
          .select({ id: s.suppliers.id, townId: s.suppliers.townId })
          .from(s.suppliers)
          .where(inArray(s.suppliers.id, [...new Set(rows.map((r) => r.supplierId))]))
      ).map((r) => [r.id, r.townId]),
    );
    for (const r of rows) {
      await recordAudit(tx, {
        actor: null,
        action: "certification.expired",
        subjectType: "certification",
        subjectId: r.id,
        regionId: towns.get(r.supplierId) ?? null,
        details: { certificateNo: r.certificateNo, validUntil: r.validUntil },
        at: now,
      });
    }
    return { expired: rows.length };
  });
}

// ─── changes to certified products (written by the catalog, reviewed here) ─────────────
export const CERTIFIED_CHANGE = "product.certified_change";
export const CERTIFIED_CHANGE_REVIEWED = "product.certified_change_reviewed";

export type CertifiedChangeRow = {
  entryId: number;
  at: string;
  productId: string;
  productName: string;
  supplierName: string;
  actorName: string | null;
  details: Record<string, unknown>;
};

/** Entries `product.certified_change` about products in the caller's scope not yet marked reviewed. */
export async function listPendingCertifiedChanges({
  caller,
}: {
  caller: Caller;
}): Promise<CertifiedChangeRow[]> {
  if (!isOfficial(caller)) return [];
  const scope = await scopeOf(caller);
  const rows = await db
    .select({
      entryId: s.auditLog.id,
      at: s.auditLog.at,
      productId: s.products.id,
      productName: s.products.name,
      supplierName: s.suppliers.name,
      actorName: s.users.displayName,
      details: s.auditLog.details,
    })
    .from(s.auditLog)
    .innerJoin(s.products, sql`${s.products.id}::text = ${s.auditLog.subjectId}`)
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.products.supplierId))
    .innerJoin(supplierTown, eq(supplierTown.id, s.suppliers.townId))
    .leftJoin(s.users, eq(s.users.id, s.auditLog.actorId))
    .where(
      and(
        eq(s.auditLog.action, CERTIFIED_CHANGE),
        supplierFilter(scope),
        sql`not exists (select 1 from ${s.auditLog} reviewed where reviewed.action = ${CERTIFIED_CHANGE_REVIEWED}
          and reviewed.details ->> 'changeEntryId' = ${s.auditLog.id}::text)`,
      ),
    )
    .orderBy(asc(s.auditLog.at), asc(s.auditLog.id))
    .limit(200);
  return rows.map((r) => ({
    ...r,
    at: r.at.toISOString(),
    details: (r.details ?? {}) as Record<string, unknown>,
  }));
}

export type ReviewChangeResult =
  { ok: true } | { ok: false; code: "forbidden" | "not_found" | "already_reviewed" };

/**
 * Marks a `product.certified_change` entry reviewed by appending `product.certified_change_reviewed`
 * (details.changeEntryId = the entry's id); the log is append-only, so nothing is updated.
 */
export async function markCertifiedChangeReviewed({
  caller,
  entryId,
}: {
  caller: Caller;
  entryId: number;
}): Promise<ReviewChangeResult> {
  if (!isOfficial(caller)) return { ok: false, code: "forbidden" };
  if (!Number.isSafeInteger(entryId) || entryId <= 0) return { ok: false, code: "not_found" };
  return db.transaction(async (tx) => {
    const scope = await scopeOf(caller, tx);
    // Locking the change entry (a row lock, not an update) serialises two officials reviewing it.
    const [entry] = await tx
      .select({ id: s.auditLog.id, productId: s.products.id, townId: s.suppliers.townId })
      .from(s.auditLog)
      .innerJoin(s.products, sql`${s.products.id}::text = ${s.auditLog.subjectId}`)
      .innerJoin(s.suppliers, eq(s.suppliers.id, s.products.supplierId))
      .innerJoin(supplierTown, eq(supplierTown.id, s.suppliers.townId))
      .where(and(eq(s.auditLog.id, entryId), eq(s.auditLog.action, CERTIFIED_CHANGE), supplierFilter(scope)))
      .for("update", { of: s.auditLog });
    if (!entry) return { ok: false, code: "not_found" } as const;
    const [done] = await tx
      .select({ n: count() })
      .from(s.auditLog)
      .where(
        and(
          eq(s.auditLog.action, CERTIFIED_CHANGE_REVIEWED),
          sql`${s.auditLog.details} ->> 'changeEntryId' = ${String(entryId)}`,
        ),
      );
    if (done.n > 0) return { ok: false, code: "already_reviewed" } as const;
    await recordAudit(tx, {
      actor: caller,
      action: CERTIFIED_CHANGE_REVIEWED,
      subjectType: "product",
      subjectId: entry.productId,
      regionId: entry.townId,
      details: { changeEntryId: entryId },
    });
    return { ok: true } as const;
  });
}

// ─── public notices (/notices) ───────────────────────────────────────────────────────────
export type NoticeRow = {
  id: string;
  subject: CertificationSubject;
  supplierName: string;
  supplierNameEn: string | null;
  supplierSlug: string;
  productName: string | null;
  productNameEn: string | null;
  productSlug: string | null;
  townName: string;
  townNameEn: string | null;
  noticeStartsOn: string | null;
  noticeEndsOn: string | null;
  certificateNo: string | null;
  issuer: string | null;
  validFrom: string | null;
  validUntil: string | null;
};

function noticeQuery(where: SQL, page: number, orderBy: SQL[]) {
  return db
    .select({
      id: s.certifications.id,
      subject: s.certifications.subject,
      supplierName: s.suppliers.name,
      supplierNameEn: s.suppliers.nameEn,
      supplierSlug: s.suppliers.slug,
      productName: s.products.name,
      productNameEn: s.products.nameEn,
      productSlug: s.products.slug,
      townName: supplierTown.name,
      townNameEn: supplierTown.nameEn,
      noticeStartsOn: s.certifications.noticeStartsOn,
      noticeEndsOn: s.certifications.noticeEndsOn,
      certificateNo: s.certifications.certificateNo,
      issuer: s.certifications.issuer,
      validFrom: s.certifications.validFrom,
      validUntil: s.certifications.validUntil,
    })
    .from(s.certifications)
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.certifications.supplierId))
    .innerJoin(supplierTown, eq(supplierTown.id, s.suppliers.townId))
    .leftJoin(s.products, eq(s.products.id, s.certifications.productId))
    .where(where)
    .orderBy(...orderBy, asc(s.certifications.id))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);
}

async function countWhere(where: SQL) {
  const [row] = await db.select({ n: count() }).from(s.certifications).where(where);
  return row.n;
}

/**
 * Public: applications under public notice now (notice not yet over), and the certifications in
 * force today (the same rule as the store), each list paginated on its own.
 */
export async function listPublicNotices({
  noticePage = 1,
  certifiedPage = 1,
  today = shanghaiDate(new Date()),
}: {
  noticePage?: number;
  certifiedPage?: number;
  today?: string;
}) {
  const underNotice = and(
    eq(s.certifications.status, "public_notice"),
    gte(s.certifications.noticeEndsOn, today),
  )!;
  const inForce = certificationInForceOn(today);
  const [notices, noticeTotal, certified, certifiedTotal] = await Promise.all([
    noticeQuery(underNotice, noticePage, [asc(s.certifications.noticeEndsOn)]),
    countWhere(underNotice),
    noticeQuery(inForce, certifiedPage, [desc(s.certifications.decidedAt), desc(s.certifications.validFrom)]),
    countWhere(inForce),
  ]);
  return {
    notices: {
      rows: notices as NoticeRow[],
      total: noticeTotal,
      pageCount: pageCountOf(noticeTotal, PAGE_SIZE),
    },
    certified: {
      rows: certified as NoticeRow[],
      total: certifiedTotal,
      pageCount: pageCountOf(certifiedTotal, PAGE_SIZE),
    },
  };
}
