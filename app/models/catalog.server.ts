// Catalog reads: products, variants, images, categories and the certification shown beside them.
import { and, asc, desc, eq, gte, isNull, min, sql } from "drizzle-orm";
import { db, schema as s } from "~/lib/db.server";

export type ProductCard = {
  slug: string;
  name: string;
  nameEn: string | null;
  subtitle: string;
  image: string | null;
  minPriceFen: number;
  supplierName: string;
  villageName: string;
  certified: boolean;
};

/** Certified now: an unexpired, certified certification for the product and for its supplier. */
function certifiedNow(subject: "product" | "supplier", idColumn: typeof s.products.id | typeof s.suppliers.id) {
  const column = subject === "product" ? s.certifications.productId : s.certifications.supplierId;
  return sql<boolean>`exists (select 1 from ${s.certifications} where ${column} = ${idColumn}
    and ${s.certifications.subject} = ${subject} and ${s.certifications.status} = 'certified'
    and ${s.certifications.validUntil} >= (now() at time zone 'Asia/Shanghai')::date)`;
}

export async function listProductCards({ featuredOnly = false, limit = 24 }: { featuredOnly?: boolean; limit?: number }) {
  const minPrice = db
    .select({ productId: s.productVariants.productId, minPriceFen: min(s.productVariants.priceFen).as("min_price_fen") })
    .from(s.productVariants)
    .where(eq(s.productVariants.active, true))
    .groupBy(s.productVariants.productId)
    .as("min_price");
  const village = db.select({ id: s.regions.id, name: s.regions.name }).from(s.regions).as("village");
  const rows = await db
    .select({
      slug: s.products.slug,
      name: s.products.name,
      nameEn: s.products.nameEn,
      subtitle: s.products.subtitle,
      image: sql<string | null>`(select ${s.productImages.path} from ${s.productImages}
        where ${s.productImages.productId} = ${s.products.id} order by ${s.productImages.sortOrder} limit 1)`,
      minPriceFen: minPrice.minPriceFen,
      supplierName: s.suppliers.name,
      villageName: village.name,
      certified: sql<boolean>`${certifiedNow("product", s.products.id)} and ${certifiedNow("supplier", s.suppliers.id)}`,
    })
    .from(s.products)
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.products.supplierId))
    .innerJoin(minPrice, eq(minPrice.productId, s.products.id))
    .innerJoin(village, eq(village.id, s.products.originVillageId))
    .where(and(eq(s.products.status, "active"), featuredOnly ? eq(s.products.featured, true) : undefined))
    .orderBy(desc(s.products.featured), desc(s.products.salesCount), asc(s.products.slug))
    .limit(limit);
  return rows.map((r) => ({ ...r, minPriceFen: Number(r.minPriceFen), certified: Boolean(r.certified) })) satisfies ProductCard[];
}

export async function listTopCategories() {
  return db
    .select({ slug: s.categories.slug, name: s.categories.name, nameEn: s.categories.nameEn })
    .from(s.categories)
    .where(isNull(s.categories.parentId))
    .orderBy(asc(s.categories.sortOrder));
}

/** A product page's data, or null when the slug is unknown or the product is not on sale. */
export async function getProductBySlug(slug: string) {
  const [product] = await db
    .select({
      id: s.products.id,
      slug: s.products.slug,
      name: s.products.name,
      nameEn: s.products.nameEn,
      subtitle: s.products.subtitle,
      description: s.products.description,
      traceCode: s.products.traceCode,
      supplierId: s.suppliers.id,
      supplierSlug: s.suppliers.slug,
      supplierName: s.suppliers.name,
      villageName: s.regions.name,
      supplierCertified: certifiedNow("supplier", s.suppliers.id),
    })
    .from(s.products)
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.products.supplierId))
    .innerJoin(s.regions, eq(s.regions.id, s.products.originVillageId))
    .where(and(eq(s.products.slug, slug), eq(s.products.status, "active")));
  if (!product) return null;
  const [variants, images, certification] = await Promise.all([
    db
      .select({ id: s.productVariants.id, spec: s.productVariants.spec, specEn: s.productVariants.specEn, priceFen: s.productVariants.priceFen, stock: s.productVariants.stock })
      .from(s.productVariants)
      .where(and(eq(s.productVariants.productId, product.id), eq(s.productVariants.active, true)))
      .orderBy(asc(s.productVariants.sortOrder)),
    db
      .select({ path: s.productImages.path, alt: s.productImages.alt })
      .from(s.productImages)
      .where(eq(s.productImages.productId, product.id))
      .orderBy(asc(s.productImages.sortOrder)),
    db
      .select({ certificateNo: s.certifications.certificateNo, issuer: s.certifications.issuer, validUntil: s.certifications.validUntil })
      .from(s.certifications)
      .where(
        and(
          eq(s.certifications.productId, product.id),
          eq(s.certifications.status, "certified"),
          gte(s.certifications.validUntil, sql`(now() at time zone 'Asia/Shanghai')::date`),
        ),
      )
      .orderBy(desc(s.certifications.validUntil))
      .limit(1),
  ]);
  const cert = product.supplierCertified ? (certification[0] ?? null) : null;
  return { ...product, variants, images, certification: cert };
}
