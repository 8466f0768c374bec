// The evidence file of a benefit-linkage agreement, as a download: for the proposing supplier's
// staff, an official whose region reaches the supplier (district: all; town: its town) and admins.
// Anyone else signed in, an unknown id or an agreement without a file: 404, the same answer.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/models/access/auth.server";
import { readLinkageEvidence } from "~/models/impact/linkages.server";
import { attachmentResponse } from "~/lib/attachment.server";
import { invariantResponse } from "~/lib/invariant";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff", "official", "admin"]);
  const file = await readLinkageEvidence({ caller: user, id: params.id ?? "" });
  invariantResponse(file, "Not found", { status: 404 });
  return attachmentResponse({ body: file.bytes, contentType: file.contentType, filename: file.name });
}
