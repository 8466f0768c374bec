// Layout of the officials' portal (officials of the district or a town, and admins). Each child
// still guards and scopes itself: a loader must never rely on its parent.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PortalNav, type PortalSection } from "~/components/portal-nav";
import { requireRole } from "~/models/access/auth.server";
import { addMessages } from "~/lib/i18n";
import { PORTAL_CATALOGS } from "~/lib/messages/areas";
import { mayOpenOfficialSection, type OfficialPortalSection } from "~/models/access/portal-access";

// The portal pages below this layout show the portals' messages (app/lib/i18n.ts).
addMessages(...PORTAL_CATALOGS);

const SECTIONS: (PortalSection & { section: OfficialPortalSection })[] = [
  { to: "/official", label: "portal.official.statistics", end: true, section: "statistics" },
  { to: "/official/households", label: "portal.official.registry", section: "households" },
  { to: "/official/linkages", label: "portal.official.linkages", section: "linkages" },
  { to: "/official/certifications", label: "portal.official.certifications", section: "certifications" },
  { to: "/official/organisations", label: "portal.official.organisations", section: "organisations" },
  { to: "/official/orders", label: "portal.official.orders", section: "orders" },
  { to: "/official/audit", label: "portal.official.audit", section: "audit" },
  { to: "/official/tokens", label: "portal.official.tokens", section: "tokens" },
  { to: "/official/settlement", label: "settlement.nav", section: "settlement" },
  { to: "/official/payouts", label: "payouts.nav", section: "payouts" },
  { to: "/official/applications", label: "onboarding.review.title", section: "applications" },
  { to: "/official/suppliers", label: "onboarding.standing.title", section: "suppliers" },
  { to: "/official/aftersales", label: "portal.official.aftersales", section: "aftersales" },
  { to: "/official/reviews", label: "reviews.official.title", section: "reviews" },
  { to: "/official/institutions", label: "governance.review.title", section: "institutions" },
  { to: "/official/villages", label: "governance.villages.title", section: "villages" },
  { to: "/official/prices", label: "governance.prices.title", section: "prices" },
  { to: "/official/reports", label: "governance.reports.title", section: "reports" },
  { to: "/official/statements", label: "hhs.nav", section: "statements" },
  { to: "/official/warnings", label: "warnings.nav", section: "warnings" },
  { to: "/official/officials", label: "officials.nav", section: "officials" },
  { to: "/official/messages", label: "notify.official.nav", section: "messages" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["official", "admin"]);
  // Only the sections this role may open (the same table their guards use).
  const sections: PortalSection[] = SECTIONS.filter((s) => mayOpenOfficialSection(s.section, user.role)).map(
    ({ to, label, end }) => ({ to, label, end }),
  );
  return json({ sections });
}

export default function OfficialPortalLayout() {
  const { sections } = useLoaderData<typeof loader>();
  return (
    <>
      <PortalNav label="portal.official.nav" sections={sections} />
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
