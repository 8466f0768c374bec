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
  supplierNameEn?: string | null;
  villageName: string;
  villageNameEn?: string | null;
  certified: boolean;
  inStock?: boolean;
  /** 已售 (units paid, net of refunds); shown when given and above zero. */
  salesCount?: number;
  /** Monitored households still waiting this year that one unit reaches (issue 21), floored. */
  reach?: number | "<5";
};

/** Uploaded images come in 1200, 800, 480 and 320 px WebP; a card is at most ~400 px wide, so 480 is enough. Seeded SVGs stay. */
export function cardImage(image: string | null): string {
  if (!image) return "/images/products/placeholder.svg";
  return image.replace(/-1200\.webp$/, "-480.webp");
}

/** Every web size of an uploaded (or demo) image as a srcset, smallest first; undefined for other images. */
export function imageSrcSet(image: string): string | undefined {
  if (!image.endsWith("-1200.webp")) return undefined;
  return [320, 480, 800, 1200].map((w) => `${image.replace(/-1200\.webp$/, `-${w}.webp`)} ${w}w`).join(", ");
}

/**
 * `priority`: the card is in the first screen (issue 22): its picture loads at once rather than lazily,
 * and `"high"` asks for it before other pictures (the page's largest paint on a phone).
 */
// React 18 knows no `fetchPriority` prop (it would warn); the lower-case attribute passes through as is.
const HIGH_FETCH_PRIORITY = { fetchpriority: "high" } as Record<string, string>;
/** Cards in a grid's first row at its widest (4 columns). */
const FIRST_ROW = 4;

export function ProductCardView({ product: p, priority }: { product: Card; priority?: "high" | "eager" }) {
  const t = useT();
  const locale = useLocale();
  const soldOut = p.inStock === false;
  return (
    <Link
      to={`/products/${p.slug}`}
      className="group flex h-full flex-col overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-stone-200 hover:ring-brand-600 focus-visible:ring-2 focus-visible:ring-brand-600"
    >
      <span className="relative block">
        <img
          src={cardImage(p.image)}
          alt=""
          width={400}
          height={300}
          className={`aspect-[4/3] w-full object-cover ${soldOut ? "opacity-60 grayscale" : ""}`}
          loading={priority ? "eager" : "lazy"}
          {...(priority === "high" ? HIGH_FETCH_PRIORITY : {})}
        />
        {p.certified && (
          <span className="absolute left-2 top-2 rounded bg-green-700/90 px-1.5 py-0.5 text-[11px] font-medium text-white">
            {t("catalog.card.certified")}
          </span>
        )}
        {soldOut && (
          <span className="absolute bottom-2 right-2 rounded bg-stone-800/80 px-1.5 py-0.5 text-[11px] text-white">
            {t("catalog.card.soldOut")}
          </span>
        )}
      </span>
      <span className="flex flex-1 flex-col p-3">
        <span className="line-clamp-2 font-medium leading-snug group-hover:text-brand-700">
          {localized(locale, p.name, p.nameEn)}
        </span>
        <span className="mt-1 truncate text-xs text-stone-500">
          {localized(locale, p.villageName, p.villageNameEn)} ·{" "}
          {localized(locale, p.supplierName, p.supplierNameEn)}
        </span>
        {p.reach !== undefined && (
          <span className="mt-1 text-xs font-medium text-green-700" data-testid="card-reach">
            {t("unreached.card", { count: p.reach })}
          </span>
        )}
        <span className="mt-auto flex items-baseline gap-2 pt-2">
          <span className="font-semibold text-brand-700">
            {formatFen(p.minPriceFen)}{" "}
            <span className="text-xs font-normal text-stone-500">{t("product.from")}</span>
          </span>
          {p.salesCount !== undefined && p.salesCount > 0 && (
            <span className="ml-auto whitespace-nowrap text-xs text-stone-500" data-testid="card-sales">
              {t("showcase.sold", { count: p.salesCount })}
            </span>
          )}
        </span>
      </span>
    </Link>
  );
}

/** The mobile-first grid of product cards (2 columns on phones, up to 4 on wide screens). */
export function ProductGrid({
  products,
  wide = false,
  reach,
  firstScreen = false,
}: {
  products: Card[];
  wide?: boolean;
  /** Per slug, the "reach the unreached" figure to show on each card (issue 21). */
  reach?: Record<string, number | "<5">;
  /** The grid starts in the first screen: its first row's pictures load at once, the first one first. */
  firstScreen?: boolean;
}) {
  return (
    <ul
      className={`grid grid-cols-2 gap-3 sm:gap-4 md:grid-cols-3 ${wide ? "lg:grid-cols-4" : "xl:grid-cols-4"}`}
    >
      {products.map((p, i) => (
        <li key={p.slug}>
          <ProductCardView
            product={reach && p.slug in reach ? { ...p, reach: reach[p.slug] } : p}
            priority={!firstScreen || i >= FIRST_ROW ? undefined : i === 0 ? "high" : "eager"}
          />
        </li>
      ))}
    </ul>
  );
}
