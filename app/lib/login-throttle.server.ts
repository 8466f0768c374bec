// Failed logins per client address, on top of the per-account lockout (users.server.ts): the
// lockout stops guessing one account's password, this stops one address trying a few passwords on
// many accounts (password spraying). Shared by all app processes through Redis when REDIS_URL is
// set (sliding-window.server.ts), so a spray spread over several processes meets one count.
import { createSlidingWindow } from "./sliding-window.server";

export const LOGIN_FAILURES_PER_ADDRESS = 30;
export const LOGIN_THROTTLE_WINDOW_MS = 15 * 60_000;

const failures = createSlidingWindow({
  name: "login-failures",
  limit: LOGIN_FAILURES_PER_ADDRESS,
  windowMs: LOGIN_THROTTLE_WINDOW_MS,
});

/** True when this address has failed too often lately; an unknown address is never throttled. */
export async function loginThrottled(address: string | undefined, now = Date.now()): Promise<boolean> {
  return Boolean(address) && (await failures.count(address!, now)) >= LOGIN_FAILURES_PER_ADDRESS;
}

export async function recordLoginFailure(address: string | undefined, now = Date.now()): Promise<void> {
  if (address) await failures.add(address, now);
}
