import { FormField, SubmitButton } from "~/components/form-field";
import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { getEnv } from "~/lib/env.server";
import { parseForm } from "~/lib/form";
import { checkoutForm, type shippingForm } from "~/models/ordering/storefront-forms.server";
import { addMessages, localized, type MessageKey } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { commitSession, getCartOwner, rememberGuestOrder } from "~/lib/session.server";
import { useLocale, useT } from "~/lib/use-locale";
import { getCartView } from "~/models/ordering/cart.server";
import { getCheckoutPrefill, placeOrder } from "~/models/ordering/checkout.server";
import { availableProviders, payDeviceOf } from "~/models/ordering/payments.server";
import { getPurchaseOptions } from "~/models/institutions/institutions.server";
import { institutionMessages } from "~/lib/messages/institutions";

addMessages(institutionMessages); // buying for an organisation

export const meta: MetaFunction = () => [
  { title: "填写订单 · Checkout" },
  { name: "robots", content: "noindex" },
];

// Error codes, translated on the page: "required", "tooLong:30", "tooShort:5", "mobile".
type FieldName = keyof z.infer<ReturnType<typeof shippingForm>>;

export async function loader({ request }: LoaderFunctionArgs) {
  const { owner } = await getCartOwner(request);
  const cart = await getCartView(owner);
  if (!cart.canCheckout) throw redirect("/cart");
  const purchase = owner.userId ? await getPurchaseOptions({ userId: owner.userId }) : null;
  const prefill = owner.userId ? await getCheckoutPrefill({ userId: owner.userId }) : null;
  return json({
    cart,
    holdMinutes: getEnv().PENDING_ORDER_MINUTES,
    purchase,
    bankTransferDays: getEnv().BANK_TRANSFER_DAYS,
    prefill,
    chinaPay: availableProviders().filter((p) => p === "alipay" || p === "wechat_pay"),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { session, owner } = await getCartOwner(request);
  // The typed values go back to the page, so nothing the shopper typed is lost without JavaScript.
  const form = await parseForm(request, checkoutForm());
  const values = form.values;
  if (!form.ok) return json({ fieldErrors: form.fieldErrors, formError: null, values }, { status: 400 });
  // Only the shipping details come from the form: prices and totals are computed on the server.
  const { forOrganisation, paymentMethod, ...shipping } = form.data;
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
    return json({ fieldErrors: {} as Record<string, string[]>, formError, values }, { status: 409 });
  }
  rememberGuestOrder(session, result.orderNumber);
  return redirect(result.paymentUrl, {
    status: 303,
    headers: { "Set-Cookie": await commitSession(session) },
  });
}

const FIELDS: {
  name: FieldName;
  label: MessageKey;
  autoComplete: string;
  wide?: boolean;
  inputMode?: "tel";
}[] = [
  { name: "contactName", label: "checkout.contactName", autoComplete: "name" },
  { name: "contactMobile", label: "checkout.mobile", autoComplete: "tel", inputMode: "tel" },
  { name: "province", label: "checkout.province", autoComplete: "address-level1" },
  { name: "city", label: "checkout.city", autoComplete: "address-level2" },
  { name: "district", label: "checkout.district", autoComplete: "address-level3" },
  { name: "detail", label: "checkout.detail", autoComplete: "street-address", wide: true },
];

export default function CheckoutPage() {
  const { cart, holdMinutes, purchase, bankTransferDays, prefill, chinaPay } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const errorText = (field: FieldName, label: string) => {
    const code = actionData?.fieldErrors?.[field]?.[0];
    if (!code) return null;
    const [kind, n] = code.split(":");
    if (kind === "mobile") return t("checkout.error.mobile");
    if (kind === "tooLong") return t("checkout.error.tooLong", { field: label, max: n });
    if (kind === "tooShort") return t("checkout.error.tooShort", { field: label, min: n });
    return t("checkout.error.required", { field: label });
  };
  return (
    <main className="mx-auto grid max-w-5xl gap-6 px-4 py-6 md:grid-cols-[1fr_22rem]">
      <div>
        <h1 className="text-2xl font-bold">{t("checkout.title")}</h1>
        {actionData?.formError && (
          <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
            {t(actionData.formError.key, actionData.formError.vars)}
          </p>
        )}
        <Form
          method="post"
          id="checkout-form"
          className="mt-4 rounded-xl bg-white p-4 ring-1 ring-stone-200"
          noValidate
        >
          <fieldset>
            <legend className="font-semibold">{t("checkout.contact")}</legend>
            <div className="mt-3 grid gap-3 sm:grid-cols-3">
              {FIELDS.map((f) => {
                const label = t(f.label);
                const error = errorText(f.name, label);
                return (
                  <FormField
                    key={f.name}
                    wrapperClassName={
                      f.wide || f.name === "contactName" || f.name === "contactMobile" ? "sm:col-span-3" : ""
                    }
                    name={f.name}
                    label={label}
                    error={error}
                    autoComplete={f.autoComplete}
                    inputMode={f.inputMode}
                    required
                    defaultValue={actionData?.values?.[f.name] ?? prefill?.[f.name] ?? ""}
                  />
                );
              })}
            </div>
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
          <span className="text-brand-700">{formatFen(cart.totalFen)}</span>
        </p>
        <p className="mt-2 text-xs text-stone-500">{t("checkout.holdNotice", { minutes: holdMinutes })}</p>
        <SubmitButton form="checkout-form" className="mt-4">
          {t("checkout.placeOrder")}
        </SubmitButton>
      </aside>
    </main>
  );
}
