// Reviews on the real engine: only the buyer of a delivered line, once; one reply; hiding audited.
import { and, eq } from "drizzle-orm";
import { renderToStaticMarkup } from "react-dom/server";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { translate } from "~/lib/i18n";
import type { User } from "~/models/access/users.server";
import { ReviewList } from "~/components/reviews";
import { seedDatabase } from "../../../db/seed";
import { buyAsUser, demoUser, shipAndDeliver, variantOf } from "../../../tests/support/shopper";
import {
  hideReview,
  listMyReviews,
  listReviewableLines,
  listReviewsForModeration,
  productReviews,
  replyToReview,
  submitReview,
} from "./reviews.server";

let customer: User, customer2: User, staff: User, staffB: User, admin: User, officialB: User;
let variant: Awaited<ReturnType<typeof variantOf>>;

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 200 });
  [customer, customer2, staff, staffB, admin, officialB] = await Promise.all(
    ["customer", "customer2", "supplierStaff", "supplierStaffB", "admin", "townOfficialB"].map(demoUser),
  );
  variant = await variantOf(staff.supplierId!);
});

const png = () =>
  sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .png()
    .toBuffer()
    .then((b) => new Uint8Array(b));

async function deliveredLine(buyer: User) {
  const bought = await buyAsUser(buyer.id, variant.id, 1);
  await shipAndDeliver(staff, bought.line.partId);
  return bought.line.id;
}

describe("writing a review", () => {
  it("only the buyer of a delivered line, once even when submitted twice at once", async () => {
    const bought = await buyAsUser(customer.id, variant.id, 2);
    const input = { orderLineId: bought.line.id, rating: 5, body: "很甜，很新鲜", photos: [] };
    expect(await submitReview({ caller: customer, input })).toEqual({ ok: false, code: "not_delivered" });
    expect((await listReviewableLines({ caller: customer })).map((l) => l.orderLineId)).not.toContain(
      bought.line.id,
    );
    await shipAndDeliver(staff, bought.line.partId);
    expect((await listReviewableLines({ caller: customer })).map((l) => l.orderLineId)).toContain(
      bought.line.id,
    );
    // Another shopper's real line id: refused as if missing.
    expect(await submitReview({ caller: customer2, input })).toEqual({ ok: false, code: "not_found" });
    const results = await Promise.all([
      submitReview({ caller: customer, input }),
      submitReview({ caller: customer, input }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, code: "already_reviewed" }]);
    const rows = await db.select().from(s.reviews).where(eq(s.reviews.orderLineId, bought.line.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      rating: 5,
      body: "很甜，很新鲜",
      userId: customer.id,
      productId: variant.productId,
    });
    expect((await listReviewableLines({ caller: customer })).map((l) => l.orderLineId)).not.toContain(
      bought.line.id,
    );
    expect((await listMyReviews({ caller: customer })).map((r) => r.body)).toContain("很甜，很新鲜");
    expect(await listMyReviews({ caller: customer2 })).toEqual([]);
  });

  it("refuses bad stars, text and files with nothing stored; photos are checked by content", async () => {
    const lineId = await deliveredLine(customer);
    const base = { orderLineId: lineId, rating: 4, body: "不错", photos: [] as Uint8Array[] };
    const tries: [Partial<typeof base>, string][] = [
      [{ rating: 0 }, "invalid_rating"],
      [{ rating: 6 }, "invalid_rating"],
      [{ rating: 3.5 }, "invalid_rating"],
      [{ body: " 好 " }, "invalid_body"],
      [{ body: "好".repeat(1001) }, "invalid_body"],
      [{ photos: await Promise.all(Array.from({ length: 7 }, png)) }, "too_many_photos"],
      [{ photos: [new TextEncoder().encode("<svg onload=alert(1)>")] }, "not_image"],
      [{ orderLineId: "not-a-uuid" }, "not_found"],
    ];
    for (const [change, code] of tries) {
      expect(await submitReview({ caller: customer, input: { ...base, ...change } })).toEqual({
        ok: false,
        code,
      });
    }
    expect(await db.select().from(s.reviews).where(eq(s.reviews.orderLineId, lineId))).toEqual([]);
    const ok = await submitReview({ caller: customer, input: { ...base, photos: [await png()] } });
    expect(ok.ok).toBe(true);
    const [row] = await db.select().from(s.reviews).where(eq(s.reviews.orderLineId, lineId));
    expect(row.photos).toHaveLength(1);
    expect(row.photos[0]).toMatch(/^\/media\/products\/reviews\/[0-9a-f-]+\/[0-9a-f]+-480\.webp$/);
    // On the product page a review with photos comes before a newer one without.
    const other = await deliveredLine(customer2);
    await submitReview({
      caller: customer2,
      input: { orderLineId: other, rating: 3, body: "一般般", photos: [] },
    });
    const page = await productReviews({ productId: variant.productId });
    expect(page.reviews[0].photos).toHaveLength(1);
    expect(page.reviews.map((r) => r.body)).toContain("一般般");
    expect(page.reviews.every((r) => r.reviewer.includes("*") || Array.from(r.reviewer).length <= 1)).toBe(
      true,
    );
  });
});

describe("reply and moderation", () => {
  it("the product's supplier replies once; another supplier cannot", async () => {
    const lineId = await deliveredLine(customer);
    const written = await submitReview({
      caller: customer,
      input: { orderLineId: lineId, rating: 2, body: "有点坏果", photos: [] },
    });
    if (!written.ok) throw new Error(written.code);
    const reviewId = written.reviewId;
    expect(await replyToReview({ caller: staffB, reviewId, reply: "抱歉" })).toEqual({
      ok: false,
      code: "not_found",
    });
    expect(await replyToReview({ caller: customer, reviewId, reply: "抱歉" })).toEqual({
      ok: false,
      code: "not_found",
    });
    expect(await replyToReview({ caller: staff, reviewId, reply: "  " })).toEqual({
      ok: false,
      code: "invalid_reply",
    });
    const both = await Promise.all([
      replyToReview({ caller: staff, reviewId, reply: "抱歉，已补发" }),
      replyToReview({ caller: staff, reviewId, reply: "第二次回复" }),
    ]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(both.filter((r) => !r.ok)).toEqual([{ ok: false, code: "already_replied" }]);
    const [row] = await db.select().from(s.reviews).where(eq(s.reviews.id, reviewId));
    expect(["抱歉，已补发", "第二次回复"]).toContain(row.reply);
  });

  it("an admin hides a review with a reason, audited; it leaves the product page; out-of-scope officials cannot", async () => {
    const lineId = await deliveredLine(customer2);
    const written = await submitReview({
      caller: customer2,
      input: { orderLineId: lineId, rating: 1, body: "广告：加微信 abc123", photos: [] },
    });
    if (!written.ok) throw new Error(written.code);
    const reviewId = written.reviewId;
    const before = await productReviews({ productId: variant.productId });
    expect(before.reviews.map((r) => r.id)).toContain(reviewId);
    expect(await hideReview({ caller: customer, reviewId, reason: "广告内容" })).toEqual({
      ok: false,
      code: "not_found",
    });
    expect(await hideReview({ caller: staff, reviewId, reason: "广告内容" })).toEqual({
      ok: false,
      code: "not_found",
    });
    // The second town's official: the supplier of the review is not in their town.
    const [supplier] = await db
      .select({ townId: s.suppliers.townId })
      .from(s.suppliers)
      .where(eq(s.suppliers.id, staff.supplierId!));
    if (supplier.townId !== officialB.regionId) {
      expect(await hideReview({ caller: officialB, reviewId, reason: "广告内容" })).toEqual({
        ok: false,
        code: "not_found",
      });
      expect((await listReviewsForModeration({ caller: officialB })).map((r) => r.id)).not.toContain(
        reviewId,
      );
    }
    expect(await hideReview({ caller: admin, reviewId, reason: "x" })).toEqual({
      ok: false,
      code: "invalid_reason",
    });
    expect((await listReviewsForModeration({ caller: admin })).map((r) => r.id)).toContain(reviewId);
    const generation = async () =>
      (await db.select().from(s.pageCacheGeneration).where(eq(s.pageCacheGeneration.id, 1)))[0].generation;
    const cached = await generation();
    expect(await hideReview({ caller: admin, reviewId, reason: "广告内容" })).toEqual({ ok: true });
    expect(await generation()).toBeGreaterThan(cached); // cached product pages drop the hidden review
    expect(await hideReview({ caller: admin, reviewId, reason: "广告内容" })).toEqual({
      ok: false,
      code: "already_hidden",
    });
    const audit = await db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.action, "review.hidden"), eq(s.auditLog.subjectId, reviewId)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: admin.id,
      actorRole: "admin",
      details: { reason: "广告内容" },
    });
    const after = await productReviews({ productId: variant.productId });
    expect(after.reviews.map((r) => r.id)).not.toContain(reviewId);
    expect(after.count).toBe(before.count - 1);
    const mine = await listMyReviews({ caller: customer2 });
    expect(mine.find((r) => r.id === reviewId)).toMatchObject({ hidden: true, hiddenReason: "广告内容" });
  });

  it("review text and reply with markup are rendered as text", async () => {
    const lineId = await deliveredLine(customer);
    const attack = `<img src=x onerror="alert(1)"><script>alert(2)</script>`;
    const written = await submitReview({
      caller: customer,
      input: { orderLineId: lineId, rating: 4, body: attack, photos: [] },
    });
    if (!written.ok) throw new Error(written.code);
    expect(
      await replyToReview({ caller: staff, reviewId: written.reviewId, reply: `</p><script>x()</script>` }),
    ).toEqual({ ok: true });
    const page = await productReviews({ productId: variant.productId });
    const html = renderToStaticMarkup(
      <ReviewList reviews={page.reviews} t={(key, vars) => translate("zh", key, vars)} />,
    );
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;script&gt;alert(2)&lt;/script&gt;");
    expect(html).toContain("&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;");
  });
});
