// One order of an organisation: the bank-transfer instructions and the form that records the
// transfer, then per supplier part the 832 completion steps — accept the goods (验收), download
// and confirm the supplier's invoice, rate the supplier. The organisation's buyer_admin (or an
// admin) acts; the member who placed the order sees it.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormField } from "~/components/form-field";
import { requireUser } from "~/models/access/auth.server";
import { formatShanghaiDateTime, shanghaiDate } from "~/lib/dates";
import { parseForm } from "~/lib/form";
import { yuanField } from "~/lib/yuan-field";
import type { MessageKey } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { useT } from "~/lib/use-locale";
import {
  completePartStep,
  getOrganisationOrder,
  recordTransfer,
} from "~/models/institutions/institutions.server";
import { bankReferenceKey } from "~/models/ordering/bank-reference";
import { redirectWithToast } from "~/lib/toast.server";
import { invariantResponse } from "~/lib/invariant";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ params, matches }) => [
  ...titleMeta(matches, `单位订单 ${params.number ?? ""}`, `Organisation order ${params.number ?? ""}`),
  { name: "robots", content: "noindex" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const order = await getOrganisationOrder({ caller: user, orderNumber: params.number ?? "" });
  invariantResponse(order, "Not found", { status: 404 });
  return json({ order, today: shanghaiDate(new Date()) });
}

const PartId = z.string().trim().min(1).max(64);
const ActionForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("transfer"),
    // Typed as the bank prints it (full-width, spaces, hyphens): the model keys it by its normalised form.
    bankReference: z
      .string()
      .trim()
      .max(60, "buyer.transfer.error.bankReference")
      .refine((v) => bankReferenceKey(v) !== null, "buyer.transfer.error.bankReference"),
    amount: yuanField("buyer.error.amount", { positive: true }),
    transferDate: z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "buyer.transfer.error.date"),
  }),
  z.object({ intent: z.enum(["accept", "confirm_invoice"]), partId: PartId }),
  z.object({
    intent: z.literal("rate"),
    partId: PartId,
    rating: z.coerce
      .number({ error: "buyer.step.error.bad_rating" })
      .int("buyer.step.error.bad_rating")
      .min(1, "buyer.step.error.bad_rating")
      .max(5, "buyer.step.error.bad_rating"),
    comment: z.string().trim().max(500).optional(),
  }),
]);

const TOASTS = {
  transfer: "buyer.toast.transferRecorded",
  accept: "buyer.toast.accepted",
  confirm_invoice: "buyer.toast.invoiceConfirmed",
  rate: "buyer.toast.rated",
} as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const orderNumber = params.number ?? "";
  const form = await parseForm(request, ActionForm);
  if (!form.ok)
    return json(
      { fieldErrors: form.fieldErrors as Record<string, MessageKey[]>, error: null, partId: null },
      { status: 400 },
    );
  const data = form.data;
  const result =
    data.intent === "transfer"
      ? await recordTransfer({
          caller: user,
          orderNumber,
          bankReference: data.bankReference,
          amountFen: data.amount,
          transferDate: data.transferDate,
        })
      : await completePartStep({
          caller: user,
          orderNumber,
          partId: data.partId,
          step: data.intent,
          rating: data.intent === "rate" ? data.rating : undefined,
          comment: data.intent === "rate" ? data.comment : undefined,
        });
  if (!result.ok) {
    // Another organisation's order (or none): as unknown as a missing one.
    invariantResponse(result.code !== "not_found", "Not found", { status: 404 });
    const error = (
      data.intent === "transfer" ? `buyer.transfer.error.${result.code}` : `buyer.step.error.${result.code}`
    ) as MessageKey;
    return json(
      {
        fieldErrors: {} as Record<string, MessageKey[]>,
        error,
        partId: data.intent === "transfer" ? null : data.partId,
      },
      { status: result.code === "no_right" ? 403 : 409 },
    );
  }
  return redirectWithToast(request, `/buyer/orders/${orderNumber}`, TOASTS[data.intent]);
}

export default function BuyerOrderPage() {
  const { order, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const fieldError = (name: string) => {
    const key = actionData?.fieldErrors?.[name]?.[0];
    return key ? t(key) : null;
  };
  const transfer = order.transfer;
  const awaitingTransfer =
    order.paymentProvider === "bank_transfer" && order.status === "pending_payment" && transfer;
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      {order.canManage && (
        <Link to="/buyer/orders" className="text-sm text-brand-700 underline">
          {t("buyer.order.back")}
        </Link>
      )}
      <h1 className="mt-2 text-2xl font-bold">{t("buyer.order.title", { number: order.orderNumber })}</h1>
      <dl className="mt-3 grid gap-2 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-stone-500">{t("buyer.order.organisation")}</dt>
          <dd className="font-medium">{order.organisationName}</dd>
        </div>
        <div>
          <dt className="text-stone-500">{t("buyer.orders.status")}</dt>
          <dd className="font-medium" data-testid="order-status">
            {t(`order.status.${order.status}`)}
          </dd>
        </div>
        <div>
          <dt className="text-stone-500">{t("buyer.order.total")}</dt>
          <dd className="font-medium tabular-nums">
            {formatFen(order.totalFen)}
            {order.refundedFen > 0 && (
              <span className="ml-2 text-xs text-stone-500">
                {t("buyer.order.refunded", { amount: formatFen(order.refundedFen) })}
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt className="text-stone-500">{t("buyer.orders.payment")}</dt>
          <dd className="font-medium">{t(`buyer.provider.${order.paymentProvider}`)}</dd>
        </div>
      </dl>
      {actionData?.error && !actionData.partId && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t(actionData.error, { amount: formatFen(transfer?.amountFen ?? order.totalFen) })}
        </p>
      )}
      {order.status === "completed" && (
        <p className="mt-4 rounded-lg bg-green-50 p-3 text-green-800 ring-1 ring-green-200">
          {t("buyer.order.completed")}
        </p>
      )}

      {transfer && (
        <section
          aria-labelledby="transfer-heading"
          className="mt-6 rounded-xl bg-white p-4 ring-1 ring-stone-200"
        >
          <h2 id="transfer-heading" className="text-lg font-semibold">
            {t("buyer.transfer.title")}
          </h2>
          {awaitingTransfer ? (
            <>
              <p className="mt-2 rounded bg-amber-50 p-2 text-sm text-amber-900 ring-1 ring-amber-200">
                {t("buyer.transfer.demoPayee")}
              </p>
              <dl className="mt-3 grid gap-2 text-sm sm:grid-cols-2" data-testid="transfer-instructions">
                <div>
                  <dt className="text-stone-500">{t("buyer.transfer.payeeName")}</dt>
                  <dd className="font-medium">{transfer.payee.name}</dd>
                </div>
                <div>
                  <dt className="text-stone-500">{t("buyer.transfer.bank")}</dt>
                  <dd className="font-medium">{transfer.payee.bank}</dd>
                </div>
                <div>
                  <dt className="text-stone-500">{t("buyer.transfer.account")}</dt>
                  <dd className="font-mono font-medium">{transfer.payee.account}</dd>
                </div>
                <div>
                  <dt className="text-stone-500">{t("buyer.transfer.amount")}</dt>
                  <dd className="font-medium tabular-nums">{formatFen(transfer.amountFen)}</dd>
                </div>
                <div className="sm:col-span-2">
                  <dt className="text-stone-500">{t("buyer.transfer.reference")}</dt>
                  <dd className="font-mono text-lg font-semibold" data-testid="transfer-reference">
                    {transfer.reference}
                  </dd>
                </div>
              </dl>
              <p className="mt-2 text-sm text-stone-600">
                {t("buyer.transfer.deadline", { deadline: formatShanghaiDateTime(order.expiresAt) })}
              </p>
              {order.canManage ? (
                <Form
                  method="post"
                  className="mt-4 grid gap-3 border-t border-stone-100 pt-4 sm:grid-cols-4 sm:items-end"
                  noValidate
                >
                  <input type="hidden" name="intent" value="transfer" />
                  <h3 className="font-semibold sm:col-span-4">{t("buyer.transfer.record")}</h3>
                  <FormField
                    name="bankReference"
                    label={t("buyer.transfer.bankReference")}
                    error={fieldError("bankReference")}
                    required
                    maxLength={60}
                    autoComplete="off"
                  />
                  <FormField
                    name="amount"
                    label={t("buyer.transfer.amountYuan")}
                    error={fieldError("amount")}
                    required
                    inputMode="decimal"
                    autoComplete="off"
                  />
                  <FormField
                    name="transferDate"
                    label={t("buyer.transfer.date")}
                    type="date"
                    max={today}
                    defaultValue={today}
                    error={fieldError("transferDate")}
                    required
                  />
                  <button
                    type="submit"
                    className="rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700"
                  >
                    {t("buyer.transfer.submit")}
                  </button>
                </Form>
              ) : (
                <p className="mt-3 text-sm text-stone-600">{t("buyer.transfer.onlyAdmin")}</p>
              )}
            </>
          ) : transfer.status === "succeeded" ? (
            <p className="mt-2 text-sm">
              {t("buyer.transfer.recorded", {
                reference: transfer.bankReference ?? "",
                date: transfer.transferDate ?? "",
              })}
            </p>
          ) : (
            <p className="mt-2 text-sm text-stone-600">{t(`order.status.${order.status}`)}</p>
          )}
        </section>
      )}

      <p className="mt-6 text-sm text-stone-600">{t("buyer.order.completionRule")}</p>
      {order.parts.map((part) => {
        const shipped =
          part.status === "shipped" || part.status === "delivered" || part.status === "completed";
        return (
          <section
            key={part.id}
            aria-labelledby={`part-${part.id}`}
            className="mt-4 rounded-xl bg-white p-4 ring-1 ring-stone-200"
            data-testid="order-part"
          >
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 id={`part-${part.id}`} className="text-lg font-semibold">
                {part.supplierName}{" "}
                <span className="text-sm font-normal text-stone-500">{t(`order.status.${part.status}`)}</span>
              </h2>
              <span className="text-sm tabular-nums">
                {t("buyer.part.amount", { amount: formatFen(part.subtotalFen + part.shippingFen) })}
              </span>
            </div>
            <ul className="mt-2 text-sm text-stone-700">
              {part.lines.map((l, i) => (
                <li key={i}>
                  {l.productName} · {l.variantSpec} × {l.quantity} — {formatFen(l.lineTotalFen)}
                </li>
              ))}
            </ul>
            {part.shipments.map((sh) => (
              <p key={sh.trackingNumber} className="mt-1 text-sm text-stone-600">
                {t("buyer.part.shipment", { carrier: sh.carrier, tracking: sh.trackingNumber })}
              </p>
            ))}
            {actionData?.error && actionData.partId === part.id && (
              <p
                role="alert"
                className="mt-3 rounded-lg bg-red-50 p-2 text-sm text-red-800 ring-1 ring-red-200"
              >
                {t(actionData.error)}
              </p>
            )}
            {part.status === "completed" && (
              <p className="mt-3 text-sm font-medium text-green-700">{t("buyer.part.complete")}</p>
            )}
            <ol className="mt-3 grid gap-3 sm:grid-cols-3">
              <li className="rounded-lg bg-stone-50 p-3">
                <h3 className="font-medium">1. {t("buyer.step.accept")}</h3>
                {part.acceptedAt ? (
                  <p className="mt-1 text-sm text-green-700">
                    {t("buyer.step.accepted")} · {formatShanghaiDateTime(part.acceptedAt)}
                  </p>
                ) : shipped && order.canManage ? (
                  <Form method="post" className="mt-2">
                    <input type="hidden" name="intent" value="accept" />
                    <input type="hidden" name="partId" value={part.id} />
                    <button
                      type="submit"
                      className="rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700"
                    >
                      {t("buyer.step.acceptButton")}
                    </button>
                  </Form>
                ) : (
                  <p className="mt-1 text-sm text-stone-500">{t("buyer.step.waitShipment")}</p>
                )}
              </li>
              <li className="rounded-lg bg-stone-50 p-3">
                <h3 className="font-medium">2. {t("buyer.step.invoice")}</h3>
                {part.hasInvoice ? (
                  <p className="mt-1 text-sm">
                    <a
                      href={`/buyer/orders/${order.orderNumber}/invoice/${part.id}`}
                      className="text-brand-700 underline"
                    >
                      {t("buyer.step.downloadInvoice")}
                    </a>
                  </p>
                ) : (
                  <p className="mt-1 text-sm text-stone-500">{t("buyer.step.noInvoice")}</p>
                )}
                {part.invoiceConfirmedAt ? (
                  <p className="mt-1 text-sm text-green-700">{t("buyer.step.invoiceConfirmed")}</p>
                ) : (
                  part.hasInvoice &&
                  order.canManage && (
                    <Form method="post" className="mt-2">
                      <input type="hidden" name="intent" value="confirm_invoice" />
                      <input type="hidden" name="partId" value={part.id} />
                      <button
                        type="submit"
                        className="rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700"
                      >
                        {t("buyer.step.confirmInvoice")}
                      </button>
                    </Form>
                  )
                )}
              </li>
              <li className="rounded-lg bg-stone-50 p-3">
                <h3 className="font-medium">3. {t("buyer.step.rate")}</h3>
                {part.ratedAt ? (
                  <p className="mt-1 text-sm text-green-700">
                    {t("buyer.step.rated", { rating: part.rating ?? 0 })}
                    {part.ratingComment ? ` · ${part.ratingComment}` : ""}
                  </p>
                ) : part.acceptedAt && order.canManage ? (
                  <Form method="post" className="mt-2 space-y-2">
                    <input type="hidden" name="intent" value="rate" />
                    <input type="hidden" name="partId" value={part.id} />
                    <fieldset>
                      <legend className="text-sm">{t("buyer.step.rating")}</legend>
                      <div className="mt-1 flex gap-3">
                        {[1, 2, 3, 4, 5].map((n) => (
                          <label key={n} className="flex items-center gap-1 text-sm">
                            <input type="radio" name="rating" value={n} defaultChecked={n === 5} required />
                            {n}
                          </label>
                        ))}
                      </div>
                    </fieldset>
                    <label htmlFor={`comment-${part.id}`} className="block text-sm">
                      {t("buyer.step.comment")}
                    </label>
                    <textarea
                      id={`comment-${part.id}`}
                      name="comment"
                      maxLength={500}
                      rows={2}
                      className="w-full rounded-lg border border-stone-300 px-2 py-1 text-sm"
                    />
                    <button
                      type="submit"
                      className="rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700"
                    >
                      {t("buyer.step.submitRating")}
                    </button>
                  </Form>
                ) : (
                  <p className="mt-1 text-sm text-stone-500">{t("buyer.step.rateAfterAccept")}</p>
                )}
              </li>
            </ol>
          </section>
        );
      })}
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
