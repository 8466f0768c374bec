// Pure rules of governance (issue 18 "Run the platform"): the reserved share's rounding, the
// platform defaults of the region settings, the village targets with their year, and the median
// reference price. No database here: the .server.ts files and the tests share these.

/** 预留比例 when no region sets one: 10 % of the canteen food budget (basis points). */
export const DEFAULT_RESERVE_RATIO_BP = 1000;
/** A price more than this above the reference price is flagged: 30 % (basis points). */
export const DEFAULT_PRICE_FLAG_THRESHOLD_BP = 3000;

export const CANTEEN_MODES = ["none", "own", "shared", "outsourced"] as const;
export type CanteenMode = (typeof CANTEEN_MODES)[number];
export const INSTITUTION_KINDS = ["budget_unit", "union", "enterprise"] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

/** Largest budget accepted (¥10 billion, in fen): beyond it the form is mistyped. */
export const MAX_BUDGET_FEN = 1_000_000_000_000;

/**
 * The yearly reserved share: budget × ratio, rounded to the nearest fen with halves up (四舍五入,
 * decision 095). In BigInt, so a large budget times a ratio never loses a fen to floating point.
 */
export function reservedShareFen(budgetFen: number, ratioBp: number): number {
  if (!Number.isSafeInteger(budgetFen) || budgetFen < 0) throw new RangeError(`bad budget ${budgetFen}`);
  if (!Number.isInteger(ratioBp) || ratioBp < 0 || ratioBp > 10000)
    throw new RangeError(`bad ratio ${ratioBp}`);
  return Number((BigInt(budgetFen) * BigInt(ratioBp) + 5000n) / 10000n);
}

/**
 * The median of integer fen prices: the middle one, or the mean of the two middle ones rounded to
 * the nearest fen with halves up. Null for no prices.
 */
export function medianFen(prices: readonly number[]): number | null {
  if (prices.length === 0) return null;
  const sorted = [...prices].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid];
  return Math.floor((sorted[mid - 1] + sorted[mid] + 1) / 2);
}

/** Is `priceFen` more than `thresholdBp` above `referenceFen`? Integer arithmetic. */
export function isPriceFlagged(priceFen: number, referenceFen: number, thresholdBp: number): boolean {
  return priceFen * 10000 > referenceFen * (10000 + thresholdBp);
}

/**
 * A specification as compared across suppliers: Unicode NFKC (full-width digits and letters become
 * half-width), lower case, no white space — "5 KG 礼盒" and "５kg礼盒" are the same spec. The SQL
 * twin is SPEC_KEY_SQL in prices.server.ts.
 */
export function specKey(spec: string): string {
  return spec.normalize("NFKC").toLowerCase().replace(/\s+/g, "");
}

/**
 * Village targets (decision 096): the share of administrative villages with an active
 * party-branch-led cooperative (村党组织领办合作社) and the share driven by a leading enterprise or
 * cooperative (linkages in force), each from its year on. A year before the first uses the first.
 */
export const VILLAGE_TARGETS = [
  { fromYear: 2025, partyBranchCoopBp: 4000, drivenBp: 8000 },
  { fromYear: 2027, partyBranchCoopBp: 9000, drivenBp: 9500 },
] as const;

export function villageTargetsFor(year: number): { partyBranchCoopBp: number; drivenBp: number } {
  let chosen: (typeof VILLAGE_TARGETS)[number] = VILLAGE_TARGETS[0];
  for (const t of VILLAGE_TARGETS) if (year >= t.fromYear) chosen = t;
  return { partyBranchCoopBp: chosen.partyBranchCoopBp, drivenBp: chosen.drivenBp };
}

/** part ÷ whole in basis points, rounded down; null when whole is 0. */
export function ratioBp(part: number, whole: number): number | null {
  return whole > 0 ? Math.floor((part * 10000) / whole) : null;
}

// ─── reports from a product page (browser-safe: the report form and the officials' list use them) ──
export const MAX_REPORT_TEXT = 500;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const REPORT_KINDS = ["price", "quality"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_ACTIONS = ["dismiss", "warn", "suspend"] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];
/** A district decision's reason, at most (the form shows the limit). */
export const MAX_REASON = 500;
