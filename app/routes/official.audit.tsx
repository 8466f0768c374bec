// Officials (and admins): the audit log — who did what and when — filtered by action and an
// Asia/Shanghai date range, paginated. The scope rule (district and admins: all; a town official:
// entries about their town or by actors of their town) lives in app/models/access/audit.server.ts.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { requireRole } from "~/models/access/auth.server";
import { formatShanghaiDateTime } from "~/lib/dates";
import { useT } from "~/lib/use-locale";
import { listAuditEntries, summariseDetails } from "~/models/access/audit.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "操作日志", "Audit log"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["official", "admin"]);
  const url = new URL(request.url);
  const filters = {
    action: url.searchParams.get("action") || null,
    from: url.searchParams.get("from") || null,
    to: url.searchParams.get("to") || null,
  };
  const page = Number(url.searchParams.get("page") ?? "1");
  const result = await listAuditEntries({
    caller: user,
    filters: { ...filters, page: Number.isSafeInteger(page) ? page : 1 },
  });
  // Details are summarised on the server: the page shows a short line, never the raw JSON.
  const rows = result.rows.map(({ details, ...row }) => ({ ...row, summary: summariseDetails(details) }));
  return json({ ...result, rows, filters });
}

const ROLE_KEYS = ["customer", "buyer_admin", "supplier_staff", "official", "admin"] as const;

export default function AuditLogPage() {
  const { rows, total, page, pageCount, actions, filters } = useLoaderData<typeof loader>();
  const t = useT();
  const href = (p: number) =>
    `?${new URLSearchParams({
      ...(filters.action ? { action: filters.action } : {}),
      ...(filters.from ? { from: filters.from } : {}),
      ...(filters.to ? { to: filters.to } : {}),
      ...(p > 1 ? { page: String(p) } : {}),
    })}`;
  const control = "mt-1 w-full rounded-lg border border-stone-300 bg-white px-3 py-2";
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("audit.title")}</h1>
      <p className="mt-2 max-w-3xl text-sm text-stone-600">{t("audit.intro")}</p>

      <Form
        method="get"
        className="mt-4 grid gap-3 rounded-xl bg-white p-4 ring-1 ring-stone-200 sm:grid-cols-4 sm:items-end"
      >
        <div>
          <label htmlFor="action" className="block text-sm font-medium">
            {t("audit.filter.action")}
          </label>
          <select id="action" name="action" defaultValue={filters.action ?? ""} className={control}>
            <option value="">{t("audit.filter.allActions")}</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="from" className="block text-sm font-medium">
            {t("audit.filter.from")}
          </label>
          <input id="from" name="from" type="date" defaultValue={filters.from ?? ""} className={control} />
        </div>
        <div>
          <label htmlFor="to" className="block text-sm font-medium">
            {t("audit.filter.to")}
          </label>
          <input id="to" name="to" type="date" defaultValue={filters.to ?? ""} className={control} />
        </div>
        <button
          type="submit"
          className="rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700"
        >
          {t("audit.filter.apply")}
        </button>
      </Form>

      <p className="mt-4 text-sm text-stone-600">{t("audit.total", { n: total })}</p>
      {rows.length === 0 ? (
        <p className="mt-2 text-stone-600">{t("audit.empty")}</p>
      ) : (
        <DataTable
          className="mt-2"
          tableClassName="min-w-[48rem]"
          headers={[
            { label: t("audit.col.at") },
            { label: t("audit.col.actor") },
            { label: t("audit.col.action") },
            { label: t("audit.col.subject") },
            { label: t("audit.col.region") },
            { label: t("audit.col.details") },
          ]}
        >
          {rows.map((r) => (
            <tr key={r.id} className="align-top">
              <td className="px-3 py-2 whitespace-nowrap">{formatShanghaiDateTime(r.at)}</td>
              <td className="px-3 py-2">
                {r.actorName ?? t("audit.system")}
                {r.actorRole && ROLE_KEYS.includes(r.actorRole) && (
                  <span className="block text-xs text-stone-500">{t(`audit.role.${r.actorRole}`)}</span>
                )}
              </td>
              <td className="px-3 py-2 font-mono text-xs">{r.action}</td>
              <td className="px-3 py-2 text-xs">
                {r.subjectType}
                {r.subjectId && (
                  <span className="block break-all font-mono text-stone-500">{r.subjectId}</span>
                )}
              </td>
              <td className="px-3 py-2">{r.regionName ?? "—"}</td>
              <td className="px-3 py-2 break-all text-xs text-stone-700">{r.summary}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pagination page={page} pageCount={pageCount} href={href} />
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
