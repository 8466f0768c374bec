// Supplier staff: one statement's lines as CSV (UTF-8 with BOM) or XLSX:
// /supplier/settlement/$statementId/export?format=csv|xlsx. A resource route, like the reports'
// export; another supplier's statement → 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { localeFromRequest, translate, type MessageKey } from "~/lib/i18n";
import { invariantResponse } from "~/lib/invariant";
import { exportTable } from "~/lib/table-export.server";
import { requireRole } from "~/models/access/auth.server";
import { getStatement } from "~/models/settlement/settlement.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const format = new URL(request.url).searchParams.get("format");
  if (format !== "csv" && format !== "xlsx")
    throw new Response("导出参数有误：format=csv|xlsx · Bad export request", { status: 400 });
  const found = await getStatement({ caller: user, statementId: params.statementId ?? "" });
  invariantResponse(found, "Not found", { status: 404 });
  const locale = localeFromRequest(request);
  const t = (key: MessageKey) => translate(locale, key);
  const { statement: st, lines } = found;
  return exportTable({
    format,
    filename: `结算对账单-${st.periodFrom}-${st.periodTo}`,
    sheetName: t("settlement.lines"),
    columns: [
      { key: "orderNumber", header: t("settlement.col.order") },
      { key: "kind", header: t("settlement.col.kind") },
      { key: "paidDate", header: t("settlement.col.paidDate") },
      { key: "goodsFen", header: t("settlement.col.goods"), type: "fen" },
      { key: "shippingFen", header: t("settlement.col.shipping"), type: "fen" },
      { key: "netFen", header: t("settlement.col.net"), type: "fen" },
    ],
    rows: [
      ...lines.map((l) => ({
        orderNumber: l.orderNumber,
        kind: t(`settlement.line.${l.kind}`),
        paidDate: l.paidDate,
        goodsFen: l.goodsFen,
        shippingFen: l.shippingFen,
        netFen: l.netFen,
      })),
      {
        orderNumber: t("settlement.col.fee"),
        kind: "",
        paidDate: "",
        goodsFen: null,
        shippingFen: null,
        netFen: -st.feeFen,
      },
      {
        orderNumber: t("settlement.col.payable"),
        kind: "",
        paidDate: "",
        goodsFen: null,
        shippingFen: null,
        netFen: st.payableFen,
      },
    ],
  });
}
