// Issue 21 (helper F): a shopper buys, asks for the order's impact certificate, downloads its PDF
// (a plain GET of the link) and a stranger's browser verifies it as 有效; a supplier records a
// batch with an inspection PDF and a stranger opens its trace page; an unknown code is a 404.
import { expect, test } from "@playwright/test";
import { addToCartFromProductPage, fillCheckout, logIn, twoProductsOfTwoSuppliers } from "./fixtures";

const [product] = twoProductsOfTwoSuppliers();

test("impact certificate: issue, PDF, public verification", async ({ page, browser }) => {
  await logIn(page, "customer2");
  await addToCartFromProductPage(page, product.slug, 1);
  await page.goto("/checkout");
  await fillCheckout(page, "13800000002");
  await page.getByRole("button", { name: "提交订单" }).click();
  await expect(page.getByRole("heading", { name: "演示支付" })).toBeVisible();
  await page.getByRole("button", { name: "确认支付" }).click();
  await expect(page).toHaveURL(/\/orders\/\d{8}-\d{6}$/);
  const orderNumber = page.url().split("/").pop()!;

  await page.goto(`/certificates?order=${orderNumber}`);
  await page.getByRole("button", { name: "生成帮扶成效证书" }).click();
  await expect(page).toHaveURL(/\/certificates\/[0-9A-Z]{16}$/);
  await expect(page.getByTestId("certificate-subject")).toContainText(orderNumber);
  await expect(page.getByTestId("impact-figures")).toBeVisible();
  const id = (await page.getByTestId("certificate-id").textContent())!.trim();

  // The download is a plain GET of the link's href.
  const href = await page.getByTestId("certificate-pdf").getAttribute("href");
  const pdf = await page.request.get(href!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");

  const stranger = await browser.newPage();
  await stranger.goto(`/verify/${id}`);
  await expect(stranger.getByTestId("verify-status")).toHaveText("有效");
  expect((await stranger.goto(`/certificates/${id}`))?.url()).toContain("/login");
  await stranger.close();
});

test("trace code: a batch with its document, public page, unknown code 404", async ({
  page,
  browser,
}, testInfo) => {
  await logIn(page, "supplierStaffB");
  await page.goto("/supplier/batches");
  await page.getByLabel("数量").fill(testInfo.project.name === "mobile" ? "40" : "60");
  await page.getByLabel(/检测报告/).setInputFiles({
    name: "合格证.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4\n% e2e\n%%EOF\n"),
  });
  await page.getByRole("button", { name: "登记并生成追溯码" }).click();
  await expect(page).toHaveURL(/\/supplier\/batches\/[0-9a-f-]{36}$/);
  const code = (await page.getByTestId("label-code").textContent())!.trim();
  expect(code).toMatch(/^[0-9A-Z]{10}$/);

  const stranger = await browser.newPage();
  await stranger.goto(`/t/${code}`);
  await expect(stranger.getByTestId("trace-code")).toHaveText(code);
  const document = await stranger.request.get(`/t/${code}/document`);
  expect(document.status()).toBe(200);
  expect((await document.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  expect((await stranger.goto("/t/ZZZZZZZZZZ"))?.status()).toBe(404);
  await stranger.close();
});
