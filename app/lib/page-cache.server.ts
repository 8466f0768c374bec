// Anonymous storefront pages rendered once per short interval and served from memory, each
// answer with its own CSP nonce (decision 059). A page is cached only for a visitor with no cookie
// but the language (no session, no cart, no toast), so nothing personal can enter or leave it. A
// cached page is served only while the database's page_cache_generation still equals the value
// read before it was rendered: triggers move it in the same transaction as any change a
// storefront page shows, so every process drops stale pages at once. Past its short interval a
// current page is served a while longer as it is re-rendered in the background (decision 146).
import { eq } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import { db, schema as s } from "./db.server";
import { contentSecurityPolicy } from "./web-security.server";

const CACHEABLE_PATHS = [
  /^\/$/,
  /^\/products$/,
  /^\/products\/[^/]+$/,
  /^\/suppliers\/[^/]+$/,
  /^\/villages\/[^/]+$/, // the pavilions (issue 21): their figures may be this cache's seconds stale
  /^\/towns\/[^/]+$/,
  /^\/notices$/,
];
export const PAGE_FRESH_SECONDS = 10;
/**
 * After its fresh interval a page is still served for this long while one rendering in the
 * background replaces it (decision 146) — as a CDN in front may do by the header below — but only
 * while the generation has not moved and on the same Asia/Shanghai day as it was rendered.
 */
export const PAGE_STALE_SECONDS = 60;
/** Background renderings at a time in this process: refreshing must not crowd out the visitors. */
const MAX_BACKGROUND_RENDERS = 1;
/** For a CDN or proxy in front: fresh for the same short interval, then served stale while refetched. */
export const ANONYMOUS_CACHE_CONTROL = `public, max-age=0, s-maxage=${PAGE_FRESH_SECONDS}, stale-while-revalidate=${PAGE_STALE_SECONDS}`;

/** The cache key of a request whose answer may be shared by every anonymous visitor, else null. */
export function anonymousPageKey(request: { method: string; url: string; cookie?: string | null }) {
  if (request.method !== "GET") return null;
  const url = new URL(request.url, "http://page-cache.invalid");
  if (!CACHEABLE_PATHS.some((path) => path.test(url.pathname))) return null;
  if (url.searchParams.has("_data")) return null; // loader JSON of client navigation: not cached
  let language = "";
  for (const part of (request.cookie ?? "").split(";")) {
    const cookie = part.trim();
    if (!cookie) continue;
    const at = cookie.indexOf("=");
    const name = at < 0 ? cookie : cookie.slice(0, at);
    if (name !== "lang") return null; // a session, a cart, a toast: the page may be personal
    language = cookie.slice(at + 1);
  }
  return `${language}|${url.pathname}${url.search}`;
}

export type PageAnswer = {
  status: number;
  headers: [string, string][];
  body: string;
  cache: "hit" | "stale" | "miss";
};
type Entry = {
  headers: [string, string][];
  body: string;
  nonce: string;
  generation: number;
  storedAt: number;
  /** The Asia/Shanghai day it was rendered on: certifications and notices end at a day's start. */
  day: number;
};

/** The Asia/Shanghai calendar day (UTC+8, no daylight saving) of a moment, as a day number. */
const shanghaiDay = (ms: number) => Math.floor((ms + 8 * 3_600_000) / 86_400_000);

const pages = new LRUCache<string, Entry>({
  max: 2000,
  maxSize: 48 * 1024 * 1024, // bytes of UTF-16 text, roughly: a bounded share of one process
  sizeCalculation: (entry) => entry.body.length * 2 + 512,
});
const PER_ANSWER_HEADERS = new Set([
  "cache-control",
  "vary",
  "x-page-cache",
  "content-length",
  "content-encoding",
  "transfer-encoding",
]);
const rendering = new Map<string, Promise<Entry | null>>();

async function currentGeneration(): Promise<number> {
  const [row] = await db
    .select({ generation: s.pageCacheGeneration.generation })
    .from(s.pageCacheGeneration)
    .where(eq(s.pageCacheGeneration.id, 1));
  return row?.generation ?? 0;
}

function answerFrom(entry: Entry, nonce: string, cache: PageAnswer["cache"]): PageAnswer {
  const headers = entry.headers.map(([name, value]): [string, string] =>
    name === "content-security-policy" ? [name, contentSecurityPolicy(nonce)] : [name, value],
  );
  headers.push(["cache-control", ANONYMOUS_CACHE_CONTROL], ["vary", "Cookie"], ["x-page-cache", cache]);
  return { status: 200, headers, body: entry.body.replaceAll(entry.nonce, nonce), cache };
}

/**
 * The answer for an anonymous page: from the cache while fresh and current; while stale but still
 * current (same generation, same day, within PAGE_STALE_SECONDS), from the cache too, with one
 * rendering started in the background; else rendered by `render` in this request (at most once at
 * a time per page in this process; waiters share that rendering).
 * Only a 200 HTML answer that sets no cookie is kept; anything else is passed through.
 */
export async function serveAnonymousPage(
  key: string,
  nonce: string,
  render: (nonce: string) => Promise<Response>,
  now: () => number = Date.now,
): Promise<{ status: number; headers: [string, string][]; body: string; cache?: PageAnswer["cache"] }> {
  const generation = await currentGeneration();
  const cached = pages.get(key);
  const at = now();
  if (cached && cached.generation === generation && cached.day === shanghaiDay(at)) {
    const age = at - cached.storedAt;
    if (age < PAGE_FRESH_SECONDS * 1000) return answerFrom(cached, nonce, "hit");
    if (age < (PAGE_FRESH_SECONDS + PAGE_STALE_SECONDS) * 1000) {
      if (!rendering.has(key) && backgroundRenders < MAX_BACKGROUND_RENDERS) {
        backgroundRenders++;
        renderInto(key, nonce, generation, render, now)
          .catch((error) => console.error(`page cache: refreshing ${key} failed`, error))
          .finally(() => backgroundRenders--);
      }
      return answerFrom(cached, nonce, "stale");
    }
  }
  const pending = rendering.get(key);
  if (pending) {
    const shared = await pending;
    if (shared) return answerFrom(shared, nonce, "hit");
  }
  const rendered = await renderInto(key, nonce, generation, render, now);
  return rendered.entry ? answerFrom(rendered.entry, nonce, "miss") : rendered.passThrough!;
}

let backgroundRenders = 0;

/**
 * Renders the page once (requests meanwhile wait for this rendering) and keeps it if it is a 200
 * HTML answer that sets no cookie; anything else is handed back to be passed through, and an older
 * copy of the page is dropped.
 */
async function renderInto(
  key: string,
  nonce: string,
  generation: number,
  render: (nonce: string) => Promise<Response>,
  now: () => number,
): Promise<{
  entry: Entry | null;
  passThrough?: { status: number; headers: [string, string][]; body: string };
}> {
  let passThrough: { status: number; headers: [string, string][]; body: string } | undefined;
  const job = (async (): Promise<Entry | null> => {
    const response = await render(nonce);
    const body = await response.text();
    // Caching headers are set per answer; lengths and encodings are the server's business.
    const headers = [...response.headers.entries()].filter(([name]) => !PER_ANSWER_HEADERS.has(name));
    const html = response.headers.get("content-type")?.startsWith("text/html");
    if (response.status !== 200 || !html || response.headers.has("set-cookie")) {
      passThrough = { status: response.status, headers, body };
      pages.delete(key);
      return null;
    }
    const storedAt = now();
    const entry = { headers, body, nonce, generation, storedAt, day: shanghaiDay(storedAt) };
    pages.set(key, entry);
    return entry;
  })();
  rendering.set(key, job);
  try {
    return { entry: await job, passThrough };
  } finally {
    if (rendering.get(key) === job) rendering.delete(key);
  }
}

/** Forget every cached page of this process (tests). */
export function clearPageCache(): void {
  pages.clear();
}
