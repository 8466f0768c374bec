// What a payout to a household may be (browser-safe: the supplier's payout form lists them). The
// database enums household_payout_kind and household_payout_method hold the same values
// (payout-rules.test.ts checks they agree).
export const PAYOUT_KINDS = ["purchase", "wage", "dividend", "rebate"] as const;
export type PayoutKind = (typeof PAYOUT_KINDS)[number];
export const PAYOUT_METHODS = ["bank_transfer", "mobile_pay", "cash", "other"] as const;
export type PayoutMethod = (typeof PAYOUT_METHODS)[number];
/** One payout at most 1,000,000 yuan: a larger figure is a typing mistake. */
export const MAX_PAYOUT_FEN = 100_000_000;
