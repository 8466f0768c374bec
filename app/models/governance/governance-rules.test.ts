// The pure rules: the reserved share to the fen (halves up, BigInt), the median, the flag, spec keys.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isPriceFlagged, medianFen, reservedShareFen, specKey, villageTargetsFor } from "./governance-rules";

describe("reserved share = budget × ratio, to the fen", () => {
  it("rounds halves up and the rest to the nearest fen, with awkward numbers", () => {
    expect(reservedShareFen(5, 1000)).toBe(1); // 0.5 fen → 1
    expect(reservedShareFen(4, 1000)).toBe(0); // 0.4 fen → 0
    expect(reservedShareFen(15, 1000)).toBe(2); // 1.5 → 2
    expect(reservedShareFen(14, 1000)).toBe(1); // 1.4 → 1
    expect(reservedShareFen(12_345_678, 1000)).toBe(1_234_568); // 1 234 567.8 → 1 234 568
    expect(reservedShareFen(33_333_333, 1)).toBe(3_333); // 3 333.3333 → 3 333
    expect(reservedShareFen(1_999_999, 2500)).toBe(500_000); // 499 999.75 → 500 000
    expect(reservedShareFen(0, 1000)).toBe(0);
    expect(reservedShareFen(98_765_432_101, 10000)).toBe(98_765_432_101);
    expect(reservedShareFen(999_999_999_999, 1234)).toBe(123_400_000_000); // 123 399 999 999.8766
    // Past 2^53 in the intermediate product: 9 998 999 999 990 001 / 10 000 = 999 899 999 999.0001
    expect(reservedShareFen(999_999_999_999, 9999)).toBe(999_899_999_999);
  });

  it("is within half a fen of the exact product, for any budget and ratio", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000_000 }),
        fc.integer({ min: 0, max: 10000 }),
        (budget, bp) => {
          const share = BigInt(reservedShareFen(budget, bp));
          const diff = share * 10000n - BigInt(budget) * BigInt(bp); // in 1/10 000 fen
          return diff > -5000n && diff <= 5000n;
        },
      ),
    );
  });

  it("refuses a negative or fractional budget and a ratio outside 0–100 %", () => {
    expect(() => reservedShareFen(-1, 1000)).toThrow();
    expect(() => reservedShareFen(1.5, 1000)).toThrow();
    expect(() => reservedShareFen(100, 10001)).toThrow();
  });
});

describe("median reference price", () => {
  it("takes the middle price, or the mean of the two middle ones rounded half up", () => {
    expect(medianFen([])).toBeNull();
    expect(medianFen([500])).toBe(500);
    expect(medianFen([900, 100, 500])).toBe(500);
    expect(medianFen([100, 200, 301, 5000])).toBe(251); // (200 + 301) / 2 = 250.5 → 251
    expect(medianFen([100, 200, 300, 5000])).toBe(250);
  });
  it("flags only more than the threshold above the reference", () => {
    expect(isPriceFlagged(1300, 1000, 3000)).toBe(false); // exactly +30 %
    expect(isPriceFlagged(1301, 1000, 3000)).toBe(true);
    expect(isPriceFlagged(999, 1000, 0)).toBe(false);
  });
  it("compares specifications without width, case or spaces", () => {
    expect(specKey(" 5 KG 礼盒 ")).toBe(specKey("５kg礼盒"));
  });
});

it("village targets follow the year", () => {
  expect(villageTargetsFor(2024)).toEqual({ partyBranchCoopBp: 4000, drivenBp: 8000 });
  expect(villageTargetsFor(2026)).toEqual({ partyBranchCoopBp: 4000, drivenBp: 8000 });
  expect(villageTargetsFor(2027)).toEqual({ partyBranchCoopBp: 9000, drivenBp: 9500 });
});
