// Bulk loading through COPY … FROM STDIN in text format, for both engines:
//  - PostgreSQL: every table gets its own reserved connection and streams its chunks while the
//    generator keeps working (one chunk in flight per table). When the session may set
//    session_replication_role = replica (superuser), foreign-key triggers are skipped, so tables
//    load concurrently; the generator builds consistent rows by construction. Otherwise chunks
//    go in dependency order (parents first) and every foreign key is checked as usual.
//  - PGlite: one connection; each chunk is a COPY … FROM '/dev/blob', run in sequence.
import { once } from "node:events";
import type { PGlite } from "@electric-sql/pglite";
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
  return value.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
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
  inflight: Promise<void> | null = null;
  conn: Reserved | null = null;
  constructor(
    readonly table: string,
    readonly columns: string[],
  ) {}
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

export class Loader {
  private sinks: Sink[] = [];
  readonly stats = new Map<string, TableStat>();
  private spare: Reserved[] = [];
  private constructor(
    private readonly handle: DatabaseHandle,
    readonly replica: boolean,
    private readonly chunkBytes: number,
    first: Reserved | null,
  ) {
    if (first) this.spare.push(first);
  }

  /** Concurrent loading: PostgreSQL with foreign-key triggers off for our sessions. */
  get parallel(): boolean {
    return this.handle.engine === "postgres" && this.replica;
  }

  static async open(handle: DatabaseHandle, opts: { chunkBytes?: number } = {}): Promise<Loader> {
    const chunkBytes = opts.chunkBytes ?? (handle.engine === "postgres" ? 8 << 20 : 4 << 20);
    if (handle.engine === "pglite") {
      const pg = pgliteOf(handle);
      let replica = true;
      try {
        await pg.exec("set session_replication_role = replica");
      } catch {
        replica = false;
      }
      return new Loader(handle, replica, chunkBytes, null);
    }
    const sql = sqlOf(handle);
    const conn = await sql.reserve();
    await conn.unsafe("set synchronous_commit = off");
    let replica = true;
    try {
      await conn.unsafe("set session_replication_role = replica");
    } catch {
      replica = false;
    }
    return new Loader(handle, replica, chunkBytes, conn);
  }

  /** A table to load; sinks are flushed in the order they were made (make parents first). */
  sink(table: string, columns: string[]): Sink {
    const sink = new Sink(table, columns);
    this.sinks.push(sink);
    return sink;
  }

  /** Call often while generating: ships full chunks, waits when the database falls behind. */
  async tick(): Promise<void> {
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
    for (const sink of this.sinks) {
      if (sink.parts.length) await this.ship(sink);
      if (!this.parallel && sink.inflight) await sink.inflight;
    }
    await Promise.all(this.sinks.map((s) => s.inflight));
    for (const sink of this.sinks) sink.inflight = null;
  }

  /** Total rows pushed so far into all sinks. */
  get rowsPushed(): number {
    let n = 0;
    for (const s of this.sinks) n += s.rows;
    return n;
  }

  /** Flushes, releases the sinks' connections and forgets the sinks (their stats stay). */
  async endPhase(): Promise<void> {
    await this.flushAll();
    for (const sink of this.sinks) {
      if (sink.conn) this.spare.push(sink.conn);
      sink.conn = null;
    }
    this.sinks = [];
  }

  /** Runs statements on a session with the loader's settings; returns the last result's rows. */
  async exec<T = Record<string, unknown>>(statements: string): Promise<T[]> {
    if (this.handle.engine === "pglite") {
      const results = await pgliteOf(this.handle).exec(statements);
      return (results.at(-1)?.rows ?? []) as T[];
    }
    const conn = await this.connection();
    try {
      const result = await conn.unsafe(statements);
      return (Array.isArray(result) ? result : []) as unknown as T[];
    } finally {
      this.spare.push(conn);
    }
  }

  /** Runs several statement groups at once (PostgreSQL) or one after the other (PGlite). */
  async execAll(groups: string[]): Promise<void> {
    if (this.handle.engine === "pglite") {
      for (const g of groups) await this.exec(g);
      return;
    }
    await Promise.all(groups.map((g) => this.exec(g)));
  }

  async close(): Promise<void> {
    await this.endPhase();
    if (this.handle.engine === "pglite") {
      await pgliteOf(this.handle).exec("reset session_replication_role");
      return;
    }
    for (const conn of this.spare) {
      try {
        await conn.unsafe("reset session_replication_role; reset synchronous_commit; reset work_mem; reset maintenance_work_mem");
      } finally {
        conn.release();
      }
    }
    this.spare = [];
  }

  private async connection(): Promise<Reserved> {
    const reused = this.spare.pop();
    if (reused) return reused;
    const conn = await sqlOf(this.handle).reserve();
    await conn.unsafe("set synchronous_commit = off");
    if (this.replica) await conn.unsafe("set session_replication_role = replica");
    return conn;
  }

  private async ship(sink: Sink): Promise<void> {
    if (sink.inflight) {
      await sink.inflight;
      sink.inflight = null;
    }
    if (!sink.parts.length) return;
    const data = sink.parts.join("");
    const rows = sink.parts.length;
    sink.parts = [];
    sink.bytes = 0;
    const stat = this.stats.get(sink.table) ?? { table: sink.table, rows: 0, firstMs: performance.now(), lastMs: 0 };
    this.stats.set(sink.table, stat);
    const done = (async () => {
      if (this.handle.engine === "pglite") {
        await pgliteOf(this.handle).query(sink.copySql.replace(/from stdin$/, "from '/dev/blob'"), [], {
          blob: new Blob([data]),
        });
      } else {
        sink.conn ??= await this.connection();
        await copyIn(sink.conn, sink.copySql, data, sink.table);
      }
      stat.rows += rows;
      stat.lastMs = performance.now();
    })();
    if (this.parallel) {
      sink.inflight = done;
      done.catch(() => {}); // surfaced by the next await of inflight
    } else {
      await done;
    }
  }
}

async function copyIn(conn: Reserved, copySql: string, data: string, table: string): Promise<void> {
  const stream = await conn.unsafe(copySql).writable();
  let failure: Error | null = null;
  const failed = new Promise<void>((resolve) =>
    stream.once("error", (e: Error) => {
      failure = e;
      resolve();
    }),
  );
  const buffer = Buffer.from(data, "utf8");
  for (let i = 0; i < buffer.length && !failure; i += PIECE) {
    if (!stream.write(buffer.subarray(i, i + PIECE))) await Promise.race([once(stream, "drain").catch(() => {}), failed]);
  }
  if (failure) throw copyError(table, failure);
  const finished = new Promise<boolean>((resolve) => stream.once("finish", () => resolve(true)));
  stream.end();
  // postgres.js does not report an error that arrives after the end of the data: a query queued
  // behind the COPY answers only once the COPY is over, so whichever comes first tells.
  const ok = await Promise.race([finished, failed.then(() => false), conn`select 1`.then(() => false)]);
  if (!ok) throw copyError(table, failure ?? new Error("the server rejected the data (see the PostgreSQL log)"));
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
