// Bulk stock update for supplier staff: one form with a stock input per variant, or a CSV file
// (sku or variant_id, stock). All or nothing: a wrong row changes nothing and is named.
// /supplier/products/stock.csv (a resource route) downloads the current stock in the same format.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormField } from "~/components/form-field";
import { requireRole } from "~/models/access/auth.server";
import { parseForm } from "~/lib/form";
import { decodeText, parseCsv } from "~/lib/household-file";
import type { MessageKey } from "~/lib/i18n";
import { fileBytes } from "~/lib/uploads.server";
import { useT } from "~/lib/use-locale";
import {
  bulkUpdateStock,
  listStockRows,
  stockRowsFromTable,
  type StockRow,
  type StockRowError,
} from "~/models/catalog/supplier-catalog.server";
import { redirectWithToast } from "~/lib/toast.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "批量修改库存", "Update stock"),
  { name: "robots", content: "noindex" },
];

const MAX_CSV_BYTES = 1024 * 1024;
type StockRowView = Awaited<ReturnType<typeof listStockRows>>[number];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  return json({ rows: await listStockRows({ caller: user }) });
}

// The form posts stock.<variantId> (new value) and was.<variantId> (the value shown).
const StockForm = z.object({ intent: z.literal("form") }).catchall(z.string().max(20));
/** The CSV form: the file is taken from the form; its text fields (intent) are not needed. */
const CsvUpload = z.object({});

type Reply = { errors: StockRowError[]; formError?: MessageKey; values?: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  let rows: StockRow[];
  let values: Record<string, string> | undefined;
  if ((request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/")) {
    const read = await parseForm(request, CsvUpload, { uploads: { maxBytes: MAX_CSV_BYTES } });
    if (read.failure || !read.form)
      return json(
        {
          errors: [],
          formError:
            read.failure === "too_large"
              ? "supplierCatalog.error.csv_too_large"
              : "supplierCatalog.error.not_multipart",
        } satisfies Reply,
        { status: read.failure === "too_large" ? 413 : 400 },
      );
    const bytes = await fileBytes(read.form, "file");
    if (!bytes || bytes.byteLength === 0)
      return json({ errors: [], formError: "supplierCatalog.error.csv_empty" } satisfies Reply, {
        status: 400,
      });
    const table = stockRowsFromTable(parseCsv(decodeText(bytes)));
    if (!table.ok)
      return json({ errors: [], formError: `supplierCatalog.error.csv_${table.code}` } satisfies Reply, {
        status: 400,
      });
    rows = table.rows;
  } else {
    const form = await parseForm(request, StockForm);
    if (!form.ok)
      return json({ errors: [], formError: "supplierCatalog.error.not_found" } satisfies Reply, {
        status: 400,
      });
    values = {};
    rows = [];
    let position = 0;
    for (const [key, value] of Object.entries(form.data)) {
      if (!key.startsWith("stock.")) continue;
      position++;
      const id = key.slice("stock.".length);
      values[id] = value;
      // Only rows that were changed are written, and only if the stock is still what the page
      // showed: a sale made while the page was open is never overwritten.
      const was = form.data[`was.${id}`] ?? "";
      if (value.trim() !== was.trim()) rows.push({ row: position, ref: id, stock: value, expected: was });
    }
  }
  if (rows.length === 0)
    return json({ errors: [], formError: "supplierCatalog.stock.unchanged", values } satisfies Reply, {
      status: 400,
    });
  const result = await bulkUpdateStock({ caller: user, rows });
  if (!result.ok) return json({ errors: result.errors, values } satisfies Reply, { status: 400 });
  return redirectWithToast(request, "/supplier/products/stock", "supplierCatalog.toast.stockSaved");
}

export default function StockPage() {
  const { rows } = useLoaderData<typeof loader>() as unknown as { rows: StockRowView[] };
  const reply = useActionData<typeof action>() as Reply | undefined;
  const t = useT();
  const skuOf = new Map(rows.map((r) => [r.variantId, r.sku]));
  const errorByVariant = new Map((reply?.errors ?? []).map((e) => [e.ref, e]));
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <p className="text-sm">
        <Link to="/supplier/products" className="text-brand-700 underline">
          {t("supplierCatalog.back")}
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{t("supplierCatalog.stock.title")}</h1>
      <p className="mt-2 text-sm text-stone-600">{t("supplierCatalog.stock.intro")}</p>
      {(reply?.formError || (reply?.errors.length ?? 0) > 0) && (
        <div role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {reply?.formError ? (
            <p>{t(reply.formError)}</p>
          ) : (
            <>
              <p className="font-semibold">{t("supplierCatalog.stock.errors")}</p>
              <ul className="mt-1 list-disc pl-5">
                {reply!.errors.map((e) => (
                  <li key={`${e.row}-${e.ref}`}>
                    {t("supplierCatalog.stock.rowError", {
                      row: e.row,
                      ref: skuOf.get(e.ref) ?? e.ref,
                      message: t(`supplierCatalog.stock.${e.code}`),
                    })}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {rows.length === 0 ? (
        <p className="mt-6 text-stone-600">{t("supplierCatalog.stock.empty")}</p>
      ) : (
        <Form method="post" className="mt-6">
          <input type="hidden" name="intent" value="form" />
          <DataTable
            headers={[
              { label: "#" },
              { label: t("supplierCatalog.col.product") },
              { label: t("supplierCatalog.col.spec") },
              { label: t("supplierCatalog.col.sku") },
              { label: t("supplierCatalog.col.stock") },
            ]}
          >
            {rows.map((r, i) => {
              const error = errorByVariant.get(r.variantId);
              const inputId = `stock-${r.variantId}`;
              return (
                <tr key={r.variantId}>
                  <td className="w-16 px-3 py-2 tabular-nums text-stone-500">{i + 1}</td>
                  <td className="px-3 py-2">
                    <Link to={`/supplier/products/${r.productId}`} className="text-brand-700 underline">
                      {r.productName}
                    </Link>
                  </td>
                  <td className="px-3 py-2">
                    {r.spec}
                    {!r.active && (
                      <span className="ml-1 text-amber-700">（{t("supplierCatalog.inactive")}）</span>
                    )}
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">{r.sku}</td>
                  <td className="px-3 py-2">
                    <label htmlFor={inputId} className="sr-only">
                      {t("supplierCatalog.col.stock")} {r.sku}
                    </label>
                    <input type="hidden" name={`was.${r.variantId}`} value={r.stock} />
                    <input
                      id={inputId}
                      name={`stock.${r.variantId}`}
                      inputMode="numeric"
                      defaultValue={reply?.values?.[r.variantId] ?? String(r.stock)}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? `${inputId}-error` : undefined}
                      className="w-28 rounded-lg border border-stone-300 px-2 py-1 aria-[invalid]:border-red-600"
                    />
                    {error && (
                      <p id={`${inputId}-error`} className="mt-1 text-xs text-red-700">
                        {t(`supplierCatalog.stock.${error.code}`)}
                      </p>
                    )}
                  </td>
                </tr>
              );
            })}
          </DataTable>
          <button
            type="submit"
            className="mt-4 rounded-lg bg-brand-600 px-6 py-2 font-semibold text-white hover:bg-brand-700"
          >
            {t("supplierCatalog.stock.save")}
          </button>
        </Form>
      )}
      <section
        aria-labelledby="csv-heading"
        className="mt-10 max-w-2xl rounded-lg border border-stone-200 p-4"
      >
        <h2 id="csv-heading" className="text-lg font-semibold">
          {t("supplierCatalog.stock.csv")}
        </h2>
        <p className="mt-1 text-sm text-stone-600">{t("supplierCatalog.stock.csv.hint")}</p>
        <p className="mt-2 text-sm">
          <a href="/supplier/products/stock.csv" className="text-brand-700 underline" download>
            {t("supplierCatalog.stock.download")}
          </a>
        </p>
        <Form method="post" encType="multipart/form-data" className="mt-3 grid grid-cols-1 gap-3">
          <FormField
            name="file"
            type="file"
            required
            accept=".csv,text/csv"
            label={t("supplierCatalog.stock.csv.file")}
          />
          <button
            type="submit"
            className="justify-self-start rounded-lg border border-brand-600 px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50"
          >
            {t("supplierCatalog.stock.csv.upload")}
          </button>
        </Form>
      </section>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
