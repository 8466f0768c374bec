// Values kept in this process for a short time, for storefront figures that change rarely and
// may be a minute stale (the catalogue's facets and match counts, the home page's year headline):
// recomputing them over the big tables on every request is what made the catalogue slow. Nothing
// invalidates an entry early; each server process keeps its own copy. Never use it for anything
// scoped to a user or for data that must be current (stock, prices at checkout, permissions).

export type TtlCache<K, V> = {
  /** The value for `key`, loaded with `load` when missing or older than the time to live. */
  get: (key: K, load: (key: K) => Promise<V>) => Promise<V>;
  delete: (key: K) => void;
  clear: () => void;
};

/**
 * A cache of up to `maxEntries` keys (the oldest load is dropped first). Concurrent callers share
 * one load (no stampede when an entry expires under load); a failed load is forgotten, so the
 * next call tries again.
 */
export function createTtlCache<K extends string | number, V>({
  ttlMs,
  maxEntries = 64,
  now = Date.now,
}: {
  ttlMs: number;
  maxEntries?: number;
  now?: () => number;
}): TtlCache<K, V> {
  const entries = new Map<K, { loadedAt: number; value: Promise<V> }>();
  return {
    get(key, load) {
      const at = now();
      const hit = entries.get(key);
      if (hit && at - hit.loadedAt < ttlMs) return hit.value;
      const value = load(key);
      entries.delete(key); // re-inserted last: the Map's order is the age order for eviction
      entries.set(key, { loadedAt: at, value });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as K);
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
      return value;
    },
    delete: (key) => void entries.delete(key),
    clear: () => entries.clear(),
  };
}

/** `load(key)`, remembered for `ttlMs` per key (see createTtlCache). */
export function ttlCached<K extends string | number, V>(
  ttlMs: number,
  load: (key: K) => Promise<V>,
  options: { maxEntries?: number; now?: () => number } = {},
): ((key: K) => Promise<V>) & { clear: () => void } {
  const cache = createTtlCache<K, V>({ ttlMs, ...options });
  return Object.assign((key: K) => cache.get(key, load), { clear: cache.clear });
}
