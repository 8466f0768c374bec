import { describe, expect, it } from "vitest";
import { buildSearchText, normalizeSearchQuery } from "./pinyin";

const tokens = (parts: string[]) => buildSearchText(parts).split(" ");

describe("buildSearchText", () => {
  it("holds the Chinese, the full toneless pinyin and the initials", () => {
    expect(tokens(["香菇"])).toEqual(["香菇", "xianggu", "xg"]);
  });

  it("covers every part: product, supplier, village, category", () => {
    const text = buildSearchText(["雷家沟干香菇", "雷家沟村食用菌专业合作社", "雷家沟村", "香菇"]);
    for (const q of [
      "香菇",
      "xianggu",
      "xg",
      "雷家沟",
      "leijiagou",
      "ljg",
      "合作社",
      "hezuoshe",
      "shiyongjun",
      "syj",
    ]) {
      expect(text).toContain(q);
    }
  });

  it("is lowercase, without duplicates, one token per spelling", () => {
    const text = buildSearchText(["五帝NFC石榴汁", "香菇", "香菇"]);
    expect(text).toBe(text.toLowerCase());
    expect(tokens(["香菇", "香菇"])).toEqual(["香菇", "xianggu", "xg"]);
    expect(text).toContain("五帝nfc石榴汁");
    expect(text).toContain("wudinfcshiliuzhi");
    expect(text).toContain("wdnfcslz");
  });

  it("drops punctuation from spellings, keeps it in the text, folds full-width forms", () => {
    expect(tokens(["崤山丹参（整根）"])).toEqual(["崤山丹参(整根)", "xiaoshandanshenzhenggen", "xsdszg"]);
  });

  it("spells ü both as v (keyboard) and u", () => {
    expect(tokens(["绿壳鸡蛋"])).toEqual(["绿壳鸡蛋", "lvkejidan", "lukejidan", "lkjd"]);
  });

  it("handles common polyphones in words", () => {
    expect(buildSearchText(["曲家山村"])).toContain("qujiashancun");
    expect(buildSearchText(["银行"])).toContain("yinhang");
  });

  it("keeps text without Chinese as it is (whitespace removed) and skips empty parts", () => {
    expect(buildSearchText(["Shiitake Mushrooms", "", "  "])).toBe("shiitakemushrooms");
    expect(buildSearchText([])).toBe("");
  });

  it("never lets a compacted query match across two parts", () => {
    const text = buildSearchText(["香菇", "木耳"]);
    expect(text.includes(normalizeSearchQuery("菇木"))).toBe(false);
    expect(text.includes(normalizeSearchQuery("gumu"))).toBe(false);
  });
});

describe("normalizeSearchQuery", () => {
  it("lowercases, folds full width and removes whitespace", () => {
    expect(normalizeSearchQuery("  Xiang Gu ")).toBe("xianggu");
    expect(normalizeSearchQuery("ＸＧ")).toBe("xg");
    expect(normalizeSearchQuery("香 菇\t")).toBe("香菇");
  });
});
