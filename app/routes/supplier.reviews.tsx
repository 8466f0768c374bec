// Supplier staff: the reviews of their products, each answered once (issue 20).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ReviewPhotos, Stars } from "~/components/reviews";
import { formatShanghaiDateTime } from "~/lib/dates";
import { parseForm } from "~/lib/form";
import type { MessageKey } from "~/lib/i18n";
import { redirectWithToast } from "~/lib/toast.server";
import { useT } from "~/lib/use-locale";
import { requireRole } from "~/models/access/auth.server";
import { listSupplierReviews, replyToReview } from "~/models/reviews/reviews.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "评价管理", "Reviews"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  return json({ reviews: await listSupplierReviews({ caller: user }) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const ReplyForm = z.object({ reviewId: z.string().max(64), reply: z.string().max(4000).catch("") });
  const form = await parseForm(request, ReplyForm);
  if (!form.ok) throw new Response("Bad request", { status: 400 });
  const result = await replyToReview({ caller: user, reviewId: form.data.reviewId, reply: form.data.reply });
  if (!result.ok)
    return json(
      { error: `reviews.error.${result.code}` as MessageKey, reviewId: form.data.reviewId },
      { status: result.code === "not_found" ? 404 : 400 },
    );
  return redirectWithToast(request, "/supplier/reviews", "reviews.toast.replied");
}

export default function SupplierReviewsPage() {
  const { reviews } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const t = useT();
  return (
    <main className="mx-auto max-w-4xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("reviews.supplier.title")}</h1>
      {reviews.length === 0 ? (
        <p className="mt-4 text-stone-600">{t("reviews.none")}</p>
      ) : (
        <ul className="mt-4 space-y-3">
          {reviews.map((r) => (
            <li key={r.id} className="rounded-xl bg-white p-4 text-sm ring-1 ring-stone-200">
              <p className="flex flex-wrap items-center gap-2">
                <span className="font-medium">{r.productName}</span>
                <Stars rating={r.rating} t={t} />
                <span className="text-xs text-stone-500">{formatShanghaiDateTime(r.createdAt)}</span>
              </p>
              <p className="mt-1 whitespace-pre-line break-words">{r.body}</p>
              <ReviewPhotos photos={r.photos} t={t} size={64} />
              {r.reply ? (
                <p className="mt-2 rounded bg-stone-50 p-2 text-stone-700">
                  <span className="font-medium">{t("reviews.reply")}：</span>
                  {r.reply}
                </p>
              ) : (
                <Form method="post" className="mt-2 space-y-2">
                  <input type="hidden" name="reviewId" value={r.id} />
                  <label htmlFor={`reply-${r.id}`} className="block text-stone-600">
                    {t("reviews.supplier.replyLabel")}
                  </label>
                  <textarea
                    id={`reply-${r.id}`}
                    name="reply"
                    required
                    maxLength={500}
                    rows={2}
                    className="w-full rounded-lg border border-stone-300 px-3 py-2 text-base"
                  />
                  {failed?.reviewId === r.id && (
                    <p role="alert" className="text-red-800">
                      {t(failed.error)}
                    </p>
                  )}
                  <button
                    type="submit"
                    className="rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700"
                  >
                    {t("reviews.supplier.replySubmit")}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
