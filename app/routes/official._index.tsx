// Officials (and admins): the consumption-assistance statistics dashboard, from the rollups. A GET
// form picks the period (month, quarter, year, custom range; Asia/Shanghai dates) and the town
// within the caller's scope; charts are SVG rendered on the server; every table exports to CSV or
// XLSX through /official/statistics/export with the same filters (audited).
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { BarChart, TrendChart } from "~/components/charts";
import { StatisticsTable, statTable } from "~/components/statistics-tables";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { StatsAsOf } from "~/components/stats-as-of";
import { requireRole } from "~/models/access/auth.server";
import { shanghaiDate } from "~/lib/dates";
import { localized, type MessageKey } from "~/lib/i18n";
import { INCOME_TYPE_LABELS } from "../../core/mechanisms";
import { formatFen } from "~/lib/money";
import { useLocale, useT } from "~/lib/use-locale";
import {
  getDashboard,
  periodFromSearch,
  type NotReachedHousehold,
  type Period,
  type StatTable,
  type Statistics,
} from "~/models/impact/statistics.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "消费帮扶统计", "Statistics"),
  { name: "robots", content: "noindex" },
];

const ROLES = ["official", "admin"] as const;
const TOWN_CODE = /^\d{6,12}$/;

const Query = z.object({
  town: z.string().trim().regex(TOWN_CODE).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ROLES);
  const url = new URL(request.url);
  const period = periodFromSearch(url.searchParams);
  const query = Query.parse(Object.fromEntries(url.searchParams));
  const result = await getDashboard({
    caller: user,
    townCode: query.town,
    from: period.from,
    to: period.to,
    page: query.page,
  });
  if (!result.ok) throw new Response("Not found", { status: result.code === "forbidden" ? 403 : 404 });
  return json(
    {
      period,
      query,
      scope: result.scope,
      statistics: result.statistics,
      notReached: result.notReached,
      asOf: result.freshness.asOf,
      loadMs: result.loadMs,
      today: shanghaiDate(new Date()),
    },
    { headers: { "Cache-Control": "private, no-store", "Server-Timing": `stats;dur=${result.loadMs}` } },
  );
}

function PeriodPicker({
  period,
  towns,
  town,
  fixedTown,
  today,
}: {
  period: Period;
  towns: { code: string; name: string; nameEn: string | null }[];
  town: string | null;
  fixedTown: boolean;
  today: string;
}) {
  const t = useT();
  const locale = useLocale();
  const year = Number(today.slice(0, 4));
  const years = [year, year - 1, year - 2];
  const field = "mt-1 rounded-lg border border-stone-300 px-2 py-2";
  const currentYear = period.from.slice(0, 4);
  return (
    <Form
      method="get"
      className="mt-4 grid gap-3 rounded-xl bg-white p-4 ring-1 ring-stone-200 sm:grid-cols-2 lg:grid-cols-7 lg:items-end"
    >
      <label className="block text-sm font-medium">
        {t("stats.period")}
        <select name="period" defaultValue={period.kind} className={`${field} w-full`}>
          {(["year", "quarter", "month", "range"] as const).map((k) => (
            <option key={k} value={k}>
              {t(`stats.period.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="block text-sm font-medium">
        {t("stats.year")}
        <select
          name="year"
          defaultValue={period.kind === "year" ? period.value : currentYear}
          className={`${field} w-full`}
        >
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </label>
      <label className="block text-sm font-medium">
        {t("stats.quarter")}
        <select
          name="quarter"
          defaultValue={
            period.kind === "quarter"
              ? period.value
              : `${today.slice(0, 4)}-Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`
          }
          className={`${field} w-full`}
        >
          {years.flatMap((y) =>
            [4, 3, 2, 1].map((q) => (
              <option key={`${y}-${q}`} value={`${y}-Q${q}`}>
                {`${y} Q${q}`}
              </option>
            )),
          )}
        </select>
      </label>
      <label className="block text-sm font-medium">
        {t("stats.month")}
        <input
          type="month"
          name="month"
          defaultValue={period.kind === "month" ? period.value : today.slice(0, 7)}
          className={`${field} w-full`}
        />
      </label>
      <label className="block text-sm font-medium">
        {t("stats.from")}
        <input type="date" name="from" defaultValue={period.from} className={`${field} w-full`} />
      </label>
      <label className="block text-sm font-medium">
        {t("stats.to")}
        <input type="date" name="to" defaultValue={period.to} className={`${field} w-full`} />
      </label>
      <div className="flex items-end gap-2">
        {fixedTown ? (
          <p className="text-sm">
            <span className="block font-medium">{t("stats.scope")}</span>
            <span className="mt-1 block py-2">
              {towns[0] ? localized(locale, towns[0].name, towns[0].nameEn) : ""}
            </span>
          </p>
        ) : (
          <label className="block flex-1 text-sm font-medium">
            {t("stats.scope")}
            <select name="town" defaultValue={town ?? ""} className={`${field} w-full`}>
              <option value="">{t("stats.scope.all")}</option>
              {towns.map((x) => (
                <option key={x.code} value={x.code}>
                  {localized(locale, x.name, x.nameEn)}
                </option>
              ))}
            </select>
          </label>
        )}
        <button
          type="submit"
          className="rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700"
        >
          {t("stats.apply")}
        </button>
      </div>
    </Form>
  );
}

function Figure({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div className="rounded-xl bg-white p-4 ring-1 ring-stone-200">
      <dt className="text-sm text-stone-600">{label}</dt>
      <dd className="mt-1 text-xl font-bold tabular-nums">{value}</dd>
      {note && <dd className="text-xs text-stone-500">{note}</dd>}
    </div>
  );
}

export default function StatisticsDashboard() {
  const {
    period,
    query,
    scope,
    statistics: st,
    notReached,
    asOf,
    loadMs,
    today,
  } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const n = (v: number) => new Intl.NumberFormat("zh-CN").format(v);
  const h = st.headline;
  const scopeName = scope.town ? localized(locale, scope.town.name, scope.town.nameEn) : t("stats.scope.all");
  const base = () => {
    const params = new URLSearchParams({ period: period.kind });
    if (period.kind === "range") (params.set("from", period.from), params.set("to", period.to));
    else if (period.kind !== "year" || period.value) params.set(period.kind, period.value);
    if (query.town) params.set("town", query.town);
    return params;
  };
  const exportHref = (table: StatTable, format: string) => {
    const params = base();
    params.set("export", table);
    params.set("format", format);
    return `/official/statistics/export?${params}`;
  };
  const pageHref = (p: number) => {
    const params = base();
    params.set("page", String(p));
    return `?${params}#table-notReached`;
  };
  const table = (id: StatTable) =>
    statTable(id, locale, st as Statistics, notReached.rows as NotReachedHousehold[]);
  const pageCount = Math.max(1, Math.ceil(notReached.total / 20));
  const placeRows = scope.town
    ? st.byVillage.map((r) => ({ label: localized(locale, r.name, r.nameEn), value: r.attributedIncomeFen }))
    : st.byTown.map((r) => ({ label: localized(locale, r.name, r.nameEn), value: r.attributedIncomeFen }));
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("stats.title")}</h1>
      <p className="mt-1 text-sm text-stone-600">{t("stats.intro")}</p>
      {"error" in period && period.error && (
        <p role="alert" className="mt-3 rounded-lg bg-amber-50 p-3 text-amber-900 ring-1 ring-amber-200">
          {t(`stats.range.${period.error}` as MessageKey)}
        </p>
      )}
      <PeriodPicker
        period={period}
        towns={scope.towns}
        town={query.town ?? null}
        fixedTown={scope.fixedTown}
        today={today}
      />

      <p className="mt-4 font-medium" data-testid="stats-showing">
        {t("stats.showing", { scope: scopeName, from: period.from, to: period.to })}
      </p>
      <StatsAsOf asOf={asOf} className="text-xs text-stone-500" />
      <p
        className="mt-1 rounded-lg bg-amber-50 p-3 text-amber-900 ring-1 ring-amber-200"
        data-testid="stats-summary"
      >
        {t("stats.summary", {
          scope: scopeName,
          households: n(h.householdsReached),
          persons: n(h.personsReached),
          perHousehold: formatFen(h.perHouseholdFen),
        })}
      </p>

      <dl className="mt-4 grid grid-cols-2 gap-3 md:grid-cols-4" data-testid="stats-headline">
        <Figure label={t("stats.assistedSales")} value={formatFen(h.assistedSalesFen)} />
        <Figure label={t("stats.otherSales")} value={formatFen(h.otherSalesFen)} />
        <Figure label={t("stats.orders")} value={n(h.orders)} />
        <Figure label={t("stats.buyers")} value={n(h.buyers)} />
        <Figure label={t("stats.householdsReached")} value={n(h.householdsReached)} />
        <Figure label={t("stats.personsReached")} value={n(h.personsReached)} />
        <Figure label={t("stats.attributedIncome")} value={formatFen(h.attributedIncomeFen.total)} />
        <Figure
          label={t("stats.collectiveIncome")}
          value={formatFen(h.villageCollectiveIncomeFen)}
          note={t("stats.collectivesReached", { n: h.villageCollectivesReached })}
        />
        <Figure label={t("stats.perHousehold")} value={formatFen(h.perHouseholdFen)} />
        <Figure label={t("stats.perPerson")} value={formatFen(h.perPersonFen)} />
        {st.byIncomeType.map((r) => (
          <Figure
            key={r.incomeType}
            label={
              locale === "en" ? INCOME_TYPE_LABELS[r.incomeType].en : INCOME_TYPE_LABELS[r.incomeType].zh
            }
            value={formatFen(r.amountFen)}
          />
        ))}
      </dl>

      <div className="mt-6 grid grid-cols-1 gap-4 lg:grid-cols-2">
        <TrendChart
          id="chart-trend"
          title={t("stats.chart.trend")}
          description={t("stats.chart.trendDesc")}
          format="fen"
          series={[
            { key: "assistedSalesFen", label: t("stats.assistedSales") },
            { key: "otherSalesFen", label: t("stats.otherSales") },
          ]}
          data={st.monthly.map((m) => ({
            label: m.month,
            assistedSalesFen: m.assistedSalesFen,
            otherSalesFen: m.otherSalesFen,
          }))}
          emptyText={t("stats.empty")}
        />
        <BarChart
          id="chart-place"
          title={t(scope.town ? "stats.chart.village" : "stats.chart.town")}
          description={t("stats.chart.tableBelow")}
          format="fen"
          data={placeRows}
          emptyText={t("stats.empty")}
        />
        <BarChart
          id="chart-category"
          title={t("stats.chart.category")}
          description={t("stats.chart.tableBelow")}
          format="fen"
          data={st.byCategory.slice(0, 12).map((r) => ({
            label: localized(locale, r.name, r.nameEn),
            value: r.assistedSalesFen + r.otherSalesFen,
          }))}
          emptyText={t("stats.empty")}
        />
        <BarChart
          id="chart-income"
          title={t("stats.chart.incomeType")}
          description={t("stats.chart.tableBelow")}
          format="fen"
          data={st.byIncomeType.map((r) => ({
            label:
              locale === "en" ? INCOME_TYPE_LABELS[r.incomeType].en : INCOME_TYPE_LABELS[r.incomeType].zh,
            value: r.amountFen,
          }))}
          emptyText={t("stats.empty")}
        />
      </div>

      {(
        [
          "monthly",
          "town",
          "village",
          "category",
          "supplierKind",
          "buyerKind",
          "householdKind",
          "incomeType",
          "coverage",
        ] as const
      ).map((id) => (
        <StatisticsTable key={id} id={id} table={table(id)} exportHref={exportHref} />
      ))}
      <StatisticsTable
        id="notReached"
        table={table("notReached")}
        exportHref={exportHref}
        footer={
          <>
            <p className="mt-2 text-sm text-stone-600">
              {notReached.total
                ? t("stats.notReached.count", { n: notReached.total })
                : t("stats.notReached.none")}
            </p>
            <Pagination page={query.page} pageCount={pageCount} href={pageHref} />
          </>
        }
      />
      <p className="mt-8 text-xs text-stone-500">
        {t("stats.loadTime", { ms: loadMs })} · <Link to="/official/tokens">{t("tokens.title")}</Link>
      </p>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
