// The address book's routes and checkout with saved addresses (issue 17): the 选择 post re-renders
// with the next level and saves nothing; a bad 省/市/区县 triple is refused with a message and
// changes nothing; another shopper's address is a 404; checkout starts from the default address,
// ?address= picks only one's own, and "save to address book" stores the address with the order.
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { signUp } from "~/models/access/users.server";
import { seedDatabase } from "../../db/seed";
import { signInWithPassword } from "../../tests/support/factories";
import { call, CookieJar, formRequest, getRequest } from "../../tests/support/requests";
import { action as editAction, loader as editLoader } from "./account.addresses.$id";
import { action as listAction, loader as listLoader } from "./account.addresses._index";
import { action as newAction } from "./account.addresses.new";
import { action as cartAction } from "./cart";
import { action as checkoutAction, loader as checkoutLoader } from "./checkout";
import { loader as divisionsLoader } from "./divisions";

const address = {
  contactName: "李秋实",
  contactMobile: "13611112222",
  province: "河南省",
  city: "三门峡市",
  district: "灵宝市",
  detail: "函谷路 8 号",
};
let jarA: CookieJar, jarB: CookieJar, userA: string, variantId: string;

async function shopper(mobile: string) {
  const signed = await signUp({ mobile, password: "Address@2026", displayName: "顾客" });
  if (!signed.ok) throw new Error(signed.code);
  return { jar: await signInWithPassword(mobile, "Address@2026"), id: signed.userId };
}
const addressCount = async () => (await db.select({ n: count() }).from(s.addresses))[0].n;
const post = (
  fn: typeof newAction,
  path: string,
  fields: Record<string, string>,
  jar: CookieJar,
  id?: string,
) => call(() => fn({ request: formRequest(path, fields, jar), params: id ? { id } : {}, context: {} }));

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 60 });
  const a = await shopper("13700001111");
  const b = await shopper("13700002222");
  [jarA, jarB, userA] = [a.jar, b.jar, a.id];
  const rows = await db.select().from(s.productVariants).orderBy(s.productVariants.sku);
  variantId = rows.find((v) => v.stock >= 10)!.id;
});

describe("/divisions", () => {
  it("answers one level for one parent", async () => {
    const names = async (q: string) =>
      (
        (await (
          await divisionsLoader({ request: getRequest(`/divisions${q}`), params: {}, context: {} })
        ).json()) as {
          names: string[];
        }
      ).names;
    expect(await names("")).toHaveLength(34);
    expect(await names("?province=河南省")).toContain("三门峡市");
    expect(await names("?province=河南省&city=三门峡市")).toContain("灵宝市");
    expect(await names("?province=<script>")).toEqual([]);
  });
});

describe("POST /account/addresses/new", () => {
  it("选择 comes back with the province's cities and what was typed, and saves nothing", async () => {
    const before = await addressCount();
    const response = await post(
      newAction,
      "/account/addresses/new",
      { intent: "pick", contactName: "李秋实", province: "河南省" },
      jarA,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      values: Record<string, string>;
      options: { cities: string[]; districts: string[] };
    };
    expect(body.values.contactName).toBe("李秋实");
    expect(body.options.cities).toContain("三门峡市");
    expect(body.options.districts).toEqual([]);
    expect(await addressCount()).toBe(before);
  });

  it("refuses a county outside its city and a city outside its province, changing nothing", async () => {
    const before = await addressCount();
    for (const [wrong, field] of [
      [{ district: "湖滨区", city: "洛阳市" }, "district"],
      [{ city: "石家庄市" }, "city"],
      [{ province: "Atlantis" }, "province"],
    ] as const) {
      const response = await post(newAction, "/account/addresses/new", { ...address, ...wrong }, jarA);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { fieldErrors: Record<string, string[]> };
      expect(body.fieldErrors[field]).toEqual(["division"]);
    }
    expect(await addressCount()).toBe(before);
  });

  it("saves a checked address (the first is the default) and another shopper cannot touch it", async () => {
    const saved = await post(newAction, "/account/addresses/new", address, jarA);
    expect(saved.status).toBe(303);
    const [row] = await db.select().from(s.addresses).where(eq(s.addresses.userId, userA));
    expect(row).toMatchObject({ ...address, isDefault: true, districtCode: "411282" });

    // B: the edit page, its post, set-default and delete all answer 404; A's row is unchanged.
    const edit = await call(() =>
      editLoader({
        request: getRequest(`/account/addresses/${row.id}`, jarB),
        params: { id: row.id },
        context: {},
      }),
    );
    expect(edit.status).toBe(404);
    expect(
      (
        await post(
          editAction,
          `/account/addresses/${row.id}`,
          { ...address, contactName: "篡改" },
          jarB,
          row.id,
        )
      ).status,
    ).toBe(404);
    expect(
      (await post(listAction, "/account/addresses", { intent: "delete", id: row.id }, jarB)).status,
    ).toBe(404);
    expect(
      (await post(listAction, "/account/addresses", { intent: "setDefault", id: row.id }, jarB)).status,
    ).toBe(404);
    const listB = await call(() =>
      listLoader({ request: getRequest("/account/addresses", jarB), params: {}, context: {} }),
    );
    expect(((await listB.json()) as { addresses: unknown[] }).addresses).toEqual([]);
    const [after] = await db.select().from(s.addresses).where(eq(s.addresses.id, row.id));
    expect(after).toEqual(row);

    // A edits it.
    expect(
      (
        await post(
          editAction,
          `/account/addresses/${row.id}`,
          { ...address, detail: "函谷路 9 号" },
          jarA,
          row.id,
        )
      ).status,
    ).toBe(303);
    const [edited] = await db.select().from(s.addresses).where(eq(s.addresses.id, row.id));
    expect(edited.detail).toBe("函谷路 9 号");
  });

  it("a guest is sent to log in", async () => {
    const response = await call(() =>
      newAction({ request: formRequest("/account/addresses/new", address), params: {}, context: {} }),
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toMatch(/^\/login/);
  });
});

describe("checkout with the address book", () => {
  const addToCart = async (jar: CookieJar) =>
    jar.take(
      await call(() =>
        cartAction({
          request: formRequest("/cart", { intent: "add", variantId, quantity: "1" }, jar),
          params: {},
          context: {},
        }),
      ),
    );
  type Book = {
    prefill: Record<string, string>;
    addresses: { id: string }[];
    chosenAddressId: string | null;
    options: { cities: string[]; districts: string[] };
  };
  const open = async (jar: CookieJar, query = "") =>
    (await (
      await call(() =>
        checkoutLoader({ request: getRequest(`/checkout${query}`, jar), params: {}, context: {} }),
      )
    ).json()) as Book;

  it("starts from the default address with its lists, picks only one's own, and saves a new address with the order", async () => {
    await addToCart(jarA);
    const book = await open(jarA);
    const [saved] = await db.select().from(s.addresses).where(eq(s.addresses.userId, userA));
    expect(book.chosenAddressId).toBe(saved.id);
    expect(book.prefill).toMatchObject({
      contactName: "李秋实",
      province: "河南省",
      city: "三门峡市",
      district: "灵宝市",
      detail: "函谷路 9 号",
    });
    expect(book.options.cities).toContain("三门峡市");
    expect(book.options.districts).toContain("灵宝市");

    // B cannot pick A's address by its id: B's form starts from B's own details.
    await addToCart(jarB);
    const other = await open(jarB, `?address=${saved.id}`);
    expect(other.chosenAddressId).toBeNull();
    expect(other.prefill.detail).toBeUndefined();

    // A checks out with a new address and "save to address book".
    const fresh = {
      contactName: "李秋实",
      contactMobile: "13611112222",
      province: "北京市",
      city: "北京市",
      district: "朝阳区",
      detail: "建国路 88 号",
    };
    const bad = await call(() =>
      checkoutAction({
        request: formRequest("/checkout", { ...fresh, district: "湖滨区", saveAddress: "1" }, jarA),
        params: {},
        context: {},
      }),
    );
    expect(bad.status).toBe(400);
    expect(await addressCount()).toBe(1);
    const placed = await call(() =>
      checkoutAction({
        request: formRequest("/checkout", { ...fresh, saveAddress: "1" }, jarA),
        params: {},
        context: {},
      }),
    );
    expect(placed.status).toBe(303);
    const mine = await db.select().from(s.addresses).where(eq(s.addresses.userId, userA));
    expect(mine.map((a) => a.detail).sort()).toEqual(["函谷路 9 号", "建国路 88 号"]);
    expect(mine.find((a) => a.detail === "建国路 88 号")?.isDefault).toBe(false);
    const [order] = await db.select().from(s.orders).where(eq(s.orders.userId, userA));
    expect(order.shippingAddress).toMatchObject({ province: "北京市", city: "北京市", district: "朝阳区" });
  });
});
