// Deposit pre-sale (定金 + 尾款, decision 114) for the tests: a clock 20 days back, a pre-sale whose
// balance window is days 2–4 after it (ships days 5–6), a bought deposit and a paid balance.
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import type { User } from "~/models/access/users.server";
import { setPresale } from "~/models/catalog/presales.server";
import { addToCart } from "~/models/ordering/cart.server";
import { placeOrder } from "~/models/ordering/checkout.server";
import { completePayment } from "~/models/ordering/payments.server";
import { payPresaleBalance } from "~/models/ordering/presale-orders.server";
import { shippingAddress } from "./factories";
import { variantOf } from "./shopper";

const DAY = 86_400_000;
export const t0 = new Date(Date.now() - 20 * DAY);
export const at = (days: number) => new Date(t0.getTime() + days * DAY);
/** The Asia/Shanghai date `days` after t0. */
export const day = (days: number) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(at(days));

/** A deposit pre-sale of `staff`'s supplier on a fresh variant: balance payable days 2–4, ships days 5–6. */
export async function depositPresale(
  staff: User,
  skip: number,
  { cap = 50, stock = 100, depositFen = 0 } = {},
) {
  const v = await variantOf(staff.supplierId!, stock, skip);
  const deposit = depositFen || Math.max(1, Math.floor(v.priceFen / 5));
  const set = await setPresale({
    caller: staff,
    now: t0,
    input: {
      variantId: v.id,
      cap,
      shipsFrom: day(5),
      shipsBy: day(6),
      depositFen: deposit,
      balanceFrom: day(2),
      balanceUntil: day(4),
    },
  });
  expect(set).toEqual({ ok: true });
  return { ...v, depositFen: deposit };
}

/** The user orders `quantity` and pays the deposit (demo) at `now`. */
export async function buyDeposit(userId: string, variantId: string, quantity: number, now = t0) {
  const added = await addToCart({ owner: { userId }, variantId, quantity });
  if (!added.ok) throw new Error(added.code);
  const placed = await placeOrder({ owner: { userId }, shipping: shippingAddress(), now });
  if (!placed.ok) throw new Error(JSON.stringify(placed));
  const paymentId = placed.paymentUrl.split("/").pop()!;
  const paid = await completePayment({
    provider: "demo",
    providerEventId: `demo:${paymentId}:pay`,
    paymentId,
    outcome: "succeeded",
    now,
  });
  const [line] = await db.select().from(s.orderLines).where(eq(s.orderLines.orderId, placed.orderId));
  const [order] = await db.select().from(s.orders).where(eq(s.orders.id, placed.orderId));
  return { placed, paymentId, paid, line, order };
}

/** The user opens the balance payment of an order and it succeeds (demo) at `now`. */
export async function payBalance(userId: string, orderNumber: string, now: Date, eventId?: string) {
  const opened = await payPresaleBalance({ orderNumber, viewer: { userId }, now });
  if (!opened.ok) throw new Error(opened.code);
  const result = await completePayment({
    provider: "demo",
    providerEventId: eventId ?? `demo:${opened.paymentId}:pay`,
    paymentId: opened.paymentId,
    outcome: "succeeded",
    now,
  });
  return { opened, result };
}
