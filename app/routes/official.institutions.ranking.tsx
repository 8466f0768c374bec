// Officials: the institutions of their region ranked by completion ratio (completed ÷ yearly
// reserved share) up to the end of a month, and the units below the pro-rata target.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { shanghaiYearMonth } from "~/lib/dates";
import { invariantResponse } from "~/lib/invariant";
import { formatFen } from "~/lib/money";
import { useT } from "~/lib/use-locale";
import { requireRole } from "~/models/access/auth.server";
import { OFFICIAL_PORTAL_ROLES } from "~/models/access/portal-access";
import { institutionRanking } from "~/models/governance/enrolment.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "单位完成率排名", "Institution ranking"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, OFFICIAL_PORTAL_ROLES.institutions);
  const now = shanghaiYearMonth(new Date());
  const params = new URL(request.url).searchParams;
  const year = z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .catch(now.year)
    .parse(params.get("year") ?? undefined);
  const month = z.coerce
    .number()
    .int()
    .min(1)
    .max(12)
    .catch(now.month)
    .parse(params.get("month") ?? undefined);
  const ranking = await institutionRanking({ caller: user, year, month });
  invariantResponse(ranking, "Not found", { status: 404 });
  return json(ranking);
}

const pct = (bp: number | null) => (bp === null ? "—" : `${(bp / 100).toFixed(2)}%`);

export default function InstitutionRankingPage() {
  const { year, month, expectedBp, units, below } = useLoaderData<typeof loader>();
  const t = useT();
  const cell = "px-3 py-2 text-right tabular-nums";
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("governance.ranking.title")}</h1>
      <p className="mt-1 max-w-3xl text-sm text-stone-600">
        {t("governance.ranking.intro", { month, expected: pct(expectedBp) })}
      </p>
      <Form method="get" className="mt-3 flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="year" className="block text-sm font-medium">
            {t("governance.ranking.year")}
          </label>
          <input
            id="year"
            name="year"
            type="number"
            min={2000}
            max={2100}
            defaultValue={year}
            className="mt-1 w-24 rounded-lg border border-stone-300 px-3 py-2"
          />
        </div>
        <div>
          <label htmlFor="month" className="block text-sm font-medium">
            {t("governance.ranking.month")}
          </label>
          <input
            id="month"
            name="month"
            type="number"
            min={1}
            max={12}
            defaultValue={month}
            className="mt-1 w-20 rounded-lg border border-stone-300 px-3 py-2"
          />
        </div>
        <button type="submit" className="rounded-lg border border-stone-300 px-3 py-2 hover:bg-stone-50">
          {t("governance.show")}
        </button>
      </Form>
      <DataTable
        className="mt-4"
        testId="institution-ranking"
        empty={t("governance.ranking.empty")}
        headers={[
          { label: "#", numeric: true },
          { label: t("governance.field.name") },
          { label: t("governance.field.region") },
          { label: t("governance.col.share"), numeric: true },
          { label: t("governance.col.completed"), numeric: true },
          { label: t("governance.col.ratio"), numeric: true },
        ]}
      >
        {units.map((u) => (
          <tr key={u.id} data-testid="ranking-row" className={u.belowTarget ? "bg-amber-50" : undefined}>
            <td className={cell}>{u.rank}</td>
            <th scope="row" className="px-3 py-2 text-left font-medium">
              {u.name}
              {u.belowTarget && (
                <span className="ml-2 rounded bg-amber-100 px-1 text-xs text-amber-900">
                  {t("governance.ranking.below")}
                </span>
              )}
            </th>
            <td className="px-3 py-2">{u.regionName ?? "—"}</td>
            <td className={cell}>{u.targetFen === null ? "—" : formatFen(u.targetFen)}</td>
            <td className={cell}>{formatFen(u.completedFen)}</td>
            <td className={cell}>{pct(u.completionBp)}</td>
          </tr>
        ))}
      </DataTable>
      <section className="mt-6">
        <h2 className="text-lg font-semibold">{t("governance.ranking.belowTitle", { n: below.length })}</h2>
        <ul className="mt-2 list-disc pl-5" data-testid="below-target">
          {below.map((u) => (
            <li key={u.id}>
              {u.name} — {pct(u.completionBp)}
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
