// Supplier staff: one of their supplier's statements with its lines (sales and refunds), exportable
// as CSV or XLSX. Another supplier's statement is as unknown as a missing one (404).
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { invariantResponse } from "~/lib/invariant";
import { formatFen } from "~/lib/money";
import { useT } from "~/lib/use-locale";
import { requireRole } from "~/models/access/auth.server";
import { getStatement } from "~/models/settlement/settlement.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "对账单", "Statement"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const found = await getStatement({ caller: user, statementId: params.statementId ?? "" });
  invariantResponse(found, "Not found", { status: 404 });
  return json(found);
}

export default function SupplierStatementPage() {
  const { statement: st, lines } = useLoaderData<typeof loader>();
  const t = useT();
  const num = "px-3 py-2 text-right tabular-nums";
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <p className="text-sm">
        <Link to="/supplier/settlement" className="text-brand-700 hover:underline">
          {t("settlement.back")}
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">
        {t("settlement.statement")} {st.periodFrom} – {st.periodTo}
      </h1>
      <p className="mt-1 text-sm" data-testid="statement-status">
        {t(st.status === "settled" ? "settlement.settled" : "settlement.pending")}
        {st.payout && ` · ${st.payout.paidOn} · ${st.payout.bankReference}`}
      </p>
      <dl className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-5" data-testid="statement-totals">
        {(
          [
            ["settlement.col.goods", st.goodsFen],
            ["settlement.col.refunds", st.refundsFen],
            ["settlement.col.shipping", st.shippingFen],
            ["settlement.col.fee", st.feeFen],
            ["settlement.col.payable", st.payableFen],
          ] as const
        ).map(([label, fen]) => (
          <div key={label} className="rounded-xl bg-white p-3 ring-1 ring-stone-200">
            <dt className="text-xs text-stone-600">{t(label)}</dt>
            <dd className="text-lg font-semibold tabular-nums">{formatFen(fen)}</dd>
          </div>
        ))}
      </dl>
      <div className="mt-6 flex flex-wrap items-end justify-between gap-2">
        <h2 className="text-lg font-semibold">{t("settlement.lines")}</h2>
        <p className="text-sm">
          {(["csv", "xlsx"] as const).map((f, i) => (
            <span key={f}>
              {i > 0 && " · "}
              <a
                href={`/supplier/settlement/${st.id}/export?format=${f}`}
                className="text-brand-700 hover:underline"
                download
              >
                {t(f === "csv" ? "settlement.exportCsv" : "settlement.exportXlsx")}
              </a>
            </span>
          ))}
        </p>
      </div>
      <DataTable
        className="mt-3"
        testId="statement-lines"
        tableClassName="min-w-[36rem]"
        headers={[
          { label: t("settlement.col.order") },
          { label: t("settlement.col.kind") },
          { label: t("settlement.col.paidDate") },
          { label: t("settlement.col.goods"), numeric: true },
          { label: t("settlement.col.shipping"), numeric: true },
          { label: t("settlement.col.net"), numeric: true },
        ]}
        empty={t("settlement.empty")}
      >
        {lines.map((l, i) => (
          <tr key={i}>
            <th scope="row" className="px-3 py-2 text-left font-mono text-xs font-medium">
              {l.orderNumber}
            </th>
            <td className="px-3 py-2">{t(`settlement.line.${l.kind}`)}</td>
            <td className="px-3 py-2">{l.paidDate}</td>
            <td className={num}>{formatFen(l.goodsFen)}</td>
            <td className={num}>{formatFen(l.shippingFen)}</td>
            <td className={num}>{formatFen(l.netFen)}</td>
          </tr>
        ))}
      </DataTable>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
