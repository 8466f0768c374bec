import { describe, expect, it } from "vitest";
import {
  REGISTRY_LOOKUP_WINDOW_MS,
  REGISTRY_LOOKUPS_PER_HOUR,
  resetRegistryLookups,
  takeRegistryLookup,
} from "./lookup-throttle.server";

describe("registry lookup throttle", () => {
  it("allows the limit per user within the hour, then refuses until the oldest lookup is an hour old", () => {
    resetRegistryLookups();
    const t0 = 1_800_000_000_000;
    for (let i = 0; i < REGISTRY_LOOKUPS_PER_HOUR; i++)
      expect(takeRegistryLookup("u1", t0 + i * 1000)).toBe(true);
    expect(takeRegistryLookup("u1", t0 + 60_000)).toBe(false);
    expect(takeRegistryLookup("u2", t0 + 60_000)).toBe(true);
    // Refusals are not counted: once the first lookup leaves the window, one more is allowed.
    expect(takeRegistryLookup("u1", t0 + REGISTRY_LOOKUP_WINDOW_MS - 1)).toBe(false);
    expect(takeRegistryLookup("u1", t0 + REGISTRY_LOOKUP_WINDOW_MS)).toBe(true);
    expect(takeRegistryLookup("u1", t0 + REGISTRY_LOOKUP_WINDOW_MS + 1)).toBe(false);
  });
});
