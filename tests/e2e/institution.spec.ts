// The institutional journey (issue 8): a budget unit's buyer_admin orders for the organisation and
// pays by bank transfer, the supplier ships and uploads the invoice, the buyer accepts, confirms
// the invoice and rates; the progress page and the officials' page show the order completed.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../../db/fixtures/accounts";
import { PRODUCTS, SUPPLIERS } from "../../db/fixtures/catalog";
import { addToCartFromProductPage, fenOf, fillCheckout, logIn, yuan as yuanOf } from "./fixtures";

/** A new browser context signed in as a demo account (each party of the journey has its own). */
async function signedIn(browser: Browser, key: string): Promise<Page> {
  const page = await (await browser.newContext({ locale: "zh-CN" })).newPage();
  await logIn(page, key);
  return page;
}

// A certified product of the supplier that the "supplierStaff" account works for.
const supplierIndex = DEMO_ACCOUNTS.find((a) => a.key === "supplierStaff")!.supplierIndex!;
const product = PRODUCTS.find(
  (p) => p.supplierSlug === SUPPLIERS[supplierIndex].slug && p.certified && p.variants[0].stock >= 5,
)!;
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

test("buyer_admin orders for the organisation by bank transfer → shipped → invoice → accepted, confirmed, rated → completed toward the target", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const buyer = await signedIn(browser, "buyerAdmin");
  // Both device projects run this journey against one database: progress is compared with what
  // the page showed before this order, and the tracking number is new per run.
  const progress = async () => {
    await buyer.goto("/buyer");
    const summary = buyer.getByTestId("progress-summary");
    const amount = async (label: string) =>
      fenOf((await summary.getByText(label).locator("xpath=following-sibling::dd").textContent())!);
    return { paid: await amount("已支付（计入销售）"), completed: await amount("完成金额") };
  };
  const before = await progress();
  const tracking = `SF${Date.now()}`;
  await addToCartFromProductPage(buyer, product.slug, 2);
  await buyer.goto("/checkout");
  await fillCheckout(buyer);
  await buyer.getByLabel(/为本单位采购/).check();
  await buyer.getByLabel(/对公转账/).check();
  await buyer.getByRole("button", { name: "提交订单" }).click();

  // Transfer instructions with a reference, a clearly labelled demo payee, and the record form.
  await expect(buyer).toHaveURL(/\/buyer\/orders\/\d{8}-\d{6}$/);
  const orderNumber = buyer.url().split("/").pop()!;
  await expect(buyer.getByTestId("order-status")).toHaveText("待支付");
  await expect(buyer.getByTestId("transfer-reference")).toHaveText(/^DG\d{14}-[0-9A-F]{4}$/);
  await expect(buyer.getByText(/演示收款账户/)).toBeVisible();
  const amountText = (await buyer.getByTestId("transfer-instructions").locator("dd").nth(3).textContent())!;
  const yuan = amountText.replace(/[^\d.]/g, "");
  // A wrong amount is refused with a clear message; the right one pays the order. The reference is
  // new for every run: both device projects share one database, and a reference pays once.
  const reference = `BOC${Date.now()}`;
  await buyer.getByLabel("银行流水号").fill(reference);
  await buyer.getByLabel("到账金额（元）").fill((Number(yuan) + 1).toFixed(2));
  await buyer.getByRole("button", { name: "登记转账" }).click();
  await expect(buyer.getByRole("alert")).toContainText("不一致");
  await buyer.getByLabel("银行流水号").fill(reference);
  await buyer.getByLabel("到账金额（元）").fill(yuan);
  await buyer.getByRole("button", { name: "登记转账" }).click();
  await expect(buyer.getByTestId("order-status")).toHaveText("已支付");
  await expect(buyer.getByText(`已登记转账：流水号 ${reference}`)).toBeVisible();

  // The supplier ships it and uploads the invoice.
  const supplier = await signedIn(browser, "supplierStaff");
  await supplier.goto("/supplier/orders");
  await supplier.getByRole("link", { name: orderNumber }).click();
  await supplier.getByLabel("快递公司").fill("顺丰速运");
  await supplier.getByLabel("运单号").fill(tracking);
  await supplier.getByRole("button", { name: "确认发货" }).click();
  await expect(supplier.getByText(tracking).first()).toBeVisible();
  await supplier.goto("/supplier/invoices");
  const row = supplier.getByTestId("invoice-row").filter({ hasText: orderNumber });
  await expect(row).toContainText("11411200MB1234567X");
  await row
    .getByLabel(`发票文件（订单 ${orderNumber}）`)
    .setInputFiles({ name: "发票.pdf", mimeType: "application/pdf", buffer: PDF });
  await row.getByRole("button", { name: "上传发票" }).click();
  await expect(supplier.getByTestId("invoice-row").filter({ hasText: orderNumber })).toContainText(
    "已上传，待买方确认",
  );

  // The buyer accepts the goods, downloads and confirms the invoice, rates the supplier.
  await buyer.reload();
  await buyer.getByRole("button", { name: "确认验收" }).click();
  const part = buyer.getByTestId("order-part");
  await expect(part.getByText(/^已验收 ·/)).toBeVisible();
  const download = buyer.waitForEvent("download");
  await buyer.getByRole("link", { name: "下载发票" }).click();
  expect((await download).suggestedFilename()).toBe(`invoice-${orderNumber}.pdf`);
  await buyer.getByRole("button", { name: "确认发票" }).click();
  await expect(part.getByText("发票已确认")).toBeVisible();
  await buyer.getByLabel("评价内容").fill("果子新鲜，发货及时");
  await buyer.getByRole("button", { name: "提交评价" }).click();
  await expect(buyer.getByTestId("order-status")).toHaveText("已完成");
  await expect(buyer.getByText("订单已完成")).toBeVisible();

  // Progress: paid and completed each grew by exactly this order.
  const orderFen = Math.round(Number(yuan) * 100);
  const after = await progress();
  expect(after.paid - before.paid).toBe(orderFen);
  expect(after.completed - before.completed).toBe(orderFen);
  await expect(buyer.getByTestId("progress-by-supplier")).toContainText(SUPPLIERS[supplierIndex].name);

  // The district official sees it completed toward the organisation's target.
  const official = await signedIn(browser, "districtOfficial");
  await official.goto("/official/organisations");
  const orgRow = official
    .getByTestId("organisations-table")
    .getByRole("row")
    .filter({ hasText: "示范区教育局机关食堂" });
  await expect(orgRow).toContainText(yuanOf(after.completed));
  await expect(orgRow.getByRole("cell").last()).not.toHaveText("0.00%");
});
