// /terms: public, linked from the footer and the sign-up consent; the operator and the phone
// come from the settings (app/lib/legal.server.ts), the layout and meta from the LegalPage component.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { LegalPage, legalMeta } from "~/components/legal-page";
import { addMessages } from "~/lib/i18n";
import { legalPageData } from "~/lib/legal.server";
import { legalMessages } from "~/lib/messages/legal";

addMessages(legalMessages);

const SECTIONS = ["service", "account", "orders", "aftersales", "liability"] as const;

export const loader = async ({ request }: LoaderFunctionArgs) => json(legalPageData(request));

export const meta = legalMeta<typeof loader>("terms");

export default function TermsPage() {
  const { operator, phone } = useLoaderData<typeof loader>();
  return <LegalPage page="terms" sections={SECTIONS} operator={operator} phone={phone} />;
}

export const ErrorBoundary = GeneralErrorBoundary;
