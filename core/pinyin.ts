// Search text with pinyin: what a product is found by. Pure and dependency-light so both the app
// (app/models/catalog/catalog.server.ts) and db/ (seed, data generator) can use it; relative imports only.
//
// The text is lowercase tokens separated by single spaces. Each part (product name, supplier name,
// village name, category name…) gives up to four tokens: the text itself, its full pinyin without
// tones and spaces (香菇 → xianggu; ü as v, plus a u variant: 绿 → lv, lu) and its initials (xg).
// A query is compacted the same way (lowercase, no whitespace), so it can never match across two
// tokens: a hit is always inside one name or one of its spellings.
import { pinyin } from "pinyin-pro";

const HAN = /\p{Script=Han}/u;

/** Lowercase, NFKC (full-width → half-width), whitespace removed. Queries go through this too. */
export function normalizeSearchQuery(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, "");
}

// Supplier, village and category names repeat across many products: remember recent spellings
// (bounded, so a generator writing millions of rows does not grow it without end).
const cache = new Map<string, string[]>();
const CACHE_LIMIT = 5000;

function spellings(text: string): string[] {
  let found = cache.get(text);
  if (!found) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    found = spell(text);
    cache.set(text, found);
  }
  return found;
}

function spell(text: string): string[] {
  const options = { toneType: "none", type: "array", nonZh: "consecutive", v: false } as const;
  const full = pinyin(text, { ...options, pattern: "pinyin" }).join("");
  const initials = pinyin(text, { ...options, pattern: "first" }).join("");
  const letters = (s: string) => s.replace(/[^a-z0-9üv]/g, "");
  return [
    letters(full).replace(/ü/g, "v"),
    letters(full).replace(/ü/g, "u"),
    letters(initials).replace(/ü/g, "v"),
  ];
}

/** The searchable text for `parts`: each part as written, as full pinyin and as initials. */
export function buildSearchText(parts: string[]): string {
  const tokens: string[] = [];
  const add = (token: string) => {
    if (token && !tokens.includes(token)) tokens.push(token);
  };
  for (const part of parts) {
    const text = normalizeSearchQuery(part ?? "");
    if (!text) continue;
    add(text);
    if (HAN.test(text)) for (const spelling of spellings(text)) add(spelling);
  }
  return tokens.join(" ");
}
