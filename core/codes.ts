// Random public codes: Crockford base32 (digits and capitals without I, L, O, U), drawn from
// node:crypto. Certificate ids have 16 characters (80 bits), batch trace codes 10 (50 bits): too
// many to guess or walk (decision 077).
import { randomBytes } from "node:crypto";

export const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** `length` random Crockford base32 characters (5 bits each, from unbiased bytes). */
export function randomCode(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += CROCKFORD[bytes[i] & 31];
  return out;
}

/** A code as a person may type it: upper case, without spaces or dashes, O→0, I/L→1. */
export function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
}

/** Whether `code` is `length` Crockford base32 characters. */
export function isCode(code: string, length: number): boolean {
  return code.length === length && [...code].every((c) => CROCKFORD.includes(c));
}
