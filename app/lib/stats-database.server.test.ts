// Without DATABASE_REPLICA_URL (and always on PGlite) statistics read the primary itself, and their
// freshness is the primary's own clock (decision 135). The replica itself: statistics-replica.postgres.test.ts.
import { describe, expect, it } from "vitest";
import { databaseHandle, statsDatabaseHandle, statsDb, statsFreshness } from "~/lib/db.server";
import { schema as s } from "~/lib/db.server";

describe("the statistics handle without a replica", () => {
  it("is the primary's handle, and says its figures are as of now", async () => {
    expect(statsDatabaseHandle()).toBe(databaseHandle());
    const before = new Date(Date.now() - 60_000).toISOString();
    const freshness = await statsFreshness();
    expect(freshness.replica).toBe(false);
    expect(freshness.asOf! > before).toBe(true);
    expect(freshness.asOf! <= new Date(Date.now() + 60_000).toISOString()).toBe(true);
    // A read through statsDb sees what the primary holds.
    expect(await statsDb.select().from(s.regions)).toEqual(
      await databaseHandle().db.select().from(s.regions),
    );
  });
});
