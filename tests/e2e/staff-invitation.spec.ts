// Issue 18's journey, its staff part (desktop only): the demo supplier's owner invites a clerk by
// e-mail; the invitation e-mail is read from the run's local SMTP server (tests/support/e2e-mailbox.ts);
// the clerk signs up with that address and a password, accepts, finds the invitation under 我的消息,
// and lists a product; a shopper buys and pays it; the supplier's report grows by exactly that sale.
// (A fresh cooperative waits out its 公示 days before it sells: onboarding.spec.ts covers that part;
// this one starts from the demo supplier, which is active.)
import { expect, test } from "@playwright/test";
import { SUPPLIERS } from "../../db/fixtures/catalog";
import { DEMO_ACCOUNTS } from "../../db/fixtures/accounts";
import { waitForMail } from "../support/e2e-mailbox";
import {
  addVariantToCart,
  customer,
  fillCheckout,
  logIn,
  supplierReportTotals,
  withdrawProduct,
} from "./fixtures";

const owner = DEMO_ACCOUNTS.find((a) => a.key === "supplierStaff")!;
const supplier = SUPPLIERS[owner.supplierIndex!];

test("the owner invites a clerk by e-mail → the clerk signs up, accepts, lists a product → it sells → the report grows", async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000); // three people on a shared, loaded machine; measured in the report
  const stamp = `${Date.now() % 10_000_000}`.padStart(7, "0");
  const email = `clerk${stamp}@e2e.test`;
  const mobile = `137${stamp}9`.slice(0, 11);
  const productName = `邀请店员上架的核桃${stamp}`;

  // ── The owner invites the clerk by e-mail.
  await logIn(page, owner.key);
  await page.goto("/supplier/staff");
  await page.getByLabel("手机号或电子邮箱").fill(email);
  await page.getByRole("button", { name: "生成邀请链接" }).click();
  await expect(page.getByTestId("invitation-link")).toBeVisible();

  // ── The invitation e-mail arrives at the local SMTP server, with the link.
  const mail = await waitForMail(email, new RegExp(`${supplier.name}.*邀请您加入`));
  const link = /\/staff-invitations\/[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0];
  expect(link, "the invitation link in the e-mail's text").toBeTruthy();
  expect(mail.html).toContain(link!);

  // ── The clerk opens it, signs up with that e-mail and a password, comes back and accepts.
  const clerkContext = await browser.newContext({ locale: "zh-CN" });
  const clerk = await clerkContext.newPage();
  await clerk.goto(link!);
  await expect(clerk.getByText(supplier.name)).toBeVisible();
  await clerk.getByRole("link", { name: "注册账户" }).click();
  await clerk.getByLabel("手机号", { exact: true }).fill(mobile);
  await clerk.getByLabel("昵称").fill("王店员");
  await clerk.getByLabel("邮箱（选填）").fill(email);
  await clerk.getByLabel("密码", { exact: true }).fill("Clerk@2026");
  await clerk.getByLabel("确认密码").fill("Clerk@2026");
  await clerk.getByRole("checkbox", { name: "我已阅读并同意《用户协议》和《隐私政策》" }).check();
  await clerk.getByRole("button", { name: "注册" }).click();
  await expect(clerk).toHaveURL(link!);
  await clerk.getByRole("button", { name: "接受邀请" }).click();
  await expect(clerk).toHaveURL("/supplier");
  await expect(clerk.getByRole("status").filter({ hasText: "您已加入该供应商" })).toBeVisible();

  // The invitation is among the clerk's messages (the portal links to them).
  await clerk.getByRole("link", { name: "我的消息" }).first().click();
  await expect(clerk).toHaveURL("/account/messages");
  await expect(clerk.getByTestId("my-messages").getByTestId("message").first()).toContainText(
    `${supplier.name} 邀请您加入`,
  );

  // ── The clerk lists a product and publishes it.
  const before = await supplierReportTotals(clerk);
  await clerk.goto("/supplier/products/new");
  await clerk.getByLabel("商品名称").fill(productName);
  await clerk.getByLabel("卖点（一句话）").fill("新店员上架，壳薄仁满");
  await clerk.getByLabel("品类").selectOption({ label: "核桃" });
  await clerk.locator('[name="variants.0.spec"]').fill("1 kg 袋装");
  await clerk.locator('[name="variants.0.price"]').fill("45.60");
  await clerk.locator('[name="variants.0.stock"]').fill("20");
  await clerk.getByRole("button", { name: "保存为草稿" }).press("Enter");
  await expect(clerk).toHaveURL(/\/supplier\/products\/[0-9a-f-]{36}$/);
  const supplierProductPath = new URL(clerk.url()).pathname;
  await clerk.getByRole("button", { name: "上架" }).press("Enter");
  await expect(clerk.getByRole("status").filter({ hasText: "商品已上架" })).toBeVisible();
  const productPath = (await clerk.getByRole("link", { name: "在商城查看" }).getAttribute("href"))!;

  // ── A shopper buys two and pays (demo payment).
  const shopperContext = await browser.newContext({ locale: "zh-CN" });
  const shopper = await shopperContext.newPage();
  await logIn(shopper, customer.key);
  await addVariantToCart(shopper, productPath, "1 kg 袋装", 2);
  await shopper.goto("/checkout");
  await fillCheckout(shopper, customer.mobile);
  await shopper.getByRole("button", { name: "提交订单" }).press("Enter");
  await shopper.getByRole("button", { name: "确认支付" }).press("Enter");
  await expect(shopper.getByTestId("order-status")).toHaveText("已支付");

  // ── The sale is in the supplier's statistics, to the fen.
  const after = await supplierReportTotals(clerk);
  expect(after.sales - before.sales).toBe(2 * 4560);
  expect(after.attributed - before.attributed).toBe(Math.floor((2 * 4560 * supplier.benefitRateBp) / 10000));

  await withdrawProduct(clerk, supplierProductPath);
  await Promise.all([clerkContext.close(), shopperContext.close()]);
});
