// Public product images from the upload folder (/media/products/…). Only the products folder is
// served; documents (certifications, invoices, evidence) are never reachable here. File names are
// random and never reused, so they can be cached for good. The demo gallery's pictures are rendered
// on their first request (app/models/catalog/demo-images.server.ts) and never change either.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { invariantResponse } from "~/lib/invariant";
import { PUBLIC_MEDIA_FOLDER } from "~/lib/uploads.server";
import { readProductMedia } from "~/models/catalog/demo-images.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const relative = params["*"] ?? "";
  invariantResponse(relative.startsWith(`${PUBLIC_MEDIA_FOLDER}/`), "Not found", { status: 404 });
  const file = await readProductMedia(relative);
  invariantResponse(file && file.contentType.startsWith("image/"), "Not found", { status: 404 });
  return new Response(file.bytes, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.bytes.byteLength),
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
