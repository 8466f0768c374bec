// npm run stats:verify: recomputes the statistics rollups from the order lines and the raw
// ledger and prints every difference; exits 1 when there is one.
import { closeDatabase, prepareDatabase } from "~/lib/db.server";
import { verifyRollups } from "~/models/attribution.server";

await prepareDatabase();
const started = performance.now();
try {
  const differences = await verifyRollups();
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (differences.length === 0) {
    console.log(`stats:verify: rollups match the ledger (${seconds} s)`);
  } else {
    for (const d of differences.slice(0, 50)) console.log(`${d.table} ${d.key}: rollup ${d.rollup} ≠ recomputed ${d.recomputed}`);
    console.log(`stats:verify: ${differences.length} difference(s) (${seconds} s)`);
    process.exitCode = 1;
  }
} finally {
  await closeDatabase();
}
