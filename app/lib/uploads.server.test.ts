import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import {
  FORM_OVERHEAD_BYTES,
  MAX_DOCUMENT_BYTES,
  MAX_IMAGE_BYTES,
  cleanFileName,
  deriveProductImageSize,
  fileBytes,
  readMultipartForm,
  readUpload,
  sniffDocumentType,
  storeDocument,
  storeProductImage,
  uploadDir,
} from "./uploads.server";

const supplierId = "11111111-1111-4111-8111-111111111111";
const productId = "22222222-2222-4222-8222-222222222222";

async function png(width: number, height: number): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(
    await sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } })
      .png()
      .toBuffer(),
  );
}

/** A multipart body streamed in 1 MB chunks; `pulled` counts what the reader asked for. */
function streamingMultipart(totalBytes: number, { declareLength }: { declareLength: boolean }) {
  const boundary = "----xfbtestboundary";
  const head = new TextEncoder().encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
  );
  const tail = new TextEncoder().encode(`\r\n--${boundary}--\r\n`);
  const chunk = new Uint8Array(1024 * 1024).fill(0x41);
  const state = { pulled: 0 };
  let sentHead = false;
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sentHead) {
        sentHead = true;
        state.pulled += head.byteLength;
        controller.enqueue(head);
      } else if (sent < totalBytes) {
        sent += chunk.byteLength;
        state.pulled += chunk.byteLength;
        controller.enqueue(chunk);
      } else {
        controller.enqueue(tail);
        controller.close();
      }
    },
  });
  const headers: Record<string, string> = { "Content-Type": `multipart/form-data; boundary=${boundary}` };
  if (declareLength) headers["Content-Length"] = String(head.byteLength + totalBytes + tail.byteLength);
  const request = new Request("http://localhost/upload", {
    method: "POST",
    headers,
    body,
    duplex: "half",
  } as RequestInit);
  return { request, state };
}

describe("readMultipartForm", () => {
  it("reads text fields and files of a multipart form", async () => {
    const form = new FormData();
    form.set("name", "香菇");
    form.set("image", new File([await png(10, 10)], "a.png", { type: "image/png" }));
    const request = new Request("http://localhost/upload", { method: "POST", body: form });
    const result = await readMultipartForm(request, { maxBytes: MAX_IMAGE_BYTES });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.form.get("name")).toBe("香菇");
    const bytes = await fileBytes(result.form, "image");
    expect(bytes?.byteLength).toBeGreaterThan(0);
    expect(await fileBytes(result.form, "name")).toBeNull();
  });

  it("refuses a 50 MB file part while it streams in, without reading it all", async () => {
    const { request, state } = streamingMultipart(50 * 1024 * 1024, { declareLength: false });
    const result = await readMultipartForm(request, { maxBytes: MAX_IMAGE_BYTES });
    expect(result).toEqual({ ok: false, error: "too_large" });
    expect(state.pulled).toBeLessThan(MAX_IMAGE_BYTES + FORM_OVERHEAD_BYTES + 4 * 1024 * 1024);
  });

  it("refuses a body whose declared length is too large before reading it", async () => {
    const { request, state } = streamingMultipart(50 * 1024 * 1024, { declareLength: true });
    const result = await readMultipartForm(request, { maxBytes: MAX_IMAGE_BYTES });
    expect(result).toEqual({ ok: false, error: "too_large" });
    expect(state.pulled).toBeLessThan(2 * 1024 * 1024);
  });

  it("limits each part and, separately, the whole body of a form with several files", async () => {
    const form = new FormData();
    for (const name of ["a", "b", "c"]) form.append("files", new File([new Uint8Array(600)], `${name}.pdf`));
    const request = () => new Request("http://localhost/upload", { method: "POST", body: form });
    const three = await readMultipartForm(request(), { maxBytes: 1000, maxTotalBytes: 5000 });
    expect(three.ok && three.form.getAll("files").length).toBe(3);
    expect(await readMultipartForm(request(), { maxBytes: 500, maxTotalBytes: 5000 })).toEqual({
      ok: false,
      error: "too_large",
    });
    expect(await readMultipartForm(request(), { maxBytes: 1000, maxTotalBytes: 1500 })).toEqual({
      ok: false,
      error: "too_large",
    });
  });

  it("says not_multipart for an url-encoded form", async () => {
    const request = new Request("http://localhost/upload", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "a=1",
    });
    expect(await readMultipartForm(request, { maxBytes: 1000 })).toEqual({
      ok: false,
      error: "not_multipart",
    });
  });
});

describe("storeProductImage", () => {
  it("re-encodes a PNG as WebP at web sizes, without metadata, under the upload folder", async () => {
    const input = new Uint8Array(
      await sharp({ create: { width: 3000, height: 2000, channels: 3, background: "#3a7" } })
        .jpeg()
        .withMetadata({ exif: { IFD0: { Copyright: "secret-location", Artist: "someone" } } })
        .toBuffer(),
    );
    expect((await sharp(Buffer.from(input)).metadata()).exif).toBeDefined();
    const result = await storeProductImage({ supplierId, productId, bytes: input });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.width).toBe(1200);
    expect(result.height).toBe(800);
    expect(result.path).toMatch(new RegExp(`^products/${supplierId}/${productId}/[0-9a-f]{16}-1200\\.webp$`));
    expect(result.url).toBe(`/media/${result.path}`);
    const large = await readUpload(result.path);
    expect(large?.contentType).toBe("image/webp");
    const meta = await sharp(Buffer.from(large!.bytes)).metadata();
    expect(meta.format).toBe("webp");
    expect(meta.exif).toBeUndefined();
    const small = await readUpload(result.smallUrl.replace(/^\/media\//, ""));
    const smallMeta = await sharp(Buffer.from(small!.bytes)).metadata();
    expect([smallMeta.width, smallMeta.height]).toEqual([480, 320]);
    // The gallery's srcset sizes for phones (issue 22).
    for (const [size, height] of [
      [800, 533],
      [320, 213],
    ]) {
      const file = await readUpload(result.path.replace(/-1200\.webp$/, `-${size}.webp`));
      const sizeMeta = await sharp(Buffer.from(file!.bytes)).metadata();
      expect([sizeMeta.width, sizeMeta.height]).toEqual([size, height]);
    }
  });

  it("makes a size added since an image was uploaded from its 1200 px file, once, and no size that is not a web size", async () => {
    const result = await storeProductImage({ supplierId, productId, bytes: await png(1600, 1200) });
    if (!result.ok) throw new Error(result.error);
    const medium = result.path.replace(/-1200\.webp$/, "-800.webp");
    await rm(path.join(uploadDir(), medium)); // as if uploaded when only 1200 and 480 were made
    expect(await readUpload(medium)).toBeNull();
    const derived = await deriveProductImageSize(medium);
    expect(derived?.contentType).toBe("image/webp");
    expect((await sharp(Buffer.from(derived!.bytes)).metadata()).width).toBe(800);
    expect(await readUpload(medium)).not.toBeNull(); // kept for the next request
    expect(await deriveProductImageSize(result.path.replace(/-1200\.webp$/, "-640.webp"))).toBeNull();
    expect(await deriveProductImageSize(result.path)).toBeNull();
    expect(
      await deriveProductImageSize(`products/${supplierId}/${productId}/0123456789abcdef-800.webp`),
    ).toBeNull();
  });

  it("keeps a small image at its own size", async () => {
    const result = await storeProductImage({ supplierId, productId, bytes: await png(64, 48) });
    expect(result).toMatchObject({ ok: true, width: 64, height: 48 });
  });

  it("refuses a script renamed .jpg, an SVG, a zero-byte file and a too large file", async () => {
    const script = new TextEncoder().encode("#!/bin/sh\nrm -rf / --no-preserve-root\n");
    expect(await storeProductImage({ supplierId, productId, bytes: script })).toEqual({
      ok: false,
      error: "not_image",
    });
    const svg = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
    );
    expect(await storeProductImage({ supplierId, productId, bytes: svg })).toEqual({
      ok: false,
      error: "not_image",
    });
    expect(await storeProductImage({ supplierId, productId, bytes: new Uint8Array(0) })).toEqual({
      ok: false,
      error: "empty",
    });
    const big = new Uint8Array(MAX_IMAGE_BYTES + 1);
    big.set(await png(4, 4));
    expect(await storeProductImage({ supplierId, productId, bytes: big })).toEqual({
      ok: false,
      error: "too_large",
    });
  });

  it("refuses a truncated image whose header parses", async () => {
    const full = new Uint8Array(
      await sharp({ create: { width: 400, height: 400, channels: 3, background: "#123" } })
        .jpeg()
        .toBuffer(),
    );
    const result = await storeProductImage({ supplierId, productId, bytes: full.slice(0, 200) });
    expect(result).toEqual({ ok: false, error: "not_image" });
  });
});

describe("storeDocument", () => {
  const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

  it("stores a PDF under its folder with a random name and a clean display name", async () => {
    const result = await storeDocument({
      folder: "certifications",
      bytes: pdf,
      originalName: "C:\\fakepath\\认定申请\u0007.pdf",
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.path).toMatch(/^certifications\/[0-9a-f]{24}\.pdf$/);
    expect(result.name).toBe("认定申请.pdf");
    const read = await readUpload(result.path);
    expect(read?.contentType).toBe("application/pdf");
    expect(Buffer.from(read!.bytes).equals(Buffer.from(pdf))).toBe(true);
  });

  it("sniffs JPEG, PNG and WebP and refuses anything else", async () => {
    expect(sniffDocumentType(await png(2, 2))).toBe("png");
    expect(
      sniffDocumentType(
        new Uint8Array(
          await sharp(Buffer.from(await png(2, 2)))
            .jpeg()
            .toBuffer(),
        ),
      ),
    ).toBe("jpg");
    expect(
      sniffDocumentType(
        new Uint8Array(
          await sharp(Buffer.from(await png(2, 2)))
            .webp()
            .toBuffer(),
        ),
      ),
    ).toBe("webp");
    const exe = new TextEncoder().encode("MZ\x90\x00 this is not a pdf");
    expect(await storeDocument({ folder: "invoices", bytes: exe, originalName: "invoice.pdf" })).toEqual({
      ok: false,
      error: "unsupported_type",
    });
    expect(
      await storeDocument({ folder: "invoices", bytes: new Uint8Array(0), originalName: "a.pdf" }),
    ).toEqual({ ok: false, error: "empty" });
    const big = new Uint8Array(MAX_DOCUMENT_BYTES + 1);
    big.set(pdf);
    expect(await storeDocument({ folder: "invoices", bytes: big, originalName: "a.pdf" })).toEqual({
      ok: false,
      error: "too_large",
    });
  });

  it("never writes into the public folder or outside the upload folder", async () => {
    await expect(storeDocument({ folder: "products", bytes: pdf, originalName: "a.pdf" })).rejects.toThrow();
    await expect(storeDocument({ folder: "../escape", bytes: pdf, originalName: "a.pdf" })).rejects.toThrow();
  });

  it("cleans file names", () => {
    expect(cleanFileName("../../etc/passwd")).toBe("passwd");
    expect(cleanFileName("")).toBe("document");
  });
});

describe("readUpload", () => {
  it("rejects path traversal, absolute paths and unknown types", async () => {
    expect(existsSync(uploadDir())).toBe(true);
    for (const bad of [
      "../secrets.json",
      "/etc/passwd",
      "products/../../secrets.json",
      "products//x.webp",
      "a\0.webp",
      "..\\x.pdf",
      "",
    ]) {
      expect(await readUpload(bad), bad).toBeNull();
    }
    expect(await readUpload("products/missing.webp")).toBeNull();
    expect(await readUpload(path.relative(uploadDir(), path.join(uploadDir(), "x.txt")))).toBeNull();
  });
});
