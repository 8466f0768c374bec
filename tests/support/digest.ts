// A digest of a whole database's contents, computed in SQL, for "same input → same data" tests.
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { is } from "drizzle-orm";
import { sql } from "drizzle-orm";
import { rowsOf, schema, type Database } from "../../db/client";

/** Columns whose values are random by design (AES-GCM nonces, password salts are seeded). */
const RANDOM_BY_DESIGN = new Set(["households.id_card_cipher"]);

export function allTables(): PgTable[] {
  return (Object.values(schema) as unknown[]).filter((v): v is PgTable => is(v, PgTable));
}

export async function databaseDigest(db: Database): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of allTables()) {
    const { name, columns } = getTableConfig(table);
    const cols = columns
      .map((c) => c.name)
      .filter((c) => !RANDOM_BY_DESIGN.has(`${name}.${c}`))
      .sort();
    const list = cols.map((c) => `"${c}"`).join(", ");
    const result = await db.execute(
      sql.raw(`select count(*)::int as n, coalesce(md5(string_agg(r::text, '|' order by r::text)), '') as h
               from (select ${list} from "${name}") r`),
    );
    const [row] = rowsOf<{ n: number; h: string }>(result);
    out[name] = `${row.n}:${row.h}`;
  }
  return out;
}
