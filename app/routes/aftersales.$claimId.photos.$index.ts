// A photo of an after-sales claim, for its shopper, the supplier's staff or an admin; 404 otherwise.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getOptionalUser } from "~/models/access/auth.server";
import { getOrderViewer } from "~/lib/session.server";
import { claimPhoto } from "~/models/ordering/aftersales.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const photo = await claimPhoto({
    claimId: params.claimId ?? "",
    position: Number(params.index),
    viewer: await getOrderViewer(request),
    caller: await getOptionalUser(request), // the model lets staff of the supplier and admins in
  });
  if (!photo) throw new Response("Not found", { status: 404 });
  return new Response(photo.bytes, {
    headers: {
      "Content-Type": photo.contentType,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'",
    },
  });
}
