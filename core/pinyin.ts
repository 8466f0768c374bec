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

// ─── names in Latin letters ──────────────────────────────────────────────────────────────

/** Common endings of Chinese place and organisation names, longest first, with their English. */
const NAME_PARTS: [string, string][] = [
  ["股份经济合作社", "Joint-Stock Economic Cooperative"],
  ["专业合作社", "Cooperative"],
  ["农业科技有限公司", "Agricultural Technology Co., Ltd."],
  ["有限责任公司", "Co., Ltd."],
  ["有限公司", "Co., Ltd."],
  ["帮扶车间", "Assistance Workshop"],
  ["家庭农场", "Family Farm"],
  ["乡村振兴局", "Rural Revitalisation Bureau"],
  ["城乡一体化示范区", "Urban-Rural Integration Demonstration Zone"],
  ["示范区", "Demonstration Zone"],
  ["合作社", "Cooperative"],
  ["街道办事处", "Subdistrict"],
  ["街道办", "Subdistrict"],
  ["街道", "Subdistrict"],
  ["居委会", "Community"],
  ["社区", "Community"],
  ["特别行政区", "SAR"],
  ["自治区", "Autonomous Region"],
  ["自治州", "Autonomous Prefecture"],
  ["自治县", "Autonomous County"],
  ["省", "Province"],
  ["市", "City"],
  ["县", "County"],
  ["区", "District"],
  ["镇", "Town"],
  ["乡", "Township"],
  ["村", "Village"],
];

/**
 * A Chinese place, supplier or issuer name in Latin letters, for English pages when nobody gave an
 * English name: known endings translated (村 → Village, 专业合作社 → Cooperative…), the rest as
 * capitalised pinyin without tones, one word per run (下庄村果品专业合作社 → "Xiazhuang Village
 * Guopin Cooperative"). Text without Chinese characters comes back as it is.
 */
export function romanizeName(text: string): string {
  const source = text.normalize("NFKC").trim();
  if (!HAN.test(source)) return source;
  const words: string[] = [];
  let run = "";
  const flush = () => {
    if (!run) return;
    const letters = pinyin(run, { toneType: "none", type: "array", nonZh: "consecutive", v: false })
      .join("")
      .replace(/ü/g, "u")
      .replace(/\s+/g, "");
    if (letters) words.push(letters.charAt(0).toUpperCase() + letters.slice(1));
    run = "";
  };
  let i = 0;
  while (i < source.length) {
    const part = run.length > 0 || i > 0 ? NAME_PARTS.find(([zh]) => source.startsWith(zh, i)) : undefined;
    // An ending counts only after a name (村 alone at the start is part of a name, not "Village").
    if (part && run.length > 0) {
      flush();
      words.push(part[1]);
      i += part[0].length;
    } else if (part && words.length > 0 && !run) {
      words.push(part[1]);
      i += part[0].length;
    } else {
      const ch = source[i];
      if (HAN.test(ch)) run += ch;
      else {
        flush();
        if (/\S/.test(ch)) words.push(ch);
      }
      i++;
    }
  }
  flush();
  return words
    .join(" ")
    .replace(/\s+([,.)])/g, "$1")
    .replace(/\(\s+/g, "(");
}
