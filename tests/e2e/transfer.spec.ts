// What travels: documents and assets compressed (brotli, or gzip for clients without it), the
// fingerprinted /build assets cached for a year as immutable.
import { expect, test } from "@playwright/test";
import { PRODUCTS } from "../../db/fixtures/catalog";

const PAGES = ["/", "/products", `/products/${PRODUCTS[0].slug}`];

for (const encoding of ["br", "gzip"]) {
  test(`pages and their JS and CSS are sent ${encoding}-compressed; assets are immutable`, async ({
    request,
  }) => {
    for (const path of PAGES) {
      const page = await request.get(path, { headers: { "accept-encoding": encoding } });
      expect(page.status(), path).toBe(200);
      expect(page.headers()["content-encoding"], path).toBe(encoding);
      const html = await page.text();
      expect(html, path).toContain("</html>");
      const assets = [
        // The stylesheet's href, and the scripts the inline module imports after the first paint.
        ...new Set([...html.matchAll(/"(\/build\/[^"]+\.(?:js|css))"/g)].map((m) => m[1])),
      ];
      expect(assets.some((a) => a.endsWith(".css")) && assets.some((a) => a.endsWith(".js")), path).toBe(
        true,
      );
      for (const asset of assets) {
        const response = await request.get(asset, { headers: { "accept-encoding": encoding } });
        expect(response.status(), asset).toBe(200);
        // Below 1 KB compression is not worth its header (the package's threshold).
        if ((await response.body()).length >= 1024)
          expect(response.headers()["content-encoding"], asset).toBe(encoding);
        expect(response.headers()["cache-control"], asset).toBe("public, max-age=31536000, immutable");
      }
    }
  });
}

test("a client that accepts no encoding gets the plain bytes", async ({ request }) => {
  const page = await request.get("/", { headers: { "accept-encoding": "identity" } });
  expect(page.headers()["content-encoding"]).toBeUndefined();
  expect(await page.text()).toContain("</html>");
});
