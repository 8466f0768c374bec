import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SearchBox } from "~/components/catalog-filters";
import { ProductGrid } from "~/components/product-card";
import { StatsAsOf } from "~/components/stats-as-of";
import { localized, translate } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { metaLocale, requestOrigin, seoMeta } from "~/lib/seo";
import { useLocale, useT } from "~/lib/use-locale";
// The route's only `.server` import (decision 148: each one shared with other routes is a request more).
import { getHomePage } from "~/models/catalog/home-page.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return json({ ...(await getHomePage()), origin: requestOrigin(request) });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = metaLocale(matches);
  return seoMeta({
    locale,
    title: translate(locale, "site.name"),
    description: `${translate(locale, "site.tagline")}。${translate(locale, "catalog.description")}`,
    url: data ? `${data.origin}/` : undefined,
    image: data?.featured[0]?.image ? `${data.origin}${data.featured[0].image}` : undefined,
  });
};

export default function Home() {
  const { categories, featured, seasonal, towns, totalProducts, headline, month, unreached } =
    useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <main className="mx-auto max-w-6xl px-4 py-5 sm:py-6">
      <section className="rounded-2xl bg-gradient-to-r from-brand-600 to-amber-500 px-5 py-6 text-white sm:px-8 sm:py-8">
        <h1 className="text-2xl font-bold sm:text-3xl">{t("site.name")}</h1>
        <p className="mt-2 text-white/90">{t("site.tagline")}</p>
        <dl className="mt-5 grid max-w-lg grid-cols-2 gap-3">
          <div className="rounded-xl bg-white/15 px-4 py-3">
            <dt className="text-xs text-white/85">
              {t("catalog.home.headlineSales", { year: headline.year })}
            </dt>
            <dd className="mt-1 text-xl font-bold sm:text-2xl">{formatFen(headline.assistedSalesFen)}</dd>
          </div>
          <div className="rounded-xl bg-white/15 px-4 py-3">
            <dt className="text-xs text-white/85">
              {t("catalog.home.headlineHouseholds", { year: headline.year })}
            </dt>
            <dd className="mt-1 text-xl font-bold sm:text-2xl">
              {t("catalog.home.householdsValue", { count: headline.householdsReached })}
            </dd>
          </div>
        </dl>
        <StatsAsOf asOf={headline.asOf} className="mt-2 text-xs text-white/85" />
        <div className="mt-5 max-w-lg [&_input]:border-white">
          <SearchBox formId="home-search" />
        </div>
      </section>

      <section className="mt-8" aria-labelledby="categories">
        <h2 id="categories" className="text-lg font-semibold">
          {t("home.categories")}
        </h2>
        <ul className="mt-3 flex flex-wrap gap-2">
          {categories.map((c) => (
            <li key={c.slug}>
              <Link
                to={`/products?category=${c.slug}`}
                className="inline-block rounded-full bg-white px-4 py-1.5 text-sm shadow-sm ring-1 ring-stone-200 hover:text-brand-700 hover:ring-brand-600"
              >
                {localized(locale, c.name, c.nameEn)}
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <section className="mt-8" aria-labelledby="featured">
        <h2 id="featured" className="mb-3 text-lg font-semibold">
          {t("home.featured")}
        </h2>
        <ProductGrid products={featured} wide firstScreen />
      </section>

      {unreached.products.length > 0 && (
        <section className="mt-8" aria-labelledby="unreached" data-testid="unreached-shelf">
          <div className="mb-1 flex items-baseline justify-between gap-3">
            <h2 id="unreached" className="text-lg font-semibold">
              {t("unreached.shelf")}
            </h2>
            <Link to="/products?sort=unreached" className="flex-none text-sm text-brand-700 hover:underline">
              {t("unreached.more")} →
            </Link>
          </div>
          <p className="mb-3 text-xs text-stone-600">{t("unreached.shelfNote")}</p>
          <ProductGrid products={unreached.products} reach={unreached.reach} wide />
        </section>
      )}

      {seasonal.length > 0 && (
        <section className="mt-8" aria-labelledby="seasonal">
          <h2 id="seasonal" className="mb-3 text-lg font-semibold">
            {t("catalog.home.seasonal", { month })}
          </h2>
          <ProductGrid products={seasonal} wide />
        </section>
      )}

      <section className="mt-10" aria-labelledby="by-origin">
        <h2 id="by-origin" className="text-lg font-semibold">
          {t("catalog.home.byOrigin")}
        </h2>
        <ul className="mt-3 grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-4">
          {towns.map((town) => (
            <li key={town.code}>
              <Link
                to={`/products?town=${town.code}`}
                className="flex items-baseline justify-between gap-2 rounded-lg bg-white px-3 py-2 text-sm shadow-sm ring-1 ring-stone-200 hover:text-brand-700 hover:ring-brand-600"
              >
                <span className="truncate">{localized(locale, town.name, town.nameEn)}</span>
                <span className="flex-none text-xs text-stone-500">
                  {t("catalog.home.townCount", { count: town.count })}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <p className="mt-6">
        <Link
          to="/products"
          className="block rounded-lg bg-brand-600 px-4 py-3 text-center font-medium text-white hover:bg-brand-700 sm:inline-block sm:py-2 sm:text-sm"
        >
          {t("catalog.home.viewAll", { count: totalProducts })} →
        </Link>
      </p>
    </main>
  );
}
