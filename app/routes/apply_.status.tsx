// The applicant's own supplier applications: status, the officials' messages and reasons, and,
// when the town asked for more material, a form to send it (plain multipart form, no JavaScript).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SubmitButton } from "~/components/form-field";
import { formatShanghaiDateTime } from "~/lib/dates";
import { parseForm } from "~/lib/form";
import { addMessages, localized, type MessageKey } from "~/lib/i18n";
import { onboardingMessages } from "~/lib/messages/onboarding";
import { redirectWithToast } from "~/lib/toast.server";
import { MAX_DOCUMENT_BYTES } from "~/lib/uploads.server";
import { useLocale, useT } from "~/lib/use-locale";
import { requireUser } from "~/models/access/auth.server";
import { listOwnApplications, resubmitApplication } from "~/models/onboarding/applications.server";
import { MAX_DOCUMENTS, MAX_MESSAGE } from "~/models/onboarding/onboarding-rules";
import { titleMeta } from "~/lib/seo";

addMessages(onboardingMessages);

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "我的入驻申请", "My applications"),
  { name: "robots", content: "noindex" },
];

export const ResubmitForm = z.object({
  id: z.string().max(40),
  message: z.string().trim().max(MAX_MESSAGE).optional().default(""),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json({
    applications: await listOwnApplications({ caller: user }),
    isStaff: user.role === "supplier_staff",
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const read = await parseForm(request, ResubmitForm, {
    uploads: { maxBytes: MAX_DOCUMENT_BYTES, maxTotalBytes: MAX_DOCUMENT_BYTES * MAX_DOCUMENTS },
  });
  if (read.failure === "too_large") return json({ error: "document_too_large" }, { status: 413 });
  if (!read.ok || !read.form) return json({ error: "documents_required" }, { status: 400 });
  const documents = [];
  for (const file of read.form.getAll("documents")) {
    if (typeof file === "string") continue;
    documents.push({ bytes: new Uint8Array(await file.arrayBuffer()), originalName: file.name });
  }
  const result = await resubmitApplication({
    caller: user,
    id: read.data.id,
    documents,
    message: read.data.message,
  });
  if (!result.ok) return json({ error: result.code }, { status: result.code === "not_found" ? 404 : 400 });
  return redirectWithToast(request, "/apply/status", "onboarding.toast.resubmitted");
}

export default function ApplicationStatusPage() {
  const { applications, isStaff } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <main className="mx-auto max-w-3xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("onboarding.status.title")}</h1>
      {isStaff && (
        <p className="mt-2">
          <Link to="/supplier" className="font-semibold text-brand-700 underline">
            {t("onboarding.status.toPortal")}
          </Link>
        </p>
      )}
      {actionData?.error && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t(`onboarding.error.${actionData.error}` as MessageKey)}
        </p>
      )}
      {applications.length === 0 ? (
        <p className="mt-4 text-stone-600">
          {t("onboarding.status.none")}{" "}
          <Link to="/apply" className="text-brand-700 underline">
            {t("onboarding.apply.title")}
          </Link>
        </p>
      ) : (
        <ul className="mt-4 space-y-4">
          {applications.map((a) => (
            <li
              key={a.id}
              className="rounded-xl bg-white p-4 ring-1 ring-stone-200"
              data-testid="application"
            >
              <h2 className="text-lg font-semibold">{a.entityName}</h2>
              <p className="text-sm text-stone-600">
                {t(`onboarding.kind.${a.kind}`)} · {localized(locale, a.townName, a.townNameEn)}
              </p>
              <p className="mt-2">
                <span
                  className="rounded bg-stone-100 px-2 py-0.5 text-sm font-medium"
                  data-testid="application-status"
                >
                  {t(`onboarding.status.${a.status}`)}
                </span>
                {a.status === "public_notice" && (
                  <span className="ml-2 text-sm text-stone-600">
                    {t("onboarding.status.notice")} {a.noticeStartsOn} – {a.noticeEndsOn}
                  </span>
                )}
              </p>
              {a.rejectionReason && (
                <p className="mt-2 text-sm text-red-800">
                  {t("onboarding.status.reason")}：{a.rejectionReason}
                </p>
              )}
              <h3 className="mt-3 text-sm font-semibold">{t("onboarding.status.history")}</h3>
              <ol className="mt-1 space-y-1 text-sm">
                {a.history.map((h, i) => (
                  <li key={i}>
                    <span className="text-stone-500">{formatShanghaiDateTime(h.at)}</span>{" "}
                    {t(`onboarding.history.${h.action}` as MessageKey)}
                    {h.message ? `：${h.message}` : ""}
                  </li>
                ))}
              </ol>
              {a.status === "more_material" && (
                <Form
                  method="post"
                  encType="multipart/form-data"
                  className="mt-4 space-y-3 border-t border-stone-200 pt-3"
                >
                  <input type="hidden" name="id" value={a.id} />
                  <div>
                    <label htmlFor={`message-${a.id}`} className="block text-sm font-medium">
                      {t("onboarding.field.message")}
                    </label>
                    <textarea
                      id={`message-${a.id}`}
                      name="message"
                      rows={3}
                      maxLength={MAX_MESSAGE}
                      className="mt-1 w-full rounded-lg border border-stone-300 px-3 py-2"
                    />
                  </div>
                  <div>
                    <label htmlFor={`documents-${a.id}`} className="block text-sm font-medium">
                      {t("onboarding.field.documents")}
                    </label>
                    <input
                      id={`documents-${a.id}`}
                      name="documents"
                      type="file"
                      multiple
                      accept="application/pdf,image/jpeg,image/png,image/webp"
                      className="mt-1 block w-full text-sm"
                    />
                  </div>
                  <SubmitButton>{t("onboarding.status.resubmit")}</SubmitButton>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
