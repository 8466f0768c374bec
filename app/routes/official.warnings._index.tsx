// Officials (and admins): the early-warning list of their region (app/models/impact/warnings.server.ts
// states the rule), paged; each row says why and links to its follow-up page.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { WarningReasons } from "~/components/warning-reasons";
import { requireRole } from "~/models/access/auth.server";
import { useT } from "~/lib/use-locale";
import { listWarnings } from "~/models/impact/warnings.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "防返贫预警", "Early warning"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["official", "admin"]);
  const page = Number(new URL(request.url).searchParams.get("page") ?? "1");
  const result = await listWarnings({ caller: user, page: Number.isSafeInteger(page) ? page : 1 });
  if (!result.ok) throw new Response("Forbidden", { status: 403 });
  const { ok: _ok, ...list } = result;
  return json(list, { headers: { "Cache-Control": "private, no-store" } });
}

export default function WarningsPage() {
  const { rows, total, page, pageCount, windows, settings } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main className="mx-auto max-w-5xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("warnings.title")}</h1>
      <p className="mt-2 text-sm text-stone-600">
        {t("warnings.intro", {
          from: windows.currentFrom,
          to: windows.currentTo,
          pfrom: windows.previousFrom,
          pto: windows.previousTo,
          pct: settings.dropPercent,
          by: windows.lapseBy,
          months: settings.idleMonths,
        })}
      </p>
      <p className="mt-2 font-medium">{t("warnings.count", { n: total })}</p>
      {rows.length === 0 ? (
        <p className="mt-6 text-stone-600">{t("warnings.empty")}</p>
      ) : (
        <ul className="mt-4 divide-y divide-stone-200 rounded-lg ring-1 ring-stone-200">
          {rows.map((r) => (
            <li key={r.householdId} className="grid gap-2 px-3 py-3 sm:grid-cols-[14rem_1fr_10rem]">
              <div>
                <p className="font-medium">
                  {r.headName} <span className="font-mono text-sm text-stone-500">{r.registryCode}</span>
                </p>
                <p className="text-sm text-stone-600">
                  {r.townName} · {r.villageName} · {t(`registry.kind.${r.kind}`)}
                </p>
              </div>
              <div className="text-sm">
                <span className="sr-only">{t("warnings.col.reasons")}: </span>
                <WarningReasons row={r} idleMonths={settings.idleMonths} />
              </div>
              <div className="flex flex-col gap-1 text-sm">
                <span className="text-stone-600">
                  {r.followUps > 0
                    ? t("warnings.followUps", { n: r.followUps, date: r.lastFollowUpOn ?? "" })
                    : t("warnings.noFollowUps")}
                </span>
                <Link to={`/official/warnings/${r.householdId}`} className="text-brand-700 underline">
                  {t("warnings.open")}
                </Link>
                <Link
                  to={`/official/households/${r.householdId}/statement`}
                  className="text-brand-700 underline"
                >
                  {t("hhs.open")}
                </Link>
              </div>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pageCount={pageCount} href={(p) => `/official/warnings?page=${p}`} />
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
