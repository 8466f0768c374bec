// Pages hydrate without a React error (#418/#423/#425: server and client rendered different text)
// or any other console error, also with the browser in another time zone than the server's.
import { expect, test, type Page } from "@playwright/test";
import { PRODUCTS, SUPPLIERS } from "../../db/fixtures/catalog";
import {
  addToCartFromProductPage,
  customer,
  fillCheckout,
  logIn,
  waitForHydration,
  watchErrors,
} from "./fixtures";

async function settle(page: Page, path: string) {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
}

for (const timezoneId of ["Asia/Shanghai", "America/Los_Angeles"]) {
  test.describe(`browser in ${timezoneId}`, () => {
    test.use({ timezoneId });

    test("the officials' dashboard hydrates without errors", async ({ page }) => {
      await logIn(page, "districtOfficial");
      const errors = watchErrors(page);
      await settle(page, "/official");
      await settle(page, "/official?period=year");
      expect(errors).toEqual([]);
    });

    test("a supplier's order page and packing list hydrate without errors", async ({ page }) => {
      test.setTimeout(90_000);
      // An order of the demo supplier's (SUPPLIERS[0]) product, paid, so its pages exist.
      const product = PRODUCTS.find((p) => p.supplierSlug === SUPPLIERS[0].slug && p.variants[0].stock >= 5)!;
      await logIn(page, "customer");
      await addToCartFromProductPage(page, product.slug, 1);
      await page.goto("/checkout");
      await fillCheckout(page, customer.mobile);
      await page.getByRole("button", { name: "提交订单" }).click();
      await page.getByRole("button", { name: "确认支付" }).click();
      await expect(page.getByTestId("order-status")).toHaveText("已支付");
      const orderNumber = page.url().split("/").pop()!;
      await page.context().clearCookies();

      await logIn(page, "supplierStaff");
      const errors = watchErrors(page);
      await settle(page, "/supplier/orders?status=paid");
      const href = (await page.getByRole("link", { name: orderNumber }).getAttribute("href"))!;
      await settle(page, href);
      await settle(page, `${href}/packing-list`);
      await expect(page.getByTestId("packing-order-number")).toHaveText(orderNumber);
      await settle(page, "/supplier/reports");
      expect(errors).toEqual([]);
    });
  });
}

// Charts take their box's width: none is wider than the figure that holds it, on a phone or a desktop.
for (const width of [390, 1280]) {
  test(`charts fit their boxes at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 844 });
    await logIn(page, "districtOfficial");
    await settle(page, "/official");
    const charts = page.locator("figure svg.chart");
    expect(await charts.count()).toBeGreaterThan(0);
    const overflows = await charts.evaluateAll((svgs) =>
      svgs
        .map((svg) => ({
          svg: svg.getBoundingClientRect().width,
          box: svg.closest("figure")!.getBoundingClientRect().width,
        }))
        .filter((c) => c.svg > c.box || c.svg < 100),
    );
    expect(overflows).toEqual([]);
  });
}

// Decision 156: the first paint does not wait for the hydration scripts, nor share a slow line with
// them — no modulepreload link, and no script is requested before the browser's first rendering
// step (its first animation frame, which waits for the stylesheet) — and the page still hydrates.
for (const path of ["/", "/products", `/products/${PRODUCTS[0].slug}`]) {
  test(`${path} paints before it fetches its scripts, then hydrates`, async ({ page }) => {
    const errors = watchErrors(page);
    const html = await (await page.request.get(path)).text();
    expect(html).not.toContain("modulepreload");
    await page.addInitScript(() => {
      requestAnimationFrame(() => ((window as { firstFrame?: number }).firstFrame = performance.now()));
    });
    await page.goto(path);
    await waitForHydration(page);
    const { firstFrame, stylesheetLoaded, scripts, entry } = await page.evaluate(() => {
      const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
      const pathOf = (entry: PerformanceEntry) => new URL(entry.name).pathname;
      return {
        firstFrame: (window as { firstFrame?: number }).firstFrame ?? null,
        stylesheetLoaded: resources.find((entry) => pathOf(entry).endsWith(".css"))?.responseEnd ?? null,
        scripts: resources
          .filter((entry) => /^\/build\/.+\.js$/.test(pathOf(entry)))
          .map((entry) => ({ path: pathOf(entry), startTime: entry.startTime })),
        // The entry is fetched beside the route modules, then imported last from the HTTP cache.
        entry: resources
          .filter((entry) => pathOf(entry).startsWith("/build/entry.client-"))
          .map((entry) => ({ by: entry.initiatorType, bytes: entry.transferSize })),
      };
    });
    expect(firstFrame).not.toBeNull();
    expect(stylesheetLoaded).not.toBeNull();
    expect(scripts.length).toBeGreaterThan(2);
    const early = scripts.filter((s) => s.startTime < firstFrame! || s.startTime < stylesheetLoaded!);
    expect(early).toEqual([]);
    expect(entry.map((e) => e.by).sort()).toEqual(["fetch", "script"]);
    expect(entry.filter((e) => e.bytes > 0)).toHaveLength(1);
    expect(errors).toEqual([]);
  });
}
