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

/** A review's photos as thumbnails (80 px on the product page, 64 px in the portals' lists). */
export function ReviewPhotos({ photos, t, size = 80 }: { photos: string[]; t: T; size?: 64 | 80 }) {
  if (photos.length === 0) return null;
  return (
    <div className="mt-2 flex flex-wrap gap-2">
      {photos.map((src) => (
        <img
          key={src}
          src={src}
          alt={t("reviews.photo")}
          width={size}
          height={size}
          loading="lazy"
          className={`${size === 80 ? "h-20 w-20" : "h-16 w-16"} rounded object-cover ring-1 ring-stone-200`}
        />
      ))}
    </div>
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
          <ReviewPhotos photos={r.photos} t={t} />
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
