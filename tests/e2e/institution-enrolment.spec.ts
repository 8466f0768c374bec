// Institution enrolment (issue 18 "Run the platform"): a new account applies for a budget unit under
// the demo education bureau, the district approves, the share shown is budget × ratio to the fen,
// the parent's /buyer lists the unit and the officials' ranking lists it. Unique per project and run.
import { creditCodeCheckChar } from "../../core/credit-code";
import { expect, test, type Browser } from "@playwright/test";
import { BUYER_ORGANISATIONS } from "../../db/fixtures/accounts";
import { TOWNS } from "../../db/fixtures/regions";
import { logIn, yuan } from "./fixtures";

/** A valid 统一社会信用代码 ending in `serial` (its GB 32100 check character appended). */
function creditCode(serial: string): string {
  const first17 = `12411200MB${serial.padStart(7, "0").slice(-7)}`;
  return first17 + creditCodeCheckChar(first17)!;
}

async function asAccount(browser: Browser, key: string) {
  const page = await (await browser.newContext({ locale: "zh-CN" })).newPage();
  await logIn(page, key);
  return page;
}

test("an institution applies, the district approves, the share is budget × ratio, the parent and the ranking see it", async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(90_000);
  const tag = testInfo.project.name === "mobile" ? 1 : 2;
  const stamp = `${Date.now() % 1_000_000}`;
  const mobile = `136${stamp.padStart(7, "0").slice(-7)}${tag}`.slice(0, 11);
  const code = creditCode(`${stamp}${tag}`);
  const name = `示范区实验学校${testInfo.project.name}${stamp}`;

  await page.goto("/institutions/apply");
  await page.getByRole("link", { name: "注册账户" }).click();
  await page.getByLabel("手机号", { exact: true }).fill(mobile);
  await page.getByLabel("昵称").fill("王校长");
  await page.getByLabel("密码", { exact: true }).fill("Secret@2026");
  await page.getByLabel("确认密码").fill("Secret@2026");
  await page.getByRole("checkbox", { name: "我已阅读并同意《用户协议》和《隐私政策》" }).check();
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page).toHaveURL("/institutions/apply");

  await page.getByLabel("单位名称").fill(name);
  await page.getByLabel("统一社会信用代码").fill(code);
  await page.getByLabel("所在区域").selectOption({ label: TOWNS[0].name });
  await page.getByLabel("上级单位").selectOption({ label: BUYER_ORGANISATIONS[0].name });
  await page.getByLabel("自办食堂").check();
  // ¥123,456.78 × 10 % (the demo district's default ratio) = ¥12,345.678 → ¥12,345.68
  await page.getByLabel(/年度食堂食材采购预算/).fill("123456.78");
  await page.getByRole("button", { name: "提交入驻申请" }).click();
  await expect(page.getByTestId("institution-application-status")).toHaveText("待示范区审核");
  const share = yuan(1_234_568);
  await expect(page.getByTestId("institution-application-share")).toHaveText(share);

  const district = await asAccount(browser, "districtOfficial");
  await district.goto("/official/institutions");
  const row = district.getByTestId(`institution-${code}`);
  await expect(row.getByTestId("application-share")).toHaveText(share);
  await row.getByRole("button", { name: "批准" }).click();
  await expect(district.getByTestId(`institution-${code}`)).toContainText("已批准");

  await page.reload();
  await expect(page.getByTestId("institution-application-status")).toHaveText("已批准");

  const parent = await asAccount(browser, "buyerAdmin");
  await parent.goto("/buyer");
  await expect(parent.getByTestId("sub-units").getByRole("row", { name: new RegExp(name) })).toContainText(
    share,
  );

  await district.goto("/official/institutions/ranking");
  await expect(
    district.getByTestId("institution-ranking").getByRole("row", { name: new RegExp(name) }),
  ).toContainText(share);
});
