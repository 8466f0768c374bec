// Alipay's and WeChat Pay's settings are checked at start: a half-configured provider and a key
// that does not parse stop the server with a message naming the setting.
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.server";

const base = { DATA_DIR: mkdtempSync(path.join(tmpdir(), "env-")) };
const problemsOf = (raw: Record<string, string>) => {
  try {
    parseEnv({ ...base, ...raw });
  } catch (e) {
    if (e instanceof EnvError) return e.problems.join("\n");
    throw e;
  }
  return "";
};
const keys = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
});
const body = (pem: string) => pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");

describe("Alipay and WeChat Pay settings", () => {
  it("need nothing when the providers are not used", () => {
    expect(problemsOf({})).toBe("");
  });

  it("name every missing setting of a half-configured provider", () => {
    const alipay = problemsOf({ ALIPAY_APP_ID: "2021000000000001" });
    expect(alipay).toContain("ALIPAY_PRIVATE_KEY is required when ALIPAY_APP_ID is set");
    expect(alipay).toContain("ALIPAY_NOTIFY_URL is required when ALIPAY_APP_ID is set");
    const wechat = problemsOf({ WECHATPAY_MCH_ID: "1900000109" });
    expect(wechat).toContain("WECHATPAY_APIV3_KEY is required when WECHATPAY_MCH_ID is set");
    expect(wechat).toContain("WECHATPAY_PLATFORM_SERIAL is required when WECHATPAY_MCH_ID is set");
  });

  it("refuse malformed ids and keys by name, and accept keys as PEM or bare base64 (PKCS#1 too)", () => {
    const bad = problemsOf({
      ALIPAY_APP_ID: "abc",
      ALIPAY_PRIVATE_KEY: "not a key",
      WECHATPAY_APIV3_KEY: "short",
    });
    expect(bad).toContain("ALIPAY_APP_ID must be the 16-digit Alipay app id");
    expect(bad).toContain("ALIPAY_PRIVATE_KEY must be an RSA private key");
    expect(bad).toContain("WECHATPAY_APIV3_KEY must be the 32-character APIv3 key");
    expect(
      problemsOf({
        ALIPAY_APP_ID: "2021000000000001",
        ALIPAY_PRIVATE_KEY: body(keys.privateKey),
        ALIPAY_PUBLIC_KEY: body(keys.publicKey),
        ALIPAY_NOTIFY_URL: "https://shop.example/webhooks/alipay",
      }),
    ).toBe("");
  });
});
