// The inspection report or 承诺达标合格证 of a batch, public like its trace page (the same 404
// for an unknown code).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachmentResponse } from "~/lib/attachment.server";
import { invariantResponse } from "~/lib/invariant";
import { traceDocument } from "~/models/catalog/batches.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const file = await traceDocument({ code: params.code ?? "" });
  invariantResponse(file, "Not found", { status: 404 });
  return attachmentResponse({
    body: Buffer.from(file.bytes),
    contentType: file.contentType,
    filename: file.name,
  });
}
