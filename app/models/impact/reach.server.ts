// How many households a supplier's sales reached, for public pages (trace codes): households
// whose net attributed amount from this supplier's sales is above zero, under the privacy floor.
// Read by the supplier index of the ledger, and kept for ten minutes per supplier (a public page
// must not scan the ledger on every request; the figure may be that stale).
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { floorCount, type FlooredFigure } from "../../../core/privacy-floor";
import { db, schema as s } from "~/lib/db.server";
import { createTtlCache } from "~/lib/ttl-cache";

const cache = createTtlCache<string, FlooredFigure>({ ttlMs: 10 * 60_000, maxEntries: 500 });

async function count(supplierId: string): Promise<FlooredFigure> {
  const e = s.attributionEntries;
  const net = db
    .select({ householdId: e.householdId, net: sql<number>`sum(${e.amountFen})`.as("net") })
    .from(e)
    .where(and(eq(e.supplierId, supplierId), isNotNull(e.householdId)))
    .groupBy(e.householdId)
    .as("net");
  const [row] = await db
    .select({ households: sql<number>`count(*)::int` })
    .from(net)
    .where(sql`${net.net} > 0`);
  return floorCount(Number(row?.households ?? 0));
}

/** The households this supplier's sales reached ("<5" under the floor), cached for ten minutes. */
export function supplierHouseholdsReached(supplierId: string): Promise<FlooredFigure> {
  return cache.get(supplierId, count);
}

/** Tests: forget the cached figures. */
export function forgetSupplierReach(): void {
  cache.clear();
}
