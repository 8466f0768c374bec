import { AddressFields } from "~/components/address-fields";
import { SubmitButton } from "~/components/form-field";
import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getEnv } from "~/lib/env.server";
import { parseForm } from "~/lib/form";
import { checkoutForm } from "~/models/ordering/storefront-forms.server";
import { pickerOptions } from "~/models/ordering/divisions.server";
import { addMessages, localeFromRequest, localized, type MessageKey } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { commitSession, getCartOwner, rememberGuestOrder } from "~/lib/session.server";
import { useLocale, useT } from "~/lib/use-locale";
import { getCartView } from "~/models/ordering/cart.server";
import { getCheckoutPrefill, placeOrder } from "~/models/ordering/checkout.server";
import { availableProviders, payDeviceOf } from "~/models/ordering/payments.server";
import { getPurchaseOptions } from "~/models/institutions/institutions.server";
import { institutionMessages } from "~/lib/messages/institutions";
import { titleMeta } from "~/lib/seo";

addMessages(institutionMessages); // buying for an organisation

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "填写订单", "Checkout"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const { owner } = await getCartOwner(request);
  const cart = await getCartView(owner);
  if (!cart.canCheckout) throw redirect("/cart");
  const purchase = owner.userId ? await getPurchaseOptions({ userId: owner.userId }) : null;
  // A signed-in shopper's saved addresses; ?address= picks one of them (a link: no JavaScript needed).
  const book = owner.userId
    ? await getCheckoutPrefill({
        userId: owner.userId,
        addressId: new URL(request.url).searchParams.get("address"),
      })
    : null;
  const prefill = book?.prefill ?? null;
  return json({
    cart,
    holdMinutes: getEnv().PENDING_ORDER_MINUTES,
    purchase,
    bankTransferDays: getEnv().BANK_TRANSFER_DAYS,
    prefill,
    addresses: book?.addresses ?? null,
    chosenAddressId: book?.chosenId ?? null,
    options: pickerOptions({
      province: prefill?.province,
      city: prefill?.city,
      locale: localeFromRequest(request),
    }),
    chinaPay: availableProviders().filter((p) => p === "alipay" || p === "wechat_pay"),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { session, owner } = await getCartOwner(request);
  // The typed values go back to the page, so nothing the shopper typed is lost without JavaScript.
  const form = await parseForm(request, checkoutForm());
  const values = form.values;
  // 选择 (the picker without JavaScript): the same form back with the chosen region's next level.
  const options = pickerOptions({
    province: values.province,
    city: values.city,
    locale: localeFromRequest(request),
  });
  if (values.intent === "pick") return json({ fieldErrors: {}, formError: null, values, options });
  if (!form.ok)
    return json({ fieldErrors: form.fieldErrors, formError: null, values, options }, { status: 400 });
  // Only the shipping details come from the form: prices and totals are computed on the server.
  const { forOrganisation, paymentMethod, saveAddress, ...shipping } = form.data;
  const purchase = {
    forOrganisation: forOrganisation === "1",
    bankTransfer: paymentMethod === "bank_transfer",
    provider: paymentMethod === "alipay" || paymentMethod === "wechat_pay" ? paymentMethod : undefined,
  };
  const result = await placeOrder({
    owner,
    shipping,
    origin: new URL(request.url).origin,
    purchase,
    device: payDeviceOf(request, context.clientIp),
    saveAddress: saveAddress === "1",
  });
  if (!result.ok && (result.code === "stock_short" || result.code === "cart_has_problems")) {
    // Back to the cart, which names every line that ran out (this page's loader would send the
    // shopper there anyway, and a document POST would lose this action's message on the way).
    session.flash("toast", "checkout.toast.notPlaced");
    return redirect("/cart", { status: 303, headers: { "Set-Cookie": await commitSession(session) } });
  }
  if (!result.ok) {
    const vars = result.code === "allowance_exceeded" ? { remaining: formatFen(result.remainingFen) } : {};
    const formError = { key: `checkout.error.${result.code}` as MessageKey, vars };
    return json({ fieldErrors: {} as Record<string, string[]>, formError, values, options }, { status: 409 });
  }
  rememberGuestOrder(session, result.orderNumber);
  return redirect(result.paymentUrl, {
    status: 303,
    headers: { "Set-Cookie": await commitSession(session) },
  });
}

export default function CheckoutPage() {
  const {
    cart,
    holdMinutes,
    purchase,
    bankTransferDays,
    prefill,
    addresses,
    chosenAddressId,
    options,
    chinaPay,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <main className="mx-auto grid max-w-5xl gap-6 px-4 py-6 md:grid-cols-[1fr_22rem]">
      <div>
        <h1 className="text-2xl font-bold">{t("checkout.title")}</h1>
        {actionData?.formError && (
          <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
            {t(actionData.formError.key, actionData.formError.vars)}
          </p>
        )}
        {addresses && addresses.length > 0 && (
          <section
            aria-labelledby="saved-addresses"
            className="mt-4 rounded-xl bg-white p-4 ring-1 ring-stone-200"
          >
            <h2 id="saved-addresses" className="font-semibold">
              {t("checkout.savedAddresses")}
            </h2>
            <ul className="mt-2 divide-y divide-stone-100 text-sm" data-testid="saved-addresses">
              {addresses.map((a) => (
                <li key={a.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <span className="min-w-0">
                    {a.contactName} {a.contactMobile}
                    {a.isDefault && (
                      <span className="ml-2 whitespace-nowrap rounded bg-brand-50 px-1.5 text-xs text-brand-700">
                        {t("addresses.default")}
                      </span>
                    )}
                    <br />
                    <span className="text-stone-600">
                      {a.province} {a.city} {a.district} {a.detail}
                    </span>
                  </span>
                  {a.id === chosenAddressId ? (
                    <span className="whitespace-nowrap text-xs text-stone-500">
                      {t("checkout.usingAddress")}
                    </span>
                  ) : (
                    <Link
                      to={`/checkout?address=${a.id}`}
                      replace
                      preventScrollReset
                      className="whitespace-nowrap text-brand-700 hover:underline"
                    >
                      {t("checkout.useAddress")}
                    </Link>
                  )}
                </li>
              ))}
            </ul>
            <Link
              to="/account/addresses"
              className="mt-2 inline-block text-sm text-brand-700 hover:underline"
            >
              {t("checkout.manageAddresses")}
            </Link>
          </section>
        )}
        <Form
          method="post"
          id="checkout-form"
          className="mt-4 rounded-xl bg-white p-4 ring-1 ring-stone-200"
          noValidate
        >
          <fieldset>
            <legend className="font-semibold">{t("checkout.contact")}</legend>
            <AddressFields
              key={chosenAddressId ?? "new"}
              values={actionData?.values ?? prefill ?? {}}
              options={actionData?.options ?? options}
              fieldErrors={actionData?.fieldErrors}
            />
            {addresses && (
              <p className="mt-3 flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  id="save-address"
                  name="saveAddress"
                  value="1"
                  defaultChecked={actionData?.values?.saveAddress === "1"}
                />
                <label htmlFor="save-address">{t("checkout.saveAddress")}</label>
              </p>
            )}
          </fieldset>
          {purchase && (
            <fieldset className="mt-6">
              <legend className="font-semibold">{t("checkout.org.legend")}</legend>
              <p className="mt-2 flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  id="for-organisation"
                  name="forOrganisation"
                  value="1"
                  defaultChecked={actionData?.values?.forOrganisation === "1"}
                />
                <label htmlFor="for-organisation">
                  {t("checkout.org.forOrganisation", { name: purchase.organisation.name })}
                </label>
              </p>
              {purchase.allowance && (
                <p className="mt-1 text-xs text-stone-600">
                  {t("checkout.org.allowance", {
                    yearly: formatFen(purchase.allowance.yearlyFen),
                    used: formatFen(purchase.allowance.usedFen),
                    remaining: formatFen(purchase.allowance.remainingFen),
                  })}
                </p>
              )}
            </fieldset>
          )}
          <fieldset className="mt-6">
            <legend className="font-semibold">{t("checkout.payment")}</legend>
            <p className="mt-2 flex items-center gap-2 text-sm">
              <input
                type="radio"
                id="payment-demo"
                name="paymentMethod"
                value="demo"
                defaultChecked={
                  !["bank_transfer", "alipay", "wechat_pay"].includes(actionData?.values?.paymentMethod ?? "")
                }
              />
              <label htmlFor="payment-demo">{t("checkout.demoPayment")}</label>
            </p>
            {chinaPay.map((method) => (
              <p key={method} className="mt-2 flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  id={`payment-${method}`}
                  name="paymentMethod"
                  value={method}
                  defaultChecked={actionData?.values?.paymentMethod === method}
                />
                <label htmlFor={`payment-${method}`}>
                  {t(method === "alipay" ? "checkout.payAlipay" : "checkout.payWechat")}
                </label>
              </p>
            ))}
            {purchase && (
              <p className="mt-2 flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  id="payment-bank-transfer"
                  name="paymentMethod"
                  value="bank_transfer"
                  defaultChecked={actionData?.values?.paymentMethod === "bank_transfer"}
                />
                <label htmlFor="payment-bank-transfer">
                  {t("checkout.bankTransfer", { days: bankTransferDays })}
                </label>
              </p>
            )}
          </fieldset>
        </Form>
      </div>
      <aside className="h-fit rounded-xl bg-white p-4 ring-1 ring-stone-200" aria-labelledby="summary">
        <h2 id="summary" className="font-semibold">
          {t("checkout.summary")}
        </h2>
        {cart.groups.map((g) => (
          <div key={g.supplierId} className="mt-3 border-t border-stone-100 pt-3 text-sm">
            <p className="font-medium">{g.supplierName}</p>
            <ul>
              {g.lines.map((l) => (
                <li key={l.variantId} className="flex justify-between gap-2">
                  <span>
                    {localized(locale, l.productName, l.productNameEn)} ·{" "}
                    {localized(locale, l.spec, l.specEn)} × {l.quantity}
                  </span>
                  <span>{formatFen(l.lineTotalFen)}</span>
                </li>
              ))}
            </ul>
            <p className="flex justify-between text-stone-500">
              <span>{t("cart.shipping")}</span>
              <span>{formatFen(g.shippingFen)}</span>
            </p>
          </div>
        ))}
        <p className="mt-3 flex justify-between border-t border-stone-200 pt-3 text-base font-semibold">
          <span>{t("cart.total")}</span>
          <span className="text-brand-700" data-testid="checkout-total">
            {formatFen(cart.totalFen)}
          </span>
        </p>
        <p className="mt-2 text-xs text-stone-500">{t("checkout.holdNotice", { minutes: holdMinutes })}</p>
        <SubmitButton form="checkout-form" className="mt-4">
          {t("checkout.placeOrder")}
        </SubmitButton>
      </aside>
    </main>
  );
}
