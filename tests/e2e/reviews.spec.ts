// Issue 20 at 390 × 844: a freshly signed-up shopper buys two options of one product of the demo
// supplier, the supplier's staff ship and deliver it, the shopper reviews both lines (one with a
// PNG photo and a stored-XSS attempt, shown as text), the product page shows the average, the count
// and the photo review first; the supplier replies once; a district official hides the photo review
// with a reason and it leaves the product page (signed in, and for an anonymous visitor once the
// page cache follows). Then the shopper saves the product from its page with JavaScript off (a plain
// form POST) and finds it among the favourites. Each project reviews its own product.
import { expect, test, type Browser, type Page } from "@playwright/test";
import sharp from "sharp";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/fixtures/accounts";
import { PRODUCTS, SUPPLIERS } from "../../db/fixtures/catalog";
import { addVariantToCart, fillCheckout } from "./fixtures";

const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE });

const supplier = SUPPLIERS[DEMO_ACCOUNTS.find((a) => a.key === "supplierStaff")!.supplierIndex!];
/**
 * Two products of the demo supplier, one per project, each with two options in stock whose names
 * do not contain one another (the steps find an option by its name).
 */
const products = PRODUCTS.filter(
  (p) =>
    p.supplierSlug === supplier.slug &&
    p.variants.length >= 2 &&
    p.variants[0].stock >= 20 &&
    p.variants[1].stock >= 20 &&
    !p.variants[0].spec.includes(p.variants[1].spec) &&
    !p.variants[1].spec.includes(p.variants[0].spec),
).slice(-2);

/** Console errors, uncaught exceptions and dialogs (an executed `alert(1)`) of every page watched. */
let problems: string[] = [];
function watch(page: Page) {
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("dialog", async (d) => {
    problems.push(`dialog: ${d.message()}`);
    await d.dismiss();
  });
  return page;
}

async function signIn(browser: Browser, login: string, password: string, javaScriptEnabled = true) {
  const context = await browser.newContext({ locale: "zh-CN", viewport: PHONE, javaScriptEnabled });
  const page = watch(await context.newPage());
  await page.goto("/login");
  await page.getByLabel("手机号或邮箱").fill(login);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  return page;
}
const demo = (key: string) => DEMO_ACCOUNTS.find((a) => a.key === key)!.mobile;

test("buy → deliver → review with a photo → reply once → hidden by an official; favourites without JavaScript", async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(180_000); // four accounts on a shared, loaded machine
  expect(products).toHaveLength(2);
  const product = products[testInfo.project.name === "mobile" ? 0 : 1];
  const [withPhoto, textOnly] = product.variants;
  const productPath = `/products/${product.slug}`;
  const stamp = `${testInfo.project.name}-${Date.now()}`;
  const xss = `<script>alert(1)</script>`;
  const photoText = `果子很甜 ${xss} ${stamp}`;
  const plainText = `包装结实，送货快 ${stamp}`;
  const mobile = `136${String(Date.now()).slice(-8)}`;
  const password = "Secret#2026";
  problems = [];
  watch(page);

  // A new shopper signs up and buys one of each of the product's first two options.
  await page.goto("/signup");
  await page.getByLabel("手机号").fill(mobile);
  await page.getByLabel("昵称").fill("评价测试");
  await page.getByLabel("密码", { exact: true }).fill(password);
  await page.getByLabel("确认密码").fill(password);
  await page.getByRole("checkbox", { name: /我已阅读并同意/ }).check();
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page).toHaveURL(/\/account/);
  await addVariantToCart(page, productPath, withPhoto.spec);
  await addVariantToCart(page, productPath, textOnly.spec);
  await page.goto("/checkout");
  await fillCheckout(page, mobile);
  await page.getByRole("button", { name: "提交订单" }).click();
  await page.getByRole("button", { name: "确认支付" }).click();
  await expect(page.getByTestId("order-status")).toHaveText("已支付");
  const orderNumber = page.url().split("/").pop()!;

  // Nothing to review before delivery.
  await page.goto("/account/reviews");
  await expect(page.getByText("暂无待评价的商品。")).toBeVisible();

  // The supplier's staff ship the part and mark it delivered.
  const staff = await signIn(browser, demo("supplierStaff"), DEMO_PASSWORD);
  await staff.goto("/supplier/orders?status=paid");
  await staff.getByRole("link", { name: orderNumber }).click();
  await staff.getByLabel("快递公司").fill("顺丰速运");
  await staff.getByLabel("运单号").fill(`SF${Date.now()}`);
  await staff.getByRole("button", { name: "确认发货" }).click();
  await expect(staff.getByRole("status").filter({ hasText: "已发货" })).toBeVisible();
  await staff.getByRole("button", { name: "标记为已送达" }).click();
  await expect(staff.getByRole("status").filter({ hasText: "已标记送达" })).toBeVisible();

  // The shopper reviews both lines: four stars, the XSS attempt and a PNG first; five stars, text only, after.
  const png = await sharp({
    create: { width: 64, height: 64, channels: 3, background: { r: 200, g: 40, b: 40 } },
  })
    .png()
    .toBuffer();
  await page.goto("/account/reviews");
  const lineOf = (spec: string) => page.getByRole("listitem").filter({ hasText: spec });
  await expect(lineOf(withPhoto.spec)).toHaveCount(1);
  await expect(lineOf(textOnly.spec)).toHaveCount(1);
  await expect(page.getByTestId("review-form")).toHaveCount(2);
  let form = lineOf(withPhoto.spec).getByTestId("review-form");
  await form.getByLabel("评分（1–5 星）").selectOption("4");
  await form.getByLabel("评价内容（2–1000 字）").fill(photoText);
  await form.getByLabel(/图片/).setInputFiles({ name: "apple.png", mimeType: "image/png", buffer: png });
  await form.getByRole("button", { name: "提交评价" }).click();
  await expect(page.getByRole("status").filter({ hasText: "评价已提交" })).toBeVisible();
  form = lineOf(textOnly.spec).getByTestId("review-form");
  await form.getByLabel("评分（1–5 星）").selectOption("5");
  await form.getByLabel("评价内容（2–1000 字）").fill(plainText);
  await form.getByRole("button", { name: "提交评价" }).click();
  await expect(page.getByRole("status").filter({ hasText: "评价已提交" })).toBeVisible();
  await expect(page.getByText("暂无待评价的商品。")).toBeVisible();
  await expect(page.getByTestId("my-reviews").getByRole("listitem")).toHaveCount(2);

  // The product page: average and count, the photo review first although it is older, text as text.
  await page.goto(productPath);
  await expect(page.getByTestId("review-summary")).toContainText("4.5 分 · 2 条评价");
  const reviews = page.getByTestId("review-list").getByRole("listitem");
  await expect(reviews).toHaveCount(2);
  await expect(reviews.first()).toContainText(photoText);
  await expect(reviews.first().getByRole("img", { name: "评价图片" })).toBeVisible();
  await expect(reviews.first().getByRole("img", { name: "4 星" })).toBeVisible();
  await expect(reviews.nth(1)).toContainText(plainText);
  await expect(page.getByTestId("review-list").locator("script")).toHaveCount(0);
  const photoSrc = await reviews.first().getByRole("img", { name: "评价图片" }).getAttribute("src");
  const photo = await page.request.get(photoSrc!);
  expect(photo.status()).toBe(200);
  expect(photo.headers()["content-type"]).toMatch(/^image\//);

  // The supplier replies once (with another XSS attempt); the form is gone afterwards.
  const reply = `感谢支持！${xss}`;
  await staff.goto("/supplier/reviews");
  let item = staff.getByRole("listitem").filter({ hasText: photoText });
  await item.getByLabel("回复（仅一次，1–500 字）").fill(reply);
  await item.getByRole("button", { name: "发布回复" }).click();
  await expect(staff.getByRole("status").filter({ hasText: "回复已发布" })).toBeVisible();
  item = staff.getByRole("listitem").filter({ hasText: photoText });
  await expect(item).toContainText(`商家回复：${reply}`);
  await expect(item.getByRole("button", { name: "发布回复" })).toHaveCount(0);
  await page.reload();
  await expect(reviews.first()).toContainText(`商家回复：${reply}`);
  // An anonymous visitor sees it too (and the page cache now holds it).
  const visitor = await browser.newContext({ locale: "zh-CN", viewport: PHONE });
  const anonymous = watch(await visitor.newPage());
  await anonymous.goto(productPath);
  await expect(anonymous.getByTestId("review-list")).toContainText(photoText);

  // A district official hides the photo review with a reason; it leaves the product page.
  const official = await signIn(browser, demo("districtOfficial"), DEMO_PASSWORD);
  await official.goto("/official/reviews");
  item = official.getByRole("listitem").filter({ hasText: photoText });
  await item.getByLabel("隐藏原因").fill("含有脚本代码");
  await item.getByRole("button", { name: "隐藏评价" }).click();
  await expect(official.getByRole("status").filter({ hasText: "评价已隐藏" })).toBeVisible();
  await expect(official.getByRole("listitem").filter({ hasText: photoText })).toContainText(
    "已隐藏：含有脚本代码",
  );
  await page.reload();
  await expect(page.getByTestId("review-summary")).toContainText("5 分 · 1 条评价");
  await expect(reviews).toHaveCount(1);
  await expect(page.getByText(photoText)).toHaveCount(0);
  await page.goto("/account/reviews");
  await expect(page.getByTestId("my-reviews")).toContainText("已隐藏：含有脚本代码");
  // The anonymous visitor's cached page follows.
  await expect
    .poll(
      async () => {
        await anonymous.goto(productPath);
        return anonymous.getByText(photoText).count();
      },
      { timeout: 20_000, intervals: [1_000, 2_000, 5_000] },
    )
    .toBe(0);
  await expect(anonymous.getByText(plainText)).toBeVisible();
  await visitor.close();

  // Favourites, JavaScript off: the save button is a form POST that comes back to the page.
  const noJs = await signIn(browser, mobile, password, false);
  await noJs.goto(productPath);
  await noJs.getByTestId("favourite-button").click();
  await expect(noJs).toHaveURL(productPath);
  await expect(noJs.getByRole("status").filter({ hasText: "已收藏" })).toBeVisible();
  await expect(noJs.getByTestId("favourite-button")).toHaveText("★ 已收藏");
  await noJs.goto("/account/favourites");
  await expect(noJs.getByTestId("favourites").getByRole("link", { name: product.name })).toBeVisible();
  await page.goto("/account/favourites");
  await expect(page.getByTestId("favourites").getByRole("link", { name: product.name })).toBeVisible();

  for (const p of [staff, official, noJs]) await p.context().close();
  expect(problems).toEqual([]);
});
