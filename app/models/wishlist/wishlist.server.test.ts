// Favourites and back-in-stock requests: each user's own; a request is marked by the stock trigger.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import type { User } from "~/models/access/users.server";
import { bulkUpdateStock, updateVariant } from "~/models/catalog/supplier-catalog.server";
import { seedDatabase } from "../../../db/seed";
import { demoUser, variantOf } from "../../../tests/support/shopper";
import {
  cancelStockAlert,
  listFavourites,
  listStockAlerts,
  requestStockAlert,
  setFavourite,
  wishlistStateOf,
} from "./wishlist.server";

let customer: User, customer2: User, staff: User;

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 200 });
  [customer, customer2, staff] = await Promise.all(["customer", "customer2", "supplierStaff"].map(demoUser));
});

describe("favourites", () => {
  it("saves once, lists only the caller's own, unsaves only the caller's own", async () => {
    const a = await variantOf(staff.supplierId!, 10, 0);
    const b = await variantOf(staff.supplierId!, 10, 2);
    await Promise.all([
      setFavourite({ caller: customer, productId: a.productId, saved: true }),
      setFavourite({ caller: customer, productId: a.productId, saved: true }),
    ]);
    expect(await setFavourite({ caller: customer2, productId: b.productId, saved: true })).toEqual({
      ok: true,
    });
    expect(await setFavourite({ caller: customer, productId: "nope", saved: true })).toEqual({
      ok: false,
      code: "not_found",
    });
    const mine = await listFavourites({ caller: customer });
    expect(mine.map((f) => f.productId)).toEqual([a.productId]);
    expect(mine[0].minPriceFen).toBeGreaterThan(0);
    expect((await listFavourites({ caller: customer2 })).map((f) => f.productId)).toEqual([b.productId]);
    // customer2 unsaving customer's product touches nothing of customer's.
    await setFavourite({ caller: customer2, productId: a.productId, saved: false });
    expect((await listFavourites({ caller: customer })).map((f) => f.productId)).toEqual([a.productId]);
    expect((await wishlistStateOf({ caller: customer, productId: a.productId, variantIds: [] })).saved).toBe(
      true,
    );
    expect((await wishlistStateOf({ caller: customer2, productId: a.productId, variantIds: [] })).saved).toBe(
      false,
    );
    await setFavourite({ caller: customer, productId: a.productId, saved: false });
    expect(await listFavourites({ caller: customer })).toEqual([]);
  });
});

describe("back in stock", () => {
  it("is taken for a sold-out variant only, and marked when the supplier restocks it", async () => {
    const v = await variantOf(staff.supplierId!, 0, 1);
    const inStock = await variantOf(staff.supplierId!, 5, 3);
    expect(await requestStockAlert({ caller: customer, variantId: inStock.id })).toEqual({
      ok: false,
      code: "in_stock",
    });
    expect(await requestStockAlert({ caller: customer, variantId: "x" })).toEqual({
      ok: false,
      code: "not_found",
    });
    await Promise.all([
      requestStockAlert({ caller: customer, variantId: v.id }),
      requestStockAlert({ caller: customer, variantId: v.id }),
    ]);
    await requestStockAlert({ caller: customer2, variantId: v.id });
    expect(await db.select().from(s.stockAlerts).where(eq(s.stockAlerts.variantId, v.id))).toHaveLength(2);
    expect(
      (await wishlistStateOf({ caller: customer, productId: v.productId, variantIds: [v.id] }))
        .alertVariantIds,
    ).toEqual([v.id]);
    // customer2 withdraws theirs; customer's stays.
    await cancelStockAlert({ caller: customer2, variantId: v.id });
    expect((await listStockAlerts({ caller: customer2 })).open).toEqual([]);
    expect((await listStockAlerts({ caller: customer })).open.map((a) => a.variantId)).toEqual([v.id]);

    // A change that keeps the stock at 0 notifies nobody; 0 → 7 through the bulk stock page does.
    const [variant] = await db.select().from(s.productVariants).where(eq(s.productVariants.id, v.id));
    await updateVariant({
      caller: staff,
      productId: v.productId,
      variantId: v.id,
      input: {
        spec: variant.spec,
        specEn: variant.specEn,
        priceFen: variant.priceFen + 1,
        stock: 0,
        active: true,
      },
    });
    expect((await listStockAlerts({ caller: customer })).notified).toEqual([]);
    expect(await bulkUpdateStock({ caller: staff, rows: [{ row: 2, ref: v.id, stock: "7" }] })).toEqual({
      ok: true,
      updated: 1,
    });
    const alerts = await listStockAlerts({ caller: customer });
    expect(alerts.open).toEqual([]);
    expect(alerts.notified.map((a) => a.variantId)).toEqual([v.id]);
    expect((await listStockAlerts({ caller: customer2 })).notified).toEqual([]);
    // In stock now: a new request is refused; a later sell-out and restock notifies a new request only.
    expect(await requestStockAlert({ caller: customer, variantId: v.id })).toEqual({
      ok: false,
      code: "in_stock",
    });
  });
});
