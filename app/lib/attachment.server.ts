// The one download answer for a stored private file (certification papers, linkage evidence,
// invoices): saved under its own name (RFC 5987, so Chinese names survive), never cached by a
// shared cache, and never sniffed into something the browser would render.
export function attachmentResponse({
  body,
  contentType,
  filename,
}: {
  body: BodyInit;
  contentType: string;
  filename: string;
}): Response {
  return new Response(body, {
    headers: {
      "Content-Type": contentType,
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
