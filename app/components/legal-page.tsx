// The privacy policy and the user agreement share one layout: a title, an introduction, numbered
// sections and the operator's contact line, all from app/lib/messages/legal.ts.
import type { MetaFunction } from "@remix-run/node";
import { translate, type MessageKey } from "~/lib/i18n";
import { metaLocale, seoMeta, summarize } from "~/lib/seo";
import { useT } from "~/lib/use-locale";
import { LEGAL_VERSION } from "~/models/access/account-rules";

export function LegalPage({
  page,
  sections,
  operator,
  phone,
}: {
  page: "privacy" | "terms";
  sections: readonly string[];
  operator: string;
  phone: string;
}) {
  const t = useT();
  const key = (rest: string) => `legal.${page}.${rest}` as MessageKey;
  return (
    <main className="mx-auto max-w-3xl px-4 py-8">
      <article className="rounded-xl bg-white p-5 leading-relaxed ring-1 ring-stone-200 sm:p-8">
        <h1 className="text-2xl font-bold">{t(key("title"))}</h1>
        <p className="mt-1 text-sm text-stone-500">{t("legal.effective", { date: LEGAL_VERSION })}</p>
        <p className="mt-4">{t(key("intro"), { operator })}</p>
        {sections.map((section, i) => (
          <section key={section} className="mt-6" aria-labelledby={`${page}-${section}`}>
            <h2 id={`${page}-${section}`} className="text-lg font-semibold">
              {i + 1}. {t(key(`${section}.title`))}
            </h2>
            <p className="mt-2 text-stone-700">{t(key(`${section}.body`))}</p>
          </section>
        ))}
        <p className="mt-8 border-t border-stone-200 pt-4 text-sm text-stone-600">
          {t("legal.contact", { operator, phone })}
        </p>
      </article>
    </main>
  );
}

/** The page's title, description and canonical URL, in the visitor's language. */
export function legalMeta<Loader>(page: "privacy" | "terms"): MetaFunction<Loader> {
  return ({ data, matches }) => {
    const locale = metaLocale(matches);
    const loaded = data as { operator: string; origin: string } | undefined;
    return seoMeta({
      locale,
      title: translate(locale, `legal.${page}.title` as MessageKey),
      description: summarize(
        translate(locale, `legal.${page}.intro` as MessageKey, { operator: loaded?.operator ?? "" }),
        140,
      ),
      url: loaded ? `${loaded.origin}/${page}` : undefined,
    });
  };
}
