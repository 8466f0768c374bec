// An invitation link to join a supplier's staff. A visitor signs in or signs up first (and comes
// back); a signed-in person with the invited mobile or e-mail accepts with one plain form.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SubmitButton } from "~/components/form-field";
import { addMessages, localized, type MessageKey } from "~/lib/i18n";
import { onboardingMessages } from "~/lib/messages/onboarding";
import { redirectWithToast } from "~/lib/toast.server";
import { useLocale, useT } from "~/lib/use-locale";
import { getOptionalUser, requireUser } from "~/models/access/auth.server";
import { acceptInvitation, viewInvitation } from "~/models/onboarding/staff.server";
import { titleMeta } from "~/lib/seo";

addMessages(onboardingMessages);

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "加入供应商", "Join a supplier"),
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "no-referrer" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const invitation = await viewInvitation({ token: params.token ?? "" });
  const here = new URL(request.url).pathname;
  return json({ invitation, signedIn: Boolean(user), here });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const result = await acceptInvitation({ caller: user, token: params.token ?? "" });
  if (!result.ok)
    return json({ error: result.code }, { status: result.code === "wrong_account" ? 403 : 409 });
  return redirectWithToast(request, "/supplier", "onboarding.toast.joined");
}

export default function InvitationPage() {
  const { invitation, signedIn, here } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const back = encodeURIComponent(here);
  return (
    <main className="mx-auto max-w-xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("onboarding.invitation.title")}</h1>
      {!invitation.ok ? (
        <p role="alert" className="mt-4 rounded-lg bg-amber-50 p-3 text-amber-900 ring-1 ring-amber-200">
          {t(`onboarding.invitation.${invitation.code}` as MessageKey)}
        </p>
      ) : (
        <>
          <p className="mt-4">
            {t("onboarding.invitation.intro", {
              supplier: localized(locale, invitation.supplierName, invitation.supplierNameEn),
              role: t(`onboarding.staff.role.${invitation.role}`),
            })}
          </p>
          {actionData?.error && (
            <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
              {t(`onboarding.invitation.${actionData.error}` as MessageKey)}
            </p>
          )}
          {signedIn ? (
            <Form method="post" className="mt-4">
              <SubmitButton>{t("onboarding.invitation.accept")}</SubmitButton>
            </Form>
          ) : (
            <div className="mt-4">
              <p>{t("onboarding.invitation.signIn")}</p>
              <p className="mt-3 flex gap-4">
                <Link to={`/login?redirectTo=${back}`} className="font-semibold text-brand-700 underline">
                  {t("onboarding.apply.login")}
                </Link>
                <Link to={`/signup?redirectTo=${back}`} className="font-semibold text-brand-700 underline">
                  {t("onboarding.apply.signup")}
                </Link>
              </p>
            </div>
          )}
        </>
      )}
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
