// The refund form of one order part (supplier staff) or one order (admins): choose a line, give
// an amount in yuan and/or the quantity returned. Also the form's zod schema and the message of
// each refusal, so both screens parse and answer the same way. Plain form: works without JS.
import { Form } from "@remix-run/react";
import { z } from "zod";
import { FormField } from "~/components/form-field";
import type { MessageKey } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { useT } from "~/lib/use-locale";

export const RefundFormSchema = z.object({
  intent: z.literal("refund"),
  lineId: z.string().trim().min(1).max(64),
  amount: z.string().trim().max(16).optional().default(""),
  quantity: z
    .string()
    .trim()
    .regex(/^\d{0,5}$/)
    .optional()
    .default(""),
  reason: z.string().trim().max(200).optional().default(""),
  key: z.string().trim().max(64).optional(),
});

export type RefundFormError = { key: MessageKey; vars?: Record<string, string | number> };

/** The message of a refusal from `refundLine`, with what is left when that is the point. */
export function refundErrorMessage(r: {
  code: string;
  remainingFen?: number;
  remainingQuantity?: number;
}): RefundFormError {
  if (r.code === "exceeds_refundable")
    return { key: "fulfil.error.exceeds_refundable", vars: { amount: formatFen(r.remainingFen ?? 0) } };
  if (r.code === "exceeds_quantity")
    return { key: "fulfil.error.exceeds_quantity", vars: { count: r.remainingQuantity ?? 0 } };
  return { key: `fulfil.error.${r.code}` as MessageKey };
}

export type RefundableLine = {
  id: string;
  productName: string;
  variantSpec: string;
  unitPriceFen: number;
  quantity: number;
  lineTotalFen: number;
  refundedFen: number;
  refundedQuantity: number;
};

export function RefundForm({
  lines,
  idempotencyKey,
  error,
  selectedLineId,
}: {
  lines: RefundableLine[];
  idempotencyKey: string;
  error?: RefundFormError | null;
  selectedLineId?: string | null;
}) {
  const t = useT();
  const open = lines.filter((l) => l.lineTotalFen > l.refundedFen);
  if (open.length === 0) return <p className="mt-2 text-sm text-stone-600">{t("fulfil.refund.none")}</p>;
  const selected = open.find((l) => l.id === selectedLineId) ?? open[0];
  return (
    <Form
      method="post"
      className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-2"
      aria-label={t("fulfil.refund.title")}
    >
      <input type="hidden" name="intent" value="refund" />
      <input type="hidden" name="key" value={idempotencyKey} />
      <div className="sm:col-span-2">
        <label htmlFor="lineId" className="block text-sm font-medium">
          {t("fulfil.refund.line")}
        </label>
        <select
          id="lineId"
          name="lineId"
          defaultValue={selected.id}
          className="mt-1 w-full min-w-0 max-w-full rounded-lg border border-stone-300 px-3 py-2 text-base focus:outline-none focus:ring-2 focus:ring-brand-600"
        >
          {open.map((l) => (
            <option key={l.id} value={l.id}>
              {l.productName} · {l.variantSpec} × {l.quantity} — {t("fulfil.col.refundable")}{" "}
              {formatFen(l.lineTotalFen - l.refundedFen)}
            </option>
          ))}
        </select>
      </div>
      <FormField
        name="amount"
        label={t("fulfil.refund.amount")}
        inputMode="decimal"
        pattern="\d{1,9}(\.\d{1,2})?"
        hint={t("fulfil.refund.amountHint", {
          amount: formatFen(selected.lineTotalFen - selected.refundedFen),
        })}
        error={error ? t(error.key, error.vars) : null}
      />
      <FormField
        name="quantity"
        label={t("fulfil.refund.quantity")}
        type="number"
        min={0}
        max={selected.quantity - selected.refundedQuantity}
        hint={t("fulfil.refund.quantityHint", { count: selected.quantity - selected.refundedQuantity })}
      />
      <FormField
        name="reason"
        label={t("fulfil.refund.reason")}
        maxLength={200}
        wrapperClassName="sm:col-span-2"
      />
      <div className="sm:col-span-2">
        <button
          type="submit"
          className="rounded-lg bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800 focus:outline-none focus:ring-2 focus:ring-red-800 focus:ring-offset-2"
        >
          {t("fulfil.refund.submit")}
        </button>
      </div>
    </Form>
  );
}
