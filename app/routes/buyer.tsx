// Layout of the organisation portal (/buyer/…). Its buyer_admin sees the sub-navigation; a member
// who placed an order for the organisation may still open that order's page (transfer
// instructions). Each child guards and scopes itself: a loader must never rely on its parent.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PortalNav, type PortalSection } from "~/components/portal-nav";
import { requireUser } from "~/models/access/auth.server";
import { addMessages } from "~/lib/i18n";
import { PORTAL_CATALOGS } from "~/lib/messages/areas";

// The portal pages below this layout show the portals' messages (app/lib/i18n.ts).
addMessages(...PORTAL_CATALOGS);

const SECTIONS: PortalSection[] = [
  { to: "/buyer", label: "buyer.nav.overview", end: true },
  { to: "/buyer/members", label: "buyer.nav.members" },
  { to: "/buyer/orders", label: "buyer.nav.orders" },
  { to: "/buyer/advisor", label: "advisor.link" },
  { to: "/certificates", label: "icert.orderLink" },
  { to: "/account/messages", label: "notify.nav.account" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json({ showNav: user.role === "buyer_admin" });
}

export default function BuyerPortalLayout() {
  const { showNav } = useLoaderData<typeof loader>();
  return (
    <>
      {showNav && <PortalNav label="buyer.nav" sections={SECTIONS} />}
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
