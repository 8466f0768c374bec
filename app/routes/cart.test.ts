// Bad input to the cart gets a clear message and changes nothing.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { seedDatabase } from "../../db/seed";
import { call, CookieJar, formRequest, getRequest } from "../../tests/support/requests";
import { action, loader } from "./cart";

let variantId: string;
let withdrawnVariantId: string;

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 100 });
  const variants = await db
    .select({
      id: s.productVariants.id,
      productId: s.productVariants.productId,
      stock: s.productVariants.stock,
    })
    .from(s.productVariants)
    .orderBy(s.productVariants.sku);
  variantId = variants.find((v) => v.stock >= 10)!.id;
  const withdrawn = variants.find((v) => v.stock >= 10 && v.id !== variantId)!;
  withdrawnVariantId = withdrawn.id;
  await db.update(s.products).set({ status: "withdrawn" }).where(eq(s.products.id, withdrawn.productId));
});

async function cartQuantity(jar: CookieJar) {
  const response = await call(() => loader({ request: getRequest("/cart", jar), params: {}, context: {} }));
  return ((await response.json()) as { cart: { quantity: number } }).cart.quantity;
}

async function post(jar: CookieJar, fields: Record<string, string>) {
  const response = await call(() =>
    action({ request: formRequest("/cart", fields, jar), params: {}, context: {} }),
  );
  jar.take(response);
  return response;
}

describe("POST /cart", () => {
  it("adds to a guest cart kept in the session and redirects back (303)", async () => {
    const jar = new CookieJar();
    const response = await post(jar, { intent: "add", variantId, quantity: "2", redirectTo: "/products/x" });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/products/x");
    expect(await cartQuantity(jar)).toBe(2);
  });

  it.each([["0"], ["-1"], ["1000000000"], ["abc"], ["1.5"], [""]])(
    "refuses quantity %j with a message and changes nothing",
    async (quantity) => {
      const jar = new CookieJar();
      await post(jar, { intent: "add", variantId, quantity: "1" });
      for (const intent of ["add", "update"]) {
        const response = await post(jar, { intent, variantId, quantity });
        expect(response.status).toBe(400);
        expect(((await response.json()) as { error: { key: string } }).error.key).toBe(
          "cart.error.bad_quantity",
        );
      }
      expect(await cartQuantity(jar)).toBe(1);
    },
  );

  it("refuses an unknown, malformed or withdrawn variant, an unknown intent, and an open redirect", async () => {
    const jar = new CookieJar();
    await post(jar, { intent: "add", variantId, quantity: "1" });
    const cases: [Record<string, string>, string][] = [
      [
        { intent: "add", variantId: "00000000-0000-4000-8000-000000000000", quantity: "1" },
        "cart.error.variant_not_found",
      ],
      [{ intent: "add", variantId: "not-a-uuid", quantity: "1" }, "cart.error.bad_request"],
      [{ intent: "add", variantId: withdrawnVariantId, quantity: "1" }, "cart.error.withdrawn"],
      [{ intent: "empty-everything", variantId, quantity: "1" }, "cart.error.bad_request"],
    ];
    for (const [fields, key] of cases) {
      const response = await post(jar, fields);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { key: string } }).error.key).toBe(key);
    }
    expect(await cartQuantity(jar)).toBe(1);
    const response = await post(jar, {
      intent: "add",
      variantId,
      quantity: "1",
      redirectTo: "//evil.example/x",
    });
    expect(response.headers.get("Location")).toBe("/cart");
  });
});

describe("POST /cart intent buyNow", () => {
  it("puts the item in the cart at the chosen quantity and goes straight to checkout (303); again, it stays at that quantity", async () => {
    const jar = new CookieJar();
    for (let i = 0; i < 2; i++) {
      const response = await post(jar, {
        intent: "buyNow",
        variantId,
        quantity: "3",
        redirectTo: "/products/x",
      });
      expect(response.status).toBe(303);
      expect(response.headers.get("Location")).toBe("/checkout");
      expect(await cartQuantity(jar)).toBe(3);
    }
  });

  it("refuses a bad quantity or a withdrawn variant with a message and changes nothing", async () => {
    const jar = new CookieJar();
    await post(jar, { intent: "add", variantId, quantity: "1" });
    for (const [fields, key] of [
      [{ intent: "buyNow", variantId, quantity: "0" }, "cart.error.bad_quantity"],
      [{ intent: "buyNow", variantId: withdrawnVariantId, quantity: "1" }, "cart.error.withdrawn"],
      [{ intent: "buyNow", variantId, quantity: "999" }, "cart.error.stock_short"],
    ] as [Record<string, string>, string][]) {
      const response = await post(jar, fields);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { key: string } }).error.key).toBe(key);
    }
    expect(await cartQuantity(jar)).toBe(1);
  });
});
