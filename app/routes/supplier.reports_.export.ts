// Supplier staff: one table of their sales report as CSV (UTF-8 with BOM) or XLSX:
// /supplier/reports/export?year=&table=months|products|beneficiaries&format=csv|xlsx.
// A resource route (no page component) so that following the link as a plain document request,
// as a browser does, gets the file: served from the page route it rendered the page without data
// and answered 500 (issue 15, item 2).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/models/access/auth.server";
import { localeFromRequest, translate, type Locale, type MessageKey } from "~/lib/i18n";
import { exportTable, type ExportColumn, type ExportRow } from "~/lib/table-export.server";
import { getSupplierReport, reportYear, type SupplierReport } from "~/models/impact/supplier-reports.server";
import { invariantResponse } from "~/lib/invariant";

const TABLES = ["months", "products", "beneficiaries"] as const;
type TableName = (typeof TABLES)[number];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const url = new URL(request.url);
  const format = url.searchParams.get("format");
  const table = url.searchParams.get("table") as TableName | null;
  if ((format !== "csv" && format !== "xlsx") || !table || !TABLES.includes(table)) {
    throw new Response(
      "导出参数有误：table=months|products|beneficiaries&format=csv|xlsx · Bad export request",
      { status: 400 },
    );
  }
  const report = await getSupplierReport({ caller: user, year: reportYear(url.searchParams.get("year")) });
  invariantResponse(report, "Not found", { status: 404 });
  return exportTable({ format, ...exportOf(report, table, localeFromRequest(request)) });
}

/** The export of one table: the same figures as on the page, money as yuan with 2 decimals. */
function exportOf(
  report: SupplierReport,
  table: TableName,
  locale: Locale,
): { filename: string; sheetName: string; columns: ExportColumn[]; rows: ExportRow[] } {
  const t = (key: MessageKey) => translate(locale, key);
  const fen = (key: string, header: MessageKey): ExportColumn => ({ key, header: t(header), type: "fen" });
  if (table === "months") {
    return {
      filename: `销售报表-按月份-${report.year}`,
      sheetName: t("fulfil.reports.byMonth"),
      columns: [
        { key: "month", header: t("fulfil.reports.month") },
        fen("salesFen", "fulfil.reports.sales"),
        fen("refundedFen", "fulfil.reports.refunded"),
        { key: "quantity", header: t("fulfil.reports.quantity"), type: "count" },
        fen("attributedFen", "fulfil.reports.attributed"),
      ],
      rows: report.months,
    };
  }
  if (table === "products") {
    return {
      filename: `销售报表-按产品-${report.year}`,
      sheetName: t("fulfil.reports.byProduct"),
      columns: [
        { key: "productName", header: t("fulfil.col.product") },
        { key: "quantity", header: t("fulfil.reports.quantity"), type: "count" },
        fen("salesFen", "fulfil.reports.sales"),
        fen("refundedFen", "fulfil.reports.refunded"),
        fen("attributedFen", "fulfil.reports.attributed"),
      ],
      rows: report.products,
    };
  }
  return {
    filename: `销售报表-按联结户-${report.year}`,
    sheetName: t("fulfil.reports.byBeneficiary"),
    columns: [
      { key: "name", header: t("fulfil.reports.beneficiary") },
      { key: "kind", header: t("fulfil.reports.kind") },
      { key: "villageName", header: t("fulfil.reports.village") },
      fen("attributedFen", "fulfil.reports.attributed"),
    ],
    rows: report.beneficiaries.map((b) => ({
      name: b.name,
      kind: b.householdKind
        ? t(`fulfil.kind.${b.householdKind}` as MessageKey)
        : t("fulfil.reports.collective"),
      villageName: b.villageName,
      attributedFen: b.attributedFen,
    })),
  };
}
