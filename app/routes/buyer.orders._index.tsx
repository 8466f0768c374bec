// The organisation's orders with their state and how many supplier parts are complete.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { StatusBadge } from "~/components/status-badge";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireRole } from "~/models/access/auth.server";
import { formatShanghaiDateTime } from "~/lib/dates";
import { formatFen } from "~/lib/money";
import { useT } from "~/lib/use-locale";
import { listOrganisationOrders } from "~/models/institutions/institutions.server";
import { invariantResponse } from "~/lib/invariant";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "单位订单", "Organisation orders"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["buyer_admin"]);
  const orders = await listOrganisationOrders({ caller: user });
  invariantResponse(orders, "Not found", { status: 404 });
  return json({ orders });
}

export default function BuyerOrdersPage() {
  const { orders } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("buyer.orders.title")}</h1>
      <DataTable
        className="mt-4"
        headers={[
          { label: t("buyer.orders.number") },
          { label: t("buyer.orders.date") },
          { label: t("buyer.orders.placedBy") },
          { label: t("buyer.orders.payment") },
          { label: t("buyer.orders.status") },
          { label: t("buyer.orders.total"), numeric: true },
        ]}
        empty={t("buyer.orders.empty")}
      >
        {orders.map((o) => (
          <tr key={o.orderNumber}>
            <th scope="row" className="px-3 py-2 text-left font-medium">
              <Link to={`/buyer/orders/${o.orderNumber}`} className="text-brand-700 underline">
                {o.orderNumber}
              </Link>
            </th>
            <td className="px-3 py-2">{formatShanghaiDateTime(o.createdAt)}</td>
            <td className="px-3 py-2">{o.placedBy ?? "—"}</td>
            <td className="px-3 py-2">{t(`buyer.provider.${o.paymentProvider}`)}</td>
            <td className="px-3 py-2">
              <StatusBadge>{t(`order.status.${o.status}`)}</StatusBadge>
              <span className="block text-xs text-stone-500">
                {t("buyer.orders.partsDone", { done: o.completeParts, total: o.parts })}
              </span>
            </td>
            <td className="px-3 py-2 text-right tabular-nums">{formatFen(o.totalFen - o.refundedFen)}</td>
          </tr>
        ))}
      </DataTable>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
