// Guest order look-up: number + mobile unlock the order in this browser; a wrong pair says nothing more.
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { commitSession, getSession } from "~/lib/session.server";
import { seedDatabase } from "../../db/seed";
import { call, CookieJar, formRequest, getRequest } from "../../tests/support/requests";
import { action as cartAction } from "./cart";
import { action as checkoutAction } from "./checkout";
import { action } from "./orders.lookup";
import { loader as orderLoader } from "./orders.$number";
import { shippingAddress } from "../../tests/support/factories";

const MOBILE = "13912340000";
let orderNumber: string;

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 100 });
  const [variant] = (await db.select().from(s.productVariants).orderBy(s.productVariants.sku)).filter(
    (v) => v.stock >= 10,
  );
  const jar = new CookieJar();
  jar.take(
    await call(() =>
      cartAction({
        request: formRequest("/cart", { intent: "add", variantId: variant.id, quantity: "1" }, jar),
        params: {},
        context: {},
      }),
    ),
  );
  const shipping = shippingAddress({ contactMobile: MOBILE });
  const placed = await call(() =>
    checkoutAction({ request: formRequest("/checkout", shipping, jar), params: {}, context: {} }),
  );
  expect(placed.status).toBe(303);
  const [order] = await db.select({ orderNumber: s.orders.orderNumber }).from(s.orders);
  orderNumber = order.orderNumber;
});

const lookup = (fields: Record<string, string>, jar: CookieJar) =>
  call(() => action({ request: formRequest("/orders/lookup", fields, jar), params: {}, context: {} }));
const viewOrder = (jar: CookieJar) =>
  call(() =>
    orderLoader({
      request: getRequest(`/orders/${orderNumber}`, jar),
      params: { number: orderNumber },
      context: {},
    }),
  );

describe("POST /orders/lookup", () => {
  it("unlocks the order in this browser with the right number and mobile (303)", async () => {
    const jar = new CookieJar();
    expect((await viewOrder(jar)).status).toBe(404);
    const response = await lookup({ orderNumber: ` ${orderNumber} `, mobile: MOBILE }, jar);
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe(`/orders/${orderNumber}`);
    jar.take(response);
    expect((await viewOrder(jar)).status).toBe(200);
  });

  it("gives one neutral answer for a wrong mobile and for an order that does not exist", async () => {
    const jar = new CookieJar();
    const wrongMobile = await lookup({ orderNumber, mobile: "13912349999" }, jar);
    const noSuchOrder = await lookup({ orderNumber: "20000101-999999", mobile: MOBILE }, jar);
    for (const response of [wrongMobile, noSuchOrder]) {
      expect(response.status).toBe(400);
      expect(response.headers.get("Set-Cookie")).toBeNull();
      expect(((await response.json()) as { formError: string }).formError).toBe("lookup.error.noMatch");
    }
    expect((await viewOrder(jar)).status).toBe(404);
  });

  it("asks for a well-formed order number and mobile", async () => {
    const response = await lookup({ orderNumber: "123", mobile: "555" }, new CookieJar());
    expect(response.status).toBe(400);
    expect(((await response.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors).toEqual({
      orderNumber: ["orderNumber"],
      mobile: ["mobile"],
    });
  });

  it("keeps at most 20 unlocked orders in the session", async () => {
    const jar = new CookieJar();
    const session = await getSession(new Request("http://localhost/"));
    session.set(
      "guestOrders",
      Array.from({ length: 20 }, (_, i) => `20260101-${String(i).padStart(6, "0")}`),
    );
    jar.take(new Response(null, { headers: { "Set-Cookie": await commitSession(session) } }));
    jar.take(await lookup({ orderNumber, mobile: MOBILE }, jar));
    const after = await getSession(getRequest("/", jar));
    expect(after.get("guestOrders")).toHaveLength(20);
    expect(after.get("guestOrders")?.[0]).toBe(orderNumber);
  });
});
