import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useNavigation, useSubmit } from "@remix-run/react";
import type { FormEvent } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ImpactPanel, type ImpactData } from "~/components/impact-panel";
import { ProductGallery } from "~/components/product-gallery";
import { formatSeason } from "~/components/season";
import { localized, translate } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { metaLocale, requestOrigin, seoMeta, summarize } from "~/lib/seo";
import { useLocale, useT } from "~/lib/use-locale";
import { invariantResponse } from "~/lib/invariant";
import { ReviewList } from "~/components/reviews";
// The route's only `.server` import (decision 148: each one shared with other routes is a request more).
import { loadProductPage } from "~/models/catalog/product-page.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await loadProductPage({ request, slug: params.slug ?? "" });
  invariantResponse(page, "Not found", { status: 404 });
  return json({ ...page, origin: requestOrigin(request) });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = metaLocale(matches);
  if (!data) return [{ title: translate(locale, "error.notFound") }, { name: "robots", content: "noindex" }];
  const p = data.product;
  const name = localized(locale, p.name, p.nameEn);
  const place = `${localized(locale, p.townName, p.townNameEn)}${locale === "en" ? ", " : ""}${localized(locale, p.villageName, p.villageNameEn)}`;
  const url = `${data.origin}/products/${p.slug}`;
  const image = p.images[0] ? `${data.origin}${p.images[0].path}` : undefined;
  const prices = p.variants.map((v) => v.priceFen);
  const description = summarize(
    `${p.subtitle ? `${p.subtitle}。` : ""}${place} · ${p.supplierName}。${p.description}`,
    140,
  );
  return [
    ...seoMeta({ locale, title: name, description, url, image, type: "product" }),
    {
      "script:ld+json": {
        "@context": "https://schema.org",
        "@type": "Product",
        name: p.name,
        description: summarize(p.description, 300),
        image,
        sku: p.traceCode ?? undefined,
        brand: { "@type": "Organization", name: p.supplierName },
        offers: {
          "@type": "AggregateOffer",
          priceCurrency: "CNY",
          lowPrice: (Math.min(...prices) / 100).toFixed(2),
          highPrice: (Math.max(...prices) / 100).toFixed(2),
          offerCount: p.variants.length,
          availability: p.variants.some((v) => v.stock > 0)
            ? "https://schema.org/InStock"
            : "https://schema.org/OutOfStock",
        },
      },
    },
  ];
};

type Variants = ReturnType<typeof useLoaderData<typeof loader>>["product"]["variants"];
type Presales = ReturnType<typeof useLoaderData<typeof loader>>["presaleByVariant"];

/**
 * Choose an option and a quantity, then 加入购物车 or 立即购买 from the buy bar (fixed to the
 * bottom of a phone's screen, inline from md up). Without JavaScript both post to /cart: add comes
 * back here, buy now goes on to checkout. With it, adding keeps the scroll position (the toast says
 * it worked); buy now is an ordinary navigation, so checkout opens at its top.
 */
function BuyForm({ variants, presales }: { variants: Variants; presales: Presales }) {
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  const navigation = useNavigation();
  const submit = useSubmit();
  const busy = navigation.state !== "idle" && navigation.formAction === "/cart";
  const firstInStock = variants.find((v) => v.stock > 0);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    if (!(submitter instanceof HTMLButtonElement) || submitter.value !== "add") return; // buy now: the Form's own navigation
    event.preventDefault();
    submit(submitter, { method: "post", action: "/cart", preventScrollReset: true });
  };
  const button = "flex-1 rounded-lg px-4 py-3 font-semibold disabled:opacity-70 md:py-2.5";
  return (
    <Form
      method="post"
      action="/cart"
      onSubmit={onSubmit}
      className="mt-6 rounded-xl bg-white p-4 ring-1 ring-stone-200"
    >
      <input type="hidden" name="redirectTo" value={location.pathname} />
      <fieldset>
        <legend className="font-semibold">{t("product.variants")}</legend>
        <div className="mt-2 space-y-2">
          {variants.map((v) => {
            const soldOut = v.stock <= 0;
            return (
              <label
                key={v.id}
                className={`flex items-center gap-3 rounded-lg px-3 py-2.5 ring-1 ${
                  soldOut
                    ? "cursor-not-allowed bg-stone-50 text-stone-500 ring-stone-200"
                    : "cursor-pointer bg-white ring-stone-200 has-[:checked]:bg-brand-50 has-[:checked]:ring-2 has-[:checked]:ring-brand-600"
                }`}
              >
                <input
                  type="radio"
                  name="variantId"
                  value={v.id}
                  disabled={soldOut}
                  defaultChecked={v.id === firstInStock?.id}
                  required
                  className="h-4 w-4 flex-none accent-brand-600"
                />
                <span className="min-w-0 flex-1">
                  {localized(locale, v.spec, v.specEn)}
                  {presales[v.id] && (
                    <span className="block text-xs text-amber-800" data-testid="presale-window">
                      {t("presale.window", { from: presales[v.id].shipsFrom, by: presales[v.id].shipsBy })}
                    </span>
                  )}
                  {presales[v.id]?.deposit && (
                    <span className="block text-xs text-amber-900" data-testid="presale-deposit">
                      {t("presale.deposit", {
                        deposit: formatFen(presales[v.id].deposit!.depositFen),
                        balance: formatFen(presales[v.id].deposit!.balanceFen),
                      })}
                      {" · "}
                      {t("presale.balanceWindow", {
                        from: presales[v.id].deposit!.balanceFrom,
                        until: presales[v.id].deposit!.balanceUntil,
                      })}
                    </span>
                  )}
                </span>
                <span className={`font-semibold ${soldOut ? "" : "text-brand-700"}`}>
                  {formatFen(v.priceFen)}
                </span>
                <span className="flex-none whitespace-nowrap text-right text-xs text-stone-500">
                  {soldOut ? t("product.soldOut") : t("catalog.product.stockLeft", { count: v.stock })}
                </span>
              </label>
            );
          })}
        </div>
      </fieldset>
      {firstInStock ? (
        <>
          <div className="mt-4">
            <label htmlFor="quantity" className="mb-1 block text-sm text-stone-600">
              {t("catalog.product.quantity")}
            </label>
            <input
              id="quantity"
              type="number"
              name="quantity"
              min={1}
              max={999}
              step={1}
              defaultValue={1}
              required
              inputMode="numeric"
              className="w-24 rounded-lg border border-stone-300 px-3 py-2 text-base focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30"
            />
          </div>
          <div
            id="buy-bar"
            data-testid="buy-bar"
            className="fixed inset-x-0 bottom-0 z-40 flex gap-2 border-t border-stone-200 bg-white px-4 pt-3 pb-[calc(0.75rem+env(safe-area-inset-bottom))] shadow-[0_-2px_8px_rgba(0,0,0,0.06)] md:static md:z-auto md:mt-4 md:border-0 md:p-0 md:shadow-none"
          >
            <button
              type="submit"
              name="intent"
              value="add"
              disabled={busy}
              className={`${button} bg-amber-100 text-brand-700 ring-1 ring-brand-600 hover:bg-amber-200`}
            >
              {t("catalog.product.addToCart")}
            </button>
            <button
              type="submit"
              name="intent"
              value="buyNow"
              disabled={busy}
              className={`${button} bg-brand-600 text-white hover:bg-brand-700`}
            >
              {t("catalog.product.buyNow")}
            </button>
          </div>
        </>
      ) : (
        <p className="mt-4 rounded-lg bg-stone-100 px-3 py-2 text-sm text-stone-600">
          {t("catalog.product.allSoldOut")}
        </p>
      )}
    </Form>
  );
}

/** One line under the price: whom the purchase helps, linking to the full panel further down. */
function ImpactNote({ impact }: { impact: ImpactData }) {
  const t = useT();
  const text =
    impact.households > 0
      ? t("catalog.product.impactNote", {
          households: impact.households,
          monitored: impact.monitoredHouseholds,
        })
      : impact.villageCollectives > 0
        ? t("catalog.product.impactNoteCollectives", { count: impact.villageCollectives })
        : null;
  if (!text) return null;
  return (
    <p data-testid="impact-note" className="mt-2 truncate text-sm text-amber-900">
      <a href="#impact-title" className="hover:underline">
        <span aria-hidden>♥ </span>
        {text} →
      </a>
    </p>
  );
}

/** Save or unsave (signed in), or a link to log in; "tell me when it is back" for sold-out options. */
function WishlistForms({
  variants,
  slug,
  productId,
}: {
  variants: Variants;
  slug: string;
  productId: string;
}) {
  const { wishlist } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const here = `/products/${slug}`;
  const button =
    "rounded-lg border border-stone-300 bg-white px-3 py-1.5 text-sm hover:bg-stone-100 focus:outline-none focus:ring-2 focus:ring-brand-600";
  if (!wishlist)
    return (
      <p className="mt-3 text-sm">
        <Link to={`/login?redirectTo=${encodeURIComponent(here)}`} className="text-brand-700 hover:underline">
          {t("wishlist.loginToSave")}
        </Link>
      </p>
    );
  const soldOut = variants.filter((v) => v.stock <= 0);
  return (
    <div className="mt-3 space-y-2 text-sm">
      <Form method="post" action="/account/favourites">
        <input type="hidden" name="intent" value={wishlist.saved ? "unsave" : "save"} />
        <input type="hidden" name="id" value={productId} />
        <input type="hidden" name="redirectTo" value={here} />
        <button type="submit" className={button} data-testid="favourite-button">
          {t(wishlist.saved ? "wishlist.unsave" : "wishlist.save")}
        </button>
      </Form>
      {soldOut.map((v) => {
        const asked = wishlist.alertVariantIds.includes(v.id);
        return (
          <Form key={v.id} method="post" action="/account/favourites" className="flex items-center gap-2">
            <input type="hidden" name="intent" value={asked ? "unalert" : "alert"} />
            <input type="hidden" name="id" value={v.id} />
            <input type="hidden" name="redirectTo" value={here} />
            <span className="min-w-0 flex-1 text-stone-600">
              {localized(locale, v.spec, v.specEn)} ·{" "}
              {asked ? t("wishlist.alert.asked") : t("product.soldOut")}
            </span>
            <button type="submit" className={button}>
              {t(asked ? "wishlist.alert.cancel" : "wishlist.alert.ask")}
            </button>
          </Form>
        );
      })}
    </div>
  );
}

function Reviews({ salesCount }: { salesCount: number }) {
  const { reviews } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section aria-labelledby="reviews-title" className="mt-8">
      <h2 id="reviews-title" className="font-semibold">
        {t("reviews.title")}
      </h2>
      <p className="mt-1 text-sm text-stone-600" data-testid="review-summary">
        {reviews.count > 0
          ? t("reviews.summary", { average: reviews.average ?? 0, count: reviews.count, sales: salesCount })
          : t("reviews.summaryNone", { sales: salesCount })}
      </p>
      <ReviewList reviews={reviews.reviews} t={t} />
    </section>
  );
}

export default function ProductPage() {
  const { product: p, presaleByVariant } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const season = formatSeason(p.seasonMonths, locale);
  return (
    <main className="mx-auto max-w-5xl px-4 py-3 sm:py-6">
      <nav aria-label={t("catalog.breadcrumb")} className="mb-2 text-sm text-stone-500 sm:mb-3">
        <Link to="/products" className="hover:text-brand-700 hover:underline">
          {t("nav.products")}
        </Link>
        <span aria-hidden> / </span>
        <Link to={`/products?category=${p.categorySlug}`} className="hover:text-brand-700 hover:underline">
          {localized(locale, p.categoryName, p.categoryNameEn)}
        </Link>
      </nav>
      <div className="grid gap-3 md:grid-cols-2 md:gap-6">
        <div className="min-w-0">
          <ProductGallery images={p.images} />
        </div>
        <div>
          <h1 className="text-xl font-bold md:text-2xl">{localized(locale, p.name, p.nameEn)}</h1>
          {locale === "en"
            ? p.subtitleEn && <p className="mt-1 text-stone-600">{p.subtitleEn}</p>
            : p.subtitle && <p className="mt-1 text-stone-600">{p.subtitle}</p>}
          <div className="mt-2 flex items-baseline justify-between gap-3">
            <p data-testid="product-price" className="text-2xl font-bold text-brand-700">
              {formatFen(Math.min(...p.variants.map((v) => v.priceFen)))}{" "}
              <span className="text-sm font-normal text-stone-500">{t("product.from")}</span>
            </p>
            <p
              className="whitespace-nowrap text-sm text-stone-500"
              data-testid="sales-count"
              title={t("showcase.soldNote")}
            >
              {t("showcase.sold", { count: p.salesCount })}
            </p>
          </div>
          <ImpactNote impact={p.impact} />
          <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
            <dt className="text-stone-500">{t("product.origin")}</dt>
            <dd>
              <Link
                to={`/products?village=${p.villageCode}`}
                className="hover:text-brand-700 hover:underline"
              >
                {localized(locale, p.villageName, p.villageNameEn)}
              </Link>
              <span className="text-stone-500"> · </span>
              <Link to={`/products?town=${p.townCode}`} className="hover:text-brand-700 hover:underline">
                {localized(locale, p.townName, p.townNameEn)}
              </Link>
            </dd>
            <dt className="text-stone-500">{t("pavilion.link")}</dt>
            <dd>
              <Link to={`/villages/${p.villageCode}`} className="text-brand-700 hover:underline">
                {t("pavilion.villageLink", { name: localized(locale, p.villageName, p.villageNameEn) })}
              </Link>
              <span className="text-stone-500"> · </span>
              <Link to={`/towns/${p.townCode}`} className="text-brand-700 hover:underline">
                {t("pavilion.townLink", { name: localized(locale, p.townName, p.townNameEn) })}
              </Link>
            </dd>
            <dt className="text-stone-500">{t("product.supplier")}</dt>
            <dd>
              <Link to={`/suppliers/${p.supplierSlug}`} className="text-brand-700 hover:underline">
                {localized(locale, p.supplierName, p.supplierNameEn)}
              </Link>
              <span className="text-xs text-stone-500"> · {t(`catalog.kind.${p.supplierKind}`)}</span>
            </dd>
            {(season.allYear || season.text) && (
              <>
                <dt className="text-stone-500">{t("catalog.product.season")}</dt>
                <dd>{season.allYear ? t("catalog.product.allYear") : season.text}</dd>
              </>
            )}
            {p.traceCode && (
              <>
                <dt className="text-stone-500">{t("catalog.product.traceCode")}</dt>
                <dd className="font-mono text-xs leading-5">{p.traceCode}</dd>
              </>
            )}
          </dl>
          <section
            className="mt-4 rounded-lg bg-white p-3 text-sm ring-1 ring-stone-200"
            aria-label={t("product.certified")}
          >
            {p.certification ? (
              <>
                <p className="font-medium text-green-700">✔ {t("product.certified")}</p>
                <p>
                  {t("product.certificateNo")}: {p.certification.certificateNo}
                </p>
                <p>
                  {t("product.issuer")}:{" "}
                  {localized(locale, p.certification.issuer ?? "", p.certification.issuerEn)}
                </p>
                <p>
                  {t("product.validUntil")}: {p.certification.validUntil}
                </p>
              </>
            ) : (
              <p className="text-stone-500">{t("product.notCertified")}</p>
            )}
          </section>
          <BuyForm variants={p.variants} presales={presaleByVariant} />
          {Object.values(presaleByVariant).some((o) => !o.deposit) && (
            <p className="mt-2 text-xs text-amber-800">{t("presale.fullPayment")}</p>
          )}
          {Object.values(presaleByVariant).some((o) => o.deposit) && (
            <p className="mt-2 text-xs text-amber-800">{t("presale.depositRule")}</p>
          )}
          <WishlistForms variants={p.variants} slug={p.slug} productId={p.productId} />
        </div>
      </div>

      <div className="mt-8 grid gap-6 md:grid-cols-2">
        <ImpactPanel impact={p.impact} />
        <section aria-labelledby="details-title">
          <h2 id="details-title" className="font-semibold">
            {t("catalog.product.description")}
          </h2>
          <p className="mt-2 whitespace-pre-line leading-relaxed text-stone-700">
            {localized(locale, p.description, p.descriptionEn)}
          </p>
          <p className="mt-4 text-sm">
            <Link to={`/suppliers/${p.supplierSlug}`} className="text-brand-700 hover:underline">
              {t("catalog.product.supplierPage")} →
            </Link>
          </p>
        </section>
      </div>
      <Reviews salesCount={p.salesCount} />
      <p className="mt-6 text-sm">
        <Link to={`/products/${p.slug}/report`} className="text-stone-600 underline" rel="nofollow">
          {t("governancePublic.reportLink")}
        </Link>
      </p>
      <p className="mt-8 text-sm">
        <Link to="/" className="text-brand-700 hover:underline">
          ← {t("nav.home")}
        </Link>
      </p>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
