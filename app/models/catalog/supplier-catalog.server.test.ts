// The supplier's catalogue on the engine of the run: a product made here is found by the store;
// another supplier's products, variants and images are out of reach (and unchanged); certified
// changes are audited; bulk stock is all or nothing.
import type { Caller } from "../access/scope.server";
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { readUpload } from "~/lib/uploads.server";
import { seedDatabase } from "../../../db/seed";
import { EMPTY_FILTERS } from "./catalog-query";
import { getProductBySlug, searchCatalog } from "./catalog.server";
import {
  CERTIFIED_CHANGE_ACTION,
  addProductImage,
  addVariant,
  bulkUpdateStock,
  createProduct,
  getSupplierProduct,
  listStockRows,
  listSupplierProducts,
  makePrimaryImage,
  parseStock,
  percentToBp,
  productFormOptions,
  removeProductImage,
  setProductStatus,
  slugFromName,
  stockRowsFromTable,
  updateProduct,
  updateVariant,
  type ProductInput,
} from "./supplier-catalog.server";

let staffA: Caller, staffB: Caller, customer: Caller;
let villageA: number, villageOtherTown: number, category: number;
let certifiedA: string, uncertifiedA: string, productB: string, variantB: string, imageB: string;

async function account(mobile: string): Promise<Caller> {
  const [u] = await db
    .select({ id: s.users.id, role: s.users.role, supplierId: s.users.supplierId })
    .from(s.users)
    .where(eq(s.users.mobile, mobile));
  return u;
}

async function png(): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp({ create: { width: 40, height: 30, channels: 3, background: "#c33" } })
      .png()
      .toBuffer(),
  );
}

/** Everything of supplier B's catalogue, to compare before and after an attack. */
async function snapshotB() {
  const supplierId = staffB.supplierId!;
  const products = await db
    .select()
    .from(s.products)
    .where(eq(s.products.supplierId, supplierId))
    .orderBy(asc(s.products.id));
  const ids = products.map((p) => p.id);
  const variants = await db
    .select()
    .from(s.productVariants)
    .where(inArray(s.productVariants.productId, ids))
    .orderBy(asc(s.productVariants.id));
  const images = await db
    .select()
    .from(s.productImages)
    .where(inArray(s.productImages.productId, ids))
    .orderBy(asc(s.productImages.id));
  return JSON.stringify({ products, variants, images });
}

const auditCount = async (productId: string) =>
  (
    await db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(s.auditLog)
      .where(and(eq(s.auditLog.action, CERTIFIED_CHANGE_ACTION), eq(s.auditLog.subjectId, productId)))
  )[0].n;

const input = (over: Partial<ProductInput> = {}): ProductInput => ({
  name: "灵宝高山香菇干",
  nameEn: "Dried highland shiitake",
  subtitle: "段木栽培",
  description: "说明",
  categoryId: category,
  originVillageId: villageA,
  benefitRateBp: 800,
  seasonMonths: [3, 10, 3],
  ...over,
});

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 20 });
  staffA = await account("13800000004");
  staffB = await account("13800000005");
  customer = await account("13800000001");
  const [supplierA] = await db.select().from(s.suppliers).where(eq(s.suppliers.id, staffA.supplierId!));
  villageA = (
    await db
      .select({ id: s.regions.id })
      .from(s.regions)
      .where(eq(s.regions.parentId, supplierA.townId))
      .limit(1)
  )[0].id;
  villageOtherTown = (
    await db
      .select({ id: s.regions.id })
      .from(s.regions)
      .where(and(eq(s.regions.level, "village"), ne(s.regions.parentId, supplierA.townId)))
      .limit(1)
  )[0].id;
  category = (
    await db.select({ id: s.categories.id }).from(s.categories).where(eq(s.categories.slug, "fungi-shiitake"))
  )[0].id;
  const productsA = await db
    .select({ id: s.products.id })
    .from(s.products)
    .where(eq(s.products.supplierId, staffA.supplierId!));
  const certifiedIds = new Set(
    (
      await db
        .select({ id: s.certifications.productId })
        .from(s.certifications)
        .where(and(eq(s.certifications.subject, "product"), eq(s.certifications.status, "certified")))
    ).map((r) => r.id),
  );
  certifiedA = productsA.find((p) => certifiedIds.has(p.id))!.id;
  uncertifiedA = productsA.find((p) => !certifiedIds.has(p.id))?.id ?? "";
  if (!uncertifiedA) {
    const made = await createProduct({
      caller: staffA,
      input: input({ name: "未认定的测试商品" }),
      variants: [{ spec: "1 kg", priceFen: 1000, stock: 5 }],
    });
    uncertifiedA = made.ok ? made.id : "";
  }
  productB = (
    await db
      .select({ id: s.products.id })
      .from(s.products)
      .where(eq(s.products.supplierId, staffB.supplierId!))
      .limit(1)
  )[0].id;
  variantB = (
    await db
      .select({ id: s.productVariants.id })
      .from(s.productVariants)
      .where(eq(s.productVariants.productId, productB))
      .limit(1)
  )[0].id;
  imageB = (
    await db
      .select({ id: s.productImages.id })
      .from(s.productImages)
      .where(eq(s.productImages.productId, productB))
      .limit(1)
  )[0].id;
  expect(certifiedA && uncertifiedA && productB && variantB && imageB).toBeTruthy();
});

describe("pure helpers", () => {
  it("percent to basis points, stock counts, slugs", () => {
    expect(percentToBp("8.5")).toBe(850);
    expect(percentToBp("100")).toBe(10000);
    expect(percentToBp("100.01")).toBeNull();
    expect(percentToBp("-1")).toBeNull();
    expect(parseStock("0")).toBe(0);
    expect(parseStock(" 120 ")).toBe(120);
    for (const bad of ["-1", "1.5", "1e3", "", "abc", "10000000"]) expect(parseStock(bad), bad).toBeNull();
    expect(slugFromName("下庄红富士苹果")).toBe("xia-zhuang-hong-fu-shi-ping-guo");
    expect(slugFromName("绿色 5kg 礼盒")).toBe("lv-se-5kg-li-he");
    expect(slugFromName("!!!")).toBe("product");
  });

  it("reads a stock CSV by its headers, with file line numbers", () => {
    expect(
      stockRowsFromTable([
        ["SKU", "库存"],
        ["a-1", "5"],
        ["", ""],
        ["a-2", "7"],
      ]),
    ).toEqual({
      ok: true,
      rows: [
        { row: 2, ref: "a-1", stock: "5" },
        { row: 4, ref: "a-2", stock: "7" },
      ],
    });
    expect(stockRowsFromTable([["name", "qty"]])).toEqual({ ok: false, code: "missing_headers" });
    expect(stockRowsFromTable([["sku", "stock"]])).toEqual({ ok: false, code: "empty" });
  });
});

describe("create, publish, and the store finds it", () => {
  it("a new product is a draft, hidden from the store until published; then found by name, pinyin and filters", async () => {
    const made = await createProduct({
      caller: staffA,
      input: input(),
      variants: [
        { spec: "250 g 袋装", priceFen: 3990, stock: 40 },
        { spec: "500 g 礼盒", specEn: "500 g gift box", priceFen: 7550, stock: 12 },
      ],
      image: { bytes: await png() },
    });
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    expect(made.slug).toBe("ling-bao-gao-shan-xiang-gu-gan");
    const own = await getSupplierProduct({ caller: staffA, productId: made.id });
    expect(own).toMatchObject({
      status: "draft",
      seasonMonths: [3, 10],
      benefitRateBp: 800,
      certified: false,
    });
    expect(own!.variants.map((v) => [v.sku, v.priceFen, v.stock])).toEqual([
      [`${made.slug}-1`, 3990, 40],
      [`${made.slug}-2`, 7550, 12],
    ]);
    expect(own!.images[0].path).toMatch(/^\/media\/products\/.+-1200\.webp$/);
    expect(await getProductBySlug(made.slug)).toBeNull();

    expect(await setProductStatus({ caller: staffA, productId: made.id, status: "active" })).toEqual({
      ok: true,
    });
    const page = await getProductBySlug(made.slug);
    expect(page?.variants.map((v) => v.spec)).toEqual(["250 g 袋装", "500 g 礼盒"]);
    expect(page?.images[0].path).toBe(own!.images[0].path);
    for (const q of ["高山香菇", "gaoshanxianggu", "gsxg"]) {
      const found = await searchCatalog({ ...EMPTY_FILTERS, q, sort: "relevance" });
      expect(
        found.products.map((p) => p.slug),
        q,
      ).toContain(made.slug);
    }
    const byCategory = await searchCatalog({ ...EMPTY_FILTERS, category: "fungi" });
    expect(byCategory.products.map((p) => p.slug)).toContain(made.slug);

    expect(await setProductStatus({ caller: staffA, productId: made.id, status: "withdrawn" })).toEqual({
      ok: true,
    });
    expect(await getProductBySlug(made.slug)).toBeNull();
    expect((await listSupplierProducts({ caller: staffA, status: "withdrawn" })).map((p) => p.id)).toContain(
      made.id,
    );
  });

  it("a second product with the same name gets its own slug", async () => {
    const again = await createProduct({
      caller: staffA,
      input: input(),
      variants: [{ spec: "1 kg", priceFen: 100, stock: 1 }],
    });
    expect(again).toMatchObject({ ok: true, slug: "ling-bao-gao-shan-xiang-gu-gan-2" });
  });

  it("refuses an origin village outside the supplier's town, a bad price, no variants, and a bad image (writing nothing)", async () => {
    const before = (await listSupplierProducts({ caller: staffA })).length;
    const v = [{ spec: "1 kg", priceFen: 1000, stock: 1 }];
    expect(
      await createProduct({
        caller: staffA,
        input: input({ originVillageId: villageOtherTown }),
        variants: v,
      }),
    ).toMatchObject({ ok: false, code: "invalid_village" });
    expect(
      await createProduct({ caller: staffA, input: input({ categoryId: 999999 }), variants: v }),
    ).toMatchObject({ ok: false, code: "invalid_category" });
    expect(
      await createProduct({
        caller: staffA,
        input: input(),
        variants: [{ spec: "1 kg", priceFen: 0, stock: 1 }],
      }),
    ).toMatchObject({ ok: false, code: "invalid_price", field: "variants.0.price" });
    expect(await createProduct({ caller: staffA, input: input(), variants: [] })).toMatchObject({
      ok: false,
      code: "no_variants",
    });
    const script = new TextEncoder().encode("<?php system($_GET['c']); ?>");
    expect(
      await createProduct({ caller: staffA, input: input(), variants: v, image: { bytes: script } }),
    ).toMatchObject({ ok: false, code: "image_not_image", field: "image" });
    expect((await listSupplierProducts({ caller: staffA })).length).toBe(before);
  });

  it("nobody but supplier staff sees or changes anything", async () => {
    expect(await listSupplierProducts({ caller: customer })).toEqual([]);
    expect(await productFormOptions({ caller: customer })).toBeNull();
    expect(await getSupplierProduct({ caller: customer, productId: certifiedA })).toBeNull();
    expect(
      await createProduct({
        caller: customer,
        input: input(),
        variants: [{ spec: "x", priceFen: 1, stock: 1 }],
      }),
    ).toMatchObject({ ok: false, code: "not_found" });
  });

  it("offers only the villages of the supplier's town", async () => {
    const options = await productFormOptions({ caller: staffA });
    expect(options!.villages.map((v) => v.id)).toContain(villageA);
    expect(options!.villages.map((v) => v.id)).not.toContain(villageOtherTown);
  });
});

describe("another supplier's catalogue", () => {
  it("every read and write of supplier B's product, variant or image by staff of A is not_found and changes nothing", async () => {
    const before = await snapshotB();
    const own = await getSupplierProduct({ caller: staffA, productId: certifiedA });
    const ownVariant = own!.variants[0].id;
    expect(await getSupplierProduct({ caller: staffA, productId: productB })).toBeNull();
    expect((await listSupplierProducts({ caller: staffA })).map((p) => p.id)).not.toContain(productB);
    expect((await listStockRows({ caller: staffA })).map((r) => r.variantId)).not.toContain(variantB);
    const nf = { ok: false, code: "not_found" };
    expect(
      await updateProduct({ caller: staffA, productId: productB, input: input({ name: "篡改" }) }),
    ).toMatchObject(nf);
    const variant = { spec: "篡改", priceFen: 1, stock: 0, active: false };
    expect(
      await updateVariant({ caller: staffA, productId: productB, variantId: variantB, input: variant }),
    ).toMatchObject(nf);
    // B's variant under A's own product id: still not found.
    expect(
      await updateVariant({ caller: staffA, productId: certifiedA, variantId: variantB, input: variant }),
    ).toMatchObject(nf);
    expect(
      await addVariant({ caller: staffA, productId: productB, input: { spec: "x", priceFen: 1, stock: 1 } }),
    ).toMatchObject(nf);
    expect(
      await setProductStatus({ caller: staffA, productId: productB, status: "withdrawn" }),
    ).toMatchObject(nf);
    expect(await addProductImage({ caller: staffA, productId: productB, bytes: await png() })).toMatchObject(
      nf,
    );
    expect(await removeProductImage({ caller: staffA, productId: productB, imageId: imageB })).toMatchObject(
      nf,
    );
    expect(
      await removeProductImage({ caller: staffA, productId: certifiedA, imageId: imageB }),
    ).toMatchObject(nf);
    expect(await makePrimaryImage({ caller: staffA, productId: certifiedA, imageId: imageB })).toMatchObject(
      nf,
    );
    expect(await bulkUpdateStock({ caller: staffA, rows: [{ row: 1, ref: variantB, stock: "0" }] })).toEqual({
      ok: false,
      errors: [{ row: 1, ref: variantB, code: "unknown_variant" }],
    });
    // Malformed ids answer the same way (no database error leaks).
    expect(await getSupplierProduct({ caller: staffA, productId: "not-a-uuid" })).toBeNull();
    expect(
      await updateVariant({ caller: staffA, productId: certifiedA, variantId: "x' or 1=1", input: variant }),
    ).toMatchObject(nf);
    expect(ownVariant).toBeTruthy();
    expect(await snapshotB()).toBe(before);
  });
});

describe("changes to a certified product", () => {
  it("a name or price change of a certified product writes product.certified_change with before and after", async () => {
    const product = (await getSupplierProduct({ caller: staffA, productId: certifiedA }))!;
    expect(product.certified).toBe(true);
    const n0 = await auditCount(certifiedA);
    const same = {
      ...input(),
      name: product.name,
      categoryId: product.categoryId,
      originVillageId: product.originVillageId,
      nameEn: product.nameEn,
    };
    // An edit that keeps the name is not a certified change.
    expect(
      await updateProduct({
        caller: staffA,
        productId: certifiedA,
        input: { ...same, subtitle: "新副标题" },
      }),
    ).toEqual({ ok: true });
    expect(await auditCount(certifiedA)).toBe(n0);
    expect(
      await updateProduct({
        caller: staffA,
        productId: certifiedA,
        input: { ...same, name: `${product.name}（新）` },
      }),
    ).toEqual({ ok: true });
    expect(await auditCount(certifiedA)).toBe(n0 + 1);
    const v = product.variants[0];
    expect(
      await updateVariant({
        caller: staffA,
        productId: certifiedA,
        variantId: v.id,
        input: { spec: v.spec, priceFen: v.priceFen + 100, stock: 3, active: true },
      }),
    ).toEqual({ ok: true });
    expect(await auditCount(certifiedA)).toBe(n0 + 2);
    // A stock-only change is not.
    expect(
      await updateVariant({
        caller: staffA,
        productId: certifiedA,
        variantId: v.id,
        input: { spec: v.spec, priceFen: v.priceFen + 100, stock: 9, active: true },
      }),
    ).toEqual({ ok: true });
    expect(await auditCount(certifiedA)).toBe(n0 + 2);
    const entries = await db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.action, CERTIFIED_CHANGE_ACTION), eq(s.auditLog.subjectId, certifiedA)))
      .orderBy(asc(s.auditLog.id));
    expect(entries.at(-2)!.details).toEqual({
      productId: certifiedA,
      before: { name: product.name },
      after: { name: `${product.name}（新）` },
    });
    expect(entries.at(-1)!.details).toMatchObject({
      productId: certifiedA,
      before: { priceFen: v.priceFen },
      after: { priceFen: v.priceFen + 100 },
    });
    expect(entries.at(-1)!.actorId).toBe(staffA.id);
    expect(entries.at(-1)!.subjectType).toBe("product");
  });

  it("the same changes on an uncertified product write nothing to the audit log", async () => {
    const product = (await getSupplierProduct({ caller: staffA, productId: uncertifiedA }))!;
    expect(product.certified).toBe(false);
    const v = product.variants[0];
    expect(
      await updateProduct({
        caller: staffA,
        productId: uncertifiedA,
        input: {
          ...input(),
          name: "改名后的商品",
          categoryId: product.categoryId,
          originVillageId: product.originVillageId,
        },
      }),
    ).toEqual({ ok: true });
    expect(
      await updateVariant({
        caller: staffA,
        productId: uncertifiedA,
        variantId: v.id,
        input: { spec: v.spec, priceFen: v.priceFen + 1, stock: 1, active: true },
      }),
    ).toEqual({ ok: true });
    expect(await auditCount(uncertifiedA)).toBe(0);
  });
});

describe("variants and images", () => {
  it("adds a variant with the next SKU; an active product keeps at least one variant on sale", async () => {
    const made = await createProduct({
      caller: staffA,
      input: input({ name: "规格测试" }),
      variants: [{ spec: "A", priceFen: 100, stock: 1 }],
    });
    if (!made.ok) throw new Error("create failed");
    const added = await addVariant({
      caller: staffA,
      productId: made.id,
      input: { spec: "B", priceFen: 200, stock: 2 },
    });
    expect(added.ok).toBe(true);
    const product = (await getSupplierProduct({ caller: staffA, productId: made.id }))!;
    expect(product.variants.map((v) => v.sku)).toEqual([`${made.slug}-1`, `${made.slug}-2`]);
    await setProductStatus({ caller: staffA, productId: made.id, status: "active" });
    const [a, b] = product.variants;
    expect(
      await updateVariant({
        caller: staffA,
        productId: made.id,
        variantId: a.id,
        input: { spec: "A", priceFen: 100, stock: 1, active: false },
      }),
    ).toEqual({ ok: true });
    expect(
      await updateVariant({
        caller: staffA,
        productId: made.id,
        variantId: b.id,
        input: { spec: "B", priceFen: 200, stock: 2, active: false },
      }),
    ).toMatchObject({ ok: false, code: "no_active_variant" });
  });

  it("adds, reorders and removes images of the caller's own product", async () => {
    const made = await createProduct({
      caller: staffA,
      input: input({ name: "图片测试" }),
      variants: [{ spec: "A", priceFen: 100, stock: 1 }],
    });
    if (!made.ok) throw new Error("create failed");
    const first = await addProductImage({ caller: staffA, productId: made.id, bytes: await png() });
    const second = await addProductImage({ caller: staffA, productId: made.id, bytes: await png() });
    if (!first.ok || !second.ok) throw new Error("image failed");
    expect(
      (await getSupplierProduct({ caller: staffA, productId: made.id }))!.images.map((i) => i.id),
    ).toEqual([first.id, second.id]);
    expect(await makePrimaryImage({ caller: staffA, productId: made.id, imageId: second.id })).toEqual({
      ok: true,
    });
    expect(
      (await getSupplierProduct({ caller: staffA, productId: made.id }))!.images.map((i) => i.id),
    ).toEqual([second.id, first.id]);
    const file = second.path.replace(/^\/media\//, "");
    expect(await readUpload(file)).not.toBeNull();
    expect(await removeProductImage({ caller: staffA, productId: made.id, imageId: second.id })).toEqual({
      ok: true,
    });
    expect(await readUpload(file)).toBeNull(); // the uploaded files go with the row
    expect(await readUpload(file.replace(/-1200\.webp$/, "-480.webp"))).toBeNull();
    expect(
      (await getSupplierProduct({ caller: staffA, productId: made.id }))!.images.map((i) => i.id),
    ).toEqual([first.id]);
    expect(
      await addProductImage({ caller: staffA, productId: made.id, bytes: new Uint8Array(0) }),
    ).toMatchObject({ ok: false, code: "image_empty" });
  });
});

describe("bulk stock update", () => {
  it("valid rows land (by variant id or SKU)", async () => {
    const rows = await listStockRows({ caller: staffA });
    const [r1, r2] = rows;
    const result = await bulkUpdateStock({
      caller: staffA,
      rows: [
        { row: 1, ref: r1.variantId, stock: "77" },
        { row: 2, ref: r2.sku, stock: "0" },
      ],
    });
    expect(result).toEqual({ ok: true, updated: 2 });
    const after = new Map((await listStockRows({ caller: staffA })).map((r) => [r.variantId, r.stock]));
    expect(after.get(r1.variantId)).toBe(77);
    expect(after.get(r2.variantId)).toBe(0);
  });

  it("a row whose stock changed since the page showed it (an order came in) is refused, and nothing is written", async () => {
    const [r1, r2] = await listStockRows({ caller: staffA });
    await db
      .update(s.productVariants)
      .set({ stock: r1.stock + 5 })
      .where(eq(s.productVariants.id, r1.variantId)); // a sale elsewhere, in reverse
    const result = await bulkUpdateStock({
      caller: staffA,
      rows: [
        { row: 1, ref: r1.variantId, stock: "1", expected: String(r1.stock) },
        { row: 2, ref: r2.variantId, stock: String(r2.stock + 1), expected: String(r2.stock) },
      ],
    });
    expect(result).toEqual({ ok: false, errors: [{ row: 1, ref: r1.variantId, code: "changed" }] });
    const after = new Map((await listStockRows({ caller: staffA })).map((r) => [r.variantId, r.stock]));
    expect([after.get(r1.variantId), after.get(r2.variantId)]).toEqual([r1.stock + 5, r2.stock]);
  });

  it("a negative, a non-integer, another supplier's variant or a repeated row: nothing changes, every bad row is named", async () => {
    const before = await listStockRows({ caller: staffA });
    const beforeB = await snapshotB();
    const [r1, r2, r3] = before;
    const result = await bulkUpdateStock({
      caller: staffA,
      rows: [
        { row: 2, ref: r1.sku, stock: "5" },
        { row: 3, ref: r2.sku, stock: "-1" },
        { row: 4, ref: r3.sku, stock: "2.5" },
        { row: 5, ref: variantB, stock: "9" },
        { row: 6, ref: r1.variantId, stock: "6" },
        { row: 7, ref: "no-such-sku", stock: "1" },
      ],
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        { row: 3, ref: r2.sku, code: "invalid_stock" },
        { row: 4, ref: r3.sku, code: "invalid_stock" },
        { row: 5, ref: variantB, code: "unknown_variant" },
        { row: 6, ref: r1.variantId, code: "duplicate" },
        { row: 7, ref: "no-such-sku", code: "unknown_variant" },
      ],
    });
    expect(await listStockRows({ caller: staffA })).toEqual(before);
    expect(await snapshotB()).toBe(beforeB);
  });
});
