// The settings that connect the e2e server to the local fake Alipay and fake WeChat Pay of
// tests/e2e/china-pay.spec.ts. The server (playwright.config.ts webServer) starts before any test,
// so the fakes listen on fixed ports next to E2E_PORT and their keys are made once per port and
// kept in .cache: the config (main process and workers) and the spec read the same file. The fakes
// run only while that spec runs; other specs never choose Alipay or WeChat Pay (demo stays default).
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";

type KeyPair = { publicKey: string; privateKey: string };

export type ChinaPayE2e = {
  alipay: { port: number; appId: string; appKeys: KeyPair; alipayKeys: KeyPair };
  wechat: {
    port: number;
    merchantKeys: KeyPair;
    platformKeys: KeyPair;
    serial: string;
    platformSerial: string;
    apiV3Key: string;
  };
};

const pair = (): KeyPair =>
  generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });

/** The fakes' ports and keys for the e2e server on `port` (made on first use, then read back). */
export function chinaPayE2e(port: number): ChinaPayE2e {
  const file = `.cache/e2e-china-pay-${port}.json`;
  if (existsSync(file)) {
    const kept = JSON.parse(readFileSync(file, "utf8")) as ChinaPayE2e;
    if (kept.alipay?.port === port + 5 && kept.wechat?.port === port + 6) return kept;
  }
  const made: ChinaPayE2e = {
    alipay: { port: port + 5, appId: "2021000000000001", appKeys: pair(), alipayKeys: pair() },
    wechat: {
      port: port + 6,
      merchantKeys: pair(),
      platformKeys: pair(),
      serial: randomBytes(20).toString("hex").toUpperCase(),
      platformSerial: `PUB_KEY_ID_${randomBytes(8).toString("hex")}`,
      apiV3Key: randomBytes(16).toString("hex"),
    },
  };
  mkdirSync(".cache", { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(made));
  renameSync(`${file}.tmp`, file);
  return made;
}

/** The app server's environment for those fakes (notifications come back to the server itself). */
export function chinaPayServerEnv(port: number): Record<string, string> {
  const { alipay, wechat } = chinaPayE2e(port);
  const self = `http://127.0.0.1:${port}`;
  return {
    ALIPAY_APP_ID: alipay.appId,
    ALIPAY_PRIVATE_KEY: alipay.appKeys.privateKey,
    ALIPAY_PUBLIC_KEY: alipay.alipayKeys.publicKey,
    ALIPAY_GATEWAY: `http://127.0.0.1:${alipay.port}/gateway.do`,
    ALIPAY_NOTIFY_URL: `${self}/webhooks/alipay`,
    WECHATPAY_MCH_ID: "1900000109", // the fake's merchant and app ids (tests/support/fake-wechatpay.ts)
    WECHATPAY_APP_ID: "wx0123456789abcdef",
    WECHATPAY_SERIAL: wechat.serial,
    WECHATPAY_PRIVATE_KEY: wechat.merchantKeys.privateKey,
    WECHATPAY_APIV3_KEY: wechat.apiV3Key,
    WECHATPAY_PLATFORM_PUBLIC_KEY: wechat.platformKeys.publicKey,
    WECHATPAY_PLATFORM_SERIAL: wechat.platformSerial,
    WECHATPAY_BASE_URL: `http://127.0.0.1:${wechat.port}`,
    WECHATPAY_NOTIFY_URL: `${self}/webhooks/wechatpay`,
  };
}
