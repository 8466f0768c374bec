// Supplier staff: their parts of paid institutional orders that need an invoice, with the buyer's
// invoice title and tax number; one invoice (PDF or image) uploaded per part. The buyer downloads
// and confirms it on their order page.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireRole } from "~/models/access/auth.server";
import { formatShanghaiDateTime } from "~/lib/dates";
import type { MessageKey } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { z } from "zod";
import { parseForm } from "~/lib/form";
import { fileBytes, MAX_DOCUMENT_BYTES, storeDocument } from "~/lib/uploads.server";
import { useT } from "~/lib/use-locale";
import { attachInvoice, canAttachInvoice, listInvoiceParts } from "~/models/institutions/institutions.server";
import { redirectWithToast } from "~/lib/toast.server";
import { invariantResponse } from "~/lib/invariant";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "单位订单发票", "Invoices"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const parts = await listInvoiceParts({ caller: user });
  invariantResponse(parts, "Not found", { status: 404 });
  return json({ parts });
}

const fail = (error: string, partId: string | null, status: number) =>
  json({ error: `supplierInvoices.error.${error}` as MessageKey, partId }, { status });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  // A broken multipart body is the sender's fault (400), whatever the parser throws.
  // The part is checked by canAttachInvoice; here only cut to a sane length. (Made in the action,
  // so zod stays out of the page's browser bundle.)
  const InvoiceForm = z.object({
    partId: z
      .string()
      .transform((v) => v.slice(0, 64))
      .catch(""),
  });
  const read = await parseForm(request, InvoiceForm, { uploads: { maxBytes: MAX_DOCUMENT_BYTES } });
  if (read.failure || !read.form)
    return fail(
      read.failure === "too_large" ? "too_large" : "not_multipart",
      null,
      read.failure === "too_large" ? 413 : 400,
    );
  const partId = read.ok ? read.data.partId : "";
  // Checked before anything is written: another supplier's part is as unknown as a missing one.
  if (!(await canAttachInvoice({ caller: user, partId }))) return fail("not_found", null, 404);
  const file = read.form.get("invoice");
  const bytes = await fileBytes(read.form, "invoice");
  if (!bytes || typeof file === "string" || !file) return fail("not_multipart", partId, 400);
  const stored = await storeDocument({ folder: "invoices", bytes, originalName: file.name });
  if (!stored.ok) return fail(stored.error, partId, 400);
  const result = await attachInvoice({ caller: user, partId, path: stored.path });
  if (!result.ok) return fail(result.code, null, 404);
  return redirectWithToast(request, "/supplier/invoices", "supplierInvoices.toast.uploaded");
}

export default function SupplierInvoicesPage() {
  const { parts } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("supplierInvoices.title")}</h1>
      <p className="mt-1 text-sm text-stone-600">{t("supplierInvoices.intro")}</p>
      {actionData?.error && !actionData.partId && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t(actionData.error)}
        </p>
      )}
      <DataTable
        className="mt-4"
        headers={[
          { label: t("supplierInvoices.order") },
          { label: t("supplierInvoices.buyer") },
          { label: t("supplierInvoices.invoiceTitle") },
          { label: t("supplierInvoices.amount"), numeric: true },
          { label: t("supplierInvoices.status") },
        ]}
        empty={t("supplierInvoices.empty")}
      >
        {parts.map((p) => (
          <tr key={p.partId} className="align-top" data-testid="invoice-row">
            <th scope="row" className="px-3 py-2 text-left font-medium">
              {p.orderNumber}
              {p.paidAt && (
                <span className="block text-xs font-normal text-stone-500">
                  {formatShanghaiDateTime(p.paidAt)}
                </span>
              )}
            </th>
            <td className="px-3 py-2">{p.organisationName}</td>
            <td className="px-3 py-2">
              {p.invoiceTitle}
              <span className="block font-mono text-xs text-stone-600">{p.taxNumber}</span>
            </td>
            <td className="px-3 py-2 text-right tabular-nums">{formatFen(p.amountFen)}</td>
            <td className="px-3 py-2">
              <p>
                {t(
                  p.invoiceConfirmedAt
                    ? "supplierInvoices.status.confirmed"
                    : p.invoiceUploadedAt
                      ? "supplierInvoices.status.uploaded"
                      : "supplierInvoices.status.needed",
                )}
              </p>
              {actionData?.error && actionData.partId === p.partId && (
                <p role="alert" className="mt-1 text-sm text-red-700">
                  {t(actionData.error)}
                </p>
              )}
              {!p.invoiceConfirmedAt && (
                <Form
                  method="post"
                  encType="multipart/form-data"
                  className="mt-2 flex flex-wrap items-center gap-2"
                >
                  <input type="hidden" name="partId" value={p.partId} />
                  <label htmlFor={`invoice-${p.partId}`} className="sr-only">
                    {t("supplierInvoices.file", { number: p.orderNumber })}
                  </label>
                  <input
                    id={`invoice-${p.partId}`}
                    name="invoice"
                    type="file"
                    accept="application/pdf,image/jpeg,image/png,image/webp"
                    required
                    className="max-w-56 text-xs"
                  />
                  <button
                    type="submit"
                    className="rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700"
                  >
                    {t(p.invoiceUploadedAt ? "supplierInvoices.replace" : "supplierInvoices.upload")}
                  </button>
                </Form>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
