// The supplier's product form as posted, for the new and the edit page (supplier.products.new.tsx,
// supplier.products.$id.tsx): the schema and its conversion to createProduct/updateProduct input.
import { z } from "zod";
import { yuanToFen } from "./catalog-query";
import { percentToBp, type ProductInput, type VariantInput } from "./supplier-catalog.server";

const optionalText = (max: number) => z.string().trim().max(max, "too_long").optional().default("");
const id = z
  .string({ error: "required" })
  .trim()
  .regex(/^\d{1,9}$/, "required")
  .transform(Number);

/** The product's own fields as posted (error codes are message suffixes: supplierCatalog.error.<code>). */
export const ProductFields = z.object({
  name: z.string({ error: "required" }).trim().min(1, "required").max(60, "too_long"),
  nameEn: optionalText(100),
  subtitle: optionalText(80),
  description: optionalText(2000),
  subtitleEn: optionalText(160),
  descriptionEn: optionalText(4000),
  categoryId: id.pipe(z.number().int().positive({ error: "invalid_category" })),
  originVillageId: id.pipe(z.number().int().positive({ error: "invalid_village" })),
  benefitRate: optionalText(6).refine((v) => v === "" || /^\d{1,3}(\.\d{1,2})?$/.test(v), "invalid_rate"),
  seasonMonths: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) =>
      (v === undefined ? [] : Array.isArray(v) ? v : [v])
        .map(Number)
        .filter((m) => Number.isInteger(m) && m >= 1 && m <= 12),
    ),
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
    subtitleEn: data.subtitleEn || null,
    descriptionEn: data.descriptionEn || null,
    categoryId: data.categoryId,
    originVillageId: data.originVillageId,
    benefitRateBp,
    seasonMonths: data.seasonMonths,
    traceCode: data.traceCode || null,
  };
}

/** One variant as typed: price in yuan (≤ 2 decimals) → fen, stock a whole number. */
export function parseVariant(raw: {
  spec?: string;
  specEn?: string;
  price?: string;
  stock?: string;
}): { ok: true; variant: VariantInput } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const spec = (raw.spec ?? "").trim();
  if (!spec || spec.length > 60) errors.spec = "invalid_spec";
  const priceFen = yuanToFen(raw.price ?? "");
  if (priceFen === null || priceFen <= 0) errors.price = "invalid_price";
  const stockText = (raw.stock ?? "").trim();
  if (!/^\d{1,7}$/.test(stockText)) errors.stock = "invalid_stock";
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    variant: {
      spec,
      specEn: (raw.specEn ?? "").trim().slice(0, 100) || null,
      priceFen: priceFen!,
      stock: Number(stockText),
    },
  };
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
