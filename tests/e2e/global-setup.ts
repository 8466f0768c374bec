// Starts the Alipay and WeChat Pay fakes for the whole run (tests/support/e2e-pay.ts), with this
// run's keys, on the ports the e2e server's settings name; stops them when the run ends.
import { startFakeAlipay } from "../support/fake-alipay";
import { startFakeWechatPay } from "../support/fake-wechatpay";
import { E2E_ALIPAY_APP_ID, e2ePayKeys, fakePorts } from "../support/e2e-pay";

export default async function globalSetup() {
  const keys = e2ePayKeys();
  const ports = fakePorts(Number(process.env.E2E_PORT ?? 3100));
  const alipay = await startFakeAlipay({
    port: ports.alipay,
    appId: E2E_ALIPAY_APP_ID,
    appKeys: keys.alipayApp,
    alipayKeys: keys.alipay,
  });
  const wechat = await startFakeWechatPay({
    port: ports.wechat,
    merchantKeys: keys.merchant,
    platformKeys: keys.platform,
    serial: keys.serial,
    platformSerial: keys.platformSerial,
    apiV3Key: keys.apiV3Key,
    publicUrl: `http://127.0.0.1:${ports.wechat}`,
  });
  return async () => {
    await Promise.all([alipay.close(), wechat.close()]);
  };
}
