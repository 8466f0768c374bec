// Catalog reads: products, variants, images, categories, suppliers, the certification shown beside
// them, the impact panel (aggregates of the linkages in force) and the home page's headline.
import {
  and,
  asc,
  count,
  desc,
  eq,
  exists,
  gte,
  ilike,
  inArray,
  isNull,
  lte,
  or,
  sql,
  type SQL,
} from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { linkageInForceOn } from "../impact/linkages.server";
import { reachFiguresBySlug, reachRank, topReachProductIds } from "../impact/unreached.server";
import { shanghaiYearMonth } from "~/lib/dates";
import { db, schema as s, statsDb, statsFreshness } from "~/lib/db.server";
import { containsPattern } from "~/lib/like";
import { MECHANISMS, type Mechanism } from "../../../core/mechanisms";
import { normalizeSearchQuery } from "../../../core/pinyin";
import { createTtlCache, ttlCached } from "~/lib/ttl-cache";
import { englishIssuer, englishName, fallbackDescriptionEn } from "./english.server";
import { PAGE_SIZE, type CatalogFilters, type CatalogProblem, type SupplierKind } from "./catalog-query";

export type ProductCard = {
  slug: string;
  name: string;
  nameEn: string | null;
  subtitle: string;
  image: string | null;
  minPriceFen: number;
  supplierName: string;
  supplierNameEn: string | null;
  villageName: string;
  villageNameEn: string | null;
  certified: boolean;
  inStock: boolean;
  /** 已售: units paid, net of refunds (decision 090). */
  salesCount: number;
};

/** Today's date in Asia/Shanghai, in SQL (business dates are Shanghai dates). */
const shanghaiToday = sql`(now() at time zone 'Asia/Shanghai')::date`;

/**
 * The one rule for a certification in force on `day` (an Asia/Shanghai date or SQL date):
 * certified, valid from on or before that day, valid until on or after it. Checkout snapshots
 * the same rule onto order lines.
 */
export function certificationInForceOn(day: string | SQL): SQL {
  return and(
    eq(s.certifications.status, "certified"),
    gte(s.certifications.validUntil, day),
    or(isNull(s.certifications.validFrom), lte(s.certifications.validFrom, day)),
  )!;
}

/** Certified now: a certification in force today for the product, or for the supplier. */
function certifiedNow(
  subject: "product" | "supplier",
  idColumn: typeof s.products.id | typeof s.suppliers.id,
) {
  const column = subject === "product" ? s.certifications.productId : s.certifications.supplierId;
  return sql<boolean>`exists (select 1 from ${s.certifications} where ${column} = ${idColumn}
    and ${s.certifications.subject} = ${subject} and ${certificationInForceOn(shanghaiToday)})`;
}

/**
 * `exists (subquery)` as a value for each row of a short list: written as a scalar subquery with
 * LIMIT 1 so PostgreSQL looks each row up by index instead of hashing the whole table first (what
 * it does with EXISTS in a select list of a few hundred rows). Use EXISTS in WHERE clauses.
 */
const existsPerRow = (subquery: SQL) => sql<boolean>`coalesce((${subquery} limit 1), false)`;

function certifiedNowPerRow(
  subject: "product" | "supplier",
  idColumn: typeof s.products.id | typeof s.suppliers.id,
) {
  const column = subject === "product" ? s.certifications.productId : s.certifications.supplierId;
  return existsPerRow(sql`select true from ${s.certifications} where ${column} = ${idColumn}
    and ${s.certifications.subject} = ${subject} and ${certificationInForceOn(shanghaiToday)}`);
}

/** The certificate shown on a product or supplier page: the one in force today that lasts longest. */
async function currentCertificate(subject: "product" | "supplier", id: string) {
  const column = subject === "product" ? s.certifications.productId : s.certifications.supplierId;
  const rows = await db
    .select({
      certificateNo: s.certifications.certificateNo,
      issuer: s.certifications.issuer,
      validUntil: s.certifications.validUntil,
    })
    .from(s.certifications)
    .where(and(eq(column, id), eq(s.certifications.subject, subject), certificationInForceOn(shanghaiToday)))
    .orderBy(desc(s.certifications.validUntil))
    .limit(1);
  return rows.map((r) => ({ ...r, issuerEn: englishIssuer(r.issuer) }));
}

/** A variant of the product (the outer query's `products` row) that can be bought, with extra conditions. */
function activeVariantExists(...conditions: (SQL | undefined)[]) {
  return exists(
    db
      .select({ one: sql`1` })
      .from(s.productVariants)
      .where(
        and(
          eq(s.productVariants.productId, s.products.id),
          eq(s.productVariants.active, true),
          ...conditions,
        ),
      ),
  );
}

/** On sale: an active product of an active supplier with at least one active variant. */
const onSale = () =>
  and(eq(s.products.status, "active"), eq(s.suppliers.status, "active"), activeVariantExists());

/** The lowest price among the product's active variants (the price a card shows and sorts by). */
const minActivePrice = () => sql`(select min(${s.productVariants.priceFen}) from ${s.productVariants}
  where ${s.productVariants.productId} = ${s.products.id} and ${s.productVariants.active})`;

const village = alias(s.regions, "village");
const town = alias(s.regions, "town");

/**
 * Product cards for `where`, in `orderBy` order; products joined with suppliers and origin village.
 * The page of product ids is taken first (so the database can walk an index such as
 * products_popular_idx and stop after `limit` rows); price, image, certification and stock are
 * then looked up for those rows only, and the same order is applied again to the page.
 */
async function queryCards(args: CardQuery) {
  return (await queryCardPage(args)).cards;
}

type CardQuery = { where: SQL | undefined; orderBy: SQL[]; limit: number; offset?: number };

/**
 * queryCards, and with `withTotal` also how many products match: counted in the same scan by a
 * window (worth it when the order cannot come from an index, as for a search, which reads every
 * match anyway). `total` is null when not asked for, or when the page is past the last match.
 */
async function queryCardPage({
  where,
  orderBy,
  limit,
  offset = 0,
  withTotal = false,
}: CardQuery & { withTotal?: boolean }) {
  const order = [...orderBy, asc(s.products.slug)]; // the slug makes the order total: pages never overlap
  const page = db
    .select({
      id: sql<string>`${s.products.id}`.as("page_product_id"),
      total: sql<string | null>`${withTotal ? sql`count(*) over ()` : sql`null::bigint`}`.as("page_total"),
    })
    .from(s.products)
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.products.supplierId))
    .where(and(onSale(), where))
    .orderBy(...order)
    .limit(limit)
    .offset(offset)
    .as("page");
  const rows = await db
    .select({
      slug: s.products.slug,
      name: s.products.name,
      nameEn: s.products.nameEn,
      subtitle: s.products.subtitle,
      image: sql<string | null>`(select ${s.productImages.path} from ${s.productImages}
        where ${s.productImages.productId} = ${s.products.id} order by ${s.productImages.sortOrder} limit 1)`,
      minPriceFen: sql<number>`${minActivePrice()}`,
      supplierName: s.suppliers.name,
      supplierNameEn: s.suppliers.nameEn,
      villageName: village.name,
      villageNameEn: village.nameEn,
      certified: sql<boolean>`${certifiedNowPerRow("product", s.products.id)} and ${certifiedNowPerRow("supplier", s.suppliers.id)}`,
      inStock:
        existsPerRow(sql`select true from ${s.productVariants} where ${s.productVariants.productId} = ${s.products.id}
        and ${s.productVariants.active} and ${s.productVariants.stock} > 0`),
      salesCount: s.products.salesCount,
      total: page.total,
    })
    .from(page)
    .innerJoin(s.products, eq(s.products.id, page.id))
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.products.supplierId))
    .innerJoin(village, eq(village.id, s.products.originVillageId))
    .orderBy(...order);
  const cards = rows.map(({ total: _total, ...r }) => ({
    ...r,
    supplierNameEn: englishName(r.supplierName, r.supplierNameEn),
    villageNameEn: englishName(r.villageName, r.villageNameEn),
    minPriceFen: Number(r.minPriceFen),
    certified: Boolean(r.certified),
    inStock: Boolean(r.inStock),
  })) satisfies ProductCard[];
  return { cards, total: rows.length > 0 && rows[0].total !== null ? Number(rows[0].total) : null };
}

const popularFirst = () => [desc(s.products.salesCount)];

export async function listProductCards({
  featuredOnly = false,
  limit = 24,
}: {
  featuredOnly?: boolean;
  limit?: number;
}) {
  return queryCards({
    where: featuredOnly ? eq(s.products.featured, true) : undefined,
    orderBy: [desc(s.products.featured), ...popularFirst()],
    limit,
  });
}

/** The products on sale that come from these villages, best selling first (the pavilion pages). */
export async function listProductCardsFrom({
  villageIds,
  limit = 48,
}: {
  villageIds: number[];
  limit?: number;
}) {
  if (villageIds.length === 0) return [];
  return queryCards({
    where: inArray(s.products.originVillageId, villageIds),
    orderBy: popularFirst(),
    limit,
  });
}

export async function listTopCategories() {
  return db
    .select({ slug: s.categories.slug, name: s.categories.name, nameEn: s.categories.nameEn })
    .from(s.categories)
    .where(isNull(s.categories.parentId))
    .orderBy(asc(s.categories.sortOrder));
}

// ─── the catalogue: search, filters, sort, pages ─────────────────────────────────────────

export type CategoryFacet = {
  slug: string;
  name: string;
  nameEn: string;
  children: { slug: string; name: string; nameEn: string }[];
};
export type TownFacet = {
  code: string;
  name: string;
  nameEn: string | null;
  villages: { code: string; name: string; nameEn: string | null }[];
};

/** Categories as a tree, and the towns with the villages that products come from. */
async function loadFacets() {
  const [categories, regions] = await Promise.all([
    db
      .select({
        id: s.categories.id,
        slug: s.categories.slug,
        name: s.categories.name,
        nameEn: s.categories.nameEn,
        parentId: s.categories.parentId,
      })
      .from(s.categories)
      .orderBy(asc(s.categories.sortOrder), asc(s.categories.id)),
    db
      .select({
        id: s.regions.id,
        code: s.regions.code,
        name: s.regions.name,
        nameEn: s.regions.nameEn,
        level: s.regions.level,
        parentId: s.regions.parentId,
      })
      .from(s.regions)
      .where(
        or(
          inArray(s.regions.level, ["town", "subdistrict"]),
          inArray(
            s.regions.id,
            db
              .selectDistinct({ id: s.products.originVillageId })
              .from(s.products)
              .where(eq(s.products.status, "active")),
          ),
        ),
      )
      .orderBy(asc(s.regions.code)),
  ]);
  const categoryIds = new Map<string, number[]>(); // slug → itself and its children
  for (const c of categories) {
    categoryIds.set(c.slug, [c.id, ...categories.filter((x) => x.parentId === c.id).map((x) => x.id)]);
  }
  const villageIds = new Map<string, { id: number; townCode: string }>();
  const townVillageIds = new Map<string, number[]>();
  const towns = regions.filter((r) => r.level !== "village");
  for (const t of towns) {
    const villages = regions.filter((r) => r.level === "village" && r.parentId === t.id);
    townVillageIds.set(
      t.code,
      villages.map((v) => v.id),
    );
    for (const v of villages) villageIds.set(v.code, { id: v.id, townCode: t.code });
  }
  const categoryTree: CategoryFacet[] = categories
    .filter((c) => c.parentId === null)
    .map((c) => ({
      slug: c.slug,
      name: c.name,
      nameEn: c.nameEn,
      children: categories
        .filter((x) => x.parentId === c.id)
        .map((x) => ({ slug: x.slug, name: x.name, nameEn: x.nameEn })),
    }));
  const townTree: TownFacet[] = towns.map((t) => ({
    code: t.code,
    name: t.name,
    nameEn: t.nameEn,
    villages: regions
      .filter((r) => r.parentId === t.id)
      .map((v) => ({ code: v.code, name: v.name, nameEn: v.nameEn })),
  }));
  return { categoryTree, townTree, categoryIds, villageIds, townVillageIds };
}

/**
 * The facets, kept for a minute per process: categories and villages of origin change rarely, and
 * a new village appearing in the filter a minute late is acceptable for a storefront. Building
 * them on every request (a DISTINCT over the products) was a large share of a catalogue page.
 */
const cachedFacets = ttlCached(60_000, (_all: "all") => loadFacets());

/**
 * How many products match a filter set (page and sort aside), kept for a minute per process:
 * counting scans every product on sale, the page itself does not. A remembered count is used
 * only while it agrees with the page just read (see searchCatalog), so the page never shows a
 * total that its own rows contradict; otherwise a new product shows in the total a minute late.
 */
const matchCounts = createTtlCache<string, number>({ ttlMs: 60_000, maxEntries: 500 });

/**
 * Forgets the remembered facets and counts of this process: called by the models that change what
 * is on sale (a product published, withdrawn or edited; a certification decided), so whoever made
 * the change sees it in the store at once. Other processes catch up within the minute.
 */
export function forgetCatalogFigures(): void {
  cachedFacets.clear();
  matchCounts.clear();
  cachedCountOnSale.clear();
  cachedOriginTowns.clear();
}

export type CatalogPage = Awaited<ReturnType<typeof searchCatalog>>;

/**
 * One page of the catalogue for `filters`. Filters naming an unknown category or region are
 * dropped and reported in `problems`; `filters` in the answer is what was applied.
 */
export async function searchCatalog(requested: CatalogFilters) {
  const facets = await cachedFacets("all");
  const problems: CatalogProblem[] = [];
  const filters = { ...requested };
  const conditions: (SQL | undefined)[] = [];

  const query = filters.q ? normalizeSearchQuery(filters.q) : "";
  if (query) {
    // The bigram index narrows to products holding every 2-character slice of the query; the
    // pattern then keeps only those holding it in one piece (decision 058).
    conditions.push(
      sql`${s.products.searchGrams} @> search_bigrams(${query})`,
      ilike(s.products.searchText, containsPattern(query)),
    );
  } else filters.q = null;

  const drop = (code: CatalogProblem["code"], key: "category" | "town" | "village") => {
    problems.push({ code, value: filters[key]! });
    filters[key] = null;
  };
  if (filters.category) {
    const ids = facets.categoryIds.get(filters.category);
    if (ids) conditions.push(inArray(s.products.categoryId, ids));
    else drop("category", "category");
  }
  if (filters.town && !facets.townVillageIds.has(filters.town)) drop("town", "town");
  if (filters.village) {
    const v = facets.villageIds.get(filters.village);
    if (!v) drop("village", "village");
    else if (filters.town && filters.town !== v.townCode) drop("village_town", "village");
    else conditions.push(eq(s.products.originVillageId, v.id));
  }
  if (filters.town && !filters.village) {
    const ids = facets.townVillageIds.get(filters.town)!;
    conditions.push(ids.length ? inArray(s.products.originVillageId, ids) : sql`false`);
  }
  if (filters.kind) conditions.push(eq(s.suppliers.kind, filters.kind));
  if (filters.certified) {
    conditions.push(certifiedNow("product", s.products.id), certifiedNow("supplier", s.suppliers.id));
  }
  if (filters.inStock || filters.minPriceFen !== null || filters.maxPriceFen !== null) {
    // One variant that is at once in the price range and (when asked) in stock.
    conditions.push(
      activeVariantExists(
        filters.minPriceFen !== null ? gte(s.productVariants.priceFen, filters.minPriceFen) : undefined,
        filters.maxPriceFen !== null ? lte(s.productVariants.priceFen, filters.maxPriceFen) : undefined,
        filters.inStock ? sql`${s.productVariants.stock} > 0` : undefined,
      ),
    );
  }
  if (filters.sort === "relevance" && !query) filters.sort = "popular";

  const minPriceOf = minActivePrice();
  const orderBy: SQL[] = {
    // A hit in the product's own name (the first tokens of the search text) comes first.
    relevance: [sql`strpos(lower(${s.products.searchText}), ${query})`, ...popularFirst()],
    popular: popularFirst(),
    newest: [desc(s.products.createdAt)],
    price_asc: [sql`${minPriceOf} asc`, ...popularFirst()],
    price_desc: [sql`${minPriceOf} desc`, ...popularFirst()],
    unreached: [sql`${reachRank(s.products.id)} desc`, ...popularFirst()],
  }[filters.sort];

  const where = and(...conditions);
  const countMatches = async () => {
    const [{ n }] = await db
      .select({ n: count() })
      .from(s.products)
      .innerJoin(s.suppliers, eq(s.suppliers.id, s.products.supplierId))
      .where(and(onSale(), where));
    return n;
  };
  const offset = (filters.page - 1) * PAGE_SIZE;
  let products: ProductCard[];
  let total: number;
  if (query) {
    // A search reads every match to rank them: count them in that same scan.
    const page = await queryCardPage({ where, orderBy, limit: PAGE_SIZE, offset, withTotal: true });
    products = page.cards;
    total = page.total ?? (offset > 0 ? await countMatches() : 0);
  } else {
    // The page itself comes from an index (products_popular_idx for the default order); the count
    // is a separate scan, remembered per filter set.
    const { page: _page, sort: _sort, ...filterSet } = filters;
    const key = JSON.stringify(filterSet);
    [products, total] = await Promise.all([
      queryCards({ where, orderBy, limit: PAGE_SIZE, offset }),
      matchCounts.get(key, countMatches),
    ]);
    if (products.length !== Math.min(PAGE_SIZE, Math.max(0, total - offset))) {
      matchCounts.delete(key); // the page disagrees with the remembered count: count again now
      total = await matchCounts.get(key, countMatches);
    }
  }
  // Nothing found: something useful instead (the categories and what sells best).
  const suggestions =
    total === 0 ? await queryCards({ where: undefined, orderBy: popularFirst(), limit: 4 }) : [];
  // 帮扶最需要的农户: each card says how many it reaches (issue 21).
  const reach = filters.sort === "unreached" ? await reachFiguresBySlug(products.map((p) => p.slug)) : {};
  return {
    filters,
    problems,
    products,
    reach,
    total,
    page: filters.page,
    pageCount: Math.ceil(total / PAGE_SIZE),
    categories: facets.categoryTree,
    towns: facets.townTree,
    suggestions,
  };
}

// ─── the impact panel ────────────────────────────────────────────────────────────────────

export type Impact = {
  households: number;
  monitoredHouseholds: number;
  villageCollectives: number;
  villages: number;
  mechanisms: Mechanism[];
  /** Whose agreements these are: the product's own, or the supplier's in general. */
  source: "product" | "supplier";
};

/**
 * Who the sale of a product (or, without `productId`, the supplier's products in general) drives
 * income for: the approved linkages in force today — the product's own if it has any, otherwise
 * the supplier's — as counts only. No names, no ids, no registry codes leave this function.
 */
export async function getImpact({
  supplierId,
  productId,
}: {
  supplierId: string;
  productId?: string | null;
}): Promise<Impact> {
  const l = s.linkages;
  const inForce = and(eq(l.supplierId, supplierId), linkageInForceOn(shanghaiToday));
  let scope = isNull(l.productId);
  let source: Impact["source"] = "supplier";
  if (productId) {
    const [own] = await db
      .select({ n: count() })
      .from(l)
      .where(and(inForce, eq(l.productId, productId)));
    if (own.n > 0) {
      scope = eq(l.productId, productId);
      source = "product";
    }
  }
  const [row] = await db
    .select({
      households: sql<number>`count(distinct ${l.householdId})`.mapWith(Number),
      monitored:
        sql<number>`count(distinct ${l.householdId}) filter (where ${s.households.kind}::text like 'monitored%')`.mapWith(
          Number,
        ),
      collectives: sql<number>`count(distinct ${l.villageCollectiveId})`.mapWith(Number),
      villages:
        sql<number>`count(distinct coalesce(${s.households.villageId}, ${s.villageCollectives.villageId}))`.mapWith(
          Number,
        ),
      mechanisms: sql<string | null>`string_agg(distinct ${l.mechanism}::text, ',')`,
    })
    .from(l)
    .leftJoin(s.households, eq(s.households.id, l.householdId))
    .leftJoin(s.villageCollectives, eq(s.villageCollectives.id, l.villageCollectiveId))
    .where(and(inForce, scope));
  const used = new Set((row?.mechanisms ?? "").split(",").filter(Boolean));
  return {
    households: row?.households ?? 0,
    monitoredHouseholds: row?.monitored ?? 0,
    villageCollectives: row?.collectives ?? 0,
    villages: row?.villages ?? 0,
    mechanisms: MECHANISMS.filter((m) => used.has(m)),
    source,
  };
}

// ─── product and supplier pages ──────────────────────────────────────────────────────────

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
      subtitleEn: s.products.subtitleEn,
      descriptionEn: s.products.descriptionEn,
      traceCode: s.products.traceCode,
      seasonMonths: s.products.seasonMonths,
      categorySlug: s.categories.slug,
      categoryName: s.categories.name,
      categoryNameEn: s.categories.nameEn,
      supplierId: s.suppliers.id,
      supplierSlug: s.suppliers.slug,
      supplierName: s.suppliers.name,
      supplierNameEn: s.suppliers.nameEn,
      supplierKind: s.suppliers.kind,
      villageCode: village.code,
      villageName: village.name,
      villageNameEn: village.nameEn,
      townCode: town.code,
      townName: town.name,
      townNameEn: town.nameEn,
      supplierCertified: certifiedNow("supplier", s.suppliers.id),
      updatedAt: s.products.updatedAt,
      productId: s.products.id, // for the reviews, favourites and pre-sales beside it (issue 20)
      salesCount: s.products.salesCount,
    })
    .from(s.products)
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.products.supplierId))
    .innerJoin(s.categories, eq(s.categories.id, s.products.categoryId))
    .innerJoin(village, eq(village.id, s.products.originVillageId))
    .innerJoin(town, eq(town.id, village.parentId))
    .where(and(eq(s.products.slug, slug), eq(s.products.status, "active"), eq(s.suppliers.status, "active")));
  if (!product) return null;
  const [variants, images, certification, impact] = await Promise.all([
    db
      .select({
        id: s.productVariants.id,
        spec: s.productVariants.spec,
        specEn: s.productVariants.specEn,
        priceFen: s.productVariants.priceFen,
        stock: s.productVariants.stock,
      })
      .from(s.productVariants)
      .where(and(eq(s.productVariants.productId, product.id), eq(s.productVariants.active, true)))
      .orderBy(asc(s.productVariants.sortOrder), asc(s.productVariants.sku)),
    db
      .select({
        path: s.productImages.path,
        alt: s.productImages.alt,
        width: s.productImages.width,
        height: s.productImages.height,
      })
      .from(s.productImages)
      .where(eq(s.productImages.productId, product.id))
      .orderBy(asc(s.productImages.sortOrder), asc(s.productImages.id)),
    currentCertificate("product", product.id),
    getImpact({ supplierId: product.supplierId, productId: product.id }),
  ]);
  if (variants.length === 0) return null;
  const cert = product.supplierCertified ? (certification[0] ?? null) : null;
  const { id: _id, supplierId: _supplierId, supplierCertified: _c, ...rest } = product;
  // English: names of places and the supplier fall back to pinyin; a description to a summary.
  const names = {
    supplierNameEn: englishName(product.supplierName, product.supplierNameEn),
    villageNameEn: englishName(product.villageName, product.villageNameEn),
    townNameEn: englishName(product.townName, product.townNameEn),
  };
  return {
    ...rest,
    ...names,
    descriptionEn:
      product.descriptionEn ||
      fallbackDescriptionEn({ nameEn: product.nameEn, categoryNameEn: product.categoryNameEn, ...names }),
    images: images.map((image, i) => ({
      ...image,
      altEn: `${product.nameEn || product.categoryNameEn} — ${i + 1} / ${images.length}`,
    })),
    seasonMonths: [...product.seasonMonths].sort((a, b) => a - b),
    variants,
    certification: cert,
    impact,
  };
}

/** A supplier's public page, or null when the slug is unknown or the supplier is suspended. */
export async function getSupplierBySlug(slug: string) {
  const [supplier] = await db
    .select({
      id: s.suppliers.id,
      slug: s.suppliers.slug,
      name: s.suppliers.name,
      nameEn: s.suppliers.nameEn,
      kind: s.suppliers.kind,
      partyBranchLed: s.suppliers.partyBranchLed,
      story: s.suppliers.story,
      storyEn: s.suppliers.storyEn,
      villageCode: village.code,
      villageName: village.name,
      villageNameEn: village.nameEn,
      townCode: town.code,
      townName: town.name,
      townNameEn: town.nameEn,
    })
    .from(s.suppliers)
    .innerJoin(village, eq(village.id, s.suppliers.villageId))
    .innerJoin(town, eq(town.id, s.suppliers.townId))
    .where(and(eq(s.suppliers.slug, slug), eq(s.suppliers.status, "active")));
  if (!supplier) return null;
  const [certification, products, impact] = await Promise.all([
    currentCertificate("supplier", supplier.id),
    queryCards({ where: eq(s.products.supplierId, supplier.id), orderBy: popularFirst(), limit: 200 }),
    getImpact({ supplierId: supplier.id }),
  ]);
  const { id: _id, ...rest } = supplier;
  return {
    ...rest,
    nameEn: englishName(supplier.name, supplier.nameEn),
    villageNameEn: englishName(supplier.villageName, supplier.villageNameEn),
    townNameEn: englishName(supplier.townName, supplier.townNameEn),
    kind: rest.kind as SupplierKind,
    certification: certification[0] ?? null,
    products,
    impact,
  };
}

// ─── home page ───────────────────────────────────────────────────────────────────────────

/** This year's assisted sales and households reached, from the rollup tables (not the ledger), on statsDb (decision 135). */
export async function getYearHeadline(year: number) {
  const from = `${year}-01-01`;
  const until = `${year}-12-31`;
  const { asOf } = await statsFreshness();
  const reached = statsDb
    .select({ id: s.statsBeneficiaryDaily.beneficiaryId })
    .from(s.statsBeneficiaryDaily)
    .where(
      and(
        eq(s.statsBeneficiaryDaily.beneficiaryType, "household"),
        gte(s.statsBeneficiaryDaily.statDate, from),
        lte(s.statsBeneficiaryDaily.statDate, until),
      ),
    )
    .groupBy(s.statsBeneficiaryDaily.beneficiaryId)
    .having(sql`sum(${s.statsBeneficiaryDaily.amountFen}) > 0`)
    .as("reached");
  const [[sales], [households]] = await Promise.all([
    statsDb
      .select({ fen: sql<string>`coalesce(sum(${s.statsSalesDaily.salesFen}), 0)` })
      .from(s.statsSalesDaily)
      .where(
        and(
          eq(s.statsSalesDaily.certified, true),
          gte(s.statsSalesDaily.statDate, from),
          lte(s.statsSalesDaily.statDate, until),
        ),
      ),
    statsDb.select({ n: count() }).from(reached),
  ]);
  return { year, assistedSalesFen: Number(sales.fen), householdsReached: households.n, asOf };
}

/** How many products are on sale. */
async function countOnSale() {
  const [{ total }] = await db
    .select({ total: count() })
    .from(s.products)
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.products.supplierId))
    .where(onSale());
  return total;
}

/** The towns products on sale come from, with how many: the home page's "browse by origin" links. */
async function listOriginTowns() {
  const village = alias(s.regions, "origin_village");
  const town = alias(s.regions, "origin_town");
  const rows = await db
    .select({ code: town.code, name: town.name, nameEn: town.nameEn, count: count() })
    .from(s.products)
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.products.supplierId))
    .innerJoin(village, eq(village.id, s.products.originVillageId))
    .innerJoin(town, eq(town.id, village.parentId))
    .where(onSale())
    .groupBy(town.id, town.code, town.name, town.nameEn)
    .orderBy(desc(count()), asc(town.code));
  return rows;
}

/**
 * The home page's headline figures, kept for a minute per process: sums over a year of rollups and
 * a count of everything on sale move slowly, and a minute's staleness on a storefront banner is
 * acceptable. Nothing else invalidates them.
 */
const cachedYearHeadline = ttlCached(60_000, getYearHeadline);
const cachedCountOnSale = ttlCached(60_000, (_all: "all") => countOnSale());
const cachedOriginTowns = ttlCached(60_000, (_all: "all") => listOriginTowns());

export async function getHomePage({ now = new Date() }: { now?: Date } = {}) {
  const { year, month } = shanghaiYearMonth(now);
  // No list of every product here (it made the phone page 3,500 px longer): the sitemap carries
  // every product for search engines, the origin towns and categories lead shoppers on.
  const [categories, featured, seasonal, towns, total, headline, unreached] = await Promise.all([
    listTopCategories(),
    queryCards({ where: eq(s.products.featured, true), orderBy: popularFirst(), limit: 8 }),
    queryCards({ where: sql`${month} = any(${s.products.seasonMonths})`, orderBy: popularFirst(), limit: 8 }),
    cachedOriginTowns("all"),
    cachedCountOnSale("all"),
    cachedYearHeadline(year),
    unreachedShelf(),
  ]);
  return { month, categories, featured, seasonal, towns, totalProducts: total, headline, unreached };
}

/** The "帮扶最需要的农户" shelf (issue 21): the products reaching most monitored households still waiting. */
async function unreachedShelf() {
  const ids = await topReachProductIds(8);
  if (ids.length === 0) return { products: [], reach: {} };
  const products = await queryCards({
    where: inArray(s.products.id, ids),
    orderBy: [sql`${reachRank(s.products.id)} desc`, ...popularFirst()],
    limit: 8,
  });
  return { products, reach: await reachFiguresBySlug(products.map((p) => p.slug)) };
}

// ─── sitemap ─────────────────────────────────────────────────────────────────────────────

/** Every product on sale, every active supplier and every pavilion (issue 21), for /sitemap.xml. */
export async function listSitemapEntries() {
  const [products, suppliers, villages, towns] = await Promise.all([
    db
      .select({ slug: s.products.slug, updatedAt: s.products.updatedAt })
      .from(s.products)
      .innerJoin(s.suppliers, eq(s.suppliers.id, s.products.supplierId))
      .where(onSale())
      .orderBy(asc(s.products.slug)),
    db
      .select({ slug: s.suppliers.slug })
      .from(s.suppliers)
      .where(eq(s.suppliers.status, "active"))
      .orderBy(asc(s.suppliers.slug)),
    // Village pavilions of the villages products on sale come from; every town's pavilion.
    db
      .selectDistinct({ code: village.code })
      .from(s.products)
      .innerJoin(s.suppliers, eq(s.suppliers.id, s.products.supplierId))
      .innerJoin(village, eq(village.id, s.products.originVillageId))
      .where(onSale())
      .orderBy(asc(village.code)),
    db
      .select({ code: s.regions.code })
      .from(s.regions)
      .where(inArray(s.regions.level, ["town", "subdistrict"]))
      .orderBy(asc(s.regions.code)),
  ]);
  return { products, suppliers, villages, towns };
}
