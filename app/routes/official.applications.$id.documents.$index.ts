// A document of a supplier application in the official's scope (any for an admin), as a download.
// Outside the scope, an unknown id or index: 404, the same answer.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachmentResponse } from "~/lib/attachment.server";
import { invariantResponse } from "~/lib/invariant";
import { requireRole } from "~/models/access/auth.server";
import { OFFICIAL_PORTAL_ROLES } from "~/models/access/portal-access";
import { readApplicationDocument } from "~/models/onboarding/applications.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, OFFICIAL_PORTAL_ROLES.applications);
  const file = await readApplicationDocument({
    caller: user,
    id: params.id ?? "",
    index: Number(params.index),
  });
  invariantResponse(file, "Not found", { status: 404 });
  return attachmentResponse({ body: file.bytes, contentType: file.contentType, filename: file.name });
}
