// Every download link in the app, followed as a browser follows it: each role opens each page that
// offers downloads, every link on it (an <a download> or an href naming csv/xlsx/export) is fetched
// as a plain GET of its href with the page's cookies — the request a click or "save link as"
// makes, not a call of the loader — and the file is parsed back (CSV rows, XLSX cells). Issue 15
// item 2: a download served by a page route answered 500 here while loader-level tests passed.
import { expect, test, type Page } from "@playwright/test";
import ExcelJS from "exceljs";
import { parseCsv } from "../../app/lib/household-file";
import { logIn } from "./fixtures";

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Pages with download links, per role (the demo accounts of the README). */
const PAGES: Record<string, string[]> = {
  anonymous: ["/", "/products", "/notices"],
  customer: ["/account"],
  supplierStaff: ["/supplier/reports", "/supplier/products/stock", "/supplier/certifications"],
  buyerAdmin: ["/buyer"],
  // /official/statements: each village's household income statements in one PDF or XLSX.
  townOfficial: ["/official", "/official/certifications", "/official/statements", "/official/payouts"],
  districtOfficial: ["/official", "/official/certifications", "/official/statements", "/official/payouts"],
  admin: ["/official"],
};

/** The first header cell each known download must start with (others: CSV and XLSX twins agree). */
const FIRST_HEADER: [RegExp, RegExp][] = [
  [/\/supplier\/reports\/export\?.*table=months/, /^月份$/],
  [/\/supplier\/reports\/export\?.*table=products/, /^商品$/],
  [/\/supplier\/reports\/export\?.*table=beneficiaries/, /^联结对象$/],
  [/\/supplier\/products\/stock\.csv/, /^sku$/],
  [/\/buyer\/export\?/, /^\d{4} 年采购进度$/],
];

async function downloadLinks(page: Page): Promise<string[]> {
  const hrefs = await page.locator("a[href]").evaluateAll((anchors) =>
    anchors
      .filter(
        (a) =>
          a.hasAttribute("download") ||
          /\.(csv|xlsx)\b|[?&](format|export)=|\/export\b/i.test(a.getAttribute("href") ?? ""),
      )
      // The browser's own resolution of the href against the page (relative "?…" links too).
      .map((a) => (a as HTMLAnchorElement).href),
  );
  return [...new Set(hrefs)];
}

async function xlsxRows(body: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const rows: string[][] = [];
  sheet.eachRow((row) =>
    rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? "" : String(v)))),
  );
  return rows;
}

/** Fetches one link as a browser document request would and reads the file; returns its header row, or a failure. */
async function follow(page: Page, href: string): Promise<{ header?: string[]; failure?: string }> {
  const response = await page.request.get(href, { maxRedirects: 0 });
  const type = response.headers()["content-type"] ?? "";
  if (response.status() !== 200) return { failure: `${href}: HTTP ${response.status()}` };
  const body = await response.body();
  const url = new URL(href);
  const isXlsx = /xlsx/.test(url.search) || url.pathname.endsWith(".xlsx");
  const isCsv = !isXlsx && (/csv/.test(url.search) || url.pathname.endsWith(".csv"));
  if (isXlsx) {
    if (!type.startsWith(XLSX_TYPE)) return { failure: `${href}: Content-Type ${type}` };
    const rows = await xlsxRows(body).catch((e: Error) => [[`unreadable: ${e.message}`]]);
    if (rows.length === 0 || rows[0].some((cell) => cell === ""))
      return { failure: `${href}: no XLSX header row (${JSON.stringify(rows[0])})` };
    return { header: rows[0] };
  }
  if (isCsv) {
    if (!type.startsWith("text/csv")) return { failure: `${href}: Content-Type ${type}` };
    const rows = parseCsv(body.toString("utf8").replace(/^\uFEFF/, "")).filter((r) =>
      r.some((c) => c !== ""),
    );
    if (rows.length === 0 || rows[0].some((cell) => cell === ""))
      return { failure: `${href}: no CSV header row` };
    const ragged = rows.findIndex((r) => r.length !== rows[0].length);
    if (ragged >= 0)
      return {
        failure: `${href}: CSV row ${ragged + 1} has ${rows[ragged].length} cells, the header ${rows[0].length}`,
      };
    return { header: rows[0] };
  }
  // A document (certification file, import report…): a file, never a page.
  if (type.startsWith("text/html")) return { failure: `${href}: answered a page (${type})` };
  if (body.byteLength === 0) return { failure: `${href}: empty file` };
  return {};
}

for (const [role, paths] of Object.entries(PAGES)) {
  test(`every download link on ${role}'s pages answers 200 with a file that parses back`, async ({
    page,
  }) => {
    // Officials follow some twenty files, two of them PDFs rendered on request.
    test.setTimeout(90_000);
    if (role !== "anonymous") await logIn(page, role);
    const failures: string[] = [];
    const headers = new Map<string, string[]>();
    let followed = 0;
    for (const path of paths) {
      const response = await page.goto(path);
      expect(response?.status(), `${role} opens ${path}`).toBe(200);
      const villageShapes = new Set<string>();
      for (const href of await downloadLinks(page)) {
        // One village's bulk statements (PDF, XLSX) stand for all: a district has dozens of villages.
        const shape = href.replace(/village=\d+/, "village=*");
        if (shape !== href) {
          if (villageShapes.has(shape)) continue;
          villageShapes.add(shape);
        }
        followed++;
        const result = await follow(page, href);
        if (result.failure) failures.push(`${role} ${path} → ${result.failure}`);
        if (result.header) headers.set(href, result.header);
      }
    }
    for (const [href, header] of headers) {
      const known = FIRST_HEADER.find(([pattern]) => pattern.test(href));
      if (known && !known[1].test(header[0])) failures.push(`${href}: header starts with ${header[0]}`);
      // The CSV and the XLSX of one table carry the same columns.
      const twin = headers.get(href.replace(/csv/g, "xlsx"));
      if (/csv/.test(href) && twin && twin.join("|") !== header.join("|"))
        failures.push(`${href}: CSV header ${header.join(",")} ≠ XLSX ${twin.join(",")}`);
    }
    expect(failures, `${failures.length} of ${followed} downloads failed`).toEqual([]);
    // The portals do offer downloads: a page that lost its links would pass vacuously otherwise.
    const minimum: Record<string, number> = {
      supplierStaff: 7,
      buyerAdmin: 2,
      townOfficial: 10,
      districtOfficial: 10,
      admin: 10,
    };
    expect(followed, `downloads found for ${role}`).toBeGreaterThanOrEqual(minimum[role] ?? 0);
  });
}
