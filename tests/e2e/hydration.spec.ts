// Pages hydrate without a React error (#418/#423/#425: server and client rendered different text)
// or any other console error, also with the browser in another time zone than the server's.
import { expect, test, type Page } from "@playwright/test";
import { PRODUCTS, SUPPLIERS } from "../../db/fixtures/catalog";
import { addToCartFromProductPage, customer, fillCheckout, logIn, watchErrors } from "./fixtures";

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
