// The PDF of an impact certificate, for its holder: a plain GET of the link on its page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { localeFromRequest, translate } from "~/lib/i18n";
import { invariantResponse } from "~/lib/invariant";
import { PdfFontMissingError } from "~/lib/pdf.server";
import { requestOrigin } from "~/lib/seo";
import { requireUser } from "~/models/access/auth.server";
import { certificatePdf } from "~/models/impact/certificates.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = params.id ?? "";
  const locale = localeFromRequest(request);
  let pdf: Uint8Array | null;
  try {
    pdf = await certificatePdf({
      caller: user,
      id,
      verifyUrl: `${requestOrigin(request)}/verify/${id}`,
      locale,
    });
  } catch (error) {
    if (!(error instanceof PdfFontMissingError)) throw error;
    console.error(error.message);
    return new Response(translate(locale, "icert.pdf.fontMissing"), {
      status: 503,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  invariantResponse(pdf, "Not found", { status: 404 });
  return new Response(Buffer.from(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="certificate-${id}.pdf"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
