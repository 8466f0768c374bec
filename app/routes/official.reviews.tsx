// Officials (reviews of their region's suppliers) and admins (all): hide a review with a reason,
// audited as `review.hidden`; a hidden review leaves the product page (issue 20, decision 073).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Stars } from "~/components/reviews";
import { formatShanghaiDateTime } from "~/lib/dates";
import { parseForm } from "~/lib/form";
import type { MessageKey } from "~/lib/i18n";
import { redirectWithToast } from "~/lib/toast.server";
import { useT } from "~/lib/use-locale";
import { requireRole } from "~/models/access/auth.server";
import { OFFICIAL_PORTAL_ROLES } from "~/models/access/portal-access";
import { hideReview, listReviewsForModeration } from "~/models/reviews/reviews.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "评价审核", "Review moderation"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, OFFICIAL_PORTAL_ROLES.reviews);
  return json({ reviews: await listReviewsForModeration({ caller: user }) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, OFFICIAL_PORTAL_ROLES.reviews);
  const HideForm = z.object({ reviewId: z.string().max(64), reason: z.string().max(1000).catch("") });
  const form = await parseForm(request, HideForm);
  if (!form.ok) throw new Response("Bad request", { status: 400 });
  const result = await hideReview({
    caller: user,
    reviewId: form.data.reviewId,
    reason: form.data.reason,
    ip: request.headers.get("x-forwarded-for"),
  });
  if (!result.ok)
    return json(
      { error: `reviews.error.${result.code}` as MessageKey, reviewId: form.data.reviewId },
      { status: result.code === "not_found" ? 404 : 400 },
    );
  return redirectWithToast(request, "/official/reviews", "reviews.toast.hidden");
}

export default function OfficialReviewsPage() {
  const { reviews } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const t = useT();
  return (
    <main className="mx-auto max-w-4xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("reviews.official.title")}</h1>
      {reviews.length === 0 ? (
        <p className="mt-4 text-stone-600">{t("reviews.none")}</p>
      ) : (
        <ul className="mt-4 space-y-3">
          {reviews.map((r) => (
            <li key={r.id} className="rounded-xl bg-white p-4 text-sm ring-1 ring-stone-200">
              <p className="flex flex-wrap items-center gap-2">
                <span className="font-medium">{r.productName}</span>
                <span className="text-stone-500">{r.supplierName}</span>
                <Stars rating={r.rating} t={t} />
                <span className="text-xs text-stone-500">{formatShanghaiDateTime(r.createdAt)}</span>
              </p>
              <p className="mt-1 whitespace-pre-line break-words">{r.body}</p>
              {r.reply && (
                <p className="mt-2 rounded bg-stone-50 p-2 text-stone-700">
                  <span className="font-medium">{t("reviews.reply")}：</span>
                  {r.reply}
                </p>
              )}
              {r.hidden ? (
                <p className="mt-2 text-amber-800">{t("reviews.hidden", { reason: r.hiddenReason ?? "" })}</p>
              ) : (
                <Form method="post" className="mt-2 flex flex-wrap items-end gap-2">
                  <input type="hidden" name="reviewId" value={r.id} />
                  <label className="min-w-0 flex-1">
                    <span className="block text-stone-600">{t("reviews.official.reason")}</span>
                    <input
                      name="reason"
                      required
                      minLength={2}
                      maxLength={200}
                      className="w-full rounded-lg border border-stone-300 px-3 py-2 text-base"
                    />
                  </label>
                  <button
                    type="submit"
                    className="rounded-lg border border-red-300 px-4 py-2 text-red-800 hover:bg-red-50"
                  >
                    {t("reviews.official.hide")}
                  </button>
                  {failed?.reviewId === r.id && (
                    <p role="alert" className="w-full text-red-800">
                      {t(failed.error)}
                    </p>
                  )}
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
