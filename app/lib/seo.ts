// Page metadata for search engines and link previews: <title>, description, Open Graph, canonical.
import type { MetaDescriptor } from "@remix-run/node";
import { translate, type Locale } from "./i18n";

/** The site's origin as the request saw it (e.g. http://127.0.0.1:3000), for absolute URLs. */
export function requestOrigin(request: Request): string {
  return new URL(request.url).origin;
}

/** The locale from the root loader's data, inside a `meta` function. */
export function metaLocale(matches: readonly { id: string; data: unknown }[]): Locale {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: Locale } | undefined;
  return root?.locale ?? "zh";
}

/** Shortens text for a description: whitespace collapsed, at most `max` characters. */
export function summarize(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return [...flat].length > max ? `${[...flat].slice(0, max - 1).join("")}…` : flat;
}

export function seoMeta({
  locale,
  title,
  description,
  url,
  image,
  type = "website",
  noindex = false,
}: {
  locale: Locale;
  title: string;
  description: string;
  url?: string;
  image?: string;
  type?: "website" | "product" | "profile";
  noindex?: boolean;
}): MetaDescriptor[] {
  const siteName = translate(locale, "site.name");
  const fullTitle = title === siteName ? title : `${title} · ${siteName}`;
  return [
    { title: fullTitle },
    { name: "description", content: description },
    { property: "og:site_name", content: siteName },
    { property: "og:title", content: title },
    { property: "og:description", content: description },
    { property: "og:type", content: type },
    { property: "og:locale", content: locale === "zh" ? "zh_CN" : "en_US" },
    ...(url
      ? [
          { property: "og:url", content: url },
          { tagName: "link", rel: "canonical", href: url },
        ]
      : []),
    ...(image ? [{ property: "og:image", content: image }] : []),
    { name: "twitter:card", content: "summary" },
    ...(noindex ? [{ name: "robots", content: "noindex, follow" }] : []),
  ];
}

/**
 * A page's title in the current locale only (issue 17: titles were bilingual in either language):
 * `<title>` "name · site" and og:title "name", from the Chinese and the English name.
 */
export function titleMeta(
  matches: readonly { id: string; data: unknown }[],
  zh: string,
  en: string,
): MetaDescriptor[] {
  const locale = metaLocale(matches);
  const title = locale === "zh" ? zh : en;
  const siteName = translate(locale, "site.name");
  return [{ title: `${title} · ${siteName}` }, { property: "og:title", content: title }];
}
