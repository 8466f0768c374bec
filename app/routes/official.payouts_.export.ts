// Officials and admins: the payouts-against-ledger comparison as CSV (UTF-8 with BOM) or XLSX,
// /official/payouts/export?from=&to=&threshold=&grace=&gaps=1&format=csv|xlsx. A resource route, so
// a plain link downloads the file. The export carries full names: audited by the model.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { invariantResponse } from "~/lib/invariant";
import { addMessages, localeFromRequest, translate, type MessageKey } from "~/lib/i18n";
import { PORTAL_CATALOGS } from "~/lib/messages/areas";
import { exportTable, type ExportColumn } from "~/lib/table-export.server";
import { requireRole } from "~/models/access/auth.server";
import { comparisonFilter, exportPayoutComparison } from "~/models/impact/household-payouts.server";
import { MECHANISM_LABELS } from "../../core/mechanisms";

addMessages(...PORTAL_CATALOGS);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["official", "admin"]);
  const url = new URL(request.url);
  const format = url.searchParams.get("format");
  if (format !== "csv" && format !== "xlsx")
    throw new Response("导出参数有误：format=csv|xlsx · Bad export request", { status: 400 });
  const { options, onlyGaps } = comparisonFilter(url.searchParams);
  const comparison = await exportPayoutComparison({ caller: user, options });
  invariantResponse(comparison, "导出参数有误 · Bad export request", { status: 400 });
  const locale = localeFromRequest(request);
  const t = (key: MessageKey) => translate(locale, key);
  const fen = (key: string, header: MessageKey): ExportColumn => ({ key, header: t(header), type: "fen" });
  const columns: ExportColumn[] = [
    { key: "beneficiaryName", header: t("payouts.col.beneficiary") },
    { key: "registryCode", header: t("payouts.col.registryCode") },
    { key: "townName", header: t("payouts.col.town") },
    { key: "villageName", header: t("payouts.col.village") },
    { key: "supplierName", header: t("payouts.col.supplier") },
    { key: "mechanism", header: t("payouts.col.mechanism") },
    fen("attributedFen", "payouts.col.attributed"),
    fen("dueFen", "payouts.col.due"),
    fen("paidFen", "payouts.col.paid"),
    fen("unpaidFen", "payouts.col.unpaid"),
    { key: "payouts", header: t("payouts.col.count"), type: "count" },
    { key: "gap", header: t("payouts.col.gap") },
  ];
  const rows = comparison.rows
    .filter((r) => !onlyGaps || r.gap)
    .map((r) => ({
      beneficiaryName: r.beneficiaryName,
      registryCode: r.registryCode,
      townName: r.townName,
      villageName: r.villageName,
      supplierName: r.supplierName,
      mechanism: MECHANISM_LABELS[r.mechanism][locale],
      attributedFen: r.attributedFen,
      dueFen: r.dueFen,
      paidFen: r.paidFen,
      unpaidFen: r.unpaidFen,
      payouts: r.payouts,
      gap: r.gap ? t("payouts.gap") : "",
    }));
  return exportTable({
    format,
    filename: `联农兑现核对-${options.from}-${options.to}`,
    sheetName: t("payouts.official.title"),
    columns,
    rows,
  });
}
