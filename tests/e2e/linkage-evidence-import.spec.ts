// Issue 5 leftovers in the browser: a supplier proposes a linkage with an evidence file and the
// official downloads it from the review table; an official confirms a large household import and
// watches the <progress> bar move until the result shows.
import { expect, test } from "@playwright/test";
import { TOWNS } from "../../db/fixtures/regions";
import { logIn } from "./fixtures";

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
// An area code (Beijing) the seed never uses, so no number collides with a seeded household.
function idCard(n: number) {
  const first17 = `110105${1960 + (n % 40)}${String(1 + (Math.floor(n / 40) % 12)).padStart(2, "0")}${String(1 + (Math.floor(n / 480) % 28)).padStart(2, "0")}${String(Math.floor(n / 13440) % 1000).padStart(3, "0")}`;
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * WEIGHTS[i], 0);
  return first17 + "10X98765432"[sum % 11];
}

test("a linkage proposed with an evidence file; the official downloads it from the review table", async ({
  page,
}, testInfo) => {
  const evidence = `E2E 证据文件 ${testInfo.project.name} ${Date.now()}`;
  await logIn(page, "supplierStaff");
  await page.goto("/supplier/linkages/new");
  await page.getByRole("radio", { name: "村集体" }).check();
  await page.locator("#villageCollectiveId").selectOption({ index: 1 });
  await page.locator("#mechanism").selectOption({ index: 1 });
  await page.getByLabel(/生效日期/).fill("2026-03-01");
  await page.locator("#evidence").fill(evidence);
  await page.getByLabel(/证据文件/).setInputFiles({
    name: "合同.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4\n%%EOF\n"),
  });
  await page.getByRole("button", { name: "提交审核" }).click();
  await expect(page).toHaveURL("/supplier/linkages");
  const mine = page.locator("tr", { hasText: evidence });
  await expect(mine.getByRole("link", { name: "证据文件" })).toBeVisible();

  await page.context().clearCookies();
  await logIn(page, "districtOfficial");
  await page.goto("/official/linkages?status=proposed");
  const row = page.locator("tr", { hasText: evidence });
  const href = await row.getByRole("link", { name: "证据文件" }).getAttribute("href");
  const file = await page.request.get(href!);
  expect(file.status()).toBe(200);
  expect(file.headers()["content-type"]).toBe("application/pdf");
  expect((await file.body()).toString()).toBe("%PDF-1.4\n%%EOF\n");
});

test("a large household import shows its progress, then the result", async ({ page }, testInfo) => {
  // 30,000 rows to check, write and print: its own waits add up to more than the default 30 s.
  test.setTimeout(150_000);
  const n = 30_000;
  const prefix = testInfo.project.name === "mobile" ? "E2M" : "E2D";
  const offset = testInfo.project.name === "mobile" ? 500_000 : 400_000;
  const village = TOWNS[0].villages[0].code;
  const lines = ["户编码,户主姓名,身份证号,家庭人口,所在村,户类型"];
  for (let i = 0; i < n; i++)
    lines.push(
      `${prefix}${String(i).padStart(6, "0")},测试${i},${idCard(offset + i)},${1 + (i % 5)},${village},脱贫户`,
    );
  await logIn(page, "townOfficial");
  await page.goto("/official/households/import");
  await page.getByLabel("选择文件").setInputFiles({
    name: "大文件.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(lines.join("\r\n"), "utf8"),
  });
  await page.getByRole("button", { name: "上传并校验" }).click();
  await expect(page.getByRole("button", { name: "确认导入" })).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: "确认导入" }).click();
  await expect(page.getByRole("progressbar", { name: "导入进度" })).toBeVisible();
  await expect(page.getByTestId("import-progress")).toContainText(/已导入 \d+ \/ 30000 行/, {
    timeout: 30_000,
  });
  await expect(page.getByText(/导入完成：新增 30000/)).toBeVisible({ timeout: 60_000 });

  // The village's statements now print in volumes (decision 147): its last volume, fetched as a
  // browser follows the link, is a PDF, answered while the server stays free for other requests.
  await page.goto("/official/statements");
  const volumes = page.locator(`a[href*="village=${village}&format=pdf"]`);
  expect(await volumes.count()).toBeGreaterThan(100);
  const last = await volumes.last().getAttribute("href");
  expect(last).toMatch(/&part=\d+$/);
  const [pdf, health] = await Promise.all([page.request.get(last!), page.request.get("/healthz")]);
  expect(health.status()).toBe(200);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the proposal form posts its file and the confirm posts the import; the result shows when done", async ({
    page,
  }, testInfo) => {
    const evidence = `E2E 无脚本 ${testInfo.project.name} ${Date.now()}`;
    await logIn(page, "supplierStaff");
    await page.goto("/supplier/linkages/new");
    await page.getByRole("radio", { name: "村集体" }).check();
    await page.locator("#villageCollectiveId").selectOption({ index: 1 });
    await page.locator("#mechanism").selectOption({ index: 1 });
    await page.getByLabel(/生效日期/).fill("2026-03-01");
    await page.locator("#evidence").fill(evidence);
    await page
      .getByLabel(/证据文件/)
      .setInputFiles({ name: "scan.png", mimeType: "image/png", buffer: Buffer.from("not really a png") });
    await page.getByRole("button", { name: "提交审核" }).click();
    await expect(page.getByText("证据文件须为 PDF、JPEG、PNG 或 WebP")).toBeVisible();
    await page.getByLabel(/证据文件/).setInputFiles({
      name: "合同.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4\n%%EOF\n"),
    });
    await page.getByRole("button", { name: "提交审核" }).click();
    await expect(page).toHaveURL("/supplier/linkages");
    await expect(
      page.locator("tr", { hasText: evidence }).getByRole("link", { name: "证据文件" }),
    ).toBeVisible();

    await page.context().clearCookies();
    const prefix = testInfo.project.name === "mobile" ? "NJM" : "NJD";
    const offset = testInfo.project.name === "mobile" ? 600_000 : 610_000;
    const lines = ["户编码,户主姓名,身份证号,家庭人口,所在村,户类型"];
    for (let i = 0; i < 50; i++)
      lines.push(
        `${prefix}${String(i).padStart(5, "0")},测试${i},${idCard(offset + i)},2,${TOWNS[0].villages[0].code},脱贫户`,
      );
    await logIn(page, "townOfficial");
    await page.goto("/official/households/import");
    await page.getByLabel("选择文件").setInputFiles({
      name: "小文件.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(lines.join("\n"), "utf8"),
    });
    await page.getByRole("button", { name: "上传并校验" }).click();
    await page.getByRole("button", { name: "确认导入" }).click();
    await expect(page.getByText(/导入完成：新增 50/)).toBeVisible();
  });
});
