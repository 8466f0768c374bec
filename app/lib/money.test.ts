import { describe, expect, it } from "vitest";
import { formatFen, parseYuan } from "./money";

describe("formatFen", () => {
  it("formats integer fen as yuan", () => {
    expect(formatFen(498000)).toBe("¥4,980.00");
    expect(formatFen(1)).toBe("¥0.01");
    expect(formatFen(0)).toBe("¥0.00");
  });
  it("writes what Intl's zh-CN CNY currency format writes, without Intl", () => {
    const intl = new Intl.NumberFormat("zh-CN", { style: "currency", currency: "CNY" });
    for (const fen of [
      0, 1, 9, 10, 99, 100, 105, 99_999, 100_000, 123_456_789, -1, -5, -123_456, 12_345_678_901,
    ])
      expect(formatFen(fen)).toBe(intl.format(fen / 100));
    // Exact where the float division is not.
    expect(formatFen(2 ** 53 - 1)).toBe("¥90,071,992,547,409.91");
  });
  it("refuses non-integer amounts", () => {
    expect(() => formatFen(1.5)).toThrow(TypeError);
  });
});

describe("parseYuan", () => {
  it("reads typed yuan exactly into fen", () => {
    expect(parseYuan("12.5")).toBe(1250);
    expect(parseYuan("0.07")).toBe(7);
    expect(parseYuan("19.99")).toBe(1999);
    expect(parseYuan("¥1,234.5")).toBe(123450);
    expect(parseYuan(" 7 ")).toBe(700);
    expect(parseYuan("0")).toBe(0);
  });
  it("refuses anything else", () => {
    for (const bad of ["", "1.234", "-5", "abc", "1e3", "1,5", "12,34.00", "0x10", "NaN"])
      expect(parseYuan(bad)).toBeNull();
  });
});
