import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ProductCardView } from "~/components/product-card";
import { localized } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-locale";
import { listProductCards, listTopCategories } from "~/models/catalog.server";

export async function loader(_: LoaderFunctionArgs) {
  const [categories, products] = await Promise.all([listTopCategories(), listProductCards({ limit: 200 })]);
  return json({ categories, products });
}

export default function Home() {
  const { categories, products } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const featured = products.filter((_, i) => i < 8);
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <section className="rounded-2xl bg-gradient-to-r from-brand-600 to-amber-500 px-6 py-8 text-white">
        <h1 className="text-2xl font-bold sm:text-3xl">{t("site.name")}</h1>
        <p className="mt-2 text-white/90">{t("site.tagline")}</p>
      </section>

      <section className="mt-8" aria-labelledby="categories">
        <h2 id="categories" className="text-lg font-semibold">
          {t("home.categories")}
        </h2>
        <ul className="mt-3 flex flex-wrap gap-2">
          {categories.map((c) => (
            <li key={c.slug} className="rounded-full bg-white px-4 py-1 text-sm shadow-sm ring-1 ring-stone-200">
              {localized(locale, c.name, c.nameEn)}
            </li>
          ))}
        </ul>
      </section>

      <section className="mt-8" aria-labelledby="featured">
        <h2 id="featured" className="text-lg font-semibold">
          {t("home.featured")}
        </h2>
        <ul className="mt-3 grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4">
          {featured.map((p) => (
            <li key={p.slug}>
              <ProductCardView product={p} />
            </li>
          ))}
        </ul>
      </section>

      <section className="mt-10" aria-labelledby="all-products">
        <h2 id="all-products" className="text-lg font-semibold">
          {t("home.allProducts")} ({products.length})
        </h2>
        <ul className="mt-3 grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-2 lg:grid-cols-3">
          {products.map((p) => (
            <li key={p.slug}>
              <Link to={`/products/${p.slug}`} className="hover:text-brand-700 hover:underline">
                {localized(locale, p.name, p.nameEn)}
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
