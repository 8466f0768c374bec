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
import { formatShanghaiDateTime } from "~/lib/dates";
import { parseForm } from "~/lib/form";
import { loginForm } from "~/models/ordering/storefront-forms.server";
import { loginThrottled, recordLoginFailure } from "~/lib/login-throttle.server";
import type { MessageKey } from "~/lib/i18n";
import { safeRedirect } from "~/lib/safe-redirect";
import { getUserId } from "~/lib/session.server";
import { useT } from "~/lib/use-locale";
import { homePathFor } from "~/models/access/account-rules";
import { getUserById, verifyLogin } from "~/models/access/users.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "登录", "Log in"),
  { name: "robots", content: "noindex" },
];

type ActionData = {
  fieldErrors: Partial<Record<"login" | "password", string[]>>;
  formError: { key: MessageKey; vars?: Record<string, string> } | null;
  login: string;
};

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = new URL(request.url).searchParams.get("redirectTo");
  const userId = await getUserId(request);
  if (userId) {
    // Already signed in: where the login would have led (staff: their portal).
    const user = await getUserById(userId);
    throw redirect(safeRedirect(redirectTo, user ? homePathFor(user.role) : "/"));
  }
  // Only a safe path ever reaches the page (and the hidden field).
  return json({ redirectTo: redirectTo ? safeRedirect(redirectTo) : "" });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await parseForm(request, loginForm());
  // What was typed in the login field goes back to the page (never the password).
  const typed = (form.values.login ?? "").slice(0, 254);
  if (await loginThrottled(context.clientIp)) {
    return json<ActionData>(
      { fieldErrors: {}, formError: { key: "login.error.throttled" }, login: typed },
      { status: 429 },
    );
  }
  if (!form.ok) {
    const fieldErrors: ActionData["fieldErrors"] = {};
    if (form.fieldErrors.login?.includes("required")) fieldErrors.login = ["required"];
    if (form.fieldErrors.password?.includes("required")) fieldErrors.password = ["required"];
    // Absurdly long input cannot be a valid login: the same neutral message as a wrong password.
    const formError: ActionData["formError"] = Object.keys(fieldErrors).length
      ? null
      : { key: "login.error.invalid" };
    return json<ActionData>({ fieldErrors, formError, login: typed }, { status: 400 });
  }
  const result = await verifyLogin({ login: form.data.login, password: form.data.password });
  if (!result.ok) {
    await recordLoginFailure(context.clientIp);
    const formError: ActionData["formError"] =
      result.code === "locked"
        ? { key: "login.error.locked", vars: { time: formatShanghaiDateTime(result.lockedUntil) } }
        : { key: "login.error.invalid" };
    return json<ActionData>(
      { fieldErrors: {}, formError, login: typed },
      { status: result.code === "locked" ? 429 : 400 },
    );
  }
  // A page that asked for the login gets the user back; otherwise staff land on their portal.
  return startUserSession({
    request,
    userId: result.userId,
    redirectTo: safeRedirect(form.data.redirectTo, homePathFor(result.role)),
  });
}

export default function LoginPage() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const t = useT();
  const fieldError = (field: "login" | "password", label: MessageKey) =>
    actionData?.fieldErrors[field] ? t("form.error.required", { field: t(label) }) : null;
  const loginError = fieldError("login", "login.login");
  const passwordError = fieldError("password", "login.password");
  const signupHref = redirectTo ? `/signup?redirectTo=${encodeURIComponent(redirectTo)}` : "/signup";
  return (
    <main className="mx-auto max-w-md px-4 py-8">
      <h1 className="text-2xl font-bold">{t("login.title")}</h1>
      {actionData?.formError && (
        <p
          id="login-form-error"
          role="alert"
          className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200"
        >
          {t(actionData.formError.key, actionData.formError.vars)}
        </p>
      )}
      <Form method="post" className="mt-4 space-y-4 rounded-xl bg-white p-4 ring-1 ring-stone-200" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <FormField
          name="login"
          label={t("login.login")}
          error={loginError}
          type="text"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          defaultValue={actionData?.login ?? ""}
          aria-invalid={loginError || actionData?.formError ? true : undefined}
          aria-describedby={
            loginError ? "login-error" : actionData?.formError ? "login-form-error" : undefined
          }
        />
        <FormField
          name="password"
          label={t("login.password")}
          error={passwordError}
          type="password"
          autoComplete="current-password"
          required
        />
        <SubmitButton>{t("login.submit")}</SubmitButton>
      </Form>
      <p className="mt-4 text-sm">
        {t("login.noAccount")}{" "}
        <Link
          to={signupHref}
          className="font-medium text-brand-700 hover:underline focus:outline-none focus:ring-2 focus:ring-brand-600"
        >
          {t("login.toSignup")}
        </Link>
      </p>
      <p className="mt-2 text-sm">
        <Link
          to="/orders/lookup"
          className="text-brand-700 hover:underline focus:outline-none focus:ring-2 focus:ring-brand-600"
        >
          {t("login.guestLookup")}
        </Link>
      </p>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
