// Alipay and WeChat Pay for the e2e server: the fakes (tests/support/fake-*.ts) run as HTTP servers
// on fixed ports beside the app (E2E_PORT + 50 and + 51), started by tests/e2e/global-setup.ts, and
// the app is started with their settings. The key pairs are made once per Playwright run, in the
// runner process, and handed on through E2E_PAY_KEYS so the config, evaluated again in every
// worker, the web server and the fakes all hold the same keys. Checkout still selects the demo
// provider by default, so the other journeys do not change.
import { generateKeyPairSync, randomBytes } from "node:crypto";

export type E2ePayKeys = {
  alipayApp: { publicKey: string; privateKey: string };
  alipay: { publicKey: string; privateKey: string };
  merchant: { publicKey: string; privateKey: string };
  platform: { publicKey: string; privateKey: string };
  serial: string;
  platformSerial: string;
  apiV3Key: string;
};

export const E2E_ALIPAY_APP_ID = "2021000000000777";

const pair = () =>
  generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });

/** This run's keys (made on first call in the runner, read from the environment afterwards). */
export function e2ePayKeys(): E2ePayKeys {
  if (!process.env.E2E_PAY_KEYS) {
    const keys: E2ePayKeys = {
      alipayApp: pair(),
      alipay: pair(),
      merchant: pair(),
      platform: pair(),
      serial: randomBytes(20).toString("hex").toUpperCase(),
      platformSerial: `PUB_KEY_ID_${randomBytes(8).toString("hex")}`,
      apiV3Key: randomBytes(16).toString("hex"),
    };
    process.env.E2E_PAY_KEYS = JSON.stringify(keys);
  }
  return JSON.parse(process.env.E2E_PAY_KEYS) as E2ePayKeys;
}

export const fakePorts = (appPort: number) => ({ alipay: appPort + 50, wechat: appPort + 51 });

/** The app server's settings for both providers, pointing at the fakes. */
export function e2ePayEnv(appPort: number): Record<string, string> {
  const keys = e2ePayKeys();
  const ports = fakePorts(appPort);
  const app = `http://127.0.0.1:${appPort}`;
  return {
    ALIPAY_APP_ID: E2E_ALIPAY_APP_ID,
    ALIPAY_PRIVATE_KEY: keys.alipayApp.privateKey,
    ALIPAY_PUBLIC_KEY: keys.alipay.publicKey,
    ALIPAY_GATEWAY: `http://127.0.0.1:${ports.alipay}/gateway.do`,
    ALIPAY_NOTIFY_URL: `${app}/webhooks/alipay`,
    WECHATPAY_MCH_ID: "1900000109",
    WECHATPAY_APP_ID: "wx0123456789abcdef",
    WECHATPAY_SERIAL: keys.serial,
    WECHATPAY_PRIVATE_KEY: keys.merchant.privateKey,
    WECHATPAY_APIV3_KEY: keys.apiV3Key,
    WECHATPAY_PLATFORM_PUBLIC_KEY: keys.platform.publicKey,
    WECHATPAY_PLATFORM_SERIAL: keys.platformSerial,
    WECHATPAY_BASE_URL: `http://127.0.0.1:${ports.wechat}`,
    WECHATPAY_NOTIFY_URL: `${app}/webhooks/wechatpay`,
  };
}
