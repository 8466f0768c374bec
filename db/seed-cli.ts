// `npm run db:seed`: migrates, then loads the demo data into an empty database: the registry and
// the demo history (sales of last year and this year through the app's own order functions).
import { parseEnv } from "../app/lib/env.server";
import { seedDemoData } from "../app/models/demo/history.server";
import { openDatabase, type DatabaseHandle } from "./client";
import { migrateDatabase } from "./migrate";
import { isSeeded } from "./seed";

const env = parseEnv(process.env);
const handle = openDatabase(env.DATABASE_URL, env.DATA_DIR);
// The app's database bridge (used by the model functions) uses this handle, not a second one.
(globalThis as typeof globalThis & { __xfbDatabase?: DatabaseHandle }).__xfbDatabase = handle;
await migrateDatabase(handle);
if (await isSeeded(handle.db)) {
  console.log(`${handle.label} already holds data: nothing seeded`);
} else {
  const started = Date.now();
  const history = await seedDemoData({ piiKey: env.PII_KEY });
  console.log(
    `seeded ${handle.label} in ${Date.now() - started} ms (history: ${history.paidOrders} paid orders, ${history.refunds} refunds, ` +
      `${history.bankTransfers} bank transfers, ${history.cancelled} cancelled, in ${history.ms} ms)`,
  );
}
await handle.close();
