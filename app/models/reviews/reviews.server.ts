// Reviews (issue 20, decision 073). This folder owns `reviews`.
// - Only the buyer of an order line whose part is delivered or completed writes one, once per line
//   (a unique index on order_line_id: a double submit stores one review).
// - 1–5 stars, text of REVIEW_MIN..REVIEW_MAX characters, up to MAX_REVIEW_PHOTOS photos, each
//   decoded and re-encoded by uploads.server (the content decides, never the name).
// - The product's supplier replies once. Officials (their region's suppliers) and admins hide a
//   review with a reason, audited in the same transaction; a hidden review leaves every public list.
// - The reviewer's name is shown masked (张*明); text is rendered by React as text, never as HTML.
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { maskName } from "../../../core/pii";
import { db, schema as s } from "~/lib/db.server";
import { UUID } from "~/lib/ids";
import { storeProductImage } from "~/lib/uploads.server";
import { recordAudit } from "../access/audit.server";
import {
  isOfficialOrAdmin,
  scopeOf,
  supplierFilter,
  supplierIdOf,
  supplierTown,
  type Caller,
} from "../access/scope.server";

export const MAX_REVIEW_PHOTOS = 6;
export const REVIEW_MIN = 2;
export const REVIEW_MAX = 1000;
export const REPLY_MAX = 500;
export const HIDE_REASON_MAX = 200;
/** The folder segment review photos are stored under (products/reviews/<productId>/…, public). */
const PHOTO_OWNER = "reviews";

const REVIEWABLE_PART = ["delivered", "completed"] as const;

/** The caller's order lines that may be reviewed now: delivered (or completed), not refunded whole, not reviewed. */
export async function listReviewableLines({ caller }: { caller: Caller }) {
  return db
    .select({
      orderLineId: s.orderLines.id,
      orderNumber: s.orders.orderNumber,
      productName: s.orderLines.productName,
      variantSpec: s.orderLines.variantSpec,
      quantity: s.orderLines.quantity,
    })
    .from(s.orderLines)
    .innerJoin(s.orders, eq(s.orders.id, s.orderLines.orderId))
    .innerJoin(s.orderParts, eq(s.orderParts.id, s.orderLines.orderPartId))
    .leftJoin(s.reviews, eq(s.reviews.orderLineId, s.orderLines.id))
    .where(
      and(
        eq(s.orders.userId, caller.id),
        inArray(s.orderParts.status, [...REVIEWABLE_PART]),
        sql`${s.orderLines.refundedQuantity} < ${s.orderLines.quantity}`,
        isNull(s.reviews.id),
      ),
    )
    .orderBy(desc(s.orders.createdAt))
    .limit(100);
}

/** The caller's own reviews, newest first (hidden ones too, with the reason). */
export async function listMyReviews({ caller }: { caller: Caller }) {
  return db
    .select({
      id: s.reviews.id,
      productName: s.orderLines.productName,
      productSlug: s.products.slug,
      rating: s.reviews.rating,
      body: s.reviews.body,
      photos: s.reviews.photos,
      reply: s.reviews.reply,
      hiddenReason: s.reviews.hiddenReason,
      hidden: sql<boolean>`${s.reviews.hiddenAt} is not null`,
      createdAt: s.reviews.createdAt,
    })
    .from(s.reviews)
    .innerJoin(s.orderLines, eq(s.orderLines.id, s.reviews.orderLineId))
    .innerJoin(s.products, eq(s.products.id, s.reviews.productId))
    .where(eq(s.reviews.userId, caller.id))
    .orderBy(desc(s.reviews.createdAt))
    .limit(100);
}

export type ReviewInput = { orderLineId: string; rating: number; body: string; photos: Uint8Array[] };
export type ReviewError =
  | "not_found"
  | "not_delivered"
  | "already_reviewed"
  | "invalid_rating"
  | "invalid_body"
  | "too_many_photos"
  | "not_image";
export type SubmitReviewResult = { ok: true; reviewId: string } | { ok: false; code: ReviewError };

/** Trimmed text within [min, max] characters (by code point), or null. */
function cleanText(text: string, min: number, max: number): string | null {
  const t = text.trim();
  const length = Array.from(t).length;
  return length >= min && length <= max ? t : null;
}

/**
 * Writes the caller's review of one of their delivered order lines. Another shopper's line, a
 * line not yet delivered, or a second review of the same line is refused with nothing stored
 * (photos are stored only once the line is known to be reviewable).
 */
export async function submitReview({
  caller,
  input,
  now = new Date(),
}: {
  caller: Caller;
  input: ReviewInput;
  now?: Date;
}): Promise<SubmitReviewResult> {
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5)
    return { ok: false, code: "invalid_rating" };
  const body = cleanText(input.body, REVIEW_MIN, REVIEW_MAX);
  if (body === null) return { ok: false, code: "invalid_body" };
  const photos = input.photos.filter((p) => p.byteLength > 0);
  if (photos.length > MAX_REVIEW_PHOTOS) return { ok: false, code: "too_many_photos" };
  if (!UUID.test(input.orderLineId)) return { ok: false, code: "not_found" };
  const [line] = await db
    .select({
      productId: s.orderLines.productId,
      supplierId: s.orderLines.supplierId,
      partStatus: s.orderParts.status,
      reviewId: s.reviews.id,
    })
    .from(s.orderLines)
    .innerJoin(s.orders, eq(s.orders.id, s.orderLines.orderId))
    .innerJoin(s.orderParts, eq(s.orderParts.id, s.orderLines.orderPartId))
    .leftJoin(s.reviews, eq(s.reviews.orderLineId, s.orderLines.id))
    .where(and(eq(s.orderLines.id, input.orderLineId), eq(s.orders.userId, caller.id)));
  if (!line) return { ok: false, code: "not_found" };
  if (!(REVIEWABLE_PART as readonly string[]).includes(line.partStatus))
    return { ok: false, code: "not_delivered" };
  if (line.reviewId) return { ok: false, code: "already_reviewed" };
  const urls: string[] = [];
  for (const bytes of photos) {
    const stored = await storeProductImage({ supplierId: PHOTO_OWNER, productId: line.productId, bytes });
    if (!stored.ok) return { ok: false, code: "not_image" };
    urls.push(stored.smallUrl);
  }
  const [row] = await db
    .insert(s.reviews)
    .values({
      orderLineId: input.orderLineId,
      productId: line.productId,
      supplierId: line.supplierId,
      userId: caller.id,
      rating: input.rating,
      body,
      photos: urls,
      createdAt: now,
    })
    .onConflictDoNothing({ target: s.reviews.orderLineId })
    .returning({ id: s.reviews.id });
  return row ? { ok: true, reviewId: row.id } : { ok: false, code: "already_reviewed" };
}

/** The reviews of the caller's supplier, newest first (hidden ones marked). */
export async function listSupplierReviews({ caller }: { caller: Caller }) {
  const supplierId = supplierIdOf(caller);
  if (!supplierId) return [];
  return db
    .select({
      id: s.reviews.id,
      productName: s.products.name,
      rating: s.reviews.rating,
      body: s.reviews.body,
      photos: s.reviews.photos,
      reply: s.reviews.reply,
      hidden: sql<boolean>`${s.reviews.hiddenAt} is not null`,
      createdAt: s.reviews.createdAt,
    })
    .from(s.reviews)
    .innerJoin(s.products, eq(s.products.id, s.reviews.productId))
    .where(eq(s.reviews.supplierId, supplierId))
    .orderBy(desc(s.reviews.createdAt))
    .limit(200);
}

export type ReplyResult =
  { ok: true } | { ok: false; code: "not_found" | "already_replied" | "invalid_reply" };

/** The supplier's one reply to a review of its product; a second one is refused. */
export async function replyToReview({
  caller,
  reviewId,
  reply,
  now = new Date(),
}: {
  caller: Caller;
  reviewId: string;
  reply: string;
  now?: Date;
}): Promise<ReplyResult> {
  const supplierId = supplierIdOf(caller);
  if (!supplierId || !UUID.test(reviewId)) return { ok: false, code: "not_found" };
  const text = cleanText(reply, 1, REPLY_MAX);
  if (text === null) return { ok: false, code: "invalid_reply" };
  const updated = await db
    .update(s.reviews)
    .set({ reply: text, repliedAt: now, repliedBy: caller.id })
    .where(and(eq(s.reviews.id, reviewId), eq(s.reviews.supplierId, supplierId), isNull(s.reviews.reply)))
    .returning({ id: s.reviews.id });
  if (updated.length) return { ok: true };
  const [exists] = await db
    .select({ id: s.reviews.id })
    .from(s.reviews)
    .where(and(eq(s.reviews.id, reviewId), eq(s.reviews.supplierId, supplierId)));
  return { ok: false, code: exists ? "already_replied" : "not_found" };
}

/** Reviews in the caller's scope for moderation (officials: their region's suppliers; admins: all). */
export async function listReviewsForModeration({ caller }: { caller: Caller }) {
  if (!isOfficialOrAdmin(caller)) return [];
  const scope = await scopeOf(caller);
  return db
    .select({
      id: s.reviews.id,
      productName: s.products.name,
      supplierName: s.suppliers.name,
      rating: s.reviews.rating,
      body: s.reviews.body,
      photos: s.reviews.photos,
      reply: s.reviews.reply,
      hiddenReason: s.reviews.hiddenReason,
      hidden: sql<boolean>`${s.reviews.hiddenAt} is not null`,
      createdAt: s.reviews.createdAt,
    })
    .from(s.reviews)
    .innerJoin(s.products, eq(s.products.id, s.reviews.productId))
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.reviews.supplierId))
    .innerJoin(supplierTown, eq(supplierTown.id, s.suppliers.townId))
    .where(supplierFilter(scope))
    .orderBy(desc(s.reviews.createdAt))
    .limit(200);
}

export type HideResult =
  { ok: true } | { ok: false; code: "not_found" | "already_hidden" | "invalid_reason" };

/** Hides a review in the caller's scope with a reason; audited (`review.hidden`) in the same transaction. */
export async function hideReview({
  caller,
  reviewId,
  reason,
  ip = null,
  now = new Date(),
}: {
  caller: Caller;
  reviewId: string;
  reason: string;
  ip?: string | null;
  now?: Date;
}): Promise<HideResult> {
  if (!isOfficialOrAdmin(caller) || !UUID.test(reviewId)) return { ok: false, code: "not_found" };
  const text = cleanText(reason, 2, HIDE_REASON_MAX);
  if (text === null) return { ok: false, code: "invalid_reason" };
  const scope = await scopeOf(caller);
  return db.transaction(async (tx) => {
    const [review] = await tx
      .select({ id: s.reviews.id, hiddenAt: s.reviews.hiddenAt, townId: s.suppliers.townId })
      .from(s.reviews)
      .innerJoin(s.suppliers, eq(s.suppliers.id, s.reviews.supplierId))
      .innerJoin(supplierTown, eq(supplierTown.id, s.suppliers.townId))
      .where(and(eq(s.reviews.id, reviewId), supplierFilter(scope)))
      .for("update", { of: s.reviews });
    if (!review) return { ok: false as const, code: "not_found" as const };
    if (review.hiddenAt) return { ok: false as const, code: "already_hidden" as const };
    await tx
      .update(s.reviews)
      .set({ hiddenAt: now, hiddenReason: text, hiddenBy: caller.id })
      .where(eq(s.reviews.id, review.id));
    await recordAudit(tx, {
      actor: { id: caller.id, role: caller.role },
      action: "review.hidden",
      subjectType: "review",
      subjectId: review.id,
      regionId: review.townId,
      details: { reason: text },
      ip,
      at: now,
    });
    return { ok: true as const };
  });
}

/**
 * What a product page shows: the number of visible reviews, their average (one decimal), and the
 * newest visible ones, those with photos first. Reviewers' names are masked.
 */
export async function productReviews({ productId, limit = 20 }: { productId: string; limit?: number }) {
  if (!UUID.test(productId)) return { count: 0, average: null, reviews: [] };
  const visible = and(eq(s.reviews.productId, productId), isNull(s.reviews.hiddenAt));
  const [[summary], rows] = await Promise.all([
    db
      .select({
        count: sql<number>`count(*)::int`.mapWith(Number),
        average: sql<string | null>`round(avg(${s.reviews.rating}), 1)::text`,
      })
      .from(s.reviews)
      .where(visible),
    db
      .select({
        id: s.reviews.id,
        rating: s.reviews.rating,
        body: s.reviews.body,
        photos: s.reviews.photos,
        reply: s.reviews.reply,
        variantSpec: s.orderLines.variantSpec,
        displayName: s.users.displayName,
        createdAt: s.reviews.createdAt,
      })
      .from(s.reviews)
      .innerJoin(s.orderLines, eq(s.orderLines.id, s.reviews.orderLineId))
      .innerJoin(s.users, eq(s.users.id, s.reviews.userId))
      .where(visible)
      .orderBy(sql`cardinality(${s.reviews.photos}) > 0 desc`, desc(s.reviews.createdAt))
      .limit(limit),
  ]);
  return {
    count: summary.count,
    average: summary.average === null ? null : Number(summary.average),
    reviews: rows.map(({ displayName, ...r }) => ({ ...r, reviewer: maskName(displayName) })),
  };
}
