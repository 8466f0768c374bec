// Officials: institutions' enrolment applications of their region (district: all; town: its own,
// read-only). The district (or an admin) approves — the organisation comes into being with the
// reserved share as its target — or rejects with a reason. Racing decisions: one outcome.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { parseForm } from "~/lib/form";
import type { MessageKey } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { redirectWithToast } from "~/lib/toast.server";
import { useT } from "~/lib/use-locale";
import { requireRole } from "~/models/access/auth.server";
import { OFFICIAL_PORTAL_ROLES } from "~/models/access/portal-access";
import {
  decideInstitutionApplication,
  listInstitutionApplications,
} from "~/models/governance/enrolment.server";
import { MAX_REASON } from "~/models/governance/governance-rules";
import { titleMeta } from "~/lib/seo";
import { refusalStatus } from "~/lib/refusal";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "单位入驻审核", "Institution applications"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, OFFICIAL_PORTAL_ROLES.institutions);
  const list = await listInstitutionApplications({ caller: user });
  return json(list ?? { canDecide: false, applications: [] });
}

const DecideForm = z.object({
  id: z.string().trim().max(64),
  intent: z.enum(["approve", "reject"]),
  reason: z.string().trim().max(MAX_REASON).optional().default(""),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, OFFICIAL_PORTAL_ROLES.institutions);
  const form = await parseForm(request, DecideForm);
  if (!form.ok) return json({ error: "not_found" }, { status: 400 });
  const result = await decideInstitutionApplication({
    caller: user,
    id: form.data.id,
    decision: form.data.intent,
    reason: form.data.reason,
  });
  if (!result.ok) {
    const status = refusalStatus(result.code, ["already_decided", "applicant_not_customer"]);
    return json({ error: result.code }, { status });
  }
  return redirectWithToast(
    request,
    "/official/institutions",
    form.data.intent === "approve" ? "governance.toast.approved" : "governance.toast.rejected",
  );
}

export default function InstitutionApplicationsPage() {
  const { canDecide, applications } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-2xl font-bold">{t("governance.review.title")}</h1>
        <Link to="/official/institutions/ranking" className="font-semibold text-brand-700 underline">
          {t("governance.ranking.title")}
        </Link>
      </div>
      {!canDecide && <p className="mt-2 text-stone-600">{t("governance.review.districtOnly")}</p>}
      {actionData?.error && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t(`governance.error.${actionData.error}` as MessageKey)}
        </p>
      )}
      <DataTable
        className="mt-4"
        tableClassName="min-w-[48rem]"
        testId="institution-applications"
        empty={t("governance.review.empty")}
        headers={[
          { label: t("governance.field.name") },
          { label: t("governance.field.kind") },
          { label: t("governance.field.region") },
          { label: t("governance.field.parent") },
          { label: t("governance.field.canteen") },
          { label: t("governance.col.share"), numeric: true },
          { label: t("governance.col.status") },
          ...(canDecide ? [{ label: t("governance.col.decide") }] : []),
        ]}
      >
        {applications.map((a) => (
          <tr key={a.id} data-testid={`institution-${a.creditCode}`}>
            <td className="px-3 py-2">
              <span className="font-medium">{a.name}</span>
              <span className="block text-xs text-stone-500">{a.creditCode}</span>
            </td>
            <td className="px-3 py-2">{t(`governance.kind.${a.kind}`)}</td>
            <td className="px-3 py-2">{a.regionName}</td>
            <td className="px-3 py-2">{a.parentName ?? "—"}</td>
            <td className="px-3 py-2">
              {t(`governance.canteen.${a.canteen}`)}
              {a.canteenBudgetFen !== null && (
                <span className="block text-xs text-stone-500">
                  {t("governance.col.budget")} {formatFen(a.canteenBudgetFen)} ×{" "}
                  {((a.ratioBp ?? 0) / 100).toFixed(2)}%
                </span>
              )}
            </td>
            <td className="px-3 py-2 text-right tabular-nums" data-testid="application-share">
              {formatFen(a.reservedShareFen)}
            </td>
            <td className="px-3 py-2">
              {t(`governance.status.${a.status}`)}
              {a.rejectionReason && <span className="block text-xs text-stone-500">{a.rejectionReason}</span>}
            </td>
            {canDecide && (
              <td className="px-3 py-2">
                {a.status === "submitted" && (
                  <div className="flex flex-col gap-2">
                    <Form method="post">
                      <input type="hidden" name="id" value={a.id} />
                      <button
                        type="submit"
                        name="intent"
                        value="approve"
                        className="rounded bg-brand-600 px-3 py-1 font-semibold text-white hover:bg-brand-700"
                      >
                        {t("governance.review.approve")}
                      </button>
                    </Form>
                    <Form method="post" className="flex gap-1">
                      <input type="hidden" name="id" value={a.id} />
                      <label htmlFor={`reason-${a.id}`} className="sr-only">
                        {t("governance.review.reason")}
                      </label>
                      <input
                        id={`reason-${a.id}`}
                        name="reason"
                        maxLength={MAX_REASON}
                        placeholder={t("governance.review.reason")}
                        className="w-32 rounded border border-stone-300 px-2 py-1"
                      />
                      <button
                        type="submit"
                        name="intent"
                        value="reject"
                        className="rounded border border-stone-300 px-2 py-1 hover:bg-stone-50"
                      >
                        {t("governance.review.reject")}
                      </button>
                    </Form>
                  </div>
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
