// Registry lookups per user: supplier staff find a household for an agreement by its registry code
// or its head's ID number, and each lookup tells them whether that person is registered in their
// town. A brake on testing many people one after another (issue 15 item 12); every lookup is also
// in the audit log. Shared by all app processes when REDIS_URL is set, like the login brake.
import { createSlidingWindow } from "./sliding-window.server";

export const REGISTRY_LOOKUPS_PER_HOUR = 30;
export const REGISTRY_LOOKUP_WINDOW_MS = 60 * 60_000;

const lookups = createSlidingWindow({
  name: "registry-lookups",
  limit: REGISTRY_LOOKUPS_PER_HOUR,
  windowMs: REGISTRY_LOOKUP_WINDOW_MS,
});

/** Counts one lookup for this user and says whether it may go ahead (false: over the limit, not counted). */
export function takeRegistryLookup(userId: string, now = Date.now()): Promise<boolean> {
  return lookups.take(userId, now);
}

/** Forgets every count (tests). */
export function resetRegistryLookups(): Promise<void> {
  return lookups.reset();
}
