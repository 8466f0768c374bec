// A document of an application in the official's region (any for an admin), as a download.
// Outside the region, an unknown id or index: 404, the same answer.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/models/access/auth.server";
import { readCertificationDocument } from "~/models/catalog/certifications.server";
import { attachmentResponse } from "~/lib/attachment.server";
import { invariantResponse } from "~/lib/invariant";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["official", "admin"]);
  const file = await readCertificationDocument({
    caller: user,
    id: params.id ?? "",
    index: Number(params.index),
  });
  invariantResponse(file, "Not found", { status: 404 });
  return attachmentResponse({ body: file.bytes, contentType: file.contentType, filename: file.name });
}
