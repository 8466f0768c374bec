// The shopper's favourites and back-in-stock requests (issue 20). The product page's save and
// "tell me when it is back" buttons post here (plain forms: they work without JavaScript) and come
// back to the page they were on.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatShanghaiDateTime } from "~/lib/dates";
import { parseForm } from "~/lib/form";
import { localized, type MessageKey } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { safeRedirect } from "~/lib/safe-redirect";
import { redirectWithToast } from "~/lib/toast.server";
import { useLocale, useT } from "~/lib/use-locale";
import { requireUser } from "~/models/access/auth.server";
import {
  cancelStockAlert,
  listFavourites,
  listStockAlerts,
  requestStockAlert,
  setFavourite,
} from "~/models/wishlist/wishlist.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "我的收藏", "My favourites"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [favourites, alerts] = await Promise.all([
    listFavourites({ caller: user }),
    listStockAlerts({ caller: user }),
  ]);
  return json({ favourites, alerts });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const WishForm = z.object({
    intent: z.enum(["save", "unsave", "alert", "unalert"]),
    id: z.string().max(64),
    redirectTo: z.string().max(500).optional(),
  });
  const form = await parseForm(request, WishForm);
  if (!form.ok) throw new Response("Bad request", { status: 400 });
  const { intent, id } = form.data;
  const back = safeRedirect(form.data.redirectTo, "/account/favourites");
  if (intent === "save" || intent === "unsave") {
    const result = await setFavourite({ caller: user, productId: id, saved: intent === "save" });
    if (!result.ok) return redirectWithToast(request, back, `wishlist.error.${result.code}` as MessageKey);
    return redirectWithToast(
      request,
      back,
      intent === "save" ? "wishlist.toast.saved" : "wishlist.toast.removed",
    );
  }
  if (intent === "unalert") {
    await cancelStockAlert({ caller: user, variantId: id });
    return redirectWithToast(request, back, "wishlist.toast.removed");
  }
  const result = await requestStockAlert({ caller: user, variantId: id });
  if (!result.ok)
    return redirectWithToast(
      request,
      back,
      result.code === "in_stock" ? "wishlist.alert.error.in_stock" : "wishlist.error.not_found",
    );
  return redirectWithToast(request, back, "wishlist.alert.toast.asked");
}

const button =
  "rounded-lg border border-stone-300 px-3 py-1.5 text-sm hover:bg-stone-100 focus:outline-none focus:ring-2 focus:ring-brand-600";

export default function FavouritesPage() {
  const { favourites, alerts } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <main className="mx-auto max-w-3xl px-4 py-6">
      <p className="text-sm">
        <Link to="/account" className="text-brand-700 hover:underline">
          ← {t("account.title")}
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{t("wishlist.title")}</h1>
      {alerts.notified.length + alerts.open.length > 0 && (
        <section aria-labelledby="alerts" className="mt-4 rounded-xl bg-white p-4 ring-1 ring-stone-200">
          <h2 id="alerts" className="font-semibold">
            {t("wishlist.alerts.title")}
          </h2>
          <ul className="mt-2 space-y-2 text-sm" data-testid="stock-alerts">
            {alerts.notified.map((a) => (
              <li key={a.id} className="rounded bg-green-50 px-3 py-2 text-green-900">
                <Link to={`/products/${a.slug}`} className="hover:underline">
                  {t("wishlist.alerts.back", { name: a.productName, spec: a.spec })}
                </Link>{" "}
                <span className="text-xs text-stone-500">{formatShanghaiDateTime(a.notifiedAt!)}</span>
              </li>
            ))}
            {alerts.open.map((a) => (
              <li key={a.id} className="flex flex-wrap items-center justify-between gap-2 px-1">
                <Link to={`/products/${a.slug}`} className="hover:underline">
                  {t("wishlist.alerts.waiting", { name: a.productName, spec: a.spec })}
                </Link>
                <Form method="post">
                  <input type="hidden" name="intent" value="unalert" />
                  <input type="hidden" name="id" value={a.variantId} />
                  <button type="submit" className={button}>
                    {t("wishlist.alert.cancel")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      )}
      {favourites.length === 0 ? (
        <p className="mt-4 rounded-xl bg-white p-6 text-center text-stone-600 ring-1 ring-stone-200">
          {t("wishlist.none")}
        </p>
      ) : (
        <ul
          className="mt-4 divide-y divide-stone-100 rounded-xl bg-white ring-1 ring-stone-200"
          data-testid="favourites"
        >
          {favourites.map((f) => (
            <li key={f.productId} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
              <div className="min-w-0">
                <Link to={`/products/${f.slug}`} className="font-medium text-brand-700 hover:underline">
                  {localized(locale, f.name, f.nameEn)}
                </Link>
                <p className="text-sm text-stone-600">
                  {f.minPriceFen != null && formatFen(Number(f.minPriceFen))}
                  {!f.inStock && <span className="ml-2 text-stone-500">{t("wishlist.soldOut")}</span>}
                </p>
              </div>
              <Form method="post">
                <input type="hidden" name="intent" value="unsave" />
                <input type="hidden" name="id" value={f.productId} />
                <button type="submit" className={button}>
                  {t("wishlist.remove")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
