// Supplier staff: the printable packing list (发货单) of one of their order parts. Print CSS hides
// the site's header, navigation and the print button; anything not theirs is a 404.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireRole } from "~/models/access/auth.server";
import { formatShanghaiDateTime } from "~/lib/dates";
import { useT } from "~/lib/use-locale";
import { getOrderPart } from "~/models/ordering/fulfilment.server";
import { invariantResponse } from "~/lib/invariant";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  ...titleMeta(
    matches,
    `发货单 ${data?.part.orderNumber ?? ""}`,
    `Packing list ${data?.part.orderNumber ?? ""}`,
  ),
  { name: "robots", content: "noindex" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const part = await getOrderPart({ caller: user, partId: params.partId ?? "" });
  invariantResponse(part, "Not found", { status: 404 });
  return json({ part });
}

// Paper needs only the list: the layout's header, nav and footer go, and so do buttons.
const PRINT_CSS =
  "@media print { body > header, body > p[role=status], nav, footer, .no-print { display: none !important; } main { max-width: none !important; padding: 0 !important; } @page { margin: 12mm; } }";

export default function PackingListPage() {
  const { part } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main className="mx-auto max-w-3xl bg-white px-4 py-6 text-sm print:text-xs">
      {/* As raw CSS: a text child would be sent HTML-escaped ("body &gt; header"), breaking the
          selectors and the hydration (React #418/#425). PRINT_CSS is a constant. */}
      <style dangerouslySetInnerHTML={{ __html: PRINT_CSS }} />
      <div className="flex items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">{t("fulfil.packing.title")}</h1>
          <p className="mt-1">
            {t("fulfil.col.orderNumber")}{" "}
            <strong data-testid="packing-order-number">{part.orderNumber}</strong>
          </p>
          <p>
            {t("fulfil.col.paidAt")} {part.paidAt ? formatShanghaiDateTime(part.paidAt) : "—"}
          </p>
        </div>
        {/* Printing needs script; without it the browser's own Print command does the same. */}
        <button
          type="button"
          className="no-print rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700"
          onClick={() => window.print()}
        >
          {t("fulfil.packing.print")}
        </button>
      </div>
      <div className="mt-4 grid grid-cols-2 gap-4">
        <section aria-labelledby="pl-from">
          <h2 id="pl-from" className="font-semibold">
            {t("fulfil.packing.from")}
          </h2>
          <p>{part.supplierName}</p>
        </section>
        <section aria-labelledby="pl-to">
          <h2 id="pl-to" className="font-semibold">
            {t("fulfil.part.shipTo")}
          </h2>
          <p>
            {part.contactName} · {part.contactMobile}
          </p>
          <p>
            {part.shippingAddress.province} {part.shippingAddress.city} {part.shippingAddress.district}{" "}
            {part.shippingAddress.detail}
          </p>
        </section>
      </div>
      <table className="mt-4 w-full border-collapse text-left">
        <thead>
          <tr className="border-b-2 border-stone-800">
            <th className="py-1 pr-2">{t("fulfil.col.sku")}</th>
            <th className="py-1 pr-2">{t("fulfil.col.product")}</th>
            <th className="py-1 pr-2">{t("fulfil.col.spec")}</th>
            <th className="whitespace-nowrap py-1 pr-2 text-right">{t("fulfil.col.quantity")}</th>
            <th className="whitespace-nowrap py-1 pl-4">{t("fulfil.col.checked")}</th>
          </tr>
        </thead>
        <tbody>
          {part.lines.map((l) => (
            <tr key={l.id} className="border-b border-stone-300">
              <td className="py-2 pr-2 font-mono break-all">{l.sku}</td>
              <td className="py-2 pr-2">{l.productName}</td>
              <td className="py-2 pr-2">{l.variantSpec}</td>
              <td className="py-2 pr-2 text-right" data-testid="packing-quantity">
                {l.quantity - l.refundedQuantity}
              </td>
              <td className="py-2 pl-4">☐</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-4 text-stone-600">{t("fulfil.packing.note")}</p>
      <p className="mt-8">{t("fulfil.packing.sign")} ____________________</p>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
