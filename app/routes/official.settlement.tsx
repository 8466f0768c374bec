// Officials: settlement totals by town (settled, pending, payable) within their scope. Admins also
// see the batches and create a batch for a period, approve it and record each statement's payout
// (plain forms, POST → redirect). The rules live in app/models/settlement.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { shanghaiDate, shanghaiMonthBounds } from "~/lib/dates";
import { parseForm } from "~/lib/form";
import type { MessageKey } from "~/lib/i18n";
import { invariantResponse } from "~/lib/invariant";
import { formatFen, parseYuan } from "~/lib/money";
import { redirectWithToast } from "~/lib/toast.server";
import { useT } from "~/lib/use-locale";
import { requireRole } from "~/models/access/auth.server";
import {
  approveSettlementBatch,
  createSettlementBatch,
  listSettlementBatches,
  recordSettlementPayout,
  settlementTotalsByTown,
} from "~/models/settlement/settlement.server";
import { titleMeta } from "~/lib/seo";
import { refusalStatus } from "~/lib/refusal";

const ROLES = ["official", "admin"] as const;

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "结算", "Settlement"),
  { name: "robots", content: "noindex" },
];

/** Last month in Asia/Shanghai: the default period of a new batch. */
function lastMonth(now = new Date()) {
  const { from } = shanghaiMonthBounds(now);
  const previous = shanghaiMonthBounds(new Date(Date.parse(`${from}T00:00:00+08:00`) - 86_400_000));
  const end = new Date(Date.parse(`${previous.to}T00:00:00+08:00`) - 86_400_000);
  return { from: previous.from, to: shanghaiDate(end) };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ROLES);
  const towns = await settlementTotalsByTown({ caller: user });
  invariantResponse(towns, "Not found", { status: 404 });
  const batches = await listSettlementBatches({ caller: user });
  return json({ towns, batches, period: lastMonth(), today: shanghaiDate(new Date()) });
}

const SettlementForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), periodFrom: z.string().max(10), periodTo: z.string().max(10) }),
  z.object({ intent: z.literal("approve"), batchId: z.string().max(64) }),
  z.object({
    intent: z.literal("payout"),
    statementId: z.string().max(64),
    bankReference: z.string().max(80),
    paidOn: z.string().max(10),
    amount: z.string().max(20),
  }),
]);

const CONFLICTS = ["not_draft", "not_approved", "reference_used", "already_paid", "nothing_to_settle"];

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const form = await parseForm(request, SettlementForm);
  if (!form.ok) return json({ error: "settlement.error.not_found" as MessageKey, at: null }, { status: 400 });
  const data = form.data;
  const result =
    data.intent === "create"
      ? await createSettlementBatch({ caller: user, periodFrom: data.periodFrom, periodTo: data.periodTo })
      : data.intent === "approve"
        ? await approveSettlementBatch({ caller: user, batchId: data.batchId })
        : await recordSettlementPayout({
            caller: user,
            statementId: data.statementId,
            bankReference: data.bankReference,
            paidOn: data.paidOn,
            amountFen: parseYuan(data.amount) ?? -1,
          });
  const at =
    data.intent === "create" ? "create" : data.intent === "approve" ? data.batchId : data.statementId;
  if (!result.ok)
    return json(
      { error: `settlement.error.${result.code}` as MessageKey, at },
      { status: refusalStatus(result.code, CONFLICTS) },
    );
  const toast: MessageKey =
    data.intent === "create"
      ? "settlement.toast.created"
      : data.intent === "approve"
        ? "settlement.toast.approved"
        : "settlement.toast.paid";
  return redirectWithToast(request, "/official/settlement", toast);
}

const input = "mt-1 block w-full rounded-lg border border-stone-300 px-2 py-1.5 text-sm";
const button = "rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700";

export default function OfficialSettlementPage() {
  const { towns, batches, period, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const num = "px-3 py-2 text-right tabular-nums";
  const errorAt = (at: string) =>
    actionData?.error && actionData.at === at ? (
      <p role="alert" className="mt-2 text-sm text-red-700">
        {t(actionData.error)}
      </p>
    ) : null;
  const sum = (key: "settledFen" | "pendingFen" | "payableFen") => towns.reduce((a, r) => a + r[key], 0);
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("settlement.byTown")}</h1>
      {actionData?.error && actionData.at === null && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t(actionData.error)}
        </p>
      )}
      <DataTable
        className="mt-4"
        testId="settlement-towns"
        headers={[
          { label: t("settlement.col.town") },
          { label: t("settlement.settled"), numeric: true },
          { label: t("settlement.pending"), numeric: true },
          { label: t("settlement.col.payable"), numeric: true },
        ]}
        empty={t("settlement.byTown.empty")}
        footer={
          towns.length > 0 && (
            <tr className="font-semibold">
              <th scope="row" className="px-3 py-2 text-left">
                Σ
              </th>
              <td className={num}>{formatFen(sum("settledFen"))}</td>
              <td className={num}>{formatFen(sum("pendingFen"))}</td>
              <td className={num}>{formatFen(sum("payableFen"))}</td>
            </tr>
          )
        }
      >
        {towns.map((r) => (
          <tr key={r.townId}>
            <th scope="row" className="px-3 py-2 text-left font-medium">
              {r.townName}
            </th>
            <td className={num}>{formatFen(r.settledFen)}</td>
            <td className={num}>{formatFen(r.pendingFen)}</td>
            <td className={num}>{formatFen(r.payableFen)}</td>
          </tr>
        ))}
      </DataTable>

      {batches && (
        <section className="mt-8" aria-labelledby="batches-heading">
          <h2 id="batches-heading" className="text-xl font-bold">
            {t("settlement.batches")}
          </h2>
          <Form
            method="post"
            className="mt-3 rounded-xl bg-white p-4 ring-1 ring-stone-200"
            data-testid="create-batch"
          >
            <h3 className="font-semibold">{t("settlement.create")}</h3>
            <p className="text-sm text-stone-600">{t("settlement.create.intro")}</p>
            <input type="hidden" name="intent" value="create" />
            <div className="mt-2 flex flex-wrap items-end gap-3">
              <label className="text-sm">
                {t("settlement.periodFrom")}
                <input type="date" name="periodFrom" defaultValue={period.from} required className={input} />
              </label>
              <label className="text-sm">
                {t("settlement.periodTo")}
                <input type="date" name="periodTo" defaultValue={period.to} required className={input} />
              </label>
              <button type="submit" className={button}>
                {t("settlement.create.submit")}
              </button>
            </div>
            {errorAt("create")}
          </Form>
          {batches.length === 0 && (
            <p className="mt-3 text-sm text-stone-600">{t("settlement.batches.empty")}</p>
          )}
          {batches.map((b) => (
            <article key={b.id} className="mt-4" data-testid="batch">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h3 className="font-semibold">
                  {t("settlement.batch", {
                    from: b.periodFrom,
                    to: b.periodTo,
                    fee: `${(b.feeBp / 100).toFixed(2)}%`,
                  })}{" "}
                  · <span data-testid="batch-status">{t(`settlement.batch.${b.status}`)}</span>
                </h3>
                {b.status === "draft" && (
                  <Form method="post">
                    <input type="hidden" name="intent" value="approve" />
                    <input type="hidden" name="batchId" value={b.id} />
                    <button type="submit" className={button}>
                      {t("settlement.approve")}
                    </button>
                  </Form>
                )}
              </div>
              {errorAt(b.id)}
              <DataTable
                className="mt-2"
                tableClassName="min-w-[48rem]"
                headers={[
                  { label: t("settlement.col.supplier") },
                  { label: t("settlement.col.goods"), numeric: true },
                  { label: t("settlement.col.refunds"), numeric: true },
                  { label: t("settlement.col.shipping"), numeric: true },
                  { label: t("settlement.col.fee"), numeric: true },
                  { label: t("settlement.col.payable"), numeric: true },
                  { label: t("settlement.col.payout") },
                ]}
              >
                {b.statements.map((st) => (
                  <tr key={st.id} className="align-top" data-testid="batch-statement">
                    <th scope="row" className="px-3 py-2 text-left font-medium">
                      {st.supplierName}
                    </th>
                    <td className={num}>{formatFen(st.goodsFen)}</td>
                    <td className={num}>{formatFen(st.refundsFen)}</td>
                    <td className={num}>{formatFen(st.shippingFen)}</td>
                    <td className={num}>{formatFen(st.feeFen)}</td>
                    <td className={`${num} font-semibold`}>{formatFen(st.payableFen)}</td>
                    <td className="px-3 py-2 text-xs">
                      {st.payout ? (
                        `${st.payout.paidOn} · ${st.payout.bankReference}`
                      ) : st.status === "settled" ? (
                        t("settlement.settled")
                      ) : b.status === "approved" ? (
                        <Form method="post" className="grid gap-1">
                          <input type="hidden" name="intent" value="payout" />
                          <input type="hidden" name="statementId" value={st.id} />
                          <label>
                            {t("settlement.bankReference")}
                            <input name="bankReference" required maxLength={80} className={input} />
                          </label>
                          <label>
                            {t("settlement.paidOn")}
                            <input
                              type="date"
                              name="paidOn"
                              defaultValue={today}
                              max={today}
                              required
                              className={input}
                            />
                          </label>
                          <label>
                            {t("settlement.amount")}
                            <input
                              name="amount"
                              inputMode="decimal"
                              defaultValue={(st.payableFen / 100).toFixed(2)}
                              required
                              className={input}
                            />
                          </label>
                          <button type="submit" className={button}>
                            {t("settlement.recordPayout")}
                          </button>
                          {errorAt(st.id)}
                        </Form>
                      ) : (
                        t("settlement.pending")
                      )}
                    </td>
                  </tr>
                ))}
              </DataTable>
            </article>
          ))}
        </section>
      )}
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
