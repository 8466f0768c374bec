// Public trace page of a batch code (the QR code on a label): product, origin village and town,
// producer, certification in force, batch dates, the inspection document and the households the
// producer's sales reached (privacy floor). An unknown code is the same 404 as any other.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatShanghaiDateTime } from "~/lib/dates";
import { addMessages, localized } from "~/lib/i18n";
import { invariantResponse } from "~/lib/invariant";
import { impactCertificateMessages } from "~/lib/messages/impact-certificates";
import { useLocale, useT } from "~/lib/use-locale";
import { publicTrace } from "~/models/catalog/batches.server";
import { titleMeta } from "~/lib/seo";

addMessages(impactCertificateMessages);

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  ...titleMeta(
    matches,
    `${data?.trace.productName ?? ""} · 产品追溯`,
    `${data?.trace.productName ?? ""} · Trace`,
  ),
];

export async function loader({ params }: LoaderFunctionArgs) {
  const trace = await publicTrace({ code: params.code ?? "" });
  invariantResponse(trace, "Not found", { status: 404 });
  return json({ trace });
}

export default function TracePage() {
  const { trace } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <main className="mx-auto max-w-2xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("trace.title")}</h1>
      <p className="mt-1 font-mono text-stone-600" data-testid="trace-code">
        {trace.code}
      </p>
      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-xl bg-white p-4 text-sm ring-1 ring-stone-200">
        <dt className="text-stone-500">{t("trace.product")}</dt>
        <dd className="font-medium">{localized(locale, trace.productName, trace.productNameEn)}</dd>
        <dt className="text-stone-500">{t("trace.origin")}</dt>
        <dd>
          {trace.townName} {trace.villageName}
        </dd>
        <dt className="text-stone-500">{t("trace.supplier")}</dt>
        <dd>
          <Link to={`/suppliers/${trace.supplierSlug}`} className="text-brand-700 underline">
            {localized(locale, trace.supplierName, trace.supplierNameEn)}
          </Link>
        </dd>
        <dt className="text-stone-500">{t("trace.certificate")}</dt>
        <dd data-testid="trace-certificate">
          {trace.certificate
            ? t("trace.certificateInForce", {
                number: trace.certificate.certificateNo ?? "",
                issuer: trace.certificate.issuer ?? "",
                until: trace.certificate.validUntil ?? "",
              })
            : t("trace.noCertificate")}
        </dd>
        <dt className="text-stone-500">{t("trace.producedOn")}</dt>
        <dd>{trace.producedOn}</dd>
        <dt className="text-stone-500">{t("trace.recordedAt")}</dt>
        <dd>{formatShanghaiDateTime(trace.createdAt)}</dd>
        <dt className="text-stone-500">{t("trace.quantity")}</dt>
        <dd>
          {trace.quantity} {trace.unit}
        </dd>
        <dt className="text-stone-500">{t("trace.households")}</dt>
        <dd data-testid="trace-households">
          {trace.householdsReached === "<5"
            ? t("icert.withheld")
            : t("trace.householdsValue", { count: trace.householdsReached })}
        </dd>
      </dl>
      <p className="mt-4">
        <a
          href={`/t/${trace.code}/document`}
          className="text-brand-700 underline"
          data-testid="trace-document"
        >
          {t("trace.document")}
        </a>
      </p>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
