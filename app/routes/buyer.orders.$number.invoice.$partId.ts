// The supplier's invoice of one part, for whoever may see the organisation's order (never public).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/models/access/auth.server";
import { readUpload } from "~/lib/uploads.server";
import { invoiceForBuyer } from "~/models/institutions/institutions.server";
import { attachmentResponse } from "~/lib/attachment.server";
import { invariantResponse } from "~/lib/invariant";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const path = await invoiceForBuyer({
    caller: user,
    orderNumber: params.number ?? "",
    partId: params.partId ?? "",
  });
  const file = path ? await readUpload(path) : null;
  invariantResponse(file, "Not found", { status: 404 });
  const extension = path!.slice(path!.lastIndexOf("."));
  return attachmentResponse({
    body: Buffer.from(file.bytes),
    contentType: file.contentType,
    filename: `invoice-${params.number}${extension}`,
  });
}
