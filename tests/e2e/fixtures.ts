// Shared e2e helpers: the demo data the journeys rely on, taken from the same fixtures as the seed.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/fixtures/accounts";
import { PRODUCTS, SUPPLIERS } from "../../db/fixtures/catalog";

/** Two certified products of different suppliers whose first variant has plenty of stock. */
export function twoProductsOfTwoSuppliers() {
  const inStock = PRODUCTS.filter((p) => p.certified && p.variants[0].stock >= 20);
  const first = inStock[0];
  const second = inStock.find((p) => p.supplierSlug !== first.supplierSlug)!;
  return [first, second] as const;
}

export function supplierName(slug: string) {
  return SUPPLIERS.find((s) => s.slug === slug)!.name;
}

export const customer = DEMO_ACCOUNTS.find((a) => a.key === "customer")!;
export { DEMO_PASSWORD };

/** Adds `quantity` of a product's first variant to the cart from its product page. */
export async function addToCartFromProductPage(page: Page, slug: string, quantity = 1) {
  const product = PRODUCTS.find((p) => p.slug === slug)!;
  await page.goto(`/products/${slug}`);
  await page
    .getByRole("radio", { name: new RegExp(product.variants[0].spec.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) })
    .check();
  await page.getByLabel("数量").fill(String(quantity));
  await page.getByRole("button", { name: /加入购物车/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "已加入购物车" })).toBeVisible();
}

export async function fillCheckout(page: Page, mobile = "13912345678") {
  await page.getByLabel("收货人").fill("王小雨");
  await page.getByLabel("手机号").fill(mobile);
  await pickRegion(page, "河南省", "三门峡市", "湖滨区");
  await page.getByLabel("详细地址").fill("黄河路 100 号 3 单元");
}

/**
 * Picks 省/市/区县 in the address picker: with JavaScript the next select fills in place; without
 * it, the visible 选择 button posts the form and the page comes back with the next level's list.
 */
export async function pickRegion(page: Page, province: string, city: string, district: string) {
  const choose = page.getByRole("button", { name: "选择", exact: true });
  // Remix's inline context script ran: JavaScript is on. Wait for hydration (the picker hides 选择),
  // so the selects' change handlers are live before choosing.
  const scripts = await page.evaluate(() => "__remixContext" in window).catch(() => false);
  if (scripts) await expect(choose).toBeHidden();
  await page.getByLabel("省", { exact: true }).selectOption(province);
  if (!scripts) await choose.click();
  await page.getByLabel("市", { exact: true }).selectOption(city);
  if (!scripts) await choose.click();
  await page.getByLabel("区县").selectOption(district);
}

// ── Helpers shared by the portal journeys ──

/** Signs a demo account in on this page (password login). */
export async function logIn(page: Page, key: string) {
  const account = DEMO_ACCOUNTS.find((a) => a.key === key)!;
  await page.goto("/login");
  await page.getByLabel("手机号或邮箱").fill(account.mobile);
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  // The password hash takes seconds on a loaded machine (two sweeps at load ~30 took over 5 s).
  await expect(page).not.toHaveURL(/\/login/, { timeout: 20_000 });
}

const cny = new Intl.NumberFormat("zh-CN", { style: "currency", currency: "CNY" });
/** Fen as the pages print it (formatFen): "¥1,234.56". */
export const yuan = (fen: number) => cny.format(fen / 100);

/** "¥1,234.56" → 123456 fen, without floating point. */
export function fenOf(text: string): number {
  const m = /(-?)([\d,]+)\.(\d{2})/.exec(text.replace(/\s/g, ""));
  if (!m) throw new Error(`no amount in ${text}`);
  return (m[1] ? -1 : 1) * (Number(m[2].replace(/,/g, "")) * 100 + Number(m[3]));
}

/** This year's totals on the signed-in supplier's report page, in fen. */
export async function supplierReportTotals(page: Page) {
  await page.goto("/supplier/reports");
  return {
    sales: fenOf(await page.getByTestId("report-total-sales").innerText()),
    attributed: fenOf(await page.getByTestId("report-total-attributed").innerText()),
  };
}

/** Adds `quantity` of the variant named `spec` from the product page at `path` (any product, not only seeded ones). */
export async function addVariantToCart(page: Page, path: string, spec: string, quantity = 1) {
  await page.goto(path);
  await page.getByRole("radio", { name: new RegExp(spec.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) }).check();
  await page.getByLabel("数量").fill(String(quantity));
  await page.getByRole("button", { name: /加入购物车/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "已加入购物车" })).toBeVisible();
}

/**
 * Takes a product a journey created off sale again from its supplier page (the 下架 button), so
 * the specs that count the seeded catalogue (storefront, sitemap) find it as seeded: all specs
 * and both device projects share one server and database.
 */
export async function withdrawProduct(page: Page, supplierProductPath: string) {
  await page.goto(supplierProductPath);
  await page.getByRole("button", { name: "下架", exact: true }).press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "商品已下架" })).toBeVisible();
}

// ── Shared by the whole-site sweeps (bytes.spec, sweep.spec) ──

/** The demo roles the sweeps sign in as: a visitor, then one account of every kind of user. */
export const SWEEP_ROLES = [
  "anonymous",
  "customer",
  "supplierStaff",
  "townOfficial",
  "districtOfficial",
  "buyerAdmin",
  "admin",
] as const;
export type SweepRole = (typeof SWEEP_ROLES)[number];

/** Links that change the session or the language: never fetched by a sweep. */
export const SESSION_LINK = /^\/(logout|lang)(\/|$|\?)/;

export type RouteFile = {
  file: string;
  /** Remix's route id ("routes/supplier.orders.$partId.packing-list"): `?_data=<id>` runs its loader alone. */
  id: string;
  /** "/supplier/orders/$partId/packing-list" */
  url: string;
  /** Matches a concrete path of this route ($params as one segment, a splat as the rest). */
  pattern: RegExp;
  hasParams: boolean;
  /** Has a default export: a page, not a resource route. */
  isPage: boolean;
  hasLoader: boolean;
  /** Renders an <Outlet />: a layout (the portal frame) around the pages below its URL. */
  isLayout: boolean;
};

/** Every route file of app/routes with its URL (Remix flat routes), read so that none is forgotten. */
export function routeFiles(): RouteFile[] {
  const dir = path.resolve(import.meta.dirname, "../../app/routes");
  const out: RouteFile[] = [];
  for (const file of readdirSync(dir)) {
    if (!/\.(ts|tsx)$/.test(file) || /\.test\.tsx?$/.test(file)) continue;
    const segments = file
      .replace(/\.(tsx|ts)$/, "")
      .replace(/\[\.\]/g, "\u0000")
      .split(".")
      .filter((seg) => seg !== "_index")
      // eslint-disable-next-line no-control-regex -- NUL stands in for a dot inside a route segment
      .map((seg) => seg.replace(/\u0000/g, ".").replace(/_$/, ""));
    const url = `/${segments.join("/")}`.replace(/\/$/, "") || "/";
    const pattern = new RegExp(
      `^${segments
        .map((s) =>
          s === "$" ? "/.+" : s.startsWith("$") ? "/[^/]+" : `/${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`,
        )
        .join("")}$`.replace(/^\^\$$/, "^/$"),
    );
    const source = readFileSync(path.join(dir, file), "utf8");
    const isPage = /export default function/.test(source);
    const hasLoader = /export (async function|function|const) loader\b/.test(source);
    const id = `routes/${file.replace(/\.(tsx|ts)$/, "")}`;
    const isLayout = /<Outlet\b/.test(source);
    out.push({ file, id, url, pattern, hasParams: url.includes("$"), isPage, hasLoader, isLayout });
  }
  return out;
}

/** The URL of each route file without parameters; with parameters, a seeded example where one is known. */
export function routeUrls(files = routeFiles()): string[] {
  const urls: string[] = [];
  for (const { url } of files) {
    if (url === "/products/$slug") urls.push(`/products/${PRODUCTS[0].slug}`);
    else if (url === "/suppliers/$slug") urls.push(`/suppliers/${SUPPLIERS[0].slug}`);
    else if (!url.includes("$")) urls.push(url); // the others are reached through links
  }
  return urls;
}

/**
 * Waits until the page has hydrated (root.tsx sets data-hydrated). Pages hydrate after their first
 * paint (decision 156): a click before that takes the no-JavaScript path, so a test of what the
 * scripts do waits for this first.
 */
export async function waitForHydration(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}

/** Collects console errors, page errors and React hydration warnings of a page. */
export function watchErrors(page: Page) {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || /hydrat|did not match/i.test(message.text()))
      errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}
