// Who may open each section of the officials' portal. The section routes' guards and the portal's
// navigation read this one table, so the navigation never offers a page that answers 403.
import type { UserRole } from "./users.server";

export const OFFICIAL_PORTAL_ROLES = {
  statistics: ["official", "admin"],
  households: ["official", "admin"],
  linkages: ["official", "admin"],
  certifications: ["official", "admin"],
  organisations: ["official", "admin"],
  orders: ["admin"], // money moves only by admins (DESIGN.md, Access)
  audit: ["official", "admin"],
  tokens: ["official", "admin"],
  settlement: ["official", "admin"], // totals for both; batches and payouts for admins only
  applications: ["official", "admin"], // onboarding (issue 18)
  suppliers: ["official", "admin"],
  aftersales: ["admin"], // the platform decides escalated after-sales claims
  reviews: ["official", "admin"], // hide a review with a reason (issue 20)
  institutions: ["official", "admin"], // governance: enrolment (district decides) and the ranking
  villages: ["official", "admin"], // governance: village progress
  prices: ["official", "admin"], // governance: reference prices and flags (district sets)
  reports: ["official", "admin"], // governance: price and quality reports (district decides)
  payouts: ["official", "admin"], // payouts to households against the ledger (issue 19)
  statements: ["official", "admin"], // household income statements (issue 21)
  warnings: ["official", "admin"], // early warning and follow-ups (issue 21)
  officials: ["official", "admin"], // official accounts: the district and admins appoint (issue 18)
  messages: ["official", "admin"], // the caller's own messages; admins also the whole outbox (issue 18)
} as const satisfies Record<string, readonly UserRole[]>;

export type OfficialPortalSection = keyof typeof OFFICIAL_PORTAL_ROLES;

export function mayOpenOfficialSection(section: OfficialPortalSection, role: UserRole): boolean {
  return (OFFICIAL_PORTAL_ROLES[section] as readonly UserRole[]).includes(role);
}
