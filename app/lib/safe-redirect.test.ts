import { describe, expect, it } from "vitest";
import { safeRedirect } from "./safe-redirect";

const SITE = "https://shop.example";

/** Where a browser lands when it follows `Location: <value>` from a page of SITE. */
function landing(location: string): URL {
  return new URL(location, `${SITE}/login`);
}

describe("safeRedirect", () => {
  it("keeps same-site paths and refuses everything else", () => {
    expect(safeRedirect("/products?q=苹果")).toBe("/products?q=%E8%8B%B9%E6%9E%9C");
    expect(safeRedirect("/orders/20261122-000123#top")).toBe("/orders/20261122-000123#top");
    expect(safeRedirect("//evil.example")).toBe("/");
    expect(safeRedirect("/\\evil.example")).toBe("/");
    expect(safeRedirect("https://evil.example")).toBe("/");
    expect(safeRedirect(null, "/cart")).toBe("/cart");
  });

  // Each value as it arrives after the query string or form has been decoded once.
  const hostile = [
    "/\t/evil.example",
    "/\t\t/evil.example",
    "\t//evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/./\\evil.example",
    "/.\\/evil.example",
    "/../\\evil.example",
    "/%2e/\\evil.example",
    "/\\/evil.example",
    "//evil.example",
    "///evil.example",
    "/%09/evil.example",
    "/%5Cevil.example",
    "/%5C%5Cevil.example",
    "%2F%2Fevil.example",
    "/%2F%2Fevil.example",
    "／／evil.example",
    "/／evil.example",
    "＼＼evil.example",
    "/＼evil.example",
    "https://evil.example",
    "https:evil.example",
    "http:/evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "/\u0000/evil.example",
    "/\u001f/evil.example",
    "/ /evil.example",
    "\u00a0//evil.example",
    "/\u2028/evil.example",
    "data:text/html,<script>alert(1)</script>",
    "/%0d%0aSet-Cookie:x=1",
  ];

  it.each(hostile)("never leaves the site: %j", (value) => {
    const result = safeRedirect(value);
    // A header value: no control characters, nothing beyond ASCII (Headers refuse non-Latin-1).
    expect(result).toMatch(/^[\x21-\x7e]+$/);
    expect(result.startsWith("/")).toBe(true);
    expect(result.startsWith("//")).toBe(false);
    expect(result.includes("\\")).toBe(false);
    expect(landing(result).origin).toBe(SITE);
  });

  it("refuses control characters outright rather than guessing what was meant", () => {
    expect(safeRedirect("/account\r\nSet-Cookie: x=1")).toBe("/");
    expect(safeRedirect("/acc\tount")).toBe("/");
    expect(safeRedirect("/account\u0000")).toBe("/");
  });

  it("keeps a path beyond Latin-1, percent-encoded so it can be a Location header", () => {
    expect(safeRedirect("/订单")).toBe("/%E8%AE%A2%E5%8D%95");
    expect(() => new Headers({ Location: safeRedirect("/订单?q=苹果#说明") })).not.toThrow();
  });
});
