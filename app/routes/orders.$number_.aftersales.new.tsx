// The shopper asks for after-sales on one line of their order (?line=…): type, reason,
// description, an amount for a refund, up to 6 photos (checked by their content).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatShanghaiDateTime } from "~/lib/dates";
import { parseForm } from "~/lib/form";
import { addMessages, type MessageKey } from "~/lib/i18n";
import { invariantResponse } from "~/lib/invariant";
import { aftersalesMessages } from "~/lib/messages/aftersales";
import { formatFen, parseYuan } from "~/lib/money";
import { getOrderViewer } from "~/lib/session.server";
import { redirectWithToast } from "~/lib/toast.server";
import { MAX_IMAGE_BYTES } from "~/lib/uploads.server";
import { useT } from "~/lib/use-locale";
import { getClaimForm, MAX_PHOTOS, openClaim, type PhotoUpload } from "~/models/ordering/aftersales.server";
import { CLAIM_KINDS, CLAIM_REASONS } from "~/models/ordering/aftersales-rules";
import { titleMeta } from "~/lib/seo";

addMessages(aftersalesMessages);

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "申请售后", "Request after-sales"),
  { name: "robots", content: "noindex" },
];

async function formFor(request: Request, orderNumber: string) {
  const lineId = new URL(request.url).searchParams.get("line") ?? "";
  const form = await getClaimForm({ orderNumber, lineId, viewer: await getOrderViewer(request) });
  invariantResponse(form, "Not found", { status: 404 });
  return form;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  return json({ form: await formFor(request, params.number ?? "") });
}

const ClaimForm = z.object({
  kind: z.string(),
  reason: z.string(),
  description: z.string().max(2000),
  amount: z.string().max(20).optional(),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const orderNumber = params.number ?? "";
  const { line } = await formFor(request, orderNumber);
  const parsed = await parseForm(request, ClaimForm, {
    uploads: { maxBytes: MAX_IMAGE_BYTES, maxTotalBytes: MAX_PHOTOS * MAX_IMAGE_BYTES + 256 * 1024 },
  });
  if (!parsed.ok) {
    const code = parsed.failure === "too_large" ? "too_large" : "bad_description";
    return json(
      { error: `as.error.${code}` as MessageKey },
      { status: parsed.failure === "too_large" ? 413 : 400 },
    );
  }
  const amountText = parsed.data.amount?.trim() ?? "";
  const amountFen = amountText ? parseYuan(amountText) : null;
  if (amountText && amountFen === null)
    return json({ error: "as.error.bad_amount" as MessageKey }, { status: 400 });
  const photos: PhotoUpload[] = [];
  for (const value of parsed.form.getAll("photos"))
    if (typeof value !== "string" && value.size > 0)
      photos.push({ bytes: new Uint8Array(await value.arrayBuffer()), name: value.name });
  const result = await openClaim({
    orderNumber,
    lineId: line.id,
    viewer: await getOrderViewer(request),
    kind: parsed.data.kind,
    reason: parsed.data.reason,
    description: parsed.data.description,
    amountFen,
    photos,
  });
  if (!result.ok) {
    if (result.code === "not_found") throw new Response("Not found", { status: 404 });
    return json({ error: `as.error.${result.code}` as MessageKey }, { status: 409 });
  }
  return redirectWithToast(request, `/orders/${orderNumber}/aftersales/${result.claimId}`, "as.toast.opened");
}

export default function NewClaimPage() {
  const { form } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const field = "mt-1 w-full rounded-lg border border-stone-300 px-3 py-2";
  return (
    <main className="mx-auto max-w-xl px-4 py-6">
      <p className="text-sm">
        <Link to={`/orders/${form.orderNumber}`} className="text-brand-700 hover:underline">
          {t("as.claim.order", { number: form.orderNumber })}
        </Link>
      </p>
      <h1 className="mt-1 text-xl font-bold">
        {t("as.new.title", { product: `${form.line.productName} · ${form.line.variantSpec}` })}
      </h1>
      {form.closesAt && (
        <p className="mt-1 text-sm text-stone-600">
          {t("as.new.window", { time: formatShanghaiDateTime(form.closesAt) })}
        </p>
      )}
      {form.fresh && <p className="mt-1 text-sm text-amber-800">{t("as.new.fresh")}</p>}
      {(actionData?.error || form.eligible) && (
        <p
          role="alert"
          className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200"
          data-testid="claim-error"
        >
          {t(actionData?.error ?? (`as.error.${form.eligible}` as MessageKey))}
        </p>
      )}
      {!form.eligible && (
        <Form method="post" encType="multipart/form-data" className="mt-4 space-y-4">
          <fieldset>
            <legend className="font-medium">{t("as.field.kind")}</legend>
            {CLAIM_KINDS.map((k, i) => (
              <label key={k} className="mr-4 inline-flex items-center gap-1 py-1">
                <input type="radio" name="kind" value={k} defaultChecked={i === 0} /> {t(`as.kind.${k}`)}
              </label>
            ))}
          </fieldset>
          <label className="block">
            <span className="font-medium">{t("as.field.reason")}</span>
            <select name="reason" className={field} required>
              {CLAIM_REASONS.map((r) => (
                <option key={r} value={r}>
                  {t(`as.reason.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="block">
            <span className="font-medium">{t("as.field.description")}</span>
            <textarea name="description" required maxLength={1000} rows={4} className={field} />
          </label>
          <label className="block">
            <span className="font-medium">{t("as.field.amount", { max: formatFen(form.remainingFen) })}</span>
            <input
              name="amount"
              inputMode="decimal"
              placeholder={(form.remainingFen / 100).toFixed(2)}
              className={field}
            />
          </label>
          <label className="block">
            <span className="font-medium">{t("as.field.photos")}</span>
            <input
              type="file"
              name="photos"
              accept="image/jpeg,image/png,image/webp"
              multiple
              className="mt-1 block w-full text-sm"
            />
          </label>
          <button
            type="submit"
            className="w-full rounded-lg bg-brand-600 px-4 py-2 text-white hover:bg-brand-700"
          >
            {t("as.submit")}
          </button>
        </Form>
      )}
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
