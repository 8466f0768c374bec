// The photo attached to a price or quality report, for officials whose scope reaches its supplier.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachmentResponse } from "~/lib/attachment.server";
import { readUpload } from "~/lib/uploads.server";
import { requireRole } from "~/models/access/auth.server";
import { OFFICIAL_PORTAL_ROLES } from "~/models/access/portal-access";
import { reportPhotoPath } from "~/models/governance/prices.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, OFFICIAL_PORTAL_ROLES.reports);
  const path = await reportPhotoPath({ caller: user, id: params.id ?? "" });
  const file = path ? await readUpload(path) : null;
  if (!file) throw new Response("Not found", { status: 404 });
  return attachmentResponse({
    body: file.bytes,
    contentType: file.contentType,
    filename: `report${path!.slice(path!.lastIndexOf("."))}`,
  });
}
