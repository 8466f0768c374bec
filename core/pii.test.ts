import { describe, expect, it } from "vitest";
import {
  decryptPii,
  encryptPii,
  idCardCheckChar,
  isValidIdCard,
  maskIdCard,
  maskName,
  piiLookupHash,
} from "./pii";

const KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
const OTHER_KEY = "ff112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
// GB 11643's published example.
const VALID = "11010519491231002X";

describe("ID card numbers", () => {
  it("accept a number whose check character matches and reject others", () => {
    expect(isValidIdCard(VALID)).toBe(true);
    expect(isValidIdCard(VALID.toLowerCase())).toBe(true);
    expect(isValidIdCard("110105194912310021")).toBe(false); // wrong check character
    expect(isValidIdCard("11010519491331002X")).toBe(false); // month 13
    expect(isValidIdCard("1101051949123100")).toBe(false); // too short
    expect(idCardCheckChar("41120319850607123")).toMatch(/^[0-9X]$/);
  });

  it("encrypt with a fresh nonce, decrypt only with the right key, and hash deterministically", () => {
    const a = encryptPii(VALID, KEY);
    const b = encryptPii(VALID, KEY);
    expect(a).not.toBe(b);
    expect(a).not.toContain(VALID);
    expect(decryptPii(a, KEY)).toBe(VALID);
    expect(() => decryptPii(a, OTHER_KEY)).toThrow();
    expect(piiLookupHash(VALID, KEY)).toBe(piiLookupHash(VALID.toLowerCase(), KEY));
    expect(piiLookupHash(VALID, KEY)).not.toBe(piiLookupHash(VALID, OTHER_KEY));
  });

  it("mask numbers and names for people outside the region", () => {
    expect(maskIdCard("410122199001011234")).toBe("4101**********1234");
    expect(maskName("张三明")).toBe("张*明");
    expect(maskName("李四")).toBe("李*");
    expect(maskName("欧阳娜娜")).toBe("欧**娜");
  });
});
