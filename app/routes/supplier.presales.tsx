// Supplier staff: put an option on pre-sale (预售) with a cap and a ships-from/ships-by window, or
// end it (issue 20, decision 074); optionally with a deposit per unit (定金) and the balance window
// (尾款, decision 114). Empty deposit: buyers pay in full.
import {
  json,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  type SerializeFrom,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { parseForm } from "~/lib/form";
import { formatFen, parseYuan } from "~/lib/money";
import type { MessageKey } from "~/lib/i18n";
import { redirectWithToast } from "~/lib/toast.server";
import { useT } from "~/lib/use-locale";
import { requireRole } from "~/models/access/auth.server";
import { endPresale, listSupplierPresales, setPresale } from "~/models/catalog/presales.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "预售管理", "Pre-sales"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  return json({ rows: await listSupplierPresales({ caller: user }) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const PresaleForm = z.object({
    intent: z.enum(["save", "end"]),
    variantId: z.string().max(64),
    cap: z.string().max(20).catch(""),
    shipsFrom: z.string().max(20).catch(""),
    shipsBy: z.string().max(20).catch(""),
    deposit: z.string().max(20).catch(""),
    balanceFrom: z.string().max(20).catch(""),
    balanceUntil: z.string().max(20).catch(""),
  });
  const form = await parseForm(request, PresaleForm);
  if (!form.ok) throw new Response("Bad request", { status: 400 });
  const { intent, variantId } = form.data;
  if (intent === "end") {
    const ended = await endPresale({ caller: user, variantId });
    if (!ended.ok)
      return json({ error: "presale.error.not_found" as MessageKey, variantId }, { status: 404 });
    return redirectWithToast(request, "/supplier/presales", "presale.toast.ended");
  }
  const cap = /^\d{1,7}$/.test(form.data.cap.trim()) ? Number(form.data.cap.trim()) : NaN;
  // Yuan as typed → fen (the model checks 0 < deposit < price); empty: full payment.
  const deposit = form.data.deposit.trim();
  const result = await setPresale({
    caller: user,
    input: {
      variantId,
      cap,
      shipsFrom: form.data.shipsFrom.trim(),
      shipsBy: form.data.shipsBy.trim(),
      depositFen: deposit === "" ? null : (parseYuan(deposit) ?? NaN),
      balanceFrom: form.data.balanceFrom.trim(),
      balanceUntil: form.data.balanceUntil.trim(),
    },
  });
  if (!result.ok)
    return json(
      { error: `presale.error.${result.code}` as MessageKey, variantId },
      { status: result.code === "not_found" ? 404 : 400 },
    );
  return redirectWithToast(request, "/supplier/presales", "presale.toast.saved");
}

const input = "w-full rounded-lg border border-stone-300 px-2 py-1.5 text-base";

type PresaleRow = SerializeFrom<typeof loader>["rows"][number];
// The six inputs of a row's form, in order: the cap and the shipping window are required; an empty
// deposit means full payment, and then the balance window stays empty too.
const PRESALE_FIELDS: {
  name: string;
  label: MessageKey;
  type?: "date";
  inputMode?: "numeric" | "decimal";
  required?: boolean;
  value: (r: PresaleRow) => string | number;
}[] = [
  {
    name: "cap",
    label: "presale.supplier.cap",
    inputMode: "numeric",
    required: true,
    value: (r) => r.cap ?? "",
  },
  {
    name: "shipsFrom",
    label: "presale.supplier.shipsFrom",
    type: "date",
    required: true,
    value: (r) => r.shipsFrom ?? "",
  },
  {
    name: "shipsBy",
    label: "presale.supplier.shipsBy",
    type: "date",
    required: true,
    value: (r) => r.shipsBy ?? "",
  },
  {
    name: "deposit",
    label: "presale.supplier.deposit",
    inputMode: "decimal",
    value: (r) => (r.depositFen != null ? formatFen(r.depositFen) : ""),
  },
  {
    name: "balanceFrom",
    label: "presale.supplier.balanceFrom",
    type: "date",
    value: (r) => r.balanceFrom ?? "",
  },
  {
    name: "balanceUntil",
    label: "presale.supplier.balanceUntil",
    type: "date",
    value: (r) => r.balanceUntil ?? "",
  },
];

export default function SupplierPresalesPage() {
  const { rows } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const t = useT();
  return (
    <main className="mx-auto max-w-4xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("presale.supplier.title")}</h1>
      <p className="mt-1 text-sm text-stone-600">{t("presale.supplier.intro")}</p>
      {rows.length === 0 ? (
        <p className="mt-4 text-stone-600">{t("presale.supplier.none")}</p>
      ) : (
        <ul className="mt-4 space-y-3">
          {rows.map((r) => (
            <li key={r.variantId} className="rounded-xl bg-white p-4 text-sm ring-1 ring-stone-200">
              <p className="font-medium">
                {r.productName} · {r.spec} <span className="font-mono text-xs text-stone-500">{r.sku}</span>
                {r.presaleId && (
                  <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900">
                    {t("presale.badge")} ·{" "}
                    {t("presale.supplier.ordered", { ordered: r.ordered, cap: r.cap ?? 0 })}
                  </span>
                )}
                <span className="ml-2 text-stone-600">{formatFen(r.priceFen)}</span>
              </p>
              <Form method="post" className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-4 sm:items-end">
                <input type="hidden" name="variantId" value={r.variantId} />
                {PRESALE_FIELDS.map((f) => (
                  <label key={f.name}>
                    <span className="block text-stone-600">{t(f.label)}</span>
                    <input
                      name={f.name}
                      type={f.type}
                      inputMode={f.inputMode}
                      required={f.required}
                      defaultValue={f.value(r)}
                      className={input}
                    />
                  </label>
                ))}
                <div className="flex gap-2">
                  <button
                    type="submit"
                    name="intent"
                    value="save"
                    className="rounded-lg bg-brand-600 px-3 py-2 font-semibold text-white hover:bg-brand-700"
                  >
                    {t("presale.supplier.save")}
                  </button>
                  {r.presaleId && (
                    <button
                      type="submit"
                      name="intent"
                      value="end"
                      formNoValidate
                      className="rounded-lg border border-stone-300 px-3 py-2 hover:bg-stone-100"
                    >
                      {t("presale.supplier.end")}
                    </button>
                  )}
                </div>
                {failed?.variantId === r.variantId && (
                  <p role="alert" className="col-span-full text-red-800">
                    {t(failed.error)}
                  </p>
                )}
              </Form>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
