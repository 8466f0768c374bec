// Officials (their region) and admins: per linkage, the income the ledger attributed beside the
// payouts the supplier recorded, and the gaps (unpaid beyond a threshold, leaving out the latest
// grace months). Full household names: officials' page only. A GET form; export at ./export.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { Pagination } from "~/components/pagination";
import { pageHref } from "~/lib/paging";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatFen } from "~/lib/money";
import { useLocale, useT } from "~/lib/use-locale";
import { requireRole } from "~/models/access/auth.server";
import { comparisonFilter, payoutComparisonPage } from "~/models/impact/household-payouts.server";
import { MECHANISM_LABELS } from "../../core/mechanisms";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "联农兑现核对", "Payouts checked against the ledger"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["official", "admin"]);
  const url = new URL(request.url);
  const { options, onlyGaps } = comparisonFilter(url.searchParams);
  const comparison = await payoutComparisonPage({
    caller: user,
    options,
    onlyGaps,
    page: url.searchParams.get("page"),
  });
  // The export links carry the filters, not the page: the file has every row.
  const filters = new URLSearchParams(url.searchParams);
  filters.delete("page");
  return json({
    options,
    onlyGaps,
    bad: comparison === null,
    rows: comparison?.rows ?? [],
    totals: comparison?.totals ?? null,
    page: comparison?.page ?? 1,
    pageCount: comparison?.pageCount ?? 1,
    query: url.searchParams.toString(),
    filters: filters.toString(),
  });
}

const input = "mt-1 block w-full rounded-lg border border-stone-300 px-2 py-1.5 text-sm";

export default function OfficialPayoutsPage() {
  const { options, onlyGaps, bad, rows, totals, page, pageCount, query, filters } =
    useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const num = "px-3 py-2 text-right tabular-nums";
  return (
    <main className="mx-auto max-w-7xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("payouts.official.title")}</h1>
      <p className="mt-2 max-w-3xl text-sm text-stone-600">{t("payouts.official.intro")}</p>
      <Form
        method="get"
        className="mt-4 flex flex-wrap items-end gap-3 rounded-xl bg-white p-4 ring-1 ring-stone-200"
      >
        <label className="text-sm">
          {t("payouts.official.from")}
          <input type="month" name="from" defaultValue={options.from} className={input} />
        </label>
        <label className="text-sm">
          {t("payouts.official.to")}
          <input type="month" name="to" defaultValue={options.to} className={input} />
        </label>
        <label className="text-sm">
          {t("payouts.official.threshold")}
          <input
            name="threshold"
            inputMode="decimal"
            defaultValue={(options.thresholdFen / 100).toFixed(2)}
            className={input}
          />
        </label>
        <label className="text-sm">
          {t("payouts.official.grace")}
          <input
            type="number"
            name="grace"
            min={0}
            max={12}
            defaultValue={options.graceMonths}
            className={input}
          />
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="gaps" value="1" defaultChecked={onlyGaps} />
          {t("payouts.official.onlyGaps")}
        </label>
        <button
          type="submit"
          className="rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700"
        >
          {t("payouts.official.show")}
        </button>
        <a
          href={`/official/payouts/export?${filters ? `${filters}&` : ""}format=csv`}
          className="rounded-lg border border-stone-300 px-3 py-2 text-sm hover:bg-stone-50"
          download
        >
          {t("payouts.official.export")}
        </a>
        <a
          href={`/official/payouts/export?${filters ? `${filters}&` : ""}format=xlsx`}
          className="rounded-lg border border-stone-300 px-3 py-2 text-sm hover:bg-stone-50"
          download
        >
          {t("payouts.official.exportXlsx")}
        </a>
      </Form>
      {bad && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t("payouts.official.bad")}
        </p>
      )}
      {totals && (
        <p className="mt-4 text-sm" data-testid="payout-totals">
          {t("payouts.official.totals")}: {t("payouts.col.attributed")} {formatFen(totals.attributedFen)} ·{" "}
          {t("payouts.col.due")} {formatFen(totals.dueFen)} · {t("payouts.col.paid")}{" "}
          {formatFen(totals.paidFen)} · {t("payouts.col.unpaid")} {formatFen(totals.unpaidFen)} ·{" "}
          {t("payouts.official.gaps", { count: totals.gaps })}
        </p>
      )}
      <DataTable
        className="mt-3"
        tableClassName="min-w-[64rem]"
        testId="payout-comparison"
        headers={[
          { label: t("payouts.col.beneficiary") },
          { label: t("payouts.col.registryCode") },
          { label: t("payouts.col.town") },
          { label: t("payouts.col.village") },
          { label: t("payouts.col.supplier") },
          { label: t("payouts.col.mechanism") },
          { label: t("payouts.col.attributed"), numeric: true },
          { label: t("payouts.col.due"), numeric: true },
          { label: t("payouts.col.paid"), numeric: true },
          { label: t("payouts.col.unpaid"), numeric: true },
          { label: t("payouts.col.gap") },
        ]}
        empty={t("payouts.empty")}
      >
        {rows.map((r) => (
          <tr key={r.linkageId} className={r.gap ? "bg-amber-50" : undefined}>
            <th scope="row" className="px-3 py-2 text-left font-medium">
              {r.beneficiaryName}
            </th>
            <td className="px-3 py-2 font-mono text-xs">{r.registryCode ?? "—"}</td>
            <td className="px-3 py-2">{r.townName}</td>
            <td className="px-3 py-2">{r.villageName}</td>
            <td className="px-3 py-2">{r.supplierName}</td>
            <td className="px-3 py-2">{MECHANISM_LABELS[r.mechanism][locale]}</td>
            <td className={num}>{formatFen(r.attributedFen)}</td>
            <td className={num}>{formatFen(r.dueFen)}</td>
            <td className={num}>{formatFen(r.paidFen)}</td>
            <td className={num}>{formatFen(r.unpaidFen)}</td>
            <td className="px-3 py-2 font-semibold text-amber-800">{r.gap ? t("payouts.gap") : ""}</td>
          </tr>
        ))}
      </DataTable>
      <Pagination page={page} pageCount={pageCount} href={(p) => pageHref(query, p)} />
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
