// The privacy policy and the user agreement share one layout: a title, an introduction, numbered
// sections and the operator's contact line, all from app/lib/messages/legal.ts.
import type { MessageKey } from "~/lib/i18n";
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
