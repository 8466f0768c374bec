// The shopper's reviews (issue 20): the delivered lines still waiting for one, each with its form
// (stars, text, up to six photos; a plain multipart POST), and the reviews already written.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ReviewPhotos, Stars } from "~/components/reviews";
import { parseForm } from "~/lib/form";
import type { MessageKey } from "~/lib/i18n";
import { redirectWithToast } from "~/lib/toast.server";
import { FORM_OVERHEAD_BYTES, MAX_IMAGE_BYTES } from "~/lib/uploads.server";
import { useT } from "~/lib/use-locale";
import { requireUser } from "~/models/access/auth.server";
import {
  listMyReviews,
  listReviewableLines,
  MAX_REVIEW_PHOTOS,
  REVIEW_MAX,
  submitReview,
} from "~/models/reviews/reviews.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "我的评价", "My reviews"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [awaiting, mine] = await Promise.all([
    listReviewableLines({ caller: user }),
    listMyReviews({ caller: user }),
  ]);
  return json({ awaiting, mine });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const ReviewForm = z.object({
    orderLineId: z.string().max(64),
    rating: z.coerce.number().catch(0),
    body: z
      .string()
      .max(REVIEW_MAX * 4)
      .catch(""),
  });
  const read = await parseForm(request, ReviewForm, {
    uploads: {
      maxBytes: MAX_IMAGE_BYTES,
      maxTotalBytes: (MAX_REVIEW_PHOTOS + 1) * MAX_IMAGE_BYTES + FORM_OVERHEAD_BYTES,
    },
  });
  const fail = (code: string, orderLineId: string | null, status = 400) =>
    json({ error: `reviews.error.${code}` as MessageKey, orderLineId }, { status });
  if (read.failure === "too_large") return fail("too_large", null, 413);
  if (!read.ok || !read.form) return fail("invalid_body", null);
  const photos: Uint8Array[] = [];
  for (const file of read.form.getAll("photos")) {
    if (typeof file === "string") continue;
    photos.push(new Uint8Array(await file.arrayBuffer()));
  }
  const result = await submitReview({
    caller: user,
    input: { orderLineId: read.data.orderLineId, rating: read.data.rating, body: read.data.body, photos },
  });
  if (!result.ok) return fail(result.code, read.data.orderLineId, result.code === "not_found" ? 404 : 400);
  return redirectWithToast(request, "/account/reviews", "reviews.toast.submitted");
}

const field =
  "w-full rounded-lg border border-stone-300 px-3 py-2 text-base focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30";

export default function MyReviewsPage() {
  const { awaiting, mine } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const t = useT();
  return (
    <main className="mx-auto max-w-3xl px-4 py-6">
      <p className="text-sm">
        <Link to="/account" className="text-brand-700 hover:underline">
          ← {t("account.title")}
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{t("reviews.mine.title")}</h1>
      {failed && !failed.orderLineId && (
        <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {t(failed.error)}
        </p>
      )}
      <section aria-labelledby="awaiting" className="mt-4">
        <h2 id="awaiting" className="text-lg font-semibold">
          {t("reviews.mine.awaiting")}
        </h2>
        {awaiting.length === 0 ? (
          <p className="mt-2 text-stone-600">{t("reviews.mine.none")}</p>
        ) : (
          <ul className="mt-2 space-y-3">
            {awaiting.map((l) => (
              <li key={l.orderLineId} className="rounded-xl bg-white p-4 ring-1 ring-stone-200">
                <p className="font-medium">
                  {l.productName} <span className="text-sm text-stone-500">· {l.variantSpec}</span>
                </p>
                <p className="text-xs text-stone-500">{l.orderNumber}</p>
                <Form
                  method="post"
                  encType="multipart/form-data"
                  className="mt-3 space-y-3"
                  data-testid="review-form"
                >
                  <input type="hidden" name="orderLineId" value={l.orderLineId} />
                  <div>
                    <label htmlFor={`rating-${l.orderLineId}`} className="mb-1 block text-sm text-stone-600">
                      {t("reviews.form.rating")}
                    </label>
                    <select id={`rating-${l.orderLineId}`} name="rating" defaultValue="5" className={field}>
                      {[5, 4, 3, 2, 1].map((n) => (
                        <option key={n} value={n}>
                          {"★".repeat(n)} {t("reviews.stars", { rating: n })}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div>
                    <label htmlFor={`body-${l.orderLineId}`} className="mb-1 block text-sm text-stone-600">
                      {t("reviews.form.body")}
                    </label>
                    <textarea
                      id={`body-${l.orderLineId}`}
                      name="body"
                      required
                      minLength={2}
                      maxLength={1000}
                      rows={3}
                      className={field}
                    />
                  </div>
                  <div>
                    <label htmlFor={`photos-${l.orderLineId}`} className="mb-1 block text-sm text-stone-600">
                      {t("reviews.form.photos")}
                    </label>
                    <input
                      id={`photos-${l.orderLineId}`}
                      type="file"
                      name="photos"
                      multiple
                      accept="image/jpeg,image/png,image/webp"
                      className="block w-full text-sm"
                    />
                  </div>
                  {failed?.orderLineId === l.orderLineId && (
                    <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
                      {t(failed.error)}
                    </p>
                  )}
                  <button
                    type="submit"
                    className="rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-700 focus:ring-offset-2"
                  >
                    {t("reviews.form.submit")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="written" className="mt-6">
        <h2 id="written" className="text-lg font-semibold">
          {t("reviews.mine.title")}
        </h2>
        {mine.length === 0 ? (
          <p className="mt-2 text-stone-600">{t("reviews.mine.noReviews")}</p>
        ) : (
          <ul className="mt-2 space-y-3" data-testid="my-reviews">
            {mine.map((r) => (
              <li key={r.id} className="rounded-xl bg-white p-4 text-sm ring-1 ring-stone-200">
                <p className="flex flex-wrap items-center gap-2">
                  <Link
                    to={`/products/${r.productSlug}`}
                    className="font-medium text-brand-700 hover:underline"
                  >
                    {r.productName}
                  </Link>
                  <Stars rating={r.rating} t={t} />
                </p>
                <p className="mt-1 whitespace-pre-line break-words">{r.body}</p>
                <ReviewPhotos photos={r.photos} t={t} size={64} />
                {r.reply && (
                  <p className="mt-2 rounded bg-stone-50 p-2 text-stone-700">
                    <span className="font-medium">{t("reviews.reply")}：</span>
                    {r.reply}
                  </p>
                )}
                {r.hidden && (
                  <p className="mt-2 text-amber-800">
                    {t("reviews.hidden", { reason: r.hiddenReason ?? "" })}
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
