// Benefit-linkage agreements (利益联结协议, DESIGN.md §3 "Attribution" rules 1 and 6). This file owns
// `linkages` and `linkage_events`. Every function takes the caller and filters by its scope here,
// not only in the route:
// - supplier_staff: only their own supplier's agreements and products.
// - official: suppliers of their region (a district official: every supplier in a town of the
//   district; a town official: suppliers whose town is that town).
// - admin: everything.
//
// Area rule for a proposal: a supplier links only beneficiaries of its own town (suppliers.town_id):
// a household whose town_id is the supplier's town, or the village collective of a village in that
// town. A household outside the area answers exactly like an unknown one ("beneficiary_not_found"),
// so a proposal form cannot be used to probe the registry of other towns. Every other field is
// checked before the registry is asked (a refusal on another field must not depend on whether the
// person is registered); each household lookup is audited (keyed hash, never the number) and
// limited per user (lookup-throttle.server.ts) — issue 15 item 12.
//
// Decisions and terminations are conditional updates (`where status = 'proposed'` / `'approved'`):
// of two officials deciding at once, one wins and the other gets "already_decided". Terminating
// only ends the validity (valid_until = today in Asia/Shanghai) and sets the status: the row, its
// events and any ledger entry that refers to it stay as they are (rule 6).
import { unlink } from "node:fs/promises";
import path from "node:path";
import { and, asc, count, desc, eq, gte, isNull, lte, or, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { isIsoDate, shanghaiDate } from "~/lib/dates";
import { db, schema as s, type Executor } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { INCOME_TYPE_OF, MECHANISMS, type IncomeType, type Mechanism } from "../../../core/mechanisms";
import { maskName, piiLookupHash } from "../../../core/pii";
import { takeRegistryLookup } from "~/lib/lookup-throttle.server";
import {
  MAX_DOCUMENT_BYTES,
  readUpload,
  sniffDocumentType,
  storeDocument,
  uploadDir,
} from "~/lib/uploads.server";
import { recordAudit } from "../access/audit.server";
import { scopeOf, supplierFilter, supplierTown, type Caller, type Scope } from "../access/scope.server";
import { UUID } from "~/lib/ids";
import { pageOf } from "~/lib/paging";

/**
 * The one rule for an agreement that counts on `day` (an Asia/Shanghai date, or a SQL date
 * expression): approved, started, and not ended. Attribution and the impact panel both use it.
 */
export function linkageInForceOn(day: string | SQL): SQL {
  return and(
    eq(s.linkages.status, "approved"),
    lte(s.linkages.validFrom, day),
    or(isNull(s.linkages.validUntil), gte(s.linkages.validUntil, day)),
  )!;
}

export type LinkageStatus = (typeof s.linkageStatus.enumValues)[number];
export const LINKAGE_STATUSES = s.linkageStatus.enumValues;
export type BeneficiaryType = (typeof s.beneficiaryType.enumValues)[number];
/** A status from a query string, or null when absent or unknown. */
export function parseLinkageStatus(value: string | null): LinkageStatus | null {
  return (LINKAGE_STATUSES as readonly string[]).includes(value ?? "") ? (value as LinkageStatus) : null;
}

export const MAX_EVIDENCE_LENGTH = 500;
export const MAX_WEIGHT = 1_000_000;
export const MAX_REASON_LENGTH = 500;

export type ProposeInput = {
  beneficiaryType: BeneficiaryType;
  /** Household: its registry code (户编码) or its 18-character ID card number. */
  householdLookup?: string | null;
  /** Village collective: its id (one of the supplier's town). */
  villageCollectiveId?: string | null;
  mechanism: string;
  weight: number;
  validFrom: string; // YYYY-MM-DD
  validUntil?: string | null; // YYYY-MM-DD, ≥ validFrom; null: open-ended
  productId?: string | null; // null: all the supplier's products
  evidence: string;
  /** One optional evidence file (PDF, JPEG, PNG or WebP by content, at most 10 MB). */
  evidenceFile?: { bytes: Uint8Array; originalName: string } | null;
};

export type ProposeError =
  | "forbidden"
  | "invalid_mechanism"
  | "invalid_weight"
  | "invalid_dates"
  | "invalid_evidence"
  | "evidence_file_empty"
  | "evidence_file_too_large"
  | "evidence_file_type"
  | "beneficiary_not_found"
  | "product_not_found"
  | "lookup_rate_limited";
export type ProposeResult = { ok: true; id: string } | { ok: false; code: ProposeError };

export type DecideError = "forbidden" | "not_found" | "reason_required" | "already_decided";
export type DecideResult = { ok: true; status: "approved" | "rejected" } | { ok: false; code: DecideError };
export type TerminateError = "forbidden" | "not_found" | "not_approved";
export type TerminateResult = { ok: true; validUntil: string } | { ok: false; code: TerminateError };

export function isMechanism(value: string): value is Mechanism {
  return (MECHANISMS as readonly string[]).includes(value);
}

// ─── scope: app/models/access/scope.server.ts ───

/** The linkage with its supplier, when the caller's scope reaches it; else null. */
async function linkageInScope(ex: Executor, caller: Caller, id: string) {
  if (!UUID.test(id)) return null;
  const scope = await scopeOf(caller, ex);
  const [row] = await ex
    .select({
      id: s.linkages.id,
      status: s.linkages.status,
      supplierId: s.linkages.supplierId,
      validFrom: s.linkages.validFrom,
      validUntil: s.linkages.validUntil,
      townId: s.suppliers.townId,
    })
    .from(s.linkages)
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.linkages.supplierId))
    .innerJoin(supplierTown, eq(supplierTown.id, s.suppliers.townId))
    .where(and(eq(s.linkages.id, id), supplierFilter(scope)));
  return row ? { ...row, scope } : null;
}

/** Audit entry for a decision or termination (the registry's audit model is written elsewhere). */
async function writeAudit(
  ex: Executor,
  caller: Caller,
  action: string,
  linkageId: string,
  regionId: number | null,
  details: Record<string, unknown>,
) {
  await ex.insert(s.auditLog).values({
    actorId: caller.id,
    actorRole: caller.role,
    action,
    subjectType: "linkage",
    subjectId: linkageId,
    regionId,
    details,
  });
}

// ─── propose ─────────────────────────────────────────────────────────────────────────────
/** Supplier staff propose an agreement for their own supplier. Nothing is written on bad input. */
export async function proposeLinkage({
  caller,
  input,
  ip = null,
}: {
  caller: Caller;
  input: ProposeInput;
  ip?: string | null;
}): Promise<ProposeResult> {
  if (caller.role !== "supplier_staff" || !caller.supplierId) return { ok: false, code: "forbidden" };
  const supplierId = caller.supplierId;
  if (!isMechanism(input.mechanism)) return { ok: false, code: "invalid_mechanism" };
  if (!Number.isSafeInteger(input.weight) || input.weight <= 0 || input.weight > MAX_WEIGHT)
    return { ok: false, code: "invalid_weight" };
  const validUntil = input.validUntil || null;
  if (
    !isIsoDate(input.validFrom) ||
    (validUntil !== null && (!isIsoDate(validUntil) || validUntil < input.validFrom))
  ) {
    return { ok: false, code: "invalid_dates" };
  }
  const evidence = (input.evidence ?? "").trim();
  if (evidence.length === 0 || Array.from(evidence).length > MAX_EVIDENCE_LENGTH)
    return { ok: false, code: "invalid_evidence" };
  // A file input left empty arrives as a nameless, empty part: that is "no file", not an empty file.
  const file =
    input.evidenceFile && (input.evidenceFile.originalName || input.evidenceFile.bytes.byteLength > 0)
      ? input.evidenceFile
      : null;
  if (file) {
    // Checked before anything is written; storeDocument checks the same again when it writes.
    if (file.bytes.byteLength === 0) return { ok: false, code: "evidence_file_empty" };
    if (file.bytes.byteLength > MAX_DOCUMENT_BYTES) return { ok: false, code: "evidence_file_too_large" };
    if (!sniffDocumentType(file.bytes)) return { ok: false, code: "evidence_file_type" };
  }

  let storedPath: string | null = null;
  // The registry lookup this proposal made, audited whatever the outcome (after the transaction,
  // so that a refusal, or a failure while writing, still leaves its trace).
  let lookup: {
    by: "id_card" | "registry_code";
    lookupHash: string;
    found: boolean;
    householdId: string | null;
    townId: number;
  } | null = null;
  const auditLookup = async () => {
    if (!lookup) return;
    await recordAudit(db, {
      actor: { id: caller.id, role: caller.role },
      action: "linkage.household_lookup",
      subjectType: "household",
      subjectId: lookup.householdId,
      regionId: lookup.townId,
      details: { by: lookup.by, lookupHash: lookup.lookupHash, found: lookup.found },
      ip,
    });
  };
  try {
    const result = await db.transaction(async (tx) => {
      const [supplier] = await tx
        .select({ id: s.suppliers.id, townId: s.suppliers.townId })
        .from(s.suppliers)
        .where(eq(s.suppliers.id, supplierId));
      if (!supplier) return { ok: false, code: "forbidden" } as const;

      // The product before the beneficiary: its answer must not depend on the registry.
      let productId: string | null = null;
      if (input.productId) {
        if (!UUID.test(input.productId)) return { ok: false, code: "product_not_found" } as const;
        const [product] = await tx
          .select({ id: s.products.id })
          .from(s.products)
          .where(and(eq(s.products.id, input.productId), eq(s.products.supplierId, supplierId)));
        if (!product) return { ok: false, code: "product_not_found" } as const;
        productId = product.id;
      }

      let householdId: string | null = null;
      let villageCollectiveId: string | null = null;
      if (input.beneficiaryType === "household") {
        const key = (input.householdLookup ?? "").trim().toUpperCase();
        if (!key) return { ok: false, code: "beneficiary_not_found" } as const;
        if (!(await takeRegistryLookup(caller.id)))
          return { ok: false, code: "lookup_rate_limited" } as const;
        const isIdCard = /^\d{17}[\dX]$/.test(key);
        const piiKey = getEnv().PII_KEY;
        const byId = isIdCard ? eq(s.households.idCardHash, piiLookupHash(key, piiKey)) : undefined;
        const [household] = await tx
          .select({ id: s.households.id })
          .from(s.households)
          .where(
            and(
              eq(s.households.townId, supplier.townId),
              byId ? or(eq(s.households.registryCode, key), byId) : eq(s.households.registryCode, key),
            ),
          )
          .limit(1);
        // Found or not (unknown, or of another town: the same answer), with the keyed hash only.
        lookup = {
          by: isIdCard ? "id_card" : "registry_code",
          lookupHash: piiLookupHash(key, piiKey),
          found: Boolean(household),
          householdId: household?.id ?? null,
          townId: supplier.townId,
        };
        if (!household) return { ok: false, code: "beneficiary_not_found" } as const;
        householdId = household.id;
      } else if (input.beneficiaryType === "village_collective") {
        const id = input.villageCollectiveId ?? "";
        if (!UUID.test(id)) return { ok: false, code: "beneficiary_not_found" } as const;
        const [collective] = await tx
          .select({ id: s.villageCollectives.id })
          .from(s.villageCollectives)
          .where(and(eq(s.villageCollectives.id, id), eq(s.villageCollectives.townId, supplier.townId)));
        if (!collective) return { ok: false, code: "beneficiary_not_found" } as const;
        villageCollectiveId = collective.id;
      } else {
        return { ok: false, code: "beneficiary_not_found" } as const;
      }

      // Written only once every check has passed, so a refused proposal leaves no file behind.
      if (file) {
        const stored = await storeDocument({
          folder: EVIDENCE_FOLDER,
          bytes: file.bytes,
          originalName: file.originalName,
        });
        if (!stored.ok)
          return {
            ok: false,
            code:
              stored.error === "empty"
                ? "evidence_file_empty"
                : stored.error === "too_large"
                  ? "evidence_file_too_large"
                  : "evidence_file_type",
          } as const;
        storedPath = stored.path;
      }

      const [row] = await tx
        .insert(s.linkages)
        .values({
          supplierId,
          productId,
          beneficiaryType: input.beneficiaryType,
          householdId,
          villageCollectiveId,
          mechanism: input.mechanism as Mechanism,
          weight: input.weight,
          validFrom: input.validFrom,
          validUntil,
          evidence,
          evidencePath: storedPath,
          status: "proposed",
          proposedBy: caller.id,
        })
        .returning({ id: s.linkages.id });
      await tx.insert(s.linkageEvents).values({ linkageId: row.id, action: "proposed", actorId: caller.id });
      return { ok: true, id: row.id } as const;
    });
    await auditLookup();
    return result;
  } catch (error) {
    // The row was not written (the transaction rolled back), so neither is the file.
    if (storedPath) await unlink(path.join(uploadDir(), storedPath)).catch(() => {});
    await auditLookup().catch(() => {});
    throw error;
  }
}

/** Upload folder of evidence files (private: served only by readLinkageEvidence's route). */
export const EVIDENCE_FOLDER = "linkages";

/**
 * The agreement's evidence file, for the proposing supplier's staff, an official whose region
 * reaches the supplier, or an admin; null (a 404) for everybody else, an unknown id or no file.
 */
export async function readLinkageEvidence({ caller, id }: { caller: Caller; id: string }) {
  if (!["supplier_staff", "official", "admin"].includes(caller.role)) return null;
  const linkage = await linkageInScope(db, caller, id);
  if (!linkage) return null;
  const [row] = await db
    .select({ path: s.linkages.evidencePath })
    .from(s.linkages)
    .where(eq(s.linkages.id, linkage.id));
  if (!row?.path) return null;
  const file = await readUpload(row.path);
  if (!file) return null;
  return { ...file, name: `证据文件-${linkage.id.slice(0, 8)}${path.extname(row.path)}` };
}

/** What the proposal form offers: the supplier's own products and the collectives of its town. */
export async function proposalOptions({ caller }: { caller: Caller }) {
  if (caller.role !== "supplier_staff" || !caller.supplierId) return { products: [], collectives: [] };
  const [supplier] = await db
    .select({ townId: s.suppliers.townId })
    .from(s.suppliers)
    .where(eq(s.suppliers.id, caller.supplierId));
  if (!supplier) return { products: [], collectives: [] };
  const products = await db
    .select({ id: s.products.id, name: s.products.name, nameEn: s.products.nameEn })
    .from(s.products)
    .where(eq(s.products.supplierId, caller.supplierId))
    .orderBy(asc(s.products.name));
  const collectives = await db
    .select({ id: s.villageCollectives.id, name: s.villageCollectives.name, villageName: s.regions.name })
    .from(s.villageCollectives)
    .innerJoin(s.regions, eq(s.regions.id, s.villageCollectives.villageId))
    .where(eq(s.villageCollectives.townId, supplier.townId))
    .orderBy(asc(s.regions.code));
  return { products, collectives };
}

// ─── lists ───────────────────────────────────────────────────────────────────────────────
export type LinkageRow = {
  id: string;
  supplierId: string;
  supplierName: string;
  beneficiaryType: BeneficiaryType;
  /** Masked household head name (张*明) or the village collective's name. */
  beneficiaryName: string;
  /** 户编码, for officials only (null for suppliers and collectives). */
  registryCode: string | null;
  villageName: string;
  mechanism: Mechanism;
  incomeType: IncomeType;
  weight: number;
  validFrom: string;
  validUntil: string | null;
  productName: string | null;
  evidence: string;
  /** An evidence file is attached (downloaded through /linkages/:id/evidence). */
  hasEvidenceFile: boolean;
  status: LinkageStatus;
  rejectionReason: string | null;
  createdAt: string;
  decidedAt: string | null;
};

const householdVillage = alias(s.regions, "household_village");
const collectiveVillage = alias(s.regions, "collective_village");

async function listLinkages(
  scope: Scope,
  status: LinkageStatus | undefined,
  withRegistryCode: boolean,
  paging: { limit: number; offset: number } = { limit: 500, offset: 0 },
): Promise<LinkageRow[]> {
  const rows = await db
    .select({
      id: s.linkages.id,
      supplierId: s.linkages.supplierId,
      supplierName: s.suppliers.name,
      beneficiaryType: s.linkages.beneficiaryType,
      headName: s.households.headName,
      registryCode: s.households.registryCode,
      collectiveName: s.villageCollectives.name,
      householdVillage: householdVillage.name,
      collectiveVillage: collectiveVillage.name,
      mechanism: s.linkages.mechanism,
      weight: s.linkages.weight,
      validFrom: s.linkages.validFrom,
      validUntil: s.linkages.validUntil,
      productName: s.products.name,
      evidence: s.linkages.evidence,
      evidencePath: s.linkages.evidencePath,
      status: s.linkages.status,
      rejectionReason: s.linkages.rejectionReason,
      createdAt: s.linkages.createdAt,
      decidedAt: s.linkages.decidedAt,
    })
    .from(s.linkages)
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.linkages.supplierId))
    .innerJoin(supplierTown, eq(supplierTown.id, s.suppliers.townId))
    .leftJoin(s.households, eq(s.households.id, s.linkages.householdId))
    .leftJoin(householdVillage, eq(householdVillage.id, s.households.villageId))
    .leftJoin(s.villageCollectives, eq(s.villageCollectives.id, s.linkages.villageCollectiveId))
    .leftJoin(collectiveVillage, eq(collectiveVillage.id, s.villageCollectives.villageId))
    .leftJoin(s.products, eq(s.products.id, s.linkages.productId))
    .where(and(supplierFilter(scope), status ? eq(s.linkages.status, status) : undefined))
    .orderBy(desc(s.linkages.createdAt), asc(s.linkages.id))
    .limit(paging.limit)
    .offset(paging.offset);
  return rows.map((r) => ({
    id: r.id,
    supplierId: r.supplierId,
    supplierName: r.supplierName,
    beneficiaryType: r.beneficiaryType,
    beneficiaryName:
      r.beneficiaryType === "household" ? maskName(r.headName ?? "") : (r.collectiveName ?? ""),
    registryCode: withRegistryCode && r.beneficiaryType === "household" ? r.registryCode : null,
    villageName: (r.beneficiaryType === "household" ? r.householdVillage : r.collectiveVillage) ?? "",
    mechanism: r.mechanism,
    incomeType: INCOME_TYPE_OF[r.mechanism],
    weight: r.weight,
    validFrom: r.validFrom,
    validUntil: r.validUntil,
    productName: r.productName,
    evidence: r.evidence,
    hasEvidenceFile: r.evidencePath != null,
    status: r.status,
    rejectionReason: r.rejectionReason,
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt ? r.decidedAt.toISOString() : null,
  }));
}

/** The caller's own supplier's agreements (names masked). Anyone else gets an empty list. */
export async function listLinkagesForSupplier({
  caller,
  status,
}: {
  caller: Caller;
  status?: LinkageStatus;
}): Promise<LinkageRow[]> {
  if (caller.role !== "supplier_staff" || !caller.supplierId) return [];
  return listLinkages({ kind: "supplier", supplierId: caller.supplierId }, status, false);
}

/** Agreements of the suppliers in the official's region (all for an admin), names masked. */
export async function listLinkagesForReview({
  caller,
  status,
}: {
  caller: Caller;
  status?: LinkageStatus;
}): Promise<LinkageRow[]> {
  if (caller.role !== "official" && caller.role !== "admin") return [];
  return listLinkages(await scopeOf(caller), status, true);
}

/** Agreements a page of the officials' review list shows. */
export const REVIEW_PAGE_SIZE = 20;

/** One page of listLinkagesForReview's list (newest first), counted and paged in the database. */
export async function reviewLinkagesPage({
  caller,
  status,
  page: requested,
}: {
  caller: Caller;
  status?: LinkageStatus;
  page?: unknown;
}): Promise<{ rows: LinkageRow[]; total: number; page: number; pageCount: number }> {
  if (caller.role !== "official" && caller.role !== "admin")
    return { rows: [], total: 0, page: 1, pageCount: 1 };
  const scope = await scopeOf(caller);
  const [{ n }] = await db
    .select({ n: count() })
    .from(s.linkages)
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.linkages.supplierId))
    .innerJoin(supplierTown, eq(supplierTown.id, s.suppliers.townId))
    .where(and(supplierFilter(scope), status ? eq(s.linkages.status, status) : undefined));
  const { page, pageCount, offset } = pageOf(n, REVIEW_PAGE_SIZE, requested);
  const rows = await listLinkages(scope, status, true, { limit: REVIEW_PAGE_SIZE, offset });
  return { rows, total: n, page, pageCount };
}

// ─── decisions ───────────────────────────────────────────────────────────────────────────
/** An official of the supplier's region (or an admin) approves or rejects a proposed agreement. */
export async function decideLinkage({
  caller,
  id,
  decision,
  reason,
}: {
  caller: Caller;
  id: string;
  decision: "approve" | "reject";
  reason?: string | null;
}): Promise<DecideResult> {
  if (caller.role !== "official" && caller.role !== "admin") return { ok: false, code: "forbidden" };
  const why = (reason ?? "").trim();
  if (decision === "reject" && why.length === 0) return { ok: false, code: "reason_required" };
  if (Array.from(why).length > MAX_REASON_LENGTH) return { ok: false, code: "reason_required" };
  const status = decision === "approve" ? "approved" : "rejected";
  return db.transaction(async (tx) => {
    const linkage = await linkageInScope(tx, caller, id);
    if (!linkage) return { ok: false, code: "not_found" } as const;
    // The status check is in the update itself: a concurrent decision makes this one match nothing.
    const updated = await tx
      .update(s.linkages)
      .set({
        status,
        rejectionReason: status === "rejected" ? why : null,
        decidedBy: caller.id,
        decidedAt: new Date(),
      })
      .where(and(eq(s.linkages.id, id), eq(s.linkages.status, "proposed")))
      .returning({ id: s.linkages.id });
    if (updated.length === 0) return { ok: false, code: "already_decided" } as const;
    await tx
      .insert(s.linkageEvents)
      .values({ linkageId: id, action: status, reason: why || null, actorId: caller.id });
    await writeAudit(tx, caller, `linkage.${status}`, id, linkage.townId, why ? { reason: why } : {});
    return { ok: true, status } as const;
  });
}

/**
 * Ends an approved agreement: valid_until becomes today (Asia/Shanghai; never earlier than
 * valid_from, never later than an earlier end already set) and the status terminated. Supplier
 * staff of its supplier, an official of its region or an admin. Past ledger entries are untouched.
 */
export async function terminateLinkage({
  caller,
  id,
  reason,
  today = shanghaiDate(new Date()),
}: {
  caller: Caller;
  id: string;
  reason?: string | null;
  today?: string;
}): Promise<TerminateResult> {
  if (!["supplier_staff", "official", "admin"].includes(caller.role)) return { ok: false, code: "forbidden" };
  const why = (reason ?? "").trim().slice(0, MAX_REASON_LENGTH);
  return db.transaction(async (tx) => {
    const linkage = await linkageInScope(tx, caller, id);
    if (!linkage) return { ok: false, code: "not_found" } as const;
    let until = linkage.validUntil && linkage.validUntil < today ? linkage.validUntil : today;
    if (until < linkage.validFrom) until = linkage.validFrom;
    const updated = await tx
      .update(s.linkages)
      .set({ status: "terminated", validUntil: until })
      .where(and(eq(s.linkages.id, id), eq(s.linkages.status, "approved")))
      .returning({ id: s.linkages.id });
    if (updated.length === 0) return { ok: false, code: "not_approved" } as const;
    await tx
      .insert(s.linkageEvents)
      .values({ linkageId: id, action: "terminated", reason: why || null, actorId: caller.id });
    await writeAudit(tx, caller, "linkage.terminated", id, linkage.townId, {
      validUntil: until,
      ...(why ? { reason: why } : {}),
    });
    return { ok: true, validUntil: until } as const;
  });
}

export type LinkageEventRow = { action: string; reason: string | null; actorName: string | null; at: string };

/** The agreement's events, oldest first; null when the caller's scope does not reach it. */
export async function linkageHistory({
  caller,
  id,
}: {
  caller: Caller;
  id: string;
}): Promise<LinkageEventRow[] | null> {
  if (!["supplier_staff", "official", "admin"].includes(caller.role)) return null;
  const linkage = await linkageInScope(db, caller, id);
  if (!linkage) return null;
  const rows = await db
    .select({
      action: s.linkageEvents.action,
      reason: s.linkageEvents.reason,
      actorName: s.users.displayName,
      at: s.linkageEvents.at,
    })
    .from(s.linkageEvents)
    .leftJoin(s.users, eq(s.users.id, s.linkageEvents.actorId))
    .where(eq(s.linkageEvents.linkageId, id))
    .orderBy(asc(s.linkageEvents.at), asc(s.linkageEvents.id));
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}
