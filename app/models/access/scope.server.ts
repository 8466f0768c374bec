// The one Caller and the one Scope (DESIGN.md §3 "Access"): who asks, and which rows that lets
// them reach, with the SQL filters every model uses. Models take a Caller, resolve its Scope here
// and filter in SQL; no model works out a role's reach on its own.
// - admin: the platform;
// - official: their region, the district (every town of it) or one town (or subdistrict);
// - supplier_staff: their supplier; buyer_admin: their organisation; customer: themself;
// - anyone else (or a role without its id, or an official of an unknown or village region): none.
import { eq, inArray, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { alias } from "drizzle-orm/pg-core";
import { db, schema as s, type Executor } from "~/lib/db.server";
import type { UserRole } from "./users.server";

/** Who asks: a signed-in user (a `User` fits) or an API token's owner. */
export type Caller = {
  id: string;
  role: UserRole;
  supplierId?: string | null;
  regionId?: number | null;
  organisationId?: string | null;
};

export type Scope =
  | { kind: "platform" }
  | { kind: "region"; level: "district" | "town"; regionId: number }
  | { kind: "supplier"; supplierId: string }
  | { kind: "organisation"; organisationId: string }
  | { kind: "customer"; userId: string }
  | { kind: "none" };

export const NO_SCOPE: Scope = { kind: "none" };

/** The caller's scope; only an official's needs the database (the level of their region). */
export async function scopeOf(caller: Caller, ex: Executor = db): Promise<Scope> {
  switch (caller.role) {
    case "admin":
      return { kind: "platform" };
    case "supplier_staff":
      return caller.supplierId ? { kind: "supplier", supplierId: caller.supplierId } : NO_SCOPE;
    case "buyer_admin":
      return caller.organisationId
        ? { kind: "organisation", organisationId: caller.organisationId }
        : NO_SCOPE;
    case "customer":
      return { kind: "customer", userId: caller.id };
    case "official": {
      if (caller.regionId == null) return NO_SCOPE;
      const [region] = await ex
        .select({ level: s.regions.level })
        .from(s.regions)
        .where(eq(s.regions.id, caller.regionId));
      if (region?.level === "district")
        return { kind: "region", level: "district", regionId: caller.regionId };
      if (region?.level === "town" || region?.level === "subdistrict")
        return { kind: "region", level: "town", regionId: caller.regionId };
      return NO_SCOPE;
    }
    default:
      return NO_SCOPE;
  }
}

/** The supplier of supplier staff, else null (sync: for models that serve staff only). */
export function supplierIdOf(caller: Caller): string | null {
  return caller.role === "supplier_staff" && caller.supplierId ? caller.supplierId : null;
}

/** The organisation of a buyer_admin, else null. */
export function organisationIdOf(caller: Caller): string | null {
  return caller.role === "buyer_admin" && caller.organisationId ? caller.organisationId : null;
}

/** Officials and admins: the callers who review and certify. */
export function isOfficialOrAdmin(caller: Caller): boolean {
  return caller.role === "official" || caller.role === "admin";
}

// ─── SQL filters ─────────────────────────────────────────────────────────────────────────

/** The supplier's town, joined as `supplier_town` wherever supplierFilter is used. */
export const supplierTown = alias(s.regions, "supplier_town");

/** A condition on `suppliers` (joined with `supplier_town`) limiting rows to the scope. */
export function supplierFilter(scope: Scope): SQL | undefined {
  switch (scope.kind) {
    case "platform":
      return undefined;
    case "supplier":
      return eq(s.suppliers.id, scope.supplierId);
    case "region":
      return scope.level === "district"
        ? eq(supplierTown.parentId, scope.regionId)
        : eq(s.suppliers.townId, scope.regionId);
    default:
      return sql`false`;
  }
}

/**
 * A condition on a supplier-id column for models that serve supplier staff and admins only
 * (order parts): an admin all, staff their supplier's, anyone else nothing. Sync, no look-up.
 */
export function ownSupplierFilter(caller: Caller, supplierColumn: AnyPgColumn): SQL | undefined {
  if (caller.role === "admin") return undefined;
  const supplierId = supplierIdOf(caller);
  return supplierId ? eq(supplierColumn, supplierId) : sql`false`;
}

/** A condition on a `town_id` column limiting rows to the scope (district: its towns). */
export function townFilter(scope: Scope, townColumn: AnyPgColumn): SQL | undefined {
  if (scope.kind === "platform") return undefined;
  if (scope.kind !== "region") return sql`false`;
  if (scope.level === "town") return eq(townColumn, scope.regionId);
  return inArray(
    townColumn,
    db.select({ id: s.regions.id }).from(s.regions).where(eq(s.regions.parentId, scope.regionId)),
  );
}

/**
 * A condition on a region column that may name a town or a village: a town's scope reaches the
 * town and its villages. A district official reads what an admin reads (the platform serves one
 * district), so district and platform add no condition.
 */
export function townOrVillageFilter(scope: Scope, regionColumn: SQL | AnyPgColumn): SQL | undefined {
  if (scope.kind === "platform") return undefined;
  if (scope.kind !== "region") return sql`false`;
  if (scope.level === "district") return undefined;
  const town = scope.regionId;
  return sql`(${regionColumn} = ${town} or ${regionColumn} in (select ${s.regions.id} from ${s.regions} where ${s.regions.parentId} = ${town}))`;
}

/** `column in (townIds)`, or no condition when townIds is null (the whole platform). */
export function inTowns(column: SQL, townIds: number[] | null): SQL {
  if (townIds === null) return sql`true`;
  if (townIds.length === 0) return sql`false`;
  return sql`${column} in (${sql.join(
    townIds.map((id) => sql`${id}`),
    sql`, `,
  )})`;
}
