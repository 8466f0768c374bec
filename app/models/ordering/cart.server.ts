// The cart: one per signed-in user, or a guest cart whose id is kept in the signed session.
// Prices are never stored here: the cart view and checkout read them from the catalog.
import { and, asc, eq, inArray, isNull, sql, sum } from "drizzle-orm";
import { db, rowsOf, schema as s, type Executor, type Transaction } from "~/lib/db.server";
import { MAX_LINE_QUANTITY, lineTotalFen, shippingFeeFen } from "./pricing";

export type CartOwner = { userId?: string; cartId?: string };
export type CartError =
  | { code: "variant_not_found" }
  | { code: "withdrawn" }
  | { code: "sold_out" }
  | { code: "stock_short"; available: number }
  | { code: "quantity_too_large"; max: number }
  | { code: "line_not_found" };
export type CartResult = { ok: true; cartId: string } | ({ ok: false } & CartError);

/** Total quantity in the caller's cart (the header's badge): one query, on every page. */
export async function countCartItems(owner: CartOwner): Promise<number> {
  const mine = ownerCondition(owner);
  if (!mine) return 0;
  const [row] = await db
    .select({ n: sum(s.cartLines.quantity) })
    .from(s.cartLines)
    .innerJoin(s.carts, eq(s.carts.id, s.cartLines.cartId))
    .where(mine);
  return Number(row?.n ?? 0);
}

/** The caller's cart as a condition on `carts` (the user's, or the session's guest cart); undefined: none can exist. */
function ownerCondition({ userId, cartId }: CartOwner) {
  if (userId) return eq(s.carts.userId, userId);
  if (!cartId || !/^[0-9a-f-]{36}$/i.test(cartId)) return undefined;
  return and(eq(s.carts.id, cartId), isNull(s.carts.userId));
}

/** The existing cart of a user, or the guest cart from the session if it is still a guest cart. */
async function findCartId(ex: Executor, { userId, cartId }: CartOwner): Promise<string | undefined> {
  if (userId) {
    const [row] = await ex.select({ id: s.carts.id }).from(s.carts).where(eq(s.carts.userId, userId));
    return row?.id;
  }
  if (!cartId || !/^[0-9a-f-]{36}$/i.test(cartId)) return undefined;
  const [row] = await ex
    .select({ id: s.carts.id })
    .from(s.carts)
    .where(and(eq(s.carts.id, cartId), isNull(s.carts.userId)));
  return row?.id;
}

/**
 * The caller's cart id, its row locked until the transaction ends: checkouts of one cart run one
 * after the other, so a second submit sees the lines the first one took already gone.
 */
export async function lockCart(tx: Transaction, { userId, cartId }: CartOwner): Promise<string | undefined> {
  if (userId) {
    const [row] = await tx
      .select({ id: s.carts.id })
      .from(s.carts)
      .where(eq(s.carts.userId, userId))
      .for("update");
    return row?.id;
  }
  if (!cartId || !/^[0-9a-f-]{36}$/i.test(cartId)) return undefined;
  const [row] = await tx
    .select({ id: s.carts.id })
    .from(s.carts)
    .where(and(eq(s.carts.id, cartId), isNull(s.carts.userId)))
    .for("update");
  return row?.id;
}

async function findOrCreateCartId(ex: Executor, owner: CartOwner): Promise<string> {
  const existing = await findCartId(ex, owner);
  if (existing) return existing;
  if (owner.userId) {
    await ex.insert(s.carts).values({ userId: owner.userId }).onConflictDoNothing();
    return (await findCartId(ex, owner))!;
  }
  const [row] = await ex.insert(s.carts).values({}).returning({ id: s.carts.id });
  return row.id;
}

async function variantForSale(ex: Executor, variantId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(variantId)) return undefined;
  const [row] = await ex
    .select({
      stock: s.productVariants.stock,
      active: s.productVariants.active,
      productStatus: s.products.status,
      supplierStatus: s.suppliers.status,
    })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.products.supplierId))
    .where(eq(s.productVariants.id, variantId));
  return row;
}

/** Checks a wanted quantity against the catalog; null when it may be put in the cart. */
async function checkQuantity(ex: Executor, variantId: string, quantity: number): Promise<CartError | null> {
  const variant = await variantForSale(ex, variantId);
  if (!variant) return { code: "variant_not_found" };
  // A suspended or closed supplier's products are withdrawn from sale (onboarding/standing).
  if (!variant.active || variant.productStatus !== "active" || variant.supplierStatus !== "active")
    return { code: "withdrawn" };
  if (variant.stock === 0) return { code: "sold_out" };
  if (quantity > MAX_LINE_QUANTITY) return { code: "quantity_too_large", max: MAX_LINE_QUANTITY };
  if (quantity > variant.stock) return { code: "stock_short", available: variant.stock };
  return null;
}

/**
 * Adds `quantity` units of a variant to the caller's cart (the line grows if it is there). One
 * statement in the usual case (decision 145): it finds the cart, checks the variant is on sale and
 * the line's new quantity against stock and the line maximum — the check on an existing line is
 * made on its locked, latest row (ON CONFLICT … DO UPDATE … WHERE), so concurrent adds cannot pass
 * it together — and touches the cart. Its commit does not wait for the WAL flush: a cart is not
 * money, and a crash can lose only the last fraction of a second of cart changes, never make them
 * inconsistent. When nothing was added, a second look says why, with the same codes as before.
 */
export async function addToCart({
  owner,
  variantId,
  quantity,
}: {
  owner: CartOwner;
  variantId: string;
  quantity: number;
}): Promise<CartResult> {
  if (!/^[0-9a-f-]{36}$/i.test(variantId)) return { ok: false, code: "variant_not_found" };
  for (let attempt = 0; ; attempt++) {
    let outcome = await addLine(owner, variantId, quantity);
    if (outcome.cartId === null) {
      // No cart yet (a new guest, a user's first add, a guest cart that is gone): make it, add again.
      const cartId = await findOrCreateCartId(db, owner);
      outcome = await addLine(owner.userId ? owner : { cartId }, variantId, quantity);
      if (outcome.cartId === null) throw new Error(`cart ${cartId} vanished while adding to it`);
    }
    if (outcome.added) return { ok: true, cartId: outcome.cartId };
    // Refused: why, from the line and the variant as they are now.
    const [line] = await db
      .select({ quantity: s.cartLines.quantity })
      .from(s.cartLines)
      .where(and(eq(s.cartLines.cartId, outcome.cartId), eq(s.cartLines.variantId, variantId)));
    const problem = await checkQuantity(db, variantId, (line?.quantity ?? 0) + quantity);
    if (problem) return { ok: false, ...problem };
    // Nothing wrong now: stock or the line changed between the two looks. Try again.
    if (attempt >= 2) return { ok: false, code: "stock_short", available: 0 };
  }
}

/** The one-statement add: the cart's id (null: the caller has none) and whether the line was added. */
async function addLine(
  owner: CartOwner,
  variantId: string,
  quantity: number,
): Promise<{ cartId: string | null; added: boolean }> {
  const mine = ownerCondition(owner);
  if (!mine) return { cartId: null, added: false };
  const [row] = rowsOf<{ cart_id: string | null; added: boolean }>(
    await db.execute(sql`
      with cart as (
        select ${s.carts.id} as id from ${s.carts} where ${mine}
      ), variant as (
        select v.stock, set_config('synchronous_commit', 'off', true) as async_commit
        from ${s.productVariants} v
        join ${s.products} p on p.id = v.product_id
        join ${s.suppliers} su on su.id = p.supplier_id
        where v.id = ${variantId}::uuid and v.active and p.status = 'active' and su.status = 'active'
      ), line as (
        insert into ${s.cartLines} (cart_id, variant_id, quantity)
        select cart.id, ${variantId}::uuid, ${quantity}::int from cart, variant
        where ${quantity}::int <= least(variant.stock, ${MAX_LINE_QUANTITY}::int)
        on conflict (cart_id, variant_id) do update set quantity = cart_lines.quantity + excluded.quantity
        where cart_lines.quantity + excluded.quantity <= least((select stock from variant), ${MAX_LINE_QUANTITY}::int)
        returning cart_id
      ), touched as (
        update ${s.carts} set updated_at = ${new Date().toISOString()}::timestamptz
        where id in (select cart_id from line)
      )
      select (select id from cart) as cart_id, exists (select 1 from line) as added`),
  );
  return { cartId: row?.cart_id ?? null, added: Boolean(row?.added) };
}

/**
 * Buy now: the line holds exactly `quantity` of the variant, added if absent, so pressing 立即购买
 * twice (or coming back and pressing it again) never doubles the order. Other lines stay.
 */
export async function putInCart({
  owner,
  variantId,
  quantity,
}: {
  owner: CartOwner;
  variantId: string;
  quantity: number;
}): Promise<CartResult> {
  return db.transaction(async (tx) => {
    const problem = await checkQuantity(tx, variantId, quantity);
    if (problem) return { ok: false as const, ...problem };
    const cartId = await findOrCreateCartId(tx, owner);
    await tx
      .insert(s.cartLines)
      .values({ cartId, variantId, quantity })
      .onConflictDoUpdate({ target: [s.cartLines.cartId, s.cartLines.variantId], set: { quantity } });
    await tx.update(s.carts).set({ updatedAt: new Date() }).where(eq(s.carts.id, cartId));
    return { ok: true as const, cartId };
  });
}

/**
 * Several lines at once, each holding exactly its quantity (putInCart's rule, in one transaction):
 * the advisor's basket (impact/unreached.server.ts). Any line refused leaves the cart as it was.
 */
export async function putLinesInCart({
  owner,
  lines,
}: {
  owner: CartOwner;
  lines: { variantId: string; quantity: number }[];
}): Promise<CartResult> {
  class Refused extends Error {
    constructor(public problem: CartError) {
      super(problem.code);
    }
  }
  try {
    return await db.transaction(async (tx) => {
      const cartId = await findOrCreateCartId(tx, owner);
      for (const { variantId, quantity } of [...lines].sort((a, b) =>
        a.variantId.localeCompare(b.variantId),
      )) {
        const problem = await checkQuantity(tx, variantId, quantity);
        if (problem) throw new Refused(problem);
        await tx
          .insert(s.cartLines)
          .values({ cartId, variantId, quantity })
          .onConflictDoUpdate({ target: [s.cartLines.cartId, s.cartLines.variantId], set: { quantity } });
      }
      await tx.update(s.carts).set({ updatedAt: new Date() }).where(eq(s.carts.id, cartId));
      return { ok: true as const, cartId };
    });
  } catch (error) {
    if (error instanceof Refused) return { ok: false, ...error.problem };
    throw error;
  }
}

export async function setCartLineQuantity({
  owner,
  variantId,
  quantity,
}: {
  owner: CartOwner;
  variantId: string;
  quantity: number;
}): Promise<CartResult> {
  const cartId = await findCartId(db, owner);
  if (!cartId) return { ok: false, code: "line_not_found" };
  const problem = await checkQuantity(db, variantId, quantity);
  if (problem) return { ok: false, ...problem };
  const updated = await db
    .update(s.cartLines)
    .set({ quantity })
    .where(and(eq(s.cartLines.cartId, cartId), eq(s.cartLines.variantId, variantId)))
    .returning({ variantId: s.cartLines.variantId });
  if (updated.length === 0) return { ok: false, code: "line_not_found" };
  return { ok: true, cartId };
}

export async function removeCartLine({
  owner,
  variantId,
}: {
  owner: CartOwner;
  variantId: string;
}): Promise<CartResult> {
  const cartId = await findCartId(db, owner);
  if (!cartId) return { ok: false, code: "line_not_found" };
  const removed = await db
    .delete(s.cartLines)
    .where(and(eq(s.cartLines.cartId, cartId), eq(s.cartLines.variantId, variantId)))
    .returning({ variantId: s.cartLines.variantId });
  if (removed.length === 0) return { ok: false, code: "line_not_found" };
  return { ok: true, cartId };
}

/** At login: the guest cart's lines join the user's cart (quantities add up, capped), then it goes. */
export async function mergeGuestCartIntoUserCart({
  guestCartId,
  userId,
}: {
  guestCartId: string | undefined;
  userId: string;
}) {
  if (!guestCartId) return;
  await db.transaction(async (tx) => {
    const guestId = await findCartId(tx, { cartId: guestCartId });
    if (!guestId) return;
    const lines = await tx.select().from(s.cartLines).where(eq(s.cartLines.cartId, guestId));
    if (lines.length > 0) {
      const userCartId = await findOrCreateCartId(tx, { userId });
      for (const line of lines) {
        await tx
          .insert(s.cartLines)
          .values({ cartId: userCartId, variantId: line.variantId, quantity: line.quantity })
          .onConflictDoUpdate({
            target: [s.cartLines.cartId, s.cartLines.variantId],
            set: { quantity: sql`least(${s.cartLines.quantity} + ${line.quantity}, ${MAX_LINE_QUANTITY})` },
          });
      }
    }
    await tx.delete(s.carts).where(eq(s.carts.id, guestId));
  });
}

export type CartLineProblem = "withdrawn" | "sold_out" | "stock_short" | null;

export type CartView = Awaited<ReturnType<typeof getCartView>>;

/**
 * The cart as the shopper sees it: lines grouped by supplier, each with its shipping rule.
 * `knownCartId`: the caller already found (and locked) the owner's cart, so it is not looked up again.
 */
export async function getCartView(owner: CartOwner, ex: Executor = db, knownCartId?: string) {
  const cartId = knownCartId ?? (await findCartId(ex, owner));
  const rows = cartId
    ? await ex
        .select({
          variantId: s.cartLines.variantId,
          quantity: s.cartLines.quantity,
          spec: s.productVariants.spec,
          specEn: s.productVariants.specEn,
          priceFen: s.productVariants.priceFen,
          stock: s.productVariants.stock,
          variantActive: s.productVariants.active,
          productId: s.products.id,
          productSlug: s.products.slug,
          productName: s.products.name,
          productNameEn: s.products.nameEn,
          productStatus: s.products.status,
          image: sql<string | null>`(select ${s.productImages.path} from ${s.productImages}
            where ${s.productImages.productId} = ${s.products.id} order by ${s.productImages.sortOrder} limit 1)`,
          supplierStatus: s.suppliers.status,
          supplierId: s.suppliers.id,
          supplierSlug: s.suppliers.slug,
          supplierName: s.suppliers.name,
          shippingFlatFen: s.suppliers.shippingFlatFen,
          freeShippingThresholdFen: s.suppliers.freeShippingThresholdFen,
        })
        .from(s.cartLines)
        .innerJoin(s.productVariants, eq(s.productVariants.id, s.cartLines.variantId))
        .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
        .innerJoin(s.suppliers, eq(s.suppliers.id, s.products.supplierId))
        .where(eq(s.cartLines.cartId, cartId))
        .orderBy(asc(s.suppliers.name), asc(s.cartLines.addedAt), asc(s.productVariants.sortOrder))
    : [];

  type Group = {
    supplierId: string;
    supplierSlug: string;
    supplierName: string;
    shippingFlatFen: number;
    freeShippingThresholdFen: number | null;
    subtotalFen: number;
    shippingFen: number;
    lines: (Omit<
      (typeof rows)[number],
      "supplierId" | "supplierSlug" | "supplierName" | "shippingFlatFen" | "freeShippingThresholdFen"
    > & {
      lineTotalFen: number;
      problem: CartLineProblem;
    })[];
  };
  const groups = new Map<string, Group>();
  for (const r of rows) {
    const { supplierId, supplierSlug, supplierName, shippingFlatFen, freeShippingThresholdFen, ...line } = r;
    const problem: CartLineProblem =
      !r.variantActive || r.productStatus !== "active" || r.supplierStatus !== "active"
        ? "withdrawn"
        : r.stock === 0
          ? "sold_out"
          : r.quantity > r.stock
            ? "stock_short"
            : null;
    const group =
      groups.get(supplierId) ??
      groups
        .set(supplierId, {
          supplierId,
          supplierSlug,
          supplierName,
          shippingFlatFen,
          freeShippingThresholdFen,
          subtotalFen: 0,
          shippingFen: 0,
          lines: [],
        })
        .get(supplierId)!;
    const total = lineTotalFen(r.priceFen, r.quantity);
    group.lines.push({ ...line, lineTotalFen: total, problem });
    if (!problem) group.subtotalFen += total;
  }
  for (const g of groups.values()) {
    g.shippingFen = shippingFeeFen({
      subtotalFen: g.subtotalFen,
      flatFen: g.shippingFlatFen,
      freeThresholdFen: g.freeShippingThresholdFen,
    });
  }
  const list = [...groups.values()];
  const subtotalFen = list.reduce((a, g) => a + g.subtotalFen, 0);
  const shippingFen = list.reduce((a, g) => a + g.shippingFen, 0);
  const quantity = rows.reduce((a, r) => a + r.quantity, 0);
  // The lines that block checkout, by name and spec, for the message at the top of the cart.
  const problems = list.flatMap((g) =>
    g.lines.flatMap((l) =>
      l.problem
        ? [
            {
              variantId: l.variantId,
              productName: l.productName,
              productNameEn: l.productNameEn,
              spec: l.spec,
              specEn: l.specEn,
              stock: l.stock,
              problem: l.problem,
            },
          ]
        : [],
    ),
  );
  const hasProblems = problems.length > 0;
  return {
    cartId,
    groups: list,
    subtotalFen,
    shippingFen,
    totalFen: subtotalFen + shippingFen,
    quantity,
    hasProblems,
    problems,
    canCheckout: rows.length > 0 && !hasProblems,
  };
}

/** Empties the given lines from a cart (after an order took them). */
export async function removeCartLines(ex: Executor, cartId: string, variantIds: string[]) {
  if (variantIds.length === 0) return;
  await ex
    .delete(s.cartLines)
    .where(and(eq(s.cartLines.cartId, cartId), inArray(s.cartLines.variantId, variantIds)));
}
