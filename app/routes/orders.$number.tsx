import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatShanghaiDateTime } from "~/lib/dates";
import { formatFen } from "~/lib/money";
import { getOrderViewer } from "~/lib/session.server";
import { useT } from "~/lib/use-locale";
import type { OrderImpact } from "~/models/impact/attribution.server";
import {
  confirmReceipt,
  getTrackedOrderForViewer,
  type TimelineEntry,
} from "~/models/ordering/tracking.server";
import { retryPayment } from "~/models/ordering/payments.server";
import { addMessages, type MessageKey } from "~/lib/i18n";
import { aftersalesMessages } from "~/lib/messages/aftersales";
import { parseForm } from "~/lib/form";
import { redirectWithToast } from "~/lib/toast.server";
import { z } from "zod";
import { fulfilmentMessages } from "~/lib/messages/fulfilment";
import { impactCertificateMessages } from "~/lib/messages/impact-certificates";
import { invariantResponse } from "~/lib/invariant";
import { getOptionalUser } from "~/models/access/auth.server";
import {
  cancelLatePresaleLine,
  payPresaleBalance,
  presaleBalanceOf,
  presaleLinesOf,
} from "~/models/ordering/presale-orders.server";
import { titleMeta } from "~/lib/seo";

addMessages(fulfilmentMessages, aftersalesMessages); // shipments, refunds, tracking, after-sales
addMessages(impactCertificateMessages); // the certificate link

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  ...titleMeta(matches, `订单 ${data?.order.orderNumber ?? ""}`, `Order ${data?.order.orderNumber ?? ""}`),
  { name: "robots", content: "noindex" },
];

async function requireOrder(request: Request, orderNumber: string | undefined) {
  const order = await getTrackedOrderForViewer({
    orderNumber: orderNumber ?? "",
    viewer: await getOrderViewer(request),
  });
  invariantResponse(order, "Not found", { status: 404 });
  return order;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const order = await requireOrder(request, params.number);
  // Pre-sale lines (issue 20): their window, and whether the buyer may cancel one now.
  const [presales, balance] = await Promise.all([
    presaleLinesOf({ orderLineIds: order.parts.flatMap((p) => p.lines.map((l) => l.id)) }),
    // A deposit pre-sale (decision 114): deposit, balance, its window and the 付尾款 button.
    presaleBalanceOf({ order }),
  ]);
  return json({ order, presales, balance });
}

const OrderAction = z.object({
  intent: z.enum(["retry", "confirm", "presaleCancel", "payBalance"]).default("retry"),
  partId: z.string().max(64).default(""),
  orderLineId: z.string().max(64).default(""),
});

/** A new payment attempt after a failed one, the shopper's 确认收货 of one part, or a late pre-sale line cancelled. */
export async function action({ request, params }: ActionFunctionArgs) {
  // Someone else's order is a 404 here too, not a silent redirect.
  const { orderNumber } = await requireOrder(request, params.number);
  const form = await parseForm(request, OrderAction);
  if (form.ok && form.data.intent === "confirm") {
    const confirmed = await confirmReceipt({
      orderNumber,
      partId: form.data.partId,
      viewer: await getOrderViewer(request),
    });
    if (!confirmed.ok && confirmed.code === "not_found") throw new Response("Not found", { status: 404 });
    return redirectWithToast(
      request,
      `/orders/${orderNumber}`,
      confirmed.ok ? "track.toast.confirmed" : "track.error.illegal_transition",
    );
  }
  if (form.ok && form.data.intent === "payBalance") {
    const paid = await payPresaleBalance({
      orderNumber,
      viewer: await getOrderViewer(request),
      origin: new URL(request.url).origin,
    });
    if (!paid.ok && paid.code === "not_found") throw new Response("Not found", { status: 404 });
    if (!paid.ok)
      return redirectWithToast(request, `/orders/${orderNumber}`, `presale.balance.error.${paid.code}`);
    return redirect(paid.url, { status: 303 });
  }
  if (form.ok && form.data.intent === "presaleCancel") {
    // Only the signed-in buyer (the model checks the order is theirs); a guest's order is not cancelled here.
    const user = await getOptionalUser(request);
    const result = user
      ? await cancelLatePresaleLine({ caller: user, orderLineId: form.data.orderLineId })
      : ({ ok: false, code: "not_found" } as const);
    return redirectWithToast(
      request,
      `/orders/${orderNumber}`,
      result.ok ? "presale.toast.cancelled" : (`presale.error.${result.code}` as MessageKey),
    );
  }
  const payment = await retryPayment({
    orderNumber,
    viewer: await getOrderViewer(request),
    origin: new URL(request.url).origin,
  });
  if (!payment) return redirect(`/orders/${orderNumber}`, { status: 303 });
  return redirect(payment.url, { status: 303 });
}

export default function OrderPage() {
  const { order, presales, balance } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main className="mx-auto max-w-3xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("order.title", { number: order.orderNumber })}</h1>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 text-sm">
        <dt className="text-stone-500">{t("order.status")}</dt>
        <dd className="font-medium" data-testid="order-status">
          {t(`order.status.${order.status}`)}
        </dd>
        <dt className="text-stone-500">{t("order.placedAt")}</dt>
        <dd>{formatShanghaiDateTime(order.createdAt)}</dd>
      </dl>

      {order.status === "paid" && (
        <p className="mt-4 rounded-lg bg-green-50 p-3 text-green-800 ring-1 ring-green-200">
          {t("order.thanks")}
        </p>
      )}
      {order.impact && <ImpactReceipt impact={order.impact} />}
      {order.impact && (
        <p className="mt-2 text-sm">
          <Link
            to={`/certificates?order=${order.orderNumber}`}
            className="text-brand-700 underline"
            data-testid="order-certificate"
          >
            {t("icert.orderLink")}
          </Link>
        </p>
      )}
      {balance && (
        <div
          className="mt-4 rounded-lg bg-amber-50 p-3 text-sm ring-1 ring-amber-200"
          data-testid="presale-balance"
        >
          <p className="font-medium">
            {t("presale.deposit", {
              deposit: formatFen(balance.depositFen),
              balance: formatFen(balance.balanceFen),
            })}
          </p>
          <p>{t("presale.balanceWindow", { from: balance.balanceFrom, until: balance.balanceUntil })}</p>
          {order.status === "deposit_paid" && (
            <p className="mt-1">
              {t("presale.order.depositPaid", { deposit: formatFen(balance.depositFen) })} ·{" "}
              <strong>{t("presale.order.balanceDue", { balance: formatFen(balance.balanceFen) })}</strong>
            </p>
          )}
          {balance.opensLater && (
            <p className="mt-1">{t("presale.order.opensLater", { from: balance.balanceFrom })}</p>
          )}
          {balance.payableNow && (
            <Form method="post" className="mt-2">
              <input type="hidden" name="intent" value="payBalance" />
              <button
                type="submit"
                className="rounded-lg bg-brand-600 px-4 py-2 text-white hover:bg-brand-700"
                data-testid="pay-balance"
              >
                {t("presale.order.payBalance")} {formatFen(balance.balanceFen)}
              </button>
            </Form>
          )}
          {balance.lapsed && <p className="mt-1 text-red-800">{t("presale.order.lapsed")}</p>}
          <p className="mt-1 text-xs text-stone-600">{t("presale.depositRule")}</p>
        </div>
      )}
      {order.status === "pending_payment" && (
        <div className="mt-4 rounded-lg bg-amber-50 p-3 ring-1 ring-amber-200">
          {order.lastPaymentFailed && <p className="text-red-700">{t("order.paymentFailed")}</p>}
          <p className="text-sm">{t("order.payBy", { time: formatShanghaiDateTime(order.expiresAt) })}</p>
          {order.payUrl && !order.lastPaymentFailed ? (
            <Link
              to={order.payUrl}
              className="mt-2 inline-block rounded-lg bg-brand-600 px-4 py-2 text-white hover:bg-brand-700"
            >
              {t("order.payNow")}
            </Link>
          ) : (
            <Form method="post" className="mt-2">
              <button
                type="submit"
                className="rounded-lg bg-brand-600 px-4 py-2 text-white hover:bg-brand-700"
              >
                {t("order.retryPayment")}
              </button>
            </Form>
          )}
        </div>
      )}

      {order.parts.map((part) => (
        <section
          key={part.id}
          aria-labelledby={`part-${part.id}`}
          className="mt-6 rounded-xl bg-white p-4 ring-1 ring-stone-200"
        >
          <h2 id={`part-${part.id}`} className="flex justify-between font-semibold">
            <Link to={`/suppliers/${part.supplierSlug}`} className="hover:underline">
              {part.supplierName}
            </Link>
            <span className="text-sm font-normal text-stone-500">{t(`order.status.${part.status}`)}</span>
          </h2>
          <ul className="mt-2 divide-y divide-stone-100 text-sm">
            {part.lines.map((l) => (
              <li key={l.id} className="flex justify-between gap-2 py-2">
                <span>
                  <Link to={`/products/${l.productSlug}`} className="hover:underline">
                    {l.productName}
                  </Link>{" "}
                  · {l.variantSpec} × {l.quantity}
                  {presales[l.id] && (
                    <span className="block text-xs text-amber-800" data-testid="presale-window">
                      {t("presale.window", { from: presales[l.id].shipsFrom, by: presales[l.id].shipsBy })}
                      {presales[l.id].cancelledAt && ` · ${t("presale.cancelled")}`}
                    </span>
                  )}
                  {presales[l.id]?.cancellable && (
                    <Form method="post" className="mt-1">
                      <input type="hidden" name="intent" value="presaleCancel" />
                      <input type="hidden" name="orderLineId" value={l.id} />
                      <button
                        type="submit"
                        className="rounded border border-red-300 px-2 py-1 text-xs text-red-800 hover:bg-red-50"
                      >
                        {t("presale.cancel")}
                      </button>
                    </Form>
                  )}
                  {l.refundedFen > 0 && (
                    <span className="ml-2 text-red-700">
                      {t("order.refunded")} {formatFen(l.refundedFen)}
                    </span>
                  )}
                  <LineAftersales orderNumber={order.orderNumber} line={l} partStatus={part.status} />
                </span>
                <span>{formatFen(l.lineTotalFen)}</span>
              </li>
            ))}
          </ul>
          <p className="mt-2 text-sm text-stone-600">
            {part.shipments.length === 0
              ? part.awaitingShipment && t("order.notShipped")
              : part.shipments.map((sh) => (
                  <span key={sh.trackingNumber} className="block" data-testid="order-tracking">
                    {t("order.tracking", { carrier: sh.carrier, number: sh.trackingNumber })}
                    {sh.deliveredAt &&
                      ` · ${t("fulfil.order.deliveredAt", { time: formatShanghaiDateTime(sh.deliveredAt) })}`}
                  </span>
                ))}
          </p>
          <PartTimeline entries={part.timeline} />
          {part.canConfirm && (
            <Form method="post" className="mt-3">
              <input type="hidden" name="intent" value="confirm" />
              <input type="hidden" name="partId" value={part.id} />
              <button
                type="submit"
                className="rounded-lg bg-brand-600 px-4 py-2 text-white hover:bg-brand-700"
                data-testid="confirm-receipt"
              >
                {t("track.confirm")}
              </button>
            </Form>
          )}
        </section>
      ))}

      <section
        className="mt-6 rounded-xl bg-white p-4 text-sm ring-1 ring-stone-200"
        aria-label={t("cart.total")}
      >
        <dl className="grid grid-cols-[1fr_auto] gap-1">
          <dt>{t("cart.subtotal")}</dt>
          <dd>{formatFen(order.subtotalFen)}</dd>
          <dt>{t("cart.shipping")}</dt>
          <dd>{formatFen(order.shippingFen)}</dd>
          <dt className="text-base font-semibold">{t("cart.total")}</dt>
          <dd className="text-base font-semibold text-brand-700" data-testid="order-total">
            {formatFen(order.totalFen)}
          </dd>
          {order.refundedFen > 0 && (
            <>
              <dt className="text-red-700">{t("fulfil.order.refundsTotal")}</dt>
              <dd className="text-red-700" data-testid="order-refunded">
                {formatFen(order.refundedFen)}
              </dd>
            </>
          )}
        </dl>
        <h2 className="mt-4 font-semibold">{t("order.shipTo")}</h2>
        <p>
          {order.contactName} · {order.contactMobile}
        </p>
        <p>
          {order.shippingAddress.province} {order.shippingAddress.city} {order.shippingAddress.district}{" "}
          {order.shippingAddress.detail}
        </p>
      </section>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;

/** 本单带动 N 户脱贫户/监测户、M 个村集体增收 ¥X（经营性 …），涉及 A村、B村 — totals from the ledger, no names. */
function ImpactReceipt({ impact }: { impact: OrderImpact }) {
  const t = useT();
  const who = [
    impact.households > 0 &&
      t("orderImpact.households", { count: impact.households }) +
        (impact.monitoredHouseholds > 0
          ? t("orderImpact.monitored", { count: impact.monitoredHouseholds })
          : ""),
    impact.villageCollectives > 0 && t("orderImpact.collectives", { count: impact.villageCollectives }),
  ].filter((x): x is string => Boolean(x));
  const types = impact.byIncomeType.map((x) =>
    t(`orderImpact.type.${x.incomeType}`, { amount: formatFen(x.amountFen) }),
  );
  return (
    <section aria-labelledby="order-impact" className="mt-4 rounded-xl bg-amber-50 p-4 ring-1 ring-amber-200">
      <h2 id="order-impact" className="font-semibold text-amber-900">
        {t("orderImpact.title")}
      </h2>
      <p className="mt-1" data-testid="impact-summary">
        {t("orderImpact.summary", {
          who: who.join(t("orderImpact.and")),
          amount: formatFen(impact.attributedFen),
          types: types.join(t("orderImpact.listSeparator")),
          villages: impact.villages.join(t("orderImpact.listSeparator")),
        })}
      </p>
      <p className="mt-2 text-xs text-stone-600">{t("orderImpact.note")}</p>
    </section>
  );
}

/** The part's steps, oldest first: paid, shipped, the carrier's events, delivered, receipt, after-sales. */
function PartTimeline({ entries }: { entries: TimelineEntry[] }) {
  const t = useT();
  if (entries.length === 0) return null;
  const label = (e: TimelineEntry): string => {
    if (e.kind === "shipped")
      return t("track.shipped", { carrier: e.carrier ?? "", number: e.trackingNumber ?? "" });
    if (e.kind === "carrier")
      return `${t(`track.carrier.${e.carrierStatus}` as MessageKey)} · ${e.description ?? ""}`;
    if (e.kind.startsWith("aftersales_"))
      return (
        t("track.aftersales", { step: t(`as.action.${e.kind.slice("aftersales_".length)}` as MessageKey) }) +
        (e.amountFen ? ` · ${formatFen(e.amountFen)}` : "")
      );
    return t(`track.${e.kind}` as MessageKey);
  };
  return (
    <details className="mt-2 text-sm" open>
      <summary className="cursor-pointer font-medium">{t("track.title")}</summary>
      <ol className="mt-2 space-y-1 border-l-2 border-stone-200 pl-3" data-testid="part-timeline">
        {entries.map((e, i) => (
          <li key={i}>
            <time className="mr-2 text-xs text-stone-500" dateTime={e.at}>
              {formatShanghaiDateTime(e.at)}
            </time>
            {label(e)}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** A line's after-sales: its open or last claim, or the link to ask (delivered parts only). */
function LineAftersales({
  orderNumber,
  line,
  partStatus,
}: {
  orderNumber: string;
  line: { id: string; claims: { id: string; status: string }[] };
  partStatus: string;
}) {
  const t = useT();
  const last = line.claims.at(-1);
  return (
    <span className="ml-2 inline-flex gap-2 text-xs">
      {last && (
        <Link to={`/orders/${orderNumber}/aftersales/${last.id}`} className="text-brand-700 underline">
          {t("as.view")} · {t(`as.status.${last.status}` as MessageKey)}
        </Link>
      )}
      {(partStatus === "delivered" || partStatus === "completed") && (
        <Link
          to={`/orders/${orderNumber}/aftersales/new?line=${line.id}`}
          className="text-brand-700 underline"
          data-testid="apply-aftersales"
        >
          {t("as.apply")}
        </Link>
      )}
    </span>
  );
}
