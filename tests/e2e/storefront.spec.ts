import { expect, test, type Page } from "@playwright/test";
import { PRODUCTS, SUPPLIERS } from "../../db/fixtures/catalog";
import { TOWNS } from "../../db/fixtures/regions";
import { waitForHydration } from "./fixtures";

const certifiedProduct = PRODUCTS.find((p) => p.certified && p.variants.some((v) => v.stock > 0))!;

test("the home page leads to products by featured cards and by origin, without listing every product", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("消费帮扶");
  await expect(page.getByRole("heading", { name: "精选帮扶产品" })).toBeVisible();
  // The cards of the featured and seasonal rows and the 8 of the 帮扶最需要的农户 shelf, no more
  // (the sitemap lists every product).
  expect(await page.locator('main a[href^="/products/"]').count()).toBeLessThanOrEqual(24);
  const byOrigin = page.getByRole("region", { name: "按产地逛" });
  await byOrigin.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/products\?town=\d+/);

  await page.goto("/");
  await page.getByRole("region", { name: "精选帮扶产品" }).locator('a[href^="/products/"]').first().click();
  await expect(page).toHaveURL(/\/products\/[a-z0-9-]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

  await page.goto(`/products/${certifiedProduct.slug}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(certifiedProduct.name);
  await expect(page.getByText(/认定证书编号: SMX-XFBF-2026-\d{4}/)).toBeVisible();
  await expect(page.getByText(certifiedProduct.variants[0].spec, { exact: true })).toBeVisible();
});

test("an unknown product is a real 404 page", async ({ page }) => {
  const response = await page.goto("/products/no-such-product");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "页面不存在" })).toBeVisible();
  await page.getByRole("link", { name: "返回首页" }).click();
  await expect(page).toHaveURL("/");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the language switch works and is remembered", async ({ page }) => {
    await page.goto(`/products/${certifiedProduct.slug}`);
    await page.getByRole("button", { name: "English" }).click();
    await expect(page).toHaveURL(`/products/${certifiedProduct.slug}`);
    await expect(page.getByText("Certified assistance product")).toBeVisible();
    // Issue 17: the seeded content in English (no Chinese in the name, tagline, description,
    // supplier or place), and a gallery of distinct pictures, different from a sibling product's.
    const han = /\p{Script=Han}/u;
    expect(await page.getByRole("heading", { level: 1 }).innerText()).not.toMatch(han);
    expect(await page.locator("#details-title + p").innerText()).not.toMatch(han);
    expect(await page.locator("main dl").first().innerText()).not.toMatch(han);
    const gallery = async (slug: string) => {
      await page.goto(`/products/${slug}`);
      const sources = await page
        .getByTestId("gallery-image")
        .evaluateAll((images) => images.map((image) => (image as HTMLImageElement).getAttribute("src")!));
      expect(new Set(sources).size, slug).toBeGreaterThanOrEqual(3);
      return Promise.all(sources.map(async (src) => (await page.request.get(src)).body()));
    };
    const [one, other] = PRODUCTS.filter((p) => p.categorySlug === "fungi-shiitake");
    const first = await gallery(one.slug);
    const second = await gallery(other.slug);
    expect(new Set(first.map((bytes) => bytes.toString("base64"))).size).toBe(first.length);
    expect(first[0].equals(second[0])).toBe(false);
    expect(first[0].subarray(8, 12).toString()).toBe("WEBP");
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Featured products" })).toBeVisible();
    await page.getByRole("button", { name: "中文" }).click();
    await expect(page.getByRole("heading", { name: "精选帮扶产品" })).toBeVisible();
  });
});

test("the health check answers", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok" });
});

// ─── the catalogue: search, filters, pages, supplier pages, SEO ─────────────────────────
const shiitake = PRODUCTS.filter((p) => p.name.includes("香菇"));
const supplierBySlug = new Map(SUPPLIERS.map((s) => [s.slug, s]));
const certifiedFungi = PRODUCTS.filter(
  (p) => p.categorySlug.startsWith("fungi") && p.certified && supplierBySlug.get(p.supplierSlug)!.certified,
);
const card = (page: Page, slug: string) => page.locator(`main a[href="/products/${slug}"]`);

/** The filters fold away on phones: open them when they are hidden. */
async function openFilters(page: Page) {
  if (!(await page.getByLabel("分类", { exact: true }).isVisible()))
    await page.getByText("筛选与排序").click();
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`catalogue with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("search in Chinese, full pinyin and initials finds the 香菇 products", async ({ page }) => {
      await page.goto("/products");
      await expect(page.getByText(`共 ${PRODUCTS.length} 件商品`)).toBeVisible();
      // With scripts, the form leaves empty fields out of the URL: wait until they run.
      if (javaScriptEnabled) await waitForHydration(page);
      for (const q of ["香菇", "xianggu", "xg"]) {
        await page.getByRole("searchbox", { name: "搜索商品" }).fill(q);
        await page.getByRole("button", { name: "搜索", exact: true }).click();
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(`搜索“${q}”`);
        expect(new URL(page.url()).searchParams.get("q")).toBe(q);
        if (javaScriptEnabled) expect(new URL(page.url()).search).toBe(`?q=${encodeURIComponent(q)}`); // no empty parameters
        await expect(page.getByText(new RegExp(`“${q}”共找到 \\d+ 件商品`))).toBeVisible();
        // Names that match come first: every 香菇 product is on the first page.
        for (const p of shiitake) await expect(card(page, p.slug)).toBeVisible();
      }
      // A village name finds what grows there.
      await page.getByRole("searchbox", { name: "搜索商品" }).fill("leijiagou");
      await page.getByRole("button", { name: "搜索", exact: true }).click();
      await expect(card(page, "leijiagou-dried-shiitake")).toBeVisible();
    });

    test("nothing found: says what was searched and suggests categories and products", async ({ page }) => {
      await page.goto("/products?q=" + encodeURIComponent("火星土豆"));
      await expect(page.getByText("没有找到与“火星土豆”相符的商品。")).toBeVisible();
      await page.getByRole("link", { name: "食用菌", exact: true }).click();
      await expect(page).toHaveURL(/\/products\?category=fungi$/);
      await expect(
        page.getByText(`共 ${PRODUCTS.filter((p) => p.categorySlug.startsWith("fungi")).length} 件商品`),
      ).toBeVisible();
    });

    test("filters by category and certification through the form, then pages on", async ({ page }) => {
      await page.goto("/products");
      await openFilters(page);
      await page.getByLabel("分类", { exact: true }).selectOption("fungi");
      await page.getByLabel("只看认定帮扶产品").check();
      await page.getByRole("button", { name: "应用筛选" }).click();
      await expect(page).toHaveURL(/category=fungi/);
      await expect(page).toHaveURL(/certified=1/);
      await expect(page.getByText(`共 ${certifiedFungi.length} 件商品`)).toBeVisible();
      await expect(page.getByRole("link", { name: /只看认定帮扶产品/ })).toBeVisible(); // a removable chip
      await expect(page.locator("main a[href^='/products/']")).toHaveCount(
        Math.min(certifiedFungi.length, 24),
      );

      // Every state is a shareable URL: price in yuan, sort, page.
      await page.goto("/products?sort=price_asc&maxPrice=30");
      // The cheapest first; products of one price follow 已售 (decision 090), so any of them may lead.
      const minPrice = (p: (typeof PRODUCTS)[number]) => Math.min(...p.variants.map((v) => v.priceFen));
      const lowest = Math.min(...PRODUCTS.map(minPrice));
      const cheapest = PRODUCTS.filter((p) => minPrice(p) === lowest).map((p) => `/products/${p.slug}`);
      await expect(page.locator("main a[href^='/products/']").first()).toBeVisible();
      expect(cheapest).toContain(
        await page.locator("main a[href^='/products/']").first().getAttribute("href"),
      );
      await page.goto("/products");
      const firstOnPage1 = await page.locator("main a[href^='/products/']").first().getAttribute("href");
      await page.getByRole("navigation", { name: "分页" }).getByRole("link", { name: "第 2 页" }).click();
      await expect(page).toHaveURL(/page=2/);
      await expect(page.getByText(`第 2 / ${Math.ceil(PRODUCTS.length / 24)} 页`).first()).toBeVisible();
      expect(await page.locator("main a[href^='/products/']").first().getAttribute("href")).not.toBe(
        firstOnPage1,
      );
    });

    test("bad filter values are explained and ignored, never a server error", async ({ page }) => {
      const response = await page.goto("/products?minPrice=abc&maxPrice=-5&page=zero&category=no-such");
      expect(response?.status()).toBe(200);
      const alert = page.getByRole("alert");
      await expect(alert).toContainText("最低价“abc”不是有效金额");
      await expect(alert).toContainText("最高价“-5”不是有效金额");
      await expect(alert).toContainText("页码“zero”无效");
      await expect(alert).toContainText("没有“no-such”这个分类");
      await expect(page.getByText(`共 ${PRODUCTS.length} 件商品`)).toBeVisible();
      await page.goto("/products?page=999");
      await expect(page.getByText(`第 999 页没有商品：符合条件的 ${PRODUCTS.length} 件商品`)).toBeVisible();
    });
  });
}

test("a product page leads to its supplier's page, which shows the story, certificate and products", async ({
  page,
}) => {
  const supplier = SUPPLIERS.find((s) => s.partyBranchLed && s.certified)!;
  const product = PRODUCTS.find((p) => p.supplierSlug === supplier.slug)!;
  await page.goto(`/products/${product.slug}`);
  await expect(page.getByRole("heading", { name: "您的购买带动谁增收" })).toBeVisible();
  await expect(page.getByText("带动农户")).toBeVisible();
  await expect(page.getByRole("radio").first()).toBeVisible();
  await expect(page.getByLabel("数量")).toHaveValue("1");
  await expect(page.getByRole("button", { name: /加入购物车/ })).toBeVisible();
  await page.getByRole("link", { name: "了解这家经营主体" }).click();
  await expect(page).toHaveURL(`/suppliers/${supplier.slug}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(supplier.name);
  await expect(page.getByText("村党组织领办").first()).toBeVisible();
  await expect(page.getByText(/认定证书编号: SMX-XFBF-2026-\d{4}/)).toBeVisible();
  await expect(page.getByText(supplier.story.slice(0, 20))).toBeVisible();
  const own = PRODUCTS.filter((p) => p.supplierSlug === supplier.slug);
  await expect(page.getByRole("heading", { name: `在售商品（${own.length}）` })).toBeVisible();
  for (const p of own) await expect(card(page, p.slug)).toBeVisible();

  const missing = await page.goto("/suppliers/no-such-supplier");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "页面不存在" })).toBeVisible();
});

test("pages describe themselves to search engines and link previews", async ({ page }) => {
  await page.goto(`/products/${certifiedProduct.slug}`);
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", certifiedProduct.name);
  await expect(page.locator('meta[name="description"]')).toHaveAttribute("content", /.{20,}/);
  await expect(page.locator('meta[property="og:image"]')).toHaveAttribute("content", /^http:\/\/.+\.webp$/);
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute(
    "href",
    new RegExp(`/products/${certifiedProduct.slug}$`),
  );
  await page.goto("/products");
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", "全部商品");
});

test("the sitemap lists every product and supplier; robots.txt points to it and keeps private pages out", async ({
  request,
  baseURL,
}) => {
  const sitemap = await request.get("/sitemap.xml");
  expect(sitemap.status()).toBe(200);
  expect(sitemap.headers()["content-type"]).toContain("application/xml");
  const xml = await sitemap.text();
  expect(xml).toContain(`<loc>${baseURL}/</loc>`);
  expect(xml).toContain(`<loc>${baseURL}/products</loc>`);
  for (const p of PRODUCTS) expect(xml).toContain(`<loc>${baseURL}/products/${p.slug}</loc>`);
  for (const s of SUPPLIERS) expect(xml).toContain(`<loc>${baseURL}/suppliers/${s.slug}</loc>`);
  expect(xml).toContain(`<loc>${baseURL}/terms</loc>`);
  expect(xml).toContain(`<loc>${baseURL}/privacy</loc>`);
  // Pavilions (issue 21): every town's, and the villages whose products are on sale.
  const towns = xml.match(/\/towns\/\d{12}<\/loc>/g) ?? [];
  const villages = xml.match(/\/villages\/\d{12}<\/loc>/g) ?? [];
  expect(towns).toHaveLength(TOWNS.length);
  expect(villages.length).toBeGreaterThan(0);
  expect(xml.match(/<url>/g)).toHaveLength(
    4 + PRODUCTS.length + SUPPLIERS.length + towns.length + villages.length,
  );

  const robots = await request.get("/robots.txt");
  expect(robots.status()).toBe(200);
  const text = await robots.text();
  expect(text).toMatch(/^User-agent: \*$/m);
  expect(text).toMatch(/^Allow: \/$/m);
  expect(text).toContain(`Sitemap: ${baseURL}/sitemap.xml`);
  for (const path of [
    "/account",
    "/cart",
    "/checkout",
    "/pay",
    "/orders",
    "/supplier",
    "/official",
    "/buyer",
  ]) {
    expect(text).toMatch(new RegExp(`^Disallow: ${path}$`, "m"));
  }
});
