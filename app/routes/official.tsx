// Layout of the officials' portal (officials of the district or a town, and admins). Each child
// still guards and scopes itself: a loader must never rely on its parent.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PortalNav, type PortalSection } from "~/components/portal-nav";
import { requireRole } from "~/lib/auth.server";
import { addMessages } from "~/lib/i18n";
import { PORTAL_CATALOGS } from "~/lib/messages/areas";

// The portal pages below this layout show the portals' messages (app/lib/i18n.ts).
addMessages(...PORTAL_CATALOGS);

const SECTIONS: PortalSection[] = [
  { to: "/official", label: "portal.official.statistics", end: true },
  { to: "/official/households", label: "portal.official.registry" },
  { to: "/official/linkages", label: "portal.official.linkages" },
  { to: "/official/certifications", label: "portal.official.certifications" },
  { to: "/official/organisations", label: "portal.official.organisations" },
  { to: "/official/orders", label: "portal.official.orders" },
  { to: "/official/audit", label: "portal.official.audit" },
  { to: "/official/tokens", label: "portal.official.tokens" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["official", "admin"]);
  return null;
}

export default function OfficialPortalLayout() {
  return (
    <>
      <PortalNav label="portal.official.nav" sections={SECTIONS} />
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
