// npm run payments:reconcile [-- --minutes N]: asks every configured provider (Stripe, Alipay,
// WeChat Pay) about every order still pending (or cancelled by the sweep) after N minutes (default
// 15) with an open payment of that provider, and applies what it learns through the one completion
// function — a webhook or notification that never arrived is recovered.
import { closeDatabase, prepareDatabase } from "~/lib/db.server";
import { alipayEnabled } from "~/lib/alipay.server";
import { stripeEnabled } from "~/lib/stripe.server";
import { wechatPayEnabled } from "~/lib/wechatpay.server";
import { reconcileAlipayPayments } from "~/models/ordering/alipay.server";
import { reconcileStripePayments } from "~/models/ordering/stripe.server";
import { reconcileWechatPayments } from "~/models/ordering/wechatpay.server";

const arg = process.argv.indexOf("--minutes");
const minutes = arg >= 0 ? Number(process.argv[arg + 1]) : 15;
if (!Number.isInteger(minutes) || minutes < 0) {
  console.error("--minutes must be a whole number");
  process.exit(2);
}
const providers = [
  { name: "stripe", enabled: stripeEnabled(), run: reconcileStripePayments },
  { name: "alipay", enabled: alipayEnabled(), run: reconcileAlipayPayments },
  { name: "wechat_pay", enabled: wechatPayEnabled(), run: reconcileWechatPayments },
].filter((p) => p.enabled);
if (providers.length === 0) {
  console.log(
    "No payment provider is configured: nothing to reconcile (demo payments complete on their page).",
  );
  process.exit(0);
}
await prepareDatabase();
try {
  for (const provider of providers) {
    const summary = await provider.run({ olderThanMinutes: minutes });
    console.log(JSON.stringify({ provider: provider.name, ...summary }));
    if (summary.errors > 0) process.exitCode = 1;
  }
} finally {
  await closeDatabase();
}
