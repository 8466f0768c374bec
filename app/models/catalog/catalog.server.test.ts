// The catalogue on the real engine of the run (PGlite, or PostgreSQL in CI), over the seeded demo data.
// Every expectation is checked against an answer computed independently from the raw tables.
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { shanghaiDate } from "~/lib/dates";
import { db, schema as s, seededRandom } from "~/lib/db.server";
import { MECHANISMS } from "../../../core/mechanisms";
import { seedDatabase } from "../../../db/seed";
import { parseCatalogParams } from "./catalog-params.server";
import { EMPTY_FILTERS, PAGE_SIZE, type CatalogFilters } from "./catalog-query";
import {
  getHomePage,
  getImpact,
  getProductBySlug,
  getSupplierBySlug,
  getYearHeadline,
  listSitemapEntries,
  searchCatalog,
} from "./catalog.server";
import { shanghaiYearMonth } from "~/lib/dates";

type Row = {
  id: string;
  slug: string;
  name: string;
  supplierId: string;
  supplierName: string;
  supplierKind: string;
  categoryId: number;
  villageId: number;
  villageName: string;
  townId: number;
  salesCount: number;
  createdAt: Date;
  seasonMonths: number[];
  prices: number[];
  stocks: number[];
  certified: boolean;
};

let all: Row[] = [];
let categories: (typeof s.categories.$inferSelect)[] = [];
let regions: (typeof s.regions.$inferSelect)[] = [];
const today = shanghaiDate(new Date());

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 400 });
  categories = await db.select().from(s.categories);
  regions = await db.select().from(s.regions);
  const [products, suppliers, variants, certs] = await Promise.all([
    db.select().from(s.products),
    db.select().from(s.suppliers),
    db.select().from(s.productVariants),
    db.select().from(s.certifications),
  ]);
  const valid = (c: typeof s.certifications.$inferSelect) =>
    c.status === "certified" && c.validUntil !== null && c.validUntil >= today;
  all = products
    .filter((p) => p.status === "active")
    .map((p) => {
      const supplier = suppliers.find((x) => x.id === p.supplierId)!;
      const village = regions.find((r) => r.id === p.originVillageId)!;
      const own = variants.filter((v) => v.productId === p.id && v.active);
      return {
        id: p.id,
        slug: p.slug,
        name: p.name,
        supplierId: supplier.id,
        supplierName: supplier.name,
        supplierKind: supplier.kind,
        categoryId: p.categoryId,
        villageId: village.id,
        villageName: village.name,
        townId: village.parentId!,
        salesCount: p.salesCount,
        createdAt: p.createdAt,
        seasonMonths: p.seasonMonths,
        prices: own.map((v) => v.priceFen),
        stocks: own.map((v) => v.stock),
        certified:
          certs.some((c) => c.subject === "product" && c.productId === p.id && valid(c)) &&
          certs.some((c) => c.subject === "supplier" && c.supplierId === supplier.id && valid(c)),
      };
    });
});

const filters = (change: Partial<CatalogFilters>): CatalogFilters => ({ ...EMPTY_FILTERS, ...change });

/** Every page of a search, until the first empty one. */
async function allPages(change: Partial<CatalogFilters>) {
  const slugs: string[] = [];
  for (let page = 1; ; page++) {
    const result = await searchCatalog(filters({ ...change, page }));
    if (result.products.length === 0) return { slugs, total: result.total };
    slugs.push(...result.products.map((p) => p.slug));
  }
}

const sorted = (values: string[]) => [...values].sort();
const slugsWhere = (predicate: (r: Row) => boolean) => sorted(all.filter(predicate).map((r) => r.slug));

describe("search", () => {
  it.each(["香菇", "xianggu", "xg", "XiangGu", " xiang gu "])(
    "finds every 香菇 product for %j",
    async (q) => {
      const { slugs, total } = await allPages({ q, sort: "popular" });
      const shiitake = slugsWhere((r) => r.name.includes("香菇"));
      expect(shiitake.length).toBeGreaterThan(3);
      expect(slugs).toEqual(expect.arrayContaining(shiitake));
      expect(total).toBe(slugs.length);
    },
  );

  it("matches the Chinese as a substring, exactly as the search text says", async () => {
    const { slugs } = await allPages({ q: "香菇" });
    const rows = await db.select({ slug: s.products.slug, text: s.products.searchText }).from(s.products);
    expect(sorted(slugs)).toEqual(sorted(rows.filter((r) => r.text.includes("香菇")).map((r) => r.slug)));
  });

  it("puts products named after the query first", async () => {
    const { products } = await searchCatalog(filters({ q: "xianggu" }));
    expect(products[0].name).toContain("香菇");
  });

  it("finds products by their village of origin, in Chinese and in pinyin", async () => {
    const expected = slugsWhere((r) => r.villageName === "雷家沟村");
    expect(expected.length).toBeGreaterThan(0);
    for (const q of ["雷家沟", "leijiagou"]) {
      const { slugs } = await allPages({ q });
      expect(slugs).toEqual(expect.arrayContaining(expected));
    }
  });

  it("finds products by their supplier's name", async () => {
    const expected = slugsWhere((r) => r.supplierName === "三门峡青龙菌业有限公司");
    const { slugs } = await allPages({ q: "青龙菌业" });
    expect(sorted(slugs)).toEqual(expected);
  });

  it("loses no match through the bigram index, for slices of every length of the search texts", async () => {
    const onSale = new Set(all.map((r) => r.slug));
    const rows = (await db.select({ slug: s.products.slug, text: s.products.searchText }).from(s.products))
      .filter((r) => onSale.has(r.slug))
      .map((r) => ({ slug: r.slug, text: r.text.toLowerCase() }));
    const random = seededRandom(58);
    const slices: string[] = [];
    for (let i = 0; i < 40; i++) {
      const { text } = random.pick(rows);
      const length = random.int(1, 5);
      const start = random.int(0, Math.max(0, text.length - length));
      const slice = text.slice(start, start + length);
      if (slice && !/\s/.test(slice)) slices.push(i % 3 === 0 ? slice.toUpperCase() : slice);
    }
    expect(slices.length).toBeGreaterThan(20);
    for (const q of slices) {
      const needle = q.toLowerCase();
      const expected = rows.filter((r) => r.text.includes(needle)).length;
      expect(expected, q).toBeGreaterThan(0);
      expect((await searchCatalog(filters({ q }))).total, q).toBe(expected);
    }
  });

  it("keeps each product's bigrams in the database as the search index", async () => {
    const rows = await db
      .select({ text: s.products.searchText, grams: s.products.searchGrams })
      .from(s.products)
      .limit(20);
    for (const { text, grams } of rows) {
      const lower = text.toLowerCase();
      const expected = new Set(Array.from({ length: lower.length - 1 }, (_, i) => lower.slice(i, i + 2)));
      expect(sorted(grams ?? [])).toEqual(sorted([...expected]));
    }
  });

  it("lets the database answer a 2-character search from the index, not a scan", async () => {
    const plan = await db.transaction(async (tx) => {
      // With few rows a scan is cheaper; forbid it to ask whether the index can answer at all.
      await tx.execute(sql`set local enable_seqscan = off`);
      const result = await tx.execute(
        sql`explain select id from products where search_grams @> search_bigrams(${"香菇"}) and search_text ilike ${"%香菇%"}`,
      );
      return JSON.stringify(result);
    });
    expect(plan).toContain("products_search_grams_idx");
  });

  it("takes %, _ and \\ literally", async () => {
    for (const q of ["%", "_", "\\", "香%菇", "x_"]) {
      const result = await searchCatalog(filters({ q }));
      expect(result.total, q).toBe(0);
    }
  });

  it("suggests categories and popular products when nothing matches, and says what was searched", async () => {
    const result = await searchCatalog(filters({ q: "没有这种东西" }));
    expect(result.total).toBe(0);
    expect(result.products).toEqual([]);
    expect(result.filters.q).toBe("没有这种东西");
    expect(result.categories.length).toBeGreaterThan(0);
    expect(result.suggestions.length).toBeGreaterThan(0);
    const best = [...all].sort((a, b) => b.salesCount - a.salesCount || a.slug.localeCompare(b.slug))[0];
    expect(result.suggestions[0].slug).toBe(best.slug);
  });
});

describe("filters", () => {
  const categoryIds = (slug: string) => {
    const c = categories.find((x) => x.slug === slug)!;
    return [c.id, ...categories.filter((x) => x.parentId === c.id).map((x) => x.id)];
  };

  it("by top-level category: the category and its children", async () => {
    const { slugs } = await allPages({ category: "fungi" });
    expect(sorted(slugs)).toEqual(slugsWhere((r) => categoryIds("fungi").includes(r.categoryId)));
    expect(slugs.length).toBeGreaterThan(PAGE_SIZE / 2);
  });

  it("by leaf category", async () => {
    const { slugs } = await allPages({ category: "fungi-shiitake" });
    const leaf = categories.find((c) => c.slug === "fungi-shiitake")!;
    expect(sorted(slugs)).toEqual(slugsWhere((r) => r.categoryId === leaf.id));
    expect(slugs.length).toBeGreaterThan(0);
  });

  it("ignores an unknown category and says so", async () => {
    const result = await searchCatalog(filters({ category: "no-such-thing" }));
    expect(result.problems).toEqual([{ code: "category", value: "no-such-thing" }]);
    expect(result.filters.category).toBeNull();
    expect(result.total).toBe(all.length);
  });

  it("by town and by village of origin", async () => {
    const town = regions.find((r) => r.name === "大王镇")!;
    const { slugs } = await allPages({ town: town.code });
    expect(sorted(slugs)).toEqual(slugsWhere((r) => r.townId === town.id));
    const village = regions.find((r) => r.name === "五帝村")!;
    const byVillage = await allPages({ village: village.code });
    expect(sorted(byVillage.slugs)).toEqual(slugsWhere((r) => r.villageId === village.id));
    expect(byVillage.slugs.length).toBeGreaterThan(0);
    // Village and its own town together: the village.
    const both = await allPages({ town: town.code, village: village.code });
    expect(sorted(both.slugs)).toEqual(sorted(byVillage.slugs));
  });

  it("drops a village outside the chosen town, and unknown regions", async () => {
    const town = regions.find((r) => r.name === "阳店镇")!;
    const village = regions.find((r) => r.name === "五帝村")!;
    const result = await searchCatalog(filters({ town: town.code, village: village.code }));
    expect(result.problems.map((p) => p.code)).toEqual(["village_town"]);
    expect(result.filters.village).toBeNull();
    expect(result.total).toBe(all.filter((r) => r.townId === town.id).length);
    const unknown = await searchCatalog(filters({ town: "999999999999", village: "999999999998" }));
    expect(unknown.problems.map((p) => p.code)).toEqual(["town", "village"]);
    expect(unknown.total).toBe(all.length);
  });

  it("by supplier kind", async () => {
    for (const kind of [
      "cooperative",
      "enterprise",
      "village_collective",
      "workshop",
      "household",
    ] as const) {
      const { slugs } = await allPages({ kind });
      expect(sorted(slugs), kind).toEqual(slugsWhere((r) => r.supplierKind === kind));
      expect(slugs.length, kind).toBeGreaterThan(0);
    }
  });

  it("certified only", async () => {
    const { slugs } = await allPages({ certified: true });
    expect(sorted(slugs)).toEqual(slugsWhere((r) => r.certified));
    expect(slugs.length).toBeLessThan(all.length);
    expect(slugs.length).toBeGreaterThan(0);
  });

  it("in stock only", async () => {
    const { slugs } = await allPages({ inStock: true });
    expect(sorted(slugs)).toEqual(slugsWhere((r) => r.stocks.some((n) => n > 0)));
  });

  it("by price range in fen: a variant in the range", async () => {
    const { slugs } = await allPages({ minPriceFen: 3000, maxPriceFen: 5000 });
    expect(sorted(slugs)).toEqual(slugsWhere((r) => r.prices.some((p) => p >= 3000 && p <= 5000)));
    expect(slugs.length).toBeGreaterThan(0);
    const cheap = await allPages({ maxPriceFen: 2000 });
    expect(sorted(cheap.slugs)).toEqual(slugsWhere((r) => r.prices.some((p) => p <= 2000)));
    const dear = await allPages({ minPriceFen: 20000 });
    expect(sorted(dear.slugs)).toEqual(slugsWhere((r) => r.prices.some((p) => p >= 20000)));
  });

  it("price and stock apply to the same variant", async () => {
    const { slugs } = await allPages({ maxPriceFen: 4000, inStock: true });
    expect(sorted(slugs)).toEqual(slugsWhere((r) => r.prices.some((p, i) => p <= 4000 && r.stocks[i] > 0)));
  });

  it("reads prices in yuan from the URL and reports bad values without failing", async () => {
    const parsed = parseCatalogParams(
      new URLSearchParams("minPrice=30&maxPrice=50.5&page=abc&sort=cheap&kind=x&certified=1"),
    );
    expect(parsed.filters).toMatchObject({
      minPriceFen: 3000,
      maxPriceFen: 5050,
      page: 1,
      sort: "popular",
      kind: null,
      certified: true,
    });
    expect(sorted(parsed.problems.map((p) => p.code))).toEqual(["kind", "page", "sort"]);
    const bad = parseCatalogParams(new URLSearchParams("minPrice=abc&maxPrice=-1"));
    expect(bad.filters.minPriceFen).toBeNull();
    expect(bad.filters.maxPriceFen).toBeNull();
    expect(bad.problems.map((p) => p.code)).toEqual(["price_min", "price_max"]);
    const reversed = parseCatalogParams(new URLSearchParams("minPrice=90&maxPrice=10"));
    expect(reversed.problems.map((p) => p.code)).toEqual(["price_range"]);
    expect((await searchCatalog(bad.filters)).total).toBe(all.length);
  });

  it("combines filters", async () => {
    const fungi = categoryIds("fungi");
    const { slugs } = await allPages({ category: "fungi", certified: true, inStock: true, q: "xg" });
    const rows = await db.select({ slug: s.products.slug, text: s.products.searchText }).from(s.products);
    const matching = new Set(rows.filter((r) => r.text.includes("xg")).map((r) => r.slug));
    expect(sorted(slugs)).toEqual(
      slugsWhere(
        (r) =>
          fungi.includes(r.categoryId) && r.certified && r.stocks.some((n) => n > 0) && matching.has(r.slug),
      ),
    );
  });
});

describe("sort", () => {
  it("popular: by units sold", async () => {
    const { slugs } = await allPages({ sort: "popular" });
    const expected = [...all]
      .sort((a, b) => b.salesCount - a.salesCount || (a.slug < b.slug ? -1 : 1))
      .map((r) => r.slug);
    expect(slugs).toEqual(expected);
  });

  it("newest first", async () => {
    const { slugs } = await allPages({ sort: "newest" });
    const expected = [...all]
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.slug < b.slug ? -1 : 1))
      .map((r) => r.slug);
    expect(slugs).toEqual(expected);
  });

  it("by the lowest price, both ways", async () => {
    const minPrice = new Map(all.map((r) => [r.slug, Math.min(...r.prices)]));
    const asc = (await allPages({ sort: "price_asc" })).slugs.map((slug) => minPrice.get(slug)!);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    const desc = (await allPages({ sort: "price_desc" })).slugs.map((slug) => minPrice.get(slug)!);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    const { products } = await searchCatalog(filters({ sort: "price_asc" }));
    expect(products[0].minPriceFen).toBe(Math.min(...minPrice.values()));
  });
});

describe("pagination", () => {
  it("pages differ, their union is everything once, and a page beyond the last is empty with the total known", async () => {
    const first = await searchCatalog(filters({ page: 1 }));
    const second = await searchCatalog(filters({ page: 2 }));
    expect(first.products).toHaveLength(PAGE_SIZE);
    expect(first.total).toBe(all.length);
    expect(first.pageCount).toBe(Math.ceil(all.length / PAGE_SIZE));
    const firstSlugs = new Set(first.products.map((p) => p.slug));
    expect(second.products.some((p) => firstSlugs.has(p.slug))).toBe(false);

    const { slugs, total } = await allPages({});
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(sorted(slugs)).toEqual(slugsWhere(() => true));
    expect(total).toBe(all.length);

    const last = await searchCatalog(filters({ page: first.pageCount }));
    expect(last.products).toHaveLength(all.length - (first.pageCount - 1) * PAGE_SIZE);
    const beyond = await searchCatalog(filters({ page: first.pageCount + 5 }));
    expect(beyond.products).toEqual([]);
    expect(beyond.total).toBe(all.length);
    expect(beyond.pageCount).toBe(first.pageCount);
    expect(beyond.suggestions).toEqual([]);
  });
});

describe("search pagination", () => {
  it("a search's total is right on every page, beyond the last too, and matches the search text", async () => {
    const q = "cun"; // every village's pinyin: more matches than one page holds
    const texts = await db.select({ slug: s.products.slug, text: s.products.searchText }).from(s.products);
    const expected = slugsWhere((r) => texts.some((t) => t.slug === r.slug && t.text.includes(q)));
    expect(expected.length).toBeGreaterThan(PAGE_SIZE);
    const first = await searchCatalog(filters({ q }));
    expect(first.products).toHaveLength(PAGE_SIZE);
    expect(first.total).toBe(expected.length);
    const { slugs, total } = await allPages({ q });
    expect(sorted(slugs)).toEqual(expected);
    expect(total).toBe(expected.length);
    const beyond = await searchCatalog(filters({ q, page: first.pageCount + 3 }));
    expect(beyond.products).toEqual([]);
    expect(beyond.total).toBe(expected.length);
  });
});

describe("remembered counts", () => {
  it("a product leaving or joining a filtered list changes its total at once when the page shows it", async () => {
    const leaf = categories.find((c) => {
      const n = all.filter((r) => r.categoryId === c.id).length;
      return c.parentId !== null && n > 1 && n < PAGE_SIZE;
    })!;
    const inLeaf = all.filter((r) => r.categoryId === leaf.id);
    const first = await searchCatalog(filters({ category: leaf.slug }));
    expect(first.total).toBe(inLeaf.length);
    await db.update(s.products).set({ status: "draft" }).where(eq(s.products.id, inLeaf[0].id));
    try {
      const fewer = await searchCatalog(filters({ category: leaf.slug, sort: "newest" }));
      expect(fewer.products).toHaveLength(inLeaf.length - 1);
      expect(fewer.total).toBe(inLeaf.length - 1);
    } finally {
      await db.update(s.products).set({ status: "active" }).where(eq(s.products.id, inLeaf[0].id));
    }
    const again = await searchCatalog(filters({ category: leaf.slug }));
    expect(again.products).toHaveLength(inLeaf.length);
    expect(again.total).toBe(inLeaf.length);
  });
});

describe("impact panel", () => {
  type Tables = {
    linkages: (typeof s.linkages.$inferSelect)[];
    households: (typeof s.households.$inferSelect)[];
    collectives: (typeof s.villageCollectives.$inferSelect)[];
  };
  const loadTables = async (): Promise<Tables> => ({
    linkages: await db.select().from(s.linkages),
    households: await db.select().from(s.households),
    collectives: await db.select().from(s.villageCollectives),
  });

  function independentImpact(
    { linkages, households, collectives }: Tables,
    supplierId: string,
    productId: string | null,
  ) {
    const inForce = linkages.filter(
      (l) =>
        l.supplierId === supplierId &&
        l.status === "approved" &&
        l.validFrom <= today &&
        (l.validUntil === null || l.validUntil >= today),
    );
    const own = productId ? inForce.filter((l) => l.productId === productId) : [];
    const used = own.length ? own : inForce.filter((l) => l.productId === null);
    const householdIds = new Set(used.flatMap((l) => (l.householdId ? [l.householdId] : [])));
    const collectiveIds = new Set(
      used.flatMap((l) => (l.villageCollectiveId ? [l.villageCollectiveId] : [])),
    );
    const kinds = [...householdIds].map((id) => households.find((h) => h.id === id)!);
    const villages = new Set([
      ...kinds.map((h) => h.villageId),
      ...[...collectiveIds].map((id) => collectives.find((c) => c.id === id)!.villageId),
    ]);
    return {
      households: householdIds.size,
      monitoredHouseholds: kinds.filter((h) => h.kind.startsWith("monitored_")).length,
      villageCollectives: collectiveIds.size,
      villages: villages.size,
      mechanisms: MECHANISMS.filter((m) => used.some((l) => l.mechanism === m)),
      source: own.length ? "product" : "supplier",
      ownLinkages: own.length,
    };
  }

  it("counts what the linkages table says, for every product, and exposes no names or ids", async () => {
    const tables = await loadTables();
    const { linkages, households } = tables;
    let withOwn = 0;
    let withMonitored = 0;
    for (const product of all) {
      const { ownLinkages, ...expected } = independentImpact(tables, product.supplierId, product.id);
      const impact = await getImpact({ supplierId: product.supplierId, productId: product.id });
      expect(impact, product.slug).toEqual(expected);
      if (ownLinkages) withOwn++;
      if (impact.monitoredHouseholds) withMonitored++;
    }
    expect(withOwn).toBeGreaterThan(0); // the seed gives some products their own linkages
    expect(withMonitored).toBeGreaterThan(0);

    // Aggregates only: counts and mechanism codes, nothing that names or points at a beneficiary.
    const product = all.find((r) => r.supplierKind === "cooperative")!;
    const data = (await getProductBySlug(product.slug))!;
    expect(Object.keys(data.impact).sort()).toEqual([
      "households",
      "mechanisms",
      "monitoredHouseholds",
      "source",
      "villageCollectives",
      "villages",
    ]);
    for (const [key, value] of Object.entries(data.impact)) {
      if (key === "mechanisms") for (const m of value as string[]) expect(MECHANISMS).toContain(m);
      else if (key === "source") expect(["product", "supplier"]).toContain(value);
      else expect(typeof value).toBe("number");
    }
    const page = JSON.stringify(data);
    for (const h of households) {
      expect(page).not.toContain(h.id);
      expect(page).not.toContain(h.registryCode);
      expect(page).not.toContain(h.idCardMasked);
    }
    for (const l of linkages) expect(page).not.toContain(l.id);
    for (const c of await db.select().from(s.villageCollectives)) expect(page).not.toContain(c.name);
  });

  it("ignores linkages that are not approved or not in force today", async () => {
    const product = all[0];
    const before = await getImpact({ supplierId: product.supplierId, productId: product.id });
    const [household] = await db.select().from(s.households).limit(1);
    const base = {
      supplierId: product.supplierId,
      beneficiaryType: "household" as const,
      householdId: household.id,
      mechanism: "rebate_share" as const,
      weight: 1,
    };
    // Product-specific, but none in force: the product keeps using the supplier's linkages.
    await db.insert(s.linkages).values([
      {
        ...base,
        productId: product.id,
        validFrom: "2020-01-01",
        validUntil: "2020-12-31",
        status: "approved",
      },
      { ...base, productId: product.id, validFrom: "2026-01-01", status: "proposed" },
      { ...base, productId: product.id, validFrom: "2999-01-01", status: "approved" },
    ]);
    expect(await getImpact({ supplierId: product.supplierId, productId: product.id })).toEqual(before);
    // One in force: now the product's own linkages alone count.
    await db
      .insert(s.linkages)
      .values({ ...base, productId: product.id, validFrom: "2020-01-01", status: "approved" });
    expect(await getImpact({ supplierId: product.supplierId, productId: product.id })).toEqual({
      households: 1,
      monitoredHouseholds: household.kind === "alleviated" ? 0 : 1,
      villageCollectives: 0,
      villages: 1,
      mechanisms: ["rebate_share"],
      source: "product",
    });
  });
});

describe("pages", () => {
  it("a product page has its origin, season, trace code and variants; unknown slugs give null", async () => {
    const row = all.find((r) => r.seasonMonths.length > 0)!;
    const page = (await getProductBySlug(row.slug))!;
    expect(page.villageName).toBe(row.villageName);
    expect(page.townName).toBe(regions.find((r) => r.id === row.townId)!.name);
    expect(page.seasonMonths).toEqual([...row.seasonMonths].sort((a, b) => a - b));
    expect(page.traceCode).toMatch(/^SMX\d{6}$/);
    expect(page.variants.map((v) => v.priceFen).sort()).toEqual([...row.prices].sort());
    expect(await getProductBySlug("no-such-product")).toBeNull();
  });

  it("a supplier page has the story, certification and products; unknown slugs give null", async () => {
    const [supplier] = await db
      .select()
      .from(s.suppliers)
      .where(eq(s.suppliers.slug, "xiazhuang-fruit-coop"));
    const page = (await getSupplierBySlug(supplier.slug))!;
    expect(page.story).toBe(supplier.story);
    expect(page.partyBranchLed).toBe(true);
    expect(page.certification?.certificateNo).toMatch(/^SMX-XFBF-2026-\d{4}$/);
    expect(sorted(page.products.map((p) => p.slug))).toEqual(slugsWhere((r) => r.supplierId === supplier.id));
    expect(page.impact.households).toBeGreaterThan(0);
    expect(JSON.stringify(page)).not.toContain(supplier.contactPhone);
    expect(await getSupplierBySlug("no-such-supplier")).toBeNull();
  });

  it("the home page: seasonal products are in season this month in Shanghai; featured are featured", async () => {
    const now = new Date("2026-07-15T20:00:00Z"); // already 16 July in Shanghai
    expect(shanghaiYearMonth(new Date("2026-07-31T17:00:00Z"))).toEqual({ year: 2026, month: 8 });
    const home = await getHomePage({ now });
    expect(home.month).toBe(7);
    expect(home.seasonal.length).toBeGreaterThan(0);
    for (const card of home.seasonal)
      expect(all.find((r) => r.slug === card.slug)!.seasonMonths).toContain(7);
    expect(home.featured.length).toBeGreaterThan(0);
    expect(home.totalProducts).toBe(all.length);
    expect(home.categories.length).toBeGreaterThan(0);
  });

  it("the home page carries no list of every product: the origin towns with their counts instead (light on a phone)", async () => {
    const home = await getHomePage();
    expect(home).not.toHaveProperty("popular");
    expect(home.featured.length + home.seasonal.length).toBeLessThanOrEqual(16);
    expect(home.towns.length).toBeGreaterThan(1);
    for (const town of home.towns) expect(town.count).toBeGreaterThan(0);
    expect(home.towns.reduce((sum, t) => sum + t.count, 0)).toBe(home.totalProducts);
  });

  it("the sitemap lists every product on sale and every active supplier", async () => {
    const { products, suppliers } = await listSitemapEntries();
    expect(sorted(products.map((p) => p.slug))).toEqual(slugsWhere(() => true));
    expect(suppliers.length).toBe((await db.select().from(s.suppliers)).length);
  });
});

describe("headline", () => {
  it("is 0 with an empty ledger, then sums the rollups of this year only", async () => {
    // asOf: how fresh the figures are (the primary here: now; decision 135).
    expect(await getYearHeadline(2031)).toEqual({
      year: 2031,
      assistedSalesFen: 0,
      householdsReached: 0,
      asOf: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const [product] = await db.select().from(s.products).limit(1);
    const [supplier] = await db.select().from(s.suppliers).where(eq(s.suppliers.id, product.supplierId));
    const village = regions.find((r) => r.id === product.originVillageId)!;
    const key = {
      townId: village.parentId!,
      villageId: village.id,
      categoryId: product.categoryId,
      supplierId: supplier.id,
      supplierKind: supplier.kind,
      buyerKind: "individual" as const,
    };
    await db.insert(s.statsSalesDaily).values([
      { ...key, statDate: "2031-02-01", certified: true, salesFen: 12_345 },
      { ...key, statDate: "2031-12-31", certified: true, salesFen: 655 },
      { ...key, statDate: "2031-05-01", certified: false, salesFen: 99_999 }, // not assisted sales
      { ...key, statDate: "2030-12-31", certified: true, salesFen: 50_000 }, // last year
    ]);
    const households = await db.select().from(s.households).limit(4);
    const beneficiary = (
      i: number,
      statDate: string,
      amountFen: number,
      incomeType: "operating" | "wage" = "operating",
    ) => ({
      statDate,
      beneficiaryType: "household" as const,
      beneficiaryId: households[i].id,
      incomeType,
      townId: households[i].townId,
      villageId: households[i].villageId,
      amountFen,
    });
    await db.insert(s.statsBeneficiaryDaily).values([
      beneficiary(0, "2031-03-01", 100),
      beneficiary(0, "2031-03-02", 50, "wage"), // same household twice: counted once
      beneficiary(1, "2031-03-01", 80),
      beneficiary(1, "2031-04-01", -80), // fully refunded: not reached
      beneficiary(2, "2030-06-01", 500), // last year
      { ...beneficiary(3, "2031-03-01", 900), beneficiaryType: "village_collective" as const }, // not a household
    ]);
    expect(await getYearHeadline(2031)).toEqual({
      year: 2031,
      assistedSalesFen: 13_000,
      householdsReached: 1,
      asOf: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });
});
