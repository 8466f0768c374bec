// Layout of the supplier portal: every /supplier/… page is for supplier staff only, so the guard
// sits here as well as in each child (children still guard: a loader must never rely on its parent).
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
  { to: "/supplier", label: "portal.supplier.dashboard", end: true },
  { to: "/supplier/products", label: "portal.supplier.products" },
  { to: "/supplier/orders", label: "portal.supplier.orders" },
  { to: "/supplier/invoices", label: "portal.supplier.invoices" },
  { to: "/supplier/linkages", label: "portal.supplier.linkages" },
  { to: "/supplier/certifications", label: "portal.supplier.certifications" },
  { to: "/supplier/reports", label: "portal.supplier.reports" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["supplier_staff"]);
  return null;
}

export default function SupplierPortalLayout() {
  return (
    <>
      <PortalNav label="portal.supplier.nav" sections={SECTIONS} />
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
