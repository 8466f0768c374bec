// The supplier's own catalogue (issue 6): products, variants, stock and images, for supplier staff.
// Writes to `products`, `product_variants` and `product_images` (read by catalog.server.ts).
//
// Scope: every function takes the caller and touches only rows of caller.supplierId, in SQL. A
// product, variant or image of another supplier answers exactly like a missing one ("not_found"),
// so ids cannot be probed. Anyone but supplier staff with a supplier sees nothing.
//
// A product starts as a draft; publishing makes it active (it needs an active variant). The slug
// is made once from the Chinese name (pinyin) and never changes, so links keep working. The
// search text is rebuilt on every edit the same way the seed builds it, so the store's search
// (Chinese, pinyin, initials) and filters find the product.
//
// A change of name or price of a product whose certification is in force (certificationInForceOn)
// writes `product.certified_change` to the audit log in the same transaction, for the certifying
// official (details: productId, before, after).
import { randomUUID } from "node:crypto";
import { and, asc, count, eq, inArray, like, max, or, sql } from "drizzle-orm";
import { pinyin } from "pinyin-pro";
import { db, schema as s, type Executor } from "~/lib/db.server";
import { buildSearchText } from "../../../core/pinyin";
import { deleteUpload, storeProductImage } from "~/lib/uploads.server";
import { recordAudit } from "../access/audit.server";
import { certificationInForceOn, forgetCatalogFigures } from "./catalog.server";
import { supplierIdOf, type Caller } from "../access/scope.server";
import { priceFlagsForSupplier } from "../governance/prices.server";
import { UUID } from "~/lib/ids";

export type ProductStatus = (typeof s.productStatus.enumValues)[number];

export const CERTIFIED_CHANGE_ACTION = "product.certified_change";
export const MAX_VARIANTS = 20;
export const MAX_IMAGES = 8;
export const MAX_STOCK = 9_999_999;
export const MAX_PRICE_FEN = 100_000_000; // ¥1,000,000, as the catalogue's price filter

const shanghaiToday = sql`(now() at time zone 'Asia/Shanghai')::date`;

// ─── pure helpers (tested directly) ──────────────────────────────────────────────────────

/** "8.5" (percent) → 850 basis points; null if malformed or above 100 %. */
export function percentToBp(text: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return bp <= 10000 ? bp : null;
}

/** A stock count typed by a person: a whole number from 0 to MAX_STOCK, or null. */
export function parseStock(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,7}$/.test(t)) return null;
  return Number(t);
}

/** The URL slug for a Chinese product name: 下庄红富士苹果 → xia-zhuang-hong-fu-shi-ping-guo. */
export function slugFromName(name: string): string {
  const tokens = pinyin(name.normalize("NFKC"), {
    toneType: "none",
    type: "array",
    nonZh: "consecutive",
    v: true,
  });
  const slug = tokens
    .join("-")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug || "product";
}

// ─── reads ───────────────────────────────────────────────────────────────────────────────

/**
 * A product certification in force today for the outer query's product (the rule the store shows
 * and checkout snapshots). The outer column is written qualified: drizzle leaves columns of a
 * single-table query unqualified, and inside this subquery "id" would mean certifications.id.
 */
function productCertifiedNow() {
  return sql<boolean>`exists (select 1 from ${s.certifications} where ${s.certifications.productId} = "products"."id"
    and ${s.certifications.subject} = 'product' and ${certificationInForceOn(shanghaiToday)})`;
}

/** The caller's own supplier, for the portal's header (so staff always see whose portal this is). */
export async function getOwnSupplier({ caller }: { caller: Caller }) {
  const supplierId = supplierIdOf(caller);
  if (!supplierId) return null;
  const [row] = await db
    .select({
      name: s.suppliers.name,
      nameEn: s.suppliers.nameEn,
      slug: s.suppliers.slug,
      kind: s.suppliers.kind,
    })
    .from(s.suppliers)
    .where(eq(s.suppliers.id, supplierId));
  return row ?? null;
}

export type SupplierProductRow = Awaited<ReturnType<typeof listSupplierProducts>>[number];

/**
 * The supplier's product list page: its products and the variants priced more than the
 * governance threshold above their reference price (so staff see the flag where they set prices).
 */
export async function supplierProductsOverview({
  caller,
  status,
}: {
  caller: Caller;
  status: ProductStatus | null;
}) {
  const products = await listSupplierProducts({ caller, status });
  const flags = (await priceFlagsForSupplier({ caller })).map((f) => ({
    productId: f.productId,
    spec: f.spec,
    referenceFen: f.referenceFen,
    overBp: f.overBp,
  }));
  return { products, flags };
}

/** The caller's products, newest first, with price range, stock, first image and certification. */
export async function listSupplierProducts({
  caller,
  status,
}: {
  caller: Caller;
  status?: ProductStatus | null;
}) {
  const supplierId = supplierIdOf(caller);
  if (!supplierId) return [];
  const v = s.productVariants;
  const rows = await db
    .select({
      id: s.products.id,
      slug: s.products.slug,
      name: s.products.name,
      status: s.products.status,
      categoryName: s.categories.name,
      categoryNameEn: s.categories.nameEn,
      variantCount:
        sql<number>`(select count(*) from ${v} where ${v.productId} = ${s.products.id} and ${v.active})`.mapWith(
          Number,
        ),
      minPriceFen: sql<
        number | null
      >`(select min(${v.priceFen}) from ${v} where ${v.productId} = ${s.products.id} and ${v.active})`.mapWith(
        Number,
      ),
      maxPriceFen: sql<
        number | null
      >`(select max(${v.priceFen}) from ${v} where ${v.productId} = ${s.products.id} and ${v.active})`.mapWith(
        Number,
      ),
      stock:
        sql<number>`(select coalesce(sum(${v.stock}), 0) from ${v} where ${v.productId} = ${s.products.id} and ${v.active})`.mapWith(
          Number,
        ),
      image: sql<string | null>`(select ${s.productImages.path} from ${s.productImages}
        where ${s.productImages.productId} = ${s.products.id} order by ${s.productImages.sortOrder} limit 1)`,
      certified: productCertifiedNow(),
      updatedAt: s.products.updatedAt,
    })
    .from(s.products)
    .innerJoin(s.categories, eq(s.categories.id, s.products.categoryId))
    .where(and(eq(s.products.supplierId, supplierId), status ? eq(s.products.status, status) : undefined))
    .orderBy(sql`${s.products.createdAt} desc`, asc(s.products.slug));
  return rows.map((r) => ({
    ...r,
    certified: Boolean(r.certified),
    minPriceFen: r.minPriceFen || null,
    maxPriceFen: r.maxPriceFen || null,
  }));
}

/** What the product form offers: every category (leaves under their parent) and the villages of the supplier's town. */
export async function productFormOptions({ caller }: { caller: Caller }) {
  const supplierId = supplierIdOf(caller);
  if (!supplierId) return null;
  const [supplier] = await db
    .select({
      townId: s.suppliers.townId,
      benefitRateBp: s.suppliers.benefitRateBp,
      villageId: s.suppliers.villageId,
    })
    .from(s.suppliers)
    .where(eq(s.suppliers.id, supplierId));
  if (!supplier) return null;
  const [categories, villages] = await Promise.all([
    db
      .select({
        id: s.categories.id,
        name: s.categories.name,
        nameEn: s.categories.nameEn,
        parentId: s.categories.parentId,
      })
      .from(s.categories)
      .orderBy(asc(s.categories.sortOrder), asc(s.categories.id)),
    db
      .select({ id: s.regions.id, name: s.regions.name, nameEn: s.regions.nameEn })
      .from(s.regions)
      .where(and(eq(s.regions.parentId, supplier.townId), eq(s.regions.level, "village")))
      .orderBy(asc(s.regions.code)),
  ]);
  const tops = categories.filter((c) => c.parentId === null);
  const categoryGroups = tops.map((top) => ({
    id: top.id,
    name: top.name,
    nameEn: top.nameEn,
    children: categories
      .filter((c) => c.parentId === top.id)
      .map(({ id, name, nameEn }) => ({ id, name, nameEn })),
  }));
  return {
    categoryGroups,
    villages,
    supplierRateBp: supplier.benefitRateBp,
    defaultVillageId: supplier.villageId,
  };
}

/** One of the caller's products with every variant (inactive ones too) and its images; null otherwise. */
export async function getSupplierProduct({ caller, productId }: { caller: Caller; productId: string }) {
  const supplierId = supplierIdOf(caller);
  if (!supplierId || !UUID.test(productId)) return null;
  const [product] = await db
    .select({
      id: s.products.id,
      slug: s.products.slug,
      name: s.products.name,
      nameEn: s.products.nameEn,
      subtitle: s.products.subtitle,
      description: s.products.description,
      subtitleEn: s.products.subtitleEn,
      descriptionEn: s.products.descriptionEn,
      categoryId: s.products.categoryId,
      originVillageId: s.products.originVillageId,
      benefitRateBp: s.products.benefitRateBp,
      seasonMonths: s.products.seasonMonths,
      traceCode: s.products.traceCode,
      status: s.products.status,
      certified: productCertifiedNow(),
      updatedAt: s.products.updatedAt,
    })
    .from(s.products)
    .where(and(eq(s.products.id, productId), eq(s.products.supplierId, supplierId)));
  if (!product) return null;
  const [variants, images] = await Promise.all([
    db
      .select({
        id: s.productVariants.id,
        sku: s.productVariants.sku,
        spec: s.productVariants.spec,
        specEn: s.productVariants.specEn,
        priceFen: s.productVariants.priceFen,
        stock: s.productVariants.stock,
        active: s.productVariants.active,
      })
      .from(s.productVariants)
      .where(eq(s.productVariants.productId, product.id))
      .orderBy(asc(s.productVariants.sortOrder), asc(s.productVariants.sku)),
    db
      .select({
        id: s.productImages.id,
        path: s.productImages.path,
        alt: s.productImages.alt,
        width: s.productImages.width,
        height: s.productImages.height,
      })
      .from(s.productImages)
      .where(eq(s.productImages.productId, product.id))
      .orderBy(asc(s.productImages.sortOrder), asc(s.productImages.id)),
  ]);
  return {
    ...product,
    certified: Boolean(product.certified),
    seasonMonths: [...product.seasonMonths].sort((a, b) => a - b),
    variants,
    images,
  };
}

/** Every variant of the caller's products, for the bulk stock page. */
export async function listStockRows({ caller }: { caller: Caller }) {
  const supplierId = supplierIdOf(caller);
  if (!supplierId) return [];
  return db
    .select({
      variantId: s.productVariants.id,
      sku: s.productVariants.sku,
      spec: s.productVariants.spec,
      stock: s.productVariants.stock,
      active: s.productVariants.active,
      productId: s.products.id,
      productName: s.products.name,
      productStatus: s.products.status,
    })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .where(eq(s.products.supplierId, supplierId))
    .orderBy(
      asc(s.products.name),
      asc(s.products.id),
      asc(s.productVariants.sortOrder),
      asc(s.productVariants.sku),
    );
}

// ─── writes ──────────────────────────────────────────────────────────────────────────────

export type ProductInput = {
  name: string;
  nameEn?: string | null;
  subtitle?: string;
  description?: string;
  /** Optional English texts shown on English pages (issue 17). */
  subtitleEn?: string | null;
  descriptionEn?: string | null;
  categoryId: number;
  originVillageId: number;
  /** Overrides the supplier's benefit rate; null: the supplier's rate. */
  benefitRateBp?: number | null;
  seasonMonths?: number[];
  traceCode?: string | null;
};

export type VariantInput = { spec: string; specEn?: string | null; priceFen: number; stock: number };

export type CatalogError =
  | "not_found"
  | "invalid_category"
  | "invalid_village"
  | "invalid_rate"
  | "invalid_price"
  | "invalid_stock"
  | "invalid_spec"
  | "no_variants"
  | "too_many_variants"
  | "too_many_images"
  | "no_active_variant"
  | "image_empty"
  | "image_too_large"
  | "image_not_image";

export type CatalogResult<T = object> =
  ({ ok: true } & T) | { ok: false; code: CatalogError; field?: string };

function fail(code: CatalogError, field?: string): { ok: false; code: CatalogError; field?: string } {
  return { ok: false, code, field };
}

function validVariant(v: VariantInput, field: string) {
  if (!v.spec.trim() || v.spec.length > 60) return fail("invalid_spec", `${field}.spec`);
  if (!Number.isSafeInteger(v.priceFen) || v.priceFen <= 0 || v.priceFen > MAX_PRICE_FEN)
    return fail("invalid_price", `${field}.price`);
  if (!Number.isSafeInteger(v.stock) || v.stock < 0 || v.stock > MAX_STOCK)
    return fail("invalid_stock", `${field}.stock`);
  return null;
}

/**
 * The category and origin village checked against the caller's supplier (the village must be in
 * the supplier's town), and the search text the store's search reads.
 */
async function checkedProductFields(ex: Executor, supplierId: string, input: ProductInput) {
  if (
    input.benefitRateBp != null &&
    (!Number.isInteger(input.benefitRateBp) || input.benefitRateBp < 0 || input.benefitRateBp > 10000)
  ) {
    return fail("invalid_rate", "benefitRate");
  }
  const [supplier] = await ex
    .select({ name: s.suppliers.name, townId: s.suppliers.townId })
    .from(s.suppliers)
    .where(eq(s.suppliers.id, supplierId));
  const [category] = await ex
    .select({ id: s.categories.id, name: s.categories.name, parentId: s.categories.parentId })
    .from(s.categories)
    .where(eq(s.categories.id, input.categoryId));
  if (!category) return fail("invalid_category", "categoryId");
  const [village] = await ex
    .select({ id: s.regions.id, name: s.regions.name })
    .from(s.regions)
    .where(
      and(
        eq(s.regions.id, input.originVillageId),
        eq(s.regions.level, "village"),
        eq(s.regions.parentId, supplier.townId),
      ),
    );
  if (!village) return fail("invalid_village", "originVillageId");
  const [parent] = category.parentId
    ? await ex
        .select({ name: s.categories.name })
        .from(s.categories)
        .where(eq(s.categories.id, category.parentId))
    : [];
  // The same parts, in the same order, as the seed: name first so a hit in the name ranks first.
  const searchText = buildSearchText([
    input.name,
    input.nameEn ?? "",
    supplier.name,
    village.name,
    ...(parent ? [parent.name] : []),
    category.name,
  ]);
  return { ok: true as const, searchText };
}

const productColumns = (input: ProductInput) => ({
  name: input.name.trim(),
  nameEn: input.nameEn?.trim() || null,
  subtitle: input.subtitle?.trim() ?? "",
  description: input.description?.trim() ?? "",
  subtitleEn: input.subtitleEn?.trim() || null,
  descriptionEn: input.descriptionEn?.trim() || null,
  categoryId: input.categoryId,
  originVillageId: input.originVillageId,
  benefitRateBp: input.benefitRateBp ?? null,
  seasonMonths: [
    ...new Set((input.seasonMonths ?? []).filter((m) => Number.isInteger(m) && m >= 1 && m <= 12)),
  ].sort((a, b) => a - b),
  traceCode: input.traceCode?.trim() || null,
});

/** A free slug: the name's pinyin, then -2, -3… (the slug column is unique over all suppliers). */
async function freeSlug(ex: Executor, name: string): Promise<string> {
  const base = slugFromName(name);
  const taken = new Set(
    (
      await ex
        .select({ slug: s.products.slug })
        .from(s.products)
        .where(like(s.products.slug, `${base}%`))
    ).map((r) => r.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; n < 1000; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  return `${base}-${randomUUID().slice(0, 8)}`;
}

/**
 * A new draft product with its variants and, optionally, a first image (checked and stored
 * before anything is written; a refused image writes nothing).
 */
export async function createProduct({
  caller,
  input,
  variants,
  image,
}: {
  caller: Caller;
  input: ProductInput;
  variants: VariantInput[];
  image?: { bytes: Uint8Array; alt?: string } | null;
}): Promise<CatalogResult<{ id: string; slug: string }>> {
  const supplierId = supplierIdOf(caller);
  if (!supplierId) return fail("not_found");
  if (variants.length === 0) return fail("no_variants", "variants");
  if (variants.length > MAX_VARIANTS) return fail("too_many_variants", "variants");
  for (const [i, v] of variants.entries()) {
    const bad = validVariant(v, `variants.${i}`);
    if (bad) return bad;
  }
  const checked = await checkedProductFields(db, supplierId, input);
  if (!checked.ok) return checked;
  const productId = randomUUID();
  let stored: { url: string; width: number; height: number } | null = null;
  if (image) {
    const result = await storeProductImage({ supplierId, productId, bytes: image.bytes });
    if (!result.ok) return fail(`image_${result.error}`, "image");
    stored = result;
  }
  return db.transaction(async (tx) => {
    const slug = await freeSlug(tx, input.name);
    await tx.insert(s.products).values({
      id: productId,
      slug,
      supplierId,
      status: "draft",
      searchText: checked.searchText,
      ...productColumns(input),
    });
    await tx.insert(s.productVariants).values(
      variants.map((v, i) => ({
        productId,
        sku: `${slug}-${i + 1}`,
        spec: v.spec.trim(),
        specEn: v.specEn?.trim() || null,
        priceFen: v.priceFen,
        stock: v.stock,
        sortOrder: i,
      })),
    );
    if (stored) {
      await tx.insert(s.productImages).values({
        productId,
        path: stored.url,
        alt: image?.alt?.trim() || input.name.trim(),
        width: stored.width,
        height: stored.height,
        sortOrder: 0,
      });
    }
    return { ok: true as const, id: productId, slug };
  });
}

/** The caller's product row, locked for the change that follows; null when not theirs. */
async function lockOwnProduct(tx: Executor, supplierId: string, productId: string) {
  if (!UUID.test(productId)) return null;
  const [row] = await tx
    .select({
      id: s.products.id,
      name: s.products.name,
      status: s.products.status,
      townId: s.suppliers.townId,
    })
    .from(s.products)
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.products.supplierId))
    .where(and(eq(s.products.id, productId), eq(s.products.supplierId, supplierId)))
    .for("update", { of: s.products });
  return row ?? null;
}

/**
 * When the product is certified today, records the change (before/after) in the audit log, in the
 * editing transaction: officials review such changes in their certification queue.
 */
async function auditCertifiedChange(
  tx: Executor,
  caller: Caller,
  product: { id: string; townId: number },
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Promise<void> {
  const [certified] = await tx
    .select({ one: sql`1` })
    .from(s.certifications)
    .where(
      and(
        eq(s.certifications.productId, product.id),
        eq(s.certifications.subject, "product"),
        certificationInForceOn(shanghaiToday),
      ),
    )
    .limit(1);
  if (!certified) return;
  await recordAudit(tx, {
    actor: { id: caller.id, role: caller.role },
    action: CERTIFIED_CHANGE_ACTION,
    subjectType: "product",
    subjectId: product.id,
    regionId: product.townId,
    details: { productId: product.id, before, after },
  });
}

/** What a successful change of a product on sale means for the store's remembered figures. */
function afterCatalogChange<T extends { ok: boolean }>(result: T): T {
  if (result.ok) forgetCatalogFigures();
  return result;
}

/** Edits a product's fields (not its slug). A name change of a certified product is audited. */
export async function updateProduct({
  caller,
  productId,
  input,
}: {
  caller: Caller;
  productId: string;
  input: ProductInput;
}): Promise<CatalogResult> {
  const supplierId = supplierIdOf(caller);
  if (!supplierId) return fail("not_found");
  return afterCatalogChange(
    await db.transaction(async (tx) => {
      const product = await lockOwnProduct(tx, supplierId, productId);
      if (!product) return fail("not_found");
      const checked = await checkedProductFields(tx, supplierId, input);
      if (!checked.ok) return checked;
      const columns = productColumns(input);
      await tx
        .update(s.products)
        .set({ ...columns, searchText: checked.searchText, updatedAt: sql`now()` })
        .where(and(eq(s.products.id, product.id), eq(s.products.supplierId, supplierId)));
      if (columns.name !== product.name)
        await auditCertifiedChange(tx, caller, product, { name: product.name }, { name: columns.name });
      return { ok: true as const };
    }),
  );
}

/**
 * Edits one variant (spec, price, stock, on sale or not). A price change of a certified product
 * is audited. A variant is never deleted (order lines refer to it): it is taken off sale.
 */
export async function updateVariant({
  caller,
  productId,
  variantId,
  input,
}: {
  caller: Caller;
  productId: string;
  variantId: string;
  input: VariantInput & { active: boolean };
}): Promise<CatalogResult> {
  const supplierId = supplierIdOf(caller);
  if (!supplierId) return fail("not_found");
  const bad = validVariant(input, "variant");
  if (bad) return bad;
  if (!UUID.test(variantId)) return fail("not_found");
  return db.transaction(async (tx) => {
    const product = await lockOwnProduct(tx, supplierId, productId);
    if (!product) return fail("not_found");
    const [variant] = await tx
      .select({
        id: s.productVariants.id,
        sku: s.productVariants.sku,
        spec: s.productVariants.spec,
        priceFen: s.productVariants.priceFen,
      })
      .from(s.productVariants)
      .where(and(eq(s.productVariants.id, variantId), eq(s.productVariants.productId, product.id)))
      .for("update");
    if (!variant) return fail("not_found");
    if (!input.active && product.status === "active") {
      const [{ n }] = await tx
        .select({ n: count() })
        .from(s.productVariants)
        .where(
          and(
            eq(s.productVariants.productId, product.id),
            eq(s.productVariants.active, true),
            sql`${s.productVariants.id} <> ${variant.id}`,
          ),
        );
      if (n === 0) return fail("no_active_variant", "variant.active");
    }
    await tx
      .update(s.productVariants)
      .set({
        spec: input.spec.trim(),
        specEn: input.specEn?.trim() || null,
        priceFen: input.priceFen,
        stock: input.stock,
        active: input.active,
      })
      .where(eq(s.productVariants.id, variant.id));
    await tx
      .update(s.products)
      .set({ updatedAt: sql`now()` })
      .where(eq(s.products.id, product.id));
    if (input.priceFen !== variant.priceFen) {
      await auditCertifiedChange(
        tx,
        caller,
        product,
        { variantId: variant.id, sku: variant.sku, spec: variant.spec, priceFen: variant.priceFen },
        { variantId: variant.id, sku: variant.sku, spec: input.spec.trim(), priceFen: input.priceFen },
      );
    }
    return { ok: true as const };
  });
}

/** Adds a variant at the end; its SKU is the product's slug and the next number. */
export async function addVariant({
  caller,
  productId,
  input,
}: {
  caller: Caller;
  productId: string;
  input: VariantInput;
}): Promise<CatalogResult<{ id: string }>> {
  const supplierId = supplierIdOf(caller);
  if (!supplierId) return fail("not_found");
  const bad = validVariant(input, "new");
  if (bad) return bad;
  return db.transaction(async (tx) => {
    const product = await lockOwnProduct(tx, supplierId, productId);
    if (!product) return fail("not_found");
    const [{ n, last }] = await tx
      .select({ n: count(), last: max(s.productVariants.sortOrder) })
      .from(s.productVariants)
      .where(eq(s.productVariants.productId, product.id));
    if (n >= MAX_VARIANTS) return fail("too_many_variants", "new.spec");
    const [{ slug }] = await tx
      .select({ slug: s.products.slug })
      .from(s.products)
      .where(eq(s.products.id, product.id));
    const skus = new Set(
      (
        await tx
          .select({ sku: s.productVariants.sku })
          .from(s.productVariants)
          .where(like(s.productVariants.sku, `${slug}-%`))
      ).map((r) => r.sku),
    );
    let k = n + 1;
    while (skus.has(`${slug}-${k}`)) k++;
    const [row] = await tx
      .insert(s.productVariants)
      .values({
        productId: product.id,
        sku: `${slug}-${k}`,
        spec: input.spec.trim(),
        specEn: input.specEn?.trim() || null,
        priceFen: input.priceFen,
        stock: input.stock,
        sortOrder: (last ?? -1) + 1,
      })
      .returning({ id: s.productVariants.id });
    await tx
      .update(s.products)
      .set({ updatedAt: sql`now()` })
      .where(eq(s.products.id, product.id));
    return { ok: true as const, id: row.id };
  });
}

/** Publish (→ active, needs an active variant) or withdraw (→ withdrawn: gone from the store). */
export async function setProductStatus({
  caller,
  productId,
  status,
}: {
  caller: Caller;
  productId: string;
  status: "active" | "withdrawn";
}): Promise<CatalogResult> {
  const supplierId = supplierIdOf(caller);
  if (!supplierId) return fail("not_found");
  return afterCatalogChange(
    await db.transaction(async (tx) => {
      const product = await lockOwnProduct(tx, supplierId, productId);
      if (!product) return fail("not_found");
      if (status === "active") {
        const [{ n }] = await tx
          .select({ n: count() })
          .from(s.productVariants)
          .where(and(eq(s.productVariants.productId, product.id), eq(s.productVariants.active, true)));
        if (n === 0) return fail("no_active_variant");
      }
      await tx
        .update(s.products)
        .set({ status, updatedAt: sql`now()` })
        .where(eq(s.products.id, product.id));
      return { ok: true as const };
    }),
  );
}

/** Stores an uploaded image (checked by content, resized) and appends it to the product's images. */
export async function addProductImage({
  caller,
  productId,
  bytes,
  alt,
}: {
  caller: Caller;
  productId: string;
  bytes: Uint8Array;
  alt?: string;
}): Promise<CatalogResult<{ id: string; path: string }>> {
  const supplierId = supplierIdOf(caller);
  if (!supplierId || !UUID.test(productId)) return fail("not_found");
  // Ownership first: nothing is written to disk for somebody else's product.
  const [own] = await db
    .select({ id: s.products.id, name: s.products.name })
    .from(s.products)
    .where(and(eq(s.products.id, productId), eq(s.products.supplierId, supplierId)));
  if (!own) return fail("not_found");
  const [{ n }] = await db
    .select({ n: count() })
    .from(s.productImages)
    .where(eq(s.productImages.productId, own.id));
  if (n >= MAX_IMAGES) return fail("too_many_images", "image");
  const stored = await storeProductImage({ supplierId, productId: own.id, bytes });
  if (!stored.ok) return fail(`image_${stored.error}`, "image");
  return db.transaction(async (tx) => {
    const product = await lockOwnProduct(tx, supplierId, own.id);
    if (!product) return fail("not_found");
    const [{ last }] = await tx
      .select({ last: max(s.productImages.sortOrder) })
      .from(s.productImages)
      .where(eq(s.productImages.productId, product.id));
    const [row] = await tx
      .insert(s.productImages)
      .values({
        productId: product.id,
        path: stored.url,
        alt: alt?.trim() || own.name,
        width: stored.width,
        height: stored.height,
        sortOrder: (last ?? -1) + 1,
      })
      .returning({ id: s.productImages.id });
    await tx
      .update(s.products)
      .set({ updatedAt: sql`now()` })
      .where(eq(s.products.id, product.id));
    return { ok: true as const, id: row.id, path: stored.url };
  });
}

/** Removes an image of the caller's product (and its uploaded files, once the row is gone). */
export async function removeProductImage({
  caller,
  productId,
  imageId,
}: {
  caller: Caller;
  productId: string;
  imageId: string;
}): Promise<CatalogResult> {
  const supplierId = supplierIdOf(caller);
  if (!supplierId || !UUID.test(imageId)) return fail("not_found");
  const removed = await db.transaction(async (tx) => {
    const product = await lockOwnProduct(tx, supplierId, productId);
    if (!product) return null;
    const [row] = await tx
      .delete(s.productImages)
      .where(and(eq(s.productImages.id, imageId), eq(s.productImages.productId, product.id)))
      .returning({ path: s.productImages.path });
    return row ?? null;
  });
  if (!removed) return fail("not_found");
  await deleteUpload(removed.path);
  return { ok: true };
}

/** Makes an image of the caller's product the first one (the store's card and page show it). */
export async function makePrimaryImage({
  caller,
  productId,
  imageId,
}: {
  caller: Caller;
  productId: string;
  imageId: string;
}): Promise<CatalogResult> {
  const supplierId = supplierIdOf(caller);
  if (!supplierId || !UUID.test(imageId)) return fail("not_found");
  return db.transaction(async (tx) => {
    const product = await lockOwnProduct(tx, supplierId, productId);
    if (!product) return fail("not_found");
    const [image] = await tx
      .select({ id: s.productImages.id })
      .from(s.productImages)
      .where(and(eq(s.productImages.id, imageId), eq(s.productImages.productId, product.id)));
    if (!image) return fail("not_found");
    const [{ first }] = await tx
      .select({ first: sql<number | null>`min(${s.productImages.sortOrder})` })
      .from(s.productImages)
      .where(eq(s.productImages.productId, product.id));
    await tx
      .update(s.productImages)
      .set({ sortOrder: (first ?? 0) - 1 })
      .where(eq(s.productImages.id, image.id));
    return { ok: true as const };
  });
}

// ─── bulk stock ──────────────────────────────────────────────────────────────────────────

/**
 * One row of a bulk update: the variant by id or SKU, the new stock as typed and, from the stock
 * form, the stock the page showed (`expected`): if it has changed since (an order came in), the
 * row is refused rather than overwriting the sale.
 */
export type StockRow = { row: number; ref: string; stock: string; expected?: string | null };
export type StockRowError = {
  row: number;
  ref: string;
  code: "unknown_variant" | "invalid_stock" | "duplicate" | "changed";
};
export type BulkStockResult = { ok: true; updated: number } | { ok: false; errors: StockRowError[] };

/**
 * Sets the stock of many variants at once, all or nothing: every row is checked first (a variant
 * of the caller's supplier, by id or SKU; a whole number 0–9,999,999; named once; unchanged since
 * the page showed it), and if any row is wrong nothing is written and every wrong row is reported.
 * The variants are locked (in id order, like checkout) between the check and the write.
 */
export async function bulkUpdateStock({
  caller,
  rows,
}: {
  caller: Caller;
  rows: StockRow[];
}): Promise<BulkStockResult> {
  const supplierId = supplierIdOf(caller);
  if (!supplierId)
    return {
      ok: false,
      errors: rows.map((r) => ({ row: r.row, ref: r.ref, code: "unknown_variant" as const })),
    };
  const refs = [...new Set(rows.map((r) => r.ref.trim()).filter(Boolean))];
  const ids = refs.filter((r) => UUID.test(r));
  return db.transaction(async (tx) => {
    const found = refs.length
      ? await tx
          .select({ id: s.productVariants.id, sku: s.productVariants.sku, stock: s.productVariants.stock })
          .from(s.productVariants)
          .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
          .where(
            and(
              eq(s.products.supplierId, supplierId),
              or(
                inArray(s.productVariants.sku, refs),
                ids.length ? inArray(s.productVariants.id, ids) : undefined,
              ),
            ),
          )
          .orderBy(asc(s.productVariants.id))
          .for("update", { of: s.productVariants })
      : [];
    const byRef = new Map<string, string>();
    const current = new Map<string, number>();
    for (const f of found) (byRef.set(f.id, f.id), byRef.set(f.sku, f.id), current.set(f.id, f.stock));
    const errors: StockRowError[] = [];
    const updates = new Map<string, number>();
    for (const r of rows) {
      const ref = r.ref.trim();
      const id = byRef.get(ref);
      const stock = parseStock(r.stock);
      if (!id) errors.push({ row: r.row, ref, code: "unknown_variant" });
      else if (stock === null) errors.push({ row: r.row, ref, code: "invalid_stock" });
      else if (updates.has(id)) errors.push({ row: r.row, ref, code: "duplicate" });
      else if (r.expected != null && parseStock(r.expected) !== current.get(id))
        errors.push({ row: r.row, ref, code: "changed" });
      else updates.set(id, stock);
    }
    if (errors.length) return { ok: false as const, errors };
    // In id order, like checkout, so two writers never wait on each other in a cycle.
    for (const id of [...updates.keys()].sort()) {
      await tx
        .update(s.productVariants)
        .set({ stock: updates.get(id)! })
        .where(eq(s.productVariants.id, id));
    }
    return { ok: true as const, updated: updates.size };
  });
}

/** The rows of a stock CSV (header: sku or variant_id, and stock / 库存); line numbers as in the file. */
export function stockRowsFromTable(
  table: string[][],
): { ok: true; rows: StockRow[] } | { ok: false; code: "missing_headers" | "empty" } {
  const [header, ...body] = table;
  if (!header) return { ok: false, code: "empty" };
  const names = header.map((h) => h.trim().toLowerCase());
  const refColumn = names.findIndex((h) =>
    ["sku", "variant_id", "variant", "规格编码", "商品编码"].includes(h),
  );
  const stockColumn = names.findIndex((h) => ["stock", "库存"].includes(h));
  if (refColumn < 0 || stockColumn < 0) return { ok: false, code: "missing_headers" };
  const rows: StockRow[] = [];
  body.forEach((cells, i) => {
    if (cells.every((c) => c.trim() === "")) return; // blank lines, e.g. at the end of the file
    rows.push({ row: i + 2, ref: (cells[refColumn] ?? "").trim(), stock: (cells[stockColumn] ?? "").trim() });
  });
  if (rows.length === 0) return { ok: false, code: "empty" };
  return { ok: true, rows };
}
