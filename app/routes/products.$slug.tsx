import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { localized } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { useLocale, useT } from "~/lib/use-locale";
import { getProductBySlug } from "~/models/catalog.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const product = await getProductBySlug(params.slug ?? "");
  if (!product) throw new Response("Not found", { status: 404 });
  return json({ product });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? data.product.name : "404" }];

export default function ProductPage() {
  const { product: p } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <main className="mx-auto max-w-5xl px-4 py-6">
      <div className="grid gap-6 md:grid-cols-2">
        <img
          src={p.images[0]?.path ?? "/images/products/placeholder.svg"}
          alt={p.images[0]?.alt ?? ""}
          className="w-full rounded-xl bg-white ring-1 ring-stone-200"
        />
        <div>
          <h1 className="text-2xl font-bold">{localized(locale, p.name, p.nameEn)}</h1>
          <p className="mt-1 text-stone-600">{p.subtitle}</p>
          <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-stone-500">{t("product.origin")}</dt>
            <dd>{p.villageName}</dd>
            <dt className="text-stone-500">{t("product.supplier")}</dt>
            <dd>{p.supplierName}</dd>
          </dl>
          <section className="mt-4 rounded-lg bg-white p-3 text-sm ring-1 ring-stone-200" aria-label={t("product.certified")}>
            {p.certification ? (
              <>
                <p className="font-medium text-green-700">✔ {t("product.certified")}</p>
                <p>
                  {t("product.certificateNo")}: {p.certification.certificateNo}
                </p>
                <p>
                  {t("product.issuer")}: {p.certification.issuer}
                </p>
                <p>
                  {t("product.validUntil")}: {p.certification.validUntil}
                </p>
              </>
            ) : (
              <p className="text-stone-500">{t("product.notCertified")}</p>
            )}
          </section>
          <h2 className="mt-6 font-semibold">{t("product.variants")}</h2>
          <ul className="mt-2 space-y-2">
            {p.variants.map((v) => (
              <li key={v.id} className="flex items-center justify-between rounded-lg bg-white px-3 py-2 ring-1 ring-stone-200">
                <span>{localized(locale, v.spec, v.specEn)}</span>
                <span className="font-semibold text-brand-700">{formatFen(v.priceFen)}</span>
                <span className="text-xs text-stone-500">
                  {v.stock > 0 ? `${t("product.stock")} ${v.stock}` : t("product.soldOut")}
                </span>
              </li>
            ))}
          </ul>
          <p className="mt-6 whitespace-pre-line text-stone-700">{p.description}</p>
          <p className="mt-6 text-sm">
            <Link to="/" className="text-brand-700 hover:underline">
              ← {t("nav.home")}
            </Link>
          </p>
        </div>
      </div>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
