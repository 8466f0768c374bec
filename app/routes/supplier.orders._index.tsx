// Supplier staff: their parts of paid orders, newest first, filtered by status, paginated.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { StatusBadge } from "~/components/status-badge";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { requireRole } from "~/models/access/auth.server";
import { formatShanghaiDateTime } from "~/lib/dates";
import { formatFen } from "~/lib/money";
import { useT } from "~/lib/use-locale";
import {
  FULFILMENT_STATUSES,
  listOrderParts,
  parseFulfilmentStatus,
} from "~/models/ordering/fulfilment.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "订单发货", "Orders"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const url = new URL(request.url);
  const status = parseFulfilmentStatus(url.searchParams.get("status"));
  const list = await listOrderParts({
    caller: user,
    status,
    page: Number(url.searchParams.get("page") ?? 1),
  });
  // The statuses travel in the data: values of a .server module do not exist in the browser.
  return json({ ...list, status, statuses: FULFILMENT_STATUSES });
}

export default function SupplierOrdersPage() {
  const { rows, total, page, pageCount, status, statuses } = useLoaderData<typeof loader>();
  const t = useT();
  const tab = (value: string | null, label: string) => (
    <li key={value ?? "all"}>
      <Link
        to={value ? `?status=${value}` : "?"}
        aria-current={status === value ? "page" : undefined}
        className={`block rounded-full px-3 py-1 ring-1 ${status === value ? "bg-brand-600 text-white ring-brand-600" : "bg-white ring-stone-200 hover:ring-brand-600"}`}
      >
        {label}
      </Link>
    </li>
  );
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("fulfil.orders.title")}</h1>
      <nav aria-label={t("fulfil.col.status")} className="mt-4">
        <ul className="flex flex-wrap gap-2 text-sm">
          {tab(null, t("fulfil.filter.all"))}
          {statuses.map((s) => tab(s, t(`fulfil.status.${s}`)))}
        </ul>
      </nav>
      <p className="mt-3 text-sm text-stone-600">{t("fulfil.orders.total", { count: total })}</p>
      {rows.length === 0 ? (
        <p className="mt-6 text-stone-600">{t("fulfil.orders.empty")}</p>
      ) : (
        <DataTable
          className="mt-2"
          headers={[
            { label: t("fulfil.col.orderNumber") },
            { label: t("fulfil.col.paidAt") },
            { label: t("fulfil.col.buyer") },
            { label: t("fulfil.col.items"), numeric: true },
            { label: t("fulfil.col.amount"), numeric: true },
            { label: t("fulfil.col.refunded"), numeric: true },
            { label: t("fulfil.col.status") },
          ]}
        >
          {rows.map((r) => (
            <tr key={r.id}>
              <td className="px-3 py-2 font-medium">
                <Link to={`/supplier/orders/${r.id}`} className="text-brand-700 hover:underline">
                  {r.orderNumber}
                </Link>
              </td>
              <td className="px-3 py-2">{r.paidAt ? formatShanghaiDateTime(r.paidAt) : "—"}</td>
              <td className="px-3 py-2">{r.contactName}</td>
              <td className="px-3 py-2 text-right tabular-nums">{r.items}</td>
              <td className="px-3 py-2 text-right tabular-nums">
                {formatFen(r.subtotalFen + r.shippingFen)}
              </td>
              <td className="px-3 py-2 text-right tabular-nums">
                {r.refundedFen > 0 ? formatFen(r.refundedFen) : "—"}
              </td>
              <td className="px-3 py-2">
                <StatusBadge>{t(`fulfil.status.${r.status}`)}</StatusBadge>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pagination
        page={page}
        pageCount={pageCount}
        href={(p) => `?${new URLSearchParams({ ...(status ? { status } : {}), page: String(p) })}`}
      />
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
