// Price and quality supervision (issue 18 "Run the platform"). This file owns `reference_prices`
// and `product_reports`.
// - The reference price (参考价) of a category and a specification is the one an official set, else
//   the median of the active variants of that category and spec on the platform (products on sale
//   of active suppliers), once at least MIN_COMPARABLE of them exist (decision 097).
// - A variant priced more than the threshold (region setting, default 30 %) above its reference is
//   flagged: to its supplier on their product list, and to officials.
// - Anyone may report a price or quality problem of a product (with an optional photo, checked by
//   its bytes); officials see the reports of their region; the district dismisses a report or warns
//   or suspends the supplier through onboarding/standing.server.ts — each report decided once.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { db, schema as s } from "~/lib/db.server";
import { UUID } from "~/lib/ids";
import { sniffDocumentType, storeDocument } from "~/lib/uploads.server";
import { recordAudit } from "../access/audit.server";
import { scopeOf, supplierFilter, supplierTown, type Caller } from "../access/scope.server";
import { changeStanding } from "../onboarding/standing.server";
import { setDistrictSettings, settingsFor } from "./enrolment.server";
import {
  isPriceFlagged,
  MAX_PHOTO_BYTES,
  MAX_REPORT_TEXT,
  medianFen,
  REPORT_ACTIONS,
  REPORT_KINDS,
  specKey,
  type ReportKind,
} from "./governance-rules";

/** Fewer comparable variants than this give no median reference (one seller is no market). */
export const MIN_COMPARABLE = 3;

type VariantRow = {
  variantId: string;
  productId: string;
  productName: string;
  productSlug: string;
  supplierId: string;
  supplierName: string;
  categoryId: number;
  categoryName: string;
  spec: string;
  priceFen: number;
};

/** Active variants of products on sale of active suppliers (the market the median is taken over). */
async function marketVariants(): Promise<VariantRow[]> {
  return db
    .select({
      variantId: s.productVariants.id,
      productId: s.products.id,
      productName: s.products.name,
      productSlug: s.products.slug,
      supplierId: s.suppliers.id,
      supplierName: s.suppliers.name,
      categoryId: s.products.categoryId,
      categoryName: s.categories.name,
      spec: s.productVariants.spec,
      priceFen: s.productVariants.priceFen,
    })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.products.supplierId))
    .innerJoin(s.categories, eq(s.categories.id, s.products.categoryId))
    .where(
      and(
        eq(s.productVariants.active, true),
        eq(s.products.status, "active"),
        eq(s.suppliers.status, "active"),
      ),
    );
}

export type Reference = {
  categoryId: number;
  specKey: string;
  priceFen: number;
  source: "official" | "median";
  comparable: number;
};

const keyOf = (categoryId: number, spec: string) => `${categoryId}|${specKey(spec)}`;

/** Every reference price: officials' first, else the median of ≥ MIN_COMPARABLE variants. */
async function references(variants: VariantRow[]): Promise<Map<string, Reference>> {
  const groups = new Map<string, number[]>();
  for (const v of variants) {
    const key = keyOf(v.categoryId, v.spec);
    groups.set(key, [...(groups.get(key) ?? []), v.priceFen]);
  }
  const out = new Map<string, Reference>();
  for (const [key, prices] of groups) {
    if (prices.length < MIN_COMPARABLE) continue;
    const [categoryId, sk] = [Number(key.split("|")[0]), key.slice(key.indexOf("|") + 1)];
    out.set(key, {
      categoryId,
      specKey: sk,
      priceFen: medianFen(prices)!,
      source: "median",
      comparable: prices.length,
    });
  }
  const set = await db.select().from(s.referencePrices);
  for (const r of set) {
    const key = `${r.categoryId}|${r.specKey}`;
    out.set(key, {
      categoryId: r.categoryId,
      specKey: r.specKey,
      priceFen: r.priceFen,
      source: "official",
      comparable: groups.get(key)?.length ?? 0,
    });
  }
  return out;
}

export type Flag = VariantRow & { referenceFen: number; source: "official" | "median"; overBp: number };

async function flags(
  variants: VariantRow[],
): Promise<{ flags: Flag[]; thresholdBp: number; refs: Map<string, Reference> }> {
  const refs = await references(variants);
  const { priceFlagThresholdBp } = await settingsFor(db, null);
  const out: Flag[] = [];
  for (const v of variants) {
    const ref = refs.get(keyOf(v.categoryId, v.spec));
    if (!ref || !isPriceFlagged(v.priceFen, ref.priceFen, priceFlagThresholdBp)) continue;
    out.push({
      ...v,
      referenceFen: ref.priceFen,
      source: ref.source,
      overBp: Math.floor(((v.priceFen - ref.priceFen) * 10000) / ref.priceFen),
    });
  }
  out.sort((a, b) => b.overBp - a.overBp || a.productName.localeCompare(b.productName, "zh-CN"));
  return { flags: out, thresholdBp: priceFlagThresholdBp, refs };
}

/** Supplier staff: their own flagged variants (for their product list). */
export async function priceFlagsForSupplier({ caller }: { caller: Caller }) {
  if (caller.role !== "supplier_staff" || !caller.supplierId) return [];
  const all = await marketVariants();
  const { flags: list } = await flags(all);
  return list.filter((f) => f.supplierId === caller.supplierId);
}

/** Officials: the flagged variants of suppliers in their scope, the threshold and the references. */
export async function priceSupervision({ caller }: { caller: Caller }) {
  const scope = await scopeOf(caller);
  if (scope.kind !== "platform" && scope.kind !== "region") return null;
  const inScope = new Set(
    (
      await db
        .select({ id: s.suppliers.id })
        .from(s.suppliers)
        .innerJoin(supplierTown, eq(supplierTown.id, s.suppliers.townId))
        .where(supplierFilter(scope))
    ).map((r) => r.id),
  );
  const all = await marketVariants();
  const { flags: list, thresholdBp, refs } = await flags(all);
  const categories = await db
    .select({ id: s.categories.id, name: s.categories.name })
    .from(s.categories)
    .orderBy(asc(s.categories.sortOrder), asc(s.categories.id));
  const nameOf = new Map(categories.map((c) => [c.id, c.name]));
  const refList = [...refs.values()]
    .map((r) => ({ ...r, categoryName: nameOf.get(r.categoryId) ?? "" }))
    .sort(
      (a, b) => a.categoryName.localeCompare(b.categoryName, "zh-CN") || a.specKey.localeCompare(b.specKey),
    );
  return {
    thresholdBp,
    canDecide: scope.kind === "platform" || scope.level === "district",
    flags: list.filter((f) => inScope.has(f.supplierId)),
    references: refList,
    categories,
  };
}

/** The district (or an admin) sets a category × spec reference price, or clears it (priceFen null). */
export async function setReferencePrice({
  caller,
  categoryId,
  spec,
  priceFen,
}: {
  caller: Caller;
  categoryId: number;
  spec: string;
  priceFen: number | null;
}) {
  const scope = await scopeOf(caller);
  if (!(scope.kind === "platform" || (scope.kind === "region" && scope.level === "district")))
    return { ok: false as const, code: "forbidden" as const };
  const key = specKey(spec ?? "");
  if (!key || key.length > 60) return { ok: false as const, code: "invalid_spec" as const };
  if (priceFen !== null && (!Number.isSafeInteger(priceFen) || priceFen <= 0 || priceFen > 100_000_000))
    return { ok: false as const, code: "invalid_price" as const };
  if (!Number.isSafeInteger(categoryId)) return { ok: false as const, code: "invalid_category" as const };
  const [category] = await db
    .select({ id: s.categories.id })
    .from(s.categories)
    .where(eq(s.categories.id, categoryId));
  if (!category) return { ok: false as const, code: "invalid_category" as const };
  return db.transaction(async (tx) => {
    if (priceFen === null) {
      await tx
        .delete(s.referencePrices)
        .where(and(eq(s.referencePrices.categoryId, categoryId), eq(s.referencePrices.specKey, key)));
    } else {
      await tx
        .insert(s.referencePrices)
        .values({ categoryId, specKey: key, priceFen, setBy: caller.id })
        .onConflictDoUpdate({
          target: [s.referencePrices.categoryId, s.referencePrices.specKey],
          set: { priceFen, setBy: caller.id, setAt: new Date() },
        });
    }
    await recordAudit(tx, {
      actor: caller,
      action: priceFen === null ? "reference_price.cleared" : "reference_price.set",
      subjectType: "category",
      subjectId: String(categoryId),
      details: { specKey: key, priceFen },
    });
    return { ok: true as const };
  });
}

// ─── reports ─────────────────────────────────────────────────────────────────────────────

/** The product a report form is about (on sale, by slug), or null. */
export async function reportableProduct(slug: string) {
  if (!slug || slug.length > 200) return null;
  const [product] = await db
    .select({ id: s.products.id, name: s.products.name, nameEn: s.products.nameEn, slug: s.products.slug })
    .from(s.products)
    .where(and(eq(s.products.slug, slug), eq(s.products.status, "active")));
  return product ?? null;
}

export type ReportError =
  "not_found" | "invalid_kind" | "invalid_message" | "photo_unsupported" | "photo_too_large";

/** Records a report (reporter may be a visitor: null). The route applies the rate limit first. */
export async function submitProductReport({
  caller,
  slug,
  kind,
  message,
  photo,
  now = new Date(),
}: {
  caller: Caller | null;
  slug: string;
  kind: string;
  message: string;
  photo?: { bytes: Uint8Array; originalName: string } | null;
  now?: Date;
}): Promise<{ ok: true; id: string } | { ok: false; code: ReportError }> {
  const product = await reportableProduct(slug);
  if (!product) return { ok: false, code: "not_found" };
  if (!(REPORT_KINDS as readonly string[]).includes(kind)) return { ok: false, code: "invalid_kind" };
  const text = (message ?? "").trim();
  if (text.length < 5 || text.length > MAX_REPORT_TEXT) return { ok: false, code: "invalid_message" };
  let photoPath: string | null = null;
  if (photo && photo.bytes.byteLength > 0) {
    if (photo.bytes.byteLength > MAX_PHOTO_BYTES) return { ok: false, code: "photo_too_large" };
    const type = sniffDocumentType(photo.bytes);
    // A photo: JPEG, PNG or WebP by its bytes, whatever its name says.
    if (type !== "jpg" && type !== "png" && type !== "webp") return { ok: false, code: "photo_unsupported" };
    const stored = await storeDocument({
      folder: "reports",
      bytes: photo.bytes,
      originalName: photo.originalName,
    });
    if (!stored.ok)
      return { ok: false, code: stored.error === "too_large" ? "photo_too_large" : "photo_unsupported" };
    photoPath = stored.path;
  }
  const [p] = await db
    .select({ supplierId: s.products.supplierId })
    .from(s.products)
    .where(eq(s.products.id, product.id));
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(s.productReports)
      .values({
        productId: product.id,
        supplierId: p.supplierId,
        reporterId: caller?.id ?? null,
        kind: kind as ReportKind,
        message: text,
        photoPath,
        createdAt: now,
      })
      .returning({ id: s.productReports.id });
    await recordAudit(tx, {
      actor: caller,
      action: "product_report.submitted",
      subjectType: "product_report",
      subjectId: row.id,
      details: { productId: product.id, kind },
      at: now,
    });
    return { ok: true as const, id: row.id };
  });
}

/** Officials: the reports about suppliers in their scope, open ones first. No reporter's identity. */
export async function listProductReports({ caller }: { caller: Caller }) {
  const scope = await scopeOf(caller);
  if (scope.kind !== "platform" && scope.kind !== "region") return null;
  const rows = await db
    .select({
      id: s.productReports.id,
      kind: s.productReports.kind,
      message: s.productReports.message,
      hasPhoto: sql<boolean>`${s.productReports.photoPath} is not null`,
      status: s.productReports.status,
      decisionNote: s.productReports.decisionNote,
      createdAt: s.productReports.createdAt,
      productName: s.products.name,
      productSlug: s.products.slug,
      supplierId: s.suppliers.id,
      supplierName: s.suppliers.name,
      supplierStatus: s.suppliers.status,
    })
    .from(s.productReports)
    .innerJoin(s.products, eq(s.products.id, s.productReports.productId))
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.productReports.supplierId))
    .innerJoin(supplierTown, eq(supplierTown.id, s.suppliers.townId))
    .where(supplierFilter(scope))
    .orderBy(sql`${s.productReports.status} <> 'open'`, desc(s.productReports.createdAt))
    .limit(300);
  return rows.map((r) => ({ ...r, hasPhoto: Boolean(r.hasPhoto), createdAt: r.createdAt.toISOString() }));
}

/** The stored photo of a report in the official's scope, or null. */
export async function reportPhotoPath({ caller, id }: { caller: Caller; id: string }) {
  if (!UUID.test(id)) return null;
  const scope = await scopeOf(caller);
  if (scope.kind !== "platform" && scope.kind !== "region") return null;
  const [row] = await db
    .select({ path: s.productReports.photoPath })
    .from(s.productReports)
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.productReports.supplierId))
    .innerJoin(supplierTown, eq(supplierTown.id, s.suppliers.townId))
    .where(and(eq(s.productReports.id, id), supplierFilter(scope)));
  return row?.path ?? null;
}

export type DecideReportError =
  "forbidden" | "not_found" | "already_decided" | "reason_required" | "wrong_status";

/**
 * The district decides an open report: dismiss it, or warn or suspend its supplier (standing.server.ts,
 * which audits the standing change). The report is claimed first with a conditional update, so a
 * report is decided once; when the standing change is refused the claim is undone.
 */
export async function decideProductReport({
  caller,
  id,
  action,
  note,
  now = new Date(),
}: {
  caller: Caller;
  id: string;
  action: string;
  note: string;
  now?: Date;
}): Promise<{ ok: true } | { ok: false; code: DecideReportError }> {
  const scope = await scopeOf(caller);
  if (!(scope.kind === "platform" || (scope.kind === "region" && scope.level === "district")))
    return { ok: false, code: "forbidden" };
  if (!UUID.test(id) || !(REPORT_ACTIONS as readonly string[]).includes(action))
    return { ok: false, code: "not_found" };
  const text = (note ?? "").trim().slice(0, MAX_REPORT_TEXT);
  if (!text) return { ok: false, code: "reason_required" };
  const status = action === "dismiss" ? "dismissed" : action === "warn" ? "warned" : "suspended";
  const claimed = await db.transaction(async (tx) => {
    // A suspension needs an active supplier (standing.server.ts's rule): refused before the claim.
    if (action === "suspend") {
      const [target] = await tx
        .select({ status: s.suppliers.status })
        .from(s.productReports)
        .innerJoin(s.suppliers, eq(s.suppliers.id, s.productReports.supplierId))
        .where(eq(s.productReports.id, id));
      if (target && target.status !== "active") return "wrong_status" as const;
    }
    const [row] = await tx
      .update(s.productReports)
      .set({ status, decisionNote: text, decidedBy: caller.id, decidedAt: now })
      .where(and(eq(s.productReports.id, id), eq(s.productReports.status, "open")))
      .returning({ id: s.productReports.id, supplierId: s.productReports.supplierId });
    if (!row) return null;
    await recordAudit(tx, {
      actor: caller,
      action: `product_report.${status}`,
      subjectType: "product_report",
      subjectId: id,
      details: { note: text },
      at: now,
    });
    return row;
  });
  if (claimed === "wrong_status") return { ok: false, code: "wrong_status" };
  if (!claimed) {
    const [exists] = await db
      .select({ id: s.productReports.id })
      .from(s.productReports)
      .where(eq(s.productReports.id, id));
    return { ok: false, code: exists ? "already_decided" : "not_found" };
  }
  if (action === "dismiss") return { ok: true };
  const standing = await changeStanding({
    caller,
    supplierId: claimed.supplierId,
    action: action === "warn" ? "warned" : "suspended",
    reason: text,
    now,
  });
  if (standing.ok) return { ok: true };
  // The supplier changed meanwhile: the report is open again, and the log says so.
  await db.transaction(async (tx) => {
    await tx
      .update(s.productReports)
      .set({ status: "open", decisionNote: null, decidedBy: null, decidedAt: null })
      .where(and(eq(s.productReports.id, id), eq(s.productReports.status, status)));
    await recordAudit(tx, {
      actor: caller,
      action: "product_report.reopened",
      subjectType: "product_report",
      subjectId: id,
      details: { refused: standing.code },
      at: now,
    });
  });
  return { ok: false, code: standing.code === "wrong_status" ? "wrong_status" : "forbidden" };
}

/** Reports of one of these ids (tests). */
export async function reportStatuses(ids: string[]) {
  if (!ids.length) return [];
  return db
    .select({ id: s.productReports.id, status: s.productReports.status })
    .from(s.productReports)
    .where(inArray(s.productReports.id, ids));
}

/** The officials' price page: supervision plus the reserved-share ratio shown beside the threshold. */
export async function priceSupervisionPage({ caller }: { caller: Caller }) {
  const view = await priceSupervision({ caller });
  if (!view) return null;
  const { reserveRatioBp } = await settingsFor(db, null);
  return { ...view, reserveRatioBp };
}

/** One entry for the price page's two forms: a reference price, or the district's settings. */
export async function governanceSettingsChange({
  caller,
  change,
}: {
  caller: Caller;
  change:
    | { kind: "reference"; categoryId: number; spec: string; priceFen: number | null }
    | { kind: "settings"; reserveRatioBp: number; priceFlagThresholdBp: number };
}) {
  if (change.kind === "reference") return setReferencePrice({ caller, ...change });
  return setDistrictSettings({ caller, ...change });
}

/** The officials' reports page: the reports and whether the caller may decide them. */
export async function listProductReportsPage({ caller }: { caller: Caller }) {
  const reports = (await listProductReports({ caller })) ?? [];
  const scope = await scopeOf(caller);
  return {
    reports,
    canDecide: scope.kind === "platform" || (scope.kind === "region" && scope.level === "district"),
  };
}
