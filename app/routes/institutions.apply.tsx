// Public: an institution (budget unit, union, enterprise) applies to buy against a reserved share
// (预留份额). A visitor is asked to sign in or sign up and comes back; a signed-in customer fills in
// one plain form (works without JavaScript) and sees their applications with the computed share.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormField, SubmitButton } from "~/components/form-field";
import { parseForm } from "~/lib/form";
import { addMessages, localized, type MessageKey } from "~/lib/i18n";
import { governanceMessages } from "~/lib/messages/governance";
import { formatFen, parseYuan } from "~/lib/money";
import { redirectWithToast } from "~/lib/toast.server";
import { useLocale, useT } from "~/lib/use-locale";
import { getOptionalUser, requireUser } from "~/models/access/auth.server";
import {
  enrolmentPage,
  submitInstitutionApplication,
  type EnrolError,
} from "~/models/governance/enrolment.server";
import { CANTEEN_MODES, INSTITUTION_KINDS } from "~/models/governance/governance-rules";
import { titleMeta } from "~/lib/seo";

addMessages(governanceMessages);

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "单位入驻", "Institution enrolment"),
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  return json(await enrolmentPage({ caller: user }));
}

const field = z.string().trim().max(200).optional().default("");
const ApplicationForm = z.object({
  name: field,
  kind: z.enum(INSTITUTION_KINDS, { error: "invalid_kind" }),
  creditCode: field,
  regionId: z
    .string({ error: "invalid_region" })
    .regex(/^\d{1,9}$/, "invalid_region")
    .transform(Number),
  parentOrganisationId: field,
  canteen: z.enum(CANTEEN_MODES, { error: "invalid_canteen" }),
  operatorLogin: field,
  amount: field,
});

const FIELD_OF: Record<EnrolError, string> = {
  forbidden: "form",
  invalid_name: "name",
  invalid_kind: "kind",
  invalid_credit_code: "creditCode",
  invalid_region: "regionId",
  invalid_parent: "parentOrganisationId",
  invalid_canteen: "canteen",
  invalid_operator: "operatorLogin",
  invalid_amount: "amount",
  duplicate_credit_code: "creditCode",
  already_open: "form",
};

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await parseForm(request, ApplicationForm);
  const values = form.values ?? {};
  if (!form.ok)
    return json({ fieldErrors: form.fieldErrors as Record<string, string[]>, values }, { status: 400 });
  const amountFen = parseYuan(form.data.amount);
  if (amountFen === null)
    return json(
      { fieldErrors: { amount: ["invalid_amount"] } as Record<string, string[]>, values },
      { status: 400 },
    );
  const result = await submitInstitutionApplication({
    caller: user,
    input: { ...form.data, parentOrganisationId: form.data.parentOrganisationId || null, amountFen },
  });
  if (!result.ok)
    return json(
      { fieldErrors: { [FIELD_OF[result.code]]: [result.code] } as Record<string, string[]>, values },
      { status: result.code === "forbidden" ? 403 : 400 },
    );
  return redirectWithToast(request, "/institutions/apply", "governance.toast.applied");
}

const inputClass =
  "mt-1 w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base focus:outline-none focus:ring-2 focus:ring-brand-600 aria-[invalid]:border-red-600";

export default function InstitutionApplyPage() {
  const { state, regions, organisations, applications, ratioBp } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const values = (actionData?.values ?? {}) as Record<string, string>;
  const error = (name: string) => {
    const code = actionData?.fieldErrors?.[name]?.[0];
    return code ? t(`governance.error.${code}` as MessageKey) : null;
  };
  const select = (name: string, label: string, children: React.ReactNode, defaultValue: string) => (
    <div>
      <label htmlFor={name} className="block text-sm font-medium">
        {label}
      </label>
      <select
        id={name}
        name={name}
        defaultValue={defaultValue}
        className={inputClass}
        aria-invalid={error(name) ? true : undefined}
        aria-describedby={error(name) ? `${name}-error` : undefined}
      >
        {children}
      </select>
      {error(name) && (
        <p id={`${name}-error`} className="mt-1 text-sm text-red-700">
          {error(name)}
        </p>
      )}
    </div>
  );
  return (
    <main className="mx-auto max-w-2xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("governance.apply.title")}</h1>
      <p className="mt-2 text-stone-600">
        {t("governance.apply.intro", { ratio: (ratioBp / 100).toFixed(2) })}
      </p>
      {state === "visitor" && (
        <div className="mt-6 rounded-xl bg-white p-4 ring-1 ring-stone-200">
          <p>{t("governance.apply.signIn")}</p>
          <p className="mt-3 flex flex-wrap gap-4">
            <Link
              to="/login?redirectTo=%2Finstitutions%2Fapply"
              className="font-semibold text-brand-700 underline"
            >
              {t("governance.apply.login")}
            </Link>
            <Link
              to="/signup?redirectTo=%2Finstitutions%2Fapply"
              className="font-semibold text-brand-700 underline"
            >
              {t("governance.apply.signup")}
            </Link>
          </p>
        </div>
      )}
      {state === "not_customer" && (
        <p role="status" className="mt-6 rounded-lg bg-amber-50 p-3 text-amber-900 ring-1 ring-amber-200">
          {t("governance.apply.notCustomer")}
        </p>
      )}
      {applications.length > 0 && (
        <section className="mt-6">
          <h2 className="text-lg font-semibold">{t("governance.apply.mine")}</h2>
          <ul className="mt-2 space-y-2">
            {applications.map((a) => (
              <li
                key={a.id}
                className="rounded-xl bg-white p-3 ring-1 ring-stone-200"
                data-testid="institution-application"
              >
                <p className="font-medium">{a.name}</p>
                <p className="text-sm text-stone-600">
                  <span data-testid="institution-application-status">
                    {t(`governance.status.${a.status}`)}
                  </span>
                  {" · "}
                  {t("governance.col.share")}:{" "}
                  <span data-testid="institution-application-share">{formatFen(a.reservedShareFen)}</span>
                </p>
                {a.rejectionReason && <p className="text-sm text-red-700">{a.rejectionReason}</p>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {state === "form" && (
        <>
          {error("form") && (
            <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
              {error("form")}
            </p>
          )}
          <Form
            method="post"
            className="mt-4 space-y-4 rounded-xl bg-white p-4 ring-1 ring-stone-200"
            noValidate
          >
            <FormField
              name="name"
              label={t("governance.field.name")}
              error={error("name")}
              defaultValue={values.name}
              maxLength={100}
              required
            />
            {select(
              "kind",
              t("governance.field.kind"),
              INSTITUTION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`governance.kind.${k}`)}
                </option>
              )),
              values.kind ?? "budget_unit",
            )}
            <FormField
              name="creditCode"
              label={t("governance.field.creditCode")}
              error={error("creditCode")}
              defaultValue={values.creditCode}
              maxLength={30}
              autoComplete="off"
            />
            {select(
              "regionId",
              t("governance.field.region"),
              <>
                <option value="">—</option>
                {regions.map((r) => (
                  <option key={r.id} value={r.id}>
                    {localized(locale, r.name, r.nameEn)}
                  </option>
                ))}
              </>,
              values.regionId ?? "",
            )}
            {select(
              "parentOrganisationId",
              t("governance.field.parent"),
              <>
                <option value="">{t("governance.field.parent.none")}</option>
                {organisations.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </>,
              values.parentOrganisationId ?? "",
            )}
            <fieldset>
              <legend className="text-sm font-medium">{t("governance.field.canteen")}</legend>
              <div className="mt-1 grid gap-1 sm:grid-cols-2">
                {CANTEEN_MODES.map((m) => (
                  <label key={m} className="flex items-center gap-2">
                    <input
                      type="radio"
                      name="canteen"
                      value={m}
                      defaultChecked={(values.canteen ?? "own") === m}
                    />
                    {t(`governance.canteen.${m}`)}
                  </label>
                ))}
              </div>
              {error("canteen") && <p className="mt-1 text-sm text-red-700">{error("canteen")}</p>}
            </fieldset>
            <FormField
              name="operatorLogin"
              label={t("governance.field.operator")}
              hint={t("governance.field.operator.hint")}
              error={error("operatorLogin")}
              defaultValue={values.operatorLogin}
              maxLength={100}
              autoComplete="off"
            />
            <FormField
              name="amount"
              label={t("governance.field.amount")}
              hint={t("governance.field.amount.hint", { ratio: (ratioBp / 100).toFixed(2) })}
              error={error("amount")}
              defaultValue={values.amount}
              inputMode="decimal"
              maxLength={20}
              required
            />
            <SubmitButton>{t("governance.apply.submit")}</SubmitButton>
          </Form>
        </>
      )}
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
