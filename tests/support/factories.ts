// The set-up every test repeated: a browser signed in as a demo account, a delivery address, an
// order bought and paid through the demo provider. One copy here, so a change to the login form or
// to checkout is made once.
import { expect } from "vitest";
import { db, schema } from "~/lib/db.server";
import { action as loginAction } from "~/routes/login";
import { addToCart } from "~/models/ordering/cart.server";
import { placeOrder } from "~/models/ordering/checkout.server";
import { completePayment } from "~/models/ordering/payments.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/fixtures/accounts";
import { call, CookieJar, formRequest } from "./requests";

/** A CookieJar signed in with the demo password (one argument, so `mobiles.map(signIn)` works). */
export const signIn = (mobile: string) => signInWithPassword(mobile, DEMO_PASSWORD);

/** A CookieJar signed in through the login action (the 303 to the home page is checked). */
export async function signInWithPassword(mobile: string, password: string): Promise<CookieJar> {
  const jar = new CookieJar();
  const response = await call(() =>
    loginAction({ request: formRequest("/login", { login: mobile, password }), params: {}, context: {} }),
  );
  expect(response.status).toBe(303);
  jar.take(response);
  return jar;
}

/** The mobile of a demo account by its key (db/fixtures/accounts.ts). */
export const demoMobile = (key: string) => {
  const account = DEMO_ACCOUNTS.find((a) => a.key === key);
  if (!account) throw new Error(`no demo account "${key}"`);
  return account.mobile;
};

/** signIn as a demo account by its key ("customer", "supplierStaff", "townOfficial"…). */
export const logIn = (key: string) => signIn(demoMobile(key));

export type Shipping = {
  contactName: string;
  contactMobile: string;
  province: string;
  city: string;
  district: string;
  detail: string;
};

/** The delivery address most tests use; `overrides` for a test that needs another name or mobile. */
export function shippingAddress(overrides: Partial<Shipping> = {}): Shipping {
  return {
    contactName: "王小雨",
    contactMobile: "13800000001",
    province: "河南省",
    city: "三门峡市",
    district: "湖滨区",
    detail: "黄河路 100 号",
    ...overrides,
  };
}

/**
 * Cart add (one cart for all items) → checkout → demo payment succeeded at `paidAt`, the order
 * placed `placedBefore` ms earlier. Returns what placeOrder returned and the payment's id.
 */
export async function buyAndPay({
  items,
  paidAt,
  placedBefore = 60_000,
  shipping = shippingAddress(),
}: {
  items: { variantId: string; quantity: number }[];
  paidAt: Date;
  placedBefore?: number;
  shipping?: Shipping;
}) {
  let cartId: string | undefined;
  for (const item of items) {
    const added = await addToCart({
      owner: cartId ? { cartId } : {},
      variantId: item.variantId,
      quantity: item.quantity,
    });
    if (!added.ok) throw new Error(`addToCart: ${JSON.stringify(added)}`);
    cartId = added.cartId;
  }
  const placed = await placeOrder({
    owner: { cartId },
    shipping,
    now: new Date(paidAt.getTime() - placedBefore),
  });
  if (!placed.ok) throw new Error(`placeOrder: ${JSON.stringify(placed)}`);
  const paymentId = placed.paymentUrl.split("/").pop()!;
  await completePayment({
    provider: "demo",
    providerEventId: `demo:${paymentId}:pay`,
    paymentId,
    outcome: "succeeded",
    now: paidAt,
  });
  return { ...placed, paymentId };
}

let shopperCount = 0;
/** A fresh customer account (no password login needed): for tests that must not share a demo user's rows. */
export async function makeShopper(name = "测试顾客"): Promise<{ id: string }> {
  shopperCount++;
  const mobile = `166${String(process.pid % 10000).padStart(4, "0")}${String(shopperCount).padStart(4, "0")}`;
  const [row] = await db
    .insert(schema.users)
    .values({ mobile, displayName: name, passwordHash: "x" })
    .returning({ id: schema.users.id });
  return row;
}
