// Supplier staff: sales and attributed income of their own supplier for one Asia/Shanghai year,
// by month, product and beneficiary (household names masked), as tables and server-rendered
// charts; each table downloads as CSV (UTF-8 with BOM) or XLSX from the resource route
// /supplier/reports/export (supplier.reports_.export.ts): a file link must not point at a page.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { BarChart, TrendChart } from "~/components/charts";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireRole } from "~/models/access/auth.server";
import type { MessageKey } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { useT } from "~/lib/use-locale";
import {
  getSupplierReport,
  MIN_REPORT_YEAR,
  reportYear,
  type SupplierReport,
} from "~/models/impact/supplier-reports.server";
import { invariantResponse } from "~/lib/invariant";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "销售报表", "Reports"),
  { name: "robots", content: "noindex" },
];

type TableName = "months" | "products" | "beneficiaries";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const year = reportYear(new URL(request.url).searchParams.get("year"));
  const report = await getSupplierReport({ caller: user, year });
  invariantResponse(report, "Not found", { status: 404 });
  const currentYear = reportYear(null);
  // The year list travels in the data: values of a .server module do not exist in the browser.
  const years = Array.from({ length: currentYear - MIN_REPORT_YEAR + 1 }, (_, i) => currentYear - i);
  return json({ report, years });
}

export default function SupplierReportsPage() {
  const { report, years } = useLoaderData<{ report: SupplierReport; years: number[] }>();
  const t = useT();
  const exportLinks = (table: TableName) => (
    <p className="text-sm">
      {t("fulfil.reports.export")}:{" "}
      {(["csv", "xlsx"] as const).map((f, i) => (
        <span key={f}>
          {i > 0 && " · "}
          <a
            href={`/supplier/reports/export?year=${report.year}&table=${table}&format=${f}`}
            className="text-brand-700 hover:underline"
            download
          >
            {f.toUpperCase()}
          </a>
        </span>
      ))}
    </p>
  );
  const td = "px-3 py-2";
  const num = "px-3 py-2 text-right tabular-nums";
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-2xl font-bold">{t("fulfil.reports.title")}</h1>
        <Form method="get" className="flex items-end gap-2">
          <div>
            <label htmlFor="year" className="block text-sm font-medium">
              {t("fulfil.reports.year")}
            </label>
            <select
              id="year"
              name="year"
              defaultValue={report.year}
              className="mt-1 rounded-lg border border-stone-300 px-3 py-2"
            >
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </div>
          <button
            type="submit"
            className="rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700"
          >
            {t("fulfil.reports.show")}
          </button>
        </Form>
      </div>

      <dl className="mt-4 grid gap-4 sm:grid-cols-3">
        {(
          [
            ["fulfil.reports.sales", report.totals.salesFen, "report-total-sales"],
            ["fulfil.reports.refunded", report.totals.refundedFen, "report-total-refunded"],
            ["fulfil.reports.attributed", report.totals.attributedFen, "report-total-attributed"],
          ] as const
        ).map(([label, value, testId]) => (
          <div key={label} className="rounded-xl bg-white p-4 ring-1 ring-stone-200">
            <dt className="text-sm text-stone-600">
              {t(label)} · {report.year}
            </dt>
            <dd className="mt-1 text-2xl font-bold text-brand-700" data-testid={testId}>
              {formatFen(value)}
            </dd>
          </div>
        ))}
      </dl>

      <section aria-labelledby="by-month" className="mt-6">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="by-month" className="text-lg font-semibold">
            {t("fulfil.reports.byMonth")}
          </h2>
          {exportLinks("months")}
        </div>
        <div className="mt-2 grid grid-cols-1 gap-4 lg:grid-cols-2">
          <TrendChart
            id="chart-months"
            title={t("fulfil.reports.chartSales", { year: report.year })}
            data={report.months.map((m) => ({
              label: m.month.slice(5),
              sales: m.salesFen,
              attributed: m.attributedFen,
            }))}
            series={[{ key: "sales", label: t("fulfil.reports.sales") }]}
            format="fen"
            width={520}
          />
          <TrendChart
            id="chart-attributed"
            title={t("fulfil.reports.chartAttributed", { year: report.year })}
            data={report.months.map((m) => ({ label: m.month.slice(5), attributed: m.attributedFen }))}
            series={[{ key: "attributed", label: t("fulfil.reports.attributed") }]}
            format="fen"
            kind="line"
            width={520}
          />
        </div>
        <DataTable
          className="mt-3"
          testId="report-months"
          headers={[
            { label: t("fulfil.reports.month") },
            { label: t("fulfil.reports.sales"), numeric: true },
            { label: t("fulfil.reports.refunded"), numeric: true },
            { label: t("fulfil.reports.quantity"), numeric: true },
            { label: t("fulfil.reports.attributed"), numeric: true },
          ]}
        >
          {report.months.map((m) => (
            <tr key={m.month} data-month={m.month}>
              <th scope="row" className={`${td} font-normal`}>
                {m.month}
              </th>
              <td className={num}>{formatFen(m.salesFen)}</td>
              <td className={num}>{formatFen(m.refundedFen)}</td>
              <td className={num}>{m.quantity}</td>
              <td className={num}>{formatFen(m.attributedFen)}</td>
            </tr>
          ))}
        </DataTable>
      </section>

      <section aria-labelledby="by-product" className="mt-8">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="by-product" className="text-lg font-semibold">
            {t("fulfil.reports.byProduct")}
          </h2>
          {exportLinks("products")}
        </div>
        {report.products.length === 0 ? (
          <p className="mt-2 text-sm text-stone-600">{t("fulfil.reports.empty")}</p>
        ) : (
          <>
            <div className="mt-2">
              <BarChart
                id="chart-products"
                title={t("fulfil.reports.chartProducts", { year: report.year })}
                data={report.products.slice(0, 15).map((p) => ({ label: p.productName, value: p.salesFen }))}
                format="fen"
              />
            </div>
            <DataTable
              className="mt-3"
              testId="report-products"
              headers={[
                { label: t("fulfil.col.product") },
                { label: t("fulfil.reports.quantity"), numeric: true },
                { label: t("fulfil.reports.sales"), numeric: true },
                { label: t("fulfil.reports.refunded"), numeric: true },
                { label: t("fulfil.reports.attributed"), numeric: true },
              ]}
            >
              {report.products.map((p) => (
                <tr key={p.productId}>
                  <th scope="row" className={`${td} font-normal`}>
                    {p.productName}
                  </th>
                  <td className={num}>{p.quantity}</td>
                  <td className={num}>{formatFen(p.salesFen)}</td>
                  <td className={num}>{formatFen(p.refundedFen)}</td>
                  <td className={num}>{formatFen(p.attributedFen)}</td>
                </tr>
              ))}
            </DataTable>
          </>
        )}
      </section>

      <section aria-labelledby="by-beneficiary" className="mt-8">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="by-beneficiary" className="text-lg font-semibold">
            {t("fulfil.reports.byBeneficiary")}
          </h2>
          {exportLinks("beneficiaries")}
        </div>
        <p className="text-xs text-stone-500">{t("fulfil.reports.masked")}</p>
        {report.beneficiaries.length === 0 ? (
          <p className="mt-2 text-sm text-stone-600">{t("fulfil.reports.empty")}</p>
        ) : (
          <DataTable
            className="mt-2"
            testId="report-beneficiaries"
            headers={[
              { label: t("fulfil.reports.beneficiary") },
              { label: t("fulfil.reports.kind") },
              { label: t("fulfil.reports.village") },
              { label: t("fulfil.reports.attributed"), numeric: true },
            ]}
          >
            {report.beneficiaries.map((b, i) => (
              <tr key={i}>
                <th scope="row" className={`${td} font-normal`}>
                  {b.name}
                </th>
                <td className={td}>
                  {b.householdKind
                    ? t(`fulfil.kind.${b.householdKind}` as MessageKey)
                    : t("fulfil.reports.collective")}
                </td>
                <td className={td}>{b.villageName}</td>
                <td className={num}>{formatFen(b.attributedFen)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
