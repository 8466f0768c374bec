import { useRef, type MouseEvent } from "react";
import { localized } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-locale";
import { cardImage, imageSrcSet } from "./product-card";

export type GalleryImage = {
  path: string;
  alt: string;
  altEn: string;
  width: number | null;
  height: number | null;
};

// The first picture is the product page's largest paint on a phone: asked for before anything else
// the page loads (issue 22). React 18 knows no `fetchPriority` prop; the lower-case attribute passes.
const FIRST_PICTURE = { fetchpriority: "high" } as Record<string, string>;

/**
 * The product page's pictures (decision 091): one row of full-width pictures that snaps picture by
 * picture (swipe on a phone), and thumbnails below that are plain links to each picture, so the
 * gallery works without JavaScript; with it, a thumbnail scrolls the row only, never the page.
 * Every picture has its width and height, so nothing moves while they load.
 */
export function ProductGallery({ images }: { images: GalleryImage[] }) {
  const t = useT();
  const locale = useLocale();
  const strip = useRef<HTMLDivElement>(null);
  const shown = images.length
    ? images
    : [{ path: "/images/products/placeholder.svg", alt: "", altEn: "", width: 400, height: 300 }];
  const show = (event: MouseEvent<HTMLAnchorElement>, index: number) => {
    const row = strip.current;
    if (!row) return;
    event.preventDefault();
    row.scrollTo({ left: index * row.clientWidth, behavior: "smooth" });
  };
  return (
    <section aria-label={t("showcase.gallery")} data-testid="gallery">
      <div className="relative">
        <div
          ref={strip}
          className="flex snap-x snap-mandatory overflow-x-auto rounded-xl bg-white ring-1 ring-stone-200 [scrollbar-width:none]"
          tabIndex={0}
        >
          {shown.map((image, i) => (
            <img
              key={image.path}
              id={`gallery-${i + 1}`}
              data-testid="gallery-image"
              src={image.path}
              srcSet={imageSrcSet(image.path)}
              sizes="(min-width: 768px) 480px, 100vw"
              alt={localized(locale, image.alt, image.altEn)}
              width={image.width ?? 400}
              height={image.height ?? 300}
              loading={i === 0 ? "eager" : "lazy"}
              {...(i === 0 ? FIRST_PICTURE : {})}
              className="aspect-[4/3] w-full flex-none snap-center object-cover"
            />
          ))}
        </div>
        {shown.length > 1 && (
          <span
            aria-hidden
            className="pointer-events-none absolute bottom-2 right-2 rounded-full bg-stone-900/60 px-2 py-0.5 text-xs text-white md:hidden"
          >
            {t("showcase.galleryCount", { count: shown.length })}
          </span>
        )}
      </div>
      {shown.length > 1 && (
        // Phones swipe the row (a hint says how many there are); wider screens get thumbnails.
        <ul className="mt-2 hidden gap-2 overflow-x-auto md:flex">
          {shown.map((image, i) => (
            <li key={image.path} className="flex-none">
              <a
                href={`#gallery-${i + 1}`}
                onClick={(event) => show(event, i)}
                className="block overflow-hidden rounded-lg ring-1 ring-stone-200 hover:ring-brand-600 focus-visible:ring-2 focus-visible:ring-brand-600"
              >
                <img
                  src={cardImage(image.path)}
                  alt={t("showcase.galleryShow", { n: i + 1 })}
                  width={64}
                  height={48}
                  loading="lazy"
                  className="h-12 w-16 object-cover"
                />
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
