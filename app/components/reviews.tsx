// A product's reviews as the product page shows them. Every user-written string (review, reply,
// name) is a React text child: escaped, never HTML. `t` is passed in so the list renders anywhere.
import type { MessageKey } from "~/lib/i18n";

export type ReviewItem = {
  id: string;
  rating: number;
  body: string;
  photos: string[];
  reply: string | null;
  reviewer: string;
  variantSpec: string;
  createdAt: string | Date;
};

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function Stars({ rating, t }: { rating: number; t: T }) {
  return (
    <span className="text-amber-500" role="img" aria-label={t("reviews.stars", { rating })}>
      {"★".repeat(rating)}
      <span className="text-stone-300">{"★".repeat(5 - rating)}</span>
    </span>
  );
}

export function ReviewList({ reviews, t }: { reviews: ReviewItem[]; t: T }) {
  if (reviews.length === 0) return null;
  return (
    <ul className="mt-3 space-y-3" data-testid="review-list">
      {reviews.map((r) => (
        <li key={r.id} className="rounded-lg bg-white p-3 text-sm ring-1 ring-stone-200">
          <p className="flex flex-wrap items-center gap-2">
            <Stars rating={r.rating} t={t} />
            <span className="text-stone-600">{r.reviewer}</span>
            <span className="text-xs text-stone-500">
              {r.variantSpec} · {String(r.createdAt).slice(0, 10)}
            </span>
          </p>
          <p className="mt-1 whitespace-pre-line break-words">{r.body}</p>
          {r.photos.length > 0 && (
            <div className="mt-2 flex flex-wrap gap-2">
              {r.photos.map((src) => (
                <img
                  key={src}
                  src={src}
                  alt={t("reviews.photo")}
                  width={80}
                  height={80}
                  loading="lazy"
                  className="h-20 w-20 rounded object-cover ring-1 ring-stone-200"
                />
              ))}
            </div>
          )}
          {r.reply && (
            <p className="mt-2 whitespace-pre-line break-words rounded bg-stone-50 p-2 text-stone-700">
              <span className="font-medium">{t("reviews.reply")}：</span>
              {r.reply}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
