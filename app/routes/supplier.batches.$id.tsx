// A batch's label for the supplier: the trace code and its QR code (drawn on the server) pointing
// to the public /t/<code> page, laid out to print and stick on boxes or the packing list.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { localized } from "~/lib/i18n";
import { invariantResponse } from "~/lib/invariant";
import { qrSvg } from "~/lib/qr.server";
import { requestOrigin, titleMeta } from "~/lib/seo";
import { useLocale, useT } from "~/lib/use-locale";
import { requireRole } from "~/models/access/auth.server";
import { getBatch } from "~/models/catalog/batches.server";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "追溯码标签", "Trace label"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const batch = await getBatch({ caller: user, id: params.id ?? "" });
  invariantResponse(batch, "Not found", { status: 404 });
  const traceUrl = `${requestOrigin(request)}/t/${batch.code}`;
  return json({ batch, traceUrl, qr: await qrSvg(traceUrl) });
}

export default function BatchLabelPage() {
  const { batch, traceUrl, qr } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <main className="mx-auto max-w-xl px-4 py-6">
      <p className="print:hidden">
        <Link to="/supplier/batches" className="text-brand-700 underline">
          {t("batch.title")}
        </Link>
      </p>
      <section className="mt-4 rounded-xl bg-white p-4 ring-1 ring-stone-300" aria-labelledby="label-title">
        <h1 id="label-title" className="text-xl font-bold">
          {localized(locale, batch.productName, batch.productNameEn)}
        </h1>
        <p className="text-sm text-stone-600">{batch.supplierName}</p>
        <div className="mt-3 flex flex-wrap items-center gap-4">
          {/* Generated on the server by the qrcode library from our own URL: no user markup. */}
          <div className="h-40 w-40" dangerouslySetInnerHTML={{ __html: qr }} />
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 text-sm">
            <dt className="text-stone-500">{t("batch.code")}</dt>
            <dd className="font-mono text-lg font-semibold" data-testid="label-code">
              {batch.code}
            </dd>
            <dt className="text-stone-500">{t("batch.producedOn")}</dt>
            <dd>{batch.producedOn}</dd>
            <dt className="text-stone-500">{t("batch.quantity")}</dt>
            <dd>
              {batch.quantity} {batch.unit}
            </dd>
          </dl>
        </div>
        <p className="mt-2 break-all text-xs text-stone-500">{traceUrl}</p>
      </section>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
