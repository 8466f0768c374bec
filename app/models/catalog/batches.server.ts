// Production batches and their public trace codes (issue 21, decision 077). Owns product_batches.
// Supplier staff record a batch of one of their products (harvest or production date, quantity,
// the inspection report or 承诺达标合格证, checked by content) and get a random 10-character code
// with a QR code for labels. At shipment each order line of the part gets the product's latest
// batch recorded by then (assignLatestBatches, called by shipOrderPart in the same transaction);
// a line shipped before any batch was recorded keeps none.
//
// The public trace page (/t/<code>) shows the batch, its origin village and town, the producer,
// the certification in force and the households the producer's sales reached (privacy floor).
// A code that does not exist, or whose producer is suspended, answers exactly like one that never
// existed: one query either way, the same 404.
//
// Scope: staff see and record only their own supplier's batches; another supplier's batch id
// answers "not found".
import { and, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { isCode, normaliseCode, randomCode } from "../../../core/codes";
import { isIsoDate, shanghaiDate } from "~/lib/dates";
import { db, schema as s, type Transaction } from "~/lib/db.server";
import { isUuid } from "~/lib/ids";
import { readUpload, storeDocument } from "~/lib/uploads.server";
import { recordAudit } from "../access/audit.server";
import { supplierIdOf, type Caller } from "../access/scope.server";
import { supplierHouseholdsReached } from "../impact/reach.server";
import { certificationInForceOn } from "./catalog.server";

export const TRACE_CODE_LENGTH = 10;
export const MAX_BATCH_QUANTITY = 1_000_000;
export const MAX_UNIT_LENGTH = 10;

export type BatchError =
  | "forbidden"
  | "product_not_found"
  | "bad_date"
  | "bad_quantity"
  | "bad_unit"
  | "document_missing"
  | "document_too_large"
  | "document_type";

/** The caller's products a batch may be recorded for. */
export async function batchProductOptions({ caller }: { caller: Caller }) {
  const supplierId = supplierIdOf(caller);
  if (!supplierId) return [];
  return db
    .select({ id: s.products.id, name: s.products.name, nameEn: s.products.nameEn })
    .from(s.products)
    .where(eq(s.products.supplierId, supplierId))
    .orderBy(s.products.name);
}

/** Records a batch of one of the caller's products with its inspection document; audited. */
export async function createBatch({
  caller,
  productId,
  producedOn,
  quantity,
  unit,
  document,
  now = new Date(),
}: {
  caller: Caller;
  productId: string;
  producedOn: string;
  quantity: number;
  unit: string;
  document: { bytes: Uint8Array; originalName: string } | null;
  now?: Date;
}): Promise<{ ok: true; id: string; code: string } | { ok: false; code: BatchError }> {
  const supplierId = supplierIdOf(caller);
  if (!supplierId) return { ok: false, code: "forbidden" };
  if (!isUuid(productId)) return { ok: false, code: "product_not_found" };
  const [product] = await db
    .select({ id: s.products.id })
    .from(s.products)
    .where(and(eq(s.products.id, productId), eq(s.products.supplierId, supplierId)));
  if (!product) return { ok: false, code: "product_not_found" };
  if (!isIsoDate(producedOn) || producedOn > shanghaiDate(now) || producedOn < "2000-01-01")
    return { ok: false, code: "bad_date" };
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_BATCH_QUANTITY)
    return { ok: false, code: "bad_quantity" };
  const cleanUnit = unit.trim();
  if (cleanUnit.length === 0 || cleanUnit.length > MAX_UNIT_LENGTH) return { ok: false, code: "bad_unit" };
  if (!document || document.bytes.byteLength === 0) return { ok: false, code: "document_missing" };
  const stored = await storeDocument({ folder: "batches", ...document });
  if (!stored.ok)
    return {
      ok: false,
      code:
        stored.error === "too_large"
          ? "document_too_large"
          : stored.error === "empty"
            ? "document_missing"
            : "document_type",
    };
  // A code already in use (1 in 2^50 per existing batch) is drawn again.
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = randomCode(TRACE_CODE_LENGTH);
    const inserted = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(s.productBatches)
        .values({
          code,
          supplierId,
          productId,
          producedOn,
          quantity,
          unit: cleanUnit,
          documentPath: stored.path,
          documentName: stored.name,
          createdBy: caller.id,
          createdAt: now,
        })
        .onConflictDoNothing({ target: s.productBatches.code })
        .returning({ id: s.productBatches.id });
      if (!row) return null;
      await recordAudit(tx, {
        actor: { id: caller.id, role: caller.role },
        action: "batch.recorded",
        subjectType: "product_batch",
        subjectId: row.id,
        details: { code, productId, producedOn, quantity, unit: cleanUnit },
        at: now,
      });
      return row;
    });
    if (inserted) return { ok: true, id: inserted.id, code };
  }
  throw new Error("createBatch: could not draw a free trace code");
}

/** The caller's batches, newest first. */
export async function listBatches({ caller, limit = 100 }: { caller: Caller; limit?: number }) {
  const supplierId = supplierIdOf(caller);
  if (!supplierId) return [];
  return db
    .select({
      id: s.productBatches.id,
      code: s.productBatches.code,
      productName: s.products.name,
      productNameEn: s.products.nameEn,
      producedOn: s.productBatches.producedOn,
      quantity: s.productBatches.quantity,
      unit: s.productBatches.unit,
      createdAt: s.productBatches.createdAt,
    })
    .from(s.productBatches)
    .innerJoin(s.products, eq(s.products.id, s.productBatches.productId))
    .where(eq(s.productBatches.supplierId, supplierId))
    .orderBy(desc(s.productBatches.createdAt))
    .limit(limit);
}

/** One of the caller's batches (for its label), or null — another supplier's id included. */
export async function getBatch({ caller, id }: { caller: Caller; id: string }) {
  const supplierId = supplierIdOf(caller);
  if (!supplierId || !isUuid(id)) return null;
  const [row] = await db
    .select({
      id: s.productBatches.id,
      code: s.productBatches.code,
      productName: s.products.name,
      productNameEn: s.products.nameEn,
      producedOn: s.productBatches.producedOn,
      quantity: s.productBatches.quantity,
      unit: s.productBatches.unit,
      supplierName: s.suppliers.name,
    })
    .from(s.productBatches)
    .innerJoin(s.products, eq(s.products.id, s.productBatches.productId))
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.productBatches.supplierId))
    .where(and(eq(s.productBatches.id, id), eq(s.productBatches.supplierId, supplierId)));
  return row ?? null;
}

/**
 * Gives each line of the part that has no batch the latest batch of its product recorded by
 * `now` (latest production date, then latest recorded). In the shipping transaction.
 */
export async function assignLatestBatches(tx: Transaction, { partId, now }: { partId: string; now: Date }) {
  const b = s.productBatches;
  await tx
    .update(s.orderLines)
    .set({
      batchId: sql`(select ${b.id} from ${b} where ${b.productId} = ${s.orderLines.productId}
        and ${b.supplierId} = ${s.orderLines.supplierId} and ${b.createdAt} <= ${now.toISOString()}::timestamptz
        order by ${b.producedOn} desc, ${b.createdAt} desc limit 1)`,
    })
    .where(and(eq(s.orderLines.orderPartId, partId), sql`${s.orderLines.batchId} is null`));
}

// ─── public ──────────────────────────────────────────────────────────────────────────────

const village = alias(s.regions, "trace_village");
const town = alias(s.regions, "trace_town");

/** The batch behind a public code (one query, found or not), or null. */
async function batchByCode(input: string) {
  const code = normaliseCode(input.slice(0, 40));
  const [row] = await db
    .select({
      id: s.productBatches.id,
      code: s.productBatches.code,
      supplierId: s.productBatches.supplierId,
      productId: s.productBatches.productId,
      producedOn: s.productBatches.producedOn,
      quantity: s.productBatches.quantity,
      unit: s.productBatches.unit,
      createdAt: s.productBatches.createdAt,
      documentPath: s.productBatches.documentPath,
      documentName: s.productBatches.documentName,
      productName: s.products.name,
      productNameEn: s.products.nameEn,
      supplierName: s.suppliers.name,
      supplierNameEn: s.suppliers.nameEn,
      supplierSlug: s.suppliers.slug,
      supplierKind: s.suppliers.kind,
      villageName: village.name,
      townName: town.name,
    })
    .from(s.productBatches)
    .innerJoin(s.products, eq(s.products.id, s.productBatches.productId))
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.productBatches.supplierId))
    .innerJoin(village, eq(village.id, s.suppliers.villageId))
    .innerJoin(town, eq(town.id, s.suppliers.townId))
    // The same query for any input: a malformed code simply matches nothing.
    .where(
      and(
        eq(s.productBatches.code, isCode(code, TRACE_CODE_LENGTH) ? code : "-"),
        eq(s.suppliers.status, "active"),
      ),
    );
  return row ?? null;
}

/** What /t/<code> shows, or null (unknown code, or the producer suspended). */
export async function publicTrace({ code }: { code: string }) {
  const batch = await batchByCode(code);
  if (!batch) return null;
  const today = sql`(now() at time zone 'Asia/Shanghai')::date`;
  const [certificate] = await db
    .select({
      certificateNo: s.certifications.certificateNo,
      issuer: s.certifications.issuer,
      validUntil: s.certifications.validUntil,
    })
    .from(s.certifications)
    .where(
      and(
        eq(s.certifications.supplierId, batch.supplierId),
        sql`(${s.certifications.productId} = ${batch.productId} or ${s.certifications.subject} = 'supplier')`,
        certificationInForceOn(today),
      ),
    )
    .orderBy(sql`${s.certifications.subject} = 'product' desc`, desc(s.certifications.validUntil))
    .limit(1);
  const { documentPath: _path, supplierId, productId: _p, id: _id, ...shown } = batch;
  return {
    ...shown,
    certificate: certificate ?? null,
    householdsReached: await supplierHouseholdsReached(supplierId),
  };
}

/** The inspection document behind a public code, or null like publicTrace. */
export async function traceDocument({ code }: { code: string }) {
  const batch = await batchByCode(code);
  if (!batch) return null;
  const file = await readUpload(batch.documentPath);
  return file ? { ...file, name: batch.documentName } : null;
}
