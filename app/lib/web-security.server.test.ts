import { describe, expect, it } from "vitest";
import {
  contentSecurityPolicy,
  createCspNonce,
  crossSiteRefusal,
  paymentFormTargets,
  urlInputRefusal,
  type RequestOrigin,
} from "./web-security.server";

const post = (over: Partial<RequestOrigin>): RequestOrigin => ({
  method: "POST",
  path: "/cart",
  host: "shop.example.cn",
  origin: undefined,
  secFetchSite: undefined,
  ...over,
});

describe("crossSiteRefusal", () => {
  it("lets same-origin form posts through", () => {
    expect(
      crossSiteRefusal(post({ origin: "https://shop.example.cn", secFetchSite: "same-origin" })),
    ).toBeNull();
  });

  it("refuses a post from another site by Sec-Fetch-Site or by Origin", () => {
    expect(crossSiteRefusal(post({ secFetchSite: "cross-site" }))).toMatch(/cross-site/);
    expect(crossSiteRefusal(post({ secFetchSite: "same-site", origin: "https://evil.example.cn" }))).toMatch(
      /same-site/,
    );
    expect(crossSiteRefusal(post({ origin: "https://evil.example" }))).toMatch(/evil/);
    expect(crossSiteRefusal(post({ origin: "null" }))).toMatch(/null/);
    expect(crossSiteRefusal(post({ origin: "http://shop.example.cn:8080" }))).not.toBeNull();
  });

  it("leaves reads, signed webhooks, the token API and non-browser clients alone", () => {
    expect(crossSiteRefusal(post({ method: "GET", origin: "https://evil.example" }))).toBeNull();
    expect(crossSiteRefusal(post({ path: "/webhooks/stripe", origin: "https://evil.example" }))).toBeNull();
    expect(crossSiteRefusal(post({ path: "/api/stats", secFetchSite: "cross-site" }))).toBeNull();
    expect(crossSiteRefusal(post({}))).toBeNull();
  });
});

describe("contentSecurityPolicy", () => {
  it("allows scripts only from this site or with the nonce, and no framing", () => {
    const nonce = createCspNonce();
    expect(nonce).not.toBe(createCspNonce());
    const csp = contentSecurityPolicy(nonce);
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}'`);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });

  // A checkout posted without JavaScript is redirected (303) to the provider's page: the browser
  // checks form-action on that redirect, so a provider missing here left the shopper on /checkout.
  it("lets forms be redirected on to the configured payment providers' pages, and only those", () => {
    const none = {
      ALIPAY_APP_ID: undefined,
      ALIPAY_GATEWAY: "https://openapi.alipay.com/gateway.do",
      WECHATPAY_MCH_ID: undefined,
      WECHATPAY_BASE_URL: "https://api.mch.weixin.qq.com",
    };
    const formAction = (targets: string[]) =>
      /form-action ([^;]*)/.exec(contentSecurityPolicy("n", targets))![1].split(" ");
    expect(formAction(paymentFormTargets(none))).toEqual(["'self'", "https://checkout.stripe.com"]);
    const both = formAction(
      paymentFormTargets({
        ALIPAY_APP_ID: "2021000000000001",
        ALIPAY_GATEWAY: "http://127.0.0.1:3105/gateway.do",
        WECHATPAY_MCH_ID: "1900000109",
        WECHATPAY_BASE_URL: "http://127.0.0.1:3106",
      }),
    );
    expect(both).toEqual(
      expect.arrayContaining([
        "'self'",
        "https://checkout.stripe.com",
        "http://127.0.0.1:3105",
        "https://*.alipay.com",
        "https://wx.tenpay.com",
        "http://127.0.0.1:3106",
      ]),
    );
    const real = paymentFormTargets({ ...none, ALIPAY_APP_ID: "2021000000000001" });
    expect(real).toContain("https://openapi.alipay.com");
    expect(real).not.toContain("https://wx.tenpay.com");
    // Without an argument: the server's own settings.
    expect(contentSecurityPolicy("n")).toMatch(/form-action 'self' https:\/\/checkout\.stripe\.com/);
  });
});

describe("urlInputRefusal", () => {
  it("refuses control characters in a path segment (404) or a query value (400)", () => {
    for (const path of [
      "/products/%00",
      "/orders/%00",
      "/buyer/orders/a%0Ab",
      "/suppliers/%7F",
      "/official/orders/%09",
    ]) {
      expect(urlInputRefusal(path)?.status, path).toBe(404);
    }
    for (const url of [
      "/products?q=%00",
      "/official/households?q=%01x",
      "/official/audit?from=%00",
      "/products?q=a%0D%0Ab",
      "/x?%00=1",
    ]) {
      expect(urlInputRefusal(url)?.status, url).toBe(400);
    }
    expect(urlInputRefusal("/products?q=%00")?.message).toMatch(/控制字符.*control characters/);
  });

  it("lets ordinary, Chinese, encoded and even malformed-query addresses through to the routes", () => {
    for (const url of [
      "/",
      "/products?q=苹果&page=2",
      "/products/%E8%8B%B9%E6%9E%9C",
      "/orders/20261122-000123",
      "/x?q=%E0%A4%A",
      "/x?q=%20a%20",
    ]) {
      expect(urlInputRefusal(url), url).toBeNull();
    }
  });
});
