// Fresh databases for tests, copied from one migrated template per run: PGlite loads a dumped
// data directory; PostgreSQL copies a template database. Both take well under a second.
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { fromPglite, openDatabase, type DatabaseHandle } from "../../db/client";

export type TemplateInfo =
  { engine: "pglite"; dumpPath: string } | { engine: "postgres"; url: string; template: string };

export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createTestDatabase(template: TemplateInfo): Promise<DatabaseHandle> {
  if (template.engine === "pglite") {
    const client = await PGlite.create({ loadDataDir: new Blob([readFileSync(template.dumpPath)]) });
    return fromPglite(client, "pglite:test");
  }
  const name = `${template.template.replace(/_template$/, "")}_t${randomBytes(5).toString("hex")}`;
  const admin = postgres(template.url, { max: 1, onnotice: () => {} });
  try {
    // Copies of one template can collide when started at the same instant: retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${template.template}"`);
        break;
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((r) => setTimeout(r, 100 + attempt * 50));
      }
    }
  } finally {
    await admin.end();
  }
  const handle = openDatabase(withDatabaseName(template.url, name));
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const dropper = postgres(template.url, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/** The database of the current test file (set up by tests/setup/file-db.ts). */
export function currentTestDatabase(): DatabaseHandle {
  const handle = (globalThis as { __xfbDatabase?: DatabaseHandle }).__xfbDatabase;
  if (!handle) throw new Error("No test database: is tests/setup/file-db.ts in setupFiles?");
  return handle;
}

/** The SQLSTATE of a database error, wrapped or not (drizzle puts it on `cause`). */
export function sqlState(error: unknown): string | undefined {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.cause?.code ?? e?.code;
}

/** Runs `fn`, expecting it to fail with a database error; returns the SQLSTATE. */
export async function failureCode(fn: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await fn();
  } catch (error) {
    return sqlState(error) ?? `no-sqlstate: ${String(error)}`;
  }
  return undefined;
}
