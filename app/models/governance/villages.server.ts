// Village progress (issue 18 "Run the platform"): for each administrative village, whether an
// active party-branch-led cooperative (村党组织领办合作社: a cooperative supplier, active, flagged
// party_branch_led) sits in it, and whether a leading enterprise or a cooperative drives it (an
// active enterprise or cooperative supplier with an approved linkage in force today to a household
// of the village or to its village collective) — rolled up by town and for the district against the
// year's targets (governance-rules.ts, decision 096). Reads suppliers, linkages, households and
// regions; owns no table. Two grouped queries (one per flag), however many villages. No household
// data leaves this file: only counts per village.
import { and, asc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db, schema as s } from "~/lib/db.server";
import { shanghaiDate } from "~/lib/dates";
import { scopeOf, type Caller } from "../access/scope.server";
import { ratioBp, villageTargetsFor } from "./governance-rules";

export type VillageRow = {
  villageId: number;
  villageName: string;
  townId: number;
  townName: string;
  partyBranchCoops: number;
  drivingSuppliers: number;
  hasPartyBranchCoop: boolean;
  driven: boolean;
};
export type Rollup = {
  regionId: number | null;
  name: string;
  villages: number;
  withPartyBranchCoop: number;
  driven: number;
  partyBranchCoopBp: number | null;
  drivenBp: number | null;
  meetsPartyBranchCoop: boolean;
  meetsDriven: boolean;
};

const town = alias(s.regions, "village_town");

export async function villageProgress({
  caller,
  year,
  now = new Date(),
}: {
  caller: Caller;
  year: number;
  now?: Date;
}) {
  const scope = await scopeOf(caller);
  if (scope.kind !== "platform" && scope.kind !== "region") return null;
  const today = shanghaiDate(now);
  const townCondition =
    scope.kind === "region" && scope.level === "town" ? eq(town.id, scope.regionId) : undefined;
  const villages = await db
    .select({ villageId: s.regions.id, villageName: s.regions.name, townId: town.id, townName: town.name })
    .from(s.regions)
    .innerJoin(town, eq(town.id, s.regions.parentId))
    .where(and(eq(s.regions.level, "village"), townCondition))
    .orderBy(asc(town.code), asc(s.regions.code));
  const coops = await db
    .select({ villageId: s.suppliers.villageId, n: sql<number>`count(*)::int` })
    .from(s.suppliers)
    .where(
      and(
        eq(s.suppliers.kind, "cooperative"),
        eq(s.suppliers.partyBranchLed, true),
        eq(s.suppliers.status, "active"),
      ),
    )
    .groupBy(s.suppliers.villageId);
  // The village a linkage reaches: its household's or its collective's.
  const reached = sql<number>`coalesce(${s.households.villageId}, ${s.villageCollectives.villageId})`;
  const driving = await db
    .select({ villageId: reached, n: sql<number>`count(distinct ${s.linkages.supplierId})::int` })
    .from(s.linkages)
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.linkages.supplierId))
    .leftJoin(s.households, eq(s.households.id, s.linkages.householdId))
    .leftJoin(s.villageCollectives, eq(s.villageCollectives.id, s.linkages.villageCollectiveId))
    .where(
      and(
        eq(s.linkages.status, "approved"),
        sql`${s.linkages.validFrom} <= ${today}::date`,
        sql`(${s.linkages.validUntil} is null or ${s.linkages.validUntil} >= ${today}::date)`,
        sql`${s.suppliers.kind} in ('enterprise','cooperative')`,
        eq(s.suppliers.status, "active"),
      ),
    )
    .groupBy(reached);
  const coopOf = new Map(coops.map((c) => [c.villageId, Number(c.n)]));
  const drivenOf = new Map(driving.map((d) => [Number(d.villageId), Number(d.n)]));
  const rows: VillageRow[] = villages.map((v) => {
    const partyBranchCoops = coopOf.get(v.villageId) ?? 0;
    const drivingSuppliers = drivenOf.get(v.villageId) ?? 0;
    return {
      ...v,
      partyBranchCoops,
      drivingSuppliers,
      hasPartyBranchCoop: partyBranchCoops > 0,
      driven: drivingSuppliers > 0,
    };
  });
  const targets = villageTargetsFor(year);
  const rollup = (regionId: number | null, name: string, list: VillageRow[]): Rollup => {
    const withPartyBranchCoop = list.filter((r) => r.hasPartyBranchCoop).length;
    const driven = list.filter((r) => r.driven).length;
    const partyBranchCoopBp = ratioBp(withPartyBranchCoop, list.length);
    const drivenBp = ratioBp(driven, list.length);
    return {
      regionId,
      name,
      villages: list.length,
      withPartyBranchCoop,
      driven,
      partyBranchCoopBp,
      drivenBp,
      meetsPartyBranchCoop: partyBranchCoopBp !== null && partyBranchCoopBp >= targets.partyBranchCoopBp,
      meetsDriven: drivenBp !== null && drivenBp >= targets.drivenBp,
    };
  };
  const townIds = [...new Set(rows.map((r) => r.townId))];
  const towns = townIds.map((id) => {
    const list = rows.filter((r) => r.townId === id);
    return rollup(id, list[0].townName, list);
  });
  const [district] = await db
    .select({ name: s.regions.name })
    .from(s.regions)
    .where(eq(s.regions.level, "district"))
    .limit(1);
  return { year, targets, villages: rows, towns, total: rollup(null, district?.name ?? "", rows) };
}
