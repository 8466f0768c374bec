// `npm run db:seed`: migrates, then loads the demo data into an empty database.
import { parseEnv } from "../app/lib/env.server";
import { openDatabase } from "./client";
import { migrateDatabase } from "./migrate";
import { isSeeded, seedDatabase } from "./seed";

const env = parseEnv(process.env);
const handle = openDatabase(env.DATABASE_URL, env.DATA_DIR);
await migrateDatabase(handle);
if (await isSeeded(handle.db)) {
  console.log(`${handle.label} already holds data: nothing seeded`);
} else {
  const started = Date.now();
  await seedDatabase(handle.db, { piiKey: env.PII_KEY });
  console.log(`seeded ${handle.label} in ${Date.now() - started} ms`);
}
await handle.close();
