import { describe, expect, it } from "vitest";
import { formatFen } from "./money";

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
