// Favourites and back-in-stock requests (issue 20). This folder owns `favourites` and
// `stock_alerts`. Each row belongs to one signed-in user and is read and changed only by them.
// A back-in-stock request is taken for a sold-out variant; a trigger (migration
// 0013_reviews_wishlist_presale_triggers) marks it notified when that variant's stock goes from 0
// to more, whichever path changed the stock. There is no notification outbox yet: the account
// page lists the notified requests as messages.
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { db, schema as s } from "~/lib/db.server";
import { UUID } from "~/lib/ids";
import type { Caller } from "../access/scope.server";

export const MAX_FAVOURITES = 500;

/** The storefront's rule for a product anyone may save: published, its supplier active. */
async function visibleProduct(productId: string) {
  if (!UUID.test(productId)) return null;
  const [row] = await db
    .select({ id: s.products.id })
    .from(s.products)
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.products.supplierId))
    .where(
      and(eq(s.products.id, productId), eq(s.products.status, "active"), eq(s.suppliers.status, "active")),
    );
  return row ?? null;
}

/** Saves or unsaves a product for the caller; saving twice keeps one row. */
export async function setFavourite({
  caller,
  productId,
  saved,
}: {
  caller: Caller;
  productId: string;
  saved: boolean;
}): Promise<{ ok: true } | { ok: false; code: "not_found" | "too_many" }> {
  if (!saved) {
    if (UUID.test(productId))
      await db
        .delete(s.favourites)
        .where(and(eq(s.favourites.userId, caller.id), eq(s.favourites.productId, productId)));
    return { ok: true };
  }
  if (!(await visibleProduct(productId))) return { ok: false, code: "not_found" };
  const mine = await db
    .select({ productId: s.favourites.productId })
    .from(s.favourites)
    .where(eq(s.favourites.userId, caller.id))
    .limit(MAX_FAVOURITES + 1);
  if (mine.length >= MAX_FAVOURITES && !mine.some((f) => f.productId === productId))
    return { ok: false, code: "too_many" };
  await db.insert(s.favourites).values({ userId: caller.id, productId }).onConflictDoNothing();
  return { ok: true };
}

/** The caller's saved products, newest first, with price from, stock and first image. */
export async function listFavourites({ caller }: { caller: Caller }) {
  return db
    .select({
      productId: s.products.id,
      slug: s.products.slug,
      name: s.products.name,
      nameEn: s.products.nameEn,
      status: s.products.status,
      minPriceFen: sql<number | null>`(select min(${s.productVariants.priceFen}) from ${s.productVariants}
        where ${s.productVariants.productId} = ${s.products.id} and ${s.productVariants.active})`,
      inStock: sql<boolean>`exists (select 1 from ${s.productVariants}
        where ${s.productVariants.productId} = ${s.products.id} and ${s.productVariants.active} and ${s.productVariants.stock} > 0)`,
    })
    .from(s.favourites)
    .innerJoin(s.products, eq(s.products.id, s.favourites.productId))
    .where(eq(s.favourites.userId, caller.id))
    .orderBy(desc(s.favourites.createdAt))
    .limit(MAX_FAVOURITES);
}

/** Whether the caller saved this product, and which of these variants they asked to be told about. */
export async function wishlistStateOf({
  caller,
  productId,
  variantIds,
}: {
  caller: Caller;
  productId: string;
  variantIds: string[];
}) {
  const ids = variantIds.filter((id) => UUID.test(id));
  const [favourite, alerts] = await Promise.all([
    UUID.test(productId)
      ? db
          .select({ productId: s.favourites.productId })
          .from(s.favourites)
          .where(and(eq(s.favourites.userId, caller.id), eq(s.favourites.productId, productId)))
      : [],
    ids.length
      ? db
          .select({ variantId: s.stockAlerts.variantId })
          .from(s.stockAlerts)
          .where(
            and(
              eq(s.stockAlerts.userId, caller.id),
              inArray(s.stockAlerts.variantId, ids),
              isNull(s.stockAlerts.notifiedAt),
            ),
          )
      : [],
  ]);
  return { saved: favourite.length > 0, alertVariantIds: alerts.map((a) => a.variantId) };
}

export type AlertResult = { ok: true } | { ok: false; code: "not_found" | "in_stock" };

/**
 * Asks to be told when a sold-out variant of a visible product is back; asking again while one is
 * open keeps one request. A variant in stock is refused ("in_stock"): it can be bought now.
 */
export async function requestStockAlert({
  caller,
  variantId,
  now = new Date(),
}: {
  caller: Caller;
  variantId: string;
  now?: Date;
}): Promise<AlertResult> {
  if (!UUID.test(variantId)) return { ok: false, code: "not_found" };
  const [variant] = await db
    .select({ stock: s.productVariants.stock })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.products.supplierId))
    .where(
      and(
        eq(s.productVariants.id, variantId),
        eq(s.productVariants.active, true),
        eq(s.products.status, "active"),
        eq(s.suppliers.status, "active"),
      ),
    );
  if (!variant) return { ok: false, code: "not_found" };
  if (variant.stock > 0) return { ok: false, code: "in_stock" };
  await db
    .insert(s.stockAlerts)
    .values({ userId: caller.id, variantId, createdAt: now })
    .onConflictDoNothing({
      target: [s.stockAlerts.userId, s.stockAlerts.variantId],
      where: isNull(s.stockAlerts.notifiedAt),
    });
  return { ok: true };
}

/** Withdraws the caller's open request for a variant. */
export async function cancelStockAlert({ caller, variantId }: { caller: Caller; variantId: string }) {
  if (!UUID.test(variantId)) return { ok: true as const };
  await db
    .delete(s.stockAlerts)
    .where(
      and(
        eq(s.stockAlerts.userId, caller.id),
        eq(s.stockAlerts.variantId, variantId),
        isNull(s.stockAlerts.notifiedAt),
      ),
    );
  return { ok: true as const };
}

/** The caller's back-in-stock requests: open ones, and the messages of those already notified. */
export async function listStockAlerts({ caller }: { caller: Caller }) {
  const rows = await db
    .select({
      id: s.stockAlerts.id,
      variantId: s.stockAlerts.variantId,
      spec: s.productVariants.spec,
      productName: s.products.name,
      slug: s.products.slug,
      createdAt: s.stockAlerts.createdAt,
      notifiedAt: s.stockAlerts.notifiedAt,
    })
    .from(s.stockAlerts)
    .innerJoin(s.productVariants, eq(s.productVariants.id, s.stockAlerts.variantId))
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .where(eq(s.stockAlerts.userId, caller.id))
    .orderBy(desc(s.stockAlerts.createdAt))
    .limit(200);
  return {
    open: rows.filter((r) => !r.notifiedAt),
    notified: rows.filter((r) => r.notifiedAt),
  };
}
