// Uploaded files: multipart parsing with hard size limits, product images re-encoded by sharp,
// documents (certification papers, invoices, linkage evidence) kept as sent after sniffing their
// type, and reading them back. The content decides what a file is, never its name or the
// browser's content type. Everything lives under UPLOAD_DIR (default $DATA_DIR/uploads):
//   products/<supplierId>/<productId>/<random>-1200.webp, -800, -480 and -320  (public, via /media/…)
//   <folder>/<random>.<pdf|jpg|png|webp>                                (private documents)
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import sharp from "sharp";
import { refuseControlCharacters } from "./control-characters";
import { getEnv } from "./env.server";

export const MAX_IMAGE_BYTES = 8 * 1024 * 1024;
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
/** Room for the text fields and multipart headers around the file(s) of one form. */
export const FORM_OVERHEAD_BYTES = 256 * 1024;
/**
 * Web sizes of a product image (longest side, px); the first is the one stored in product_images.path,
 * 480 is the listing card's; the gallery offers them all in its srcset (a phone takes 320 or 800).
 */
export const IMAGE_SIZES = [1200, 800, 480, 320] as const;
/** The listing card's size (product-card.tsx cardImage). */
const CARD_SIZE = 480;
/** Decoding bombs: a small file that claims a huge canvas is refused before it is decoded. */
const MAX_INPUT_PIXELS = 40_000_000;
/** The only upload folder served publicly (by app/routes/media.$.ts). */
export const PUBLIC_MEDIA_FOLDER = "products";
export const MEDIA_URL_PREFIX = "/media/";

export function uploadDir(): string {
  const env = getEnv();
  return path.resolve(env.UPLOAD_DIR ?? path.join(env.DATA_DIR, "uploads"));
}

// ─── multipart ───────────────────────────────────────────────────────────────────────────

class BodyTooLargeError extends Error {}

/**
 * Passes `body` through, failing as soon as more than `limit` bytes have arrived. The request body
 * itself is left alone, never cancelled: cancelling destroys the socket, and a browser still
 * sending its upload then shows a network error instead of the 413. server.js discards what is
 * left of a body once the answer has gone out.
 */
function limitStream(body: ReadableStream<Uint8Array>, limit: number): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let seen = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = await reader.read();
      if (chunk.done) return controller.close();
      seen += chunk.value.byteLength;
      if (seen > limit) {
        reader.releaseLock();
        controller.error(new BodyTooLargeError());
      } else {
        controller.enqueue(chunk.value);
      }
    },
    cancel() {
      // The parser stopped early (a part over its size): stop reading, as above.
      reader.releaseLock();
    },
  });
}

/**
 * The form of a multipart request, with every part at most `maxBytes` and the whole body at most
 * `maxTotalBytes` (default: `maxBytes` + FORM_OVERHEAD_BYTES; give it for forms with several
 * files). A body declared or found to be larger is refused while it streams in (never buffered whole).
 */
export async function readMultipartForm(
  request: Request,
  { maxBytes, maxTotalBytes }: { maxBytes: number; maxTotalBytes?: number },
): Promise<{ ok: true; form: FormData } | { ok: false; error: "too_large" | "not_multipart" }> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;\s*boundary=/i.test(type) || !request.body)
    return { ok: false, error: "not_multipart" };
  const limit = maxTotalBytes ?? maxBytes + FORM_OVERHEAD_BYTES;
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    // Refused before reading; the body is not cancelled (see limitStream): server.js discards it.
    return { ok: false, error: "too_large" };
  }
  // The parser only reads `headers` and `body`; a limited view of the same request avoids
  // building a new Request around a stream.
  const limited = { headers: request.headers, body: limitStream(request.body, limit) } as unknown as Request;
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      limited,
      unstable_createMemoryUploadHandler({ maxPartSize: maxBytes }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError || error instanceof BodyTooLargeError)
      return { ok: false, error: "too_large" };
    // Anything else the parser throws is a body that is not well-formed multipart (a truncated
    // stream, a missing boundary): the client's fault, a 400 — never a 500.
    return { ok: false, error: "not_multipart" };
  }
  return { ok: true, form: refuseControlCharacters(form) };
}

/** The bytes of a file field, or null when the field is missing or not a file. */
export async function fileBytes(form: FormData, name: string): Promise<Uint8Array | null> {
  const value = form.get(name);
  if (!value || typeof value === "string") return null;
  return new Uint8Array(await value.arrayBuffer());
}

// ─── writing ─────────────────────────────────────────────────────────────────────────────

const SAFE_ID = /^[0-9a-zA-Z-]{1,64}$/;
const SAFE_FOLDER = /^[a-z0-9][a-z0-9_-]{0,40}$/;

/** Writes to a temporary name and renames, so a reader never sees half a file. */
async function writeAtomically(relative: string, bytes: Uint8Array | Buffer): Promise<void> {
  const target = path.join(uploadDir(), relative);
  await mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.${randomBytes(4).toString("hex")}.part`;
  await writeFile(temporary, bytes);
  await rename(temporary, target);
}

const IMAGE_FORMATS = new Set(["jpeg", "png", "webp", "gif", "heif"]);

/**
 * A product image: decoded by sharp (JPEG, PNG, WebP, AVIF, GIF; SVG and anything else refused),
 * turned upright, re-encoded as WebP at IMAGE_SIZES without EXIF or other metadata. `url` is what
 * product_images.path holds (served by /media/…); `path` is the same file inside the upload folder.
 */
export async function storeProductImage({
  supplierId,
  productId,
  bytes,
}: {
  supplierId: string;
  productId: string;
  bytes: Uint8Array;
}): Promise<
  | { ok: true; path: string; url: string; smallUrl: string; width: number; height: number }
  | { ok: false; error: "empty" | "too_large" | "not_image" }
> {
  if (bytes.byteLength === 0) return { ok: false, error: "empty" };
  if (bytes.byteLength > MAX_IMAGE_BYTES) return { ok: false, error: "too_large" };
  if (!SAFE_ID.test(supplierId) || !SAFE_ID.test(productId)) throw new Error("storeProductImage: unsafe id");
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let metadata: sharp.Metadata;
  try {
    metadata = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  } catch {
    return { ok: false, error: "not_image" };
  }
  // HEIF containers are accepted only when AV1-compressed (AVIF); HEIC is not a web format.
  if (!metadata.format || !IMAGE_FORMATS.has(metadata.format)) return { ok: false, error: "not_image" };
  if (metadata.format === "heif" && metadata.compression !== "av1") return { ok: false, error: "not_image" };
  if (!metadata.width || !metadata.height || metadata.width * metadata.height > MAX_INPUT_PIXELS)
    return { ok: false, error: "not_image" };

  const base = `${PUBLIC_MEDIA_FOLDER}/${supplierId}/${productId}/${randomBytes(8).toString("hex")}`;
  const outputs: { relative: string; width: number; height: number; data: Buffer }[] = [];
  try {
    for (const size of IMAGE_SIZES) {
      // rotate() applies the EXIF orientation; sharp writes no metadata unless asked (EXIF, GPS gone).
      const { data, info } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS })
        .rotate()
        .resize({ width: size, height: size, fit: "inside", withoutEnlargement: true })
        .webp({ quality: 82 })
        .toBuffer({ resolveWithObject: true });
      outputs.push({ relative: `${base}-${size}.webp`, width: info.width, height: info.height, data });
    }
  } catch {
    return { ok: false, error: "not_image" }; // a header that parses but a body that does not decode
  }
  for (const o of outputs) await writeAtomically(o.relative, o.data);
  const large = outputs[0];
  const small = outputs[IMAGE_SIZES.indexOf(CARD_SIZE)];
  return {
    ok: true,
    path: large.relative,
    url: MEDIA_URL_PREFIX + large.relative,
    smallUrl: MEDIA_URL_PREFIX + small.relative,
    width: large.width,
    height: large.height,
  };
}

/**
 * A public product image rendered by the server itself (the demo gallery, decision 091): kept in
 * the upload folder under products/demo/ so the next request reads the file. Whole file or nothing.
 */
export async function storeRenderedProductImage(relative: string, bytes: Uint8Array): Promise<void> {
  if (!/^products\/demo\/[a-z0-9-]+\/[0-9]-[0-9]+\.webp$/.test(relative))
    throw new Error(`storeRenderedProductImage: path not allowed: ${relative}`);
  await writeAtomically(relative, bytes);
}

/**
 * A web size of an uploaded product image stored before that size existed (issue 22 added 800 and
 * 320): made from its 1200 px file on first request and kept beside it, as an upload would have
 * made it. Null when the path names no such size or the 1200 px file does not exist.
 */
export async function deriveProductImageSize(
  relative: string,
): Promise<{ bytes: Uint8Array<ArrayBuffer>; contentType: string } | null> {
  const match = /^(products\/[0-9a-f-]+\/[0-9a-f-]+\/[0-9a-f]{16})-(\d+)\.webp$/.exec(relative);
  const size = Number(match?.[2]);
  if (!match || size === IMAGE_SIZES[0] || !(IMAGE_SIZES as readonly number[]).includes(size)) return null;
  const source = await readUpload(`${match[1]}-${IMAGE_SIZES[0]}.webp`);
  if (!source) return null;
  const data = await sharp(source.bytes, { limitInputPixels: MAX_INPUT_PIXELS })
    .resize({ width: size, height: size, fit: "inside", withoutEnlargement: true })
    .webp({ quality: 82 })
    .toBuffer();
  await writeAtomically(relative, data);
  return { bytes: new Uint8Array(data), contentType: "image/webp" };
}

export type DocumentType = "pdf" | "jpg" | "png" | "webp";

/** The document type by magic bytes, or null. */
export function sniffDocumentType(bytes: Uint8Array): DocumentType | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return "pdf"; // %PDF-
  if (starts(0xff, 0xd8, 0xff)) return "jpg";
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "png";
  if (
    starts(0x52, 0x49, 0x46, 0x46) &&
    bytes[8] === 0x57 &&
    bytes[9] === 0x45 &&
    bytes[10] === 0x42 &&
    bytes[11] === 0x50
  )
    return "webp";
  return null;
}

/** A file name fit for display: base name only, no control characters, at most 120 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? "";
  const cleaned = base
    // eslint-disable-next-line no-control-regex -- control characters are what it removes
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .trim()
    .slice(-120);
  return cleaned || "document";
}

/**
 * A document (PDF, JPEG, PNG or WebP by its magic bytes) stored as sent in `folder` under a random
 * name. `path` is relative to the upload folder (give it to readUpload); `name` is the cleaned
 * original name, for display. Documents are never served publicly: a route that checks the
 * caller's scope reads them with readUpload.
 */
export async function storeDocument({
  folder,
  bytes,
  originalName,
}: {
  folder: string;
  bytes: Uint8Array;
  originalName: string;
}): Promise<
  { ok: true; path: string; name: string } | { ok: false; error: "empty" | "too_large" | "unsupported_type" }
> {
  if (!SAFE_FOLDER.test(folder) || folder === PUBLIC_MEDIA_FOLDER)
    throw new Error(`storeDocument: folder not allowed: ${folder}`);
  if (bytes.byteLength === 0) return { ok: false, error: "empty" };
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) return { ok: false, error: "too_large" };
  const type = sniffDocumentType(bytes);
  if (!type) return { ok: false, error: "unsupported_type" };
  const relative = `${folder}/${randomBytes(12).toString("hex")}.${type}`;
  await writeAtomically(relative, bytes);
  return { ok: true, path: relative, name: cleanFileName(originalName) };
}

// ─── reading ─────────────────────────────────────────────────────────────────────────────

const CONTENT_TYPES: Record<string, string> = {
  ".webp": "image/webp",
  ".jpg": "image/jpeg",
  ".png": "image/png",
  ".pdf": "application/pdf",
};

/**
 * The file at `relative` (a path inside the upload folder, as returned by the store functions),
 * or null when it does not exist or the path tries to leave the folder or names no known type.
 */
export async function readUpload(
  relative: string,
): Promise<{ bytes: Uint8Array<ArrayBuffer>; contentType: string } | null> {
  if (!relative || relative.includes("\0") || relative.includes("\\") || path.isAbsolute(relative))
    return null;
  if (relative.split("/").some((part) => part === "" || part === "." || part === "..")) return null;
  const root = uploadDir();
  const full = path.resolve(root, relative);
  if (!full.startsWith(root + path.sep)) return null;
  const contentType = CONTENT_TYPES[path.extname(full).toLowerCase()];
  if (!contentType) return null;
  try {
    return { bytes: new Uint8Array(await readFile(full)), contentType };
  } catch {
    return null;
  }
}

/**
 * Deletes an uploaded product image (both web sizes) given the URL stored in product_images.path.
 * Anything else (seeded /images/… files, unknown paths) is left alone. Missing files are fine.
 */
export async function deleteUpload(stored: string): Promise<void> {
  if (!stored.startsWith(MEDIA_URL_PREFIX + PUBLIC_MEDIA_FOLDER + "/")) return;
  const relative = stored.slice(MEDIA_URL_PREFIX.length);
  const variants = IMAGE_SIZES.map((size) => relative.replace(/-\d+\.webp$/, `-${size}.webp`));
  for (const candidate of new Set([relative, ...variants])) {
    if (!(await readUpload(candidate))) continue; // also refuses traversal
    await unlink(path.join(uploadDir(), candidate)).catch(() => {});
  }
}
