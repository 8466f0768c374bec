// Layout of the supplier portal: every /supplier/… page is for supplier staff only, so the guard
// sits here as well as in each child (children still guard: a loader must never rely on its parent).
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PortalNav, type PortalSection } from "~/components/portal-nav";
import { requireRole } from "~/models/access/auth.server";
import { addMessages, localized } from "~/lib/i18n";
import { PORTAL_CATALOGS } from "~/lib/messages/areas";
import { useLocale, useT } from "~/lib/use-locale";
import { getOwnSupplier } from "~/models/catalog/supplier-catalog.server";

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
  { to: "/supplier/settlement", label: "settlement.nav" },
  { to: "/supplier/payouts", label: "payouts.nav" },
  { to: "/supplier/batches", label: "batch.title" },
  { to: "/supplier/staff", label: "onboarding.staff.title" },
  { to: "/supplier/standing", label: "onboarding.standing.own" },
  { to: "/supplier/aftersales", label: "portal.supplier.aftersales" },
  { to: "/supplier/reviews", label: "reviews.supplier.title" },
  { to: "/supplier/presales", label: "presale.supplier.title" },
  { to: "/account/messages", label: "notify.nav.account" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  return json({ supplier: await getOwnSupplier({ caller: user }) });
}

export default function SupplierPortalLayout() {
  const { supplier } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      {supplier && (
        <p className="mx-auto max-w-6xl px-4 pt-3 text-sm text-stone-600" data-testid="portal-supplier">
          {t("portal.supplier.current")}{" "}
          <Link
            to={`/suppliers/${supplier.slug}`}
            className="font-semibold text-stone-900 hover:text-brand-700 hover:underline"
          >
            {localized(locale, supplier.name, supplier.nameEn)}
          </Link>
        </p>
      )}
      <PortalNav label="portal.supplier.nav" sections={SECTIONS} />
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
