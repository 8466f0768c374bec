// The organisation's overview for its buyer_admin: invoice details, the yearly reserved share
// (预留份额) and the progress against it — ordered, paid and completed, by month and by supplier,
// exportable as CSV or XLSX.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormField } from "~/components/form-field";
import { requireRole } from "~/models/access/auth.server";
import { parseForm } from "~/lib/form";
import { yuanField } from "~/lib/yuan-field";
import type { MessageKey } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { useT } from "~/lib/use-locale";
import { getBuyerOverview, setTarget, updateInvoiceDetails } from "~/models/institutions/institutions.server";
import { shanghaiYear } from "~/lib/dates";
import { redirectWithToast } from "~/lib/toast.server";
import { invariantResponse } from "~/lib/invariant";
import { SubUnits } from "~/components/sub-units";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "单位采购", "Organisation"),
  { name: "robots", content: "noindex" },
];

const Year = z.coerce.number().int().min(2000).max(2100);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["buyer_admin"]);
  const year = Year.catch(() => shanghaiYear()).parse(
    new URL(request.url).searchParams.get("year") ?? undefined,
  );
  const overview = await getBuyerOverview({ caller: user, year });
  invariantResponse(overview, "Not found", { status: 404 });
  return json(overview);
}

const ActionForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("details"),
    invoiceTitle: z.string().trim().min(1, "buyer.error.invoiceTitle").max(100, "buyer.error.invoiceTitle"),
    taxNumber: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[0-9A-Z]{15,20}$/, "buyer.error.taxNumber"),
  }),
  z.object({
    intent: z.literal("target"),
    year: Year,
    amount: yuanField("buyer.error.amount"),
  }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["buyer_admin"]);
  const form = await parseForm(request, ActionForm);
  if (!form.ok)
    return json(
      { fieldErrors: form.fieldErrors as Record<string, MessageKey[]>, error: null },
      { status: 400 },
    );
  const result =
    form.data.intent === "details"
      ? await updateInvoiceDetails({
          caller: user,
          invoiceTitle: form.data.invoiceTitle,
          taxNumber: form.data.taxNumber,
        })
      : await setTarget({ caller: user, year: form.data.year, targetFen: form.data.amount });
  if (!result.ok && result.code === "bad_details")
    return json(
      { fieldErrors: {} as Record<string, MessageKey[]>, error: "buyer.error.taxNumber" as MessageKey },
      { status: 400 },
    );
  if (!result.ok)
    return json(
      { fieldErrors: {} as Record<string, MessageKey[]>, error: "buyer.error.not_found" as MessageKey },
      { status: 404 },
    );
  const url = new URL(request.url);
  return redirectWithToast(
    request,
    url.pathname + url.search,
    form.data.intent === "details" ? "buyer.toast.detailsSaved" : "buyer.toast.targetSaved",
  );
}

const ratio = (bp: number | null) => (bp === null ? "—" : `${(bp / 100).toFixed(2)}%`);

export default function BuyerOverviewPage() {
  const { organisation: org, progress, subUnits } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const fieldError = (name: string) => {
    const key = actionData?.fieldErrors?.[name]?.[0];
    return key ? t(key) : null;
  };
  const bp = progress.targetFen ? Math.floor((progress.completedFen * 10000) / progress.targetFen) : null;
  const cell = "px-3 py-2 text-right tabular-nums";
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-bold">{org.name}</h1>
      <p className="mt-1 text-sm text-stone-600">
        {t(`buyer.kind.${org.kind}`)}
        {org.regionName ? ` · ${t("buyer.region")}：${org.regionName}` : ""}
        {org.memberYearlyAllowanceFen !== null
          ? ` · ${t("buyer.allowance")}：${formatFen(org.memberYearlyAllowanceFen)}`
          : ""}
      </p>
      {actionData?.error && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t(actionData.error)}
        </p>
      )}

      <section
        aria-labelledby="progress-heading"
        className="mt-6 rounded-xl bg-white p-4 ring-1 ring-stone-200"
      >
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="progress-heading" className="text-lg font-semibold">
            {t("buyer.progress", { year: progress.year })}
          </h2>
          <Form method="get" className="flex items-end gap-2">
            <div>
              <label htmlFor="year" className="block text-sm font-medium">
                {t("buyer.year")}
              </label>
              <input
                id="year"
                name="year"
                type="number"
                min={2000}
                max={2100}
                defaultValue={progress.year}
                className="mt-1 w-28 rounded-lg border border-stone-300 px-3 py-2"
              />
            </div>
            <button type="submit" className="rounded-lg border border-stone-300 px-3 py-2 hover:bg-stone-50">
              {t("buyer.show")}
            </button>
          </Form>
        </div>
        <dl className="mt-4 grid gap-3 sm:grid-cols-5" data-testid="progress-summary">
          {[
            [
              "buyer.targetLabel",
              progress.targetFen === null ? t("buyer.noTarget") : formatFen(progress.targetFen),
            ],
            ["buyer.ordered", formatFen(progress.orderedFen)],
            ["buyer.paid", formatFen(progress.paidFen)],
            ["buyer.completed", formatFen(progress.completedFen)],
            ["buyer.completionRatio", ratio(bp)],
          ].map(([label, value]) => (
            <div key={label} className="rounded-lg bg-stone-50 p-3">
              <dt className="text-xs text-stone-500">{t(label as MessageKey)}</dt>
              <dd className="mt-1 text-lg font-semibold tabular-nums">{value}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-3 text-xs text-stone-500">{t("buyer.progressNote")}</p>
        <p className="mt-3 flex gap-3 text-sm">
          <Link
            reloadDocument
            to={`/buyer/export?year=${progress.year}&format=csv`}
            className="text-brand-700 underline"
          >
            {t("buyer.export.csv")}
          </Link>
          <Link
            reloadDocument
            to={`/buyer/export?year=${progress.year}&format=xlsx`}
            className="text-brand-700 underline"
          >
            {t("buyer.export.xlsx")}
          </Link>
        </p>
        <div className="mt-4 grid gap-6 lg:grid-cols-2">
          <div>
            <h3 className="font-medium">{t("buyer.byMonth")}</h3>
            <DataTable
              className="mt-2"
              caption={t("buyer.byMonth")}
              headers={[
                { label: t("buyer.month") },
                { label: t("buyer.ordered"), numeric: true },
                { label: t("buyer.paid"), numeric: true },
                { label: t("buyer.completed"), numeric: true },
              ]}
            >
              {progress.byMonth.map((m) => (
                <tr key={m.month}>
                  <th scope="row" className="px-3 py-2 text-left font-normal">
                    {t("buyer.monthN", { month: m.month })}
                  </th>
                  <td className={cell}>{formatFen(m.orderedFen)}</td>
                  <td className={cell}>{formatFen(m.paidFen)}</td>
                  <td className={cell}>{formatFen(m.completedFen)}</td>
                </tr>
              ))}
            </DataTable>
          </div>
          <div>
            <h3 className="font-medium">{t("buyer.bySupplier")}</h3>
            <DataTable
              className="mt-2"
              caption={t("buyer.bySupplier")}
              testId="progress-by-supplier"
              empty={t("buyer.noSuppliers")}
              headers={[
                { label: t("buyer.supplier") },
                { label: t("buyer.ordered"), numeric: true },
                { label: t("buyer.paid"), numeric: true },
                { label: t("buyer.completed"), numeric: true },
              ]}
            >
              {progress.bySupplier.map((r) => (
                <tr key={r.supplierId}>
                  <th scope="row" className="px-3 py-2 text-left font-normal">
                    {r.supplierName}
                  </th>
                  <td className={cell}>{formatFen(r.orderedFen)}</td>
                  <td className={cell}>{formatFen(r.paidFen)}</td>
                  <td className={cell}>{formatFen(r.completedFen)}</td>
                </tr>
              ))}
            </DataTable>
          </div>
        </div>
      </section>

      <SubUnits units={subUnits} year={progress.year} />

      <div className="mt-6 grid gap-6 md:grid-cols-2">
        <section aria-labelledby="target-heading" className="rounded-xl bg-white p-4 ring-1 ring-stone-200">
          <h2 id="target-heading" className="text-lg font-semibold">
            {t("buyer.target")}
          </h2>
          <Form method="post" className="mt-3 space-y-3" noValidate>
            <input type="hidden" name="intent" value="target" />
            <input type="hidden" name="year" value={progress.year} />
            <FormField
              name="amount"
              label={t("buyer.targetAmount", { year: progress.year })}
              inputMode="decimal"
              defaultValue={progress.targetFen === null ? "" : (progress.targetFen / 100).toFixed(2)}
              error={fieldError("amount")}
              required
            />
            <button
              type="submit"
              className="rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700"
            >
              {t("buyer.save")}
            </button>
          </Form>
        </section>
        <section aria-labelledby="details-heading" className="rounded-xl bg-white p-4 ring-1 ring-stone-200">
          <h2 id="details-heading" className="text-lg font-semibold">
            {t("buyer.details")}
          </h2>
          <Form method="post" className="mt-3 space-y-3" noValidate>
            <input type="hidden" name="intent" value="details" />
            <FormField
              name="invoiceTitle"
              label={t("buyer.invoiceTitle")}
              defaultValue={org.invoiceTitle}
              error={fieldError("invoiceTitle")}
              required
              maxLength={100}
            />
            <FormField
              name="taxNumber"
              label={t("buyer.taxNumber")}
              hint={t("buyer.taxNumberHint")}
              defaultValue={org.taxNumber}
              error={fieldError("taxNumber")}
              required
              maxLength={20}
            />
            <button
              type="submit"
              className="rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700"
            >
              {t("buyer.save")}
            </button>
          </Form>
        </section>
      </div>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
