// /products: the catalogue. Every state (search, filters, sort, page) is a GET URL.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CATALOG_FORM_ID, CatalogFilterPanel, SearchBox } from "~/components/catalog-filters";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { ProductGrid } from "~/components/product-card";
import { localized, translate } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { metaLocale, requestOrigin, seoMeta } from "~/lib/seo";
import { useLocale, useT } from "~/lib/use-locale";
import { catalogHref, type CatalogFilters } from "~/models/catalog/catalog-query";
// The route's only `.server` import (decision 148: each one shared with other routes is a request more).
import { parseCatalogParams, searchCatalog } from "~/models/catalog/catalog-page.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const { filters, problems } = parseCatalogParams(url.searchParams);
  const result = await searchCatalog(filters);
  return json({ ...result, problems: [...problems, ...result.problems], origin: requestOrigin(request) });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = metaLocale(matches);
  const q = data?.filters.q;
  return seoMeta({
    locale,
    title: q ? translate(locale, "catalog.titleFor", { q }) : translate(locale, "catalog.title"),
    description: translate(locale, "catalog.description"),
    url: data ? `${data.origin}${catalogHref(data.filters, { page: data.page })}` : undefined,
    // Searches and deep filter states are not pages worth indexing; the plain list is.
    noindex: Boolean(q),
  });
};

/** The applied filters as removable chips: each one a link to the same list without it. */
function ActiveFilters({
  filters,
  categories,
  towns,
}: Pick<ReturnType<typeof useLoaderData<typeof loader>>, "filters" | "categories" | "towns">) {
  const t = useT();
  const locale = useLocale();
  const chips: { label: string; without: Partial<CatalogFilters> }[] = [];
  if (filters.category) {
    const top = categories.find((c) => c.slug === filters.category);
    const leaf = categories.flatMap((c) => c.children).find((c) => c.slug === filters.category);
    const c = top ?? leaf;
    if (c) chips.push({ label: localized(locale, c.name, c.nameEn), without: { category: null } });
  }
  const town = towns.find((x) => x.code === filters.town);
  if (town)
    chips.push({ label: localized(locale, town.name, town.nameEn), without: { town: null, village: null } });
  const village = towns.flatMap((x) => x.villages).find((v) => v.code === filters.village);
  if (village)
    chips.push({ label: localized(locale, village.name, village.nameEn), without: { village: null } });
  if (filters.kind) chips.push({ label: t(`catalog.kind.${filters.kind}`), without: { kind: null } });
  if (filters.certified) chips.push({ label: t("catalog.certifiedOnly"), without: { certified: false } });
  if (filters.inStock) chips.push({ label: t("catalog.inStockOnly"), without: { inStock: false } });
  if (filters.minPriceFen !== null || filters.maxPriceFen !== null) {
    const { minPriceFen: min, maxPriceFen: max } = filters;
    const label =
      min !== null && max !== null
        ? `${formatFen(min)}–${formatFen(max)}`
        : min !== null
          ? `≥ ${formatFen(min)}`
          : `≤ ${formatFen(max!)}`;
    chips.push({ label, without: { minPriceFen: null, maxPriceFen: null } });
  }
  if (chips.length === 0) return null;
  return (
    <ul className="mt-3 flex flex-wrap gap-2">
      {chips.map((chip) => (
        <li key={chip.label}>
          <Link
            to={catalogHref(filters as CatalogFilters, chip.without)}
            className="inline-flex items-center gap-1 rounded-full bg-brand-50 px-3 py-1 text-sm text-brand-700 ring-1 ring-brand-100 hover:ring-brand-600"
          >
            {chip.label}
            <span aria-hidden>×</span>
            <span className="sr-only">（{t("catalog.clear")}）</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

export default function Catalog() {
  const data = useLoaderData<typeof loader>();
  const { filters, products, total, page, pageCount, categories, towns, problems, suggestions, reach } = data;
  const t = useT();
  const locale = useLocale();
  const f = filters as CatalogFilters;
  const beyondLast = products.length === 0 && total > 0;
  return (
    <main className="mx-auto max-w-6xl px-4 py-5 sm:py-6">
      <h1 className="text-xl font-bold sm:text-2xl">
        {filters.q ? t("catalog.titleFor", { q: filters.q }) : t("catalog.title")}
      </h1>
      <div className="mt-3">
        <SearchBox formId={CATALOG_FORM_ID} defaultValue={filters.q} />
        <p className="mt-1 text-xs text-stone-500">{t("catalog.search.hint")}</p>
      </div>

      {problems.length > 0 && (
        <div
          role="alert"
          className="mt-4 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200"
        >
          <p className="font-medium">{t("catalog.ignored")}</p>
          <ul className="mt-1 list-disc pl-5">
            {problems.map((p, i) => (
              <li key={i}>{t(`catalog.problem.${p.code}`, { value: p.value })}</li>
            ))}
          </ul>
        </div>
      )}

      <ActiveFilters filters={filters} categories={categories} towns={towns} />

      <div className="mt-4 gap-6 lg:grid lg:grid-cols-[16rem_1fr]">
        <aside className="mb-4 lg:mb-0">
          <CatalogFilterPanel filters={f} categories={categories} towns={towns} />
        </aside>

        <section aria-labelledby="results-count">
          <p id="results-count" className="mb-3 text-sm text-stone-600">
            {filters.q
              ? t("catalog.countFor", { q: filters.q, count: total })
              : t("catalog.count", { count: total })}
            {pageCount > 1 && !beyondLast && (
              <span className="text-stone-500"> · {t("catalog.pageOf", { page, pages: pageCount })}</span>
            )}
          </p>

          {filters.sort === "unreached" && (
            <p className="mb-3 rounded-lg bg-green-50 px-3 py-2 text-xs text-green-900 ring-1 ring-green-200">
              {t("unreached.shelfNote")}
            </p>
          )}
          {products.length > 0 && <ProductGrid products={products} reach={reach} firstScreen />}

          {beyondLast && (
            <div className="rounded-xl bg-white p-6 text-center ring-1 ring-stone-200">
              <p>{t("catalog.beyondLast", { page, count: total, pages: pageCount })}</p>
              <Link
                to={catalogHref(f, { page: pageCount })}
                className="mt-3 inline-block text-brand-700 hover:underline"
              >
                {t("catalog.toLastPage")} →
              </Link>
            </div>
          )}

          {total === 0 && (
            <div className="rounded-xl bg-white p-5 ring-1 ring-stone-200">
              <p className="font-medium">
                {filters.q ? t("catalog.empty", { q: filters.q }) : t("catalog.emptyFilters")}
              </p>
              <p className="mt-1 text-sm text-stone-600">{t("catalog.emptyHint")}</p>
              <h2 className="mt-5 text-sm font-semibold text-stone-700">{t("catalog.emptyCategories")}</h2>
              <ul className="mt-2 flex flex-wrap gap-2">
                {categories.map((c) => (
                  <li key={c.slug}>
                    <Link
                      to={`/products?category=${c.slug}`}
                      className="inline-block rounded-full bg-stone-100 px-3 py-1 text-sm hover:bg-brand-50 hover:text-brand-700"
                    >
                      {localized(locale, c.name, c.nameEn)}
                    </Link>
                  </li>
                ))}
              </ul>
              {suggestions.length > 0 && (
                <>
                  <h2 className="mb-3 mt-6 text-sm font-semibold text-stone-700">
                    {t("catalog.emptyPopular")}
                  </h2>
                  <ProductGrid products={suggestions} />
                </>
              )}
            </div>
          )}

          <Pagination page={page} pageCount={pageCount} href={(p) => catalogHref(f, { page: p })} />
        </section>
      </div>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
