// Supplier staff propose a benefit-linkage agreement (an official reviews it).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormField, SubmitButton } from "~/components/form-field";
import { requireRole } from "~/models/access/auth.server";
import { localized, type MessageKey } from "~/lib/i18n";
import { MECHANISM_LABELS, MECHANISMS } from "../../core/mechanisms";
import { parseForm } from "~/lib/form";
import { fileBytes, MAX_DOCUMENT_BYTES } from "~/lib/uploads.server";
import { useLocale, useT } from "~/lib/use-locale";
import {
  MAX_EVIDENCE_LENGTH,
  proposalOptions,
  proposeLinkage,
  type ProposeError,
} from "~/models/impact/linkages.server";
import { redirectWithToast } from "~/lib/toast.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "申报利益联结协议", "Propose an agreement"),
  { name: "robots", content: "noindex" },
];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const optional = z.string().trim().max(100).optional().default("");

// Error codes are message suffixes: linkages.error.<code>.
export const ProposalForm = z
  .object({
    beneficiaryType: z.enum(["household", "village_collective"], { error: "required" }),
    householdLookup: optional,
    villageCollectiveId: optional,
    mechanism: z.enum(MECHANISMS, { error: "invalid_mechanism" }),
    weight: z
      .string({ error: "required" })
      .trim()
      .regex(/^[1-9]\d{0,5}$/, "invalid_weight")
      .transform(Number),
    validFrom: z.string({ error: "required" }).trim().regex(ISO_DATE, "invalid_dates"),
    validUntil: optional.refine((v) => v === "" || ISO_DATE.test(v), "invalid_dates"),
    productId: optional,
    evidence: z
      .string({ error: "required" })
      .trim()
      .min(1, "invalid_evidence")
      .max(MAX_EVIDENCE_LENGTH, "invalid_evidence"),
  })
  .superRefine((v, ctx) => {
    if (v.beneficiaryType === "household" && !v.householdLookup)
      ctx.addIssue({ code: "custom", path: ["householdLookup"], message: "required" });
    if (v.beneficiaryType === "village_collective" && !v.villageCollectiveId)
      ctx.addIssue({ code: "custom", path: ["villageCollectiveId"], message: "required" });
    if (v.validUntil && v.validUntil < v.validFrom)
      ctx.addIssue({ code: "custom", path: ["validUntil"], message: "invalid_dates" });
  });

const FIELD_OF: Record<ProposeError, string> = {
  forbidden: "form",
  invalid_mechanism: "mechanism",
  invalid_weight: "weight",
  invalid_dates: "validUntil",
  invalid_evidence: "evidence",
  evidence_file_empty: "evidenceFile",
  evidence_file_too_large: "evidenceFile",
  evidence_file_type: "evidenceFile",
  beneficiary_not_found: "householdLookup",
  product_not_found: "productId",
  lookup_rate_limited: "householdLookup",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  return json(await proposalOptions({ caller: user }));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const read = await parseForm(request, ProposalForm, { uploads: { maxBytes: MAX_DOCUMENT_BYTES } });
  // A file over 10 MB is refused while it streams in: the other fields are lost with it.
  if (read.failure === "too_large")
    return json(
      { fieldErrors: { evidenceFile: ["evidence_file_too_large"] } as Record<string, string[]>, values: {} },
      { status: 413 },
    );
  if (read.failure || !read.form)
    throw new Response("请求内容不是表单 · The request body is not a form", { status: 400 });
  // What was typed goes back to the page, so nothing is lost without JavaScript. The ID number a
  // user may have typed is not echoed back.
  const values = Object.fromEntries(Object.entries(read.values).filter(([k]) => k !== "householdLookup"));
  if (!read.ok) return json({ fieldErrors: read.fieldErrors, values }, { status: 400 });
  const { data } = read;
  const file = read.form.get("evidenceFile");
  const bytes = await fileBytes(read.form, "evidenceFile");
  const result = await proposeLinkage({
    caller: user,
    ip: context.clientIp ?? null,
    input: {
      ...data,
      householdLookup: data.beneficiaryType === "household" ? data.householdLookup : null,
      villageCollectiveId: data.beneficiaryType === "village_collective" ? data.villageCollectiveId : null,
      validUntil: data.validUntil || null,
      productId: data.productId || null,
      evidenceFile: bytes && file && typeof file !== "string" ? { bytes, originalName: file.name } : null,
    },
  });
  if (!result.ok) {
    const field =
      result.code === "beneficiary_not_found" && data.beneficiaryType === "village_collective"
        ? "villageCollectiveId"
        : FIELD_OF[result.code];
    return json(
      { fieldErrors: { [field]: [result.code] } as Record<string, string[]>, values },
      { status: result.code === "forbidden" ? 403 : result.code === "lookup_rate_limited" ? 429 : 400 },
    );
  }
  return redirectWithToast(request, "/supplier/linkages", "linkages.toast.proposed");
}

const selectClass =
  "mt-1 w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base focus:outline-none focus:ring-2 focus:ring-brand-600 aria-[invalid]:border-red-600";

export default function NewLinkagePage() {
  const { products, collectives } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const values = (actionData?.values ?? {}) as Record<string, string>;
  const error = (field: string) => {
    const code = actionData?.fieldErrors?.[field]?.[0];
    return code ? t(`linkages.error.${code}` as MessageKey) : null;
  };
  const errorProps = (field: string) =>
    error(field) ? { "aria-invalid": true as const, "aria-describedby": `${field}-error` } : {};
  const ErrorText = ({ field }: { field: string }) =>
    error(field) ? (
      <p id={`${field}-error`} className="mt-1 text-sm text-red-700">
        {error(field)}
      </p>
    ) : null;
  const type = values.beneficiaryType ?? "household";
  return (
    <main className="mx-auto max-w-2xl px-4 py-6">
      <p className="text-sm">
        <Link to="/supplier/linkages" className="text-brand-700 underline">
          {t("linkages.title")}
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{t("linkages.new.title")}</h1>
      <p className="mt-2 text-sm text-stone-600">{t("linkages.new.intro")}</p>
      {error("form") && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {error("form")}
        </p>
      )}
      <Form
        method="post"
        encType="multipart/form-data"
        className="mt-4 space-y-4 rounded-xl bg-white p-4 ring-1 ring-stone-200"
        noValidate
      >
        <fieldset>
          <legend className="text-sm font-medium">{t("linkages.field.beneficiaryType")}</legend>
          <div className="mt-1 flex gap-6">
            {(["household", "village_collective"] as const).map((k) => (
              <label key={k} className="flex items-center gap-2">
                <input type="radio" name="beneficiaryType" value={k} defaultChecked={type === k} />
                {t(k === "household" ? "linkages.household" : "linkages.collective")}
              </label>
            ))}
          </div>
        </fieldset>
        <FormField
          name="householdLookup"
          label={t("linkages.field.householdLookup")}
          hint={t("linkages.field.householdLookupHint")}
          error={error("householdLookup")}
          autoComplete="off"
          maxLength={40}
        />
        <div>
          <label htmlFor="villageCollectiveId" className="block text-sm font-medium">
            {t("linkages.field.villageCollective")}
          </label>
          <select
            id="villageCollectiveId"
            name="villageCollectiveId"
            defaultValue={values.villageCollectiveId ?? ""}
            className={selectClass}
            {...errorProps("villageCollectiveId")}
          >
            <option value="">{t("linkages.chooseOne")}</option>
            {collectives.map((c) => (
              <option key={c.id} value={c.id}>
                {c.villageName} · {c.name}
              </option>
            ))}
          </select>
          <ErrorText field="villageCollectiveId" />
        </div>
        <div>
          <label htmlFor="mechanism" className="block text-sm font-medium">
            {t("linkages.field.mechanism")}
          </label>
          <select
            id="mechanism"
            name="mechanism"
            required
            defaultValue={values.mechanism ?? ""}
            className={selectClass}
            {...errorProps("mechanism")}
          >
            <option value="">{t("linkages.chooseOne")}</option>
            {MECHANISMS.map((m) => (
              <option key={m} value={m}>
                {MECHANISM_LABELS[m][locale]}
              </option>
            ))}
          </select>
          <ErrorText field="mechanism" />
        </div>
        <FormField
          name="weight"
          label={t("linkages.field.weight")}
          hint={t("linkages.field.weightHint")}
          error={error("weight")}
          type="number"
          min={1}
          step={1}
          inputMode="numeric"
          required
          defaultValue={values.weight ?? "1"}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField
            name="validFrom"
            label={t("linkages.field.validFrom")}
            error={error("validFrom")}
            type="date"
            required
            defaultValue={values.validFrom ?? ""}
          />
          <FormField
            name="validUntil"
            label={t("linkages.field.validUntil")}
            error={error("validUntil")}
            type="date"
            defaultValue={values.validUntil ?? ""}
          />
        </div>
        <div>
          <label htmlFor="productId" className="block text-sm font-medium">
            {t("linkages.field.product")}
          </label>
          <select
            id="productId"
            name="productId"
            defaultValue={values.productId ?? ""}
            className={selectClass}
            {...errorProps("productId")}
          >
            <option value="">{t("linkages.allProducts")}</option>
            {products.map((p) => (
              <option key={p.id} value={p.id}>
                {localized(locale, p.name, p.nameEn)}
              </option>
            ))}
          </select>
          <ErrorText field="productId" />
        </div>
        <div>
          <label htmlFor="evidence" className="block text-sm font-medium">
            {t("linkages.field.evidence")}
          </label>
          <textarea
            id="evidence"
            name="evidence"
            required
            rows={4}
            maxLength={MAX_EVIDENCE_LENGTH}
            defaultValue={values.evidence ?? ""}
            aria-describedby={["evidence-hint", error("evidence") ? "evidence-error" : null]
              .filter(Boolean)
              .join(" ")}
            aria-invalid={error("evidence") ? true : undefined}
            className={selectClass}
          />
          <p id="evidence-hint" className="mt-1 text-xs text-stone-500">
            {t("linkages.field.evidenceHint")}
          </p>
          <ErrorText field="evidence" />
        </div>
        <div>
          <label htmlFor="evidenceFile" className="block text-sm font-medium">
            {t("linkages.field.evidenceFile")}
          </label>
          <input
            id="evidenceFile"
            name="evidenceFile"
            type="file"
            accept="application/pdf,image/jpeg,image/png,image/webp"
            aria-describedby={["evidenceFile-hint", error("evidenceFile") ? "evidenceFile-error" : null]
              .filter(Boolean)
              .join(" ")}
            aria-invalid={error("evidenceFile") ? true : undefined}
            className="mt-1 block w-full text-sm"
          />
          <p id="evidenceFile-hint" className="mt-1 text-xs text-stone-500">
            {t("linkages.field.evidenceFileHint")}
          </p>
          <ErrorText field="evidenceFile" />
        </div>
        <SubmitButton>{t("linkages.submit")}</SubmitButton>
      </Form>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
