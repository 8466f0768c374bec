// One client for both engines: PGlite (embedded; a directory or memory://) and postgres.js
// (postgres://). The query builder is identical; only raw `execute()` results differ, so
// `rowsOf()` hides that difference in one place.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Database = PostgresJsDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Executor = Database | Transaction;

export type DatabaseHandle = {
  db: Database;
  engine: "pglite" | "postgres";
  /** A description safe to log (no password). */
  label: string;
  close: () => Promise<void>;
  /** Resolves when the engine answers a trivial query. */
  ping: () => Promise<void>;
};

/** `url`: undefined → PGlite in `dataDir`; `memory://` → in-memory PGlite; `postgres://…` → server. */
export function openDatabase(url: string | undefined, dataDir = "./.data"): DatabaseHandle {
  if (url?.startsWith("postgres://") || url?.startsWith("postgresql://")) {
    const client = postgres(url, { max: Number(process.env.DATABASE_POOL_SIZE ?? 10), onnotice: () => {} });
    const db = drizzlePostgres(preparing(client), { schema });
    const parsed = new URL(url);
    return {
      db,
      engine: "postgres",
      label: `postgres://${parsed.host}${parsed.pathname}`,
      close: () => client.end({ timeout: 5 }),
      ping: async () => {
        await client`select 1`;
      },
    };
  }
  let client: PGlite;
  let label: string;
  if (!url || url.startsWith("file://")) {
    const dir = url ? url.slice("file://".length) : `${dataDir}/pglite`;
    mkdirSync(dir, { recursive: true });
    client = new PGlite(dir);
    label = `pglite:${dir}`;
  } else if (url.startsWith("memory://")) {
    client = new PGlite();
    label = "pglite:memory";
  } else {
    throw new Error(`DATABASE_URL must start with postgres://, postgresql://, file:// or memory://`);
  }
  return fromPglite(client, label);
}

/**
 * The postgres.js client with its queries prepared (decision 140). Drizzle sends every query
 * through `unsafe(text, params, { prepare: false })`, so PostgreSQL parsed and planned each one
 * again (tens of ms for a page's joins on a loaded machine). Here a query with parameters is a
 * named statement, planned once per connection and statement text; postgres.js re-prepares by
 * itself when a schema change invalidates one. Transactions and savepoints get the same client.
 */
function preparing(client: postgres.Sql): postgres.Sql {
  const wrap =
    <T>(fn: (tx: postgres.Sql) => T) =>
    (tx: postgres.Sql) =>
      fn(preparing(tx));
  return new Proxy(client, {
    get(target, prop) {
      if (prop === "unsafe")
        return (text: string, args: unknown[] = [], options: Record<string, unknown> = {}) =>
          target.unsafe(text, args as never, args.length ? { ...options, prepare: true } : options);
      if (prop === "begin" || prop === "savepoint")
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: postgres.Sql) => unknown;
          return (Reflect.get(target, prop) as (...a: unknown[]) => unknown).call(target, ...args, wrap(fn));
        };
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export function fromPglite(client: PGlite, label = "pglite"): DatabaseHandle {
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    db,
    engine: "pglite",
    label,
    close: () => client.close(),
    ping: async () => {
      await client.query("select 1");
    },
  };
}

/** Rows of a raw `db.execute()` result on either engine. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

export { schema };
