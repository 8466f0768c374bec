// Admins only (officials get 403: they do not move money): every order, searched by number.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { requireRole } from "~/models/access/auth.server";
import { formatShanghaiDateTime } from "~/lib/dates";
import { formatFen } from "~/lib/money";
import { useT } from "~/lib/use-locale";
import { listOrdersForAdmin } from "~/models/ordering/fulfilment.server";
import { OFFICIAL_PORTAL_ROLES } from "~/models/access/portal-access";
import { invariantResponse } from "~/lib/invariant";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "订单与退款", "Orders & refunds"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, OFFICIAL_PORTAL_ROLES.orders);
  const url = new URL(request.url);
  const list = await listOrdersForAdmin({
    caller: user,
    q: url.searchParams.get("q"),
    page: Number(url.searchParams.get("page") ?? 1),
  });
  invariantResponse(list, "Forbidden", { status: 403 });
  return json(list);
}

export default function AdminOrdersPage() {
  const { rows, q, page, pageCount, total } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("fulfil.admin.title")}</h1>
      <Form method="get" className="mt-4 flex items-end gap-2" role="search">
        <div>
          <label htmlFor="q" className="block text-sm font-medium">
            {t("fulfil.admin.search")}
          </label>
          <input
            id="q"
            name="q"
            defaultValue={q}
            inputMode="numeric"
            placeholder="20261122-000123"
            className="mt-1 rounded-lg border border-stone-300 px-3 py-2"
          />
        </div>
        <button
          type="submit"
          className="rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700"
        >
          {t("fulfil.admin.searchSubmit")}
        </button>
      </Form>
      <p className="mt-3 text-sm text-stone-600">{t("fulfil.orders.total", { count: total })}</p>
      {rows.length === 0 ? (
        <p className="mt-4 text-stone-600">{t("fulfil.orders.empty")}</p>
      ) : (
        <DataTable
          className="mt-2"
          headers={[
            { label: t("fulfil.col.orderNumber") },
            { label: t("fulfil.col.createdAt") },
            { label: t("fulfil.col.buyer") },
            { label: t("fulfil.col.total"), numeric: true },
            { label: t("fulfil.col.refunded"), numeric: true },
            { label: t("fulfil.col.status") },
          ]}
        >
          {rows.map((r) => (
            <tr key={r.orderNumber}>
              <td className="px-3 py-2 font-medium">
                <Link to={`/official/orders/${r.orderNumber}`} className="text-brand-700 hover:underline">
                  {r.orderNumber}
                </Link>
              </td>
              <td className="px-3 py-2">{formatShanghaiDateTime(r.createdAt)}</td>
              <td className="px-3 py-2">{r.contactName}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatFen(r.totalFen)}</td>
              <td className="px-3 py-2 text-right tabular-nums">
                {r.refundedFen > 0 ? formatFen(r.refundedFen) : "—"}
              </td>
              <td className="px-3 py-2">{t(`order.status.${r.status}`)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pagination
        page={page}
        pageCount={pageCount}
        href={(p) => `?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`}
      />
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
