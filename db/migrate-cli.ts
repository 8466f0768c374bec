// `npm run db:migrate`: applies db/migrations to DATABASE_URL (or the embedded PGlite).
import { parseEnv } from "../app/lib/env.server";
import { openDatabase } from "./client";
import { migrateDatabase } from "./migrate";

const env = parseEnv(process.env);
const handle = openDatabase(env.DATABASE_URL, env.DATA_DIR);
const started = Date.now();
await migrateDatabase(handle);
console.log(`migrated ${handle.label} in ${Date.now() - started} ms`);
await handle.close();
