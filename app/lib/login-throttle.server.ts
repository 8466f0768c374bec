// Failed logins per client address, on top of the per-account lockout (users.server.ts): the
// lockout stops guessing one account's password, this stops one address trying a few passwords on
// many accounts (password spraying). Kept in memory per process on purpose: it is a brake, not a
// record, and a restart forgetting it costs an attacker nothing they could not get by waiting.
export const LOGIN_FAILURES_PER_ADDRESS = 30;
export const LOGIN_THROTTLE_WINDOW_MS = 15 * 60_000;

const failures = new Map<string, number[]>();

function recent(address: string, now: number): number[] {
  const kept = (failures.get(address) ?? []).filter((at) => now - at < LOGIN_THROTTLE_WINDOW_MS);
  if (kept.length === 0) failures.delete(address);
  else failures.set(address, kept);
  return kept;
}

/** True when this address has failed too often lately; an unknown address is never throttled. */
export function loginThrottled(address: string | undefined, now = Date.now()): boolean {
  return Boolean(address) && recent(address!, now).length >= LOGIN_FAILURES_PER_ADDRESS;
}

export function recordLoginFailure(address: string | undefined, now = Date.now()): void {
  if (!address) return;
  failures.set(address, [...recent(address, now), now]);
  // Bounded memory: an address table this large means a flood; the oldest entries go first.
  if (failures.size > 100_000) failures.delete(failures.keys().next().value!);
}
