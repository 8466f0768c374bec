// npm run settlement:verify: recomputes every settlement statement from orders, order parts and
// refunds (app/models/settlement), prints every difference and exits 1 when there is one. Read-only:
// it neither migrates nor seeds. Opens the database of the settings (DATABASE_URL, else PGlite).
import { sql } from "drizzle-orm";
import { parseEnv } from "../app/lib/env.server";
import { verifyExitCode, verifySettlements } from "../app/models/settlement/settlement.server";
import { openDatabase, rowsOf, type DatabaseHandle } from "../db/client";

const env = parseEnv(process.env);
const handle = openDatabase(env.DATABASE_URL, env.DATA_DIR);
// The app's database bridge uses the handle placed here (as the tests do), not a second one.
(globalThis as typeof globalThis & { __xfbDatabase?: DatabaseHandle }).__xfbDatabase = handle;

const started = performance.now();
try {
  const differences = await verifySettlements();
  const [counts] = rowsOf<{ statements: number; lines: number; payable: number }>(
    await handle.db.execute(
      sql`select (select count(*) from settlement_statements)::int as statements, (select count(*) from settlement_lines)::int as lines, (select coalesce(sum(payable_fen), 0) from settlement_statements)::bigint as payable`,
    ),
  );
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const summary = `${counts.statements} statement(s), ${counts.lines} line(s), payable ${(Number(counts.payable) / 100).toFixed(2)} yuan`;
  if (verifyExitCode(differences) === 0) {
    console.log(
      `settlement:verify: ${handle.label}: ${summary} match orders, parts and refunds (${seconds} s)`,
    );
  } else {
    for (const d of differences.slice(0, 100))
      console.log(`statement ${d.statementId} ${d.what}: stored ${d.stored} ≠ recomputed ${d.recomputed}`);
    if (differences.length > 100) console.log(`… and ${differences.length - 100} more`);
    console.log(
      `settlement:verify: ${handle.label}: ${summary}: ${differences.length} difference(s) (${seconds} s)`,
    );
  }
  process.exitCode = verifyExitCode(differences);
} catch (error) {
  console.error(
    `settlement:verify: ${handle.label}: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 2;
} finally {
  await handle.close();
}
