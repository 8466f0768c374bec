// Adding to a cart (decision 145: one statement in the usual case): what is added, what is refused
// and why, on the engine of the run (PGlite, or PostgreSQL with DATABASE_URL).
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { seedDatabase } from "../../../db/seed";
import { addToCart, countCartItems, getCartView } from "./cart.server";
import { MAX_LINE_QUANTITY } from "./pricing";

type Variant = { id: string; productId: string; supplierId: string; stock: number };
let variants: Variant[];
let userId: string;

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 100 });
  variants = await db
    .select({
      id: s.productVariants.id,
      productId: s.productVariants.productId,
      supplierId: s.products.supplierId,
      stock: s.productVariants.stock,
    })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .where(and(eq(s.products.status, "active"), eq(s.productVariants.active, true)))
    .orderBy(s.productVariants.sku);
  [{ id: userId }] = await db.select({ id: s.users.id }).from(s.users).limit(1);
});

/** A variant of its own for one test, with this much stock. */
let taken = 0;
async function variantWithStock(stock: number): Promise<Variant> {
  const variant = variants[taken++];
  await db.update(s.productVariants).set({ stock }).where(eq(s.productVariants.id, variant.id));
  return { ...variant, stock };
}

async function lineQuantity(cartId: string, variantId: string) {
  const [line] = await db
    .select({ quantity: s.cartLines.quantity })
    .from(s.cartLines)
    .where(and(eq(s.cartLines.cartId, cartId), eq(s.cartLines.variantId, variantId)));
  return line?.quantity ?? 0;
}

describe("addToCart", () => {
  it("makes a guest cart on the first add, then grows the line in that cart and touches it", async () => {
    const v = await variantWithStock(10);
    const first = await addToCart({ owner: {}, variantId: v.id, quantity: 2 });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const [before] = await db.select().from(s.carts).where(eq(s.carts.id, first.cartId));
    expect(before.userId).toBeNull();
    const again = await addToCart({ owner: { cartId: first.cartId }, variantId: v.id, quantity: 3 });
    expect(again).toEqual({ ok: true, cartId: first.cartId });
    expect(await lineQuantity(first.cartId, v.id)).toBe(5);
    const [after] = await db.select().from(s.carts).where(eq(s.carts.id, first.cartId));
    expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
    expect(await countCartItems({ cartId: first.cartId })).toBe(5);
  });

  it("adds to the user's own cart, made on the first add; a guest cart id in the session is ignored for a user", async () => {
    const v = await variantWithStock(10);
    const guest = await addToCart({ owner: {}, variantId: v.id, quantity: 1 });
    if (!guest.ok) throw new Error("guest add refused");
    const mine = await addToCart({ owner: { userId, cartId: guest.cartId }, variantId: v.id, quantity: 4 });
    expect(mine.ok).toBe(true);
    if (!mine.ok) return;
    expect(mine.cartId).not.toBe(guest.cartId);
    const [cart] = await db.select().from(s.carts).where(eq(s.carts.id, mine.cartId));
    expect(cart.userId).toBe(userId);
    expect(await lineQuantity(mine.cartId, v.id)).toBe(4);
    expect(await lineQuantity(guest.cartId, v.id)).toBe(1);
    expect(await countCartItems({ userId })).toBeGreaterThanOrEqual(4);
  });

  it("starts a new guest cart when the session's cart is gone or belongs to a user", async () => {
    const v = await variantWithStock(10);
    const gone = "00000000-0000-4000-8000-000000000000";
    const fresh = await addToCart({ owner: { cartId: gone }, variantId: v.id, quantity: 1 });
    expect(fresh.ok).toBe(true);
    if (!fresh.ok) return;
    expect(fresh.cartId).not.toBe(gone);
    const [userCart] = await db.select({ id: s.carts.id }).from(s.carts).where(eq(s.carts.userId, userId));
    const notTheirs = await addToCart({ owner: { cartId: userCart.id }, variantId: v.id, quantity: 1 });
    expect(notTheirs.ok && notTheirs.cartId).not.toBe(userCart.id);
  });

  it("refuses beyond stock with what is available, counting what the line holds, and changes nothing", async () => {
    const v = await variantWithStock(5);
    const first = await addToCart({ owner: {}, variantId: v.id, quantity: 4 });
    if (!first.ok) throw new Error("add refused");
    const owner = { cartId: first.cartId };
    expect(await addToCart({ owner, variantId: v.id, quantity: 2 })).toEqual({
      ok: false,
      code: "stock_short",
      available: 5,
    });
    expect(await lineQuantity(first.cartId, v.id)).toBe(4);
    expect(await addToCart({ owner, variantId: v.id, quantity: 1 })).toEqual({
      ok: true,
      cartId: first.cartId,
    });
    expect(await lineQuantity(first.cartId, v.id)).toBe(5);
    // A new line asking for more than the stock at once.
    const w = await variantWithStock(3);
    expect(await addToCart({ owner, variantId: w.id, quantity: 4 })).toEqual({
      ok: false,
      code: "stock_short",
      available: 3,
    });
    expect(await lineQuantity(first.cartId, w.id)).toBe(0);
  });

  it("refuses a line above the maximum even with the stock for it", async () => {
    const v = await variantWithStock(5000);
    const first = await addToCart({ owner: {}, variantId: v.id, quantity: MAX_LINE_QUANTITY });
    if (!first.ok) throw new Error("add refused");
    expect(await addToCart({ owner: { cartId: first.cartId }, variantId: v.id, quantity: 1 })).toEqual({
      ok: false,
      code: "quantity_too_large",
      max: MAX_LINE_QUANTITY,
    });
    expect(await lineQuantity(first.cartId, v.id)).toBe(MAX_LINE_QUANTITY);
  });

  it("refuses a sold-out, inactive, withdrawn or unknown variant, or one of a suspended supplier", async () => {
    const start = await addToCart({ owner: {}, variantId: (await variantWithStock(10)).id, quantity: 1 });
    if (!start.ok) throw new Error("add refused");
    const owner = { cartId: start.cartId };
    const soldOut = await variantWithStock(0);
    expect(await addToCart({ owner, variantId: soldOut.id, quantity: 1 })).toEqual({
      ok: false,
      code: "sold_out",
    });
    const inactive = await variantWithStock(10);
    await db.update(s.productVariants).set({ active: false }).where(eq(s.productVariants.id, inactive.id));
    expect(await addToCart({ owner, variantId: inactive.id, quantity: 1 })).toEqual({
      ok: false,
      code: "withdrawn",
    });
    const withdrawn = await variantWithStock(10);
    await db.update(s.products).set({ status: "withdrawn" }).where(eq(s.products.id, withdrawn.productId));
    expect(await addToCart({ owner, variantId: withdrawn.id, quantity: 1 })).toEqual({
      ok: false,
      code: "withdrawn",
    });
    await db.update(s.products).set({ status: "active" }).where(eq(s.products.id, withdrawn.productId));
    const suspended = await variantWithStock(10);
    await db.update(s.suppliers).set({ status: "suspended" }).where(eq(s.suppliers.id, suspended.supplierId));
    expect(await addToCart({ owner, variantId: suspended.id, quantity: 1 })).toEqual({
      ok: false,
      code: "withdrawn",
    });
    await db.update(s.suppliers).set({ status: "active" }).where(eq(s.suppliers.id, suspended.supplierId));
    for (const variantId of ["00000000-0000-4000-8000-000000000001", "not-a-uuid"]) {
      expect(await addToCart({ owner, variantId, quantity: 1 })).toEqual({
        ok: false,
        code: "variant_not_found",
      });
    }
    const view = await getCartView(owner);
    expect(view.groups.flatMap((g) => g.lines).map((l) => l.variantId)).toEqual([variants[taken - 5].id]);
  });

  it("lets concurrent adds to one line together take no more than the stock", async () => {
    const v = await variantWithStock(6);
    const first = await addToCart({ owner: {}, variantId: v.id, quantity: 1 });
    if (!first.ok) throw new Error("add refused");
    const owner = { cartId: first.cartId };
    const results = await Promise.all(
      Array.from({ length: 8 }, () => addToCart({ owner, variantId: v.id, quantity: 1 })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(results.filter((r) => !r.ok)).toEqual(
      Array.from({ length: 3 }, () => ({ ok: false, code: "stock_short", available: 6 })),
    );
    expect(await lineQuantity(first.cartId, v.id)).toBe(6);
  });
});
