// Public verification of an impact certificate (the QR code's target): the signature checked with
// the platform's public key, the figures recomputed from the ledger. 有效 when both hold; 已变更
// otherwise, with the amended figures beside the certified ones.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ImpactFigures } from "~/components/impact-figures";
import { formatShanghaiDateTime } from "~/lib/dates";
import { addMessages } from "~/lib/i18n";
import { invariantResponse } from "~/lib/invariant";
import { impactCertificateMessages } from "~/lib/messages/impact-certificates";
import { useT } from "~/lib/use-locale";
import { verifyCertificate } from "~/models/impact/certificates.server";
import { titleMeta } from "~/lib/seo";

addMessages(impactCertificateMessages);

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "帮扶成效证书核验", "Certificate verification"),
  { name: "robots", content: "noindex" },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const id = (params.certificateId ?? "").toUpperCase();
  const verification = await verifyCertificate({ id });
  invariantResponse(verification, "Not found", { status: 404 });
  const { payload, current, status, signatureValid, figuresMatch, keyId, publicKeyPem } = verification;
  return json(
    { id, payload, current, status, signatureValid, figuresMatch, keyId, publicKeyPem },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export default function VerifyPage() {
  const { id, payload, current, status, signatureValid, figuresMatch, keyId, publicKeyPem } =
    useLoaderData<typeof loader>();
  const t = useT();
  const valid = status === "valid";
  const subject = payload?.subject;
  return (
    <main className="mx-auto max-w-3xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("icert.verify.title")}</h1>
      <p
        className={`mt-4 rounded-xl p-4 text-2xl font-bold ring-1 ${valid ? "bg-green-50 text-green-800 ring-green-200" : "bg-red-50 text-red-800 ring-red-200"}`}
        data-testid="verify-status"
      >
        {valid ? t("icert.verify.valid") : t("icert.verify.altered")}
      </p>
      <p className="mt-2 text-sm text-stone-700">
        {valid ? t("icert.verify.validNote") : !signatureValid ? t("icert.verify.signatureBad") : null}
        {!valid && !figuresMatch ? ` ${t("icert.verify.amended")}` : null}
      </p>
      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 text-sm">
        <dt className="text-stone-500">{t("icert.id")}</dt>
        <dd className="font-mono">{id}</dd>
        {subject && (
          <>
            <dt className="text-stone-500">{t("icert.title")}</dt>
            <dd>
              {subject.kind === "order"
                ? t("icert.subject.order", { number: subject.orderNumber, date: subject.paidOn })
                : t("icert.subject.institution_year", {
                    organisation: subject.organisation,
                    year: subject.year,
                  })}
            </dd>
            <dt className="text-stone-500">{t("icert.issuedAt")}</dt>
            <dd>{formatShanghaiDateTime(payload!.issuedAt)}</dd>
          </>
        )}
      </dl>
      {payload?.figures ? (
        <ImpactFigures figures={payload.figures} compare={valid ? undefined : current} />
      ) : (
        <ImpactFigures figures={current} />
      )}
      <details className="mt-6 text-xs text-stone-600">
        <summary>{t("icert.publicKey")}</summary>
        <p className="mt-1">
          {t("icert.keyId")}: <span className="font-mono">{keyId}</span>
        </p>
        <pre className="mt-1 overflow-x-auto whitespace-pre-wrap break-all">{publicKeyPem}</pre>
      </details>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
