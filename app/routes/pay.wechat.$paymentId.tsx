// WeChat Pay Native pay (扫码支付): the code_url as a QR code drawn on the server, on a page that
// refreshes itself every 5 seconds (<meta http-equiv="refresh">, no JavaScript) until the
// notification has marked the payment paid; "I have paid" asks WeChat Pay at once.
import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import QRCode from "qrcode";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { invariantResponse } from "~/lib/invariant";
import { formatFen } from "~/lib/money";
import { getOrderViewer } from "~/lib/session.server";
import { useT } from "~/lib/use-locale";
import { checkWechatPayment, getWechatPayment } from "~/models/ordering/wechatpay.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  ...titleMeta(matches, "微信支付", "WeChat Pay"),
  { name: "robots", content: "noindex" },
  ...(data?.waiting ? [{ httpEquiv: "refresh", content: "5" } as const] : []),
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const payment = await getWechatPayment({
    paymentId: params.paymentId ?? "",
    viewer: await getOrderViewer(request),
  });
  invariantResponse(payment, "Not found", { status: 404 });
  const waiting = payment.paymentStatus === "pending" && Boolean(payment.codeUrl);
  const qr = waiting ? await QRCode.toDataURL(payment.codeUrl!, { margin: 1, width: 240 }) : null;
  const { codeUrl: _codeUrl, ...shown } = payment;
  return { payment: shown, qr, waiting };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const payment = await checkWechatPayment({
    paymentId: params.paymentId ?? "",
    viewer: await getOrderViewer(request),
  });
  invariantResponse(payment, "Not found", { status: 404 });
  return redirect(`/pay/wechat/${payment.paymentId}`, { status: 303 });
}

export default function WechatPayPage() {
  const { payment, qr, waiting } = useLoaderData<typeof loader>();
  const t = useT();
  const vars = { amount: formatFen(payment.amountFen), orderNumber: payment.orderNumber };
  return (
    <main className="mx-auto max-w-md px-4 py-10">
      <div className="rounded-2xl bg-white p-6 text-center ring-1 ring-stone-200">
        <h1 className="text-2xl font-bold">{t("wechatPay.title")}</h1>
        {payment.paymentStatus === "succeeded" ? (
          <p role="status" className="mt-4 rounded-lg bg-green-50 p-3 text-green-800 ring-1 ring-green-200">
            {t("wechatPay.paid", vars)}
          </p>
        ) : waiting && qr ? (
          <>
            <p className="mt-2 text-sm text-stone-700">{t("wechatPay.scan", vars)}</p>
            <img src={qr} alt={t("wechatPay.qrAlt")} width={240} height={240} className="mx-auto mt-4" />
            <p className="mt-3 text-xs text-stone-500">{t("wechatPay.refreshing")}</p>
            <Form method="post" className="mt-4">
              <button className="w-full rounded-lg bg-green-700 py-3 font-semibold text-white hover:bg-green-800 focus:outline-none focus:ring-2 focus:ring-green-800 focus:ring-offset-2">
                {t("wechatPay.checkNow")}
              </button>
            </Form>
          </>
        ) : (
          <p className="mt-4 text-stone-600">{t("wechatPay.closed")}</p>
        )}
        <Link
          to={`/orders/${payment.orderNumber}`}
          className="mt-4 inline-block text-sm text-brand-700 hover:underline"
        >
          {t("wechatPay.viewOrder")}
        </Link>
      </div>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
