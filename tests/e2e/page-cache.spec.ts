// The anonymous page cache seen from outside (app/lib/page-cache.server.ts): a cached storefront
// page still gets a fresh CSP nonce per answer and still runs its scripts; a visitor with a cart or
// a session never gets, nor feeds, a shared page.
import { expect, request as newRequest, test } from "@playwright/test";
import { addToCartFromProductPage, logIn, twoProductsOfTwoSuppliers } from "./fixtures";

const nonceOf = (html: string) => /<script nonce="([^"]+)"/.exec(html)?.[1];

test("an anonymous product page is served from the cache with its own nonce each time", async ({
  request,
}) => {
  const [product] = twoProductsOfTwoSuppliers();
  const url = `/products/${product.slug}`;
  await request.get(url);
  const answers = [await request.get(url), await request.get(url)];
  const nonces = [];
  for (const answer of answers) {
    expect(answer.status()).toBe(200);
    expect(answer.headers()["x-page-cache"]).toBe("hit");
    expect(answer.headers()["cache-control"]).toMatch(/public, .*s-maxage=\d+, stale-while-revalidate=\d+/);
    const body = await answer.text();
    const nonce = nonceOf(body);
    expect(nonce).toBeTruthy();
    expect(answer.headers()["content-security-policy"]).toContain(`'nonce-${nonce}'`);
    expect(body).toContain(product.name);
    nonces.push(nonce);
  }
  expect(nonces[0]).not.toBe(nonces[1]);
});

test("a cached page hydrates: its scripts run under the answer's CSP", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto("/products");
  await page.goto("/products");
  await expect.poll(() => page.evaluate(() => "__remixRouter" in window)).toBe(true);
  expect(errors).toEqual([]);
});

test("a guest with a cart and a signed-in shopper get their own pages, and anonymous pages show neither", async ({
  page,
  browser,
  baseURL,
}) => {
  const [product] = twoProductsOfTwoSuppliers();
  await addToCartFromProductPage(page, product.slug, 3);
  const guestHome = await page.request.get("/");
  expect(guestHome.headers()["x-page-cache"]).toBeUndefined();
  expect(guestHome.headers()["cache-control"] ?? "").not.toContain("public");

  // Signed in from a browser of its own: signing in here would merge the guest's cart into the
  // shared demo shopper's cart, and later journeys would check out these items too.
  const shopperContext = await browser.newContext();
  const shopper = await shopperContext.newPage();
  await logIn(shopper, "customer");
  const own = await shopper.request.get("/");
  expect(own.headers()["x-page-cache"]).toBeUndefined();
  expect(await own.text()).toContain('href="/account"');
  await shopperContext.close();

  const anonymous = await newRequest.newContext({ baseURL });
  const shared = await anonymous.get("/");
  expect(shared.headers()["x-page-cache"]).toMatch(/hit|miss/);
  const html = await shared.text();
  expect(html).toContain('href="/login"');
  expect(html).not.toContain('href="/account"'); // nobody's signed-in header
  expect(html).not.toContain('"signedIn":true');
  expect(html).not.toMatch(/rounded-full bg-brand-600 px-1\.5 text-xs text-white">\d/); // no cart badge
  await anonymous.dispose();
});
