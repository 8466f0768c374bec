// /terms: public, linked from the footer and the sign-up consent; the operator and the phone
// come from the settings.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { LegalPage } from "~/components/legal-page";
import { getEnv } from "~/lib/env.server";
import { addMessages, localeFromRequest, translate } from "~/lib/i18n";
import { legalMessages } from "~/lib/messages/legal";
import { metaLocale, requestOrigin, seoMeta, summarize } from "~/lib/seo";

addMessages(legalMessages);

const SECTIONS = ["service", "account", "orders", "aftersales", "liability"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const env = getEnv();
  const operator = localeFromRequest(request) === "en" ? env.OPERATOR_NAME_EN : env.OPERATOR_NAME;
  return json({ operator, phone: env.SERVICE_PHONE, origin: requestOrigin(request) });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = metaLocale(matches);
  return seoMeta({
    locale,
    title: translate(locale, "legal.terms.title"),
    description: summarize(translate(locale, "legal.terms.intro", { operator: data?.operator ?? "" }), 140),
    url: data ? `${data.origin}/terms` : undefined,
  });
};

export default function TermsPage() {
  const { operator, phone } = useLoaderData<typeof loader>();
  return <LegalPage page="terms" sections={SECTIONS} operator={operator} phone={phone} />;
}

export const ErrorBoundary = GeneralErrorBoundary;
