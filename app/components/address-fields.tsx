// The shipping-address fields of checkout and of the address book: recipient, mobile, the
// 省/市/区县 picker and the street address. The picker is three server-rendered selects: without
// JavaScript, choosing a province and pressing 选择 posts the form (intent "pick"), and the page
// comes back with that province's cities, everything typed kept; with JavaScript the button is
// hidden and the next select fills in place from /divisions (one level's names per request).
import { useEffect, useState } from "react";
import { FormField } from "~/components/form-field";
import type { MessageKey } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/use-locale";

/** The selects' names (Chinese, what is posted) and, on English pages, their labels. */
export type PickerOptions = {
  provinces: string[];
  cities: string[];
  districts: string[];
  labels?: Record<string, string>;
};
export type AddressValues = Partial<
  Record<"contactName" | "contactMobile" | "province" | "city" | "district" | "detail", string>
>;

/** Field error codes (storefront-forms.server.ts) as text: "required", "tooLong:30", "tooShort:5", "mobile", "division". */
export function useFieldError(fieldErrors: Record<string, string[]> | undefined) {
  const t = useT();
  return (field: string, label: string): string | null => {
    const code = fieldErrors?.[field]?.[0];
    if (!code) return null;
    const [kind, n] = code.split(":");
    if (kind === "mobile") return t("checkout.error.mobile");
    if (kind === "division") return t("checkout.error.division", { field: label });
    if (kind === "tooLong") return t("checkout.error.tooLong", { field: label, max: n });
    if (kind === "tooShort") return t("checkout.error.tooShort", { field: label, min: n });
    return t("checkout.error.required", { field: label });
  };
}

const selectClass =
  "mt-1 w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base focus:outline-none focus:ring-2 focus:ring-brand-600 aria-[invalid]:border-red-600";

type Level = { names: string[]; labels: Record<string, string> };

async function namesUnder(locale: string, province: string, city?: string): Promise<Level> {
  const query = new URLSearchParams({ province, ...(city ? { city } : {}), lang: locale });
  const response = await fetch(`/divisions?${query}`, { headers: { Accept: "application/json" } });
  if (!response.ok) return { names: [], labels: {} };
  const body = (await response.json()) as Partial<Level>;
  return { names: body.names ?? [], labels: body.labels ?? {} };
}

export function AddressFields({
  values,
  options,
  fieldErrors,
}: {
  values: AddressValues;
  options: PickerOptions;
  fieldErrors?: Record<string, string[]>;
}) {
  const t = useT();
  const errorOf = useFieldError(fieldErrors);
  const [hydrated, setHydrated] = useState(false);
  const [province, setProvince] = useState(values.province ?? "");
  const [city, setCity] = useState(values.city ?? "");
  const [district, setDistrict] = useState(values.district ?? "");
  const [cities, setCities] = useState(options.cities);
  const [districts, setDistricts] = useState(options.districts);
  const [labels, setLabels] = useState(options.labels ?? {});
  const locale = useLocale();
  const fetched = ({ names, labels: more }: Level) => {
    setLabels((known) => ({ ...known, ...more }));
    return names;
  };
  useEffect(() => setHydrated(true), []);
  // A new server answer (a "pick" post, a failed save, another saved address) resets the picker.
  useEffect(() => {
    setProvince(values.province ?? "");
    setCity(values.city ?? "");
    setDistrict(values.district ?? "");
    setCities(options.cities);
    setDistricts(options.districts);
    setLabels(options.labels ?? {});
  }, [values.province, values.city, values.district, options.cities, options.districts, options.labels]);

  const text = (name: "contactName" | "contactMobile" | "detail", label: MessageKey, extra: object) => {
    const l = t(label);
    return (
      <FormField
        name={name}
        label={l}
        error={errorOf(name, l)}
        required
        defaultValue={values[name] ?? ""}
        wrapperClassName="sm:col-span-3"
        {...extra}
      />
    );
  };
  const select = (
    name: "province" | "city" | "district",
    label: MessageKey,
    list: string[],
    value: string,
    onChange: (v: string) => void,
    autoComplete: string,
  ) => {
    const l = t(label);
    const error = errorOf(name, l);
    // A value the list does not hold (an old free-text order) stays selectable, so it is seen.
    const shown = value && !list.includes(value) ? [value, ...list] : list;
    return (
      <div>
        <label htmlFor={name} className="block text-sm font-medium">
          {l}
        </label>
        <select
          id={name}
          name={name}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          required
          autoComplete={autoComplete}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${name}-error` : undefined}
          className={selectClass}
        >
          <option value="">{t("picker.placeholder")}</option>
          {shown.map((n) => (
            <option key={n} value={n}>
              {labels[n] ?? n}
            </option>
          ))}
        </select>
        {error && (
          <p id={`${name}-error`} className="mt-1 text-sm text-red-700">
            {error}
          </p>
        )}
      </div>
    );
  };

  return (
    <div className="mt-3 grid gap-3 sm:grid-cols-3">
      {text("contactName", "checkout.contactName", { autoComplete: "name" })}
      {text("contactMobile", "checkout.mobile", { autoComplete: "tel", inputMode: "tel" })}
      {select(
        "province",
        "checkout.province",
        options.provinces,
        province,
        (v) => {
          setProvince(v);
          setCity("");
          setDistrict("");
          setCities([]);
          setDistricts([]);
          if (v) void namesUnder(locale, v).then(fetched).then(setCities);
        },
        "address-level1",
      )}
      {select(
        "city",
        "checkout.city",
        cities,
        city,
        (v) => {
          setCity(v);
          setDistrict("");
          setDistricts([]);
          if (v) void namesUnder(locale, province, v).then(fetched).then(setDistricts);
        },
        "address-level2",
      )}
      {select("district", "checkout.district", districts, district, setDistrict, "address-level3")}
      {!hydrated && (
        <div className="flex flex-wrap items-center gap-2 sm:col-span-3">
          <button
            type="submit"
            name="intent"
            value="pick"
            formNoValidate
            className="rounded-lg border border-stone-300 px-3 py-1.5 text-sm hover:bg-stone-100 focus:outline-none focus:ring-2 focus:ring-brand-600"
          >
            {t("picker.choose")}
          </button>
          <span className="text-xs text-stone-500">{t("picker.hint")}</span>
        </div>
      )}
      {text("detail", "checkout.detail", { autoComplete: "street-address" })}
    </div>
  );
}
