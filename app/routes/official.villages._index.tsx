// Officials: village progress — for each administrative village, an active party-branch-led
// cooperative and a leading enterprise or cooperative driving it, rolled up by town and for the
// district against the year's targets; CSV/XLSX download. Counts only: no household data.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { shanghaiYear } from "~/lib/dates";
import { invariantResponse } from "~/lib/invariant";
import { useT } from "~/lib/use-locale";
import { requireRole } from "~/models/access/auth.server";
import { OFFICIAL_PORTAL_ROLES } from "~/models/access/portal-access";
import { villageProgress } from "~/models/governance/villages.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "村级进展", "Village progress"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, OFFICIAL_PORTAL_ROLES.villages);
  const year = z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .catch(() => shanghaiYear())
    .parse(new URL(request.url).searchParams.get("year") ?? undefined);
  const progress = await villageProgress({ caller: user, year });
  invariantResponse(progress, "Not found", { status: 404 });
  return json(progress);
}

const pct = (bp: number | null) => (bp === null ? "—" : `${(bp / 100).toFixed(2)}%`);

export default function VillageProgressPage() {
  const { year, targets, villages, towns, total } = useLoaderData<typeof loader>();
  const t = useT();
  const cell = "px-3 py-2 text-right tabular-nums";
  const yes = (v: boolean) => (v ? t("governance.yes") : t("governance.no"));
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("governance.villages.title")}</h1>
      <p className="mt-1 max-w-3xl text-sm text-stone-600">
        {t("governance.villages.intro", {
          coop: pct(targets.partyBranchCoopBp),
          driven: pct(targets.drivenBp),
          year,
        })}
      </p>
      <div className="mt-3 flex flex-wrap items-end gap-3">
        <Form method="get" className="flex items-end gap-2">
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
          <button type="submit" className="rounded-lg border border-stone-300 px-3 py-2 hover:bg-stone-50">
            {t("governance.show")}
          </button>
        </Form>
        <a
          href={`/official/villages/export?year=${year}&format=csv`}
          className="font-semibold text-brand-700 underline"
          download
        >
          CSV
        </a>
        <a
          href={`/official/villages/export?year=${year}&format=xlsx`}
          className="font-semibold text-brand-700 underline"
          download
        >
          XLSX
        </a>
      </div>
      <DataTable
        className="mt-4"
        testId="village-rollup"
        headers={[
          { label: t("governance.villages.town") },
          { label: t("governance.villages.count"), numeric: true },
          { label: t("governance.villages.coop"), numeric: true },
          { label: t("governance.villages.driven"), numeric: true },
        ]}
        footer={
          <tr>
            <th scope="row" className="px-3 py-2 text-left">
              {total.name}
            </th>
            <td className={cell}>{total.villages}</td>
            <td className={cell}>
              {total.withPartyBranchCoop} ({pct(total.partyBranchCoopBp)}){" "}
              {total.meetsPartyBranchCoop ? "✓" : "✗"}
            </td>
            <td className={cell}>
              {total.driven} ({pct(total.drivenBp)}) {total.meetsDriven ? "✓" : "✗"}
            </td>
          </tr>
        }
      >
        {towns.map((r) => (
          <tr key={r.regionId}>
            <th scope="row" className="px-3 py-2 text-left font-medium">
              {r.name}
            </th>
            <td className={cell}>{r.villages}</td>
            <td className={cell}>
              {r.withPartyBranchCoop} ({pct(r.partyBranchCoopBp)}) {r.meetsPartyBranchCoop ? "✓" : "✗"}
            </td>
            <td className={cell}>
              {r.driven} ({pct(r.drivenBp)}) {r.meetsDriven ? "✓" : "✗"}
            </td>
          </tr>
        ))}
      </DataTable>
      <DataTable
        className="mt-6"
        testId="village-list"
        headers={[
          { label: t("governance.villages.village") },
          { label: t("governance.villages.town") },
          { label: t("governance.villages.coop") },
          { label: t("governance.villages.driven") },
        ]}
      >
        {villages.map((v) => (
          <tr key={v.villageId}>
            <td className="px-3 py-2">{v.villageName}</td>
            <td className="px-3 py-2">{v.townName}</td>
            <td className="px-3 py-2">{yes(v.hasPartyBranchCoop)}</td>
            <td className="px-3 py-2">{yes(v.driven)}</td>
          </tr>
        ))}
      </DataTable>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
