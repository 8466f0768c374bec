// Officials: price and quality reports about suppliers of their region (no reporter's identity);
// the district (or an admin) dismisses one, or warns or suspends its supplier — each report once.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatShanghaiDateTime } from "~/lib/dates";
import { parseForm } from "~/lib/form";
import type { MessageKey } from "~/lib/i18n";
import { redirectWithToast } from "~/lib/toast.server";
import { useT } from "~/lib/use-locale";
import { requireRole } from "~/models/access/auth.server";
import { OFFICIAL_PORTAL_ROLES } from "~/models/access/portal-access";
import { MAX_REPORT_TEXT, REPORT_ACTIONS } from "~/models/governance/governance-rules";
import { decideProductReport, listProductReportsPage } from "~/models/governance/prices.server";
import { titleMeta } from "~/lib/seo";
import { refusalStatus } from "~/lib/refusal";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "价格与质量举报", "Price and quality reports"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, OFFICIAL_PORTAL_ROLES.reports);
  return json(await listProductReportsPage({ caller: user }));
}

const DecideForm = z.object({
  id: z.string().trim().max(64),
  intent: z.enum(REPORT_ACTIONS),
  note: z.string().trim().max(MAX_REPORT_TEXT).optional().default(""),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, OFFICIAL_PORTAL_ROLES.reports);
  const form = await parseForm(request, DecideForm);
  if (!form.ok) return json({ error: "not_found" }, { status: 400 });
  const result = await decideProductReport({
    caller: user,
    id: form.data.id,
    action: form.data.intent,
    note: form.data.note,
  });
  if (!result.ok) {
    return json(
      { error: result.code },
      { status: refusalStatus(result.code, ["already_decided", "wrong_status"]) },
    );
  }
  return redirectWithToast(request, "/official/reports", "governance.toast.reportDecided");
}

export default function ProductReportsPage() {
  const { canDecide, reports } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("governance.reports.title")}</h1>
      {!canDecide && <p className="mt-2 text-stone-600">{t("governance.review.districtOnly")}</p>}
      {actionData?.error && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t(`governance.error.${actionData.error}` as MessageKey)}
        </p>
      )}
      <DataTable
        className="mt-4"
        tableClassName="min-w-[48rem]"
        testId="product-reports"
        empty={t("governance.reports.empty")}
        headers={[
          { label: t("governance.reports.when") },
          { label: t("governance.prices.product") },
          { label: t("governance.prices.supplier") },
          { label: t("governance.reports.kind") },
          { label: t("governance.reports.message") },
          { label: t("governance.col.status") },
          ...(canDecide ? [{ label: t("governance.col.decide") }] : []),
        ]}
      >
        {reports.map((r) => (
          <tr key={r.id}>
            <td className="px-3 py-2 text-sm">{formatShanghaiDateTime(r.createdAt)}</td>
            <td className="px-3 py-2">
              <Link to={`/products/${r.productSlug}`} className="text-brand-700 hover:underline">
                {r.productName}
              </Link>
            </td>
            <td className="px-3 py-2">{r.supplierName}</td>
            <td className="px-3 py-2">{t(`governance.reports.kind.${r.kind}`)}</td>
            <td className="px-3 py-2 text-sm">
              {r.message}
              {r.hasPhoto && (
                <a href={`/official/reports/${r.id}/photo`} className="ml-2 text-brand-700 underline">
                  {t("governance.reports.photo")}
                </a>
              )}
            </td>
            <td className="px-3 py-2">
              {t(`governance.reports.status.${r.status}`)}
              {r.decisionNote && <span className="block text-xs text-stone-500">{r.decisionNote}</span>}
            </td>
            {canDecide && (
              <td className="px-3 py-2">
                {r.status === "open" && (
                  <Form method="post" className="flex flex-col gap-1">
                    <input type="hidden" name="id" value={r.id} />
                    <label htmlFor={`note-${r.id}`} className="sr-only">
                      {t("governance.review.reason")}
                    </label>
                    <input
                      id={`note-${r.id}`}
                      name="note"
                      maxLength={MAX_REPORT_TEXT}
                      placeholder={t("governance.review.reason")}
                      className="rounded border border-stone-300 px-2 py-1"
                    />
                    <div className="flex flex-wrap gap-1">
                      {REPORT_ACTIONS.map((a) => (
                        <button
                          key={a}
                          type="submit"
                          name="intent"
                          value={a}
                          className="rounded border border-stone-300 px-2 py-1 text-sm hover:bg-stone-50"
                        >
                          {t(`governance.reports.action.${a}`)}
                        </button>
                      ))}
                    </div>
                  </Form>
                )}
              </td>
            )}
          </tr>
        ))}
      </DataTable>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
