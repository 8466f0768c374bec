// Admins only: one order with every supplier's part, shipments and refunds, and the refund of any
// line through the payment port (officials get 403).
import { randomUUID } from "node:crypto";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import {
  RefundForm,
  RefundFormSchema,
  refundErrorMessage,
  type RefundFormError,
} from "~/components/order-refund-form";
import { requireRole } from "~/models/access/auth.server";
import { formatShanghaiDateTime } from "~/lib/dates";
import { parseForm } from "~/lib/form";
import { parseYuan } from "~/lib/money";
import { formatFen } from "~/lib/money";
import { useT } from "~/lib/use-locale";
import { getOrderForAdmin, refundLine } from "~/models/ordering/fulfilment.server";
import { OFFICIAL_PORTAL_ROLES } from "~/models/access/portal-access";
import { redirectWithToast } from "~/lib/toast.server";
import { invariantResponse } from "~/lib/invariant";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  ...titleMeta(matches, `订单 ${data?.order.orderNumber ?? ""}`, `Order ${data?.order.orderNumber ?? ""}`),
  { name: "robots", content: "noindex" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, OFFICIAL_PORTAL_ROLES.orders);
  const order = await getOrderForAdmin({ caller: user, orderNumber: params.orderNumber ?? "" });
  invariantResponse(order, "Not found", { status: 404 });
  return json({ order, refundKey: randomUUID() });
}

type ActionData = { error: RefundFormError; lineId?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, OFFICIAL_PORTAL_ROLES.orders);
  const orderNumber = params.orderNumber ?? "";
  const form = await parseForm(request, RefundFormSchema);
  if (!form.ok) return json<ActionData>({ error: { key: "fulfil.error.bad_amount" } }, { status: 400 });
  const amountFen = form.data.amount ? parseYuan(form.data.amount) : null;
  if (form.data.amount && amountFen === null)
    return json<ActionData>(
      { error: { key: "fulfil.error.bad_amount" }, lineId: form.data.lineId },
      { status: 400 },
    );
  const result = await refundLine({
    caller: user,
    orderNumber,
    lineId: form.data.lineId,
    amountFen,
    quantity: form.data.quantity ? Number(form.data.quantity) : null,
    reason: form.data.reason,
    idempotencyKey: form.data.key,
  });
  if (!result.ok) {
    invariantResponse(result.code !== "not_found", "Not found", { status: 404 });
    return json<ActionData>({ error: refundErrorMessage(result), lineId: form.data.lineId }, { status: 409 });
  }
  return redirectWithToast(request, `/official/orders/${orderNumber}`, "fulfil.toast.refunded");
}

export default function AdminOrderPage() {
  const { order, refundKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const t = useT();
  const refundable = order.parts.filter((p) => p.refundable).flatMap((p) => p.lines);
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <Link to="/official/orders" className="text-sm text-brand-700 hover:underline">
        ← {t("fulfil.admin.back")}
      </Link>
      <h1 className="mt-2 text-2xl font-bold">{t("fulfil.part.title", { number: order.orderNumber })}</h1>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 text-sm">
        <dt className="text-stone-500">{t("fulfil.col.status")}</dt>
        <dd data-testid="admin-order-status">{t(`order.status.${order.status}`)}</dd>
        <dt className="text-stone-500">{t("fulfil.col.createdAt")}</dt>
        <dd>{formatShanghaiDateTime(order.createdAt)}</dd>
        <dt className="text-stone-500">{t("fulfil.col.buyer")}</dt>
        <dd>
          {order.contactName} · {order.contactMobile}
        </dd>
        <dt className="text-stone-500">{t("fulfil.admin.payment")}</dt>
        <dd>
          {order.payment
            ? `${order.payment.provider} · ${formatFen(order.payment.amountFen)} · ${order.payment.succeededAt ? formatShanghaiDateTime(order.payment.succeededAt) : ""}`
            : "—"}
        </dd>
        <dt className="text-stone-500">{t("fulfil.col.total")}</dt>
        <dd>{formatFen(order.totalFen)}</dd>
        <dt className="text-stone-500">{t("fulfil.col.refunded")}</dt>
        <dd data-testid="admin-order-refunded">{formatFen(order.refundedFen)}</dd>
      </dl>

      {order.parts.map((p) => (
        <section
          key={p.id}
          aria-labelledby={`part-${p.id}`}
          className="mt-4 rounded-xl bg-white p-4 ring-1 ring-stone-200"
        >
          <h2 id={`part-${p.id}`} className="flex justify-between font-semibold">
            {p.supplierName}
            <span className="text-sm font-normal text-stone-500">{t(`fulfil.status.${p.status}`)}</span>
          </h2>
          <ul className="mt-2 divide-y divide-stone-100 text-sm">
            {p.lines.map((l) => (
              <li key={l.id} className="flex justify-between gap-2 py-2">
                <span>
                  {l.productName} · {l.variantSpec} × {l.quantity}
                </span>
                <span>
                  {formatFen(l.lineTotalFen)}
                  {l.refundedFen > 0 && (
                    <span className="ml-2 text-red-700">
                      {t("fulfil.col.refunded")} {formatFen(l.refundedFen)}
                    </span>
                  )}
                </span>
              </li>
            ))}
          </ul>
          {p.shipments.map((sh) => (
            <p key={sh.id} className="mt-1 text-sm text-stone-600">
              {sh.carrier} · {sh.trackingNumber} ·{" "}
              {t("fulfil.part.shippedAt", { time: formatShanghaiDateTime(sh.shippedAt) })}
            </p>
          ))}
          {p.refunds.map((r) => (
            <p key={`${r.refundId}-${r.orderLineId}`} className="mt-1 text-sm text-red-800">
              {formatShanghaiDateTime(r.createdAt)} · {r.productName} · {formatFen(r.amountFen)}
              {r.reason ? ` · ${r.reason}` : ""}
            </p>
          ))}
        </section>
      ))}

      <section aria-labelledby="refund" className="mt-4 rounded-xl bg-white p-4 ring-1 ring-stone-200">
        <h2 id="refund" className="font-semibold">
          {t("fulfil.refund.title")}
        </h2>
        <RefundForm
          lines={refundable}
          idempotencyKey={refundKey}
          error={actionData?.error}
          selectedLineId={actionData?.lineId}
        />
      </section>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
