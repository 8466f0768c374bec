// Supplier staff: record what they paid on to the beneficiaries of their own linkages (purchase
// receipts, wages, dividends, rebates) per linkage and month, and see each linkage's ledger income
// beside its payouts. Names are masked here; the rules live in app/models/impact/household-payouts.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { shanghaiDate } from "~/lib/dates";
import { parseForm } from "~/lib/form";
import type { MessageKey } from "~/lib/i18n";
import { invariantResponse } from "~/lib/invariant";
import { formatFen, parseYuan } from "~/lib/money";
import { redirectWithToast } from "~/lib/toast.server";
import { useLocale, useT } from "~/lib/use-locale";
import { requireRole } from "~/models/access/auth.server";
import {
  periodOf,
  recordHouseholdPayout,
  supplierPayoutsView,
} from "~/models/impact/household-payouts.server";
import { PAYOUT_KINDS, PAYOUT_METHODS } from "~/models/impact/payout-rules";
import { MECHANISM_LABELS } from "../../core/mechanisms";
import { titleMeta } from "~/lib/seo";
import { refusalStatus } from "~/lib/refusal";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "联农兑现", "Payouts to households"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const view = await supplierPayoutsView({ caller: user });
  invariantResponse(view, "Not found", { status: 404 });
  const now = new Date();
  return json({ ...view, today: shanghaiDate(now), month: periodOf(now) });
}

const PayoutForm = z.object({
  linkageId: z.string().max(64),
  period: z.string().max(10),
  kind: z.string().max(20),
  method: z.string().max(20),
  amount: z.string().max(20),
  paidOn: z.string().max(10),
  reference: z.string().max(80),
});

const CONFLICTS = ["not_payable", "reference_used"];

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const form = await parseForm(request, PayoutForm);
  if (!form.ok)
    return json({ error: "payouts.error.not_found" as MessageKey, values: form.values }, { status: 400 });
  const result = await recordHouseholdPayout({
    caller: user,
    ...form.data,
    amountFen: parseYuan(form.data.amount) ?? -1,
  });
  if (!result.ok)
    return json(
      { error: `payouts.error.${result.code}` as MessageKey, values: form.values },
      { status: refusalStatus(result.code, CONFLICTS) },
    );
  return redirectWithToast(request, "/supplier/payouts", "payouts.toast.recorded");
}

const input = "mt-1 block w-full rounded-lg border border-stone-300 px-2 py-1.5 text-sm";

export default function SupplierPayoutsPage() {
  const { linkages, payouts, today, month } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values = actionData?.values ?? {};
  const t = useT();
  const locale = useLocale();
  const num = "px-3 py-2 text-right tabular-nums";
  const label = (l: (typeof linkages)[number]) =>
    `${l.beneficiaryName} · ${l.villageName} · ${MECHANISM_LABELS[l.mechanism][locale]}`;
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("payouts.title")}</h1>
      <p className="mt-2 max-w-3xl text-sm text-stone-600">{t("payouts.intro")}</p>
      {actionData?.error && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t(actionData.error)}
        </p>
      )}
      {linkages.length === 0 ? (
        <p className="mt-4 text-stone-600">{t("payouts.none")}</p>
      ) : (
        <Form
          method="post"
          className="mt-4 grid gap-3 rounded-xl bg-white p-4 ring-1 ring-stone-200 sm:grid-cols-2 lg:grid-cols-4"
          data-testid="payout-form"
        >
          <h2 className="font-semibold sm:col-span-2 lg:col-span-4">{t("payouts.record")}</h2>
          <label className="text-sm sm:col-span-2">
            {t("payouts.field.linkage")}
            <select name="linkageId" required defaultValue={values.linkageId} className={input}>
              {linkages.map((l) => (
                <option key={l.id} value={l.id}>
                  {label(l)}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            {t("payouts.field.period")}
            <input
              type="month"
              name="period"
              required
              max={month}
              defaultValue={values.period ?? month}
              className={input}
            />
          </label>
          <label className="text-sm">
            {t("payouts.field.kind")}
            <select name="kind" required defaultValue={values.kind} className={input}>
              {PAYOUT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`payouts.kind.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            {t("payouts.field.amount")}
            <input
              name="amount"
              inputMode="decimal"
              required
              maxLength={20}
              defaultValue={values.amount}
              className={input}
            />
          </label>
          <label className="text-sm">
            {t("payouts.field.paidOn")}
            <input
              type="date"
              name="paidOn"
              required
              max={today}
              defaultValue={values.paidOn ?? today}
              className={input}
            />
          </label>
          <label className="text-sm">
            {t("payouts.field.method")}
            <select name="method" required defaultValue={values.method} className={input}>
              {PAYOUT_METHODS.map((m) => (
                <option key={m} value={m}>
                  {t(`payouts.method.${m}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            {t("payouts.field.reference")}
            <input
              name="reference"
              required
              maxLength={80}
              defaultValue={values.reference}
              className={input}
            />
          </label>
          <div className="flex items-end">
            <button
              type="submit"
              className="w-full rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700"
            >
              {t("payouts.submit")}
            </button>
          </div>
        </Form>
      )}

      <h2 className="mt-8 text-xl font-bold">{t("payouts.linkages")}</h2>
      <DataTable
        className="mt-3"
        tableClassName="min-w-[40rem]"
        testId="payout-linkages"
        headers={[
          { label: t("payouts.col.beneficiary") },
          { label: t("payouts.col.village") },
          { label: t("payouts.col.mechanism") },
          { label: t("payouts.col.attributed"), numeric: true },
          { label: t("payouts.col.paid"), numeric: true },
        ]}
        empty={t("payouts.none")}
      >
        {linkages.map((l) => (
          <tr key={l.id}>
            <th scope="row" className="px-3 py-2 text-left font-medium">
              {l.beneficiaryName}
            </th>
            <td className="px-3 py-2">{l.villageName}</td>
            <td className="px-3 py-2">{MECHANISM_LABELS[l.mechanism][locale]}</td>
            <td className={num}>{formatFen(l.attributedFen)}</td>
            <td className={num}>{formatFen(l.paidFen)}</td>
          </tr>
        ))}
      </DataTable>

      <h2 className="mt-8 text-xl font-bold">{t("payouts.recent")}</h2>
      <DataTable
        className="mt-3"
        tableClassName="min-w-[44rem]"
        testId="payouts"
        headers={[
          { label: t("payouts.field.paidOn") },
          { label: t("payouts.col.beneficiary") },
          { label: t("payouts.field.period") },
          { label: t("payouts.field.kind") },
          { label: t("payouts.field.method") },
          { label: t("payouts.field.reference") },
          { label: t("payouts.field.amount"), numeric: true },
        ]}
        empty={t("payouts.empty")}
      >
        {payouts.map((p) => (
          <tr key={p.id}>
            <td className="px-3 py-2 tabular-nums">{p.paidOn}</td>
            <td className="px-3 py-2">{p.beneficiaryName}</td>
            <td className="px-3 py-2 tabular-nums">{p.period}</td>
            <td className="px-3 py-2">{t(`payouts.kind.${p.kind}`)}</td>
            <td className="px-3 py-2">{t(`payouts.method.${p.method}`)}</td>
            <td className="px-3 py-2 font-mono text-xs">{p.reference}</td>
            <td className={num}>{formatFen(p.amountFen)}</td>
          </tr>
        ))}
      </DataTable>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
