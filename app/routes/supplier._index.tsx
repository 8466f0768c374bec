// Supplier staff: the overview of their own supplier — parts to ship, low stock, this month's
// sales and the income attributed to their beneficiaries this month (Asia/Shanghai month).
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StatusBadge } from "~/components/status-badge";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireRole } from "~/models/access/auth.server";
import { formatShanghaiDateTime } from "~/lib/dates";
import { formatFen } from "~/lib/money";
import { useT } from "~/lib/use-locale";
import { getSupplierDashboard } from "~/models/ordering/fulfilment.server";
import { invariantResponse } from "~/lib/invariant";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "经营概览", "Supplier overview"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const dashboard = await getSupplierDashboard({ caller: user });
  invariantResponse(dashboard, "Not found", { status: 404 });
  return json({ dashboard });
}

export default function SupplierDashboardPage() {
  const { dashboard: d } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("fulfil.dash.title")}</h1>
      <div className="mt-4 grid gap-4 sm:grid-cols-3">
        <Figure label={t("fulfil.dash.toShip")} value={String(d.waitingCount)} testId="dash-to-ship" />
        <Figure
          label={t("fulfil.dash.monthSales", { month: d.month })}
          value={formatFen(d.salesFen)}
          testId="dash-month-sales"
          note={
            d.refundedFen > 0
              ? t("fulfil.dash.monthRefunded", { amount: formatFen(d.refundedFen) })
              : undefined
          }
        />
        <Figure
          label={t("fulfil.dash.monthAttributed", { month: d.month })}
          value={formatFen(d.attributedFen)}
          testId="dash-month-attributed"
        />
      </div>

      <div className="mt-6 grid gap-4 lg:grid-cols-2">
        <section aria-labelledby="to-ship" className="rounded-xl bg-white p-4 ring-1 ring-stone-200">
          <div className="flex items-center justify-between">
            <h2 id="to-ship" className="font-semibold">
              {t("fulfil.dash.toShip")}
            </h2>
            <Link to="/supplier/orders?status=paid" className="text-sm text-brand-700 hover:underline">
              {t("fulfil.dash.viewAll")}
            </Link>
          </div>
          {d.waiting.length === 0 ? (
            <p className="mt-2 text-sm text-stone-600">{t("fulfil.dash.toShipNone")}</p>
          ) : (
            <ul className="mt-2 divide-y divide-stone-100 text-sm">
              {d.waiting.map((w) => (
                <li key={w.id} className="flex justify-between gap-2 py-2">
                  <Link
                    to={`/supplier/orders/${w.id}`}
                    className="font-medium text-brand-700 hover:underline"
                  >
                    {w.orderNumber}
                  </Link>
                  <span className="text-stone-600">
                    {w.contactName} · {w.paidAt ? formatShanghaiDateTime(w.paidAt) : "—"}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="low-stock" className="rounded-xl bg-white p-4 ring-1 ring-stone-200">
          <h2 id="low-stock" className="font-semibold">
            {t("fulfil.dash.lowStock", { threshold: d.lowStockThreshold })}
          </h2>
          {d.lowStock.length === 0 ? (
            <p className="mt-2 text-sm text-stone-600">{t("fulfil.dash.lowStockNone")}</p>
          ) : (
            <ul className="mt-2 divide-y divide-stone-100 text-sm">
              {d.lowStock.map((v) => (
                <li key={v.variantId} className="flex justify-between gap-2 py-2">
                  <span>
                    {v.productName} · {v.spec}{" "}
                    <span className="font-mono text-xs text-stone-500">{v.sku}</span>
                  </span>
                  <StatusBadge tone={v.stock === 0 ? "bad" : "warn"} className="self-start">
                    {t("fulfil.dash.stock")} {v.stock}
                  </StatusBadge>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </main>
  );
}

function Figure({
  label,
  value,
  note,
  testId,
}: {
  label: string;
  value: string;
  note?: string;
  testId: string;
}) {
  return (
    <div className="rounded-xl bg-white p-4 ring-1 ring-stone-200">
      <p className="text-sm text-stone-600">{label}</p>
      <p className="mt-1 text-2xl font-bold text-brand-700" data-testid={testId}>
        {value}
      </p>
      {note && <p className="text-xs text-stone-500">{note}</p>}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
