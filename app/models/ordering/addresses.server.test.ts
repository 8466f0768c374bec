// The address book: checked 省/市/区县, each shopper's own rows only, at most ADDRESS_BOOK_LIMIT,
// exactly one default even when two "set default" race (meaningful on PostgreSQL: row locks).
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { makeShopper, shippingAddress } from "../../../tests/support/factories";
import {
  ADDRESS_BOOK_LIMIT,
  deleteAddress,
  getAddress,
  listAddresses,
  saveAddress,
  setDefaultAddress,
} from "./addresses.server";
import { checkDivision, divisionCounts, divisionNames, pickerOptions, placeLabels } from "./divisions.server";

let alice: { id: string }, bob: { id: string };
beforeAll(async () => {
  [alice, bob] = [await makeShopper("甲"), await makeShopper("乙")];
});

const defaults = async (userId: string) =>
  (await db.select().from(s.addresses).where(eq(s.addresses.userId, userId))).filter((a) => a.isDefault)
    .length;

describe("administrative divisions", () => {
  it("has every province, and three levels everywhere (municipalities are their own city)", () => {
    const counts = divisionCounts();
    expect(counts.provinces).toBe(34);
    expect(counts.cities).toBeGreaterThan(330);
    expect(counts.districts).toBeGreaterThan(2800);
    expect(divisionNames({ province: "北京市" })).toEqual(["北京市"]);
    expect(divisionNames({ province: "北京市", city: "北京市" })).toContain("朝阳区");
    expect(divisionNames({ province: "河南省", city: "三门峡市" })).toEqual(
      expect.arrayContaining(["湖滨区", "陕州区", "灵宝市", "义马市", "渑池县", "卢氏县"]),
    );
    expect(divisionNames({ province: "河南省", city: "三门峡市" })).not.toContain("市辖区");
    expect(divisionNames({ province: "广东省", city: "东莞市" })).toEqual(["东莞市"]);
    expect(divisionNames({ province: "不存在省" })).toEqual([]);
  });

  it("labels places in English on English pages, and posts the Chinese names", () => {
    expect(placeLabels(["河南省", "三门峡市", "湖滨区", "卢氏县", "广西壮族自治区"], "en")).toEqual({
      河南省: "Henan Province",
      三门峡市: "Sanmenxia City",
      湖滨区: "Hubin District",
      卢氏县: "Lushi County",
      广西壮族自治区: "Guangxizhuangzu Autonomous Region",
    });
    expect(placeLabels(["河南省"], "zh")).toEqual({});
    const options = pickerOptions({ province: "河南省", city: "三门峡市", locale: "en" });
    expect(options.districts).toContain("卢氏县");
    for (const name of [...options.provinces, ...options.cities, ...options.districts])
      expect(options.labels[name], name).toMatch(/^[A-Za-z][A-Za-z .()-]*$/);
  });

  it("accepts a true triple and names the first wrong level of a false one", () => {
    expect(checkDivision({ province: "河南省", city: "三门峡市", district: "湖滨区" })).toEqual({
      ok: true,
      districtCode: "411202",
    });
    expect(checkDivision({ province: "河北省", city: "三门峡市", district: "湖滨区" })).toMatchObject({
      ok: false,
      field: "city",
    });
    expect(checkDivision({ province: "河南省", city: "郑州市", district: "湖滨区" })).toMatchObject({
      ok: false,
      field: "district",
    });
    expect(checkDivision({ province: "火星", city: "", district: "" })).toMatchObject({ field: "province" });
  });

  it("offers one level at a time (the page never carries the whole tree)", () => {
    const none = pickerOptions({});
    expect(none.provinces).toHaveLength(34);
    expect(none.cities).toEqual([]);
    expect(none.districts).toEqual([]);
    const henan = pickerOptions({ province: "河南省", city: "洛阳市" });
    expect(henan.cities).toContain("三门峡市");
    expect(henan.districts).toContain("西工区");
    // A city from another province does not open its counties.
    expect(pickerOptions({ province: "河北省", city: "洛阳市" }).districts).toEqual([]);
  });
});

describe("address book", () => {
  it("saves checked addresses; the first becomes the default; a bad triple changes nothing", async () => {
    const first = await saveAddress({ userId: alice.id, input: shippingAddress() });
    expect(first.ok).toBe(true);
    const bad = await saveAddress({
      userId: alice.id,
      input: shippingAddress({ city: "郑州市" }), // 湖滨区 is not in 郑州市
    });
    expect(bad).toEqual({ ok: false, code: "division", field: "district" });
    const second = await saveAddress({
      userId: alice.id,
      input: shippingAddress({ city: "洛阳市", district: "西工区", detail: "中州中路 1 号" }),
    });
    const list = await listAddresses({ userId: alice.id });
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({ id: first.ok && first.id, isDefault: true });
    expect(await defaults(alice.id)).toBe(1);
    const [row] = await db
      .select()
      .from(s.addresses)
      .where(eq(s.addresses.id, second.ok ? second.id : ""));
    expect(row.districtCode).toBe("410303");
  });

  it("never shows or changes another shopper's address", async () => {
    const [mine] = await listAddresses({ userId: alice.id });
    expect(await getAddress({ userId: bob.id, id: mine.id })).toBeNull();
    expect(await setDefaultAddress({ userId: bob.id, id: mine.id })).toEqual({
      ok: false,
      code: "not_found",
    });
    expect(await deleteAddress({ userId: bob.id, id: mine.id })).toEqual({ ok: false, code: "not_found" });
    expect(
      await saveAddress({ userId: bob.id, id: mine.id, input: shippingAddress({ contactName: "篡改" }) }),
    ).toEqual({ ok: false, code: "not_found" });
    expect(await listAddresses({ userId: bob.id })).toEqual([]);
    expect((await getAddress({ userId: alice.id, id: mine.id }))?.contactName).toBe("王小雨");
  });

  it("edits, moves the default, and promotes the newest when the default is deleted", async () => {
    const [first, second] = await listAddresses({ userId: alice.id });
    expect(
      await saveAddress({
        userId: alice.id,
        id: second.id,
        input: { ...second, detail: "中州中路 2 号" },
        makeDefault: true,
      }),
    ).toEqual({ ok: true, id: second.id });
    let list = await listAddresses({ userId: alice.id });
    expect(list[0]).toMatchObject({ id: second.id, isDefault: true, detail: "中州中路 2 号" });
    expect(list.find((a) => a.id === first.id)?.isDefault).toBe(false);
    expect(await deleteAddress({ userId: alice.id, id: second.id })).toEqual({ ok: true, id: second.id });
    list = await listAddresses({ userId: alice.id });
    expect(list).toEqual([expect.objectContaining({ id: first.id, isDefault: true })]);
  });

  it("keeps exactly one default when two 'set default' race", async () => {
    const user = await makeShopper();
    const ids: string[] = [];
    for (const district of ["湖滨区", "陕州区", "灵宝市"]) {
      const r = await saveAddress({ userId: user.id, input: shippingAddress({ district }) });
      if (r.ok) ids.push(r.id);
    }
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all([
        setDefaultAddress({ userId: user.id, id: ids[1] }),
        setDefaultAddress({ userId: user.id, id: ids[2] }),
        setDefaultAddress({ userId: user.id, id: ids[0] }),
      ]);
      expect(results.every((r) => r.ok)).toBe(true);
      expect(await defaults(user.id)).toBe(1);
    }
  });

  it(`holds at most ${ADDRESS_BOOK_LIMIT} addresses, also when adds race at the limit`, async () => {
    const user = await makeShopper();
    for (let i = 0; i < ADDRESS_BOOK_LIMIT - 2; i++)
      expect(
        (await saveAddress({ userId: user.id, input: shippingAddress({ detail: `黄河路 ${i} 号` }) })).ok,
      ).toBe(true);
    const racing = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        saveAddress({ userId: user.id, input: shippingAddress({ detail: `崤山路 ${i} 号` }) }),
      ),
    );
    expect(racing.filter((r) => r.ok)).toHaveLength(2);
    expect(racing.filter((r) => !r.ok)).toEqual([
      { ok: false, code: "limit" },
      { ok: false, code: "limit" },
    ]);
    expect(await listAddresses({ userId: user.id })).toHaveLength(ADDRESS_BOOK_LIMIT);
  });
});
