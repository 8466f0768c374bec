// One impact certificate, for its holder: the signed figures, the QR code of the public
// verification page (drawn on the server), the PDF download and the signature.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ImpactFigures } from "~/components/impact-figures";
import { formatShanghaiDateTime } from "~/lib/dates";
import { addMessages } from "~/lib/i18n";
import { invariantResponse } from "~/lib/invariant";
import { impactCertificateMessages } from "~/lib/messages/impact-certificates";
import { qrSvg } from "~/lib/qr.server";
import { requestOrigin, titleMeta } from "~/lib/seo";
import { useT } from "~/lib/use-locale";
import { requireUser } from "~/models/access/auth.server";
import { getCertificate } from "~/models/impact/certificates.server";

addMessages(impactCertificateMessages);

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "帮扶成效证书", "Impact certificate"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const certificate = await getCertificate({ caller: user, id: params.id ?? "" });
  invariantResponse(certificate?.payload, "Not found", { status: 404 });
  const verifyUrl = `${requestOrigin(request)}/verify/${certificate.id}`;
  return json({
    id: certificate.id,
    payload: certificate.payload,
    signature: certificate.signature,
    status: certificate.status,
    verifyUrl,
    qr: await qrSvg(verifyUrl),
  });
}

export default function CertificatePage() {
  const { id, payload, signature, status, verifyUrl, qr } = useLoaderData<typeof loader>();
  const t = useT();
  const subject = payload.subject;
  return (
    <main className="mx-auto max-w-3xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("icert.title")}</h1>
      <p className="mt-1 text-lg" data-testid="certificate-subject">
        {subject.kind === "order"
          ? t("icert.subject.order", { number: subject.orderNumber, date: subject.paidOn })
          : t("icert.subject.institution_year", { organisation: subject.organisation, year: subject.year })}
      </p>
      <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 text-sm">
        <dt className="text-stone-500">{t("icert.id")}</dt>
        <dd className="font-mono" data-testid="certificate-id">
          {id}
        </dd>
        <dt className="text-stone-500">{t("icert.issuedAt")}</dt>
        <dd>{formatShanghaiDateTime(payload.issuedAt)}</dd>
      </dl>
      {status === "altered" && (
        <p className="mt-3 rounded-lg bg-amber-50 p-3 text-amber-900 ring-1 ring-amber-200">
          {t("icert.verify.amended")}
        </p>
      )}
      <ImpactFigures figures={payload.figures} />
      <div className="mt-6 flex flex-wrap items-start gap-6">
        <figure className="w-40">
          {/* Generated on the server by the qrcode library from our own URL: no user markup. */}
          <div className="h-40 w-40" dangerouslySetInnerHTML={{ __html: qr }} />
          <figcaption className="mt-1 text-center text-xs text-stone-600">{t("icert.qr")}</figcaption>
        </figure>
        <div className="space-y-3">
          <a
            href={`/certificates/${id}/pdf`}
            className="inline-block rounded-lg bg-brand-600 px-5 py-2 text-white hover:bg-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-700 focus:ring-offset-2"
            data-testid="certificate-pdf"
          >
            {t("icert.pdf")}
          </a>
          <p>
            <Link to={`/verify/${id}`} className="text-brand-700 underline" data-testid="certificate-verify">
              {t("icert.verifyLink")}
            </Link>
            <span className="block break-all text-xs text-stone-500">{verifyUrl}</span>
          </p>
        </div>
      </div>
      <p className="mt-6 text-xs text-stone-500">{t("icert.intro")}</p>
      <p className="mt-2 break-all font-mono text-xs text-stone-500">
        {t("icert.keyId")}: {payload.keyId} · {t("icert.signature")}: {signature}
      </p>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
