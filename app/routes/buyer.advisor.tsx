// /buyer/advisor — the purchase advisor for an organisation's buyer_admin (issue 21, decision 099):
// a budget in yuan (a GET form: the proposal is a link) → the basket across sellers that reaches
// the most monitored households not yet reached this year, explained; "put in cart" posts the
// budget and the basket's digest, the server recomputes and places it (works without JavaScript).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { parseForm } from "~/lib/form";
import { localized } from "~/lib/i18n";
import { formatFen, parseYuan } from "~/lib/money";
import { redirectWithToast } from "~/lib/toast.server";
import { useLocale, useT } from "~/lib/use-locale";
import { yuanField } from "~/lib/yuan-field";
import { requireRole } from "~/models/access/auth.server";
import { adviseBasket, MAX_ADVISOR_BUDGET_FEN, placeAdvisedBasket } from "~/models/impact/unreached.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "帮扶采购顾问", "Purchase advisor"),
  { name: "robots", content: "noindex" },
];

const inRange = (fen: number | null): fen is number =>
  fen !== null && fen > 0 && fen <= MAX_ADVISOR_BUDGET_FEN;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["buyer_admin"]);
  const raw = new URL(request.url).searchParams.get("budget")?.trim() ?? "";
  if (!raw) return json({ budget: "", error: false, advice: null });
  const fen = parseYuan(raw.slice(0, 20));
  if (!inRange(fen)) return json({ budget: raw.slice(0, 20), error: true, advice: null }, { status: 400 });
  return json({ budget: raw, error: false, advice: await adviseBasket({ caller: user, budgetFen: fen }) });
}

const PlaceForm = z.object({
  intent: z.literal("place"),
  budget: yuanField("advisor.error.budget", { positive: true }),
  digest: z.string().regex(/^[0-9a-f]{24}$/, "advisor.error.changed"),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["buyer_admin"]);
  const form = await parseForm(request, PlaceForm);
  if (!form.ok) return redirectWithToast(request, "/buyer/advisor", "advisor.error.budget");
  const back = `/buyer/advisor?budget=${encodeURIComponent((form.data.budget / 100).toFixed(2))}`;
  if (!inRange(form.data.budget)) return redirectWithToast(request, "/buyer/advisor", "advisor.error.budget");
  const result = await placeAdvisedBasket({
    caller: user,
    budgetFen: form.data.budget,
    digest: form.data.digest,
  });
  if (result.ok) return redirectWithToast(request, "/cart", "advisor.toast.placed");
  const toast = {
    forbidden: "advisor.error.empty",
    empty: "advisor.error.empty",
    changed: "advisor.error.changed",
    cart: "advisor.error.cart",
  } as const;
  return redirectWithToast(request, back, toast[result.code]);
}

export default function AdvisorPage() {
  const { budget, error, advice } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const count = (n: number | "<5") => (n === "<5" ? t("pavilion.withheld") : String(n));
  return (
    <main className="mx-auto max-w-4xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("advisor.title")}</h1>
      <p className="mt-2 text-sm text-stone-700">{t("advisor.intro")}</p>
      <Form method="get" className="mt-4 flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="budget" className="block text-sm font-medium">
            {t("advisor.budget")}
          </label>
          <input
            id="budget"
            name="budget"
            inputMode="decimal"
            required
            maxLength={20}
            defaultValue={budget}
            aria-invalid={error || undefined}
            aria-describedby={error ? "budget-error" : undefined}
            className="mt-1 w-40 rounded-lg border border-stone-300 px-3 py-2"
          />
        </div>
        <button
          type="submit"
          className="rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
        >
          {t("advisor.propose")}
        </button>
      </Form>
      {error && (
        <p id="budget-error" role="alert" className="mt-2 text-sm text-red-700">
          {t("advisor.error.budget")}
        </p>
      )}

      <details className="mt-4 rounded-lg bg-white p-3 text-sm ring-1 ring-stone-200">
        <summary className="cursor-pointer font-medium">{t("advisor.how")}</summary>
        <p className="mt-2 leading-relaxed text-stone-700">{t("advisor.howText")}</p>
      </details>

      {advice && (
        <section
          aria-labelledby="basket-title"
          className="mt-6 rounded-xl bg-white p-4 ring-1 ring-stone-200"
        >
          <h2 id="basket-title" className="text-lg font-semibold">
            {t("advisor.result")}
          </h2>
          <p className="mt-1 text-sm text-stone-600">
            {t("advisor.waiting", { count: count(advice.targetsShown) })}
          </p>
          {advice.lines.length === 0 ? (
            <p className="mt-3 text-stone-600">{t("advisor.empty")}</p>
          ) : (
            <>
              <p className="mt-2 text-lg font-semibold text-green-800" data-testid="advisor-reach">
                {t("advisor.reach", { count: count(advice.householdsShown) })}
              </p>
              <div className="mt-3 overflow-x-auto">
                <table className="w-full min-w-[32rem] text-sm">
                  <thead>
                    <tr className="border-b border-stone-200 text-left text-stone-500">
                      <th className="py-2 pr-2 font-medium">{t("advisor.product")}</th>
                      <th className="py-2 pr-2 font-medium">{t("advisor.supplier")}</th>
                      <th className="py-2 pr-2 text-right font-medium">{t("advisor.quantity")}</th>
                      <th className="py-2 text-right font-medium">{t("advisor.lineTotal")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {advice.lines.map((l) => (
                      <tr key={l.variantId} className="border-b border-stone-100">
                        <td className="py-2 pr-2">
                          <Link to={`/products/${l.productSlug}`} className="text-brand-700 hover:underline">
                            {localized(locale, l.productName, l.productNameEn)}
                          </Link>
                          <span className="block text-xs text-stone-500">
                            {localized(locale, l.spec, l.specEn)} · {formatFen(l.unitPriceFen)}
                          </span>
                        </td>
                        <td className="py-2 pr-2">{localized(locale, l.supplierName, l.supplierNameEn)}</td>
                        <td className="py-2 pr-2 text-right tabular-nums">{l.quantity}</td>
                        <td className="py-2 text-right tabular-nums">{formatFen(l.lineTotalFen)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <dl className="mt-3 grid grid-cols-[1fr_auto] gap-x-4 gap-y-1 text-sm sm:max-w-xs sm:ml-auto">
                <dt className="text-stone-500">{t("advisor.goods")}</dt>
                <dd className="text-right tabular-nums">{formatFen(advice.goodsFen)}</dd>
                <dt className="text-stone-500">{t("advisor.shipping")}</dt>
                <dd className="text-right tabular-nums">{formatFen(advice.shippingFen)}</dd>
                <dt className="font-medium">{t("advisor.total")}</dt>
                <dd className="text-right font-semibold tabular-nums" data-testid="advisor-total">
                  {formatFen(advice.totalFen)}
                </dd>
              </dl>
              <Form method="post" className="mt-4">
                <input type="hidden" name="intent" value="place" />
                <input type="hidden" name="budget" value={budget} />
                <input type="hidden" name="digest" value={advice.digest} />
                <button
                  type="submit"
                  className="w-full rounded-lg bg-brand-600 px-4 py-3 font-medium text-white hover:bg-brand-700 sm:w-auto sm:py-2"
                >
                  {t("advisor.place")}
                </button>
                <p className="mt-2 text-xs text-stone-500">{t("advisor.placeNote")}</p>
              </Form>
            </>
          )}
        </section>
      )}
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
