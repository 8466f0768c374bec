// Web security seen from outside, against the real server: headers, the CSP nonce that lets the
// app's own scripts run, the session cookie's flags and the refusal of cross-site form posts.
import { expect, test } from "@playwright/test";
import { addToCartFromProductPage, customer, DEMO_PASSWORD, twoProductsOfTwoSuppliers } from "./fixtures";

const [product] = twoProductsOfTwoSuppliers();

test("documents carry a nonce CSP and the security headers, and the app's scripts still run", async ({
  page,
}) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto("/products");
  const headers = response!.headers();
  const csp = headers["content-security-policy"];
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  // A nonce is fresh for every document.
  const again = (await page.request.get("/products")).headers()["content-security-policy"];
  expect(again).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(again).not.toBe(csp);
  // The inline context script (nonce) and the hydration modules ran: Remix's router exists.
  await page.waitForFunction(() => "__remixRouter" in window);
  await page.getByRole("link", { name: "购物车" }).first().click();
  await expect(page).toHaveURL("/cart");
  expect(violations).toEqual([]);
});

test("the session cookie is HttpOnly, SameSite=Lax and Secure (the server runs in production)", async ({
  page,
}) => {
  await page.goto("/login");
  await page.getByLabel("手机号或邮箱").fill(customer.mobile);
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  const session = (await page.context().cookies()).find((c) => c.name === "__session")!;
  expect(session.httpOnly).toBe(true);
  expect(session.sameSite).toBe("Lax");
  expect(session.secure).toBe(true);
});

test("a form post from another site is refused and changes nothing", async ({ page }) => {
  await addToCartFromProductPage(page, product.slug, 1);
  await page.goto("/cart");
  const variantId = await page.locator('input[name="variantId"]').first().inputValue();
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const forged = await page.request.post("/cart", {
    headers: { Origin: "https://evil.example", Cookie: cookie },
    form: { intent: "remove", variantId },
    maxRedirects: 0,
  });
  expect(forged.status()).toBe(403);
  expect(await forged.text()).toContain("Cross-site request refused");
  await page.goto("/cart");
  await expect(page.getByRole("spinbutton", { name: new RegExp(product.name) })).toHaveValue("1");
});

test("text a user wrote is shown as text, never run (stored XSS)", async ({ page }) => {
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  const payload = "<img src=x onerror=alert(1)>";
  await page.goto("/signup");
  await page.getByLabel("手机号").fill(`139${String(Date.now()).slice(-8)}`);
  await page.getByLabel("昵称").fill(payload);
  await page.getByLabel("密码", { exact: true }).fill("Xss@2026xss");
  await page.getByLabel("确认密码").fill("Xss@2026xss");
  await page.getByRole("checkbox", { name: /我已阅读并同意/ }).check();
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page).toHaveURL(/\/account/);
  await expect(page.getByText(payload).first()).toBeVisible();
  expect(await page.locator("img[src='x']").count()).toBe(0);
  expect(dialogs).toEqual([]);
});
