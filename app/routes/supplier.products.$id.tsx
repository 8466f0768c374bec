// One of the supplier's products: edit details, variants (price, stock, on sale), images, and
// publish or withdraw. Each part is its own small form with an intent, so every change works
// without JavaScript. Another supplier's product (or a variant or image of it) is a 404.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { StatusBadge, type BadgeTone } from "~/components/status-badge";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormField, SubmitButton } from "~/components/form-field";
import { requireRole } from "~/models/access/auth.server";
import { parseForm } from "~/lib/form";
import type { MessageKey } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { fileBytes, MAX_IMAGE_BYTES } from "~/lib/uploads.server";
import { useT } from "~/lib/use-locale";
import { fenToYuan } from "~/models/catalog/catalog-query";
import {
  addProductImage,
  addVariant,
  getSupplierProduct,
  makePrimaryImage,
  productFormOptions,
  removeProductImage,
  setProductStatus,
  updateProduct,
  updateVariant,
  type CatalogResult,
} from "~/models/catalog/supplier-catalog.server";
import { ProductFieldset } from "~/components/product-fieldset";
import { parseVariant, ProductFields, productInput, textFields } from "~/models/catalog/product-form.server";
import { redirectWithToast } from "~/lib/toast.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  ...titleMeta(
    matches,
    `${data?.product.name ?? "商品"} · 商品管理`,
    `${data?.product.nameEn || data?.product.name || "Product"} · Catalogue`,
  ),
  { name: "robots", content: "noindex" },
];

const notFound = () => new Response("Not found", { status: 404 });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const product = await getSupplierProduct({ caller: user, productId: params.id ?? "" });
  if (!product) throw notFound();
  const options = await productFormOptions({ caller: user });
  if (!options) throw notFound();
  return json({ product, options });
}

const variantFields = {
  spec: z.string().optional().default(""),
  specEn: z.string().optional().default(""),
  price: z.string().optional().default(""),
  stock: z.string().optional().default(""),
};
// The image form: the file is taken from the FormData; the alt text, cut to 100, is optional.
const ImageUpload = z.object({
  alt: z
    .string()
    .transform((v) => v.slice(0, 100))
    .catch(""),
});
// Made by the action: ProductFields comes from a .server module, which the browser build leaves
// empty, so a schema built at module scope fails to load the page's route module in the browser.
const intentSchema = () =>
  z.discriminatedUnion("intent", [
    ProductFields.extend({ intent: z.literal("update") }),
    z.object({
      intent: z.literal("variant"),
      variantId: z.string().max(64),
      active: z.string().optional(),
      ...variantFields,
    }),
    z.object({ intent: z.literal("addVariant"), ...variantFields }),
    z.object({ intent: z.enum(["publish", "withdraw"]) }),
    z.object({ intent: z.enum(["removeImage", "primaryImage"]), imageId: z.string().max(64) }),
  ]);

type Reply = {
  intent: string;
  target?: string;
  fieldErrors: Record<string, string[]>;
  values?: Record<string, unknown>;
};

const TOASTS: Record<string, MessageKey> = {
  update: "supplierCatalog.toast.saved",
  variant: "supplierCatalog.toast.saved",
  addVariant: "supplierCatalog.toast.saved",
  publish: "supplierCatalog.toast.published",
  withdraw: "supplierCatalog.toast.withdrawn",
  removeImage: "supplierCatalog.toast.imageRemoved",
  primaryImage: "supplierCatalog.toast.saved",
  uploadImage: "supplierCatalog.toast.imageAdded",
};

async function done(
  request: Request,
  intent: string,
  result: CatalogResult,
  reply: Omit<Reply, "fieldErrors">,
) {
  if (!result.ok) {
    if (result.code === "not_found") throw notFound();
    const field = result.field?.replace(/^(variant|new)\./, "") ?? "form";
    return json({ ...reply, fieldErrors: { [field]: [result.code] } } satisfies Reply, {
      status: result.code === "image_too_large" ? 413 : 400,
    });
  }
  const url = new URL(request.url);
  return redirectWithToast(request, url.pathname, TOASTS[intent]);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const productId = params.id ?? "";
  // Image upload: the only multipart form on the page.
  if ((request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/")) {
    const read = await parseForm(request, ImageUpload, { uploads: { maxBytes: MAX_IMAGE_BYTES } });
    const reply = { intent: "uploadImage" };
    if (read.failure || !read.form) {
      const code = read.failure === "too_large" ? "image_too_large" : "not_multipart";
      return json({ ...reply, fieldErrors: { image: [code] } } satisfies Reply, {
        status: read.failure === "too_large" ? 413 : 400,
      });
    }
    const bytes = await fileBytes(read.form, "image");
    if (!bytes)
      return json({ ...reply, fieldErrors: { image: ["image_missing"] } } satisfies Reply, { status: 400 });
    const result = await addProductImage({
      caller: user,
      productId,
      bytes,
      alt: read.ok ? read.data.alt : "",
    });
    return done(request, "uploadImage", result, reply);
  }

  // What was typed goes back to the details form on an error, so nothing is lost without JavaScript.
  // parseForm reads a copy first: a body that is not a form is a 400 before anything else reads it.
  const form = await parseForm(request.clone(), intentSchema());
  const posted = textFields(await request.formData());
  if (!form.ok) {
    // The intent itself was missing or unknown, or the product's fields were wrong.
    return json({ intent: "update", fieldErrors: form.fieldErrors, values: posted } satisfies Reply, {
      status: 400,
    });
  }
  const data = form.data;
  switch (data.intent) {
    case "update": {
      const input = productInput(data);
      if ("error" in input)
        return json(
          { intent: "update", fieldErrors: { benefitRate: [input.error] }, values: posted } satisfies Reply,
          { status: 400 },
        );
      return done(request, data.intent, await updateProduct({ caller: user, productId, input }), {
        intent: "update",
        values: posted,
      });
    }
    case "variant": {
      const parsed = parseVariant(data);
      const reply = { intent: "variant", target: data.variantId, values: data };
      if (!parsed.ok)
        return json(
          {
            ...reply,
            fieldErrors: Object.fromEntries(Object.entries(parsed.errors).map(([k, v]) => [k, [v]])),
          } satisfies Reply,
          { status: 400 },
        );
      const result = await updateVariant({
        caller: user,
        productId,
        variantId: data.variantId,
        input: { ...parsed.variant, active: data.active === "on" },
      });
      return done(request, data.intent, result, reply);
    }
    case "addVariant": {
      const parsed = parseVariant(data);
      const reply = { intent: "addVariant", values: data };
      if (!parsed.ok)
        return json(
          {
            ...reply,
            fieldErrors: Object.fromEntries(Object.entries(parsed.errors).map(([k, v]) => [k, [v]])),
          } satisfies Reply,
          { status: 400 },
        );
      return done(
        request,
        data.intent,
        await addVariant({ caller: user, productId, input: parsed.variant }),
        reply,
      );
    }
    case "publish":
    case "withdraw": {
      const result = await setProductStatus({
        caller: user,
        productId,
        status: data.intent === "publish" ? "active" : "withdrawn",
      });
      return done(request, data.intent, result, { intent: "status" });
    }
    case "removeImage":
      return done(
        request,
        data.intent,
        await removeProductImage({ caller: user, productId, imageId: data.imageId }),
        { intent: "images" },
      );
    case "primaryImage":
      return done(
        request,
        data.intent,
        await makePrimaryImage({ caller: user, productId, imageId: data.imageId }),
        { intent: "images" },
      );
  }
}

const statusTone: Record<string, BadgeTone> = { draft: "neutral", active: "good", withdrawn: "warn" };

export default function SupplierProductPage() {
  const { product, options } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const t = useT();
  const errorsFor = (intent: string, target?: string) =>
    reply && reply.intent === intent && reply.target === target ? reply.fieldErrors : {};
  const errorText = (errors: Record<string, string[] | undefined>, name: string) =>
    errors[name]?.[0] ? t(`supplierCatalog.error.${errors[name]![0]}` as MessageKey) : null;
  const productValues = {
    name: product.name,
    nameEn: product.nameEn ?? "",
    subtitle: product.subtitle,
    description: product.description,
    subtitleEn: product.subtitleEn ?? "",
    descriptionEn: product.descriptionEn ?? "",
    categoryId: String(product.categoryId),
    originVillageId: String(product.originVillageId),
    benefitRate: product.benefitRateBp === null ? "" : String(product.benefitRateBp / 100),
    seasonMonths: product.seasonMonths.map(String),
    traceCode: product.traceCode ?? "",
  };
  const statusErrors = errorsFor("status");
  const imageErrors = { ...errorsFor("uploadImage"), ...errorsFor("images") };
  const addErrors = errorsFor("addVariant");
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <p className="text-sm">
        <Link to="/supplier/products" className="text-brand-700 underline">
          {t("supplierCatalog.back")}
        </Link>
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold">{product.name}</h1>
        <StatusBadge size="sm" tone={statusTone[product.status]}>
          {t(`supplierCatalog.status.${product.status}`)}
        </StatusBadge>
        {product.certified && (
          <StatusBadge size="sm" tone="brand">
            {t("supplierCatalog.certified")}
          </StatusBadge>
        )}
        {product.status === "active" && (
          <Link to={`/products/${product.slug}`} className="text-sm text-brand-700 underline">
            {t("supplierCatalog.viewInStore")}
          </Link>
        )}
      </div>
      {product.certified && (
        <p className="mt-3 rounded-lg bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
          {t("supplierCatalog.certifiedWarning")}
        </p>
      )}

      <section aria-labelledby="status-heading" className="mt-6 rounded-lg border border-stone-200 p-4">
        <h2 id="status-heading" className="text-lg font-semibold">
          {t("supplierCatalog.section.status")}
        </h2>
        <p className="mt-1 text-sm text-stone-600">{t(`supplierCatalog.status.${product.status}.help`)}</p>
        {statusErrors.form && (
          <p role="alert" className="mt-2 text-sm text-red-700">
            {errorText(statusErrors, "form")}
          </p>
        )}
        <Form method="post" className="mt-3">
          {product.status === "active" ? (
            <button
              name="intent"
              value="withdraw"
              className="rounded-lg border border-amber-400 px-4 py-2 font-semibold text-amber-800 hover:bg-amber-50"
            >
              {t("supplierCatalog.withdraw")}
            </button>
          ) : (
            <button
              name="intent"
              value="publish"
              className="rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700"
            >
              {t("supplierCatalog.publish")}
            </button>
          )}
        </Form>
      </section>

      <section aria-labelledby="variants-heading" className="mt-6">
        <h2 id="variants-heading" className="text-lg font-semibold">
          {t("supplierCatalog.section.variants")}
        </h2>
        <ul className="mt-3 space-y-3">
          {product.variants.map((variant) => {
            const errors = errorsFor("variant", variant.id);
            const prefix = `v-${variant.id}`;
            return (
              <li key={variant.id} className="rounded-lg border border-stone-200 p-3">
                <p className="text-sm text-stone-600">
                  {t("supplierCatalog.sku", { sku: variant.sku })} · {formatFen(variant.priceFen)}
                  {!variant.active && (
                    <span className="ml-2 text-amber-700">{t("supplierCatalog.inactive")}</span>
                  )}
                </p>
                <Form method="post" className="mt-2 grid grid-cols-1 items-end gap-3 sm:grid-cols-6">
                  <input type="hidden" name="intent" value="variant" />
                  <input type="hidden" name="variantId" value={variant.id} />
                  <VariantInputs
                    prefix={prefix}
                    values={{
                      spec: variant.spec,
                      specEn: variant.specEn ?? "",
                      price: fenToYuan(variant.priceFen),
                      stock: String(variant.stock),
                    }}
                    errors={errors}
                  />
                  <label className="flex items-center gap-2 text-sm">
                    <input type="checkbox" name="active" defaultChecked={variant.active} />
                    {t("supplierCatalog.field.active")}
                  </label>
                  <button
                    type="submit"
                    className="rounded-lg border border-brand-600 px-3 py-2 font-semibold text-brand-700 hover:bg-brand-50"
                  >
                    {t("supplierCatalog.saveVariant")}
                  </button>
                  {errors.active && (
                    <p className="text-sm text-red-700 sm:col-span-6">{errorText(errors, "active")}</p>
                  )}
                </Form>
              </li>
            );
          })}
        </ul>
        <Form
          method="post"
          className="mt-4 grid grid-cols-1 items-end gap-3 rounded-lg border border-dashed border-stone-300 p-3 sm:grid-cols-6"
        >
          <input type="hidden" name="intent" value="addVariant" />
          <VariantInputs
            prefix="new"
            values={(reply?.intent === "addVariant" ? reply.values : {}) as Record<string, string>}
            errors={addErrors}
          />
          <button
            type="submit"
            className="rounded-lg border border-brand-600 px-3 py-2 font-semibold text-brand-700 hover:bg-brand-50 sm:col-span-2"
          >
            {t("supplierCatalog.addVariant")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="images-heading" className="mt-8">
        <h2 id="images-heading" className="text-lg font-semibold">
          {t("supplierCatalog.section.images")}
        </h2>
        {product.images.length === 0 ? (
          <p className="mt-2 text-sm text-stone-600">{t("supplierCatalog.noImages")}</p>
        ) : (
          <ul className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-4">
            {product.images.map((image, i) => (
              <li key={image.id} className="rounded-lg border border-stone-200 p-2">
                <img
                  src={image.path}
                  alt={image.alt}
                  width={image.width ?? undefined}
                  height={image.height ?? undefined}
                  className="aspect-[4/3] w-full rounded object-cover"
                  loading="lazy"
                />
                {i === 0 && (
                  <p className="mt-1 text-xs font-semibold text-brand-700">
                    {t("supplierCatalog.mainImage")}
                  </p>
                )}
                <Form method="post" className="mt-2 flex flex-wrap gap-2">
                  <input type="hidden" name="imageId" value={image.id} />
                  {i > 0 && (
                    <button
                      name="intent"
                      value="primaryImage"
                      className="rounded border border-stone-300 px-2 py-1 text-sm hover:bg-stone-50"
                    >
                      {t("supplierCatalog.primaryImage")}
                    </button>
                  )}
                  <button
                    name="intent"
                    value="removeImage"
                    className="rounded border border-red-300 px-2 py-1 text-sm text-red-700 hover:bg-red-50"
                  >
                    {t("supplierCatalog.removeImage")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
        <Form method="post" encType="multipart/form-data" className="mt-4 grid grid-cols-1 max-w-2xl gap-3">
          <FormField
            name="image"
            type="file"
            required
            accept="image/jpeg,image/png,image/webp,image/avif,image/gif"
            label={t("supplierCatalog.field.imageRequired")}
            hint={t("supplierCatalog.image.hint")}
            error={errorText(imageErrors, "image") ?? errorText(imageErrors, "form")}
          />
          <FormField name="alt" label={t("supplierCatalog.field.alt")} maxLength={100} />
          <button
            type="submit"
            className="justify-self-start rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700"
          >
            {t("supplierCatalog.upload")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="details-heading" className="mt-8 max-w-3xl">
        <h2 id="details-heading" className="sr-only">
          {t("supplierCatalog.section.details")}
        </h2>
        <Form method="post" className="space-y-4">
          <input type="hidden" name="intent" value="update" />
          <ProductFieldset
            options={options}
            values={
              reply?.intent === "update" && reply.values
                ? (reply.values as Record<string, string | string[]>)
                : productValues
            }
            errors={errorsFor("update")}
          />
          <SubmitButton className="sm:w-auto sm:px-8">{t("supplierCatalog.save")}</SubmitButton>
        </Form>
      </section>
    </main>
  );
}

/** Spec, English spec, price (yuan) and stock inputs of one variant form; ids unique per form. */
function VariantInputs({
  prefix,
  values,
  errors,
}: {
  prefix: string;
  values: Record<string, string>;
  errors: Record<string, string[] | undefined>;
}) {
  const t = useT();
  const errorText = (name: string) =>
    errors[name]?.[0] ? t(`supplierCatalog.error.${errors[name]![0]}` as MessageKey) : null;
  const field = (
    name: "spec" | "specEn" | "price" | "stock",
    label: MessageKey,
    extra: Record<string, unknown> = {},
  ) => (
    <div className={name === "spec" || name === "specEn" ? "sm:col-span-1" : ""}>
      <label htmlFor={`${prefix}-${name}`} className="block text-sm font-medium">
        {t(label)}
      </label>
      <input
        id={`${prefix}-${name}`}
        name={name}
        defaultValue={values?.[name] ?? ""}
        aria-invalid={errorText(name) ? true : undefined}
        aria-describedby={errorText(name) ? `${prefix}-${name}-error` : undefined}
        className="mt-1 w-full rounded-lg border border-stone-300 px-3 py-2 text-base focus:outline-none focus:ring-2 focus:ring-brand-600 aria-[invalid]:border-red-600"
        {...extra}
      />
      {errorText(name) && (
        <p id={`${prefix}-${name}-error`} className="mt-1 text-sm text-red-700">
          {errorText(name)}
        </p>
      )}
    </div>
  );
  return (
    <>
      {field("spec", "supplierCatalog.field.spec", { maxLength: 60 })}
      {field("specEn", "supplierCatalog.field.specEn", { maxLength: 100 })}
      {field("price", "supplierCatalog.field.price", { inputMode: "decimal" })}
      {field("stock", "supplierCatalog.field.stock", { inputMode: "numeric" })}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
