// Accessibility (axe: no serious or critical violation) and screenshots of the main pages at
// 390 px and 1280 px, saved under test-results/screenshots for people to look at.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { addToCartFromProductPage, logIn, twoProductsOfTwoSuppliers } from "./fixtures";

const [product] = twoProductsOfTwoSuppliers();

async function checkPage(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  // Lesser findings are kept on the report for people to look at, without failing the run.
  for (const v of results.violations.filter((v) => !serious.includes(v))) {
    test.info().annotations.push({
      type: `axe ${v.impact}`,
      description: `${name}: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
    });
  }
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
    name,
  ).toEqual([]);
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `test-results/screenshots/${name}-${width}.png`, fullPage: true });
  }
}

test("home, catalog, product, supplier, cart and checkout pass axe", async ({ page }) => {
  // Seven pages, each checked and photographed at two widths: half a minute on an idle machine.
  test.setTimeout(90_000);
  await page.goto("/");
  await checkPage(page, "home");
  await page.goto("/products?q=xg");
  await checkPage(page, "catalog");
  await page.goto(`/products/${product.slug}`);
  await expect(page).toHaveTitle(new RegExp(product.name));
  await checkPage(page, "product");
  await page.goto(`/suppliers/${product.supplierSlug}`);
  await checkPage(page, "supplier");
  await addToCartFromProductPage(page, product.slug, 2);
  await page.goto("/cart");
  await checkPage(page, "cart");
  await page.goto("/checkout");
  await checkPage(page, "checkout");
  await page.goto("/login");
  await checkPage(page, "login");
});

// The portals' main pages, signed in as their users. Besides axe, nothing may be wider than a
// 390 px phone (a table scrolls inside its own box, never the page).
async function checkPortalPage(page: Page, path: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  const name = `portal${path.replace(/\//g, "-")}`;
  await checkPage(page, name);
  await page.setViewportSize({ width: 390, height: 900 });
  const overflow = await page.evaluate(() => {
    // The innermost elements sticking out on the right, named for the failure message.
    const clipped = (e: Element) => {
      for (let a = e.parentElement; a && a !== document.body; a = a.parentElement)
        if (getComputedStyle(a).overflowX !== "visible") return true;
      return false;
    };
    const wide = [...document.body.querySelectorAll("*")].filter(
      (e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !clipped(e),
    );
    const innermost = wide.filter((e) => !wide.some((o) => o !== e && e.contains(o)));
    return {
      px: document.documentElement.scrollWidth - window.innerWidth,
      culprits: innermost.slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
    };
  });
  expect(
    overflow.px,
    `${path} is ${overflow.px} px wider than a 390 px phone: ${overflow.culprits.join(" | ")}`,
  ).toBeLessThanOrEqual(0);
}

test("notices and the supplier, official and buyer portals pass axe and fit a phone", async ({ page }) => {
  test.setTimeout(120_000);
  await checkPortalPage(page, "/notices");
  await logIn(page, "supplierStaff");
  for (const path of [
    "/supplier",
    "/supplier/products",
    "/supplier/products/new",
    "/supplier/orders",
    "/supplier/reports",
  ])
    await checkPortalPage(page, path);
  await page.context().clearCookies();
  await logIn(page, "districtOfficial");
  for (const path of ["/official", "/official/certifications", "/official/audit"])
    await checkPortalPage(page, path);
  await page.context().clearCookies();
  await logIn(page, "buyerAdmin");
  await checkPortalPage(page, "/buyer");
});
