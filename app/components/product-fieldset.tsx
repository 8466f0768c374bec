// The product's own fields (name, category, village, texts, rate), for the supplier's new and
// edit pages; the values and error codes come from product-form.server.ts via the actions.
import { FormField } from "./form-field";
import { localized, type MessageKey } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-locale";
import type { productFormOptions } from "~/models/catalog/supplier-catalog.server";

type Options = NonNullable<Awaited<ReturnType<typeof productFormOptions>>>;
export type Values = Record<string, string | string[] | undefined>;

const controlClass =
  "mt-1 w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base focus:outline-none focus:ring-2 focus:ring-brand-600 aria-[invalid]:border-red-600";

function ErrorText({ id, code }: { id: string; code: string | undefined }) {
  const t = useT();
  return code ? (
    <p id={id} className="mt-1 text-sm text-red-700">
      {t(`supplierCatalog.error.${code}` as MessageKey)}
    </p>
  ) : null;
}

/** The product's own fields, for the new and the edit page. */
export function ProductFieldset({
  options,
  values,
  errors,
}: {
  options: Options;
  values: Values;
  errors: Record<string, string[] | undefined>;
}) {
  const t = useT();
  const locale = useLocale();
  const v = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : "");
  const err = (name: string) => errors[name]?.[0];
  const errorText = (name: string) =>
    err(name) ? t(`supplierCatalog.error.${err(name)}` as MessageKey) : null;
  const invalid = (name: string) =>
    err(name) ? { "aria-invalid": true as const, "aria-describedby": `${name}-error` } : {};
  const months = new Set(
    (Array.isArray(values.seasonMonths)
      ? values.seasonMonths
      : values.seasonMonths
        ? [values.seasonMonths]
        : []
    ).map(String),
  );
  return (
    <fieldset className="min-w-0 space-y-4">
      <legend className="text-lg font-semibold">{t("supplierCatalog.section.details")}</legend>
      <FormField
        name="name"
        label={t("supplierCatalog.field.name")}
        required
        maxLength={60}
        defaultValue={v("name")}
        error={errorText("name")}
      />
      <FormField
        name="nameEn"
        label={t("supplierCatalog.field.nameEn")}
        maxLength={100}
        defaultValue={v("nameEn")}
        error={errorText("nameEn")}
      />
      <FormField
        name="subtitle"
        label={t("supplierCatalog.field.subtitle")}
        maxLength={80}
        defaultValue={v("subtitle")}
        error={errorText("subtitle")}
      />
      <div>
        <label htmlFor="description" className="block text-sm font-medium">
          {t("supplierCatalog.field.description")}
        </label>
        <textarea
          id="description"
          name="description"
          rows={4}
          maxLength={2000}
          defaultValue={v("description")}
          className={controlClass}
          {...invalid("description")}
        />
        <ErrorText id="description-error" code={err("description")} />
      </div>
      <FormField
        name="subtitleEn"
        label={t("showcase.subtitleEn")}
        maxLength={160}
        defaultValue={v("subtitleEn")}
        error={errorText("subtitleEn")}
      />
      <div>
        <label htmlFor="descriptionEn" className="block text-sm font-medium">
          {t("showcase.descriptionEn")}
        </label>
        <textarea
          id="descriptionEn"
          name="descriptionEn"
          rows={3}
          maxLength={4000}
          defaultValue={v("descriptionEn")}
          className={controlClass}
          {...invalid("descriptionEn")}
        />
        <ErrorText id="descriptionEn-error" code={err("descriptionEn")} />
      </div>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="categoryId" className="block text-sm font-medium">
            {t("supplierCatalog.field.category")}
          </label>
          <select
            id="categoryId"
            name="categoryId"
            required
            defaultValue={v("categoryId")}
            className={controlClass}
            {...invalid("categoryId")}
          >
            <option value="">—</option>
            {options.categoryGroups.map((g) =>
              g.children.length ? (
                <optgroup key={g.id} label={localized(locale, g.name, g.nameEn)}>
                  {g.children.map((c) => (
                    <option key={c.id} value={c.id}>
                      {localized(locale, c.name, c.nameEn)}
                    </option>
                  ))}
                </optgroup>
              ) : (
                <option key={g.id} value={g.id}>
                  {localized(locale, g.name, g.nameEn)}
                </option>
              ),
            )}
          </select>
          <ErrorText id="categoryId-error" code={err("categoryId")} />
        </div>
        <div>
          <label htmlFor="originVillageId" className="block text-sm font-medium">
            {t("supplierCatalog.field.village")}
          </label>
          <select
            id="originVillageId"
            name="originVillageId"
            required
            defaultValue={v("originVillageId") || String(options.defaultVillageId)}
            className={controlClass}
            {...invalid("originVillageId")}
          >
            {options.villages.map((village) => (
              <option key={village.id} value={village.id}>
                {localized(locale, village.name, village.nameEn)}
              </option>
            ))}
          </select>
          <ErrorText id="originVillageId-error" code={err("originVillageId")} />
        </div>
      </div>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <FormField
          name="benefitRate"
          label={t("supplierCatalog.field.benefitRate")}
          inputMode="decimal"
          defaultValue={v("benefitRate")}
          hint={t("supplierCatalog.field.benefitRate.hint", { rate: options.supplierRateBp / 100 })}
          error={errorText("benefitRate")}
        />
        <FormField
          name="traceCode"
          label={t("supplierCatalog.field.traceCode")}
          maxLength={40}
          defaultValue={v("traceCode")}
          error={errorText("traceCode")}
        />
      </div>
      <fieldset className="min-w-0">
        <legend className="text-sm font-medium">{t("supplierCatalog.field.season")}</legend>
        <div className="mt-1 flex flex-wrap gap-2">
          {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
            <label
              key={m}
              className="flex items-center gap-1 rounded border border-stone-300 px-2 py-1 text-sm"
            >
              <input type="checkbox" name="seasonMonths" value={m} defaultChecked={months.has(String(m))} />
              {locale === "en" ? new Date(2026, m - 1, 1).toLocaleString("en", { month: "short" }) : `${m}月`}
            </label>
          ))}
        </div>
      </fieldset>
    </fieldset>
  );
}
