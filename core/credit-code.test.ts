import { describe, expect, it } from "vitest";
import { creditCodeCheckChar, isValidCreditCode, normaliseCreditCode } from "./credit-code";

// Codes published by the companies themselves (business licences on their websites).
const PUBLISHED = ["91350100M000100Y43", "91110000802100433B", "91310000775785552L", "9144030071526726XG"];

describe("统一社会信用代码 (GB 32100-2015)", () => {
  it("accepts published codes and computes their check character", () => {
    for (const code of PUBLISHED) {
      expect(isValidCreditCode(code)).toBe(true);
      expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
    }
  });

  it("accepts lower case and spaces, compared in a normal form", () => {
    expect(isValidCreditCode("91350100m000100y43")).toBe(true);
    expect(isValidCreditCode(" 9135 0100 M000 100Y43 ")).toBe(true);
    expect(normaliseCreditCode(" 9135 0100m000100y43")).toBe("91350100M000100Y43");
  });

  it("refuses a wrong check character, a swapped pair, a wrong length and letters outside the alphabet", () => {
    expect(isValidCreditCode("91350100M000100Y44")).toBe(false);
    expect(isValidCreditCode("91530100M000100Y43")).toBe(false); // two digits swapped
    expect(isValidCreditCode("91350100M000100Y4")).toBe(false);
    expect(isValidCreditCode("91350100M000100Y433")).toBe(false);
    expect(isValidCreditCode("")).toBe(false);
    // I, O, Z, S, V are not in the alphabet, whatever the check character.
    for (const letter of ["I", "O", "Z", "S", "V"]) {
      expect(isValidCreditCode(`91350100${letter}000100Y43`)).toBe(false);
      expect(creditCodeCheckChar(`91350100${letter}000100Y`)).toBeNull();
    }
  });

  it("maps a sum that is a multiple of 31 to check character 0", () => {
    // 17 zeros: sum 0 → (31 - 0) mod 31 = 0.
    expect(creditCodeCheckChar("0".repeat(17))).toBe("0");
    expect(isValidCreditCode("0".repeat(18))).toBe(true);
  });
});
