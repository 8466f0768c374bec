// Public: the supplier application (申请入驻). A visitor is asked to sign in or sign up (and comes
// back here); a signed-in customer fills in one plain multipart form, working without JavaScript.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormField, SubmitButton } from "~/components/form-field";
import { parseForm } from "~/lib/form";
import { addMessages, localized, type MessageKey } from "~/lib/i18n";
import { onboardingMessages } from "~/lib/messages/onboarding";
import { redirectWithToast } from "~/lib/toast.server";
import { MAX_DOCUMENT_BYTES } from "~/lib/uploads.server";
import { useLocale, useT } from "~/lib/use-locale";
import { getOptionalUser, requireUser } from "~/models/access/auth.server";
import {
  applicationRegions,
  listOwnApplications,
  submitApplication,
  type SubmitError,
} from "~/models/onboarding/applications.server";
import { MAX_DOCUMENTS, OPEN_STATUSES, SUPPLIER_KINDS } from "~/models/onboarding/onboarding-rules";
import { titleMeta } from "~/lib/seo";

addMessages(onboardingMessages);

export const meta: MetaFunction = ({ matches }) => [...titleMeta(matches, "申请入驻", "Apply to sell")];

const field = z.string().trim().max(2000).optional().default("");
export const ApplicationForm = z.object({
  entityName: field,
  kind: z.enum(SUPPLIER_KINDS, { error: "invalid_name" }),
  creditCode: field,
  idCard: field,
  legalRepresentative: field,
  contactMobile: field,
  villageId: z
    .string({ error: "invalid_village" })
    .regex(/^\d{1,9}$/, "invalid_village")
    .transform(Number),
  partyBranchLed: z.string().optional(),
  bankName: field,
  bankAccountName: field,
  bankAccountNo: field,
  linkagePlan: field,
});

const FIELD_OF: Record<SubmitError, string> = {
  forbidden: "form",
  invalid_name: "entityName",
  invalid_credit_code: "creditCode",
  invalid_id_card: "idCard",
  invalid_mobile: "contactMobile",
  invalid_village: "villageId",
  invalid_bank: "bankAccountNo",
  invalid_plan: "linkagePlan",
  duplicate_credit_code: "creditCode",
  already_open: "form",
  documents_required: "documents",
  too_many_documents: "documents",
  document_empty: "documents",
  document_too_large: "documents",
  document_unsupported_type: "documents",
  not_found: "form",
  already_decided: "form",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  if (!user) return json({ state: "visitor" as const, regions: [] });
  if (user.role !== "customer") return json({ state: "not_customer" as const, regions: [] });
  const own = await listOwnApplications({ caller: user });
  if (own.some((a) => (OPEN_STATUSES as readonly string[]).includes(a.status)))
    return json({ state: "open" as const, regions: [] });
  return json({ state: "form" as const, regions: await applicationRegions() });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const read = await parseForm(request, ApplicationForm, {
    uploads: { maxBytes: MAX_DOCUMENT_BYTES, maxTotalBytes: MAX_DOCUMENT_BYTES * MAX_DOCUMENTS },
  });
  if (read.failure === "too_large")
    return json(
      { fieldErrors: { documents: ["document_too_large"] } as Record<string, string[]>, values: {} },
      { status: 413 },
    );
  if (read.failure || !read.form)
    throw new Response("请求内容不是表单 · The request body is not a form", { status: 400 });
  // The ID number is not echoed back.
  const values = Object.fromEntries(Object.entries(read.values).filter(([k]) => k !== "idCard"));
  if (!read.ok) return json({ fieldErrors: read.fieldErrors, values }, { status: 400 });
  const documents = [];
  for (const file of read.form.getAll("documents")) {
    if (typeof file === "string") continue;
    documents.push({ bytes: new Uint8Array(await file.arrayBuffer()), originalName: file.name });
  }
  const { data } = read;
  const result = await submitApplication({
    caller: user,
    input: { ...data, partyBranchLed: data.partyBranchLed === "on" },
    documents,
  });
  if (!result.ok)
    return json(
      { fieldErrors: { [FIELD_OF[result.code]]: [result.code] } as Record<string, string[]>, values },
      { status: result.code === "forbidden" ? 403 : 400 },
    );
  return redirectWithToast(request, "/apply/status", "onboarding.toast.submitted");
}

const selectClass =
  "mt-1 w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base focus:outline-none focus:ring-2 focus:ring-brand-600 aria-[invalid]:border-red-600";

export default function ApplyPage() {
  const { state, regions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const values = (actionData?.values ?? {}) as Record<string, string>;
  const error = (name: string) => {
    const code = actionData?.fieldErrors?.[name]?.[0];
    return code ? t(`onboarding.error.${code}` as MessageKey) : null;
  };
  return (
    <main className="mx-auto max-w-2xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("onboarding.apply.title")}</h1>
      <p className="mt-2 text-stone-600">{t("onboarding.apply.intro")}</p>
      {state === "visitor" && (
        <div className="mt-6 rounded-xl bg-white p-4 ring-1 ring-stone-200">
          <p>{t("onboarding.apply.signIn")}</p>
          <p className="mt-3 flex flex-wrap gap-4">
            <Link to="/login?redirectTo=%2Fapply" className="font-semibold text-brand-700 underline">
              {t("onboarding.apply.login")}
            </Link>
            <Link to="/signup?redirectTo=%2Fapply" className="font-semibold text-brand-700 underline">
              {t("onboarding.apply.signup")}
            </Link>
          </p>
        </div>
      )}
      {state === "not_customer" && (
        <p role="status" className="mt-6 rounded-lg bg-amber-50 p-3 text-amber-900 ring-1 ring-amber-200">
          {t("onboarding.apply.notCustomer")}
        </p>
      )}
      {state === "open" && (
        <p role="status" className="mt-6 rounded-lg bg-amber-50 p-3 text-amber-900 ring-1 ring-amber-200">
          {t("onboarding.apply.hasOpen")}{" "}
          <Link to="/apply/status" className="font-semibold underline">
            {t("onboarding.apply.viewStatus")}
          </Link>
        </p>
      )}
      {state === "form" && (
        <>
          {error("form") && (
            <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
              {error("form")}{" "}
              <Link to="/apply/status" className="underline">
                {t("onboarding.apply.viewStatus")}
              </Link>
            </p>
          )}
          <Form
            method="post"
            encType="multipart/form-data"
            className="mt-4 space-y-4 rounded-xl bg-white p-4 ring-1 ring-stone-200"
            noValidate
          >
            <FormField
              name="entityName"
              label={t("onboarding.field.entityName")}
              error={error("entityName")}
              defaultValue={values.entityName}
              maxLength={100}
              required
            />
            <div>
              <label htmlFor="kind" className="block text-sm font-medium">
                {t("onboarding.field.kind")}
              </label>
              <select
                id="kind"
                name="kind"
                defaultValue={values.kind ?? "cooperative"}
                className={selectClass}
              >
                {SUPPLIER_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`onboarding.kind.${k}`)}
                  </option>
                ))}
              </select>
            </div>
            <FormField
              name="creditCode"
              label={t("onboarding.field.creditCode")}
              hint={t("onboarding.field.creditCode.hint")}
              error={error("creditCode")}
              defaultValue={values.creditCode}
              maxLength={30}
              autoComplete="off"
            />
            <FormField
              name="idCard"
              label={t("onboarding.field.idCard")}
              hint={t("onboarding.field.idCard.hint")}
              error={error("idCard")}
              maxLength={18}
              autoComplete="off"
            />
            <FormField
              name="legalRepresentative"
              label={t("onboarding.field.legalRepresentative")}
              defaultValue={values.legalRepresentative}
              maxLength={100}
              required
            />
            <FormField
              name="contactMobile"
              label={t("onboarding.field.contactMobile")}
              error={error("contactMobile")}
              defaultValue={values.contactMobile}
              inputMode="numeric"
              maxLength={11}
              required
            />
            <div>
              <label htmlFor="villageId" className="block text-sm font-medium">
                {t("onboarding.field.village")}
              </label>
              <select
                id="villageId"
                name="villageId"
                defaultValue={values.villageId ?? ""}
                className={selectClass}
                aria-invalid={error("villageId") ? true : undefined}
                aria-describedby={error("villageId") ? "villageId-error" : undefined}
              >
                <option value="">—</option>
                {regions.map((town) => (
                  <optgroup key={town.id} label={localized(locale, town.name, town.nameEn)}>
                    {town.villages.map((v) => (
                      <option key={v.id} value={v.id}>
                        {localized(locale, v.name, v.nameEn)}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
              {error("villageId") && (
                <p id="villageId-error" className="mt-1 text-sm text-red-700">
                  {error("villageId")}
                </p>
              )}
            </div>
            <label className="flex items-center gap-2">
              <input type="checkbox" name="partyBranchLed" defaultChecked={values.partyBranchLed === "on"} />
              {t("onboarding.field.partyBranchLed")}
            </label>
            <fieldset className="space-y-3">
              <legend className="text-sm font-semibold">{t("onboarding.review.bank")}</legend>
              <FormField
                name="bankName"
                label={t("onboarding.field.bankName")}
                defaultValue={values.bankName}
                maxLength={100}
              />
              <FormField
                name="bankAccountName"
                label={t("onboarding.field.bankAccountName")}
                defaultValue={values.bankAccountName}
                maxLength={100}
              />
              <FormField
                name="bankAccountNo"
                label={t("onboarding.field.bankAccountNo")}
                error={error("bankAccountNo")}
                defaultValue={values.bankAccountNo}
                inputMode="numeric"
                maxLength={40}
                autoComplete="off"
              />
            </fieldset>
            <div>
              <label htmlFor="documents" className="block text-sm font-medium">
                {t("onboarding.field.documents")}
              </label>
              <input
                id="documents"
                name="documents"
                type="file"
                multiple
                accept="application/pdf,image/jpeg,image/png,image/webp"
                className="mt-1 block w-full text-sm"
                aria-describedby="documents-hint"
              />
              <p id="documents-hint" className="mt-1 text-xs text-stone-500">
                {t("onboarding.field.documents.hint")}
              </p>
              {error("documents") && <p className="mt-1 text-sm text-red-700">{error("documents")}</p>}
            </div>
            <div>
              <label htmlFor="linkagePlan" className="block text-sm font-medium">
                {t("onboarding.field.linkagePlan")}
              </label>
              <textarea
                id="linkagePlan"
                name="linkagePlan"
                rows={4}
                maxLength={2000}
                defaultValue={values.linkagePlan}
                className={selectClass}
                aria-describedby="linkagePlan-hint"
              />
              <p id="linkagePlan-hint" className="mt-1 text-xs text-stone-500">
                {t("onboarding.field.linkagePlan.hint")}
              </p>
              {error("linkagePlan") && <p className="mt-1 text-sm text-red-700">{error("linkagePlan")}</p>}
            </div>
            {error("entityName") === null && error("legalRepresentative") && (
              <p className="text-sm text-red-700">{error("legalRepresentative")}</p>
            )}
            <SubmitButton>{t("onboarding.apply.submit")}</SubmitButton>
          </Form>
        </>
      )}
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
