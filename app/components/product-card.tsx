import { Link } from "@remix-run/react";
import { localized } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { useLocale, useT } from "~/lib/use-locale";

type Card = {
  slug: string;
  name: string;
  nameEn: string | null;
  subtitle: string;
  image: string | null;
  minPriceFen: number;
  supplierName: string;
  villageName: string;
  certified: boolean;
};

export function ProductCardView({ product: p }: { product: Card }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Link to={`/products/${p.slug}`} className="block overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-stone-200 hover:ring-brand-600">
      <img src={p.image ?? "/images/products/placeholder.svg"} alt="" className="aspect-[4/3] w-full object-cover" loading="lazy" />
      <div className="p-3">
        <p className="line-clamp-2 font-medium">{localized(locale, p.name, p.nameEn)}</p>
        <p className="mt-1 truncate text-xs text-stone-500">
          {p.villageName} · {p.supplierName}
        </p>
        <p className="mt-2 flex items-baseline justify-between">
          <span className="font-semibold text-brand-700">
            {formatFen(p.minPriceFen)} <span className="text-xs font-normal text-stone-500">{t("product.from")}</span>
          </span>
          {p.certified && <span className="rounded bg-green-50 px-1.5 py-0.5 text-xs text-green-700">{t("product.certified")}</span>}
        </p>
      </div>
    </Link>
  );
}
