// Supplier staff add a product: details, up to three variants and an optional first image, in one
// multipart form that works without JavaScript. The product is saved as a draft.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormField, SubmitButton } from "~/components/form-field";
import { requireRole } from "~/models/access/auth.server";
import type { MessageKey } from "~/lib/i18n";
import { parseForm } from "~/lib/form";
import { MAX_IMAGE_BYTES } from "~/lib/uploads.server";
import { useT } from "~/lib/use-locale";
import {
  createProduct,
  productFormOptions,
  type VariantInput,
} from "~/models/catalog/supplier-catalog.server";
import { redirectWithToast } from "~/lib/toast.server";
import { ProductFieldset, type Values } from "~/components/product-fieldset";
import { parseVariant, ProductFields, productInput, textFields } from "~/models/catalog/product-form.server";
import { invariantResponse } from "~/lib/invariant";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "新增商品", "Add a product"),
  { name: "robots", content: "noindex" },
];

// ─── this page ───────────────────────────────────────────────────────────────────────────

const VARIANT_ROWS = 3;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const options = await productFormOptions({ caller: user });
  invariantResponse(options, "Not found", { status: 404 });
  return json({ options });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const read = await parseForm(request, ProductFields, { uploads: { maxBytes: MAX_IMAGE_BYTES } });
  if (read.failure || !read.form) {
    const code = read.failure === "too_large" ? "image_too_large" : "not_multipart";
    return json(
      { fieldErrors: { image: [code] } as Record<string, string[]>, values: {} as Values },
      { status: read.failure === "too_large" ? 413 : 400 },
    );
  }
  // The variant rows are read beside the schema (a row left empty is no row), from every text field.
  const values = textFields(read.form);
  const fieldErrors: Record<string, string[]> = read.ok ? {} : { ...read.fieldErrors };
  const variants: VariantInput[] = [];
  for (let i = 0; i < VARIANT_ROWS; i++) {
    const field = (name: string) =>
      typeof values[`variants.${i}.${name}`] === "string" ? (values[`variants.${i}.${name}`] as string) : "";
    const raw = {
      spec: field("spec"),
      specEn: field("specEn"),
      price: field("price"),
      stock: field("stock"),
    };
    if (!raw.spec.trim() && !raw.price.trim() && !raw.stock.trim()) continue; // an empty row
    const variant = parseVariant(raw);
    if (variant.ok) variants.push(variant.variant);
    else
      for (const [name, code] of Object.entries(variant.errors))
        fieldErrors[`variants.${i}.${name}`] = [code];
  }
  if (variants.length === 0 && !Object.keys(fieldErrors).some((k) => k.startsWith("variants.")))
    fieldErrors["variants"] = ["no_variants"];
  const input = read.ok ? productInput(read.data) : null;
  if (input && "error" in input) fieldErrors.benefitRate = [input.error];
  if (Object.keys(fieldErrors).length || !input || "error" in input)
    return json({ fieldErrors, values }, { status: 400 });

  // A file input left empty arrives as a nameless zero-byte part: that is "no image".
  const file = read.form.get("image");
  const image =
    file && typeof file !== "string" && (file.size > 0 || file.name !== "")
      ? {
          bytes: new Uint8Array(await file.arrayBuffer()),
          alt: typeof values.alt === "string" ? values.alt.slice(0, 100) : "",
        }
      : null;
  const result = await createProduct({ caller: user, input, variants, image });
  if (!result.ok) {
    invariantResponse(result.code !== "not_found", "Not found", { status: 404 });
    return json(
      { fieldErrors: { [result.field ?? "form"]: [result.code] } as Record<string, string[]>, values },
      { status: result.code === "image_too_large" ? 413 : 400 },
    );
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
  const errorText = (name: string) =>
    errors[name]?.[0] ? t(`supplierCatalog.error.${errors[name]![0]}` as MessageKey) : null;
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
            <fieldset
              key={i}
              className="min-w-0 grid grid-cols-1 gap-3 rounded-lg border border-stone-200 p-3 sm:grid-cols-4"
            >
              <legend className="px-1 text-sm font-medium">
                {t("supplierCatalog.variantRow", { n: i + 1 })}
              </legend>
              <FormField
                name={`variants.${i}.spec`}
                label={t("supplierCatalog.field.spec")}
                maxLength={60}
                defaultValue={v(`variants.${i}.spec`)}
                error={errorText(`variants.${i}.spec`)}
              />
              <FormField
                name={`variants.${i}.specEn`}
                label={t("supplierCatalog.field.specEn")}
                maxLength={100}
                defaultValue={v(`variants.${i}.specEn`)}
              />
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
          <FormField
            name="alt"
            label={t("supplierCatalog.field.alt")}
            maxLength={100}
            defaultValue={v("alt")}
          />
        </fieldset>
        <SubmitButton className="sm:w-auto sm:px-8">{t("supplierCatalog.create")}</SubmitButton>
      </Form>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
