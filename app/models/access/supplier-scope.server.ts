// Whose supplier-side rows a caller may see, in SQL: an admin all; supplier staff their own
// supplier; an official of the district every supplier of its towns, of a town that town's. Used
// by the models that read and decide suppliers' things (linkages, certifications).
import { eq, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db, schema as s, type Executor } from "~/lib/db.server";
import type { User } from "./users.server";

export type ScopeCaller = Pick<User, "role" | "supplierId" | "regionId">;

export type Scope =
  | { kind: "all" }
  | { kind: "supplier"; supplierId: string }
  | { kind: "district"; districtId: number }
  | { kind: "town"; townId: number }
  | { kind: "none" };

export async function scopeOf(caller: ScopeCaller, ex: Executor = db): Promise<Scope> {
  if (caller.role === "admin") return { kind: "all" };
  if (caller.role === "supplier_staff" && caller.supplierId) return { kind: "supplier", supplierId: caller.supplierId };
  if (caller.role === "official" && caller.regionId != null) {
    const [region] = await ex.select({ level: s.regions.level }).from(s.regions).where(eq(s.regions.id, caller.regionId));
    if (!region) return { kind: "none" };
    return region.level === "district" ? { kind: "district", districtId: caller.regionId } : { kind: "town", townId: caller.regionId };
  }
  return { kind: "none" };
}

/** The supplier's town, joined as `supplier_town` wherever supplierFilter is used. */
export const supplierTown = alias(s.regions, "supplier_town");

/** A condition on `suppliers` (joined with `supplier_town`) limiting rows to the scope. */
export function supplierFilter(scope: Scope): SQL | undefined {
  switch (scope.kind) {
    case "all":
      return undefined;
    case "supplier":
      return eq(s.suppliers.id, scope.supplierId);
    case "district":
      return eq(supplierTown.parentId, scope.districtId);
    case "town":
      return eq(s.suppliers.townId, scope.townId);
    case "none":
      return sql`false`;
  }
}
