// Bulk loading through COPY … FROM STDIN in text format, for both engines:
//  - PostgreSQL: when the session may set session_replication_role = replica (a superuser), the
//    foreign-key triggers are skipped for the loader's own sessions, so every table streams its
//    chunks on its own connection while the generator keeps working (one chunk in flight per lane;
//    the generator builds consistent rows by construction). Otherwise, or when the pool is too
//    small for that, chunks go in dependency order on one connection and every key is checked.
//  - PGlite: one connection; each chunk is a COPY … FROM '/dev/blob', run in sequence.
import { once } from "node:events";
import type { PGlite } from "@electric-sql/pglite";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import type postgres from "postgres";
import type { DatabaseHandle } from "../client";

type Sql = postgres.Sql;
type Reserved = postgres.ReservedSql;

/** COPY text format: NULL. */
export const NULL = "\\N";

const SPECIAL = /[\\\t\n\r]/;
/** Escapes a free-text value for COPY text format. */
export function copyText(value: string): string {
  if (!SPECIAL.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
  );
}

/** A nullable free-text value for COPY text format. */
export function copyNullable(value: string | null | undefined): string {
  return value == null ? NULL : copyText(value);
}

export type TableStat = { table: string; rows: number; firstMs: number; lastMs: number };

export class Sink {
  rows = 0;
  parts: string[] = [];
  bytes = 0;
  /** Chunks in flight, one per lane (a lane is a connection: more lanes, more server cores). */
  inflight: (Promise<void> | null)[];
  conns: (Reserved | null)[];
  nextLane = 0;
  constructor(
    readonly table: string,
    readonly columns: string[],
    readonly lanes = 1,
  ) {
    this.inflight = Array.from({ length: lanes }, () => null);
    this.conns = Array.from({ length: lanes }, () => null);
  }
  /** Adds one row: the values joined by tabs, ending with a newline. */
  push(line: string) {
    this.parts.push(line);
    this.bytes += line.length;
    this.rows++;
  }
  get copySql() {
    return `copy "${this.table}" (${this.columns.map((c) => `"${c}"`).join(", ")}) from stdin`;
  }
}

const PIECE = 1 << 20;
/** Connections a parallel phase may hold at once (the orders phase: six tables, two ledger lanes). */
export const PARALLEL_CONNECTIONS = 8;

export class Loader {
  private sinks: Sink[] = [];
  readonly stats = new Map<string, TableStat>();
  /** The one connection of serial mode on PostgreSQL. */
  private serialConn: Reserved | null = null;
  /** Set by `abort()`: the next `tick()` throws, so a run stops cleanly (finally blocks run). */
  private abortReason: string | null = null;

  private constructor(
    private readonly handle: DatabaseHandle,
    /** Foreign-key triggers are off in the loader's sessions. */
    readonly replica: boolean,
    /** Tables load concurrently (PostgreSQL, replica, a pool big enough). */
    readonly parallel: boolean,
    readonly poolSize: number,
    private readonly chunkBytes: number,
  ) {}

  static async open(handle: DatabaseHandle, opts: { chunkBytes?: number } = {}): Promise<Loader> {
    const chunkBytes = opts.chunkBytes ?? (handle.engine === "postgres" ? 8 << 20 : 4 << 20);
    if (handle.engine === "pglite") {
      let replica = true;
      try {
        await pgliteOf(handle).exec("set session_replication_role = replica");
      } catch {
        replica = false;
      }
      return new Loader(handle, replica, false, 1, chunkBytes);
    }
    const sql = sqlOf(handle);
    const poolSize = Number(sql.options.max ?? 10);
    const conn = await sql.reserve();
    let replica = true;
    try {
      await conn.unsafe("set session_replication_role = replica");
      await conn.unsafe("reset session_replication_role");
    } catch {
      replica = false;
    } finally {
      conn.release();
    }
    return new Loader(handle, replica, replica && poolSize >= PARALLEL_CONNECTIONS + 1, poolSize, chunkBytes);
  }

  /** How many statements may run at once next to the loader (PostgreSQL), leaving one connection spare. */
  get concurrency(): number {
    return this.handle.engine === "postgres" ? Math.max(1, Math.min(3, this.poolSize - 1)) : 1;
  }

  abort(reason: string) {
    this.abortReason = reason;
  }

  /**
   * A table to load, with the columns each row gives, in order (schema property names, so a typo
   * fails the typecheck). Sinks are flushed in the order they were made: make parents first.
   */
  sink<T extends PgTable>(
    table: T,
    keys: (keyof T["$inferInsert"] & string)[],
    opts: { lanes?: number } = {},
  ): Sink {
    const columns = keys.map((k) => {
      const column = (table as unknown as Record<string, { name?: string }>)[k];
      if (!column?.name) throw new Error(`no column ${k}`);
      return column.name;
    });
    const sink = new Sink(
      getTableConfig(table).name,
      columns,
      this.parallel ? Math.max(1, opts.lanes ?? 1) : 1,
    );
    this.sinks.push(sink);
    return sink;
  }

  /** Call often while generating: ships full chunks, waits when the database falls behind. */
  async tick(): Promise<void> {
    if (this.abortReason) throw new Error(`stopped: ${this.abortReason}`);
    if (this.parallel) {
      for (const sink of this.sinks) if (sink.bytes >= this.chunkBytes) await this.ship(sink);
      // Let the sockets drain while the generator runs synchronously.
      await new Promise<void>((resolve) => setImmediate(resolve));
      return;
    }
    if (this.sinks.some((s) => s.bytes >= this.chunkBytes)) await this.flushAll();
  }

  /** Ships every buffered row and waits until all of it is in the database. */
  async flushAll(): Promise<void> {
    for (const sink of this.sinks) if (sink.parts.length) await this.ship(sink);
    for (const sink of this.sinks) {
      await Promise.all(sink.inflight);
      sink.inflight.fill(null);
    }
  }

  /** Flushes, gives the sinks' connections back and forgets the sinks (their stats stay). */
  async endPhase(): Promise<void> {
    try {
      await this.flushAll();
    } finally {
      for (const sink of this.sinks) {
        await Promise.allSettled(sink.inflight);
        for (const conn of sink.conns) if (conn) await this.release(conn);
        sink.conns.fill(null);
      }
      this.sinks = [];
    }
  }

  /** Runs statements one by one on one session with the loader's settings; returns the last one's rows. */
  async exec<T = Record<string, unknown>>(statements: string | string[]): Promise<T[]> {
    const list = typeof statements === "string" ? [statements] : statements;
    let rows: T[] = [];
    if (this.handle.engine === "pglite") {
      const pg = pgliteOf(this.handle);
      for (const statement of list) rows = (await pg.query<T>(statement)).rows;
      return rows;
    }
    const conn = await this.connection();
    try {
      for (const statement of list) rows = [...(await conn.unsafe(statement))] as T[];
      return rows;
    } finally {
      await this.release(conn);
    }
  }

  /** Runs jobs, at most `concurrency` at a time; settles all of them before reporting a failure. */
  async runAll<T>(jobs: (() => Promise<T>)[], concurrency = this.concurrency): Promise<T[]> {
    const results: T[] = new Array(jobs.length);
    const errors: unknown[] = [];
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const i = next++;
        try {
          results[i] = await jobs[i]();
        } catch (error) {
          errors.push(error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
    if (errors.length) throw errors[0];
    return results;
  }

  async close(): Promise<void> {
    try {
      await this.endPhase();
    } finally {
      if (this.serialConn) await this.release(this.serialConn, true);
      this.serialConn = null;
      if (this.handle.engine === "pglite") await pgliteOf(this.handle).exec("reset session_replication_role");
    }
  }

  private async connection(): Promise<Reserved> {
    if (!this.parallel && this.serialConn) return this.serialConn;
    const conn = await sqlOf(this.handle).reserve();
    await conn.unsafe("set synchronous_commit = off");
    if (this.replica) await conn.unsafe("set session_replication_role = replica");
    if (!this.parallel) this.serialConn = conn;
    return conn;
  }

  private async release(conn: Reserved, force = false): Promise<void> {
    if (conn === this.serialConn && !force) return;
    try {
      await conn.unsafe(
        "reset session_replication_role; reset synchronous_commit; reset work_mem; reset maintenance_work_mem",
      );
    } catch {
      // a broken connection: the pool replaces it
    } finally {
      conn.release();
    }
  }

  private async ship(sink: Sink): Promise<void> {
    const lane = sink.nextLane;
    sink.nextLane = (lane + 1) % sink.lanes;
    if (sink.inflight[lane]) {
      const previous = sink.inflight[lane];
      sink.inflight[lane] = null;
      await previous;
    }
    if (!sink.parts.length) return;
    const data = sink.parts.join("");
    const rows = sink.parts.length;
    sink.parts = [];
    sink.bytes = 0;
    const stat = this.stats.get(sink.table) ?? {
      table: sink.table,
      rows: 0,
      firstMs: performance.now(),
      lastMs: 0,
    };
    this.stats.set(sink.table, stat);
    const done = (async () => {
      if (this.handle.engine === "pglite") {
        await pgliteOf(this.handle).query(sink.copySql.replace(/from stdin$/, "from '/dev/blob'"), [], {
          blob: new Blob([data]),
        });
      } else {
        const conn = (sink.conns[lane] ??= await this.connection());
        await copyIn(conn, sink.copySql, data, sink.table);
      }
      stat.rows += rows;
      stat.lastMs = performance.now();
    })();
    if (this.parallel) {
      sink.inflight[lane] = done;
      done.catch(() => {}); // reported by whoever awaits the lane next
    } else {
      await done;
    }
  }
}

async function copyIn(conn: Reserved, copySql: string, data: string, table: string): Promise<void> {
  const query = conn.unsafe(copySql);
  // Once the query has resolved with its stream, postgres.js reports a later server error only
  // through the query's reject (a no-op by then): listen there, and on the stream.
  let failure: Error | null = null;
  let onFailure!: () => void;
  const failed = new Promise<void>((resolve) => (onFailure = resolve));
  const fail = (error: Error) => {
    failure ??= error;
    onFailure();
  };
  const q = query as unknown as { reject: (e: Error) => void };
  const reject = q.reject;
  q.reject = (error: Error) => {
    fail(error);
    reject(error);
  };
  const stream = await query.writable();
  stream.once("error", fail);
  const buffer = Buffer.from(data, "utf8");
  for (let i = 0; i < buffer.length && !failure; i += PIECE) {
    if (!stream.write(buffer.subarray(i, i + PIECE)))
      await Promise.race([once(stream, "drain").catch(() => {}), failed]);
  }
  if (!failure) {
    const finished = new Promise<void>((resolve) => stream.once("finish", () => resolve()));
    stream.end();
    await Promise.race([finished, failed]);
  }
  if (failure) throw copyError(table, failure);
}

function copyError(table: string, cause: Error): Error {
  return new Error(`COPY into ${table} failed: ${cause.message}`, { cause });
}

export function sqlOf(handle: DatabaseHandle): Sql {
  return (handle.db as unknown as { $client: Sql }).$client;
}

export function pgliteOf(handle: DatabaseHandle): PGlite {
  return (handle.db as unknown as { $client: PGlite }).$client;
}
