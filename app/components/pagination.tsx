// Page links (page=N) that keep every other filter: plain links, so they work without JavaScript.
import { Link } from "@remix-run/react";
import { useT } from "~/lib/use-locale";

/** The page numbers to show around `page`: first, last, neighbours, with gaps as null. */
export function pageWindow(page: number, pageCount: number, around = 1): (number | null)[] {
  const wanted = new Set([1, pageCount]);
  for (let p = page - around; p <= page + around; p++) if (p >= 1 && p <= pageCount) wanted.add(p);
  const pages = [...wanted].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  for (const [i, p] of pages.entries()) {
    if (i > 0 && p - pages[i - 1] === 2)
      out.push(p - 1); // a gap of one page: show it
    else if (i > 0 && p - pages[i - 1] > 2) out.push(null);
    out.push(p);
  }
  return out;
}

export function Pagination({
  page,
  pageCount,
  href,
}: {
  page: number;
  pageCount: number;
  href: (page: number) => string;
}) {
  const t = useT();
  if (pageCount <= 1) return null;
  const base = "inline-flex min-w-10 items-center justify-center rounded-lg px-3 py-2 text-sm ring-1";
  const link = `${base} bg-white ring-stone-200 hover:ring-brand-600 hover:text-brand-700`;
  return (
    <nav aria-label={t("catalog.pagination")} className="mt-8 flex flex-col items-center gap-3">
      <ul className="flex flex-wrap items-center justify-center gap-1.5">
        {page > 1 && (
          <li>
            <Link to={href(Math.min(page - 1, pageCount))} rel="prev" className={link}>
              <span aria-hidden>‹</span> <span className="sr-only sm:not-sr-only">{t("catalog.prev")}</span>
            </Link>
          </li>
        )}
        {pageWindow(Math.min(page, pageCount), pageCount).map((p, i) =>
          p === null ? (
            <li key={`gap-${i}`} aria-hidden className="px-1 text-stone-500">
              …
            </li>
          ) : (
            <li key={p}>
              {p === page ? (
                <span
                  aria-current="page"
                  className={`${base} bg-brand-600 font-semibold text-white ring-brand-600`}
                >
                  <span className="sr-only">{t("catalog.pageN", { page: p })}</span>
                  <span aria-hidden>{p}</span>
                </span>
              ) : (
                <Link to={href(p)} className={link} aria-label={t("catalog.pageN", { page: p })}>
                  {p}
                </Link>
              )}
            </li>
          ),
        )}
        {page < pageCount && (
          <li>
            <Link to={href(page + 1)} rel="next" className={link}>
              <span className="sr-only sm:not-sr-only">{t("catalog.next")}</span> <span aria-hidden>›</span>
            </Link>
          </li>
        )}
      </ul>
      <p className="text-xs text-stone-500">
        {t("catalog.pageOf", { page: Math.min(page, pageCount), pages: pageCount })}
      </p>
    </nav>
  );
}
