// Supplier applications (申请入驻, issue 18). This file owns `supplier_applications`. The flow:
//
//   submitted ⇄ more_material (town asks; the applicant resubmits)
//   submitted → recommended (town) → public_notice (district approves; 公示 for SUPPLIER_NOTICE_DAYS)
//            → active (once the notice is over: a supplier row, the applicant its owner)
//   submitted | more_material | recommended → rejected (town or district, with a reason)
//
// Scope: the applicant sees their own applications; a town official reviews applications of their
// town only, a district official (or an admin) decides recommended ones of the district's towns.
// Anything outside the caller's scope answers like something that does not exist.
//
// Every decision is `UPDATE … WHERE id = ? AND status = <expected>`: of two racing decisions one
// updates a row, the other finds none and answers "already_decided", changing nothing. Duplicate
// credit codes / ID numbers and a second open application are checked first for a clear message
// and backed by partial unique indexes (a race between two submissions ends in the same message).
// An objection raised during the 公示 is out of scope: the notice runs its days and the supplier
// becomes active; an official can still suspend or close it (standing.server.ts).
import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, gt, inArray, lte, sql } from "drizzle-orm";
import { shanghaiDate } from "~/lib/dates";
import { db, schema as s, type Executor } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { UUID } from "~/lib/ids";
import { readUpload, storeDocument } from "~/lib/uploads.server";
import { encryptPii, isValidIdCard, maskIdCard, piiLookupHash } from "../../../core/pii";
import { isValidCreditCode, normaliseCreditCode } from "../../../core/credit-code";
import { MOBILE_PATTERN } from "../access/account-rules";
import { enqueueNotification } from "../notifications/outbox.server";
import { recordAudit } from "../access/audit.server";
import { scopeOf, type Caller, type Scope } from "../access/scope.server";
import { slugFromName } from "../catalog/supplier-catalog.server";

import {
  MAX_DOCUMENTS,
  MAX_MESSAGE,
  OPEN_STATUSES,
  SUPPLIER_KINDS,
  type ApplicationStatus,
  type SupplierKind,
} from "./onboarding-rules";

export { MAX_DOCUMENTS, OPEN_STATUSES, SUPPLIER_KINDS, type ApplicationStatus, type SupplierKind };
export const MAX_TEXT = 100;
export const MAX_PLAN = 2000;

export type UploadedDocument = { bytes: Uint8Array; originalName: string };

export type ApplicationInput = {
  entityName: string;
  kind: SupplierKind;
  creditCode?: string | null;
  idCard?: string | null;
  legalRepresentative: string;
  contactMobile: string;
  villageId: number;
  partyBranchLed: boolean;
  bankName: string;
  bankAccountName: string;
  bankAccountNo: string;
  linkagePlan: string;
};

export type SubmitError =
  | "forbidden"
  | "invalid_name"
  | "invalid_credit_code"
  | "invalid_id_card"
  | "invalid_mobile"
  | "invalid_village"
  | "invalid_bank"
  | "invalid_plan"
  | "duplicate_credit_code"
  | "already_open"
  | "documents_required"
  | "too_many_documents"
  | "document_empty"
  | "document_too_large"
  | "document_unsupported_type"
  | "not_found"
  | "already_decided";

/** `day` (YYYY-MM-DD) plus `days` calendar days. */
function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const text = (v: string | null | undefined) => (v ?? "").trim();

/** Checks the fields; the normalised values or the first problem. Pure apart from the village look-up. */
async function checkInput(ex: Executor, input: ApplicationInput) {
  const entityName = text(input.entityName);
  const legalRepresentative = text(input.legalRepresentative);
  if (
    !entityName ||
    entityName.length > MAX_TEXT ||
    !legalRepresentative ||
    legalRepresentative.length > MAX_TEXT
  )
    return { ok: false as const, code: "invalid_name" as const };
  if (!(SUPPLIER_KINDS as readonly string[]).includes(input.kind))
    return { ok: false as const, code: "invalid_name" as const };
  let creditCode: string | null = null;
  let idCard: string | null = null;
  if (input.kind === "household") {
    idCard = text(input.idCard).toUpperCase();
    if (!isValidIdCard(idCard)) return { ok: false as const, code: "invalid_id_card" as const };
  } else {
    creditCode = normaliseCreditCode(text(input.creditCode));
    if (!isValidCreditCode(creditCode)) return { ok: false as const, code: "invalid_credit_code" as const };
  }
  const contactMobile = text(input.contactMobile);
  if (!MOBILE_PATTERN.test(contactMobile)) return { ok: false as const, code: "invalid_mobile" as const };
  const bankName = text(input.bankName);
  const bankAccountName = text(input.bankAccountName);
  const bankAccountNo = text(input.bankAccountNo).replace(/\s+/g, "");
  if (!bankName || bankName.length > MAX_TEXT || !bankAccountName || bankAccountName.length > MAX_TEXT)
    return { ok: false as const, code: "invalid_bank" as const };
  if (!/^\d{8,30}$/.test(bankAccountNo)) return { ok: false as const, code: "invalid_bank" as const };
  const linkagePlan = text(input.linkagePlan);
  if (!linkagePlan || linkagePlan.length > MAX_PLAN)
    return { ok: false as const, code: "invalid_plan" as const };
  if (!Number.isSafeInteger(input.villageId)) return { ok: false as const, code: "invalid_village" as const };
  const [village] = await ex
    .select({ id: s.regions.id, townId: s.regions.parentId })
    .from(s.regions)
    .where(and(eq(s.regions.id, input.villageId), eq(s.regions.level, "village")));
  if (!village?.townId) return { ok: false as const, code: "invalid_village" as const };
  return {
    ok: true as const,
    values: {
      entityName,
      kind: input.kind,
      creditCode,
      idCard,
      legalRepresentative,
      contactMobile,
      villageId: village.id,
      townId: village.townId,
      partyBranchLed: input.partyBranchLed,
      bankName,
      bankAccountName,
      bankAccountNo,
      linkagePlan,
    },
  };
}

async function storeDocuments(documents: UploadedDocument[]) {
  const files = documents.filter((d) => d.originalName || d.bytes.byteLength > 0);
  if (files.length > MAX_DOCUMENTS) return { ok: false as const, code: "too_many_documents" as const };
  const stored: { name: string; path: string }[] = [];
  for (const file of files) {
    const result = await storeDocument({
      folder: "onboarding",
      bytes: file.bytes,
      originalName: file.originalName,
    });
    if (!result.ok) return { ok: false as const, code: `document_${result.error}` as const };
    stored.push({ name: result.name, path: result.path });
  }
  return { ok: true as const, stored };
}

/** Is this credit code (or ID-number hash) taken by a supplier or a live application (other than `exceptId`)? */
async function identityTaken(
  ex: Executor,
  creditCode: string | null,
  idCardHash: string | null,
  exceptId: string | null,
): Promise<boolean> {
  if (creditCode) {
    const [supplier] = await ex
      .select({ id: s.suppliers.id })
      .from(s.suppliers)
      .where(eq(s.suppliers.creditCode, creditCode));
    if (supplier) return true;
  }
  const [application] = await ex
    .select({ id: s.supplierApplications.id })
    .from(s.supplierApplications)
    .where(
      and(
        sql`${s.supplierApplications.status} <> 'rejected'`,
        creditCode
          ? eq(s.supplierApplications.creditCode, creditCode)
          : eq(s.supplierApplications.idCardHash, idCardHash ?? ""),
        exceptId ? sql`${s.supplierApplications.id} <> ${exceptId}` : undefined,
      ),
    );
  return Boolean(application);
}

const isUniqueViolation = (error: unknown): string | null => {
  const e = error as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const code = e?.code ?? e?.cause?.code;
  if (code !== "23505") return null;
  return e?.constraint ?? e?.cause?.constraint ?? "";
};

/**
 * A signed-in customer applies. Refused, with nothing written: a bad field, a code or ID number
 * already in use, a second open application, a caller who already belongs to a supplier or office.
 */
export async function submitApplication({
  caller,
  input,
  documents,
  now = new Date(),
}: {
  caller: Caller;
  input: ApplicationInput;
  documents: UploadedDocument[];
  now?: Date;
}): Promise<{ ok: true; id: string } | { ok: false; code: SubmitError }> {
  if (caller.role !== "customer") return { ok: false, code: "forbidden" };
  const checked = await checkInput(db, input);
  if (!checked.ok) return checked;
  const v = checked.values;
  const piiKey = getEnv().PII_KEY;
  const idCardHash = v.idCard ? piiLookupHash(v.idCard, piiKey) : null;
  if (await openApplicationOf(db, caller.id)) return { ok: false, code: "already_open" };
  if (await identityTaken(db, v.creditCode, idCardHash, null))
    return { ok: false, code: "duplicate_credit_code" };
  if (documents.filter((d) => d.originalName || d.bytes.byteLength > 0).length === 0)
    return { ok: false, code: "documents_required" };
  const stored = await storeDocuments(documents);
  if (!stored.ok) return stored;
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(s.supplierApplications)
        .values({
          applicantId: caller.id,
          status: "submitted",
          entityName: v.entityName,
          kind: v.kind,
          creditCode: v.creditCode,
          idCardCipher: v.idCard ? encryptPii(v.idCard, piiKey) : null,
          idCardHash,
          idCardMasked: v.idCard ? maskIdCard(v.idCard) : null,
          legalRepresentative: v.legalRepresentative,
          contactMobile: v.contactMobile,
          townId: v.townId,
          villageId: v.villageId,
          partyBranchLed: v.partyBranchLed,
          bankName: v.bankName,
          bankAccountName: v.bankAccountName,
          bankAccountNo: v.bankAccountNo,
          linkagePlan: v.linkagePlan,
          documents: stored.stored,
          history: [{ at: now.toISOString(), action: "submitted" }],
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: s.supplierApplications.id });
      await recordAudit(tx, {
        actor: caller,
        action: "supplier_application.submitted",
        subjectType: "supplier_application",
        subjectId: row.id,
        regionId: v.townId,
        details: { kind: v.kind, documents: stored.stored.length },
        at: now,
      });
      await enqueueNotification(tx, {
        event: `supplier_application.submitted:${row.id}`,
        template: "application_received",
        params: { entityName: v.entityName },
        to: { userId: caller.id },
      });
      return { ok: true as const, id: row.id };
    });
  } catch (error) {
    const constraint = isUniqueViolation(error);
    if (constraint === null) throw error;
    // Which index fires first in a race differs between databases: the caller's own open
    // application, if the other submission was theirs, is the message that explains it.
    const own = constraint.includes("one_open") || (await openApplicationOf(db, caller.id));
    return { ok: false, code: own ? "already_open" : "duplicate_credit_code" };
  }
}

async function openApplicationOf(ex: Executor, applicantId: string) {
  const [row] = await ex
    .select({ id: s.supplierApplications.id })
    .from(s.supplierApplications)
    .where(
      and(
        eq(s.supplierApplications.applicantId, applicantId),
        inArray(s.supplierApplications.status, [...OPEN_STATUSES]),
      ),
    );
  return row ?? null;
}

/**
 * The applicant answers a request for more material with a message and/or further documents
 * (added to the ones already sent); the application goes back to the town as submitted.
 */
export async function resubmitApplication({
  caller,
  id,
  documents,
  message,
  now = new Date(),
}: {
  caller: Caller;
  id: string;
  documents: UploadedDocument[];
  message?: string | null;
  now?: Date;
}): Promise<{ ok: true } | { ok: false; code: SubmitError }> {
  if (!UUID.test(id)) return { ok: false, code: "not_found" };
  const [current] = await db
    .select({
      status: s.supplierApplications.status,
      documents: s.supplierApplications.documents,
      applicantId: s.supplierApplications.applicantId,
    })
    .from(s.supplierApplications)
    .where(eq(s.supplierApplications.id, id));
  if (!current || current.applicantId !== caller.id) return { ok: false, code: "not_found" };
  if (current.status !== "more_material") return { ok: false, code: "already_decided" };
  const note = text(message).slice(0, MAX_MESSAGE) || null;
  const files = documents.filter((d) => d.originalName || d.bytes.byteLength > 0);
  if (!note && files.length === 0) return { ok: false, code: "documents_required" };
  if (current.documents.length + files.length > MAX_DOCUMENTS * 2)
    return { ok: false, code: "too_many_documents" };
  const stored = await storeDocuments(files);
  if (!stored.ok) return stored;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(s.supplierApplications)
      .set({
        status: "submitted",
        documents: sql`${s.supplierApplications.documents} || ${JSON.stringify(stored.stored)}::jsonb`,
        history: appendHistory(now, "resubmitted", note),
        updatedAt: now,
      })
      .where(and(eq(s.supplierApplications.id, id), eq(s.supplierApplications.status, "more_material")))
      .returning({ townId: s.supplierApplications.townId });
    if (!row) return { ok: false as const, code: "already_decided" as const };
    await recordAudit(tx, {
      actor: caller,
      action: "supplier_application.resubmitted",
      subjectType: "supplier_application",
      subjectId: id,
      regionId: row.townId,
      details: { documents: stored.stored.length },
      at: now,
    });
    return { ok: true as const };
  });
}

function appendHistory(now: Date, action: string, message: string | null) {
  const entry = JSON.stringify([{ at: now.toISOString(), action, ...(message ? { message } : {}) }]);
  return sql`${s.supplierApplications.history} || ${entry}::jsonb`;
}

// ─── decisions (officials) ──────────────────────────────────────────────────────────────

export type Decision =
  | { kind: "request_material"; message: string }
  | { kind: "recommend"; message?: string | null }
  | { kind: "reject"; reason: string }
  | { kind: "approve" };

export type DecideError = "not_found" | "forbidden" | "reason_required" | "already_decided";

/** Which statuses a decision starts from and who may take it. */
const DECISIONS: Record<
  Decision["kind"],
  { from: ApplicationStatus[]; to: ApplicationStatus; level: "town" | "district" | "either" }
> = {
  request_material: { from: ["submitted"], to: "more_material", level: "town" },
  recommend: { from: ["submitted"], to: "recommended", level: "town" },
  reject: { from: ["submitted", "more_material", "recommended"], to: "rejected", level: "either" },
  approve: { from: ["recommended"], to: "public_notice", level: "district" },
};

/** A condition on supplier_applications limiting rows to the scope of an official (or admin). */
function applicationScope(scope: Scope) {
  if (scope.kind === "platform") return undefined;
  if (scope.kind !== "region") return sql`false`;
  if (scope.level === "town") return eq(s.supplierApplications.townId, scope.regionId);
  return sql`${s.supplierApplications.townId} in (select ${s.regions.id} from ${s.regions} where ${s.regions.parentId} = ${scope.regionId})`;
}

/** May this scope take a decision of `level`? Town officials review; the district (or an admin) decides. */
function mayTake(scope: Scope, level: "town" | "district" | "either", from: ApplicationStatus): boolean {
  const isDistrict = scope.kind === "platform" || (scope.kind === "region" && scope.level === "district");
  const isTown = scope.kind === "region" && scope.level === "town";
  if (level === "town") return isTown || isDistrict; // the district may stand in for a town
  if (level === "district") return isDistrict;
  // reject: a town rejects what it reviews; a recommended application is the district's to reject
  return from === "recommended" ? isDistrict : isTown || isDistrict;
}

export async function decideApplication({
  caller,
  id,
  decision,
  now = new Date(),
}: {
  caller: Caller;
  id: string;
  decision: Decision;
  now?: Date;
}): Promise<{ ok: true; status: ApplicationStatus } | { ok: false; code: DecideError }> {
  if (caller.role !== "official" && caller.role !== "admin") return { ok: false, code: "forbidden" };
  if (!UUID.test(id)) return { ok: false, code: "not_found" };
  const scope = await scopeOf(caller);
  const [row] = await db
    .select({ status: s.supplierApplications.status, townId: s.supplierApplications.townId })
    .from(s.supplierApplications)
    .where(and(eq(s.supplierApplications.id, id), applicationScope(scope)));
  if (!row) return { ok: false, code: "not_found" };
  const rule = DECISIONS[decision.kind];
  if (!rule.from.includes(row.status)) return { ok: false, code: "already_decided" };
  if (!mayTake(scope, rule.level, row.status)) return { ok: false, code: "forbidden" };
  let message: string | null = null;
  if (decision.kind === "request_material" || decision.kind === "reject") {
    message = text(decision.kind === "reject" ? decision.reason : decision.message).slice(0, MAX_MESSAGE);
    if (!message) return { ok: false, code: "reason_required" };
  } else if (decision.kind === "recommend") {
    message = text(decision.message).slice(0, MAX_MESSAGE) || null;
  }
  const notice = noticePeriod(now, getEnv().SUPPLIER_NOTICE_DAYS);
  const isTownStep = decision.kind === "request_material" || decision.kind === "recommend";

  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(s.supplierApplications)
      .set({
        status: rule.to,
        history: appendHistory(now, rule.to, message),
        updatedAt: now,
        ...(decision.kind === "reject" ? { rejectionReason: message } : {}),
        ...(isTownStep ? { townReviewedBy: caller.id } : {}),
        ...(decision.kind === "approve"
          ? {
              districtDecidedBy: caller.id,
              noticeStartsOn: notice.startsOn,
              noticeEndsOn: notice.endsOn,
              noticeEndsAt: notice.endsAt,
            }
          : {}),
        ...(decision.kind === "reject" && row.status === "recommended"
          ? { districtDecidedBy: caller.id }
          : {}),
      })
      .where(and(eq(s.supplierApplications.id, id), eq(s.supplierApplications.status, row.status)))
      .returning({
        id: s.supplierApplications.id,
        applicantId: s.supplierApplications.applicantId,
        entityName: s.supplierApplications.entityName,
        noticeEndsOn: s.supplierApplications.noticeEndsOn,
        history: s.supplierApplications.history,
      });
    if (!updated) return { ok: false as const, code: "already_decided" as const };
    // The applicant hears of every decision, in this transaction (decision 092). The key counts
    // the history, so a second request for material after a resubmission is a new message.
    await enqueueNotification(tx, {
      event: `supplier_application.${rule.to}:${id}:${updated.history.length}`,
      template:
        rule.to === "more_material"
          ? "application_more_material"
          : rule.to === "recommended"
            ? "application_recommended"
            : rule.to === "rejected"
              ? "application_rejected"
              : "application_public_notice",
      params: {
        entityName: updated.entityName,
        message: message ?? "",
        reason: message ?? "",
        noticeEndsOn: updated.noticeEndsOn ?? "",
      },
      to: { userId: updated.applicantId },
    });
    await recordAudit(tx, {
      actor: caller,
      action: `supplier_application.${rule.to}`,
      subjectType: "supplier_application",
      subjectId: id,
      regionId: row.townId,
      details: { from: row.status, ...(message ? { message } : {}) },
      at: now,
    });
    return { ok: true as const, status: rule.to };
  });
}

// ─── activation: after the notice ───────────────────────────────────────────────────────

/**
 * The 公示 of an application approved at `now`: whole days run from today through the last day
 * (Asia/Shanghai) and end at the following midnight; a fraction of a day (a rehearsal or a journey
 * test, e.g. 0.0005 = 43 s) runs that long from `now`. 0 days: over at once.
 */
export function noticePeriod(now: Date, days: number): { startsOn: string; endsOn: string; endsAt: Date } {
  const startsOn = shanghaiDate(now);
  if (Number.isInteger(days)) {
    const endsAt = new Date(`${addDays(startsOn, days)}T00:00:00+08:00`);
    return { startsOn, endsOn: addDays(startsOn, days - 1), endsAt };
  }
  const endsAt = new Date(now.getTime() + days * 86_400_000);
  return { startsOn, endsOn: shanghaiDate(endsAt), endsAt };
}

/**
 * Promotes every application whose notice is over (notice_ends_at <= now) to active: a supplier
 * row, and the applicant becomes its owner. Safe to call from any loader and from a sweep at once:
 * each promotion is a conditional update, so an application is promoted exactly once.
 */
export async function activateDueApplications({ now = new Date() }: { now?: Date } = {}): Promise<number> {
  const due = await db
    .select({ id: s.supplierApplications.id })
    .from(s.supplierApplications)
    .where(
      and(eq(s.supplierApplications.status, "public_notice"), lte(s.supplierApplications.noticeEndsAt, now)),
    )
    .orderBy(asc(s.supplierApplications.noticeEndsAt))
    .limit(100);
  let promoted = 0;
  for (const { id } of due) if (await activateOne(id, now)) promoted++;
  return promoted;
}

async function activateOne(id: string, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [app] = await tx
      .update(s.supplierApplications)
      .set({ status: "active", updatedAt: now, history: appendHistory(now, "active", null) })
      .where(and(eq(s.supplierApplications.id, id), eq(s.supplierApplications.status, "public_notice")))
      .returning();
    if (!app) return false;
    const slug = `${slugFromName(app.entityName).slice(0, 40)}-${randomBytes(3).toString("hex")}`;
    const [supplier] = await tx
      .insert(s.suppliers)
      .values({
        slug,
        name: app.entityName,
        kind: app.kind,
        partyBranchLed: app.partyBranchLed,
        villageId: app.villageId,
        townId: app.townId,
        creditCode: app.creditCode,
        contactName: app.legalRepresentative,
        contactPhone: app.contactMobile,
        benefitRateBp: 0, // set with the first linkage agreement; the supplier edits it
        status: "active",
        createdAt: now,
      })
      .returning({ id: s.suppliers.id });
    await tx
      .update(s.supplierApplications)
      .set({ supplierId: supplier.id })
      .where(eq(s.supplierApplications.id, id));
    // The applicant becomes the owner, unless they took another role in the meantime.
    await tx
      .update(s.users)
      .set({ role: "supplier_staff", supplierId: supplier.id, supplierRole: "owner" })
      .where(and(eq(s.users.id, app.applicantId), eq(s.users.role, "customer")));
    await recordAudit(tx, {
      actor: null,
      action: "supplier_application.active",
      subjectType: "supplier",
      subjectId: supplier.id,
      regionId: app.townId,
      details: { application: id },
      at: now,
    });
    await enqueueNotification(tx, {
      event: `supplier_application.active:${id}`,
      template: "application_active",
      params: { entityName: app.entityName },
      to: { userId: app.applicantId },
    });
    return true;
  });
}

// ─── reads ───────────────────────────────────────────────────────────────────────────────

const listColumns = {
  id: s.supplierApplications.id,
  status: s.supplierApplications.status,
  entityName: s.supplierApplications.entityName,
  kind: s.supplierApplications.kind,
  townId: s.supplierApplications.townId,
  townName: s.regions.name,
  townNameEn: s.regions.nameEn,
  noticeStartsOn: s.supplierApplications.noticeStartsOn,
  noticeEndsOn: s.supplierApplications.noticeEndsOn,
  createdAt: s.supplierApplications.createdAt,
  updatedAt: s.supplierApplications.updatedAt,
};

/** The applicant's own applications, newest first, with their history (shown at /apply/status). */
export async function listOwnApplications({ caller }: { caller: Caller }) {
  await activateDueApplications();
  const rows = await db
    .select({
      ...listColumns,
      history: s.supplierApplications.history,
      rejectionReason: s.supplierApplications.rejectionReason,
      supplierId: s.supplierApplications.supplierId,
    })
    .from(s.supplierApplications)
    .innerJoin(s.regions, eq(s.regions.id, s.supplierApplications.townId))
    .where(eq(s.supplierApplications.applicantId, caller.id))
    .orderBy(desc(s.supplierApplications.createdAt));
  return rows.map((r) => ({
    ...r,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

/** The applications an official's scope reaches, the open ones first. */
export async function listApplicationsForReview({
  caller,
  status,
}: {
  caller: Caller;
  status?: ApplicationStatus | null;
}) {
  if (caller.role !== "official" && caller.role !== "admin") return [];
  await activateDueApplications();
  const scope = await scopeOf(caller);
  const rows = await db
    .select(listColumns)
    .from(s.supplierApplications)
    .innerJoin(s.regions, eq(s.regions.id, s.supplierApplications.townId))
    .where(and(applicationScope(scope), status ? eq(s.supplierApplications.status, status) : undefined))
    .orderBy(
      sql`case when ${s.supplierApplications.status} in ('submitted', 'recommended') then 0 else 1 end`,
      desc(s.supplierApplications.updatedAt),
    )
    .limit(200);
  return rows.map((r) => ({
    ...r,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

/** One application for an official in scope (ID number masked), or null; what they may decide on it. */
export async function getApplicationForReview({ caller, id }: { caller: Caller; id: string }) {
  if ((caller.role !== "official" && caller.role !== "admin") || !UUID.test(id)) return null;
  const scope = await scopeOf(caller);
  const village = sql<string>`(select ${s.regions.name} from ${s.regions} r where r.id = ${s.supplierApplications.villageId})`;
  const [row] = await db
    .select({
      ...listColumns,
      villageName: village,
      creditCode: s.supplierApplications.creditCode,
      idCardMasked: s.supplierApplications.idCardMasked,
      legalRepresentative: s.supplierApplications.legalRepresentative,
      contactMobile: s.supplierApplications.contactMobile,
      partyBranchLed: s.supplierApplications.partyBranchLed,
      bankName: s.supplierApplications.bankName,
      bankAccountName: s.supplierApplications.bankAccountName,
      bankAccountNo: s.supplierApplications.bankAccountNo,
      linkagePlan: s.supplierApplications.linkagePlan,
      documents: s.supplierApplications.documents,
      history: s.supplierApplications.history,
      rejectionReason: s.supplierApplications.rejectionReason,
      applicantName: s.users.displayName,
    })
    .from(s.supplierApplications)
    .innerJoin(s.regions, eq(s.regions.id, s.supplierApplications.townId))
    .innerJoin(s.users, eq(s.users.id, s.supplierApplications.applicantId))
    .where(and(eq(s.supplierApplications.id, id), applicationScope(scope)));
  if (!row) return null;
  const allowed = (Object.keys(DECISIONS) as Decision["kind"][]).filter(
    (kind) => DECISIONS[kind].from.includes(row.status) && mayTake(scope, DECISIONS[kind].level, row.status),
  );
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    documents: row.documents.map((d) => ({ name: d.name })),
    allowed,
  };
}

/** A stored document of an application the caller may read (the applicant, or an official in scope), or null. */
export async function readApplicationDocument({
  caller,
  id,
  index,
}: {
  caller: Caller;
  id: string;
  index: number;
}) {
  if (!UUID.test(id) || !Number.isSafeInteger(index) || index < 0) return null;
  const scope = caller.role === "official" || caller.role === "admin" ? await scopeOf(caller) : null;
  const [row] = await db
    .select({ documents: s.supplierApplications.documents })
    .from(s.supplierApplications)
    .where(
      and(
        eq(s.supplierApplications.id, id),
        scope ? applicationScope(scope) : eq(s.supplierApplications.applicantId, caller.id),
      ),
    );
  const doc = row?.documents[index];
  if (!doc) return null;
  const file = await readUpload(doc.path);
  return file ? { ...file, name: doc.name } : null;
}

/** Applications under 公示 now, for /notices (public: name, kind, town, dates; nothing personal). */
export async function listSupplierNotices({ now = new Date() }: { now?: Date } = {}) {
  return db
    .select({
      id: s.supplierApplications.id,
      entityName: s.supplierApplications.entityName,
      kind: s.supplierApplications.kind,
      townName: s.regions.name,
      townNameEn: s.regions.nameEn,
      noticeStartsOn: s.supplierApplications.noticeStartsOn,
      noticeEndsOn: s.supplierApplications.noticeEndsOn,
    })
    .from(s.supplierApplications)
    .innerJoin(s.regions, eq(s.regions.id, s.supplierApplications.townId))
    .where(
      and(eq(s.supplierApplications.status, "public_notice"), gt(s.supplierApplications.noticeEndsAt, now)),
    )
    .orderBy(asc(s.supplierApplications.noticeEndsAt), asc(s.supplierApplications.entityName))
    .limit(100);
}

/** Towns and their villages, for the application form. */
export async function applicationRegions() {
  const rows = await db
    .select({
      id: s.regions.id,
      name: s.regions.name,
      nameEn: s.regions.nameEn,
      level: s.regions.level,
      parentId: s.regions.parentId,
    })
    .from(s.regions)
    .where(inArray(s.regions.level, ["town", "subdistrict", "village"]))
    .orderBy(asc(s.regions.code));
  const towns = rows.filter((r) => r.level !== "village");
  return towns.map((town) => ({
    id: town.id,
    name: town.name,
    nameEn: town.nameEn,
    villages: rows
      .filter((r) => r.level === "village" && r.parentId === town.id)
      .map(({ id, name, nameEn }) => ({ id, name, nameEn })),
  }));
}
