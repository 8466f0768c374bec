// `npm run bench`, part 7 (its own process, as part 4): settlement on the bench data set. Creates one
// settlement batch per Asia/Shanghai month of paid orders not yet settled (as the platform's admin,
// through the model's createSettlementBatch), then runs verifySettlements() — what
// `npm run settlement:verify` runs — over every statement. Prints one JSON object with the times.
// The batches stay (a settled part is settled once): a second run times only what is new, and the
// verification of everything.
//   tsx --tsconfig tsconfig.json scripts/bench/settlement.ts <database-url>
import { sql } from "drizzle-orm";
import { openDatabase, rowsOf, type DatabaseHandle } from "../../db/client";

const [url] = process.argv.slice(2);
process.env.DATABASE_URL = url;
const handle = openDatabase(url);
(globalThis as typeof globalThis & { __xfbDatabase?: DatabaseHandle }).__xfbDatabase = handle;
const exec = async <T>(text: ReturnType<typeof sql>) => rowsOf<T>(await handle.db.execute(text));
const r2 = (x: number) => Math.round(x * 100) / 100;

try {
  const { createSettlementBatch, verifySettlements } =
    await import("../../app/models/settlement/settlement.server");
  const [admin] = await exec<{ id: string }>(
    sql`select id from users where role = 'admin' order by created_at limit 1`,
  );
  if (!admin) throw new Error("no admin user in the data set");
  const months = await exec<{ from: string; to: string }>(sql`
    select to_char(m, 'YYYY-MM-DD') as "from", to_char(m + interval '1 month' - interval '1 day', 'YYYY-MM-DD') as "to"
    from (select distinct date_trunc('month', (paid_at at time zone 'Asia/Shanghai')) as m
          from orders where paid_at is not null) months order by m`);
  const created: { period: string; statements: number; seconds: number }[] = [];
  const t0 = performance.now();
  for (const m of months) {
    const started = performance.now();
    const result = await createSettlementBatch({
      caller: { id: admin.id, role: "admin" },
      periodFrom: m.from,
      periodTo: m.to,
      feeBp: 0,
    });
    created.push({
      period: m.from.slice(0, 7),
      statements: result.ok ? result.statements : 0,
      seconds: r2((performance.now() - started) / 1000),
    });
  }
  const createSeconds = r2((performance.now() - t0) / 1000);
  const t1 = performance.now();
  const differences = await verifySettlements();
  const verifySeconds = r2((performance.now() - t1) / 1000);
  const [counts] = await exec<{ orders: number; statements: number; lines: number }>(sql`
    select (select count(*) from orders where paid_at is not null)::int as orders,
           (select count(*) from settlement_statements)::int as statements,
           (select count(*) from settlement_lines)::int as lines`);
  console.log(
    JSON.stringify({
      paidOrders: counts.orders,
      batchesCreated: created.filter((c) => c.statements > 0).length,
      statements: counts.statements,
      lines: counts.lines,
      createSeconds,
      slowestBatchSeconds: Math.max(0, ...created.map((c) => c.seconds)),
      verifySeconds,
      differences: differences.length,
    }),
  );
  process.exitCode = differences.length === 0 ? 0 : 1;
} catch (error) {
  // A failed query's message quotes the whole statement: its first line says enough.
  const message =
    error instanceof Error
      ? `${error.message}${error.cause ? ` (${String(error.cause)})` : ""}`
      : String(error);
  console.log(JSON.stringify({ error: message.slice(0, 500) }));
  process.exitCode = 2;
} finally {
  await handle.close();
}
