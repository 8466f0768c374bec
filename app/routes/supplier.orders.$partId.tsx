// Supplier staff: one part of a paid order (their own supplier's only; anything else is a 404):
// lines, the buyer's address, shipments and refunds; ship, mark delivered, refund a line.
import { randomUUID } from "node:crypto";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DataTable } from "~/components/data-table";
import { StatusBadge } from "~/components/status-badge";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormField } from "~/components/form-field";
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
import type { MessageKey } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { isTrackingNumber, MAX_CARRIER_LENGTH, TRACKING_NUMBER_PATTERN } from "~/lib/shipment-rules";
import { useT } from "~/lib/use-locale";
import {
  getOrderPart,
  markPartDelivered,
  refundLine,
  shipOrderPart,
} from "~/models/ordering/fulfilment.server";
import { redirectWithToast } from "~/lib/toast.server";
import { invariantResponse } from "~/lib/invariant";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  ...titleMeta(matches, `订单 ${data?.part.orderNumber ?? ""}`, `Order ${data?.part.orderNumber ?? ""}`),
  { name: "robots", content: "noindex" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const part = await getOrderPart({ caller: user, partId: params.partId ?? "" });
  invariantResponse(part, "Not found", { status: 404 });
  // One key per rendering of the refund form: a double submission refunds once.
  return json({ part, refundKey: randomUUID() });
}

const ShipForm = z.object({
  intent: z.literal("ship"),
  carrier: z
    .string()
    .trim()
    .min(1, "fulfil.error.invalid_carrier")
    .max(MAX_CARRIER_LENGTH, "fulfil.error.invalid_carrier"),
  trackingNumber: z.string().trim().refine(isTrackingNumber, "fulfil.error.invalid_tracking"),
});
const DeliverForm = z.object({ intent: z.literal("deliver") });
const ActionForm = z.discriminatedUnion("intent", [ShipForm, DeliverForm, RefundFormSchema]);

type ActionData = {
  form: "ship" | "deliver" | "refund";
  fieldErrors?: Record<string, MessageKey>;
  error?: RefundFormError;
  lineId?: string;
};

const notFound = () => new Response("Not found", { status: 404 });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const partId = params.partId ?? "";
  const form = await parseForm(request, ActionForm);
  if (!form.ok) {
    // Which form failed shows in its fields: the refund form's errors go next to its amount.
    if (["lineId", "amount", "quantity", "reason", "key"].some((k) => k in form.fieldErrors)) {
      return json<ActionData>({ form: "refund", error: { key: "fulfil.error.bad_amount" } }, { status: 400 });
    }
    const fieldErrors = Object.fromEntries(
      Object.entries(form.fieldErrors).map(([k, v]) => [
        k,
        (v[0]?.startsWith("fulfil.") ? v[0] : "fulfil.error.illegal_transition") as MessageKey,
      ]),
    );
    return json<ActionData>({ form: "ship", fieldErrors }, { status: 400 });
  }
  const data = form.data;
  let toast: MessageKey;
  if (data.intent === "ship") {
    const result = await shipOrderPart({
      caller: user,
      partId,
      carrier: data.carrier,
      trackingNumber: data.trackingNumber,
    });
    if (!result.ok) {
      if (result.code === "not_found") throw notFound();
      const field = result.code === "invalid_carrier" ? "carrier" : "trackingNumber";
      return json<ActionData>(
        { form: "ship", fieldErrors: { [field]: `fulfil.error.${result.code}` as MessageKey } },
        { status: 409 },
      );
    }
    toast = "fulfil.toast.shipped";
  } else if (data.intent === "deliver") {
    const result = await markPartDelivered({ caller: user, partId });
    if (!result.ok) {
      if (result.code === "not_found") throw notFound();
      return json<ActionData>(
        { form: "deliver", error: { key: "fulfil.error.illegal_transition" } },
        { status: 409 },
      );
    }
    toast = "fulfil.toast.delivered";
  } else {
    const amountFen = data.amount ? parseYuan(data.amount) : null;
    if (data.amount && amountFen === null)
      return json<ActionData>(
        { form: "refund", error: { key: "fulfil.error.bad_amount" }, lineId: data.lineId },
        { status: 400 },
      );
    // The line must belong to this very part (and so to the caller's supplier).
    const result = await refundLine({
      caller: user,
      partId,
      lineId: data.lineId,
      amountFen,
      quantity: data.quantity ? Number(data.quantity) : null,
      reason: data.reason,
      idempotencyKey: data.key,
    });
    if (!result.ok) {
      if (result.code === "not_found") throw notFound();
      return json<ActionData>(
        { form: "refund", error: refundErrorMessage(result), lineId: data.lineId },
        { status: 409 },
      );
    }
    toast = "fulfil.toast.refunded";
  }
  return redirectWithToast(request, `/supplier/orders/${partId}`, toast);
}

export default function SupplierOrderPartPage() {
  const { part, refundKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const t = useT();
  const shipErrors = actionData?.form === "ship" ? actionData.fieldErrors : undefined;
  return (
    <main className="mx-auto max-w-6xl px-4 pb-24 pt-6">
      <Link to="/supplier/orders" className="text-sm text-brand-700 hover:underline">
        ← {t("fulfil.part.back")}
      </Link>
      <div className="mt-2 flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">{t("fulfil.part.title", { number: part.orderNumber })}</h1>
        <StatusBadge size="sm" className="font-medium" data-testid="part-status">
          {t(`fulfil.status.${part.status}`)}
        </StatusBadge>
      </div>
      <p className="mt-1 text-sm text-stone-600">
        {t("fulfil.col.paidAt")} {part.paidAt ? formatShanghaiDateTime(part.paidAt) : "—"} ·{" "}
        <Link to={`/supplier/orders/${part.id}/packing-list`} className="text-brand-700 hover:underline">
          {t("fulfil.part.packingList")}
        </Link>
      </p>

      <div className="mt-4 grid gap-4 lg:grid-cols-3">
        <section
          aria-labelledby="lines"
          className="rounded-xl bg-white p-4 ring-1 ring-stone-200 lg:col-span-2"
        >
          <h2 id="lines" className="font-semibold">
            {t("fulfil.part.lines")}
          </h2>
          <DataTable
            className="mt-2"
            headers={[
              { label: t("fulfil.col.product") },
              { label: t("fulfil.col.quantity"), numeric: true },
              { label: t("fulfil.col.unitPrice"), numeric: true },
              { label: t("fulfil.col.lineTotal"), numeric: true },
              { label: t("fulfil.col.refunded"), numeric: true },
            ]}
          >
            {part.lines.map((l) => (
              <tr key={l.id} data-testid="part-line">
                <td className="px-3 py-2">
                  {l.productName} · {l.variantSpec}
                  {l.certified && (
                    <span className="ml-1 rounded bg-green-50 px-1 text-xs text-green-800">
                      {t("fulfil.part.certified")}
                    </span>
                  )}
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{l.quantity}</td>
                <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">
                  {formatFen(l.unitPriceFen)}
                </td>
                <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">
                  {formatFen(l.lineTotalFen)}
                </td>
                <td
                  className="whitespace-nowrap px-3 py-2 text-right tabular-nums"
                  data-testid="line-refunded"
                >
                  {l.refundedFen > 0 ? formatFen(l.refundedFen) : "—"}
                  {l.refundedQuantity > 0 ? ` (${l.refundedQuantity})` : ""}
                </td>
              </tr>
            ))}
          </DataTable>
        </section>

        <section aria-labelledby="ship-to" className="rounded-xl bg-white p-4 text-sm ring-1 ring-stone-200">
          <h2 id="ship-to" className="font-semibold">
            {t("fulfil.part.shipTo")}
          </h2>
          <p className="mt-2">
            {part.contactName} · {part.contactMobile}
          </p>
          <p>
            {part.shippingAddress.province} {part.shippingAddress.city} {part.shippingAddress.district}{" "}
            {part.shippingAddress.detail}
          </p>
        </section>
      </div>

      <section aria-labelledby="shipments" className="mt-4 rounded-xl bg-white p-4 ring-1 ring-stone-200">
        <h2 id="shipments" className="font-semibold">
          {t("fulfil.part.shipments")}
        </h2>
        {part.shipments.length === 0 ? (
          <p className="mt-2 text-sm text-stone-600">{t("fulfil.part.noShipments")}</p>
        ) : (
          <ul className="mt-2 text-sm">
            {part.shipments.map((sh) => (
              <li key={sh.id} data-testid="shipment">
                {sh.carrier} · {sh.trackingNumber} ·{" "}
                {t("fulfil.part.shippedAt", { time: formatShanghaiDateTime(sh.shippedAt) })}
                {sh.deliveredAt &&
                  ` · ${t("fulfil.part.delivered", { time: formatShanghaiDateTime(sh.deliveredAt) })}`}
              </li>
            ))}
          </ul>
        )}
        {part.canShip && (
          <Form
            method="post"
            className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-3 sm:items-end"
            aria-label={t("fulfil.ship.title")}
          >
            <input type="hidden" name="intent" value="ship" />
            <FormField
              name="carrier"
              label={t("fulfil.ship.carrier")}
              required
              maxLength={MAX_CARRIER_LENGTH}
              hint={t("fulfil.ship.carrierHint")}
              error={shipErrors?.carrier ? t(shipErrors.carrier) : null}
            />
            <FormField
              name="trackingNumber"
              label={t("fulfil.ship.tracking")}
              required
              pattern={TRACKING_NUMBER_PATTERN}
              hint={t("fulfil.ship.trackingHint")}
              error={shipErrors?.trackingNumber ? t(shipErrors.trackingNumber) : null}
            />
            <button
              type="submit"
              className="rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700 sm:mb-6"
            >
              {t("fulfil.ship.submit")}
            </button>
          </Form>
        )}
        {part.canDeliver && (
          <Form method="post" className="mt-3">
            <input type="hidden" name="intent" value="deliver" />
            <button
              type="submit"
              className="rounded-lg border border-brand-600 px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50"
            >
              {t("fulfil.deliver.submit")}
            </button>
          </Form>
        )}
        {actionData?.form === "deliver" && actionData.error && (
          <p role="alert" className="mt-2 text-sm text-red-700">
            {t(actionData.error.key)}
          </p>
        )}
      </section>

      <section aria-labelledby="refunds" className="mt-4 rounded-xl bg-white p-4 ring-1 ring-stone-200">
        <h2 id="refunds" className="font-semibold">
          {t("fulfil.part.refunds")}
        </h2>
        {part.refunds.length === 0 ? (
          <p className="mt-2 text-sm text-stone-600">{t("fulfil.part.noRefunds")}</p>
        ) : (
          <ul className="mt-2 text-sm">
            {part.refunds.map((r) => (
              <li key={`${r.refundId}-${r.orderLineId}`} data-testid="refund">
                {formatShanghaiDateTime(r.createdAt)} · {r.productName} · {r.variantSpec} ·{" "}
                {formatFen(r.amountFen)}
                {r.quantity > 0 ? ` × ${r.quantity}` : ""}
                {r.reason ? ` · ${r.reason}` : ""}
              </li>
            ))}
          </ul>
        )}
        <RefundForm
          lines={part.lines}
          idempotencyKey={refundKey}
          error={actionData?.form === "refund" ? actionData.error : null}
          selectedLineId={actionData?.form === "refund" ? actionData.lineId : null}
        />
      </section>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
