// npm run notifications:deliver [-- --loop]: sends the notification outbox's due messages once (or
// every 5 s with --loop) and prints what happened. Safe beside the server's own delivery sweep and
// other runs of this script: messages are claimed with FOR UPDATE SKIP LOCKED (decision 092).
import { closeDatabase, prepareDatabase } from "~/lib/db.server";
import { deliverDueNotifications } from "~/models/notifications/delivery.server";
import { closeEmailTransports } from "~/models/notifications/transports.server";

await prepareDatabase();
const loop = process.argv.includes("--loop");
let total = { claimed: 0, sent: 0, retried: 0, failed: 0, notConfigured: 0 };
do {
  for (;;) {
    const report = await deliverDueNotifications();
    total = {
      claimed: total.claimed + report.claimed,
      sent: total.sent + report.sent,
      retried: total.retried + report.retried,
      failed: total.failed + report.failed,
      notConfigured: total.notConfigured + report.notConfigured,
    };
    if (report.claimed === 0) break;
  }
  console.log(
    `notifications: ${total.sent} sent, ${total.retried} to retry, ${total.failed} failed, ${total.notConfigured} e-mail not configured`,
  );
  if (loop) await new Promise((r) => setTimeout(r, 5_000));
} while (loop);
closeEmailTransports();
await closeDatabase();
