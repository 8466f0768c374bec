// A bank transfer's reference (银行流水号) as a key: the same transfer typed in another case, with
// hyphens or spaces, or in full-width characters (ＩＣＢＣ－…) is the same reference. The key
// makes a transfer pay one order once; the bank's own text is kept for display.

/** Separators people and banks put inside references: spaces, hyphens and dashes, _ . / \ · ・ */
const SEPARATORS = /[\s\-_./\\·・‐‑‒–—―−]/gu;

/** The normalised key (NFKC, upper case, no separators), or null when it is no reference. */
export function bankReferenceKey(text: string): string | null {
  const key = text.normalize("NFKC").toUpperCase().replace(SEPARATORS, "");
  return /^[0-9A-Z]{4,40}$/.test(key) ? key : null;
}
