import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createCspNonce, crossSiteRefusal, type RequestOrigin } from "./web-security.server";

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
    expect(crossSiteRefusal(post({ origin: "https://shop.example.cn", secFetchSite: "same-origin" }))).toBeNull();
  });

  it("refuses a post from another site by Sec-Fetch-Site or by Origin", () => {
    expect(crossSiteRefusal(post({ secFetchSite: "cross-site" }))).toMatch(/cross-site/);
    expect(crossSiteRefusal(post({ secFetchSite: "same-site", origin: "https://evil.example.cn" }))).toMatch(/same-site/);
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
});
