// Statistics on a streaming replica (issue 22, decision 135), on PostgreSQL only (vitest.config.ts
// leaves *.postgres.test.ts out on PGlite; docs/testing.md). A real replica of the machine's
// PostgreSQL (tests/support/replica.ts: pg_basebackup, pg_ctl on port 5544) serves statsDb, as
// DATABASE_REPLICA_URL makes it serve the app. The dashboard's loader, the stats API's loader and
// the home page's headline answer from it: equal to the primary's figures once it has caught up; a
// sale made on the primary stays out of them while the replica's replay is paused (so the reads went
// to the replica) and comes in after it resumes; an export made meanwhile writes its audit entry on
// the primary; each answer says how fresh it is.
import { desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../../db/client";
import { db, rowsOf, schema as s, statsFreshness } from "~/lib/db.server";
import { seedDatabase } from "../../../db/seed";
import { logIn } from "../../../tests/support/factories";
import { startReplica, type Replica } from "../../../tests/support/replica";
import { call, formRequest, getRequest, type CookieJar } from "../../../tests/support/requests";
import { buyAndPay, makeRandomOrders } from "../../../tests/support/statistics-oracle";
import { currentTestDatabase, withDatabaseName } from "../../../tests/support/test-database";
import { loader as apiLoader } from "../../routes/api.stats";
import { loader as dashboardLoader } from "../../routes/official._index";
import { loader as exportLoader } from "../../routes/official.statistics.export";
import { action as tokensAction } from "../../routes/official.tokens";
import { getYearHeadline } from "../catalog/catalog.server";

const holder = globalThis as typeof globalThis & { __xfbStatsDatabase?: DatabaseHandle };
const YEAR = 2026;
const FROM = `${YEAR}-01-01`;
const TO = `${YEAR}-12-31`;

let replica: Replica;
let replicaHandle: DatabaseHandle;
let district: CookieJar;
let token: string;

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 60 });
  await makeRandomOrders({
    count: 8,
    seed: 5,
    paidAt: (_i, rnd) => new Date(Date.UTC(YEAR, Math.floor(rnd() * 10), 1 + Math.floor(rnd() * 27), 3)),
  });
  district = await logIn("districtOfficial");
  const [{ name }] = rowsOf<{ name: string }>(await db.execute(sql`select current_database() as name`));
  replica = await startReplica({ primaryUrl: withDatabaseName(process.env.DATABASE_URL!, name) });
  replicaHandle = openDatabase(replica.url);
  holder.__xfbStatsDatabase = replicaHandle;
  // A commit after the base backup: a replica that has replayed none since it started has no
  // replay timestamp (its pages say "as of: unknown"), which a live district's replica never stays.
  const created = await call(() =>
    tokensAction({
      request: formRequest("/official/tokens", { intent: "create", name: "副本" }, district),
      params: {},
      context: {},
    }),
  );
  token = (await created.json()).token;
  await replica.catchUp();
}, 600_000);

afterAll(async () => {
  holder.__xfbStatsDatabase = undefined;
  await replicaHandle?.close();
  await replica?.stop();
}, 120_000);

/** What the stats API, the dashboard and the home page's headline answer now (through statsDb). */
async function answers() {
  const api = await call(() =>
    apiLoader({
      request: new Request(`http://localhost/api/stats?from=${FROM}&to=${TO}`, {
        headers: { Authorization: `Bearer ${token}` },
      }),
      params: {},
      context: {},
    }),
  );
  expect(api.status).toBe(200);
  const dashboard = await call(() =>
    dashboardLoader({
      request: getRequest(`/official?period=year&year=${YEAR}`, district),
      params: {},
      context: {},
    }),
  );
  expect(dashboard.status).toBe(200);
  const { asOf, ...apiFigures } = await api.json();
  const board = await dashboard.json();
  const { asOf: headlineAsOf, ...headline } = await getYearHeadline(YEAR);
  return {
    figures: { api: apiFigures, dashboard: board.statistics, notReached: board.notReached, headline },
    asOf: [asOf as string | null, board.asOf as string | null, headlineAsOf],
  };
}

/** The same answers with statsDb pointed at the primary. */
async function primaryAnswers() {
  holder.__xfbStatsDatabase = currentTestDatabase();
  try {
    return await answers();
  } finally {
    holder.__xfbStatsDatabase = replicaHandle;
  }
}

async function primaryNow(): Promise<string> {
  const [{ now }] = rowsOf<{ now: Date | string }>(await db.execute(sql`select clock_timestamp() as now`));
  return new Date(now).toISOString();
}

describe("statistics on a streaming replica", () => {
  it("answer from the replica, say so, and equal the primary's figures once it has caught up", async () => {
    expect(await statsFreshness()).toMatchObject({ replica: true });
    const fromReplica = await answers();
    const fromPrimary = await primaryAnswers();
    expect(fromReplica.figures.api.orders).toBeGreaterThan(0);
    expect(fromReplica.figures).toEqual(fromPrimary.figures);
    // Each answer says how fresh it is: the replica, as of the last commit it applied.
    for (const at of fromReplica.asOf) expect(at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("a sale on the primary stays out while replay is paused and comes in after it resumes", async () => {
    await replica.pause();
    const before = await answers();
    const saleStarted = await primaryNow();
    const [variant] = await db
      .select({ id: s.productVariants.id })
      .from(s.productVariants)
      .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
      .where(eq(s.products.status, "active"))
      .orderBy(s.productVariants.sku)
      .limit(1);
    await buyAndPay({ variantId: variant.id, quantity: 3, paidAt: new Date() });
    const primaryAfter = await primaryAnswers();
    expect(primaryAfter.figures.api.orders).toBe(before.figures.api.orders + 1);

    // Paused: the replica-served answers have not moved, and say they are older than the sale.
    const paused = await answers();
    expect(paused.figures).toEqual(before.figures);
    for (const at of paused.asOf) expect(at! < saleStarted).toBe(true);

    // An export meanwhile reads the replica and writes its audit entry on the primary.
    const exported = await call(() =>
      exportLoader({
        request: getRequest(
          `/official/statistics/export?export=town&format=csv&period=year&year=${YEAR}`,
          district,
        ),
        params: {},
        context: {},
      }),
    );
    expect(exported.status).toBe(200);
    const exports = eq(s.auditLog.action, "statistics.export");
    const [audit] = await db.select().from(s.auditLog).where(exports).orderBy(desc(s.auditLog.at)).limit(1);
    expect((audit.details as { asOf: string }).asOf < saleStarted).toBe(true);
    expect(await replicaHandle.db.select().from(s.auditLog).where(exports)).toEqual([]);

    await replica.resume();
    await replica.catchUp();
    const after = await answers();
    expect(after.figures).toEqual(primaryAfter.figures);
    for (const at of after.asOf) expect(at! >= saleStarted).toBe(true);
  });
});
