// Fulfilment journey: a customer buys from the demo supplier, the supplier ships it with a
// tracking number, the customer sees it, the supplier refunds half of the line, and both the
// customer's impact receipt and the supplier's report show the ledger after the refund, to the fen.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/fixtures/accounts";
import { PRODUCTS, SUPPLIERS } from "../../db/fixtures/catalog";
import { linePool } from "../../core/allocation";
import { addToCartFromProductPage, fillCheckout } from "./fixtures";

const supplierAccount = DEMO_ACCOUNTS.find((a) => a.key === "supplierStaff")!;
const customerAccount = DEMO_ACCOUNTS.find((a) => a.key === "customer")!;
// The demo supplier is SUPPLIERS[supplierIndex]; a certified product of its with stock to spare,
// not the first one (other journeys buy that).
const supplier = SUPPLIERS[supplierAccount.supplierIndex!];
const product = PRODUCTS.filter(
  (p) => p.supplierSlug === supplier.slug && p.certified && p.variants[0].stock >= 20,
)[1];
const QUANTITY = 2;

const cny = new Intl.NumberFormat("zh-CN", { style: "currency", currency: "CNY" });
const yuan = (fen: number) => cny.format(fen / 100);
/** "¥1,234.56" → 123456 fen, without floating point. */
function fenOf(text: string): number {
  const m = /(-?)([\d,]+)\.(\d{2})/.exec(text.replace(/\s/g, ""));
  if (!m) throw new Error(`no amount in ${text}`);
  return (m[1] ? -1 : 1) * (Number(m[2].replace(/,/g, "")) * 100 + Number(m[3]));
}

async function logIn(browser: Browser, account: { mobile: string }, javaScriptEnabled = true): Promise<Page> {
  const page = await (await browser.newContext({ locale: "zh-CN", javaScriptEnabled })).newPage();
  await page.goto("/login");
  await page.getByLabel("手机号或邮箱").fill(account.mobile);
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  return page;
}

async function reportTotals(page: Page) {
  await page.goto("/supplier/reports");
  return {
    sales: fenOf(await page.getByTestId("report-total-sales").innerText()),
    attributed: fenOf(await page.getByTestId("report-total-attributed").innerText()),
  };
}

test.setTimeout(90_000);

// Plain forms and links throughout: the journey runs with and without JavaScript.
for (const javaScriptEnabled of [true, false]) {
  test(`buy → ship with tracking number → customer sees it → refund half → impact and report follow the ledger (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({
    browser,
  }) => {
    const staff = await logIn(browser, supplierAccount, javaScriptEnabled);
    // The report's totals before this order (other journeys may have sold this year too).
    const before = await reportTotals(staff);

    // The customer buys QUANTITY of the product's first variant and pays on the demo page.
    const buyer = await logIn(browser, customerAccount, javaScriptEnabled);
    await addToCartFromProductPage(buyer, product.slug, QUANTITY);
    await buyer.goto("/checkout");
    await fillCheckout(buyer, customerAccount.mobile);
    await buyer.getByRole("button", { name: "提交订单" }).click();
    await buyer.getByRole("button", { name: "确认支付" }).click();
    await expect(buyer.getByTestId("order-status")).toHaveText("已支付");
    const orderUrl = buyer.url();
    const orderNumber = orderUrl.split("/").pop()!;

    // Expected figures, from the fixtures: line total = price × quantity; the ledger of a line
    // holds pool = floor(lineNet × rate / 10000) with rate = the product's own rate or else the
    // supplier's (DESIGN.md §3 rule 2). Whatever the linkage weights, the shares sum to the pool
    // exactly (rule 3), so the order's attributed total is the pool of the line's net.
    const lineTotal = product.variants[0].priceFen * QUANTITY;
    const rate = product.benefitRateBp ?? supplier.benefitRateBp;
    const half = Math.floor(lineTotal / 2);
    await expect(buyer.getByTestId("impact-summary")).toContainText(
      `增收 ${yuan(linePool(lineTotal, rate))}`,
    );

    // The supplier finds the order by its number and ships it.
    await staff.goto("/supplier/orders?status=paid");
    await staff.getByRole("link", { name: orderNumber }).click();
    await expect(staff.getByRole("heading", { level: 1 })).toContainText(orderNumber);
    const tracking = `SF${Date.now()}`;
    await staff.getByLabel("快递公司").fill("顺丰速运");
    await staff.getByLabel("运单号").fill(tracking);
    await staff.getByRole("button", { name: "确认发货" }).click();
    await expect(staff.getByRole("status").filter({ hasText: "已发货" })).toBeVisible();
    await expect(staff.getByTestId("shipment")).toContainText(tracking);

    // The packing list prints the part.
    await staff.getByRole("link", { name: "打印发货单" }).click();
    await expect(staff.getByTestId("packing-order-number")).toHaveText(orderNumber);
    await expect(staff.getByTestId("packing-quantity")).toHaveText(String(QUANTITY));
    await staff.goBack();

    // The customer sees carrier and tracking number.
    await buyer.reload();
    await expect(buyer.getByTestId("order-status")).toHaveText("已发货");
    await expect(buyer.getByTestId("order-tracking")).toContainText(tracking);

    // Too much is refused with what remains; then half of the line is refunded.
    await staff.getByLabel("退款金额（元）").fill(((lineTotal + 100) / 100).toFixed(2));
    await staff.getByRole("button", { name: "确认退款" }).click();
    await expect(staff.getByText(`此商品最多还可退 ${yuan(lineTotal)}`)).toBeVisible();
    await staff
      .getByLabel("退款金额（元）")
      .fill(`${Math.floor(half / 100)}.${String(half % 100).padStart(2, "0")}`);
    await staff.getByLabel("退款原因").fill("部分破损");
    await staff.getByRole("button", { name: "确认退款" }).click();
    await expect(staff.getByRole("status").filter({ hasText: "退款成功" })).toBeVisible();
    await expect(staff.getByTestId("refund")).toContainText(yuan(half));

    // The customer's impact receipt follows the ledger after the refund.
    const remainingPool = linePool(lineTotal - half, rate);
    await buyer.reload();
    await expect(buyer.getByTestId("order-refunded")).toHaveText(yuan(half));
    await expect(buyer.getByTestId("impact-summary")).toContainText(`增收 ${yuan(remainingPool)}`);

    // The supplier's report: this order adds its net sale and the pool of what remains.
    const after = await reportTotals(staff);
    expect(after.sales - before.sales).toBe(lineTotal - half);
    expect(after.attributed - before.attributed).toBe(remainingPool);
    await staff.goto("/supplier");
    await expect(staff.getByRole("heading", { name: "经营概览" })).toBeVisible();

    // The admins' refund screen finds the order by number and shows the refund.
    const admin = await logIn(
      browser,
      DEMO_ACCOUNTS.find((a) => a.key === "admin")!,
      javaScriptEnabled,
    );
    await admin.goto("/official/orders");
    await admin.getByLabel("订单号").fill(orderNumber);
    await admin.getByRole("button", { name: "搜索" }).click();
    await admin.getByRole("link", { name: orderNumber }).click();
    await expect(admin.getByTestId("admin-order-refunded")).toHaveText(yuan(half));
    await expect(admin.getByRole("button", { name: "确认退款" })).toBeVisible();
  });
}
