// Issue 17: 已售 (paid units net of refunds, kept as a counter), English texts with pinyin as the
// fallback for places and suppliers, and the demo gallery's pictures (distinct per product).
import { and, eq, inArray } from "drizzle-orm";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { db, PRODUCTS, schema as s } from "~/lib/db.server";
import { seedDatabase } from "../../../db/seed";
import { parseDemoImageRelative } from "../../../core/product-art";
import type { Caller } from "../access/scope.server";
import { refundLine } from "../ordering/fulfilment.server";
import { buyAndPay } from "../../../tests/support/factories";
import type { CatalogFilters } from "./catalog-query";
import { getProductBySlug, getSupplierBySlug, searchCatalog } from "./catalog.server";
import { DEFAULT_ISSUER } from "./certifications.server";
import { renderDemoImage } from "./demo-images.server";
import { englishIssuer, englishName, KNOWN_ISSUERS } from "./english.server";

let staff: Caller;

const filters = (q: string | null, sort: CatalogFilters["sort"] = "relevance"): CatalogFilters => ({
  q,
  category: null,
  town: null,
  village: null,
  kind: null,
  certified: false,
  inStock: false,
  minPriceFen: null,
  maxPriceFen: null,
  sort: q ? sort : "popular",
  page: 1,
});

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 60 });
  const [user] = await db.select().from(s.users).where(eq(s.users.mobile, "13800000004"));
  staff = user;
}, 60_000);

async function salesOf(productId: string) {
  const [row] = await db
    .select({ n: s.products.salesCount })
    .from(s.products)
    .where(eq(s.products.id, productId));
  return row.n;
}

/** Two variants of one product of the staff member's supplier, with stock. */
async function productOfStaff() {
  const rows = await db
    .select({ variantId: s.productVariants.id, productId: s.products.id, slug: s.products.slug })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .where(and(eq(s.products.supplierId, staff.supplierId!), eq(s.products.status, "active")))
    .orderBy(s.productVariants.sku);
  const first = rows[0];
  const variants = rows.filter((r) => r.productId === first.productId);
  await db
    .update(s.productVariants)
    .set({ stock: 500 })
    .where(
      inArray(
        s.productVariants.id,
        variants.map((v) => v.variantId),
      ),
    );
  return { productId: first.productId, slug: first.slug, variants: variants.map((v) => v.variantId) };
}

describe("已售: paid units net of refunds", () => {
  it("starts at zero in the seed, grows when an order is paid, shrinks by the units refunded, not by a money-only refund", async () => {
    const product = await productOfStaff();
    expect(await salesOf(product.productId)).toBe(0);
    const order = await buyAndPay({
      items: [
        { variantId: product.variants[0], quantity: 3 },
        ...(product.variants[1] ? [{ variantId: product.variants[1], quantity: 2 }] : []),
      ],
      paidAt: new Date("2026-11-20T10:00:00+08:00"),
    });
    const bought = product.variants[1] ? 5 : 3;
    expect(await salesOf(product.productId)).toBe(bought);
    const page = await getProductBySlug(product.slug);
    expect(page?.salesCount).toBe(bought);
    // The most sold product is first in the popular order, with its count on the card.
    const popular = await searchCatalog(filters(null));
    expect(popular.products[0]).toMatchObject({ slug: product.slug, salesCount: bought });

    const lines = await db.select().from(s.orderLines).where(eq(s.orderLines.orderId, order.orderId));
    const line = lines.find((l) => l.variantId === product.variants[0])!;
    // Money back without goods back: still sold.
    const moneyOnly = await refundLine({ caller: staff, lineId: line.id, amountFen: 1 });
    expect(moneyOnly.ok).toBe(true);
    expect(await salesOf(product.productId)).toBe(bought);
    // Two units back: two fewer sold.
    const units = await refundLine({
      caller: staff,
      lineId: line.id,
      quantity: 2,
      amountFen: line.unitPriceFen,
    });
    expect(units.ok).toBe(true);
    expect(await salesOf(product.productId)).toBe(bought - 2);
    // A refused refund changes nothing.
    const refused = await refundLine({ caller: staff, lineId: line.id, quantity: 5 });
    expect(refused.ok).toBe(false);
    expect(await salesOf(product.productId)).toBe(bought - 2);
  }, 60_000);
});

describe("English", () => {
  it("places, suppliers and issuers without English fall back to pinyin; given English wins", () => {
    expect(englishName("下庄村", null)).toBe("Xiazhuang Village");
    expect(englishName("下庄村", "Xiazhuang")).toBe("Xiazhuang");
    expect(englishName("雷家沟村食用菌专业合作社", "")).toBe("Leijiagou Village Shiyongjun Cooperative");
    expect(englishIssuer(DEFAULT_ISSUER)).toBe(KNOWN_ISSUERS[DEFAULT_ISSUER]);
    expect(englishIssuer("灵宝市农业农村局")).toMatch(/^[\x20-\x7e]+$/);
    expect(englishIssuer(null)).toBeNull();
  });

  it("a seeded product and its supplier have English texts, and a product with none gets an English summary", async () => {
    const product = await productOfStaff();
    const page = (await getProductBySlug(product.slug))!;
    const cjk = /\p{Script=Han}/u;
    for (const text of [
      page.nameEn,
      page.subtitleEn,
      page.descriptionEn,
      page.supplierNameEn,
      page.villageNameEn,
    ])
      expect(text && !cjk.test(text), String(text)).toBe(true);
    expect(page.certification?.issuerEn).toBe(KNOWN_ISSUERS[DEFAULT_ISSUER]);
    expect(page.images.length).toBeGreaterThanOrEqual(3);
    for (const image of page.images) expect(cjk.test(image.altEn)).toBe(false);

    // Nothing in English at all: names in pinyin, a summary instead of the Chinese description.
    await db
      .update(s.products)
      .set({ descriptionEn: null, subtitleEn: null })
      .where(eq(s.products.id, product.productId));
    const [supplier] = await db
      .update(s.suppliers)
      .set({ nameEn: null })
      .where(eq(s.suppliers.id, staff.supplierId!))
      .returning();
    const bare = (await getProductBySlug(product.slug))!;
    expect(bare.subtitleEn).toBeNull();
    expect(cjk.test(bare.descriptionEn)).toBe(false);
    expect(bare.descriptionEn).toContain(bare.villageNameEn);
    expect(cjk.test(bare.supplierNameEn)).toBe(false);
    const supplierPage = (await getSupplierBySlug(supplier.slug))!;
    expect(cjk.test(supplierPage.nameEn)).toBe(false);
  });

  it("search finds a product by its English name and by its Chinese name", async () => {
    const fixture = PRODUCTS.find((p) => p.slug === "xiazhuang-red-fuji-apple-5kg")!;
    for (const q of [fixture.nameEn, fixture.name]) {
      const result = await searchCatalog(filters(q));
      expect(
        result.products.some((c) => c.slug === fixture.slug),
        q,
      ).toBe(true);
    }
  });
});

describe("the demo gallery", () => {
  it("four pictures per seeded product; two products of one category get different bytes; unknown paths render nothing", async () => {
    const [a, b] = PRODUCTS.filter((p) => p.categorySlug === "fungi-shiitake");
    const paths = await db
      .select({ path: s.productImages.path, slug: s.products.slug })
      .from(s.productImages)
      .innerJoin(s.products, eq(s.products.id, s.productImages.productId))
      .where(inArray(s.products.slug, [a.slug, b.slug]))
      .orderBy(s.productImages.sortOrder);
    expect(paths.filter((p) => p.slug === a.slug)).toHaveLength(4);
    const relative = (slug: string, n: number) => {
      const stored = paths.filter((p) => p.slug === slug)[n].path;
      return stored.replace(/^\/media\//, "").replace("-1200", "-480");
    };
    const first = await renderDemoImage(relative(a.slug, 0));
    const again = await renderDemoImage(relative(a.slug, 0));
    const other = await renderDemoImage(relative(b.slug, 0));
    const second = await renderDemoImage(relative(a.slug, 1));
    expect(first && other && second).toBeTruthy();
    expect(Buffer.from(again!).equals(Buffer.from(first!))).toBe(true); // deterministic
    expect(Buffer.from(other!).equals(Buffer.from(first!))).toBe(false);
    expect(Buffer.from(second!).equals(Buffer.from(first!))).toBe(false);
    const meta = await sharp(Buffer.from(first!)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["webp", 480, 360]);
    expect(parseDemoImageRelative(relative(a.slug, 0))).toEqual({ slug: a.slug, view: 1, width: 480 });

    for (const bad of [
      `products/demo/no-such-product/1-480.webp`,
      `products/demo/${a.slug}/5-480.webp`,
      `products/demo/${a.slug}/1-999.webp`,
      `products/demo/../${a.slug}/1-480.webp`,
    ])
      expect(await renderDemoImage(bad), bad).toBeNull();
  }, 60_000);
});
