// Officials: price supervision — variants priced more than the threshold above the reference price
// of their category and specification (median of the platform, or one an official set), the
// reference prices, and (district or admin) setting a reference price and the region settings
// (reserved-share ratio, price threshold).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { parseForm } from "~/lib/form";
import { invariantResponse } from "~/lib/invariant";
import type { MessageKey } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { redirectWithToast } from "~/lib/toast.server";
import { useT } from "~/lib/use-locale";
import { yuanField } from "~/lib/yuan-field";
import { requireRole } from "~/models/access/auth.server";
import { OFFICIAL_PORTAL_ROLES } from "~/models/access/portal-access";
import { governanceSettingsChange, priceSupervisionPage } from "~/models/governance/prices.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "价格监督", "Price supervision"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, OFFICIAL_PORTAL_ROLES.prices);
  const page = await priceSupervisionPage({ caller: user });
  invariantResponse(page, "Not found", { status: 404 });
  return json(page);
}

const percent = z
  .string()
  .trim()
  .regex(/^\d{1,4}(\.\d{1,2})?$/, "governance.error.invalid_setting")
  .transform((v) => Math.round(Number(v) * 100));

const ActionForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("reference"),
    categoryId: z
      .string()
      .trim()
      .regex(/^\d{1,9}$/, "governance.error.invalid_category")
      .transform(Number),
    spec: z.string().trim().min(1, "governance.error.invalid_spec").max(60, "governance.error.invalid_spec"),
    price: z.union([z.literal(""), yuanField("governance.error.invalid_price")]),
  }),
  z.object({ intent: z.literal("settings"), ratio: percent, threshold: percent }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, OFFICIAL_PORTAL_ROLES.prices);
  const form = await parseForm(request, ActionForm);
  if (!form.ok) {
    const first = Object.values(form.fieldErrors)[0]?.[0] ?? "governance.error.invalid_setting";
    return json(
      { error: (first.startsWith("governance.") ? first : "governance.error.invalid_setting") as MessageKey },
      { status: 400 },
    );
  }
  const result = await governanceSettingsChange({
    caller: user,
    change:
      form.data.intent === "reference"
        ? {
            kind: "reference",
            categoryId: form.data.categoryId,
            spec: form.data.spec,
            priceFen: form.data.price === "" ? null : form.data.price,
          }
        : { kind: "settings", reserveRatioBp: form.data.ratio, priceFlagThresholdBp: form.data.threshold },
  });
  if (!result.ok)
    return json(
      { error: `governance.error.${result.code}` as MessageKey },
      { status: result.code === "forbidden" ? 403 : 400 },
    );
  return redirectWithToast(request, "/official/prices", "governance.toast.saved");
}

const pct = (bp: number) => `${(bp / 100).toFixed(2)}%`;
const inputClass = "mt-1 w-full rounded-lg border border-stone-300 px-3 py-2";

export default function PriceSupervisionPage() {
  const { thresholdBp, reserveRatioBp, canDecide, flags, references, categories } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const cell = "px-3 py-2 text-right tabular-nums";
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-2xl font-bold">{t("governance.prices.title")}</h1>
        <Link to="/official/reports" className="font-semibold text-brand-700 underline">
          {t("governance.reports.title")}
        </Link>
      </div>
      <p className="mt-1 max-w-3xl text-sm text-stone-600">
        {t("governance.prices.intro", { threshold: pct(thresholdBp) })}
      </p>
      {actionData?.error && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t(actionData.error)}
        </p>
      )}
      <h2 className="mt-6 text-lg font-semibold">{t("governance.prices.flagged", { n: flags.length })}</h2>
      <DataTable
        className="mt-2"
        testId="price-flags"
        empty={t("governance.prices.noFlags")}
        headers={[
          { label: t("governance.prices.product") },
          { label: t("governance.prices.supplier") },
          { label: t("governance.prices.spec") },
          { label: t("governance.prices.price"), numeric: true },
          { label: t("governance.prices.reference"), numeric: true },
          { label: t("governance.prices.over"), numeric: true },
        ]}
      >
        {flags.map((f) => (
          <tr key={f.variantId}>
            <td className="px-3 py-2">
              <Link to={`/products/${f.productSlug}`} className="text-brand-700 hover:underline">
                {f.productName}
              </Link>
            </td>
            <td className="px-3 py-2">{f.supplierName}</td>
            <td className="px-3 py-2">{f.spec}</td>
            <td className={cell}>{formatFen(f.priceFen)}</td>
            <td className={cell}>
              {formatFen(f.referenceFen)}{" "}
              <span className="text-xs text-stone-500">{t(`governance.prices.source.${f.source}`)}</span>
            </td>
            <td className={cell}>+{pct(f.overBp)}</td>
          </tr>
        ))}
      </DataTable>
      <h2 className="mt-6 text-lg font-semibold">{t("governance.prices.references")}</h2>
      <DataTable
        className="mt-2"
        testId="reference-prices"
        empty={t("governance.prices.noReferences")}
        headers={[
          { label: t("governance.prices.category") },
          { label: t("governance.prices.spec") },
          { label: t("governance.prices.reference"), numeric: true },
          { label: t("governance.prices.comparable"), numeric: true },
        ]}
      >
        {references.map((r) => (
          <tr key={`${r.categoryId}|${r.specKey}`}>
            <td className="px-3 py-2">{r.categoryName}</td>
            <td className="px-3 py-2">{r.specKey}</td>
            <td className={cell}>
              {formatFen(r.priceFen)}{" "}
              <span className="text-xs text-stone-500">{t(`governance.prices.source.${r.source}`)}</span>
            </td>
            <td className={cell}>{r.comparable}</td>
          </tr>
        ))}
      </DataTable>
      {canDecide && (
        <div className="mt-6 grid gap-4 md:grid-cols-2">
          <Form method="post" className="space-y-3 rounded-xl bg-white p-4 ring-1 ring-stone-200">
            <h2 className="font-semibold">{t("governance.prices.setReference")}</h2>
            <input type="hidden" name="intent" value="reference" />
            <div>
              <label htmlFor="categoryId" className="block text-sm font-medium">
                {t("governance.prices.category")}
              </label>
              <select id="categoryId" name="categoryId" className={inputClass}>
                {categories.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="spec" className="block text-sm font-medium">
                {t("governance.prices.spec")}
              </label>
              <input id="spec" name="spec" maxLength={60} required className={inputClass} />
            </div>
            <div>
              <label htmlFor="price" className="block text-sm font-medium">
                {t("governance.prices.referenceYuan")}
              </label>
              <input
                id="price"
                name="price"
                inputMode="decimal"
                maxLength={12}
                className={inputClass}
                aria-describedby="price-hint"
              />
              <p id="price-hint" className="mt-1 text-xs text-stone-500">
                {t("governance.prices.clearHint")}
              </p>
            </div>
            <button
              type="submit"
              className="rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700"
            >
              {t("governance.save")}
            </button>
          </Form>
          <Form method="post" className="space-y-3 rounded-xl bg-white p-4 ring-1 ring-stone-200">
            <h2 className="font-semibold">{t("governance.settings.title")}</h2>
            <input type="hidden" name="intent" value="settings" />
            <div>
              <label htmlFor="ratio" className="block text-sm font-medium">
                {t("governance.settings.ratio")}
              </label>
              <input
                id="ratio"
                name="ratio"
                inputMode="decimal"
                defaultValue={(reserveRatioBp / 100).toFixed(2)}
                className={inputClass}
              />
            </div>
            <div>
              <label htmlFor="threshold" className="block text-sm font-medium">
                {t("governance.settings.threshold")}
              </label>
              <input
                id="threshold"
                name="threshold"
                inputMode="decimal"
                defaultValue={(thresholdBp / 100).toFixed(2)}
                className={inputClass}
              />
            </div>
            <button
              type="submit"
              className="rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700"
            >
              {t("governance.save")}
            </button>
          </Form>
        </div>
      )}
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
