// Counts of recent events per key (failed logins per address, registry lookups per user), shared
// by every app process when REDIS_URL is set, kept in this process's memory otherwise (the
// embedded single-process default). A brake, not a record: losing the counts costs an attacker
// nothing they could not get by waiting, so Redis keeps nothing on disk and an outage falls back
// to memory rather than refusing logins.
import Redis from "ioredis";
import { getEnv } from "./env.server";

export type SlidingWindow = {
  /** How many events this key had within the window. */
  count(key: string, now?: number): Promise<number>;
  /** Records one event for this key. */
  add(key: string, now?: number): Promise<void>;
  /** Records one event only while the key is under the limit; says whether it was recorded. */
  take(key: string, now?: number): Promise<boolean>;
  /** Forgets every key of this window (tests). */
  reset(): Promise<void>;
};

type Options = { name: string; limit: number; windowMs: number; maxKeys?: number };

let redis: Redis | null | undefined;

/** The shared Redis connection, or null when REDIS_URL is not set. */
export function sharedRedis(): Redis | null {
  if (redis !== undefined) return redis;
  const url = getEnv().REDIS_URL;
  redis = url
    ? new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false })
    : null;
  // An unreachable Redis is logged, not thrown: the windows fall back to memory meanwhile.
  redis?.on("error", (error: Error) => console.error("redis:", error.message));
  return redis;
}

const firstConnection = new WeakMap<Redis, Promise<boolean>>();

/** Resolves once the client is connected (true), or false after `ms` or when it cannot be. */
function whenReady(client: Redis, ms = 1000): Promise<boolean> {
  if (client.status === "ready") return Promise.resolve(true);
  // Only a first connection is waited for; during an outage (reconnecting) memory answers at once.
  if (!["wait", "connecting", "connect"].includes(client.status)) return Promise.resolve(false);
  let pending = firstConnection.get(client);
  if (!pending) {
    pending = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => done(false), ms);
      const onReady = () => done(true);
      function done(ok: boolean) {
        clearTimeout(timer);
        client.off("ready", onReady);
        firstConnection.delete(client);
        resolve(ok);
      }
      client.once("ready", onReady);
    });
    firstConnection.set(client, pending);
  }
  return pending;
}

/** A window shared through `client` (default: REDIS_URL's), in memory when there is none. */
export function createSlidingWindow(options: Options, client?: Redis | null): SlidingWindow {
  const memory = memoryWindow(options);
  const shared = async () => {
    const redis = client === undefined ? sharedRedis() : client;
    return redis && (await whenReady(redis)) ? redisWindow(redis, options) : null;
  };
  const either =
    <A extends unknown[], R>(pick: (w: SlidingWindow) => (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const remote = await shared();
      if (remote) {
        try {
          return await pick(remote)(...args);
        } catch (error) {
          console.error(`redis window ${options.name}:`, (error as Error).message);
        }
      }
      return pick(memory)(...args);
    };
  return {
    count: either((w) => w.count),
    add: either((w) => w.add),
    take: either((w) => w.take),
    reset: async () => {
      await memory.reset();
      await (await shared())?.reset();
    },
  };
}

function memoryWindow({ limit, windowMs, maxKeys = 100_000 }: Options): SlidingWindow {
  const events = new Map<string, number[]>();
  const recent = (key: string, now: number) => {
    const kept = (events.get(key) ?? []).filter((at) => now - at < windowMs);
    if (kept.length === 0) events.delete(key);
    else events.set(key, kept);
    return kept;
  };
  const add = (key: string, now: number) => {
    events.set(key, [...recent(key, now), now]);
    // Bounded memory: a table this large means a flood; the oldest keys go first.
    if (events.size > maxKeys) events.delete(events.keys().next().value!);
  };
  return {
    count: async (key, now = Date.now()) => recent(key, now).length,
    add: async (key, now = Date.now()) => add(key, now),
    take: async (key, now = Date.now()) => {
      if (recent(key, now).length >= limit) return false;
      add(key, now);
      return true;
    },
    reset: async () => events.clear(),
  };
}

// One sorted set per key, scored by time; trimming, counting and adding happen in one script so
// two processes taking the last slot at once cannot both get it.
const TAKE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1] - ARGV[2])
local n = redis.call('ZCARD', KEYS[1])
if tonumber(ARGV[3]) >= 0 and n >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

function redisWindow(client: Redis, { name, limit, windowMs }: Options): SlidingWindow {
  const prefix = `window:${name}:`;
  const unique = (now: number) => `${now}-${Math.random().toString(36).slice(2)}`;
  const run = (key: string, now: number, max: number) =>
    client.eval(TAKE, 1, prefix + key, now, windowMs, max, unique(now)) as Promise<number>;
  return {
    count: async (key, now = Date.now()) => {
      await client.zremrangebyscore(prefix + key, "-inf", now - windowMs);
      return client.zcard(prefix + key);
    },
    add: async (key, now = Date.now()) => {
      await run(key, now, -1);
    },
    take: async (key, now = Date.now()) => (await run(key, now, limit)) === 1,
    reset: async () => {
      const keys = await client.keys(`${prefix}*`);
      if (keys.length) await client.del(...keys);
    },
  };
}
