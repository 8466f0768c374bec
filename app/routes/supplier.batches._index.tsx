// Supplier staff: record a batch (product, harvest or production date, quantity, inspection
// report or 承诺达标合格证 — a multipart form that works without JavaScript) and see their batches
// with their trace codes; each links to its printable label with the QR code.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormField, SubmitButton } from "~/components/form-field";
import { shanghaiDate } from "~/lib/dates";
import { parseForm } from "~/lib/form";
import { localized, type MessageKey } from "~/lib/i18n";
import { redirectWithToast } from "~/lib/toast.server";
import { fileBytes, MAX_DOCUMENT_BYTES } from "~/lib/uploads.server";
import { useLocale, useT } from "~/lib/use-locale";
import { requireRole } from "~/models/access/auth.server";
import {
  batchProductOptions,
  createBatch,
  listBatches,
  type BatchError,
} from "~/models/catalog/batches.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "批次与追溯码", "Batches"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const [batches, products] = await Promise.all([
    listBatches({ caller: user }),
    batchProductOptions({ caller: user }),
  ]);
  return json({ batches, products, today: shanghaiDate(new Date()) });
}

const BatchForm = z.object({
  productId: z.string().trim().max(64),
  producedOn: z.string().trim().max(10),
  quantity: z.string().trim().max(12),
  unit: z.string().trim().max(40),
});

const FIELD_OF: Record<BatchError, "productId" | "producedOn" | "quantity" | "unit" | "document"> = {
  forbidden: "productId",
  product_not_found: "productId",
  bad_date: "producedOn",
  bad_quantity: "quantity",
  bad_unit: "unit",
  document_missing: "document",
  document_too_large: "document",
  document_type: "document",
};
const MESSAGE_OF: Record<(typeof FIELD_OF)[BatchError], MessageKey> = {
  productId: "batch.error.product",
  producedOn: "batch.error.date",
  quantity: "batch.error.quantity",
  unit: "batch.error.unit",
  document: "batch.error.document",
};

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const parsed = await parseForm(request, BatchForm, { uploads: { maxBytes: MAX_DOCUMENT_BYTES } });
  if (parsed.failure || !parsed.form || !parsed.ok)
    return json(
      { field: "document" as const, message: MESSAGE_OF.document },
      { status: parsed.failure === "too_large" ? 413 : 400 },
    );
  const bytes = await fileBytes(parsed.form, "document");
  const file = parsed.form.get("document");
  const result = await createBatch({
    caller: user,
    productId: parsed.data.productId,
    producedOn: parsed.data.producedOn,
    quantity: /^\d{1,7}$/.test(parsed.data.quantity) ? Number(parsed.data.quantity) : NaN,
    unit: parsed.data.unit,
    document: bytes
      ? { bytes, originalName: typeof file === "string" || !file ? "document" : file.name }
      : null,
  });
  if (!result.ok) {
    const field = FIELD_OF[result.code];
    return json({ field, message: MESSAGE_OF[field] }, { status: result.code === "forbidden" ? 403 : 400 });
  }
  return redirectWithToast(request, `/supplier/batches/${result.id}`, "batch.recorded");
}

const selectClass =
  "mt-1 w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base focus:outline-none focus:ring-2 focus:ring-brand-600";

export default function SupplierBatchesPage() {
  const { batches, products, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const error = (field: string) => (actionData?.field === field ? t(actionData.message) : null);
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("batch.title")}</h1>
      <p className="mt-2 max-w-3xl text-sm text-stone-600">{t("batch.intro")}</p>
      <section
        aria-labelledby="new-batch"
        className="mt-6 max-w-xl rounded-xl bg-white p-4 ring-1 ring-stone-200"
      >
        <h2 id="new-batch" className="text-lg font-semibold">
          {t("batch.new")}
        </h2>
        <Form method="post" encType="multipart/form-data" className="mt-3 space-y-4">
          <div>
            <label htmlFor="productId" className="block text-sm font-medium">
              {t("batch.product")}
            </label>
            <select
              id="productId"
              name="productId"
              required
              className={selectClass}
              aria-invalid={error("productId") ? true : undefined}
              aria-describedby={error("productId") ? "productId-error" : undefined}
            >
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
          <FormField
            name="producedOn"
            type="date"
            label={t("batch.producedOn")}
            max={today}
            defaultValue={today}
            required
            error={error("producedOn")}
          />
          <div className="grid grid-cols-2 gap-3">
            <FormField
              name="quantity"
              type="number"
              inputMode="numeric"
              min={1}
              label={t("batch.quantity")}
              required
              error={error("quantity")}
            />
            <FormField
              name="unit"
              label={t("batch.unit")}
              defaultValue="千克"
              required
              error={error("unit")}
            />
          </div>
          <FormField
            name="document"
            type="file"
            accept="application/pdf,image/jpeg,image/png"
            label={t("batch.document")}
            required
            error={error("document")}
          />
          <SubmitButton>{t("batch.submit")}</SubmitButton>
        </Form>
      </section>
      <section aria-labelledby="batch-list" className="mt-6">
        <h2 id="batch-list" className="text-lg font-semibold">
          {t("batch.list")}
        </h2>
        {batches.length === 0 ? (
          <p className="mt-2 text-stone-600">{t("batch.empty")}</p>
        ) : (
          <ul className="mt-2 divide-y divide-stone-100 rounded-xl bg-white ring-1 ring-stone-200">
            {batches.map((b) => (
              <li key={b.id}>
                <Link
                  to={`/supplier/batches/${b.id}`}
                  className="flex flex-wrap justify-between gap-2 px-4 py-3 hover:bg-stone-50 focus:outline-none focus:ring-2 focus:ring-inset focus:ring-brand-600"
                >
                  <span>
                    <span className="block font-medium">
                      {localized(locale, b.productName, b.productNameEn)}
                    </span>
                    <span className="block text-xs text-stone-500">
                      {b.producedOn} · {b.quantity} {b.unit}
                    </span>
                  </span>
                  <span className="font-mono" data-testid="batch-code">
                    {b.code}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
