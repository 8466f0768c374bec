// Officials (and admins): the registry of their region with filters (town, village, kind, reached,
// search) and pagination — a plain GET form, so it works without JavaScript. ID numbers masked.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { pageHref } from "~/lib/paging";
import { requireRole } from "~/models/access/auth.server";
import { HOUSEHOLD_KIND_VALUES } from "~/lib/household-kinds";
import { useT } from "~/lib/use-locale";
import { listHouseholds, listRegionOptions } from "~/models/registry/households.server";
import { invariantResponse } from "~/lib/invariant";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "帮扶对象名录", "Beneficiary registry"),
  { name: "robots", content: "noindex" },
];

const ROLES = ["official", "admin"] as const;
const id = z.coerce.number().int().positive().max(2_000_000_000).optional().catch(undefined);

const Query = z.object({
  town: id,
  village: id,
  kind: z.enum(HOUSEHOLD_KIND_VALUES).optional().catch(undefined),
  reached: z.enum(["yes", "no"]).optional().catch(undefined),
  q: z.string().trim().max(50).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ROLES);
  const query = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const result = await listHouseholds({
    caller: user,
    filters: { ...query, reached: query.reached === "yes" ? true : query.reached === "no" ? false : null },
  });
  invariantResponse(result.ok, "Forbidden", { status: 403 });
  const options = await listRegionOptions({ caller: user });
  return json({
    ...result,
    query,
    towns: options.ok ? options.towns : [],
    villages: options.ok ? options.villages : [],
  });
}

const selectClass = "mt-1 w-full rounded-lg border border-stone-300 px-2 py-2";

export default function HouseholdsPage() {
  const { rows, total, page, pageCount, query, towns, villages } = useLoaderData<typeof loader>();
  const t = useT();
  const { search } = useLocation();
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">{t("registry.title")}</h1>
        <div className="flex gap-2">
          <Link to="new" className="rounded bg-brand-600 px-3 py-2 text-white hover:bg-brand-700">
            {t("registry.new")}
          </Link>
          <Link
            to="import"
            className="rounded border border-brand-600 px-3 py-2 text-brand-700 hover:bg-brand-50"
          >
            {t("registry.import")}
          </Link>
        </div>
      </div>
      <p className="mt-2 text-stone-600">{t("registry.intro")}</p>

      <Form
        method="get"
        className="mt-4 grid gap-3 rounded-lg bg-stone-50 p-4 sm:grid-cols-6"
        aria-label={t("registry.filter.title")}
      >
        <div>
          <label htmlFor="town" className="block text-sm">
            {t("registry.filter.town")}
          </label>
          <select id="town" name="town" defaultValue={query.town ?? ""} className={selectClass}>
            <option value="">{t("registry.filter.any")}</option>
            {towns.map((town) => (
              <option key={town.id} value={town.id}>
                {town.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="village" className="block text-sm">
            {t("registry.filter.village")}
          </label>
          <select id="village" name="village" defaultValue={query.village ?? ""} className={selectClass}>
            <option value="">{t("registry.filter.any")}</option>
            {villages.map((v) => (
              <option key={v.id} value={v.id}>
                {v.townName} · {v.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="kind" className="block text-sm">
            {t("registry.filter.kind")}
          </label>
          <select id="kind" name="kind" defaultValue={query.kind ?? ""} className={selectClass}>
            <option value="">{t("registry.filter.any")}</option>
            {HOUSEHOLD_KIND_VALUES.map((k) => (
              <option key={k} value={k}>
                {t(`registry.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="reached" className="block text-sm">
            {t("registry.filter.reached")}
          </label>
          <select id="reached" name="reached" defaultValue={query.reached ?? ""} className={selectClass}>
            <option value="">{t("registry.filter.any")}</option>
            <option value="yes">{t("registry.filter.yes")}</option>
            <option value="no">{t("registry.filter.no")}</option>
          </select>
        </div>
        <div>
          <label htmlFor="q" className="block text-sm">
            {t("registry.filter.q")}
          </label>
          <input
            id="q"
            name="q"
            defaultValue={query.q ?? ""}
            maxLength={50}
            autoComplete="off"
            className={selectClass}
          />
        </div>
        <div className="flex items-end">
          <button
            type="submit"
            className="w-full rounded bg-brand-600 px-3 py-2 text-white hover:bg-brand-700"
          >
            {t("registry.filter.apply")}
          </button>
        </div>
      </Form>

      <p className="mt-4 text-sm text-stone-600">{t("registry.total", { n: total })}</p>
      {rows.length === 0 ? (
        <p className="mt-4">{t("registry.empty")}</p>
      ) : (
        <DataTable
          className="mt-2"
          headers={[
            { label: t("registry.col.registryCode") },
            { label: t("registry.col.headName") },
            { label: t("registry.col.idCard") },
            { label: t("registry.col.memberCount"), numeric: true },
            { label: t("registry.col.village") },
            { label: t("registry.col.kind") },
            { label: t("registry.col.reached") },
          ]}
        >
          {rows.map((r) => (
            <tr key={r.id}>
              <td className="px-3 py-2">
                <Link to={r.id} className="text-brand-700 hover:underline">
                  {r.registryCode}
                </Link>
              </td>
              <td className="px-3 py-2">{r.headName}</td>
              <td className="px-3 py-2 font-mono">{r.idCardMasked}</td>
              <td className="px-3 py-2 text-right tabular-nums">{r.memberCount}</td>
              <td className="px-3 py-2">
                {r.townName} · {r.villageName}
              </td>
              <td className="px-3 py-2">
                {t(`registry.kind.${r.kind}`)}
                {r.riskEliminated && (
                  <span className="ml-1 text-xs text-green-700">（{t("registry.col.riskEliminated")}）</span>
                )}
              </td>
              <td className="px-3 py-2">{r.reached ? t("registry.yes") : t("registry.no")}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pagination page={page} pageCount={pageCount} href={(p) => pageHref(search, p)} />
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
