// The brake windows, in memory and through the machine's real Redis (127.0.0.1:6379, or
// TEST_REDIS_URL): the same behaviour either way, and through Redis one count for two "processes".
import Redis from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createSlidingWindow } from "./sliding-window.server";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const clients: Redis[] = [];
const connect = () => {
  const client = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  clients.push(client);
  return client;
};
afterAll(() => clients.forEach((c) => c.disconnect()));

const LIMIT = 30;
const HOUR = 60 * 60_000;
const run = `${process.pid}-${Date.now()}`;

describe.each([
  ["in memory", () => null],
  ["through Redis", connect],
])("a sliding window %s", (_, client) => {
  it("allows the limit per key within the window, then refuses until the oldest event leaves it", async () => {
    const window = createSlidingWindow({ name: `test-${run}-${_}`, limit: LIMIT, windowMs: HOUR }, client());
    await window.reset();
    const t0 = 1_800_000_000_000;
    for (let i = 0; i < LIMIT; i++) expect(await window.take("u1", t0 + i * 1000)).toBe(true);
    expect(await window.take("u1", t0 + 60_000)).toBe(false);
    expect(await window.take("u2", t0 + 60_000)).toBe(true);
    expect(await window.count("u1", t0 + 60_000)).toBe(LIMIT);
    // Refusals are not counted: once the first event leaves the window, one more is allowed.
    expect(await window.take("u1", t0 + HOUR - 1)).toBe(false);
    expect(await window.take("u1", t0 + HOUR)).toBe(true);
    expect(await window.take("u1", t0 + HOUR + 1)).toBe(false);
    // `add` counts past the limit (failed logins keep counting); reset forgets everything.
    await window.add("u3", t0);
    await window.add("u3", t0 + 1);
    expect(await window.count("u3", t0 + 2)).toBe(2);
    await window.reset();
    expect(await window.count("u1", t0 + HOUR + 2)).toBe(0);
  });
});

describe("a sliding window shared through Redis", () => {
  it("is one count for two processes: 40 racing takes of 30 slots from two connections grant exactly 30", async () => {
    const name = `test-${run}-shared`;
    const a = createSlidingWindow({ name, limit: LIMIT, windowMs: HOUR }, connect());
    const b = createSlidingWindow({ name, limit: LIMIT, windowMs: HOUR }, connect());
    await a.reset();
    const now = Date.now();
    const granted = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).take("address", now)),
    );
    expect(granted.filter(Boolean)).toHaveLength(LIMIT);
    expect(await b.count("address", now)).toBe(LIMIT);
    await a.reset();
  });

  it("falls back to memory when Redis cannot be reached, instead of refusing or failing", async () => {
    const down = new Redis("redis://127.0.0.1:1", { maxRetriesPerRequest: 0, lazyConnect: true });
    down.on("error", () => {});
    clients.push(down);
    void down.connect().catch(() => {});
    const window = createSlidingWindow({ name: `test-${run}-down`, limit: 2, windowMs: HOUR }, down);
    expect(await window.take("k")).toBe(true);
    expect(await window.take("k")).toBe(true);
    expect(await window.take("k")).toBe(false);
  });
});
