// Public: report a price or quality problem with a product (anyone, a visitor too), with an optional
// photo checked by its bytes. A plain multipart form that works without JavaScript; a few reports
// per reporter per hour (signed-in user, else the client address).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SubmitButton } from "~/components/form-field";
import { parseForm } from "~/lib/form";
import { addMessages, localized, type MessageKey } from "~/lib/i18n";
import { invariantResponse } from "~/lib/invariant";
import { governanceMessages } from "~/lib/messages/governance";
import { takeProductReport } from "~/lib/report-throttle.server";
import { redirectWithToast } from "~/lib/toast.server";
import { useLocale, useT } from "~/lib/use-locale";
import { getOptionalUser } from "~/models/access/auth.server";
import { MAX_PHOTO_BYTES, MAX_REPORT_TEXT, REPORT_KINDS } from "~/models/governance/governance-rules";
import { reportableProduct, submitProductReport } from "~/models/governance/prices.server";
import { titleMeta } from "~/lib/seo";

addMessages(governanceMessages);

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "举报价格或质量问题", "Report a problem"),
  { name: "robots", content: "noindex" },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const product = await reportableProduct(params.slug ?? "");
  invariantResponse(product, "Not found", { status: 404 });
  return json({ product });
}

const ReportForm = z.object({
  kind: z.enum(REPORT_KINDS, { error: "invalid_kind" }),
  message: z.string().trim().max(MAX_REPORT_TEXT, "invalid_message").optional().default(""),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await getOptionalUser(request);
  const read = await parseForm(request, ReportForm, {
    uploads: { maxBytes: MAX_PHOTO_BYTES, maxTotalBytes: MAX_PHOTO_BYTES },
  });
  if (read.failure === "too_large") return json({ error: "photo_too_large", values: {} }, { status: 413 });
  if (read.failure || !read.form)
    throw new Response("请求内容不是表单 · The request body is not a form", { status: 400 });
  if (!read.ok)
    return json(
      { error: read.fieldErrors.kind ? "invalid_kind" : "invalid_message", values: read.values },
      { status: 400 },
    );
  const file = read.form.get("photo");
  const photo =
    file && typeof file !== "string" && file.size > 0
      ? { bytes: new Uint8Array(await file.arrayBuffer()), originalName: file.name }
      : null;
  const clientIp = (context as { clientIp?: string }).clientIp;
  if (!(await takeProductReport(user ? `user:${user.id}` : `ip:${clientIp ?? "unknown"}`)))
    return json({ error: "too_many", values: read.values }, { status: 429 });
  const result = await submitProductReport({
    caller: user,
    slug: params.slug ?? "",
    kind: read.data.kind,
    message: read.data.message,
    photo,
  });
  if (!result.ok) {
    if (result.code === "not_found") throw new Response("Not found", { status: 404 });
    return json({ error: result.code, values: read.values }, { status: 400 });
  }
  return redirectWithToast(request, `/products/${params.slug}`, "governance.toast.reported");
}

export default function ReportProductPage() {
  const { product } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const values = (actionData?.values ?? {}) as Record<string, string>;
  return (
    <main className="mx-auto max-w-xl px-4 py-6">
      <p className="text-sm">
        <Link to={`/products/${product.slug}`} className="text-brand-700 underline">
          {localized(locale, product.name, product.nameEn)}
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{t("governance.report.title")}</h1>
      <p className="mt-2 text-stone-600">{t("governance.report.intro")}</p>
      {actionData?.error && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t(`governance.error.${actionData.error}` as MessageKey)}
        </p>
      )}
      <Form
        method="post"
        encType="multipart/form-data"
        className="mt-4 space-y-4 rounded-xl bg-white p-4 ring-1 ring-stone-200"
      >
        <fieldset>
          <legend className="text-sm font-medium">{t("governance.reports.kind")}</legend>
          <div className="mt-1 flex gap-4">
            {REPORT_KINDS.map((k) => (
              <label key={k} className="flex items-center gap-2">
                <input type="radio" name="kind" value={k} defaultChecked={(values.kind ?? "price") === k} />
                {t(`governance.reports.kind.${k}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <div>
          <label htmlFor="message" className="block text-sm font-medium">
            {t("governance.reports.message")}
          </label>
          <textarea
            id="message"
            name="message"
            rows={4}
            minLength={5}
            maxLength={MAX_REPORT_TEXT}
            required
            defaultValue={values.message}
            className="mt-1 w-full rounded-lg border border-stone-300 px-3 py-2"
          />
        </div>
        <div>
          <label htmlFor="photo" className="block text-sm font-medium">
            {t("governance.report.photo")}
          </label>
          <input
            id="photo"
            name="photo"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            className="mt-1 block w-full text-sm"
          />
        </div>
        <SubmitButton>{t("governance.report.submit")}</SubmitButton>
      </Form>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
