// 统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters from a 31-character
// alphabet (digits and capital letters without I, O, Z, S, V); the last is a check character over
// the first 17 (weights 3^i mod 31). Pure: used by onboarding to refuse a mistyped code at once.

export const CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters, or null when one is outside the alphabet. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_CHARS.indexOf(first17[i]);
    if (value < 0) return null;
    sum += value * WEIGHTS[i];
  }
  const check = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_CHARS[check];
}

/** Upper-cased, spaces removed: how codes are compared and stored. */
export function normaliseCreditCode(value: string): string {
  return value.replace(/\s+/g, "").toUpperCase();
}

/** 18 characters of the alphabet whose last one is the check character of the first 17. */
export function isValidCreditCode(value: string): boolean {
  const code = normaliseCreditCode(value);
  if (!/^[0-9A-HJ-NP-RTUW-Y]{18}$/.test(code)) return false;
  return creditCodeCheckChar(code.slice(0, 17)) === code[17];
}
