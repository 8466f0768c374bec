import { describe, expect, it } from "vitest";
import { lineTotalFen, shippingFeeFen } from "./pricing";

describe("shippingFeeFen", () => {
  it("charges the flat fee below the threshold and nothing at or above it", () => {
    expect(shippingFeeFen({ subtotalFen: 9899, flatFen: 1000, freeThresholdFen: 9900 })).toBe(1000);
    expect(shippingFeeFen({ subtotalFen: 9900, flatFen: 1000, freeThresholdFen: 9900 })).toBe(0);
    expect(shippingFeeFen({ subtotalFen: 50000, flatFen: 1000, freeThresholdFen: null })).toBe(1000);
    expect(shippingFeeFen({ subtotalFen: 0, flatFen: 1000, freeThresholdFen: null })).toBe(0);
  });
});

describe("lineTotalFen", () => {
  it("multiplies exactly and refuses overflow", () => {
    expect(lineTotalFen(4980, 3)).toBe(14940);
    expect(() => lineTotalFen(Number.MAX_SAFE_INTEGER, 2)).toThrow(RangeError);
  });
});
