import { eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db, schema as s, seedDatabase } from "./db.server";
import {
  anonymousPageKey,
  clearPageCache,
  PAGE_FRESH_SECONDS,
  PAGE_STALE_SECONDS,
  serveAnonymousPage,
} from "./page-cache.server";

const page = (nonce: string, extra: Record<string, string> = {}, status = 200) =>
  new Response(`<html><script nonce="${nonce}">1</script><p>价格 ${Math.random()}</p></html>`, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": `script-src 'nonce-${nonce}'`,
      ...extra,
    },
  });

/** A renderer that counts its calls and draws a new page each time. */
function counting() {
  const calls = { n: 0 };
  const render = async (nonce: string) => {
    calls.n++;
    await new Promise((r) => setTimeout(r, 20));
    return page(nonce);
  };
  return { calls, render };
}

/** Lets a background rendering (a 20 ms renderer) finish, with room for a loaded machine. */
const settle = () => new Promise((r) => setTimeout(r, 250));

const generation = async () =>
  (await db.select().from(s.pageCacheGeneration).where(eq(s.pageCacheGeneration.id, 1)))[0].generation;

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 50 });
});
beforeEach(() => clearPageCache());

describe("which requests share a cached page", () => {
  it("only GETs of the storefront's public pages, without any cookie but the language", () => {
    const key = (url: string, cookie?: string, method = "GET") => anonymousPageKey({ method, url, cookie });
    for (const url of [
      "/",
      "/products",
      "/products?q=香菇&page=2",
      "/products/walnut-1",
      "/suppliers/x",
      "/notices",
    ]) {
      expect(key(url), url).not.toBeNull();
    }
    for (const url of [
      "/cart",
      "/checkout",
      "/account",
      "/official",
      "/supplier",
      "/products/x/y",
      "/login",
    ]) {
      expect(key(url), url).toBeNull();
    }
    expect(key("/products?_data=routes%2Fproducts._index")).toBeNull();
    expect(key("/", undefined, "POST")).toBeNull();
    expect(key("/", "__session=abc")).toBeNull();
    expect(key("/", "lang=en; __session=abc")).toBeNull();
    expect(key("/", "lang=en")).not.toEqual(key("/"));
    expect(key("/", "lang=en")).toEqual(key("/", " lang=en "));
  });
});

describe("serving from the cache", () => {
  it("renders once, then answers each request with its own nonce, in the body and in the CSP", async () => {
    const { calls, render } = counting();
    const first = await serveAnonymousPage("k", "nonceAAA", render);
    const second = await serveAnonymousPage("k", "nonceBBB", render);
    expect(calls.n).toBe(1);
    expect([first.cache, second.cache]).toEqual(["miss", "hit"]);
    expect(second.body).toContain('nonce="nonceBBB"');
    expect(second.body).not.toContain("nonceAAA");
    expect(second.body.replaceAll("nonceBBB", "nonceAAA")).toBe(first.body);
    const headers = new Map(second.headers);
    expect(headers.get("content-security-policy")).toContain("'nonce-nonceBBB'");
    expect(headers.get("cache-control")).toMatch(/^public, .*s-maxage=\d+, stale-while-revalidate=\d+/);
  });

  it("renders a page once for many simultaneous first requests", async () => {
    const { calls, render } = counting();
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => serveAnonymousPage("k", `nonce${i}xyz`, render)),
    );
    expect(calls.n).toBe(1);
    answers.forEach((answer, i) => expect(answer.body).toContain(`nonce="nonce${i}xyz"`));
  });

  it("after the short interval, serves the page stale while one background rendering replaces it", async () => {
    const { calls, render } = counting();
    let clock = Date.UTC(2026, 11, 3, 4); // noon in Shanghai
    const first = await serveAnonymousPage("k", "n1aaaa", render, () => clock);
    clock += PAGE_FRESH_SECONDS * 1000 - 1;
    expect((await serveAnonymousPage("k", "n2aaaa", render, () => clock)).cache).toBe("hit");
    expect(calls.n).toBe(1);
    clock += 2;
    const stale = await Promise.all(
      ["n3aaaa", "n4aaaa", "n5aaaa"].map((n) => serveAnonymousPage("k", n, render, () => clock)),
    );
    expect(stale.map((a) => a.cache)).toEqual(["stale", "stale", "stale"]);
    expect(stale[0].body.replaceAll("n3aaaa", "n1aaaa")).toBe(first.body); // the old page, own nonce
    expect(calls.n).toBe(2); // one rendering for the three
    await settle(); // the background rendering ends
    const next = await serveAnonymousPage("k", "n6aaaa", render, () => clock);
    expect(next.cache).toBe("hit");
    expect(next.body.replaceAll("n6aaaa", "n1aaaa")).not.toBe(first.body); // the new page
    expect(calls.n).toBe(2);
  });

  it("renders in the foreground once the stale window has passed too", async () => {
    const { calls, render } = counting();
    let clock = Date.UTC(2026, 11, 3, 4);
    await serveAnonymousPage("k", "n1aaaa", render, () => clock);
    clock += (PAGE_FRESH_SECONDS + PAGE_STALE_SECONDS) * 1000;
    expect((await serveAnonymousPage("k", "n2aaaa", render, () => clock)).cache).toBe("miss");
    expect(calls.n).toBe(2);
  });

  it("never serves a page rendered on the day before in Shanghai (certificates end at midnight)", async () => {
    const { calls, render } = counting();
    let clock = Date.UTC(2026, 11, 3, 16) - 2_000; // 23:59:58 in Shanghai
    await serveAnonymousPage("k", "n1aaaa", render, () => clock);
    clock += 3_000; // 00:00:01 the next day: within the fresh interval, yet another day
    expect((await serveAnonymousPage("k", "n2aaaa", render, () => clock)).cache).toBe("miss");
    expect(calls.n).toBe(2);
  });

  it("refreshes one page at a time in the background; the others stay stale meanwhile", async () => {
    const { calls, render } = counting();
    let clock = Date.UTC(2026, 11, 3, 4);
    await serveAnonymousPage("a", "n1aaaa", render, () => clock);
    await serveAnonymousPage("b", "n2aaaa", render, () => clock);
    clock += PAGE_FRESH_SECONDS * 1000 + 1;
    expect((await serveAnonymousPage("a", "n3aaaa", render, () => clock)).cache).toBe("stale");
    expect((await serveAnonymousPage("b", "n4aaaa", render, () => clock)).cache).toBe("stale");
    expect(calls.n).toBe(3); // a's refresh only
    await settle();
    expect((await serveAnonymousPage("b", "n5aaaa", render, () => clock)).cache).toBe("stale");
    expect(calls.n).toBe(4); // now b's
  });

  it("keeps no answer that is not a plain 200 page or that sets a cookie", async () => {
    for (const answer of [
      (n: string) => page(n, {}, 404),
      (n: string) => page(n, { "set-cookie": "__session=x" }),
      () => new Response("{}", { headers: { "content-type": "application/json" } }),
    ]) {
      clearPageCache();
      let n = 0;
      const render = async (nonce: string) => (n++, answer(nonce));
      await serveAnonymousPage("k", "n1aaaa", render);
      const again = await serveAnonymousPage("k", "n2aaaa", render);
      expect(n).toBe(2);
      expect(again.cache).toBeUndefined();
    }
  });
});

describe("invalidation by what the storefront shows", () => {
  const variant = async () =>
    (
      await db
        .select()
        .from(s.productVariants)
        .where(sql`stock > 2`)
        .limit(1)
    )[0];

  it("drops cached pages when a price changes, at once and for every process (the database says so)", async () => {
    const { calls, render } = counting();
    await serveAnonymousPage("k", "n1aaaa", render);
    const v = await variant();
    await db
      .update(s.productVariants)
      .set({ priceFen: v.priceFen + 100 })
      .where(eq(s.productVariants.id, v.id));
    expect((await serveAnonymousPage("k", "n2aaaa", render)).cache).toBe("miss");
    expect(calls.n).toBe(2);
  });

  it("serves no stale page once the generation moved: renders in the foreground", async () => {
    const { calls, render } = counting();
    let clock = Date.now();
    await serveAnonymousPage("k", "n1aaaa", render, () => clock);
    const v = await variant();
    await db
      .update(s.productVariants)
      .set({ priceFen: v.priceFen + 7 })
      .where(eq(s.productVariants.id, v.id));
    clock += PAGE_FRESH_SECONDS * 1000 + 1;
    expect((await serveAnonymousPage("k", "n2aaaa", render, () => clock)).cache).toBe("miss");
    expect(calls.n).toBe(2);
  });

  it("moves the generation for stock reaching or leaving zero, not for every sale", async () => {
    const v = await variant();
    const [p] = await db.select().from(s.products).where(eq(s.products.id, v.productId));
    const before = await generation();
    await db
      .update(s.productVariants)
      .set({ stock: v.stock - 1 })
      .where(eq(s.productVariants.id, v.id));
    await db
      .update(s.products)
      .set({ salesCount: p.salesCount + 1 })
      .where(eq(s.products.id, p.id));
    expect(await generation()).toBe(before);
    await db.update(s.productVariants).set({ stock: 0 }).where(eq(s.productVariants.id, v.id));
    expect(await generation()).toBe(before + 1);
    await db.update(s.productVariants).set({ stock: 7 }).where(eq(s.productVariants.id, v.id));
    expect(await generation()).toBe(before + 2);
  });

  it("moves it for a product withdrawn, a supplier changed and a certification changed; not for a no-op", async () => {
    const [p] = await db.select().from(s.products).limit(1);
    const [cert] = await db.select().from(s.certifications).limit(1);
    let last = await generation();
    const moved = async () => {
      const now = await generation();
      const changed = now !== last;
      last = now;
      return changed;
    };
    await db.update(s.products).set({ status: "withdrawn" }).where(eq(s.products.id, p.id));
    expect(await moved()).toBe(true);
    await db.update(s.suppliers).set({ story: "新的故事" }).where(eq(s.suppliers.id, p.supplierId));
    expect(await moved()).toBe(true);
    await db.update(s.certifications).set({ status: cert.status }).where(eq(s.certifications.id, cert.id));
    expect(await moved()).toBe(false);
    await db
      .update(s.certifications)
      .set({ validUntil: "2099-12-31" })
      .where(eq(s.certifications.id, cert.id));
    expect(await moved()).toBe(true);
  });

  it("keeps the page rendered before a change from being served after it", async () => {
    const v = await variant();
    let n = 0;
    // The change commits while the page is being rendered: the page was read at the old generation.
    const render = async (nonce: string) => {
      n++;
      await db
        .update(s.productVariants)
        .set({ priceFen: v.priceFen + n })
        .where(eq(s.productVariants.id, v.id));
      return page(nonce);
    };
    await serveAnonymousPage("k", "n1aaaa", render);
    expect((await serveAnonymousPage("k", "n2aaaa", async (nonce) => (n++, page(nonce)))).cache).toBe("miss");
  });
});
