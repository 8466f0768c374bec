// The only app file that imports db/: the bridge between the app and the database. The handle is
// opened lazily from the settings; tests put their own per-file database on globalThis first.
import {
  openDatabase,
  rowsOf,
  type Database,
  type DatabaseHandle,
  type Executor,
  type Transaction,
} from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import * as schema from "../../db/schema";
import { isSeeded, seedDatabase } from "../../db/seed";
import { getEnv } from "./env.server";

export { schema, rowsOf, seedDatabase };
// The demo fixtures and the seeded random, for the demo history (app/models/demo).
export { DEMO_ACCOUNTS } from "../../db/fixtures/accounts";
export { PRODUCTS, SUPPLIERS } from "../../db/fixtures/catalog";
export { TOWNS } from "../../db/fixtures/regions";
export { seededRandom, type Random } from "../../db/random";
// The one rollup writer (db/rollups.ts), for the ledger's incremental path.
export {
  addBeneficiaryAmounts,
  addOrderToRollups,
  addSales,
  buyerKeyOf,
  monthOf,
  type SalesDelta,
} from "../../db/rollups";
export type { Database, Executor, Transaction };

const holder = globalThis as typeof globalThis & { __xfbDatabase?: DatabaseHandle };

export function databaseHandle(): DatabaseHandle {
  if (!holder.__xfbDatabase) {
    const env = getEnv();
    holder.__xfbDatabase = openDatabase(env.DATABASE_URL, env.DATA_DIR);
  }
  return holder.__xfbDatabase;
}

/** The query builder; forwards to the current handle so tests can swap it before first use. */
export const db: Database = new Proxy({} as Database, {
  get(_target, prop) {
    const real = databaseHandle().db as unknown as Record<string | symbol, unknown>;
    const value = real[prop];
    return typeof value === "function" ? value.bind(real) : value;
  },
});

/**
 * Migrates, and seeds the demo data when the settings ask for it and the database is empty.
 * `seed` replaces the plain registry seed (the server passes the demo history, which lives in
 * app/models: nothing in lib imports a model).
 */
export async function prepareDatabase({ seed }: { seed?: () => Promise<unknown> } = {}): Promise<{
  seeded: boolean;
}> {
  const env = getEnv();
  const handle = databaseHandle();
  await migrateDatabase(handle);
  if (env.SEED_DEMO_DATA && !(await isSeeded(handle.db))) {
    await (seed ? seed() : seedDatabase(handle.db, { piiKey: env.PII_KEY }));
    return { seeded: true };
  }
  return { seeded: false };
}

/** Answers within `timeoutMs` whether the database responds. */
export async function databaseIsUp(timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([
      databaseHandle()
        .ping()
        .then(() => true as const),
      timeout,
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export async function closeDatabase(): Promise<void> {
  const handle = holder.__xfbDatabase;
  holder.__xfbDatabase = undefined;
  await handle?.close();
}

// Errors that mean "the database cannot be reached right now" (refused, dropped, shutting down,
// too many connections), as opposed to a bad query: they become a 503 with Retry-After, and
// postgres.js reconnects by itself once the server is back.
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "08000",
  "08001",
  "08003",
  "08006",
  "53300", // too_many_connections
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth++) {
    const { code, cause, errors } = current as { code?: unknown; cause?: unknown; errors?: unknown[] };
    if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
    if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    current = cause;
  }
  return false;
}
