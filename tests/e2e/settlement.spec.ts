// Settlement journey: an admin creates a batch for the past year (the second project finds nothing
// left and says so), approves it and records a payout with a bank reference unique to the project;
// the demo supplier's staff see the statement and its lines and download them; staff of another
// supplier get 404 for that statement.
import { expect, test } from "@playwright/test";
import { logIn } from "./fixtures";

test.describe.configure({ mode: "serial" });

const shanghaiDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
let statementPath = "";

test("an admin creates, approves and pays a settlement batch", async ({ page }, testInfo) => {
  await logIn(page, "admin");
  await page.goto("/official/settlement");
  const create = page.getByTestId("create-batch");
  await create.getByLabel("开始日期").fill(shanghaiDay(Date.now() - 360 * 86_400_000));
  await create.getByLabel("结束日期").fill(shanghaiDay(Date.now()));
  await create.getByRole("button", { name: "创建批次" }).click();
  // The first project settles the year; the other finds nothing left to settle.
  await expect(
    page
      .getByRole("status")
      .filter({ hasText: "已创建结算批次" })
      .or(page.getByText("该周期内没有待结算的订单")),
  ).toBeVisible();
  await expect(page.getByTestId("batch").first()).toBeVisible();

  const approve = page.getByRole("button", { name: "审批通过" });
  if ((await approve.count()) > 0) {
    await approve.first().click();
    await expect(page.getByRole("status").filter({ hasText: "结算批次已审批" })).toBeVisible();
  }
  const row = page
    .getByTestId("batch-statement")
    .filter({ has: page.getByRole("button", { name: "登记付款" }) })
    .first();
  if ((await row.count()) > 0) {
    const reference = `E2E${testInfo.project.name.toUpperCase()}${Date.now()}`;
    await row.getByLabel("银行流水号").fill(reference);
    await row.getByRole("button", { name: "登记付款" }).click();
    await expect(page.getByRole("status").filter({ hasText: "已登记付款" })).toBeVisible();
    await expect(page.getByText(reference)).toBeVisible();
  }
  await expect(page.getByTestId("settlement-towns")).toBeVisible();
});

test("supplier staff see their statement, its lines and its export", async ({ page }) => {
  await logIn(page, "supplierStaff");
  await page.goto("/supplier/settlement");
  await expect(page.getByRole("heading", { name: "待结算" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "已结算" })).toBeVisible();
  const link = page.getByTestId("statement-row").getByRole("link").first();
  await expect(link).toBeVisible();
  await link.click();
  await expect(page.getByTestId("statement-lines")).toBeVisible();
  await expect(page.getByTestId("statement-lines").locator("tbody tr").first()).toContainText(/\d{8}-\d{6}/);
  statementPath = new URL(page.url()).pathname;
  // The downloads as a browser follows them: a plain GET of each link's href, checked by its bytes.
  const lineCount = await page.getByTestId("statement-lines").locator("tbody tr").count();
  const csvHref = await page.getByRole("link", { name: "导出 CSV" }).getAttribute("href");
  const csv = await page.request.get(csvHref!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const csvBytes = await csv.body();
  expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM, for Excel
  expect(csvBytes.includes(0)).toBe(false);
  const rows = csvBytes.toString("utf8").trim().split("\r\n");
  expect(rows.length).toBeGreaterThanOrEqual(lineCount + 1); // a header, then every line on the page
  const xlsxHref = await page.getByRole("link", { name: "导出 Excel" }).getAttribute("href");
  const xlsx = await page.request.get(xlsxHref!);
  expect(xlsx.status()).toBe(200);
  expect((await xlsx.body()).subarray(0, 2).toString("latin1")).toBe("PK"); // a zip: a real workbook
});

test("staff of another supplier get 404 for that statement", async ({ page }) => {
  expect(statementPath).toMatch(/^\/supplier\/settlement\//);
  await logIn(page, "supplierStaffB");
  const response = await page.goto(statementPath);
  expect(response?.status()).toBe(404);
});
