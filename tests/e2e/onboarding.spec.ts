// Issue 18's done-when journey in one test (desktop only): a new cooperative signs up and applies at
// /apply with a licence; the town official asks for more material, it resubmits, the town recommends,
// the district approves; it is under notice (公示中) on /notices; the notice ends (the shared e2e
// server runs it for SUPPLIER_NOTICE_DAYS=0.0005, 43 s: playwright.config.ts) and the cooperative is
// active; meanwhile a second applicant posts the public form with JavaScript off. The owner invites a
// clerk by e-mail (read from the run's local SMTP server, tests/support/e2e-mailbox.ts); the clerk
// signs up, accepts, sees the unread badge and the invitation under 我的消息, lists and publishes a
// product; a shopper buys two and pays (demo); the supplier's report grows by exactly that sale. The
// district suspends the cooperative: the product is out of the store on the next request; reinstated,
// it is back. Names, codes and addresses are unique per run.
import { creditCodeCheckChar } from "../../core/credit-code";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { SUPPLIERS } from "../../db/fixtures/catalog";
import { TOWNS } from "../../db/fixtures/regions";
import { waitForMail } from "../support/e2e-mailbox";
import {
  addVariantToCart,
  customer,
  fillCheckout,
  logIn,
  supplierReportTotals,
  withdrawProduct,
} from "./fixtures";

/** A valid 统一社会信用代码 ending in `serial` (its GB 32100 check character appended). */
function creditCode(serial: string): string {
  const first17 = `93411200MA${serial.padStart(7, "0").slice(-7)}`;
  return first17 + creditCodeCheckChar(first17)!;
}

const LICENCE = {
  name: "营业执照.pdf",
  mimeType: "application/pdf",
  buffer: Buffer.from("%PDF-1.4\n% licence\n%%EOF\n"),
};

async function asAccount(browser: Browser, key: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, key);
  return { context, page };
}

/** Signs a new person up from /apply's 注册账户 link; they come back to the form. */
async function signUpFromApply(page: Page, mobile: string, nickname: string) {
  await page.goto("/apply");
  await page.getByRole("link", { name: "注册账户" }).click();
  await page.getByLabel("手机号", { exact: true }).fill(mobile);
  await page.getByLabel("昵称").fill(nickname);
  await page.getByLabel("密码", { exact: true }).fill("Secret@2026");
  await page.getByLabel("确认密码").fill("Secret@2026");
  await page.getByRole("checkbox", { name: "我已阅读并同意《用户协议》和《隐私政策》" }).check();
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page).toHaveURL("/apply");
}

/** Fills /apply (the document and the village are chosen again after a refused post). */
async function fillApplication(page: Page, a: { name: string; code: string; mobile: string; boss: string }) {
  await page.getByLabel("主体名称").fill(a.name);
  await page.getByLabel("统一社会信用代码").fill(a.code);
  await page.getByLabel("法定代表人（负责人）").fill(a.boss);
  await page.getByLabel("联系手机").fill(a.mobile);
  await page.getByLabel("所在乡镇和村").selectOption({ label: TOWNS[0].villages[0].name });
  await page.getByLabel("党支部领办").check();
  await page.getByLabel("开户银行").fill("农商银行");
  await page.getByLabel("账户名称").fill(a.name);
  await page.getByLabel("结算账号").fill("6228480012345678");
  await page.getByLabel("营业执照及资质文件").setInputFiles(LICENCE);
  await page.getByLabel("联农带农计划").fill("订单收购本村 20 户脱贫户的苹果");
}

/** The district's standing form for the supplier named `name`. */
async function changeStanding(
  page: Page,
  name: string,
  action: "暂停销售" | "恢复销售" | "清退",
  reason: string,
) {
  // The list is paged by name: the official finds the supplier by searching for it.
  await page.goto("/official/suppliers");
  await page.getByRole("searchbox", { name: "按名称查找供应商" }).fill(name);
  await page.getByRole("button", { name: "查找", exact: true }).click();
  await expect(page).toHaveURL(/[?&]q=/);
  const row = page.getByRole("row").filter({ hasText: name });
  await row.getByRole("combobox").selectOption({ label: action });
  await row.getByPlaceholder("理由").fill(reason);
  await row.getByRole("button", { name: "执行" }).click();
  await expect(page.getByRole("status").first()).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText(
    { 暂停销售: "已暂停", 恢复销售: "正常", 清退: "已清退" }[action],
  );
}

test("a cooperative applies → more material → recommended → approved → 公示 → active → a clerk sells → statistics; suspension and reinstatement", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000); // six people, a 43 s notice, on a shared, loaded machine; measured in the report
  const stamp = `${Date.now() % 10_000_000}`.padStart(7, "0");
  const mobile = `139${stamp}2`.slice(0, 11);
  const name = `石门村果蔬合作社${stamp}`;
  const code = creditCode(`${stamp}2`.slice(-7));
  const email = `clerk${stamp}@e2e.test`;
  const clerkMobile = `137${stamp}9`.slice(0, 11);
  const productName = `新合作社上架的核桃${stamp}`;

  // ── A visitor is sent to sign up and comes back to the form.
  await signUpFromApply(page, mobile, "李大山");

  // A wrong check character is refused next to its field; nothing is lost.
  const application = {
    name,
    mobile,
    boss: "李大山",
    code: code.slice(0, 17) + (code[17] === "0" ? "1" : "0"),
  };
  await fillApplication(page, application);
  await page.getByRole("button", { name: "提交申请" }).click();
  await expect(page.getByText("统一社会信用代码不正确（校验位不符）")).toBeVisible();
  await expect(page.getByLabel("主体名称")).toHaveValue(name);

  await page.getByLabel("统一社会信用代码").fill(code);
  await page.getByLabel("所在乡镇和村").selectOption({ label: TOWNS[0].villages[0].name });
  await page.getByLabel("营业执照及资质文件").setInputFiles(LICENCE);
  await page.getByRole("button", { name: "提交申请" }).click();
  await expect(page).toHaveURL("/apply/status");
  await expect(page.getByTestId("application-status")).toHaveText("待乡镇审核");

  // ── The town official of that town asks for more material.
  const town = await asAccount(browser, "townOfficial");
  await town.page.goto("/official/applications");
  await town.page.getByRole("link", { name }).click();
  await expect(town.page).toHaveURL(/\/official\/applications\/[0-9a-f-]{36}$/);
  const reviewPath = new URL(town.page.url()).pathname;
  await town.page.locator("#message-request_material").fill("请补充村集体出具的带农协议");
  await town.page.getByRole("button", { name: "要求补充材料" }).click();
  await expect(town.page.getByTestId("application-status")).toHaveText("需补充材料");

  // The applicant reads the request and sends the agreement.
  await page.goto("/apply/status");
  await expect(page.getByTestId("application-status")).toHaveText("需补充材料");
  await expect(page.getByTestId("application")).toContainText("请补充村集体出具的带农协议");
  await page.getByLabel("说明").fill("已补充带农协议");
  await page.getByLabel("营业执照及资质文件").setInputFiles({
    name: "带农协议.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4\n% agreement\n%%EOF\n"),
  });
  await page.getByRole("button", { name: "提交补充材料" }).click();
  await expect(page.getByRole("status").filter({ hasText: "补充材料已提交" })).toBeVisible();
  await expect(page.getByTestId("application-status")).toHaveText("待乡镇审核");

  // ── The town recommends it.
  await town.page.goto(reviewPath);
  await expect(town.page.getByText("带农协议.pdf")).toBeVisible();
  await town.page.getByRole("button", { name: "推荐" }).click();
  await expect(town.page.getByTestId("application-status")).toHaveText("乡镇已推荐，待示范区审定");
  await town.context.close();

  // ── The district approves: 公示中, listed on /notices.
  const district = await asAccount(browser, "districtOfficial");
  await district.page.goto("/official/applications");
  await district.page.getByRole("link", { name }).click();
  await district.page.getByRole("button", { name: "审定通过并公示" }).click();
  await expect(district.page.getByTestId("application-status")).toHaveText("公示中");

  const visitor = await browser.newContext();
  const notices = await visitor.newPage();
  await notices.goto("/notices");
  await expect(notices.getByTestId("supplier-notices").getByText(name)).toBeVisible();
  await visitor.close();
  await page.goto("/apply/status");
  await expect(page.getByTestId("application-status")).toHaveText("公示中");

  // ── While the notice runs, a second applicant posts the public form with JavaScript off.
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const second = await noJs.newPage();
  const secondStamp = `${(Number(stamp) + 1) % 10_000_000}`.padStart(7, "0");
  await signUpFromApply(second, `136${secondStamp}3`.slice(0, 11), "王二");
  await fillApplication(second, {
    name: `后川村核桃合作社${stamp}`,
    code: creditCode(`${stamp}3`.slice(-7)),
    mobile: `136${secondStamp}3`.slice(0, 11),
    boss: "王二",
  });
  await second.getByRole("button", { name: "提交申请" }).click();
  await expect(second).toHaveURL("/apply/status");
  await expect(second.getByTestId("application-status")).toHaveText("待乡镇审核");
  await noJs.close();

  // ── The notice ends: the applicant's page says 已入驻 and leads to the supplier portal.
  await expect(async () => {
    await page.goto("/apply/status");
    await expect(page.getByTestId("application-status")).toHaveText("已入驻", { timeout: 1_000 });
  }).toPass({ timeout: 120_000, intervals: [5_000] });
  // The decisions reached the new owner: the header counts them until they are opened. (The page
  // that activated it was read with the applicant's old role: the next one has the owner's.)
  await page.reload();
  await expect(page.getByTestId("unread-messages")).toHaveAccessibleName(/^\d+ 条未读消息$/);
  await page.getByRole("link", { name: "进入供应商后台" }).click();
  await expect(page).toHaveURL("/supplier");

  // ── The owner invites a clerk by e-mail.
  await page.goto("/supplier/staff");
  await page.getByLabel("手机号或电子邮箱").fill(email);
  await page.getByRole("button", { name: "生成邀请链接" }).click();
  await expect(page.getByTestId("invitation-link")).toBeVisible();

  // The invitation e-mail arrives at the local SMTP server, with the link.
  const mail = await waitForMail(email, new RegExp(`${name}.*邀请您加入`));
  const link = /\/staff-invitations\/[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0];
  expect(link, "the invitation link in the e-mail's text").toBeTruthy();
  expect(mail.html).toContain(link!);

  // ── The clerk opens it, signs up with that e-mail and a password, comes back and accepts.
  const clerkContext = await browser.newContext({ locale: "zh-CN" });
  const clerk = await clerkContext.newPage();
  await clerk.goto(link!);
  await expect(clerk.getByText(name)).toBeVisible();
  await clerk.getByRole("link", { name: "注册账户" }).click();
  await clerk.getByLabel("手机号", { exact: true }).fill(clerkMobile);
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

  // The invitation is an unread message: the header's badge leads to it; once opened, it is read.
  await expect(clerk.getByTestId("unread-messages")).toHaveAccessibleName(/^\d+ 条未读消息$/);
  await clerk.getByTestId("unread-messages").click();
  await expect(clerk).toHaveURL("/account/messages");
  const invitation = clerk
    .getByTestId("my-messages")
    .getByTestId("message")
    .filter({ hasText: `${name} 邀请您加入` });
  await expect(invitation).toHaveAttribute("data-unread", "true");
  await clerk.getByRole("link", { name: "我的账户" }).click();
  await expect(clerk).toHaveURL("/account");
  await expect(clerk.getByTestId("unread-messages")).toHaveCount(0);
  // The portal links to the messages too; now they are read.
  await clerk.goto("/supplier");
  await clerk.getByRole("link", { name: "我的消息" }).first().click();
  await expect(clerk).toHaveURL("/account/messages");
  await expect(invitation).not.toHaveAttribute("data-unread", "true");

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

  // ── The sale is in the supplier's statistics, to the fen (a new supplier's benefit rate is 0
  // until its first linkage agreement: no pool yet).
  const after = await supplierReportTotals(clerk);
  expect(after.sales - before.sales).toBe(2 * 4560);
  expect(after.attributed - before.attributed).toBe(0);

  // ── Suspension takes the product out of the store on the next request; reinstatement brings it back.
  const anonymous = await browser.newContext();
  const store = anonymous.request;
  expect((await store.get(productPath)).status()).toBe(200);
  await changeStanding(district.page, name, "暂停销售", "抽检不合格，暂停销售待整改");
  expect((await store.get(productPath)).status()).toBe(404);
  await changeStanding(district.page, name, "恢复销售", "整改完成");
  expect((await store.get(productPath)).status()).toBe(200);

  await withdrawProduct(clerk, supplierProductPath);
  // ── And it leaves: the district closes it (清退); it is no longer in the sitemap. (This also
  // keeps the shared server's store as the other journeys expect it: 40 suppliers, 150 products.)
  await changeStanding(district.page, name, "清退", "主体申请退出平台");
  // (The sitemap may be served from the anonymous page cache for a few seconds.)
  await expect
    .poll(async () => (await (await store.get("/sitemap.xml")).text()).match(/\/suppliers\/[^<]+/g)?.length, {
      timeout: 30_000,
    })
    .toBe(SUPPLIERS.length);
  expect(await (await store.get("/sitemap.xml")).text()).not.toContain(productPath);
  await Promise.all([
    clerkContext.close(),
    shopperContext.close(),
    anonymous.close(),
    district.context.close(),
  ]);
});
