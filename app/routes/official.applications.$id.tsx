// One supplier application for an official in scope: everything the applicant gave (a household's
// ID number masked), the documents, the history, and the decision forms this official may use.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatShanghaiDateTime } from "~/lib/dates";
import { parseForm } from "~/lib/form";
import { localized, type MessageKey } from "~/lib/i18n";
import { redirectWithToast } from "~/lib/toast.server";
import { useLocale, useT } from "~/lib/use-locale";
import { requireRole } from "~/models/access/auth.server";
import { OFFICIAL_PORTAL_ROLES } from "~/models/access/portal-access";
import {
  decideApplication,
  getApplicationForReview,
  type Decision,
} from "~/models/onboarding/applications.server";
import { MAX_MESSAGE } from "~/models/onboarding/onboarding-rules";
import { titleMeta } from "~/lib/seo";
import { refusalStatus } from "~/lib/refusal";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "入驻申请", "Supplier application"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, OFFICIAL_PORTAL_ROLES.applications);
  const application = await getApplicationForReview({ caller: user, id: params.id ?? "" });
  if (!application) throw new Response("Not found", { status: 404 });
  return json({ application });
}

const DecisionForm = z.object({
  intent: z.enum(["request_material", "recommend", "reject", "approve"]),
  message: z.string().trim().max(MAX_MESSAGE).optional().default(""),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, OFFICIAL_PORTAL_ROLES.applications);
  const form = await parseForm(request, DecisionForm);
  if (!form.ok) return json({ error: "reason_required" }, { status: 400 });
  const { intent, message } = form.data;
  const decision: Decision =
    intent === "reject"
      ? { kind: "reject", reason: message }
      : intent === "request_material"
        ? { kind: "request_material", message }
        : intent === "recommend"
          ? { kind: "recommend", message }
          : { kind: "approve" };
  const result = await decideApplication({ caller: user, id: params.id ?? "", decision });
  if (!result.ok) {
    return json({ error: result.code }, { status: refusalStatus(result.code, ["already_decided"]) });
  }
  return redirectWithToast(request, `/official/applications/${params.id}`, "onboarding.toast.decided");
}

export default function ApplicationPage() {
  const { application: a } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const row = (label: string, value: React.ReactNode) => (
    <div className="grid grid-cols-1 gap-1 py-2 sm:grid-cols-3">
      <dt className="text-sm text-stone-500">{label}</dt>
      <dd className="sm:col-span-2">{value}</dd>
    </div>
  );
  return (
    <main className="mx-auto max-w-3xl px-4 py-6">
      <p className="text-sm">
        <Link to="/official/applications" className="text-brand-700 underline">
          {t("onboarding.review.title")}
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{a.entityName}</h1>
      <p className="mt-1">
        <span
          className="rounded bg-stone-100 px-2 py-0.5 text-sm font-medium"
          data-testid="application-status"
        >
          {t(`onboarding.status.${a.status}`)}
        </span>
        {a.status === "public_notice" && (
          <span className="ml-2 text-sm text-stone-600">
            {a.noticeStartsOn} – {a.noticeEndsOn}
          </span>
        )}
      </p>
      {actionData?.error && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t(`onboarding.error.${actionData.error}` as MessageKey)}
        </p>
      )}
      <dl className="mt-4 divide-y divide-stone-200 rounded-xl bg-white px-4 ring-1 ring-stone-200">
        {row(t("onboarding.field.kind"), t(`onboarding.kind.${a.kind}`))}
        {a.creditCode &&
          row(t("onboarding.field.creditCode"), <span className="font-mono">{a.creditCode}</span>)}
        {a.idCardMasked &&
          row(t("onboarding.field.idCard"), <span className="font-mono">{a.idCardMasked}</span>)}
        {row(t("onboarding.field.legalRepresentative"), a.legalRepresentative)}
        {row(t("onboarding.field.contactMobile"), a.contactMobile)}
        {row(t("onboarding.col.applicant"), a.applicantName)}
        {row(
          t("onboarding.field.village"),
          `${localized(locale, a.townName, a.townNameEn)} · ${a.villageName}`,
        )}
        {row(
          t("onboarding.field.partyBranchLed"),
          a.partyBranchLed ? t("onboarding.yes") : t("onboarding.no"),
        )}
        {row(t("onboarding.review.bank"), `${a.bankName} · ${a.bankAccountName} · ${a.bankAccountNo}`)}
        {row(t("onboarding.field.linkagePlan"), <span className="whitespace-pre-wrap">{a.linkagePlan}</span>)}
        {row(
          t("onboarding.review.documents"),
          <ul>
            {a.documents.map((d, i) => (
              <li key={i}>
                <a
                  href={`/official/applications/${a.id}/documents/${i}`}
                  className="text-brand-700 underline"
                  target="_blank"
                  rel="noreferrer"
                >
                  {d.name}
                </a>
              </li>
            ))}
          </ul>,
        )}
      </dl>
      <h2 className="mt-6 text-lg font-semibold">{t("onboarding.status.history")}</h2>
      <ol className="mt-2 space-y-1 text-sm">
        {a.history.map((h, i) => (
          <li key={i}>
            <span className="text-stone-500">{formatShanghaiDateTime(h.at)}</span>{" "}
            {t(`onboarding.history.${h.action}` as MessageKey)}
            {h.message ? `：${h.message}` : ""}
          </li>
        ))}
      </ol>
      <h2 className="mt-6 text-lg font-semibold">{t("onboarding.review.decide")}</h2>
      {a.allowed.length === 0 ? (
        <p className="mt-2 text-stone-600">{t("onboarding.review.noDecision")}</p>
      ) : (
        <div className="mt-2 space-y-3">
          {a.allowed.map((kind) => (
            <Form key={kind} method="post" className="rounded-xl bg-white p-4 ring-1 ring-stone-200">
              <input type="hidden" name="intent" value={kind} />
              {kind !== "approve" && (
                <div>
                  <label htmlFor={`message-${kind}`} className="block text-sm font-medium">
                    {kind === "reject" ? t("onboarding.field.reason") : t("onboarding.field.message")}
                  </label>
                  <textarea
                    id={`message-${kind}`}
                    name="message"
                    rows={2}
                    maxLength={MAX_MESSAGE}
                    required={kind !== "recommend"}
                    className="mt-1 w-full rounded-lg border border-stone-300 px-3 py-2"
                  />
                </div>
              )}
              <button
                type="submit"
                className={`mt-2 rounded-lg px-4 py-2 font-semibold text-white ${kind === "reject" ? "bg-red-700 hover:bg-red-800" : "bg-brand-600 hover:bg-brand-700"}`}
              >
                {t(`onboarding.decision.${kind}`)}
              </button>
            </Form>
          ))}
        </div>
      )}
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
