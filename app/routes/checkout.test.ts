// Checkout input: only the shipping details come from the browser; bad ones change nothing.
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { seedDatabase } from "../../db/seed";
import { call, CookieJar, formRequest, getRequest } from "../../tests/support/requests";
import { signUp } from "~/models/access/users.server";
import { loader as rootLoader } from "../root";
import { action as cartAction, loader as cartLoader } from "./cart";
import { action, loader } from "./checkout";
import { signIn, signInWithPassword } from "../../tests/support/factories";

const good = {
  contactName: "王小雨",
  contactMobile: "13800000001",
  province: "河南省",
  city: "三门峡市",
  district: "湖滨区",
  detail: "黄河路 100 号",
};
let variant: { id: string; priceFen: number; stock: number };

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 100 });
  const rows = await db.select().from(s.productVariants).orderBy(s.productVariants.sku);
  variant = rows.find((v) => v.stock >= 10)!;
});

async function jarWithCart(jar = new CookieJar()) {
  jar.take(
    await call(() =>
      cartAction({
        request: formRequest("/cart", { intent: "add", variantId: variant.id, quantity: "2" }, jar),
        params: {},
        context: {},
      }),
    ),
  );
  return jar;
}

const orderCount = async () => (await db.select({ n: count() }).from(s.orders))[0].n;

describe("POST /checkout", () => {
  it.each([
    [{ contactMobile: "1380000000" }, "contactMobile", "mobile"],
    [{ contactMobile: "23800000001" }, "contactMobile", "mobile"],
    [{ contactMobile: "138-0000-0001" }, "contactMobile", "mobile"],
    [{ contactName: "" }, "contactName", "required"],
    [{ contactName: "   " }, "contactName", "required"],
    [{ contactName: "名".repeat(31) }, "contactName", "tooLong:30"],
    [{ detail: "x".repeat(121) }, "detail", "tooLong:120"],
    [{ detail: "1号" }, "detail", "tooShort:5"],
    [{ province: undefined }, "province", "required"],
  ] as [Record<string, string | undefined>, string, string][])(
    "refuses %j with a field message and places nothing",
    async (change, field, code) => {
      const jar = await jarWithCart();
      const before = await orderCount();
      const fields = Object.fromEntries(
        Object.entries({ ...good, ...change }).filter(([, v]) => v !== undefined),
      ) as Record<string, string>;
      const response = await call(() =>
        action({ request: formRequest("/checkout", fields, jar), params: {}, context: {} }),
      );
      expect(response.status).toBe(400);
      const body = (await response.json()) as { fieldErrors: Record<string, string[]> };
      expect(body.fieldErrors[field]?.[0]).toBe(code);
      expect(await orderCount()).toBe(before);
    },
  );

  it("ignores tampered price and total fields: the server computes every amount", async () => {
    const jar = await jarWithCart();
    const [before] = await db
      .select({ stock: s.productVariants.stock })
      .from(s.productVariants)
      .where(eq(s.productVariants.id, variant.id));
    const response = await call(() =>
      action({
        request: formRequest(
          "/checkout",
          { ...good, unitPriceFen: "1", totalFen: "1", subtotalFen: "1", shippingFen: "0" },
          jar,
        ),
        params: {},
        context: {},
      }),
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toMatch(/^\/pay\/demo\//);
    const [order] = await db
      .select()
      .from(s.orders)
      .where(eq(s.orders.contactMobile, good.contactMobile))
      .orderBy(s.orders.createdAt);
    expect(order.subtotalFen).toBe(variant.priceFen * 2);
    expect(order.totalFen).toBe(order.subtotalFen + order.shippingFen);
    const [after] = await db
      .select({ stock: s.productVariants.stock })
      .from(s.productVariants)
      .where(eq(s.productVariants.id, variant.id));
    expect(after.stock).toBe(before.stock - 2);
  });
});

describe("POST /checkout submitted several times at once (double click, flaky network, retrying proxy)", () => {
  const signedIn = () => signIn("13800000001");
  const stockOf = async () =>
    (
      await db
        .select({ stock: s.productVariants.stock })
        .from(s.productVariants)
        .where(eq(s.productVariants.id, variant.id))
    )[0].stock;

  for (const who of ["guest", "signed-in"] as const) {
    it.each([2, 5])(
      `${who}: %i parallel posts of one cart place one order, and every answer goes to its payment page`,
      async (n) => {
        const jar = await jarWithCart(who === "guest" ? new CookieJar() : await signedIn());
        const [orders, stock] = [await orderCount(), await stockOf()];
        const responses = await Promise.all(
          Array.from({ length: n }, () =>
            call(() => action({ request: formRequest("/checkout", good, jar), params: {}, context: {} })),
          ),
        );
        expect(responses.map((r) => r.status)).toEqual(Array(n).fill(303));
        const targets = new Set(responses.map((r) => r.headers.get("Location")));
        expect(targets.size).toBe(1);
        expect([...targets][0]).toMatch(/^\/pay\/demo\/[0-9a-f-]{36}$/);
        expect(await orderCount()).toBe(orders + 1);
        expect(await stockOf()).toBe(stock - 2);
      },
    );
  }
});

describe("POST /checkout when a line ran out meanwhile", () => {
  it("goes back to the cart (no JavaScript needed), says why, and the cart names the line; nothing is placed", async () => {
    const jar = await jarWithCart();
    const before = await orderCount();
    const [{ stock }] = await db
      .select({ stock: s.productVariants.stock })
      .from(s.productVariants)
      .where(eq(s.productVariants.id, variant.id));
    await db.update(s.productVariants).set({ stock: 0 }).where(eq(s.productVariants.id, variant.id));
    try {
      const response = await call(() =>
        action({ request: formRequest("/checkout", good, jar), params: {}, context: {} }),
      );
      expect(response.status).toBe(303);
      expect(response.headers.get("Location")).toBe("/cart");
      jar.take(response);
      const root = (await (
        await call(() => rootLoader({ request: getRequest("/cart", jar), params: {}, context: {} }))
      ).json()) as { toast: string | null };
      expect(root.toast).toMatch(/库存不足/);
      const { cart } = (await (
        await call(() => cartLoader({ request: getRequest("/cart", jar), params: {}, context: {} }))
      ).json()) as {
        cart: { problems: { productName: string; spec: string; problem: string }[] };
      };
      const [line] = await db
        .select()
        .from(s.productVariants)
        .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
        .where(eq(s.productVariants.id, variant.id));
      expect(cart.problems).toEqual([
        expect.objectContaining({
          productName: line.products.name,
          spec: line.product_variants.spec,
          problem: "sold_out",
        }),
      ]);
      expect(await orderCount()).toBe(before);
    } finally {
      await db.update(s.productVariants).set({ stock }).where(eq(s.productVariants.id, variant.id));
    }
  });
});

describe("GET /checkout for a signed-in customer", () => {
  type Prefill = {
    contactName: string;
    contactMobile: string;
    province?: string;
    city?: string;
    district?: string;
    detail?: string;
  } | null;
  const prefillOf = async (jar: CookieJar) => {
    const response = await call(() =>
      loader({ request: getRequest("/checkout", jar), params: {}, context: {} }),
    );
    expect(response.status).toBe(200);
    return ((await response.json()) as { prefill: Prefill }).prefill;
  };
  const addTwo = async (jar: CookieJar) =>
    jar.take(
      await call(() =>
        cartAction({
          request: formRequest("/cart", { intent: "add", variantId: variant.id, quantity: "2" }, jar),
          params: {},
          context: {},
        }),
      ),
    );

  it("prefills name and mobile from the profile, then name, mobile and address from the last order; a guest gets nothing", async () => {
    const mobile = "13755550001";
    const signed = await signUp({ mobile, password: "Prefill@2026", displayName: "赵小满" });
    if (!signed.ok) throw new Error(signed.code);
    const jar = await signInWithPassword(mobile, "Prefill@2026");
    await addTwo(jar);
    expect(await prefillOf(jar)).toEqual({ contactName: "赵小满", contactMobile: mobile });

    const placed = await call(() =>
      action({ request: formRequest("/checkout", good, jar), params: {}, context: {} }),
    );
    expect(placed.status).toBe(303);
    await addTwo(jar);
    expect(await prefillOf(jar)).toEqual(good);

    const guest = await jarWithCart();
    expect(await prefillOf(guest)).toBeNull();
  });
});
