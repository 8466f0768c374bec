// Supplier staff: their supplier's settlement statements, 待结算 (pending) and 已结算 (settled),
// each linking to its lines. Only their own supplier's (app/models/settlement).
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { invariantResponse } from "~/lib/invariant";
import { formatFen } from "~/lib/money";
import { useT } from "~/lib/use-locale";
import { requireRole } from "~/models/access/auth.server";
import { listSupplierStatements, type StatementSummary } from "~/models/settlement/settlement.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "结算对账", "Settlement"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const statements = await listSupplierStatements({ caller: user });
  invariantResponse(statements, "Not found", { status: 404 });
  return json({ statements });
}

export default function SupplierSettlementPage() {
  const { statements } = useLoaderData<typeof loader>();
  const t = useT();
  const num = "px-3 py-2 text-right tabular-nums";
  const table = (rows: StatementSummary[], testId: string) => (
    <DataTable
      className="mt-3"
      testId={testId}
      tableClassName="min-w-[44rem]"
      headers={[
        { label: t("settlement.col.period") },
        { label: t("settlement.col.goods"), numeric: true },
        { label: t("settlement.col.refunds"), numeric: true },
        { label: t("settlement.col.shipping"), numeric: true },
        { label: t("settlement.col.fee"), numeric: true },
        { label: t("settlement.col.payable"), numeric: true },
        { label: t("settlement.col.payout") },
      ]}
      empty={t("settlement.empty")}
    >
      {rows.map((st) => (
        <tr key={st.id} data-testid="statement-row">
          <th scope="row" className="px-3 py-2 text-left font-medium">
            <Link to={`/supplier/settlement/${st.id}`} className="text-brand-700 hover:underline">
              {st.periodFrom} – {st.periodTo}
            </Link>
          </th>
          <td className={num}>{formatFen(st.goodsFen)}</td>
          <td className={num}>{formatFen(st.refundsFen)}</td>
          <td className={num}>{formatFen(st.shippingFen)}</td>
          <td className={num}>{formatFen(st.feeFen)}</td>
          <td className={`${num} font-semibold`}>{formatFen(st.payableFen)}</td>
          <td className="px-3 py-2 text-xs">
            {st.payout ? `${st.payout.paidOn} · ${st.payout.bankReference}` : "—"}
          </td>
        </tr>
      ))}
    </DataTable>
  );
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("settlement.title")}</h1>
      <p className="mt-1 text-sm text-stone-600">{t("settlement.intro")}</p>
      <h2 className="mt-6 text-lg font-semibold">{t("settlement.pending")}</h2>
      {table(
        statements.filter((st) => st.status === "pending"),
        "statements-pending",
      )}
      <h2 className="mt-6 text-lg font-semibold">{t("settlement.settled")}</h2>
      {table(
        statements.filter((st) => st.status === "settled"),
        "statements-settled",
      )}
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
