// Price and quality reports per reporter (signed-in user, else client address): a brake on flooding
// officials with reports. Shared by all app processes through Redis when REDIS_URL is set.
import { createSlidingWindow } from "./sliding-window.server";

export const REPORTS_PER_HOUR = 5;

const reports = createSlidingWindow({
  name: "product-reports",
  limit: REPORTS_PER_HOUR,
  windowMs: 60 * 60_000,
});

/** Counts one report for this key and says whether it may go ahead (false: over the limit, not counted). */
export function takeProductReport(key: string, now = Date.now()): Promise<boolean> {
  return reports.take(key, now);
}

/** Forgets every count (tests). */
export function resetProductReports(): Promise<void> {
  return reports.reset();
}
