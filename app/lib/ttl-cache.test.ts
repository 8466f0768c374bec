import { describe, expect, it } from "vitest";
import { createTtlCache, ttlCached } from "./ttl-cache";

function counter() {
  const calls: string[] = [];
  let clock = 1_000;
  return {
    calls,
    tick: (ms: number) => (clock += ms),
    now: () => clock,
    load: async (key: string) => {
      calls.push(key);
      return `${key}#${calls.length}`;
    },
  };
}

describe("ttlCached", () => {
  it("loads once per key within the time to live, again after it", async () => {
    const c = counter();
    const get = ttlCached(60_000, c.load, { now: c.now });
    expect(await get("a")).toBe("a#1");
    c.tick(59_999);
    expect(await get("a")).toBe("a#1");
    expect(await get("b")).toBe("b#2");
    c.tick(1);
    expect(await get("a")).toBe("a#3");
    expect(c.calls).toEqual(["a", "b", "a"]);
  });

  it("shares one load between concurrent callers", async () => {
    const c = counter();
    const get = ttlCached(1_000, c.load, { now: c.now });
    const values = await Promise.all([get("a"), get("a"), get("a")]);
    expect(values).toEqual(["a#1", "a#1", "a#1"]);
    expect(c.calls).toEqual(["a"]);
  });

  it("forgets a failed load so the next call tries again", async () => {
    let fail = true;
    let loads = 0;
    const get = ttlCached(60_000, async (key: string) => {
      loads++;
      if (fail) throw new Error("database down");
      return key;
    });
    await expect(get("a")).rejects.toThrow("database down");
    await Promise.resolve(); // let the rejection handler run
    fail = false;
    expect(await get("a")).toBe("a");
    expect(await get("a")).toBe("a");
    expect(loads).toBe(2);
  });

  it("keeps at most maxEntries keys, dropping the oldest, and clear() forgets everything", async () => {
    const c = counter();
    const get = ttlCached(60_000, c.load, { now: c.now, maxEntries: 2 });
    await get("a");
    await get("b");
    await get("c"); // drops a
    await get("b");
    expect(c.calls).toEqual(["a", "b", "c"]);
    await get("a");
    expect(c.calls).toEqual(["a", "b", "c", "a"]);
    get.clear();
    await get("c");
    expect(c.calls).toEqual(["a", "b", "c", "a", "c"]);
  });
});

describe("createTtlCache", () => {
  it("loads with the caller's loader, and delete() forces the next get to load again", async () => {
    let clock = 0;
    const cache = createTtlCache<string, number>({ ttlMs: 100, now: () => clock });
    expect(await cache.get("k", async () => 1)).toBe(1);
    expect(await cache.get("k", async () => 2)).toBe(1);
    cache.delete("k");
    expect(await cache.get("k", async () => 3)).toBe(3);
    clock = 100;
    expect(await cache.get("k", async () => 4)).toBe(4);
  });
});
