import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { parseForm } from "~/lib/form";
import { payIntent } from "~/models/ordering/storefront-forms.server";
import { formatFen } from "~/lib/money";
import { getOrderViewer } from "~/lib/session.server";
import { useT } from "~/lib/use-locale";
import { completePayment, getDemoPayment } from "~/models/ordering/payments.server";
import { invariantResponse } from "~/lib/invariant";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "演示支付", "Demo payment"),
  { name: "robots", content: "noindex" },
];

/** The payment, when the caller may see its order; a 404 otherwise (no hint that it exists). */
async function requireDemoPayment(request: Request, paymentId: string | undefined) {
  const payment = await getDemoPayment({ paymentId: paymentId ?? "", viewer: await getOrderViewer(request) });
  invariantResponse(payment, "Not found", { status: 404 });
  return payment;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  return json({ payment: await requireDemoPayment(request, params.paymentId) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const payment = await requireDemoPayment(request, params.paymentId);
  const form = await parseForm(request, payIntent());
  invariantResponse(form.ok, "Bad request", { status: 400 });
  // The demo result goes through the same completion function as a provider's webhook; the
  // event id is fixed per payment and outcome, so a double click is one event.
  await completePayment({
    provider: "demo",
    providerEventId: `demo:${payment.paymentId}:${form.data.intent}`,
    paymentId: payment.paymentId,
    outcome: form.data.intent === "pay" ? "succeeded" : "failed",
    payload: { source: "demo-page" },
  });
  return redirect(`/orders/${payment.orderNumber}`, { status: 303 });
}

export default function DemoPaymentPage() {
  const { payment } = useLoaderData<typeof loader>();
  const t = useT();
  const payable = payment.payable;
  return (
    <main className="mx-auto max-w-md px-4 py-10">
      <div className="rounded-2xl bg-white p-6 ring-2 ring-amber-400">
        <p className="inline-block rounded bg-amber-100 px-2 py-0.5 text-sm font-semibold text-amber-900">
          {t("pay.demoTitle")}
        </p>
        <h1 className="mt-3 text-2xl font-bold">{t("pay.demoTitle")}</h1>
        <p className="mt-1 text-sm text-stone-600">{t("pay.demoNotice")}</p>
        <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
          <dt className="text-stone-500">{t("pay.orderNumber")}</dt>
          <dd className="font-mono">{payment.orderNumber}</dd>
          <dt className="text-stone-500">
            {payment.purpose === "deposit"
              ? t("presale.pay.deposit")
              : payment.purpose === "balance"
                ? t("presale.pay.balance")
                : t("pay.amount")}
          </dt>
          <dd className="text-xl font-bold text-brand-700">{formatFen(payment.amountFen)}</dd>
        </dl>
        {payable ? (
          <Form method="post" className="mt-6 grid gap-2">
            <button
              name="intent"
              value="pay"
              className="rounded-lg bg-green-700 py-3 font-semibold text-white hover:bg-green-800 focus:outline-none focus:ring-2 focus:ring-green-800 focus:ring-offset-2"
            >
              {t("pay.confirm")}
            </button>
            <button
              name="intent"
              value="fail"
              className="rounded-lg border border-stone-300 py-2 text-sm text-stone-700 hover:bg-stone-100 focus:outline-none focus:ring-2 focus:ring-brand-600"
            >
              {t("pay.fail")}
            </button>
          </Form>
        ) : (
          <p className="mt-6 text-stone-600">{t("pay.notPayable")}</p>
        )}
        <Link
          to={`/orders/${payment.orderNumber}`}
          className="mt-4 inline-block text-sm text-brand-700 hover:underline"
        >
          {t("pay.viewOrder")}
        </Link>
      </div>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
