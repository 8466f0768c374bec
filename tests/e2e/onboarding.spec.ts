// Onboarding journey (issue 18): a new cooperative signs up and applies at /apply with a licence,
// the town official recommends it, the district approves it, and it appears under notice (公示中)
// on /notices and in the officials' list. Names and codes are unique per project and run.
import { expect, test, type Browser } from "@playwright/test";
import { TOWNS } from "../../db/fixtures/regions";
import { logIn } from "./fixtures";

const CH = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** A valid 统一社会信用代码 (GB 32100 check character) ending in `serial`. */
function creditCode(serial: string): string {
  const first17 = `93411200MA${serial.padStart(7, "0").slice(-7)}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CH.indexOf(first17[i]) * W[i];
  return first17 + CH[(31 - (sum % 31)) % 31];
}

async function asAccount(browser: Browser, key: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, key);
  return { context, page };
}

test("a cooperative applies; the town recommends; the district approves; it is under notice", async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(120_000); // three accounts and a multipart form on a shared, loaded machine
  const stamp = `${Date.now() % 10_000_000}`;
  const serial = `${stamp}${testInfo.project.name === "mobile" ? 1 : 2}`.slice(-7);
  const mobile = `139${stamp.padStart(7, "0").slice(-7)}${testInfo.project.name === "mobile" ? 1 : 2}`.slice(
    0,
    11,
  );
  const name = `石门村果蔬合作社${testInfo.project.name}${stamp}`;

  // A visitor is sent to sign up and comes back to the form.
  await page.goto("/apply");
  await page.getByRole("link", { name: "注册账户" }).click();
  await page.getByLabel("手机号", { exact: true }).fill(mobile);
  await page.getByLabel("昵称").fill("李大山");
  await page.getByLabel("密码", { exact: true }).fill("Secret@2026");
  await page.getByLabel("确认密码").fill("Secret@2026");
  await page.getByRole("checkbox", { name: "我已阅读并同意《用户协议》和《隐私政策》" }).check();
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page).toHaveURL("/apply");

  // A wrong check character is refused next to its field; nothing is lost.
  await page.getByLabel("主体名称").fill(name);
  const code = creditCode(serial);
  await page.getByLabel("统一社会信用代码").fill(code.slice(0, 17) + (code[17] === "0" ? "1" : "0"));
  await page.getByLabel("法定代表人（负责人）").fill("李大山");
  await page.getByLabel("联系手机").fill(mobile);
  await page.getByLabel("所在乡镇和村").selectOption({ label: TOWNS[0].villages[0].name });
  await page.getByLabel("党支部领办").check();
  await page.getByLabel("开户银行").fill("农商银行");
  await page.getByLabel("账户名称").fill(name);
  await page.getByLabel("结算账号").fill("6228480012345678");
  await page.getByLabel("营业执照及资质文件").setInputFiles({
    name: "营业执照.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4\n% licence\n%%EOF\n"),
  });
  await page.getByLabel("联农带农计划").fill("订单收购本村 20 户脱贫户的苹果");
  await page.getByRole("button", { name: "提交申请" }).click();
  await expect(page.getByText("统一社会信用代码不正确（校验位不符）")).toBeVisible();
  await expect(page.getByLabel("主体名称")).toHaveValue(name);

  await page.getByLabel("统一社会信用代码").fill(code);
  await page.getByLabel("所在乡镇和村").selectOption({ label: TOWNS[0].villages[0].name });
  await page.getByLabel("营业执照及资质文件").setInputFiles({
    name: "营业执照.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4\n% licence\n%%EOF\n"),
  });
  await page.getByRole("button", { name: "提交申请" }).click();
  await expect(page).toHaveURL("/apply/status");
  await expect(page.getByTestId("application-status")).toHaveText("待乡镇审核");

  // The town official of that town recommends it.
  const town = await asAccount(browser, "townOfficial");
  await town.page.goto("/official/applications");
  await town.page.getByRole("link", { name }).click();
  await town.page.getByRole("button", { name: "推荐" }).click();
  await expect(town.page.getByTestId("application-status")).toHaveText("乡镇已推荐，待示范区审定");
  await town.context.close();

  // The district approves: 公示中, listed on /notices.
  const district = await asAccount(browser, "districtOfficial");
  await district.page.goto("/official/applications");
  await district.page.getByRole("link", { name }).click();
  await district.page.getByRole("button", { name: "审定通过并公示" }).click();
  await expect(district.page.getByTestId("application-status")).toHaveText("公示中");
  await district.context.close();

  await page.goto("/apply/status");
  await expect(page.getByTestId("application-status")).toHaveText("公示中");
  const visitor = await browser.newContext();
  const notices = await visitor.newPage();
  await notices.goto("/notices");
  await expect(notices.getByTestId("supplier-notices").getByText(name)).toBeVisible();
  await visitor.close();
});
