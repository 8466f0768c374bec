// npm run payments:reconcile [-- --minutes N]: asks Stripe about every order still pending (or
// cancelled by the sweep) after N minutes (default 15) with an open Stripe payment, and applies
// what it learns through the one completion function — a webhook that never arrived is recovered.
import { closeDatabase, prepareDatabase } from "~/lib/db.server";
import { stripeEnabled } from "~/lib/stripe.server";
import { reconcileStripePayments } from "~/models/ordering/stripe.server";

const arg = process.argv.indexOf("--minutes");
const minutes = arg >= 0 ? Number(process.argv[arg + 1]) : 15;
if (!Number.isInteger(minutes) || minutes < 0) {
  console.error("--minutes must be a whole number");
  process.exit(2);
}
if (!stripeEnabled()) {
  console.log("STRIPE_SECRET_KEY is not set: nothing to reconcile (demo payments complete on their page).");
  process.exit(0);
}
await prepareDatabase();
try {
  const summary = await reconcileStripePayments({ olderThanMinutes: minutes });
  console.log(JSON.stringify(summary));
  if (summary.errors > 0) process.exitCode = 1;
} finally {
  await closeDatabase();
}
