// Issue 17 at 390 px, JavaScript off: a new shopper saves two addresses through the 省→市→区县
// picker (the 选择 button brings each next level from the server), makes the second the default,
// and checkout starts from it; the order placed carries that address.
import { expect, test } from "@playwright/test";
import { addToCartFromProductPage, pickRegion, twoProductsOfTwoSuppliers } from "./fixtures";

test.use({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });

const [product] = twoProductsOfTwoSuppliers();

test("address book without JavaScript → default address → checkout prefilled → the order carries it", async ({
  page,
}) => {
  const mobile = `13${String(Date.now()).slice(-9)}`;
  await page.goto("/signup");
  await page.getByLabel("手机号", { exact: true }).fill(mobile);
  await page.getByLabel("昵称").fill("地址簿买家");
  await page.getByLabel("密码", { exact: true }).fill("Xfbf@2026!");
  await page.getByLabel("确认密码").fill("Xfbf@2026!");
  await page.getByRole("checkbox", { name: "我已阅读并同意《用户协议》和《隐私政策》" }).check();
  await page.getByRole("button", { name: "注册" }).click();
  await expect(page).not.toHaveURL(/\/signup/);

  const addAddress = async (a: { name: string; region: [string, string, string]; detail: string }) => {
    await page.goto("/account/addresses");
    await page.getByRole("link", { name: "新增地址" }).click();
    await page.getByLabel("收货人").fill(a.name);
    await page.getByLabel("手机号").fill("13612345678");
    // Before a province is chosen, the city list is empty: the server sends one level at a time.
    await expect(page.getByLabel("市", { exact: true }).locator("option")).toHaveCount(1);
    await pickRegion(page, ...a.region);
    await expect(page.getByLabel("收货人")).toHaveValue(a.name); // kept across the 选择 posts
    await page.getByLabel("详细地址").fill(a.detail);
    await page.getByRole("button", { name: "保存地址" }).click();
    await expect(page.getByRole("status").filter({ hasText: "地址已保存" })).toBeVisible();
  };
  await addAddress({ name: "王一", region: ["河南省", "三门峡市", "灵宝市"], detail: "函谷路 8 号" });
  await addAddress({ name: "王二", region: ["北京市", "北京市", "朝阳区"], detail: "建国路 88 号" });

  const list = page.getByTestId("address-list");
  await expect(list.getByRole("listitem")).toHaveCount(2);
  const beijing = list.getByRole("listitem").filter({ hasText: "建国路 88 号" });
  await beijing.getByRole("button", { name: "设为默认" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已设为默认地址" })).toBeVisible();
  await expect(list.getByRole("listitem").first()).toContainText("默认");
  await expect(list.getByRole("listitem").first()).toContainText("建国路 88 号");

  await addToCartFromProductPage(page, product.slug, 1);
  await page.goto("/checkout");
  await expect(page.getByLabel("收货人")).toHaveValue("王二");
  await expect(page.getByLabel("手机号")).toHaveValue("13612345678");
  await expect(page.getByLabel("省", { exact: true })).toHaveValue("北京市");
  await expect(page.getByLabel("市", { exact: true })).toHaveValue("北京市");
  await expect(page.getByLabel("区县")).toHaveValue("朝阳区");
  await expect(page.getByLabel("详细地址")).toHaveValue("建国路 88 号");

  await page.getByRole("button", { name: "提交订单" }).click();
  await expect(page.getByRole("heading", { name: "演示支付" })).toBeVisible();
  await page.getByRole("button", { name: "确认支付" }).click();
  await expect(page).toHaveURL(/\/orders\/\d{8}-\d{6}$/);
  await expect(page.getByText(/北京市 北京市 朝阳区\s*建国路 88 号/)).toBeVisible();
});
