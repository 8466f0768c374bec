import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormField, SubmitButton } from "~/components/form-field";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { startUserSession } from "~/models/access/auth.server";
import { parseForm } from "~/lib/form";
import { signupForm } from "~/models/ordering/storefront-forms.server";
import type { MessageKey } from "~/lib/i18n";
import { safeRedirect } from "~/lib/safe-redirect";
import { getUserId } from "~/lib/session.server";
import { useT } from "~/lib/use-locale";
import {
  LEGAL_VERSION,
  MAX_DISPLAY_NAME_LENGTH,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
} from "~/models/access/account-rules";
import { signUp, type SignUpError } from "~/models/access/users.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "注册", "Sign up"),
  { name: "robots", content: "noindex" },
];

// Error codes, translated on the page: "required", "mobile", "email", "tooLong", "passwordTooShort",
// "passwordMismatch", "mobileTaken", "emailTaken", "consent".
type FieldName = "mobile" | "displayName" | "email" | "password" | "confirmPassword" | "consent";
type ActionData = {
  fieldErrors: Partial<Record<FieldName, string[]>>;
  values: Partial<Record<"mobile" | "displayName" | "email" | "consent", string>>;
};

const FROM_MODEL: Record<SignUpError, [FieldName, string]> = {
  invalid_mobile: ["mobile", "mobile"],
  invalid_email: ["email", "email"],
  invalid_display_name: ["displayName", "required"],
  password_too_short: ["password", "passwordTooShort"],
  password_too_long: ["password", "tooLong"],
  mobile_taken: ["mobile", "mobileTaken"],
  email_taken: ["email", "emailTaken"],
};

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = new URL(request.url).searchParams.get("redirectTo");
  if (await getUserId(request)) throw redirect(safeRedirect(redirectTo, "/account"));
  return json({ redirectTo: redirectTo ? safeRedirect(redirectTo) : "" });
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await parseForm(request, signupForm());
  // What was typed goes back to the page so nothing is lost without JavaScript (never passwords).
  const values: ActionData["values"] = {};
  for (const key of ["mobile", "displayName", "email", "consent"] as const)
    values[key] = (form.values[key] ?? "").slice(0, 254);

  if (!form.ok) {
    const fieldErrors: ActionData["fieldErrors"] = {};
    for (const field of [
      "mobile",
      "displayName",
      "email",
      "password",
      "confirmPassword",
      "consent",
    ] as const) {
      const code = form.fieldErrors[field]?.[0];
      if (code) fieldErrors[field] = [code];
    }
    return json<ActionData>({ fieldErrors, values }, { status: 400 });
  }
  const { mobile, displayName, email, password, redirectTo } = form.data;
  // The form refuses an unticked box (signupForm), so reaching here means consent to this version.
  const result = await signUp({
    mobile,
    displayName,
    password,
    email: email || undefined,
    acceptedTerms: LEGAL_VERSION,
  });
  if (!result.ok) {
    const [field, code] = FROM_MODEL[result.code];
    return json<ActionData>(
      { fieldErrors: { [field]: [code] }, values },
      { status: result.code.endsWith("_taken") ? 409 : 400 },
    );
  }
  return startUserSession({
    request,
    userId: result.userId,
    redirectTo: safeRedirect(redirectTo, "/account"),
    toast: "auth.toast.signedUp",
  });
}

const FIELDS: {
  name: FieldName;
  label: MessageKey;
  type: string;
  autoComplete: string;
  inputMode?: "tel" | "email";
  required: boolean;
  hint?: boolean;
}[] = [
  {
    name: "mobile",
    label: "signup.mobile",
    type: "tel",
    autoComplete: "tel",
    inputMode: "tel",
    required: true,
  },
  {
    name: "displayName",
    label: "signup.displayName",
    type: "text",
    autoComplete: "nickname",
    required: true,
  },
  {
    name: "email",
    label: "signup.email",
    type: "email",
    autoComplete: "email",
    inputMode: "email",
    required: false,
  },
  {
    name: "password",
    label: "signup.password",
    type: "password",
    autoComplete: "new-password",
    required: true,
    hint: true,
  },
  {
    name: "confirmPassword",
    label: "signup.confirmPassword",
    type: "password",
    autoComplete: "new-password",
    required: true,
  },
];

/** The consent box: unticked by default (consent must be given, not presumed), both documents linked. */
function ConsentField({ error, checked }: { error: string | null; checked: boolean }) {
  const t = useT();
  const link = "font-medium text-brand-700 underline focus:outline-none focus:ring-2 focus:ring-brand-600";
  return (
    <div>
      <p className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          id="consent"
          name="consent"
          value="1"
          defaultChecked={checked}
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "consent-error" : undefined}
          className="mt-0.5 h-4 w-4 flex-none accent-brand-600"
        />
        <label htmlFor="consent">
          {t("signup.consentBefore")}
          <Link to="/terms" target="_blank" className={link}>
            {t("signup.consentTerms")}
          </Link>
          {t("signup.consentAnd")}
          <Link to="/privacy" target="_blank" className={link}>
            {t("signup.consentPrivacy")}
          </Link>
        </label>
      </p>
      {error && (
        <p id="consent-error" className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

export default function SignupPage() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const t = useT();
  const errorText = (field: FieldName, label: string): string | null => {
    const code = actionData?.fieldErrors[field]?.[0];
    switch (code) {
      case undefined:
        return null;
      case "mobile":
        return t("form.error.mobile");
      case "email":
        return t("form.error.email");
      case "tooLong":
        return t("form.error.tooLong", {
          field: label,
          max: field === "displayName" ? MAX_DISPLAY_NAME_LENGTH : MAX_PASSWORD_LENGTH,
        });
      case "passwordTooShort":
        return t("form.error.passwordTooShort", { min: MIN_PASSWORD_LENGTH });
      case "passwordMismatch":
        return t("form.error.passwordMismatch");
      case "mobileTaken":
        return t("form.error.mobileTaken");
      case "emailTaken":
        return t("form.error.emailTaken");
      case "consent":
        return t("form.error.consent");
      default:
        return t("form.error.required", { field: label });
    }
  };
  const loginHref = redirectTo ? `/login?redirectTo=${encodeURIComponent(redirectTo)}` : "/login";
  return (
    <main className="mx-auto max-w-md px-4 py-8">
      <h1 className="text-2xl font-bold">{t("signup.title")}</h1>
      <Form method="post" className="mt-4 space-y-4 rounded-xl bg-white p-4 ring-1 ring-stone-200" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        {FIELDS.map((f) => {
          const label = t(f.label);
          const error = errorText(f.name, label);
          return (
            <FormField
              key={f.name}
              name={f.name}
              label={label}
              error={error}
              hint={f.hint ? t("signup.passwordHint", { min: MIN_PASSWORD_LENGTH }) : undefined}
              type={f.type}
              autoComplete={f.autoComplete}
              inputMode={f.inputMode}
              required={f.required}
              minLength={f.type === "password" ? MIN_PASSWORD_LENGTH : undefined}
              defaultValue={
                f.type === "password"
                  ? undefined
                  : (actionData?.values[f.name as "mobile" | "displayName" | "email"] ?? "")
              }
            />
          );
        })}
        <ConsentField error={errorText("consent", "")} checked={actionData?.values.consent === "1"} />
        <SubmitButton>{t("signup.submit")}</SubmitButton>
      </Form>
      <p className="mt-4 text-sm">
        {t("signup.haveAccount")}{" "}
        <Link
          to={loginHref}
          className="font-medium text-brand-700 hover:underline focus:outline-none focus:ring-2 focus:ring-brand-600"
        >
          {t("signup.toLogin")}
        </Link>
      </p>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
