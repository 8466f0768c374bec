// CLI: tops a database up with a large, realistic data set (see db/generate-data/index.ts).
//   npm run db:generate-data -- --households 400000 --products 10000 --orders 1000000 [--seed N]
//     [--database-url URL] [--now 2026-11-22T20:00:00+08:00] [--days 730] [--refund-share 0.05] [--keep-indexes] [--quiet]
// DATABASE_URL (or --database-url) picks the database: postgres://… for a server, nothing for the
// embedded PGlite in DATA_DIR (./.data by default). Progress goes to stderr; the summary to stdout
// and to bench-results/generate-data.json.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "./client";
import { generateData, type GenerateSummary } from "./generate-data/index";
import { fmt } from "./generate-data/progress";

/** Used only when PII_KEY is unset and no embedded dev secret exists: never for real data. */
const DEV_PII_KEY = "de7de7de7de7de7de7de7de7de7de7de7de7de7de7de7de7de7de7de7de7de7d";

function piiKeyFor(url: string | undefined, dataDir: string): string {
  if (process.env.PII_KEY) return process.env.PII_KEY;
  // The embedded app keeps its dev secrets in DATA_DIR/secrets.json: use the same key when there.
  const secrets = path.join(dataDir, "secrets.json");
  if (!url?.startsWith("postgres") && existsSync(secrets)) {
    const key = JSON.parse(readFileSync(secrets, "utf8")).PII_KEY as string | undefined;
    if (key) {
      console.error(`note: PII_KEY is not set; using the embedded dev key from ${secrets}`);
      return key;
    }
  }
  console.error(
    "warning: PII_KEY is not set; encrypting ID numbers with a fixed, public DEV key. Never use this data for real people.",
  );
  return DEV_PII_KEY;
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/[_,]/g, ""));
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`--${name} must be a non-negative integer, got ${value}`);
  return n;
}

function share(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new Error(`--${name} must be between 0 and 1, got ${value}`);
  return n;
}

function summaryTable(summary: GenerateSummary): string {
  const rows = [...summary.tables].sort((a, b) => b.rows - a.rows);
  const width = Math.max(5, ...rows.map((r) => r.table.length));
  const line = (a: string, b: string, c: string, d: string) =>
    `${a.padEnd(width)}  ${b.padStart(12)}  ${c.padStart(9)}  ${d.padStart(12)}`;
  const out = [line("table", "rows", "seconds", "rows/s"), "-".repeat(width + 41)];
  for (const r of rows) out.push(line(r.table, fmt(r.rows), r.seconds.toFixed(1), fmt(r.rowsPerSecond)));
  const total = rows.reduce((a, r) => a + r.rows, 0);
  out.push("-".repeat(width + 41));
  out.push(line("total", fmt(total), summary.elapsedSeconds.toFixed(1), fmt(total / summary.elapsedSeconds)));
  out.push("");
  out.push("phase".padEnd(width) + "  " + "seconds".padStart(12));
  for (const p of summary.phases) out.push(`${p.phase.padEnd(width)}  ${p.seconds.toFixed(1).padStart(12)}`);
  out.push("");
  out.push("(tables of one phase load at the same time: each one's rows/s is over the whole phase)");
  out.push(`database: ${summary.database} (${summary.loadMode})`);
  out.push(
    `window: ${summary.window.from} … ${summary.window.to}, seed ${summary.seed}, run ${summary.runTag}`,
  );
  out.push(
    `paid orders this run: ${fmt(summary.totals.paidOrders)}, sales ¥${fmt(summary.totals.salesFen / 100)}, attributed ¥${fmt(summary.totals.attributedFen / 100)} in ${fmt(summary.totals.ledgerEntries)} ledger entries`,
  );
  out.push(
    `refunds: ${fmt(summary.totals.refunds)} on ${fmt(summary.totals.refundedOrders)} orders, ¥${fmt(summary.totals.refundedFen / 100)}, ${fmt(summary.totals.reversalEntries)} reversal entries (sales and attribution above are net of them)`,
  );
  out.push(`total elapsed: ${summary.elapsedSeconds.toFixed(1)} s`);
  return out.join("\n");
}

async function main() {
  const { values } = parseArgs({
    options: {
      households: { type: "string" },
      products: { type: "string" },
      orders: { type: "string" },
      seed: { type: "string" },
      "database-url": { type: "string" },
      now: { type: "string" },
      days: { type: "string" },
      "refund-share": { type: "string" },
      "ledger-lanes": { type: "string" },
      "keep-indexes": { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(
      "usage: npm run db:generate-data -- --households N --products N --orders N [--seed N] [--database-url URL] [--now ISO] [--days 730] [--refund-share 0.05] [--ledger-lanes 2] [--keep-indexes] [--quiet]",
    );
    return;
  }
  const stopper = new AbortController();
  const url = values["database-url"] ?? process.env.DATABASE_URL ?? undefined;
  const dataDir = process.env.DATA_DIR ?? "./.data";
  const now = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new Error(`--now is not a date: ${values.now}`);
  const options = {
    households: positive("households", values.households, 400_000),
    products: positive("products", values.products, 10_000),
    orders: positive("orders", values.orders, 1_000_000),
    seed: positive("seed", values.seed, 1),
    days: Math.max(1, positive("days", values.days, 730)),
    refundShare: share("refund-share", values["refund-share"], 0.05),
    now,
    piiKey: piiKeyFor(url, dataDir),
    progress: !values.quiet,
    ledgerLanes: Math.max(1, positive("ledger-lanes", values["ledger-lanes"], 2)),
    deferIndexes: !values["keep-indexes"],
    signal: stopper.signal,
  };
  const handle = openDatabase(url, dataDir);
  // Ctrl-C stops at the next chunk and still rebuilds any deferred index. npm and tsx pass the
  // signal on as well, so repeats within a few seconds are the same request; a later one exits now.
  let stopAt = 0;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (!stopper.signal.aborted) {
        stopAt = Date.now();
        console.error(`\n${signal}: stopping after the current chunk (deferred indexes are rebuilt first)…`);
        stopper.abort();
      } else if (Date.now() - stopAt > 3000) {
        console.error(`\n${signal} again: exiting now; indexes deferred by this run may be missing.`);
        process.exit(130);
      }
    });
  }
  let summary: GenerateSummary;
  try {
    summary = await generateData(handle, options);
  } finally {
    await handle.close();
  }
  console.log(summaryTable(summary));
  mkdirSync("bench-results", { recursive: true });
  const file = path.join("bench-results", "generate-data.json");
  writeFileSync(file, `${JSON.stringify({ ...summary, finishedAt: new Date().toISOString() }, null, 2)}\n`);
  console.log(`summary written to ${file}`);
}

main().catch((error) => {
  if (process.env.DEBUG) console.error(error);
  else
    console.error(
      `generate-data: ${error instanceof Error ? error.message : String(error)} (DEBUG=1 for details)`,
    );
  process.exit(1);
});
