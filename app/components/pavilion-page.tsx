// The village and town pavilion page (一村一品, issue 21): /villages/:code and /towns/:code show it.
// Households appear only as counts already floored by the model ("<5" under five).
import { Link } from "@remix-run/react";
import { ProductGrid } from "~/components/product-card";
import { StatsAsOf } from "~/components/stats-as-of";
import { localized, translate, type Locale } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { seoMeta } from "~/lib/seo";
import { useLocale, useT } from "~/lib/use-locale";

type Figure = number | "<5";
type Card = Parameters<typeof ProductGrid>[0]["products"][number];
export type PavilionView = {
  level: "village" | "town";
  code: string;
  name: string;
  nameEn: string | null;
  parent: { code: string; name: string; nameEn: string | null } | null;
  villages: { code: string; name: string; nameEn: string | null; products: number }[];
  products: Card[];
  leading: (Card & { categoryName: string; categoryNameEn: string }) | null;
  suppliers: { slug: string; name: string; nameEn: string | null; kind: string; partyBranchLed: boolean }[];
  figures: {
    year: number;
    collectiveIncomeFen: number;
    householdsReached: Figure;
    monitoredReached: Figure;
    householdIncomeFen: Figure;
    asOf: string | null;
  };
  calendar: {
    source: "season" | "sales" | "none";
    months: { month: number; items: { name: string; nameEn: string | null }[] }[];
  };
};

/** The page's meta tags (title, description, canonical URL at the region code). */
export function pavilionMeta(locale: Locale, p: PavilionView | undefined, origin: string | undefined) {
  if (!p) return [{ title: translate(locale, "error.notFound") }, { name: "robots", content: "noindex" }];
  const name = localized(locale, p.name, p.nameEn);
  return seoMeta({
    locale,
    title: translate(locale, p.level === "village" ? "pavilion.villageLink" : "pavilion.townLink", { name }),
    description: translate(locale, "pavilion.description", { name }),
    url: origin ? `${origin}/${p.level === "village" ? "villages" : "towns"}/${p.code}` : undefined,
    image: p.products[0]?.image && origin ? `${origin}${p.products[0].image}` : undefined,
  });
}

function FigureValue({ value, testId }: { value: Figure; testId: string }) {
  const t = useT();
  return (
    <dd className="mt-1 text-xl font-bold" data-testid={testId}>
      {value === "<5" ? (
        <span className="text-base font-medium">{t("pavilion.withheld")}</span>
      ) : (
        t("pavilion.householdsValue", { count: value })
      )}
    </dd>
  );
}

export function PavilionPage({ pavilion: p }: { pavilion: PavilionView }) {
  const t = useT();
  const locale = useLocale();
  const f = p.figures;
  return (
    <main className="mx-auto max-w-6xl px-4 py-5 sm:py-6">
      <header className="rounded-2xl bg-gradient-to-r from-green-700 to-brand-600 px-5 py-6 text-white sm:px-8">
        <p className="text-xs text-white/85">{t(`pavilion.kicker.${p.level}`)}</p>
        <h1 className="mt-1 text-2xl font-bold sm:text-3xl">{localized(locale, p.name, p.nameEn)}</h1>
        {p.parent && (
          <p className="mt-1 text-sm">
            <Link to={`/towns/${p.parent.code}`} className="underline">
              {t("pavilion.inTown", { name: localized(locale, p.parent.name, p.parent.nameEn) })}
            </Link>
          </p>
        )}
      </header>

      <div className="mt-5 grid gap-4 md:grid-cols-[1fr_22rem]">
        <section aria-labelledby="leading-title" className="rounded-xl bg-white p-4 ring-1 ring-stone-200">
          <h2 id="leading-title" className="font-semibold">
            {t("pavilion.leading")}
          </h2>
          {p.leading ? (
            <p className="mt-2" data-testid="pavilion-leading">
              <Link
                to={`/products/${p.leading.slug}`}
                className="text-lg font-medium text-brand-700 underline"
              >
                {localized(locale, p.leading.name, p.leading.nameEn)}
              </Link>
              <span className="ml-2 text-xs text-stone-500">
                {t("pavilion.leadingNote", {
                  category: localized(locale, p.leading.categoryName, p.leading.categoryNameEn),
                })}
              </span>
            </p>
          ) : (
            <p className="mt-2 text-stone-500">{t("pavilion.noProducts")}</p>
          )}
        </section>

        <section aria-labelledby="figures-title" className="rounded-xl bg-white p-4 ring-1 ring-stone-200">
          <h2 id="figures-title" className="font-semibold">
            {t("pavilion.figures", { year: f.year })}
          </h2>
          <dl className="mt-2 grid grid-cols-2 gap-3 text-sm">
            <div>
              <dt className="text-stone-500">{t("pavilion.collectiveIncome")}</dt>
              <dd className="mt-1 text-xl font-bold" data-testid="pavilion-collective">
                {formatFen(f.collectiveIncomeFen)}
              </dd>
            </div>
            <div>
              <dt className="text-stone-500">{t("pavilion.householdIncome")}</dt>
              <dd className="mt-1 text-xl font-bold" data-testid="pavilion-household-income">
                {f.householdIncomeFen === "<5" ? (
                  <span className="text-base font-medium">{t("pavilion.withheld")}</span>
                ) : (
                  formatFen(f.householdIncomeFen)
                )}
              </dd>
            </div>
            <div>
              <dt className="text-stone-500">{t("pavilion.households")}</dt>
              <FigureValue value={f.householdsReached} testId="pavilion-households" />
            </div>
            <div>
              <dt className="text-stone-500">{t("pavilion.monitored")}</dt>
              <FigureValue value={f.monitoredReached} testId="pavilion-monitored" />
            </div>
          </dl>
          <p className="mt-3 text-xs text-stone-500">{t("pavilion.figuresNote")}</p>
          <StatsAsOf asOf={f.asOf} className="mt-1 text-xs text-stone-500" />
        </section>
      </div>

      {p.level === "town" && p.villages.length > 0 && (
        <section aria-labelledby="villages-title" className="mt-6">
          <h2 id="villages-title" className="text-lg font-semibold">
            {t("pavilion.villages")}
          </h2>
          <ul className="mt-3 grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-4">
            {p.villages.map((v) => (
              <li key={v.code}>
                <Link
                  to={`/villages/${v.code}`}
                  className="flex items-baseline justify-between gap-2 rounded-lg bg-white px-3 py-2 text-sm shadow-sm ring-1 ring-stone-200 hover:text-brand-700 hover:ring-brand-600"
                >
                  <span className="truncate">{localized(locale, v.name, v.nameEn)}</span>
                  <span className="flex-none text-xs text-stone-500">
                    {t("pavilion.villageProducts", { count: v.products })}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section
        aria-labelledby="calendar-title"
        className="mt-6 rounded-xl bg-white p-4 ring-1 ring-stone-200"
      >
        <h2 id="calendar-title" className="font-semibold">
          {t("pavilion.calendar")}
        </h2>
        <p className="mt-1 text-xs text-stone-500">{t(`pavilion.calendar.${p.calendar.source}`)}</p>
        {p.calendar.source !== "none" && (
          <ol
            className="mt-3 grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-6"
            data-testid="pavilion-calendar"
          >
            {p.calendar.months.map((m) => (
              <li
                key={m.month}
                className={`rounded-lg px-2 py-2 text-xs ring-1 ${m.items.length ? "bg-green-50 ring-green-200" : "bg-stone-50 ring-stone-200"}`}
              >
                <span className="block font-semibold text-stone-700">
                  {t("pavilion.month", { month: m.month })}
                </span>
                {m.items.map((item) => (
                  <span key={item.name} className="block truncate text-stone-700">
                    {localized(locale, item.name, item.nameEn)}
                  </span>
                ))}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="suppliers-title" className="mt-6">
        <h2 id="suppliers-title" className="text-lg font-semibold">
          {t("pavilion.suppliers")}
        </h2>
        {p.suppliers.length > 0 ? (
          <ul className="mt-3 flex flex-wrap gap-2">
            {p.suppliers.map((s) => (
              <li key={s.slug}>
                <Link
                  to={`/suppliers/${s.slug}`}
                  className="inline-block rounded-full bg-white px-3 py-1.5 text-sm shadow-sm ring-1 ring-stone-200 hover:text-brand-700 hover:ring-brand-600"
                >
                  {localized(locale, s.name, s.nameEn)}
                  {s.partyBranchLed && (
                    <span className="ml-1 text-xs text-red-700">★ {t("pavilion.partyBranchLed")}</span>
                  )}
                </Link>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2 text-stone-500">{t("pavilion.noSuppliers")}</p>
        )}
      </section>

      <section aria-labelledby="pavilion-products" className="mt-6">
        <h2 id="pavilion-products" className="mb-3 text-lg font-semibold">
          {t("pavilion.products", { count: p.products.length })}
        </h2>
        {p.products.length > 0 ? (
          <ProductGrid products={p.products} wide />
        ) : (
          <p className="text-stone-500">{t("pavilion.noProducts")}</p>
        )}
      </section>
    </main>
  );
}
