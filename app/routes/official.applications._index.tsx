// Officials (and admins): the supplier applications of their scope (a town official: their town;
// the district: every town), the ones waiting for them first, filtered by status.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatShanghaiDateTime } from "~/lib/dates";
import { localized } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-locale";
import { requireRole } from "~/models/access/auth.server";
import { OFFICIAL_PORTAL_ROLES } from "~/models/access/portal-access";
import { listApplicationsForReview } from "~/models/onboarding/applications.server";
import { APPLICATION_STATUSES, type ApplicationStatus } from "~/models/onboarding/onboarding-rules";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "入驻申请审核", "Supplier applications"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, OFFICIAL_PORTAL_ROLES.applications);
  const requested = new URL(request.url).searchParams.get("status");
  const status = (APPLICATION_STATUSES as readonly string[]).includes(requested ?? "")
    ? (requested as ApplicationStatus)
    : null;
  return json({ applications: await listApplicationsForReview({ caller: user, status }), status });
}

export default function ApplicationsPage() {
  const { applications, status } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const tab = (value: ApplicationStatus | null) => (
    <Link
      key={value ?? "all"}
      to={value ? `?status=${value}` : "?"}
      aria-current={status === value ? "page" : undefined}
      className="rounded-full px-3 py-1 text-sm ring-1 ring-stone-300 aria-[current=page]:bg-brand-600 aria-[current=page]:text-white"
    >
      {value ? t(`onboarding.status.${value}`) : t("onboarding.review.all")}
    </Link>
  );
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("onboarding.review.title")}</h1>
      <nav className="mt-4 flex flex-wrap gap-2">{[null, ...APPLICATION_STATUSES].map(tab)}</nav>
      {applications.length === 0 ? (
        <p className="mt-4 text-stone-600">{t("onboarding.review.none")}</p>
      ) : (
        <DataTable
          className="mt-4"
          tableClassName="min-w-[40rem]"
          headers={[
            { label: t("onboarding.col.name") },
            { label: t("onboarding.col.town") },
            { label: t("onboarding.col.status") },
            { label: t("onboarding.col.updated") },
          ]}
        >
          {applications.map((a) => (
            <tr key={a.id}>
              <td className="px-3 py-2">
                <Link
                  to={`/official/applications/${a.id}`}
                  className="font-medium text-brand-700 hover:underline"
                >
                  {a.entityName}
                </Link>
                <span className="block text-xs text-stone-500">{t(`onboarding.kind.${a.kind}`)}</span>
              </td>
              <td className="px-3 py-2">{localized(locale, a.townName, a.townNameEn)}</td>
              <td className="px-3 py-2">
                {t(`onboarding.status.${a.status}`)}
                {a.status === "public_notice" && (
                  <span className="block text-xs text-stone-500">
                    {a.noticeStartsOn} – {a.noticeEndsOn}
                  </span>
                )}
              </td>
              <td className="px-3 py-2 whitespace-nowrap">{formatShanghaiDateTime(a.updatedAt)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
