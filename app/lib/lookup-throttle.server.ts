// Registry lookups per user: supplier staff find a household for an agreement by its registry code
// or its head's ID number, and each lookup tells them whether that person is registered in their
// town. A brake on testing many people one after another (issue 15 item 12); every lookup is also
// in the audit log. In memory per process, like the login throttle (login-throttle.server.ts): a
// brake, not a record — the audit log is the record.
export const REGISTRY_LOOKUPS_PER_HOUR = 30;
export const REGISTRY_LOOKUP_WINDOW_MS = 60 * 60_000;

const lookups = new Map<string, number[]>();

function recent(userId: string, now: number): number[] {
  const kept = (lookups.get(userId) ?? []).filter((at) => now - at < REGISTRY_LOOKUP_WINDOW_MS);
  if (kept.length === 0) lookups.delete(userId);
  else lookups.set(userId, kept);
  return kept;
}

/** Counts one lookup for this user and says whether it may go ahead (false: over the limit, not counted). */
export function takeRegistryLookup(userId: string, now = Date.now()): boolean {
  const kept = recent(userId, now);
  if (kept.length >= REGISTRY_LOOKUPS_PER_HOUR) return false;
  lookups.set(userId, [...kept, now]);
  // Bounded memory: the oldest user's entries go first.
  if (lookups.size > 100_000) lookups.delete(lookups.keys().next().value!);
  return true;
}

/** Forgets every count (tests). */
export function resetRegistryLookups(): void {
  lookups.clear();
}
