// The organisation's orders with their state and how many supplier parts are complete.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireRole } from "~/lib/auth.server";
import { formatShanghaiDateTime } from "~/lib/dates";
import { formatFen } from "~/lib/money";
import { useT } from "~/lib/use-locale";
import { listOrganisationOrders } from "~/models/institutions.server";

export const meta: MetaFunction = () => [{ title: "单位订单 · Organisation orders" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["buyer_admin"]);
  const orders = await listOrganisationOrders({ caller: user });
  if (!orders) throw new Response("Not found", { status: 404 });
  return json({ orders });
}

export default function BuyerOrdersPage() {
  const { orders } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("buyer.orders.title")}</h1>
      <div className="mt-4 overflow-x-auto rounded-xl bg-white ring-1 ring-stone-200">
        <table className="w-full text-sm">
          <thead className="bg-stone-50 text-left text-stone-600">
            <tr>
              <th scope="col" className="px-3 py-2">{t("buyer.orders.number")}</th>
              <th scope="col" className="px-3 py-2">{t("buyer.orders.date")}</th>
              <th scope="col" className="px-3 py-2">{t("buyer.orders.placedBy")}</th>
              <th scope="col" className="px-3 py-2">{t("buyer.orders.payment")}</th>
              <th scope="col" className="px-3 py-2">{t("buyer.orders.status")}</th>
              <th scope="col" className="px-3 py-2 text-right">{t("buyer.orders.total")}</th>
            </tr>
          </thead>
          <tbody>
            {orders.length === 0 && (
              <tr>
                <td colSpan={6} className="px-3 py-6 text-center text-stone-500">{t("buyer.orders.empty")}</td>
              </tr>
            )}
            {orders.map((o) => (
              <tr key={o.orderNumber} className="border-t border-stone-100">
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  <Link to={`/buyer/orders/${o.orderNumber}`} className="text-brand-700 underline">
                    {o.orderNumber}
                  </Link>
                </th>
                <td className="px-3 py-2">{formatShanghaiDateTime(o.createdAt)}</td>
                <td className="px-3 py-2">{o.placedBy ?? "—"}</td>
                <td className="px-3 py-2">{t(`buyer.provider.${o.paymentProvider}`)}</td>
                <td className="px-3 py-2">
                  {t(`order.status.${o.status}`)}
                  <span className="block text-xs text-stone-500">{t("buyer.orders.partsDone", { done: o.completeParts, total: o.parts })}</span>
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{formatFen(o.totalFen - o.refundedFen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
