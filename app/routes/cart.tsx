import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { parseForm } from "~/lib/form";
import type { MessageKey } from "~/lib/i18n";
import { localized } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { safeRedirect } from "~/lib/safe-redirect";
import { useLocale, useT } from "~/lib/use-locale";
import { titleMeta } from "~/lib/seo";
// The route's only `.server` import (decision 148: each one shared with other routes is a request more).
import {
  addToCart,
  cartIntent,
  commitSession,
  getCartOwner,
  getCartView,
  openPresalesOf,
  putInCart,
  removeCartLine,
  setCartLineQuantity,
  type CartView,
} from "~/models/ordering/cart-page.server";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "购物车", "Cart"),
  { name: "robots", content: "noindex" },
];

type ActionError = { error: { key: MessageKey; vars?: Record<string, string | number> } };

export async function loader({ request }: LoaderFunctionArgs) {
  const { owner } = await getCartOwner(request);
  const cart = await getCartView(owner);
  // Pre-sale windows of the cart's options (issue 20).
  const presales = await openPresalesOf(cart.groups.flatMap((g) => g.lines.map((l) => l.variantId)));
  const presaleByVariant = Object.fromEntries(
    [...presales].map(([id, w]) => [id, { shipsFrom: w.shipsFrom, shipsBy: w.shipsBy }]),
  );
  return json({ cart, presaleByVariant });
}

// One action route for every cart change (add, update, remove, and buyNow: put the item in the cart
// and go straight to checkout), as Hydrogen's cart does.
export async function action({ request }: ActionFunctionArgs) {
  const { session, owner } = await getCartOwner(request);
  const form = await parseForm(request, cartIntent());
  if (!form.ok) {
    const key: MessageKey = form.fieldErrors.quantity ? "cart.error.bad_quantity" : "cart.error.bad_request";
    return json<ActionError>({ error: { key } }, { status: 400 });
  }
  const input = form.data;
  const result =
    input.intent === "add"
      ? await addToCart({ owner, variantId: input.variantId, quantity: input.quantity })
      : input.intent === "buyNow"
        ? await putInCart({ owner, variantId: input.variantId, quantity: input.quantity })
        : input.intent === "update"
          ? await setCartLineQuantity({ owner, variantId: input.variantId, quantity: input.quantity })
          : await removeCartLine({ owner, variantId: input.variantId });
  if (!result.ok) {
    const { ok: _ok, code, ...vars } = result;
    return json<ActionError>({ error: { key: `cart.error.${code}` as MessageKey, vars } }, { status: 400 });
  }
  if (!owner.userId) session.set("cartId", result.cartId);
  if (input.intent === "buyNow")
    return redirect("/checkout", { status: 303, headers: { "Set-Cookie": await commitSession(session) } });
  session.flash("toast", input.intent === "add" ? "cart.added" : "cart.updated");
  return redirect(safeRedirect(input.redirectTo, "/cart"), {
    status: 303,
    headers: { "Set-Cookie": await commitSession(session) },
  });
}

function CartLine({ line }: { line: CartView["groups"][number]["lines"][number] }) {
  const t = useT();
  const locale = useLocale();
  const fetcher = useFetcher<ActionError>();
  const presale = useLoaderData<typeof loader>().presaleByVariant[line.variantId];
  // Optimistic: show the quantity being submitted before the server answers.
  const pendingIntent = fetcher.formData?.get("intent");
  const pendingQuantity = pendingIntent === "update" ? Number(fetcher.formData?.get("quantity")) : null;
  const quantity =
    pendingQuantity && Number.isInteger(pendingQuantity) && pendingQuantity > 0
      ? pendingQuantity
      : line.quantity;
  if (pendingIntent === "remove") return null;
  const inputId = `qty-${line.variantId}`;
  const name = localized(locale, line.productName, line.productNameEn);
  return (
    <li className={`flex gap-3 py-3 ${line.problem ? "bg-red-50" : ""}`}>
      <img
        src={line.image ?? "/images/products/placeholder.svg"}
        alt=""
        className="h-20 w-20 flex-none rounded-lg object-cover ring-1 ring-stone-200"
      />
      <div className="min-w-0 flex-1">
        <Link
          to={`/products/${line.productSlug}`}
          className="font-medium hover:text-brand-700 hover:underline"
        >
          {name}
        </Link>
        <p className="text-sm text-stone-500">
          {localized(locale, line.spec, line.specEn)} · {formatFen(line.priceFen)}
        </p>
        {presale && (
          <p className="text-xs text-amber-800" data-testid="presale-window">
            {t("presale.window", { from: presale.shipsFrom, by: presale.shipsBy })}
          </p>
        )}
        {line.problem && (
          <p role="alert" className="mt-1 text-sm font-medium text-red-700">
            {t(`cart.problem.${line.problem}`, { stock: line.stock })}
          </p>
        )}
        {fetcher.data?.error && (
          <p role="alert" className="mt-1 text-sm font-medium text-red-700">
            {t(fetcher.data.error.key, fetcher.data.error.vars)}
          </p>
        )}
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <fetcher.Form method="post" action="/cart" className="flex items-center gap-1">
            <input type="hidden" name="intent" value="update" />
            <input type="hidden" name="variantId" value={line.variantId} />
            <label htmlFor={inputId} className="text-sm text-stone-600">
              {t("cart.quantity")}
            </label>
            <input
              id={inputId}
              name="quantity"
              type="number"
              inputMode="numeric"
              min={1}
              max={999}
              defaultValue={quantity}
              key={quantity}
              aria-label={`${t("cart.quantity")} ${name}`}
              className="w-20 rounded border border-stone-300 px-2 py-1 focus:outline-none focus:ring-2 focus:ring-brand-600"
            />
            <button
              type="submit"
              className="rounded border border-stone-300 px-2 py-1 text-sm hover:bg-stone-100 focus:outline-none focus:ring-2 focus:ring-brand-600"
            >
              {t("cart.update")}
            </button>
          </fetcher.Form>
          <fetcher.Form method="post" action="/cart">
            <input type="hidden" name="intent" value="remove" />
            <input type="hidden" name="variantId" value={line.variantId} />
            <button
              type="submit"
              aria-label={`${t("cart.remove")} ${name}`}
              className="rounded px-2 py-1 text-sm text-red-700 hover:bg-red-50 focus:outline-none focus:ring-2 focus:ring-red-600"
            >
              {t("cart.remove")}
            </button>
          </fetcher.Form>
        </div>
      </div>
      <p className="flex-none font-semibold">{formatFen(line.priceFen * quantity)}</p>
    </li>
  );
}

export function ShippingRule({ flatFen, thresholdFen }: { flatFen: number; thresholdFen: number | null }) {
  const t = useT();
  if (flatFen === 0) return <>{t("cart.freeShipping")}</>;
  return (
    <>
      {thresholdFen === null
        ? t("cart.shippingFlat", { flat: formatFen(flatFen) })
        : t("cart.shippingRule", { flat: formatFen(flatFen), threshold: formatFen(thresholdFen) })}
    </>
  );
}

export default function CartPage() {
  const { cart } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionError>();
  const t = useT();
  const locale = useLocale();
  return (
    <main className="mx-auto max-w-3xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("cart.title")}</h1>
      {actionData?.error && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t(actionData.error.key, actionData.error.vars)}
        </p>
      )}
      {cart.problems.length > 0 && (
        <div role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          <p className="font-medium">{t("cart.problems.title")}</p>
          <ul className="mt-1 list-disc pl-5 text-sm">
            {cart.problems.map((p) => (
              <li key={p.variantId}>
                {localized(locale, p.productName, p.productNameEn)} · {localized(locale, p.spec, p.specEn)}：
                {t(`cart.problem.${p.problem}`, { stock: p.stock })}
              </li>
            ))}
          </ul>
        </div>
      )}
      {cart.groups.length === 0 ? (
        <div className="mt-8 rounded-xl bg-white p-8 text-center ring-1 ring-stone-200">
          <p className="text-stone-600">{t("cart.empty")}</p>
          <Link
            to="/products"
            className="mt-4 inline-block rounded-lg bg-brand-600 px-5 py-2 text-white hover:bg-brand-700"
          >
            {t("cart.browse")}
          </Link>
        </div>
      ) : (
        <>
          {cart.groups.map((g) => (
            <section
              key={g.supplierId}
              aria-labelledby={`supplier-${g.supplierId}`}
              className="mt-6 rounded-xl bg-white px-4 ring-1 ring-stone-200"
            >
              <header className="flex flex-wrap items-baseline justify-between gap-2 border-b border-stone-100 py-3">
                <h2 id={`supplier-${g.supplierId}`} className="font-semibold">
                  <Link to={`/suppliers/${g.supplierSlug}`} className="hover:text-brand-700 hover:underline">
                    {g.supplierName}
                  </Link>
                </h2>
                <p className="text-sm text-stone-500">
                  <ShippingRule flatFen={g.shippingFlatFen} thresholdFen={g.freeShippingThresholdFen} />
                </p>
              </header>
              <ul className="divide-y divide-stone-100">
                {g.lines.map((line) => (
                  <CartLine key={line.variantId} line={line} />
                ))}
              </ul>
              <p className="border-t border-stone-100 py-2 text-right text-sm text-stone-600">
                {t("cart.subtotal")} {formatFen(g.subtotalFen)} · {t("cart.shipping")}{" "}
                {formatFen(g.shippingFen)}
              </p>
            </section>
          ))}
          <section
            className="mt-6 rounded-xl bg-white p-4 ring-1 ring-stone-200"
            aria-label={t("cart.total")}
          >
            <dl className="grid grid-cols-[1fr_auto] gap-1 text-sm">
              <dt>{t("cart.subtotal")}</dt>
              <dd>{formatFen(cart.subtotalFen)}</dd>
              <dt>{t("cart.shipping")}</dt>
              <dd>{formatFen(cart.shippingFen)}</dd>
              <dt className="text-base font-semibold">{t("cart.total")}</dt>
              <dd className="text-base font-semibold text-brand-700">{formatFen(cart.totalFen)}</dd>
            </dl>
            {cart.canCheckout ? (
              <Form method="get" action="/checkout" className="mt-4">
                <button
                  type="submit"
                  className="w-full rounded-lg bg-brand-600 py-3 font-semibold text-white hover:bg-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-700 focus:ring-offset-2"
                >
                  {t("cart.checkout")}
                </button>
              </Form>
            ) : (
              <p role="status" className="mt-4 text-sm font-medium text-red-700">
                {t("cart.fixProblems")}
              </p>
            )}
          </section>
        </>
      )}
    </main>
  );
}
