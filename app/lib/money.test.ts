import { describe, expect, it } from "vitest";
import { formatFen, parseYuan } from "./money";

describe("formatFen", () => {
  it("formats integer fen as yuan", () => {
    expect(formatFen(498000)).toBe("¥4,980.00");
    expect(formatFen(1)).toBe("¥0.01");
    expect(formatFen(0)).toBe("¥0.00");
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
