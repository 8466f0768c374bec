// Supplier staff add a product: details, up to three variants and an optional first image, in one
// multipart form that works without JavaScript. The product is saved as a draft.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormField, SubmitButton } from "~/components/form-field";
import { requireRole } from "~/lib/auth.server";
import { localized, type MessageKey } from "~/lib/i18n";
import { MAX_IMAGE_BYTES, readMultipartForm } from "~/lib/uploads.server";
import { useLocale, useT } from "~/lib/use-locale";
import { yuanToFen } from "~/models/catalog/catalog-query";
import { createProduct, percentToBp, productFormOptions, type ProductInput, type VariantInput } from "~/models/catalog/supplier-catalog.server";
import { redirectWithToast } from "~/lib/toast.server";

export const meta: MetaFunction = () => [{ title: "新增商品 · Add a product" }, { name: "robots", content: "noindex" }];

// ─── shared with supplier.products.$id.tsx ───────────────────────────────────────────────

const optionalText = (max: number) => z.string().trim().max(max, "too_long").optional().default("");
const id = z.string({ error: "required" }).trim().regex(/^\d{1,9}$/, "required").transform(Number);

/** The product's own fields as posted (error codes are message suffixes: supplierCatalog.error.<code>). */
export const ProductFields = z.object({
  name: z.string({ error: "required" }).trim().min(1, "required").max(60, "too_long"),
  nameEn: optionalText(100),
  subtitle: optionalText(80),
  description: optionalText(2000),
  categoryId: id.pipe(z.number().int().positive({ error: "invalid_category" })),
  originVillageId: id.pipe(z.number().int().positive({ error: "invalid_village" })),
  benefitRate: optionalText(6).refine((v) => v === "" || /^\d{1,3}(\.\d{1,2})?$/.test(v), "invalid_rate"),
  seasonMonths: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).map(Number).filter((m) => Number.isInteger(m) && m >= 1 && m <= 12)),
  traceCode: optionalText(40),
});

/** ProductFields → the model's input; the percentage becomes basis points exactly. */
export function productInput(data: z.infer<typeof ProductFields>): ProductInput | { error: "invalid_rate" } {
  const benefitRateBp = data.benefitRate === "" ? null : percentToBp(data.benefitRate);
  if (data.benefitRate !== "" && benefitRateBp === null) return { error: "invalid_rate" };
  return {
    name: data.name,
    nameEn: data.nameEn || null,
    subtitle: data.subtitle,
    description: data.description,
    categoryId: data.categoryId,
    originVillageId: data.originVillageId,
    benefitRateBp,
    seasonMonths: data.seasonMonths,
    traceCode: data.traceCode || null,
  };
}

/** One variant as typed: price in yuan (≤ 2 decimals) → fen, stock a whole number. */
export function parseVariant(raw: { spec?: string; specEn?: string; price?: string; stock?: string }): { ok: true; variant: VariantInput } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const spec = (raw.spec ?? "").trim();
  if (!spec || spec.length > 60) errors.spec = "invalid_spec";
  const priceFen = yuanToFen(raw.price ?? "");
  if (priceFen === null || priceFen <= 0) errors.price = "invalid_price";
  const stockText = (raw.stock ?? "").trim();
  if (!/^\d{1,7}$/.test(stockText)) errors.stock = "invalid_stock";
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, variant: { spec, specEn: (raw.specEn ?? "").trim().slice(0, 100) || null, priceFen: priceFen!, stock: Number(stockText) } };
}

/** Text fields of a (multipart) form as an object: repeated names become arrays, files are left out. */
export function textFields(form: FormData): Record<string, string | string[]> {
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    if (all.length) raw[key] = all.length > 1 ? all : all[0];
  }
  return raw;
}

export function fieldErrorsOf(issues: z.core.$ZodIssue[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of issues) (out[issue.path.join(".") || "form"] ??= []).push(issue.message);
  return out;
}

type Options = NonNullable<Awaited<ReturnType<typeof productFormOptions>>>;
type Values = Record<string, string | string[] | undefined>;

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
export function ProductFieldset({ options, values, errors }: { options: Options; values: Values; errors: Record<string, string[] | undefined> }) {
  const t = useT();
  const locale = useLocale();
  const v = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : "");
  const err = (name: string) => errors[name]?.[0];
  const errorText = (name: string) => (err(name) ? t(`supplierCatalog.error.${err(name)}` as MessageKey) : null);
  const invalid = (name: string) => (err(name) ? { "aria-invalid": true as const, "aria-describedby": `${name}-error` } : {});
  const months = new Set((Array.isArray(values.seasonMonths) ? values.seasonMonths : values.seasonMonths ? [values.seasonMonths] : []).map(String));
  return (
    <fieldset className="min-w-0 space-y-4">
      <legend className="text-lg font-semibold">{t("supplierCatalog.section.details")}</legend>
      <FormField name="name" label={t("supplierCatalog.field.name")} required maxLength={60} defaultValue={v("name")} error={errorText("name")} />
      <FormField name="nameEn" label={t("supplierCatalog.field.nameEn")} maxLength={100} defaultValue={v("nameEn")} error={errorText("nameEn")} />
      <FormField name="subtitle" label={t("supplierCatalog.field.subtitle")} maxLength={80} defaultValue={v("subtitle")} error={errorText("subtitle")} />
      <div>
        <label htmlFor="description" className="block text-sm font-medium">
          {t("supplierCatalog.field.description")}
        </label>
        <textarea id="description" name="description" rows={4} maxLength={2000} defaultValue={v("description")} className={controlClass} {...invalid("description")} />
        <ErrorText id="description-error" code={err("description")} />
      </div>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="categoryId" className="block text-sm font-medium">
            {t("supplierCatalog.field.category")}
          </label>
          <select id="categoryId" name="categoryId" required defaultValue={v("categoryId")} className={controlClass} {...invalid("categoryId")}>
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
        <FormField name="traceCode" label={t("supplierCatalog.field.traceCode")} maxLength={40} defaultValue={v("traceCode")} error={errorText("traceCode")} />
      </div>
      <fieldset className="min-w-0">
        <legend className="text-sm font-medium">{t("supplierCatalog.field.season")}</legend>
        <div className="mt-1 flex flex-wrap gap-2">
          {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
            <label key={m} className="flex items-center gap-1 rounded border border-stone-300 px-2 py-1 text-sm">
              <input type="checkbox" name="seasonMonths" value={m} defaultChecked={months.has(String(m))} />
              {locale === "en" ? new Date(2026, m - 1, 1).toLocaleString("en", { month: "short" }) : `${m}月`}
            </label>
          ))}
        </div>
      </fieldset>
    </fieldset>
  );
}

// ─── this page ───────────────────────────────────────────────────────────────────────────

const VARIANT_ROWS = 3;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const options = await productFormOptions({ caller: user });
  if (!options) throw new Response("Not found", { status: 404 });
  return json({ options });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const read = await readMultipartForm(request, { maxBytes: MAX_IMAGE_BYTES });
  if (!read.ok) {
    const code = read.error === "too_large" ? "image_too_large" : "not_multipart";
    return json({ fieldErrors: { image: [code] } as Record<string, string[]>, values: {} as Values }, { status: read.error === "too_large" ? 413 : 400 });
  }
  const values = textFields(read.form);
  const fieldErrors: Record<string, string[]> = {};
  const parsed = ProductFields.safeParse(values);
  if (!parsed.success) Object.assign(fieldErrors, fieldErrorsOf(parsed.error.issues));
  const variants: VariantInput[] = [];
  for (let i = 0; i < VARIANT_ROWS; i++) {
    const field = (name: string) => (typeof values[`variants.${i}.${name}`] === "string" ? (values[`variants.${i}.${name}`] as string) : "");
    const raw = { spec: field("spec"), specEn: field("specEn"), price: field("price"), stock: field("stock") };
    if (!raw.spec.trim() && !raw.price.trim() && !raw.stock.trim()) continue; // an empty row
    const variant = parseVariant(raw);
    if (variant.ok) variants.push(variant.variant);
    else for (const [name, code] of Object.entries(variant.errors)) fieldErrors[`variants.${i}.${name}`] = [code];
  }
  if (variants.length === 0 && !Object.keys(fieldErrors).some((k) => k.startsWith("variants."))) fieldErrors["variants"] = ["no_variants"];
  const input = parsed.success ? productInput(parsed.data) : null;
  if (input && "error" in input) fieldErrors.benefitRate = [input.error];
  if (Object.keys(fieldErrors).length || !input || "error" in input) return json({ fieldErrors, values }, { status: 400 });

  // A file input left empty arrives as a nameless zero-byte part: that is "no image".
  const file = read.form.get("image");
  const image =
    file && typeof file !== "string" && (file.size > 0 || file.name !== "")
      ? { bytes: new Uint8Array(await file.arrayBuffer()), alt: typeof values.alt === "string" ? values.alt.slice(0, 100) : "" }
      : null;
  const result = await createProduct({ caller: user, input, variants, image });
  if (!result.ok) {
    if (result.code === "not_found") throw new Response("Not found", { status: 404 });
    return json({ fieldErrors: { [result.field ?? "form"]: [result.code] } as Record<string, string[]>, values }, { status: result.code === "image_too_large" ? 413 : 400 });
  }
  return redirectWithToast(request, `/supplier/products/${result.id}`, "supplierCatalog.toast.created");
}

export default function NewProductPage() {
  const { options } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const values = (actionData?.values ?? {}) as Values;
  const errors = (actionData?.fieldErrors ?? {}) as Record<string, string[] | undefined>;
  const v = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : "");
  const errorText = (name: string) => (errors[name]?.[0] ? t(`supplierCatalog.error.${errors[name]![0]}` as MessageKey) : null);
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <p className="text-sm">
        <Link to="/supplier/products" className="text-brand-700 underline">
          {t("supplierCatalog.back")}
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{t("supplierCatalog.new.title")}</h1>
      <p className="mt-2 text-sm text-stone-600">{t("supplierCatalog.new.intro")}</p>
      {(errors.form || errors.variants) && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {errorText("form") ?? errorText("variants")}
        </p>
      )}
      <Form method="post" encType="multipart/form-data" className="mt-6 max-w-3xl space-y-8" noValidate>
        <ProductFieldset options={options} values={values} errors={errors} />
        <fieldset className="min-w-0 space-y-4">
          <legend className="text-lg font-semibold">{t("supplierCatalog.section.variants")}</legend>
          <p className="text-sm text-stone-600">{t("supplierCatalog.variants.hint")}</p>
          {Array.from({ length: VARIANT_ROWS }, (_, i) => (
            <fieldset key={i} className="min-w-0 grid grid-cols-1 gap-3 rounded-lg border border-stone-200 p-3 sm:grid-cols-4">
              <legend className="px-1 text-sm font-medium">{t("supplierCatalog.variantRow", { n: i + 1 })}</legend>
              <FormField name={`variants.${i}.spec`} label={t("supplierCatalog.field.spec")} maxLength={60} defaultValue={v(`variants.${i}.spec`)} error={errorText(`variants.${i}.spec`)} />
              <FormField name={`variants.${i}.specEn`} label={t("supplierCatalog.field.specEn")} maxLength={100} defaultValue={v(`variants.${i}.specEn`)} />
              <FormField
                name={`variants.${i}.price`}
                label={t("supplierCatalog.field.price")}
                inputMode="decimal"
                defaultValue={v(`variants.${i}.price`)}
                error={errorText(`variants.${i}.price`)}
              />
              <FormField
                name={`variants.${i}.stock`}
                label={t("supplierCatalog.field.stock")}
                inputMode="numeric"
                defaultValue={v(`variants.${i}.stock`)}
                error={errorText(`variants.${i}.stock`)}
              />
            </fieldset>
          ))}
        </fieldset>
        <fieldset className="min-w-0 space-y-4">
          <legend className="text-lg font-semibold">{t("supplierCatalog.section.images")}</legend>
          <FormField
            name="image"
            type="file"
            accept="image/jpeg,image/png,image/webp,image/avif,image/gif"
            label={t("supplierCatalog.field.image")}
            hint={t("supplierCatalog.image.hint")}
            error={errorText("image")}
          />
          <FormField name="alt" label={t("supplierCatalog.field.alt")} maxLength={100} defaultValue={v("alt")} />
        </fieldset>
        <SubmitButton className="sm:w-auto sm:px-8">{t("supplierCatalog.create")}</SubmitButton>
      </Form>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
