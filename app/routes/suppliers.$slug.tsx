// /suppliers/:slug: a supplier's public page — story, place, kind, certification, products, impact.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ImpactPanel } from "~/components/impact-panel";
import { ProductGrid } from "~/components/product-card";
import { localized, translate } from "~/lib/i18n";
import { metaLocale, requestOrigin, seoMeta, summarize } from "~/lib/seo";
import { useLocale, useT } from "~/lib/use-locale";
import { getSupplierBySlug } from "~/models/catalog/catalog.server";
import { invariantResponse } from "~/lib/invariant";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const supplier = await getSupplierBySlug(params.slug ?? "");
  invariantResponse(supplier, "Not found", { status: 404 });
  return json({ supplier, origin: requestOrigin(request) });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = metaLocale(matches);
  if (!data) return [{ title: translate(locale, "error.notFound") }, { name: "robots", content: "noindex" }];
  const s = data.supplier;
  const name = localized(locale, s.name, s.nameEn);
  const place =
    locale === "en"
      ? `${s.villageNameEn ?? s.villageName}, ${s.townNameEn ?? s.townName}`
      : `${s.townName}${s.villageName}`;
  const intro = translate(locale, "catalog.supplier.description", {
    name,
    kind: translate(locale, `catalog.kind.${s.kind}`),
    place,
  });
  return seoMeta({
    locale,
    title: name,
    description: summarize(`${intro}${localized(locale, s.story, s.storyEn)}`, 140),
    url: `${data.origin}/suppliers/${s.slug}`,
    image: s.products[0]?.image ? `${data.origin}${s.products[0].image}` : undefined,
    type: "profile",
  });
};

export default function SupplierPage() {
  const { supplier: s } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <main className="mx-auto max-w-6xl px-4 py-5 sm:py-6">
      <header>
        <h1 className="text-xl font-bold leading-snug sm:text-2xl">{localized(locale, s.name, s.nameEn)}</h1>
        <ul className="mt-2 flex flex-wrap gap-2 text-xs">
          <li className="rounded-full bg-stone-100 px-2.5 py-1 text-stone-700">
            {t(`catalog.kind.${s.kind}`)}
          </li>
          {s.partyBranchLed && (
            <li className="rounded-full bg-red-50 px-2.5 py-1 font-medium text-red-700 ring-1 ring-red-200">
              ★ {t("catalog.supplier.partyBranchLed")}
            </li>
          )}
          {s.certification && (
            <li className="rounded-full bg-green-50 px-2.5 py-1 font-medium text-green-700 ring-1 ring-green-200">
              ✔ {t("catalog.supplier.certified")}
            </li>
          )}
        </ul>
      </header>

      <div className="mt-5 grid gap-5 md:grid-cols-[1fr_20rem]">
        <section aria-labelledby="story-title" className="rounded-xl bg-white p-4 ring-1 ring-stone-200">
          <h2 id="story-title" className="font-semibold">
            {t("catalog.supplier.story")}
          </h2>
          <p className="mt-2 whitespace-pre-line leading-relaxed text-stone-700">
            {localized(locale, s.story, s.storyEn)}
          </p>
        </section>
        <div className="space-y-4">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 rounded-xl bg-white p-4 text-sm ring-1 ring-stone-200">
            <dt className="text-stone-500">{t("catalog.supplier.location")}</dt>
            <dd>
              <Link to={`/products?town=${s.townCode}`} className="hover:text-brand-700 hover:underline">
                {localized(locale, s.townName, s.townNameEn)}
              </Link>
              <span className="text-stone-500"> · </span>
              <Link
                to={`/products?village=${s.villageCode}`}
                className="hover:text-brand-700 hover:underline"
              >
                {localized(locale, s.villageName, s.villageNameEn)}
              </Link>
            </dd>
            <dt className="text-stone-500">{t("pavilion.link")}</dt>
            <dd>
              <Link to={`/villages/${s.villageCode}`} className="text-brand-700 hover:underline">
                {t("pavilion.villageLink", { name: localized(locale, s.villageName, s.villageNameEn) })}
              </Link>
              <span className="text-stone-500"> · </span>
              <Link to={`/towns/${s.townCode}`} className="text-brand-700 hover:underline">
                {t("pavilion.townLink", { name: localized(locale, s.townName, s.townNameEn) })}
              </Link>
            </dd>
            <dt className="text-stone-500">{t("catalog.supplier.kind")}</dt>
            <dd>{t(`catalog.kind.${s.kind}`)}</dd>
          </dl>
          <section
            aria-label={t("catalog.supplier.certified")}
            className="rounded-xl bg-white p-4 text-sm ring-1 ring-stone-200"
          >
            {s.certification ? (
              <>
                <p className="font-medium text-green-700">✔ {t("catalog.supplier.certified")}</p>
                <p className="mt-1">
                  {t("product.certificateNo")}: {s.certification.certificateNo}
                </p>
                <p>
                  {t("product.issuer")}:{" "}
                  {localized(locale, s.certification.issuer ?? "", s.certification.issuerEn)}
                </p>
                <p>
                  {t("product.validUntil")}: {s.certification.validUntil}
                </p>
              </>
            ) : (
              <p className="text-stone-500">{t("catalog.supplier.notCertified")}</p>
            )}
          </section>
        </div>
      </div>

      <div className="mt-5">
        <ImpactPanel impact={s.impact} />
      </div>

      <section aria-labelledby="products-title" className="mt-8">
        <h2 id="products-title" className="mb-3 text-lg font-semibold">
          {t("catalog.supplier.products", { count: s.products.length })}
        </h2>
        {s.products.length > 0 ? (
          <ProductGrid products={s.products} wide />
        ) : (
          <p className="text-stone-500">{t("catalog.supplier.noProducts")}</p>
        )}
      </section>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
