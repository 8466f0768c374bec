// Supplier staff: their own products with status, price range and stock; filters by status.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StatusBadge, type BadgeTone } from "~/components/status-badge";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireRole } from "~/models/access/auth.server";
import { localized } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { useLocale, useT } from "~/lib/use-locale";
import { supplierProductsOverview, type ProductStatus } from "~/models/catalog/supplier-catalog.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "商品与库存", "Products and stock"),
  { name: "robots", content: "noindex" },
];

const STATUSES: ProductStatus[] = ["draft", "active", "withdrawn"];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const requested = new URL(request.url).searchParams.get("status");
  const status = STATUSES.find((s) => s === requested) ?? null;
  const { products, flags } = await supplierProductsOverview({ caller: user, status });
  return json({ products, status, flags });
}

const statusTone: Record<ProductStatus, BadgeTone> = { draft: "neutral", active: "good", withdrawn: "warn" };

export default function SupplierProductsPage() {
  const { products, status, flags } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const tabs: (ProductStatus | null)[] = [null, ...STATUSES];
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">{t("supplierCatalog.title")}</h1>
        <div className="flex flex-wrap gap-2">
          <Link
            to="/supplier/products/stock"
            className="rounded-lg border border-brand-600 px-4 py-2 font-semibold text-brand-700 hover:bg-brand-50"
          >
            {t("supplierCatalog.stock")}
          </Link>
          <Link
            to="/supplier/products/new"
            className="rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700"
          >
            {t("supplierCatalog.new")}
          </Link>
        </div>
      </div>
      <nav aria-label={t("supplierCatalog.col.status")} className="mt-4 flex flex-wrap gap-2">
        {tabs.map((tab) => (
          <Link
            key={tab ?? "all"}
            to={tab ? `?status=${tab}` : "?"}
            aria-current={tab === status ? "page" : undefined}
            className={`rounded-full px-3 py-1 text-sm ring-1 ${tab === status ? "bg-brand-600 text-white ring-brand-600" : "ring-stone-300 hover:bg-stone-50"}`}
          >
            {tab ? t(`supplierCatalog.status.${tab}`) : t("supplierCatalog.filter.all")}
          </Link>
        ))}
      </nav>
      {products.length === 0 ? (
        <p className="mt-6 text-stone-600">{t("supplierCatalog.empty")}</p>
      ) : (
        <ul className="mt-4 divide-y divide-stone-200 rounded-lg border border-stone-200">
          {products.map((p) => (
            <li key={p.id} className="flex flex-wrap items-center gap-3 p-3 sm:flex-nowrap">
              <img
                src={p.image ?? "/images/products/placeholder.svg"}
                alt=""
                width={64}
                height={48}
                className="h-12 w-16 flex-none rounded object-cover"
                loading="lazy"
              />
              <div className="min-w-0 flex-1">
                <Link
                  to={`/supplier/products/${p.id}`}
                  className="font-semibold text-brand-800 underline-offset-2 hover:underline"
                >
                  {p.name}
                </Link>
                <p className="text-sm text-stone-600">
                  {localized(locale, p.categoryName, p.categoryNameEn)} · {t("supplierCatalog.col.variants")}{" "}
                  {p.variantCount} · {t("supplierCatalog.col.stock")} {p.stock}
                </p>
              </div>
              <div className="text-sm tabular-nums">
                {p.minPriceFen === null
                  ? "—"
                  : p.minPriceFen === p.maxPriceFen
                    ? formatFen(p.minPriceFen)
                    : `${formatFen(p.minPriceFen)}–${formatFen(p.maxPriceFen!)}`}
              </div>
              <div className="flex flex-wrap items-center gap-2">
                <StatusBadge tone={statusTone[p.status]}>
                  {t(`supplierCatalog.status.${p.status}`)}
                </StatusBadge>
                {flags
                  .filter((f) => f.productId === p.id)
                  .map((f) => (
                    // A sentence, not a state: it may wrap on a phone.
                    <StatusBadge
                      key={f.spec}
                      tone="bad"
                      data-testid="price-flag"
                      className="!whitespace-normal"
                    >
                      {t("governance.prices.flag", {
                        spec: f.spec,
                        over: (f.overBp / 100).toFixed(0),
                        reference: formatFen(f.referenceFen),
                      })}
                    </StatusBadge>
                  ))}
                {p.certified && <StatusBadge tone="brand">{t("supplierCatalog.certified")}</StatusBadge>}
                {p.status === "active" && (
                  <Link to={`/products/${p.slug}`} className="text-xs text-brand-700 underline">
                    {t("supplierCatalog.viewInStore")}
                  </Link>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
