// The demo gallery's pictures (decision 091): the seed stores /media/products/demo/<slug>/<n>-<width>.webp
// for every seeded product; the first request for one renders it from the category art
// (core/product-art.ts) with sharp, keeps the file in the upload folder and serves it. Nothing is
// rendered at first start and nothing binary is committed. Only the seeded products' slugs, the
// four views and the two web widths are ever rendered: a made-up path is a 404, never a new file.
import { readFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { asc, like } from "drizzle-orm";
import { db, PRODUCTS, schema as s } from "~/lib/db.server";
import {
  deriveProductImageSize,
  IMAGE_SIZES,
  readUpload,
  storeRenderedProductImage,
} from "~/lib/uploads.server";
import {
  DEMO_IMAGE_VIEWS,
  demoImageSvg,
  packageLabel,
  parseCategoryArt,
  parseDemoImageRelative,
} from "../../../core/product-art";

const bySlug = new Map(PRODUCTS.map((p) => [p.slug, p]));
const artCache = new Map<string, ReturnType<typeof parseCategoryArt>>();
const inFlight = new Map<string, Promise<Uint8Array | null>>();

async function categoryArt(publicPath: string) {
  let art = artCache.get(publicPath);
  if (!art) {
    const file = path.join(process.cwd(), "public", publicPath.replace(/^\/+/, ""));
    art = parseCategoryArt(await readFile(file, "utf8"));
    artCache.set(publicPath, art);
  }
  return art;
}

/** The WebP bytes of a demo gallery picture, rendered now when never asked for; null when no such picture. */
export async function renderDemoImage(relative: string): Promise<Uint8Array | null> {
  const parsed = parseDemoImageRelative(relative);
  const product = parsed && bySlug.get(parsed.slug);
  if (!parsed || !product) return null;
  if (parsed.view > DEMO_IMAGE_VIEWS.length || !(IMAGE_SIZES as readonly number[]).includes(parsed.width))
    return null;
  const running = inFlight.get(relative);
  if (running) return running;
  const job = (async () => {
    const art = await categoryArt(product.image);
    const svg = demoImageSvg({
      art,
      slug: product.slug,
      view: parsed.view,
      width: parsed.width,
      label: packageLabel(product.variants.map((v) => v.spec)),
    });
    const bytes = new Uint8Array(await sharp(Buffer.from(svg)).webp({ quality: 80, effort: 1 }).toBuffer());
    await storeRenderedProductImage(relative, bytes);
    return bytes;
  })();
  inFlight.set(relative, job);
  try {
    return await job;
  } finally {
    inFlight.delete(relative);
  }
}

/**
 * A public product image from the upload folder (a size added since its upload is made from its
 * 1200 px file), or a demo gallery picture rendered on first request; null when none exists (the
 * media route answers 404).
 */
export async function readProductMedia(
  relative: string,
): Promise<{ bytes: Uint8Array<ArrayBuffer>; contentType: string } | null> {
  const file = await readUpload(relative);
  if (file) return file;
  const derived = await deriveProductImageSize(relative);
  if (derived) return derived;
  const rendered = await renderDemoImage(relative);
  return rendered ? { bytes: new Uint8Array(rendered), contentType: "image/webp" } : null;
}

/**
 * After start, one by one in the background: the listing cards' pictures (the first view at 480 px)
 * of the demo products in the database, so the first visitors' listing pages do not wait for them.
 * Pictures already on disk are skipped; a database without the demo has nothing to warm.
 */
export async function warmDemoImages(): Promise<number> {
  const rows = await db
    .select({ path: s.productImages.path })
    .from(s.productImages)
    .where(like(s.productImages.path, "/media/products/demo/%/1-1200.webp"))
    .orderBy(asc(s.productImages.path));
  let rendered = 0;
  for (const { path: stored } of rows) {
    const relative = stored.slice("/media/".length).replace(/-1200\.webp$/, "-480.webp");
    if (await readUpload(relative)) continue;
    if (await renderDemoImage(relative)) rendered++;
  }
  return rendered;
}
