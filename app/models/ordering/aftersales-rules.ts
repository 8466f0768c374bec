// The after-sales lists the claim form shows (browser-safe: no server code).
export const CLAIM_KINDS = ["refund_only", "return_refund", "reshipment"] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];
export const CLAIM_REASONS = [
  "damaged",
  "spoiled",
  "quality",
  "wrong_item",
  "missing",
  "not_as_described",
  "other",
] as const;
export type ClaimReason = (typeof CLAIM_REASONS)[number];
