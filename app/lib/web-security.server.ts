// The web-security rules every response and every state-changing request pass through: one place
// for the Content-Security-Policy, the other security headers, and the same-origin check that
// protects every form against cross-site request forgery.
import { randomBytes } from "node:crypto";
import { CONTROL_CHARACTERS_MESSAGE, CONTROL_IN_URL } from "./control-characters";
import { getEnv, type Env } from "./env.server";

/** A fresh nonce per document: the only inline scripts allowed are Remix's own, which carry it. */
export function createCspNonce(): string {
  return randomBytes(16).toString("base64");
}

type PaymentSettings = Pick<
  Env,
  "ALIPAY_APP_ID" | "ALIPAY_GATEWAY" | "WECHATPAY_MCH_ID" | "WECHATPAY_BASE_URL"
>;

/**
 * Where a form posted here may be redirected on to: the payment pages of the configured providers.
 * The browser checks form-action on every redirect of a form post, so without them a checkout
 * posted without JavaScript (or before the page hydrated) to Alipay or WeChat Pay H5 stays on
 * /checkout with the order placed. Stripe Checkout; Alipay's gateway and cashiers (*.alipay.com,
 * the sandbox's *.alipaydev.com); WeChat Pay H5's page (wx.tenpay.com) and WECHATPAY_BASE_URL,
 * whose host serves those pages in a sandbox or the local fake of the tests.
 */
export function paymentFormTargets(env: PaymentSettings = getEnv()): string[] {
  const targets = ["https://checkout.stripe.com"];
  if (env.ALIPAY_APP_ID)
    targets.push(new URL(env.ALIPAY_GATEWAY).origin, "https://*.alipay.com", "https://*.alipaydev.com");
  if (env.WECHATPAY_MCH_ID) targets.push("https://wx.tenpay.com", new URL(env.WECHATPAY_BASE_URL).origin);
  return [...new Set(targets)];
}

/**
 * No inline script without the nonce, no plugins, no framing by other sites. Styles allow inline
 * attributes because React `style` props and the SVG charts use them; scripts are what matter.
 * Forms may post here and be redirected on to the payment providers' pages (paymentFormTargets).
 */
export function contentSecurityPolicy(nonce: string, formTargets = paymentFormTargets()): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self' ${formTargets.join(" ")}`,
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Headers for every response, documents and data alike. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(self)",
};

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
// Callers that are not browsers and prove themselves otherwise: Stripe signs its webhooks, the
// statistics API takes a bearer token.
const EXEMPT_PATHS = [/^\/webhooks\//, /^\/api\//];

export type RequestOrigin = {
  method: string;
  path: string;
  host: string | undefined;
  origin: string | undefined;
  secFetchSite: string | undefined;
};

/**
 * Cross-site request forgery check by the standard headers (OWASP "verify origin"): a browser
 * always sends Sec-Fetch-Site or Origin with a POST, and another site cannot forge either. A
 * request carrying neither is not from a browser (curl, a test), and cookies alone do not make
 * it dangerous, so it passes. Returns the reason for a refusal, or null.
 */
export function crossSiteRefusal(request: RequestOrigin): string | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  if (EXEMPT_PATHS.some((pattern) => pattern.test(request.path))) return null;
  if (request.secFetchSite && !["same-origin", "none"].includes(request.secFetchSite)) {
    return `Sec-Fetch-Site: ${request.secFetchSite}`;
  }
  if (request.origin !== undefined) {
    if (request.origin === "null") return "Origin: null";
    let originHost: string;
    try {
      originHost = new URL(request.origin).host;
    } catch {
      return "unreadable Origin";
    }
    if (!request.host || originHost !== request.host)
      return `Origin ${request.origin} is not ${request.host ?? "this site"}`;
  }
  return null;
}

/**
 * Control characters in the decoded path or query of a request (`/orders/%00`, `?q=%00`): no page
 * of ours has them in a path (404), and no loader may take them to the database (400). server.js
 * runs this before Remix, so every loader and every URL parameter is covered in one place.
 */
export function urlInputRefusal(pathAndQuery: string): { status: 400 | 404; message: string } | null {
  let url: URL;
  try {
    url = new URL(pathAndQuery, "http://localhost");
  } catch {
    return { status: 400, message: "请求地址无效 · The address is not valid" };
  }
  for (const segment of url.pathname.split("/")) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return { status: 404, message: "页面不存在 · Not found" }; // malformed %-escape: no such page
    }
    if (CONTROL_IN_URL.test(decoded)) return { status: 404, message: "页面不存在 · Not found" };
  }
  for (const [name, value] of url.searchParams) {
    if (CONTROL_IN_URL.test(name) || CONTROL_IN_URL.test(value))
      return { status: 400, message: CONTROL_CHARACTERS_MESSAGE };
  }
  return null;
}
