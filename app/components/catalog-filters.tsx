// The catalogue's GET form: a search box, the filters and the sort. Without JavaScript it is a
// plain GET form (every state a URL); with it, empty fields are left out of the URL.
import { Form, Link, useNavigate } from "@remix-run/react";
import type { FormEvent, ReactNode } from "react";
import { localized } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-locale";
import {
  activeFilterCount,
  catalogHref,
  defaultSort,
  fenToYuan,
  SORTS,
  SUPPLIER_KINDS,
  type CatalogFilters,
} from "~/models/catalog/catalog-query";

export const CATALOG_FORM_ID = "catalog-filters";

type CategoryFacet = {
  slug: string;
  name: string;
  nameEn: string;
  children: { slug: string; name: string; nameEn: string }[];
};
type TownFacet = {
  code: string;
  name: string;
  nameEn: string | null;
  villages: { code: string; name: string; nameEn: string | null }[];
};

/** Submits the form as a short URL: no empty parameters. */
function useShortGetSubmit() {
  const navigate = useNavigate();
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (typeof value === "string" && value.trim() !== "") params.append(name, value.trim());
    }
    const query = params.toString();
    navigate(
      query ? `${form.getAttribute("action")}?${query}` : (form.getAttribute("action") ?? "/products"),
    );
  };
}

/** The search box; on /products it is the form the filters belong to. */
export function SearchBox({
  defaultValue,
  formId,
  autoFocus = false,
}: {
  defaultValue?: string | null;
  formId?: string;
  autoFocus?: boolean;
}) {
  const t = useT();
  const onSubmit = useShortGetSubmit();
  return (
    <Form
      method="get"
      action="/products"
      id={formId}
      role="search"
      onSubmit={onSubmit}
      className="flex gap-2"
    >
      <label className="sr-only" htmlFor={`${formId ?? "site"}-q`}>
        {t("catalog.search.label")}
      </label>
      <input
        id={`${formId ?? "site"}-q`}
        type="search"
        name="q"
        defaultValue={defaultValue ?? ""}
        placeholder={t("catalog.search.placeholder")}
        autoFocus={autoFocus}
        maxLength={100}
        enterKeyHint="search"
        className="min-w-0 flex-1 rounded-lg border border-stone-300 bg-white px-3 py-2 text-base text-stone-900 placeholder:text-stone-500 focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30"
      />
      <button
        type="submit"
        className="flex-none rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
      >
        {t("catalog.search.submit")}
      </button>
    </Form>
  );
}

function Field({ label, htmlFor, children }: { label: string; htmlFor: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={htmlFor} className="mb-1 block text-sm font-medium text-stone-700">
        {label}
      </label>
      {children}
    </div>
  );
}

const control =
  "w-full rounded-lg border border-stone-300 bg-white px-2.5 py-2 text-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30";

/**
 * The filters and the sort, tied to the search box's form by `form=`. On phones they fold into a
 * <details>; from the lg breakpoint they are always shown as a sidebar.
 */
export function CatalogFilterPanel({
  filters,
  categories,
  towns,
}: {
  filters: CatalogFilters;
  categories: CategoryFacet[];
  towns: TownFacet[];
}) {
  const t = useT();
  const locale = useLocale();
  const active = activeFilterCount(filters);
  const f = CATALOG_FORM_ID;
  return (
    <details className="catalog-filters group rounded-xl bg-white ring-1 ring-stone-200 lg:[&::details-content]:[content-visibility:visible] lg:[&::details-content]:block">
      <summary className="flex cursor-pointer list-none items-center justify-between px-4 py-3 font-medium [&::-webkit-details-marker]:hidden">
        <span>
          {t("catalog.filters")}
          {active > 0 && (
            <span className="ml-2 rounded-full bg-brand-100 px-2 py-0.5 text-xs text-brand-700">
              {t("catalog.filtersActive", { count: active })}
            </span>
          )}
        </span>
        <svg
          aria-hidden
          width="20"
          height="20"
          viewBox="0 0 20 20"
          className="h-5 w-5 text-stone-500 transition-transform group-open:rotate-180 lg:hidden"
        >
          <path
            d="M5 8l5 5 5-5"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
      </summary>
      <div className="space-y-4 border-t border-stone-100 px-4 pb-4 pt-3">
        <Field label={t("catalog.sort")} htmlFor="f-sort">
          {/* "" is the default order: by relevance with a search, by sales without one. */}
          <select
            id="f-sort"
            name="sort"
            form={f}
            defaultValue={filters.sort === defaultSort(filters) ? "" : filters.sort}
            className={control}
          >
            <option value="">{t("catalog.sort.default")}</option>
            {SORTS.filter((s) => s !== "relevance").map((s) => (
              <option key={s} value={s}>
                {t(`catalog.sort.${s}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("catalog.category")} htmlFor="f-category">
          <select
            id="f-category"
            name="category"
            form={f}
            defaultValue={filters.category ?? ""}
            className={control}
          >
            <option value="">{t("catalog.allCategories")}</option>
            {categories.map((c) => (
              <optgroup key={c.slug} label={localized(locale, c.name, c.nameEn)}>
                <option value={c.slug}>
                  {t("catalog.allOf", { name: localized(locale, c.name, c.nameEn) })}
                </option>
                {c.children.map((x) => (
                  <option key={x.slug} value={x.slug}>
                    {localized(locale, x.name, x.nameEn)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </Field>
        <Field label={t("catalog.town")} htmlFor="f-town">
          <select id="f-town" name="town" form={f} defaultValue={filters.town ?? ""} className={control}>
            <option value="">{t("catalog.allTowns")}</option>
            {towns.map((town) => (
              <option key={town.code} value={town.code}>
                {localized(locale, town.name, town.nameEn)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("catalog.village")} htmlFor="f-village">
          <select
            id="f-village"
            name="village"
            form={f}
            defaultValue={filters.village ?? ""}
            className={control}
          >
            <option value="">{t("catalog.allVillages")}</option>
            {towns
              .filter((town) => town.villages.length > 0)
              .map((town) => (
                <optgroup key={town.code} label={localized(locale, town.name, town.nameEn)}>
                  {town.villages.map((v) => (
                    <option key={v.code} value={v.code}>
                      {localized(locale, v.name, v.nameEn)}
                    </option>
                  ))}
                </optgroup>
              ))}
          </select>
        </Field>
        <Field label={t("catalog.kind")} htmlFor="f-kind">
          <select id="f-kind" name="kind" form={f} defaultValue={filters.kind ?? ""} className={control}>
            <option value="">{t("catalog.allKinds")}</option>
            {SUPPLIER_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`catalog.kind.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <fieldset>
          <legend className="mb-1 text-sm font-medium text-stone-700">{t("catalog.price")}</legend>
          <div className="flex items-center gap-2">
            <label htmlFor="f-min" className="sr-only">
              {t("catalog.priceMin")}
            </label>
            <input
              id="f-min"
              name="minPrice"
              form={f}
              inputMode="decimal"
              autoComplete="off"
              placeholder={t("catalog.priceMinShort")}
              defaultValue={filters.minPriceFen === null ? "" : fenToYuan(filters.minPriceFen)}
              className={`${control} min-w-0`}
            />
            <span aria-hidden className="text-stone-500">
              –
            </span>
            <label htmlFor="f-max" className="sr-only">
              {t("catalog.priceMax")}
            </label>
            <input
              id="f-max"
              name="maxPrice"
              form={f}
              inputMode="decimal"
              autoComplete="off"
              placeholder={t("catalog.priceMaxShort")}
              defaultValue={filters.maxPriceFen === null ? "" : fenToYuan(filters.maxPriceFen)}
              className={`${control} min-w-0`}
            />
          </div>
        </fieldset>
        <div className="space-y-2 text-sm">
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              name="certified"
              value="1"
              form={f}
              defaultChecked={filters.certified}
              className="h-4 w-4 accent-brand-600"
            />
            {t("catalog.certifiedOnly")}
          </label>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              name="inStock"
              value="1"
              form={f}
              defaultChecked={filters.inStock}
              className="h-4 w-4 accent-brand-600"
            />
            {t("catalog.inStockOnly")}
          </label>
        </div>
        <div className="flex items-center justify-between gap-3 pt-1">
          <button
            type="submit"
            form={f}
            className="flex-1 rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
          >
            {t("catalog.apply")}
          </button>
          <Link
            to={catalogHref({
              ...filters,
              category: null,
              town: null,
              village: null,
              kind: null,
              certified: false,
              inStock: false,
              minPriceFen: null,
              maxPriceFen: null,
            })}
            className="text-sm text-brand-700 hover:underline"
          >
            {t("catalog.clear")}
          </Link>
        </div>
      </div>
    </details>
  );
}
