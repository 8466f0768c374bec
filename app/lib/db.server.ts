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
import { sql } from "drizzle-orm";
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
  salesFacetsFromDaily,
  type SalesDelta,
} from "../../db/rollups";
export type { Database, Executor, Transaction };

const holder = globalThis as typeof globalThis & {
  __xfbDatabase?: DatabaseHandle;
  __xfbStatsDatabase?: DatabaseHandle;
};

export function databaseHandle(): DatabaseHandle {
  if (!holder.__xfbDatabase) {
    const env = getEnv();
    holder.__xfbDatabase = openDatabase(env.DATABASE_URL, env.DATA_DIR);
  }
  return holder.__xfbDatabase;
}

/**
 * The handle statistics read from (decision 135): the streaming replica when DATABASE_REPLICA_URL
 * is set, else the primary itself (always on PGlite). Only for reads that may lag a moment behind:
 * dashboards, their exports, the stats API, public impact figures. Tests may put a handle here.
 */
export function statsDatabaseHandle(): DatabaseHandle {
  if (holder.__xfbStatsDatabase) return holder.__xfbStatsDatabase;
  const primary = databaseHandle();
  const replicaUrl = getEnv().DATABASE_REPLICA_URL;
  if (!replicaUrl || primary.engine !== "postgres") return primary;
  holder.__xfbStatsDatabase = openDatabase(replicaUrl);
  return holder.__xfbStatsDatabase;
}

/** A query builder that forwards to the current handle, so tests can swap it before first use. */
function forwardingTo(handle: () => DatabaseHandle): Database {
  return new Proxy({} as Database, {
    get(_target, prop) {
      const real = handle().db as unknown as Record<string | symbol, unknown>;
      const value = real[prop];
      return typeof value === "function" ? value.bind(real) : value;
    },
  });
}

/** The query builder of the primary: every write, and every read of what a user just did. */
export const db: Database = forwardingTo(databaseHandle);

/** The query builder for statistics (the replica, or the primary when none is set). Never write through it. */
export const statsDb: Database = forwardingTo(statsDatabaseHandle);

export type StatsFreshness = {
  /** Everything committed on the primary up to this instant is in the figures (ISO); null: not known yet. */
  asOf: string | null;
  replica: boolean;
};

/**
 * How fresh the statistics handle is, asked BEFORE the figures are read (replay only moves on, so
 * the figures are at least this fresh): on a replica the commit time of the last transaction it
 * replayed (pg_last_xact_replay_timestamp: never overstates, null until it replays one after
 * starting); on the primary now().
 */
export async function statsFreshness(): Promise<StatsFreshness> {
  const [row] = rowsOf<{ replica: boolean; as_of: Date | string | null }>(
    await statsDb.execute(
      sql`select pg_is_in_recovery() as replica,
                 case when pg_is_in_recovery() then pg_last_xact_replay_timestamp() else now() end as as_of`,
    ),
  );
  return {
    replica: row.replica === true,
    asOf: row.as_of == null ? null : new Date(row.as_of).toISOString(),
  };
}

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
  const stats = holder.__xfbStatsDatabase;
  holder.__xfbDatabase = undefined;
  holder.__xfbStatsDatabase = undefined;
  await handle?.close();
  if (stats && stats !== handle) await stats.close();
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
