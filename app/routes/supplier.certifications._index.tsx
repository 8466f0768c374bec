// Supplier staff: apply for supplier or product certification with documents (multipart form,
// works without JavaScript), and follow their applications: status, dates, rejection reasons.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { StatusBadge } from "~/components/status-badge";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SubmitButton } from "~/components/form-field";
import { requireRole } from "~/models/access/auth.server";
import { formatShanghaiDateTime } from "~/lib/dates";
import { localized, type MessageKey } from "~/lib/i18n";
import { parseForm } from "~/lib/form";
import { FORM_OVERHEAD_BYTES, MAX_DOCUMENT_BYTES } from "~/lib/uploads.server";
import { useLocale, useT } from "~/lib/use-locale";
import {
  applicationOptions,
  applyForCertification,
  listCertificationsForSupplier,
  MAX_DOCUMENTS,
} from "~/models/catalog/certifications.server";
import { redirectWithToast } from "~/lib/toast.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "认定申请", "Certification"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const [certifications, options] = await Promise.all([
    listCertificationsForSupplier({ caller: user }),
    applicationOptions({ caller: user }),
  ]);
  return json({ certifications, products: options.products });
}

const ApplyForm = z.object({
  subject: z.enum(["supplier", "product"]),
  productId: z.string().trim().max(64).optional(),
});

type ActionError = { field: "subject" | "productId" | "documents"; message: MessageKey };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  // Each document at most 10 MB (refused while it streams in), the form at most all of them.
  const parsed = await parseForm(request, ApplyForm, {
    uploads: {
      maxBytes: MAX_DOCUMENT_BYTES,
      maxTotalBytes: MAX_DOCUMENTS * MAX_DOCUMENT_BYTES + FORM_OVERHEAD_BYTES,
    },
  });
  if (parsed.failure || !parsed.form) {
    const message: MessageKey =
      parsed.failure === "too_large" ? "cert.error.document_too_large" : "cert.error.not_multipart";
    return json(
      { error: { field: "documents", message } satisfies ActionError },
      { status: parsed.failure === "too_large" ? 413 : 400 },
    );
  }
  if (!parsed.ok)
    return json(
      { error: { field: "subject", message: "cert.error.product_not_found" } satisfies ActionError },
      { status: 400 },
    );
  const fields = parsed;
  const documents = await Promise.all(
    parsed.form
      .getAll("documents")
      .filter((v): v is File => typeof v !== "string")
      .map(async (file) => ({ bytes: new Uint8Array(await file.arrayBuffer()), originalName: file.name })),
  );
  const result = await applyForCertification({
    caller: user,
    subject: fields.data.subject,
    productId: fields.data.productId || null,
    documents,
  });
  if (!result.ok) {
    const field: ActionError["field"] =
      result.code === "product_not_found" || result.code === "already_open"
        ? "productId"
        : result.code === "forbidden"
          ? "subject"
          : "documents";
    return json(
      { error: { field, message: `cert.error.${result.code}` as MessageKey } satisfies ActionError },
      { status: result.code === "forbidden" ? 403 : 400 },
    );
  }
  return redirectWithToast(request, "/supplier/certifications", "cert.toast.applied");
}

const selectClass =
  "mt-1 w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base focus:outline-none focus:ring-2 focus:ring-brand-600";

export default function SupplierCertificationsPage() {
  const { certifications, products } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const error = (field: ActionError["field"]) =>
    actionData?.error.field === field ? t(actionData.error.message) : null;
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("cert.title")}</h1>
      <p className="mt-2 max-w-3xl text-sm text-stone-600">{t("cert.intro")}</p>

      <section
        aria-labelledby="apply-title"
        className="mt-6 max-w-xl rounded-xl bg-white p-4 ring-1 ring-stone-200"
      >
        <h2 id="apply-title" className="text-lg font-semibold">
          {t("cert.apply.title")}
        </h2>
        <Form method="post" encType="multipart/form-data" className="mt-3 space-y-4">
          <fieldset>
            <legend className="text-sm font-medium">{t("cert.apply.subject")}</legend>
            <div className="mt-1 flex gap-4">
              <label className="flex items-center gap-2">
                <input type="radio" name="subject" value="product" defaultChecked /> {t("cert.apply.product")}
              </label>
              <label className="flex items-center gap-2">
                <input type="radio" name="subject" value="supplier" /> {t("cert.apply.supplier")}
              </label>
            </div>
            {error("subject") && <p className="mt-1 text-sm text-red-700">{error("subject")}</p>}
          </fieldset>
          <div>
            <label htmlFor="productId" className="block text-sm font-medium">
              {t("cert.apply.productLabel")}
            </label>
            <select
              id="productId"
              name="productId"
              className={selectClass}
              aria-invalid={error("productId") ? true : undefined}
              aria-describedby={error("productId") ? "productId-error" : undefined}
            >
              <option value="">—</option>
              {products.map((p) => (
                <option key={p.id} value={p.id}>
                  {localized(locale, p.name, p.nameEn)}
                </option>
              ))}
            </select>
            {error("productId") && (
              <p id="productId-error" className="mt-1 text-sm text-red-700">
                {error("productId")}
              </p>
            )}
          </div>
          <div>
            <label htmlFor="documents" className="block text-sm font-medium">
              {t("cert.apply.documents")}
            </label>
            <input
              id="documents"
              name="documents"
              type="file"
              multiple
              required
              accept="application/pdf,image/jpeg,image/png"
              aria-describedby={`documents-hint${error("documents") ? " documents-error" : ""}`}
              aria-invalid={error("documents") ? true : undefined}
              className="mt-1 block w-full text-sm"
            />
            <p id="documents-hint" className="mt-1 text-xs text-stone-500">
              {t("cert.apply.documentsHint")}
            </p>
            {error("documents") && (
              <p id="documents-error" role="alert" className="mt-1 text-sm text-red-700">
                {error("documents")}
              </p>
            )}
          </div>
          <SubmitButton>{t("cert.apply.submit")}</SubmitButton>
        </Form>
      </section>

      <h2 className="mt-8 text-lg font-semibold">{t("cert.mine.title")}</h2>
      {certifications.length === 0 ? (
        <p className="mt-2 text-stone-600">{t("cert.empty")}</p>
      ) : (
        <ul className="mt-3 space-y-3">
          {certifications.map((c) => (
            <li key={c.id} className="rounded-xl bg-white p-4 ring-1 ring-stone-200">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <p className="font-semibold">
                  {t(`cert.subject.${c.subject}`)} · {c.productName ?? c.supplierName}
                </p>
                <StatusBadge size="sm" data-status={c.status}>
                  {t(`cert.status.${c.stage}`)}
                </StatusBadge>
              </div>
              <p className="mt-1 text-sm text-stone-600">
                {t("cert.appliedOn", { date: formatShanghaiDateTime(c.appliedAt) })}
              </p>
              {c.noticeStartsOn && c.noticeEndsOn && (
                <p className="text-sm text-stone-600">
                  {t("cert.notice", { from: c.noticeStartsOn, to: c.noticeEndsOn })}
                </p>
              )}
              {c.certificateNo && (
                <p className="text-sm">
                  {t("cert.certificateNo")}: {c.certificateNo} · {c.issuer} ·{" "}
                  {t("cert.valid", { from: c.validFrom ?? "—", to: c.validUntil ?? "—" })}
                </p>
              )}
              {c.rejectionReason && (
                <p className="mt-1 text-sm text-red-800">{t("cert.reason", { reason: c.rejectionReason })}</p>
              )}
              {c.documents.length > 0 && (
                <ul className="mt-2 flex flex-wrap gap-2 text-sm">
                  {c.documents.map((d, i) => (
                    <li key={i}>
                      <a
                        href={`/supplier/certifications/${c.id}/documents/${i}`}
                        className="text-brand-700 underline"
                      >
                        {t("cert.download")} {d.name}
                      </a>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
