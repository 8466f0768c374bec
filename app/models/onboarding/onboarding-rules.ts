// The onboarding constants pages need in the browser too (no server code, no database).
export const SUPPLIER_KINDS = [
  "cooperative",
  "enterprise",
  "village_collective",
  "workshop",
  "household",
] as const;
export type SupplierKind = (typeof SUPPLIER_KINDS)[number];
export const APPLICATION_STATUSES = [
  "submitted",
  "more_material",
  "recommended",
  "public_notice",
  "active",
  "rejected",
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
/** Applications still in progress: a person has at most one. */
export const OPEN_STATUSES = [
  "submitted",
  "more_material",
  "recommended",
  "public_notice",
] as const satisfies readonly ApplicationStatus[];
export const STANDING_ACTIONS = ["warned", "suspended", "reinstated", "closed"] as const;
export type StandingAction = (typeof STANDING_ACTIONS)[number];
export const MAX_DOCUMENTS = 5;
export const MAX_MESSAGE = 500;
