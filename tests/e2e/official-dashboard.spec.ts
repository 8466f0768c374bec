// An official opens the statistics dashboard for this year after a guest's purchase: figures, a
// server-rendered SVG chart (present in the HTML itself, so it shows without JavaScript), an XLSX
// export opened again with exceljs; then an API token is created, used for the year and its two halves
// (their sales add up to the year's), the first half opened as a page, and the token revoked.
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import ExcelJS from "exceljs";
import { addToCartFromProductPage, fillCheckout, logIn, twoProductsOfTwoSuppliers } from "./fixtures";

const cny = (fen: number) =>
  new Intl.NumberFormat("zh-CN", { style: "currency", currency: "CNY" }).format(fen / 100);

test.setTimeout(150_000); // a sale, the dashboard with an axe scan, an export, a token and a split year: a long journey

test("an official opens this year's dashboard, sees figures and an SVG chart, and exports a table to XLSX", async ({
  page,
}) => {
  // A paid sale first, today, on top of the demo history the first start writes.
  const [product] = twoProductsOfTwoSuppliers();
  await addToCartFromProductPage(page, product.slug, 2);
  await page.goto("/checkout");
  await fillCheckout(page);
  await page.getByRole("button", { name: "提交订单" }).click();
  await page.getByRole("button", { name: "确认支付" }).click();
  await expect(page).toHaveURL(/\/orders\/\d{8}-\d{6}$/);
  await page.context().clearCookies();

  await logIn(page, "districtOfficial");
  await page.goto("/official");
  await expect(page.getByRole("heading", { level: 1, name: "消费帮扶统计" })).toBeVisible();
  const year = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric" }).format(
    new Date(),
  );
  await expect(page.getByTestId("stats-showing")).toContainText(`${year}-01-01 至 ${year}-12-31`);
  const headline = page.getByTestId("stats-headline");
  await expect(headline.getByText("订单数").locator("xpath=..")).not.toContainText(/^订单数0$/);
  await expect(page.getByTestId("stats-summary")).toContainText(/带动脱贫户和监测对象 [1-9][\d,]* 户/);
  await expect(page.locator("figure svg.chart").first()).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/official-dashboard-1280.png", fullPage: true });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(
    axe.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes[0]?.target}`),
  ).toEqual([]);

  // The chart is in the server's HTML (no JavaScript needed).
  const html = await (await page.request.get("/official")).text();
  expect(html).toMatch(/<svg[^>]*class="chart /);
  expect(html).toContain('class="chart-bar"');

  // Export "by town" as XLSX and read it back.
  const section = page.locator("section", { has: page.getByRole("heading", { name: "按乡镇" }) });
  const downloadPromise = page.waitForEvent("download");
  await section.getByRole("link", { name: /导出“按乡镇”为 XLSX/ }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((await download.path())!);
  const sheet = workbook.worksheets[0];
  expect(sheet.getRow(1).values).toContain("消费帮扶金额（认定产品）（元）");
  const headers = (sheet.getRow(1).values as unknown[]).map(String);
  const ordersCol = headers.indexOf("订单数");
  const assistedCol = headers.indexOf("消费帮扶金额（认定产品）（元）");
  let orders = 0;
  let assistedFen = 0;
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    orders += Number(row.getCell(ordersCol).value);
    assistedFen += Math.round(Number(row.getCell(assistedCol).value) * 100);
  });
  expect(orders).toBeGreaterThanOrEqual(1);
  // The same total as the headline figure on the page.
  await expect(headline.getByText("消费帮扶金额（认定产品）").locator("xpath=..")).toContainText(
    cny(assistedFen),
  );

  // An API token: created (shown once), used, revoked.
  await page.goto("/official/tokens");
  await page.getByLabel("令牌名称").fill("e2e");
  await page.getByRole("button", { name: "创建令牌" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  const tokensAxe = await new AxeBuilder({ page }).analyze();
  expect(
    tokensAxe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id),
  ).toEqual([]);
  const api = await page.request.get(`/api/stats?from=${year}-01-01&to=${year}-12-31`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(api.status()).toBe(200);
  const whole = await api.json();
  expect(whole.assistedSalesFen).toBe(assistedFen);

  // The year cut on the 15th of this month: each half has whole months and ragged days (the daily
  // facet rows, decision 155), and every sales breakdown of the halves adds up to the year's.
  const month = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", month: "2-digit" }).format(
    new Date(),
  );
  const halves = [
    [`${year}-01-01`, `${year}-${month}-15`],
    [`${year}-${month}-16`, `${year}-12-31`],
  ];
  const stats = async ([from, to]: string[]) => {
    const res = await page.request.get(`/api/stats?from=${from}&to=${to}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status()).toBe(200);
    return res.json();
  };
  const [first, second] = await Promise.all(halves.map(stats));
  type Sales = { assistedSalesFen: number; otherSalesFen: number };
  const salesBy = (
    rows: (Sales & Record<string, unknown>)[],
    key: string,
    into = new Map<string, number>(),
  ) => {
    for (const r of rows) {
      const k = String(r[key]);
      into.set(k, (into.get(k) ?? 0) + r.assistedSalesFen + r.otherSalesFen);
    }
    return into;
  };
  const breakdowns = [
    "byTown:code",
    "byVillage:code",
    "byCategory:slug",
    "bySupplierKind:kind",
    "byBuyerKind:kind",
  ];
  for (const [name, key] of breakdowns.map((b) => b.split(":"))) {
    const summed = salesBy(second.breakdowns[name], key, salesBy(first.breakdowns[name], key));
    expect(new Map([...summed].filter(([, fen]) => fen !== 0)), name).toEqual(
      new Map([...salesBy(whole.breakdowns[name], key)].filter(([, fen]) => fen !== 0)),
    );
  }
  expect(first.assistedSalesFen + second.assistedSalesFen).toBe(whole.assistedSalesFen);
  expect(first.otherSalesFen + second.otherSalesFen).toBe(whole.otherSalesFen);
  const thisMonth = (s: { breakdowns: { byMonth: (Sales & { month: string })[] } }) =>
    s.breakdowns.byMonth.find((m) => m.month === `${year}-${month}`) ?? {
      assistedSalesFen: 0,
      otherSalesFen: 0,
    };
  expect(thisMonth(first).assistedSalesFen + thisMonth(second).assistedSalesFen).toBe(
    thisMonth(whole).assistedSalesFen,
  );
  expect(
    first.assistedSalesFen + first.otherSalesFen + second.assistedSalesFen + second.otherSalesFen,
  ).toBeGreaterThan(0);

  // The dashboard for the first half, as the period form's GET leaves it: the same figure, no console error.
  const consoleErrors: string[] = [];
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  await page.goto(`/official?period=range&from=${halves[0][0]}&to=${halves[0][1]}`);
  await expect(page.getByTestId("stats-showing")).toContainText(`${halves[0][0]} 至 ${halves[0][1]}`);
  await expect(headline.getByText("消费帮扶金额（认定产品）").locator("xpath=..")).toContainText(
    cny(first.assistedSalesFen),
  );
  expect(consoleErrors).toEqual([]);

  await page.goto("/official/tokens");
  await page.getByRole("button", { name: "吊销令牌“e2e”" }).click();
  await expect(page.getByText("令牌已吊销")).toBeVisible();
  expect(
    (
      await page.request.get(`/api/stats?from=${year}-01-01&to=${year}-12-31`, {
        headers: { Authorization: `Bearer ${token}` },
      })
    ).status(),
  ).toBe(401);
});
