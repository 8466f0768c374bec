import { expect, test, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/fixtures/accounts";

const customer = DEMO_ACCOUNTS.find((a) => a.key === "customer")!;

/** A mobile number no other run has used: 13 + the last 9 digits of the clock. */
function uniqueMobile() {
  return `13${String(Date.now()).slice(-9)}`;
}

async function logIn(page: Page, login: string, password: string) {
  await page.getByLabel("手机号或邮箱").fill(login);
  await page.getByLabel("密码", { exact: true }).fill(password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`accounts, JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("sign up → log out → log in again → the (empty) order history", async ({ page }) => {
      const mobile = uniqueMobile();
      const password = "Xfbf@2026!";
      await page.goto("/");
      await page.getByRole("link", { name: "登录", exact: true }).click();
      await expect(page).toHaveURL("/login");
      await page.getByRole("link", { name: "注册新账户" }).click();
      await expect(page).toHaveURL("/signup");

      // Without consent to the user agreement and the privacy policy, no account: a message tied to the box.
      await page.getByLabel("手机号", { exact: true }).fill(mobile);
      await page.getByLabel("昵称").fill("测试买家");
      await page.getByLabel("密码", { exact: true }).fill(password);
      await page.getByLabel("确认密码").fill(`${password}x`);
      const consent = page.getByRole("checkbox", { name: "我已阅读并同意《用户协议》和《隐私政策》" });
      await expect(consent).not.toBeChecked();
      await expect(page.getByRole("link", { name: "《用户协议》" })).toHaveAttribute("href", "/terms");
      await expect(page.getByRole("link", { name: "《隐私政策》" })).toHaveAttribute("href", "/privacy");
      await page.getByRole("button", { name: "注册" }).click();
      await expect(consent).toHaveAccessibleDescription("请阅读并勾选同意《用户协议》和《隐私政策》");
      await expect(page).toHaveURL("/signup");

      // A mismatched confirmation is shown next to its field and tied to it.
      await page.getByLabel("密码", { exact: true }).fill(password);
      await page.getByLabel("确认密码").fill(`${password}x`);
      await consent.check();
      await page.getByRole("button", { name: "注册" }).click();
      await expect(page.getByLabel("确认密码")).toHaveAccessibleDescription("两次输入的密码不一致");
      await expect(page.getByLabel("手机号", { exact: true })).toHaveValue(mobile);

      await page.getByLabel("密码", { exact: true }).fill(password);
      await page.getByLabel("确认密码").fill(password);
      await page.getByRole("button", { name: "注册" }).click();
      await expect(page).toHaveURL("/account");
      await expect(page.getByRole("status")).toHaveText("注册成功，欢迎加入！");
      await expect(page.getByRole("heading", { name: "您好，测试买家" })).toBeVisible();
      await expect(page.getByTestId("account-role")).toHaveText("个人消费者");

      await page.getByRole("button", { name: "退出登录" }).click();
      await expect(page).toHaveURL("/");
      await expect(page.getByRole("link", { name: "登录", exact: true })).toBeVisible();

      // The account page asks for a login and comes back after it.
      await page.goto("/account");
      await expect(page).toHaveURL("/login?redirectTo=%2Faccount");
      await logIn(page, mobile, password);
      await expect(page).toHaveURL("/account");
      await expect(page.getByRole("heading", { name: "我的订单" })).toBeVisible();
      await expect(page.getByText("暂无订单")).toBeVisible();
    });

    test("the seeded customer logs in after a wrong password is refused", async ({ page }) => {
      await page.goto("/login");
      await logIn(page, customer.mobile, "not-the-password");
      await expect(page.getByRole("alert")).toHaveText("手机号/邮箱或密码不正确。");
      await expect(page.getByLabel("手机号或邮箱")).toHaveValue(customer.mobile);

      await logIn(page, customer.mobile, DEMO_PASSWORD);
      await expect(page).toHaveURL("/");
      await expect(page.getByRole("status")).toHaveText("登录成功");
      await page.getByRole("link", { name: "我的账户" }).click();
      await expect(page.getByRole("heading", { name: `您好，${customer.displayName}` })).toBeVisible();
      await expect(page.getByTestId("account-role")).toHaveText("个人消费者");
    });
  });
}
