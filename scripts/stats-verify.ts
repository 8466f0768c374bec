// npm run stats:verify: recomputes the daily statistics rollups (stats_*_daily) from the order
// lines and the raw ledger, and the monthly and yearly ones from the daily ones, compares them row
// by row and prints every difference; exits 1 when there is one. Read-only: it neither
// migrates nor seeds. Opens the database of the settings (DATABASE_URL, else the embedded PGlite).
import { parseEnv } from "../app/lib/env.server";
import { verifyRollups } from "../app/models/impact/attribution.server";
import { openDatabase, type DatabaseHandle } from "../db/client";

const env = parseEnv(process.env);
const handle = openDatabase(env.DATABASE_URL, env.DATA_DIR);
// The app's database bridge uses the handle placed here (as the tests do), not a second one.
(globalThis as typeof globalThis & { __xfbDatabase?: DatabaseHandle }).__xfbDatabase = handle;

const started = performance.now();
try {
  const differences = await verifyRollups();
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (differences.length === 0) {
    console.log(
      `stats:verify: ${handle.label}: the rollups match the order lines and the ledger (${seconds} s)`,
    );
  } else {
    for (const d of differences.slice(0, 100))
      console.log(`${d.table} [${d.key}]: rollup ${d.rollup} ≠ recomputed ${d.recomputed}`);
    if (differences.length > 100) console.log(`… and ${differences.length - 100} more`);
    console.log(`stats:verify: ${handle.label}: ${differences.length} difference(s) (${seconds} s)`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`stats:verify: ${handle.label}: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
} finally {
  await handle.close();
}
