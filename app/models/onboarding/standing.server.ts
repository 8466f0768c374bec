// Dynamic management of suppliers (动态管理, issue 18): a district official (or an admin) warns,
// suspends, reinstates or closes a supplier, always with a reason. This file owns
// `supplier_standing_events` and writes suppliers.status.
//
//   active → warned (an event, the status stays) ; active → suspended → active (reinstated)
//   active | suspended → closed (final)
//
// Suspending or closing takes the supplier's products out of the store in the same transaction:
// the store, the cart and checkout read suppliers.status (catalog, ordering), and the page cache's
// counter moves with the suppliers row (trigger of migration 0011). Orders already paid are not
// touched: they are still shipped and can still be refunded. Each step is a conditional update on
// the status it expects, audited, and listed for the supplier at /supplier/standing.
import { and, asc, count, desc, eq, ilike, inArray, or, sql } from "drizzle-orm";
import { db, schema as s } from "~/lib/db.server";
import { UUID } from "~/lib/ids";
import { containsPattern } from "~/lib/like";
import { pageOf } from "~/lib/paging";
import { recordAudit } from "../access/audit.server";
import { scopeOf, supplierFilter, supplierTown, type Caller } from "../access/scope.server";
import { enqueueNotification, supplierRecipients } from "../notifications/outbox.server";

import { STANDING_ACTIONS, type StandingAction } from "./onboarding-rules";

export { STANDING_ACTIONS, type StandingAction };
export type SupplierStatus = (typeof s.supplierStatus.enumValues)[number];
export const MAX_REASON = 500;

const RULES: Record<StandingAction, { from: SupplierStatus[]; to: SupplierStatus }> = {
  warned: { from: ["active", "suspended"], to: "active" }, // `to` unused: a warning changes no status
  suspended: { from: ["active"], to: "suspended" },
  reinstated: { from: ["suspended"], to: "active" },
  closed: { from: ["active", "suspended"], to: "closed" },
};

async function isDistrictOrAdmin(caller: Caller): Promise<boolean> {
  if (caller.role === "admin") return true;
  if (caller.role !== "official") return false;
  const scope = await scopeOf(caller);
  return scope.kind === "region" && scope.level === "district";
}

export type StandingError = "forbidden" | "not_found" | "reason_required" | "wrong_status";

export async function changeStanding({
  caller,
  supplierId,
  action,
  reason,
  now = new Date(),
}: {
  caller: Caller;
  supplierId: string;
  action: StandingAction;
  reason: string;
  now?: Date;
}): Promise<{ ok: true; status: SupplierStatus } | { ok: false; code: StandingError }> {
  if (!(await isDistrictOrAdmin(caller))) return { ok: false, code: "forbidden" };
  if (!UUID.test(supplierId) || !(STANDING_ACTIONS as readonly string[]).includes(action))
    return { ok: false, code: "not_found" };
  const text = reason.trim().slice(0, MAX_REASON);
  if (!text) return { ok: false, code: "reason_required" };
  const scope = await scopeOf(caller);
  const rule = RULES[action];
  return db.transaction(async (tx) => {
    const [supplier] = await tx
      .select({ id: s.suppliers.id, status: s.suppliers.status, townId: s.suppliers.townId })
      .from(s.suppliers)
      .innerJoin(supplierTown, eq(supplierTown.id, s.suppliers.townId))
      .where(and(eq(s.suppliers.id, supplierId), supplierFilter(scope)))
      .for("update", { of: s.suppliers });
    if (!supplier) return { ok: false as const, code: "not_found" as const };
    if (!rule.from.includes(supplier.status)) return { ok: false as const, code: "wrong_status" as const };
    let status = supplier.status;
    if (action !== "warned") {
      const [updated] = await tx
        .update(s.suppliers)
        .set({ status: rule.to })
        .where(and(eq(s.suppliers.id, supplierId), inArray(s.suppliers.status, rule.from)))
        .returning({ status: s.suppliers.status });
      if (!updated) return { ok: false as const, code: "wrong_status" as const };
      status = updated.status;
    }
    const [event] = await tx
      .insert(s.supplierStandingEvents)
      .values({ supplierId, action, reason: text, actorId: caller.id, at: now })
      .returning({ id: s.supplierStandingEvents.id });
    // Its owners hear of it in the same transaction (decision 092).
    const [named] = await tx
      .select({ name: s.suppliers.name })
      .from(s.suppliers)
      .where(eq(s.suppliers.id, supplierId));
    await enqueueNotification(tx, {
      event: `supplier.standing:${event.id}`,
      template: "supplier_standing",
      params: {
        supplierName: named.name,
        action: `@notify.standing.${action === "warned" ? "warning" : action}`,
        reason: text,
      },
      to: await supplierRecipients(tx, supplierId),
    });
    await recordAudit(tx, {
      actor: caller,
      action: `supplier.${action}`,
      subjectType: "supplier",
      subjectId: supplierId,
      regionId: supplier.townId,
      details: { reason: text, from: supplier.status, to: status },
      at: now,
    });
    return { ok: true as const, status };
  });
}

/** Suppliers a page of the standing list shows. */
export const STANDING_PAGE_SIZE = 20;

/**
 * Suppliers the official's scope reaches, with their status and last standing event, a page at a
 * time (by name); `q` keeps those whose Chinese or English name contains it.
 */
export async function listSuppliersForStanding({
  caller,
  page: requested,
  q,
}: {
  caller: Caller;
  page?: unknown;
  q?: string | null;
}) {
  if (caller.role !== "official" && caller.role !== "admin") return null;
  const scope = await scopeOf(caller);
  const text = (q ?? "").trim().slice(0, 50);
  const where = text
    ? and(
        supplierFilter(scope),
        or(ilike(s.suppliers.name, containsPattern(text)), ilike(s.suppliers.nameEn, containsPattern(text))),
      )
    : supplierFilter(scope);
  const [{ n }] = await db
    .select({ n: count() })
    .from(s.suppliers)
    .innerJoin(supplierTown, eq(supplierTown.id, s.suppliers.townId))
    .where(where);
  const { page, pageCount, offset } = pageOf(n, STANDING_PAGE_SIZE, requested);
  const e = s.supplierStandingEvents;
  const lastEvent = sql<StandingAction | null>`(select ${e.action}::text from ${e} where ${e.supplierId} = ${s.suppliers.id} order by ${e.at} desc limit 1)`;
  const rows = await db
    .select({
      id: s.suppliers.id,
      slug: s.suppliers.slug,
      name: s.suppliers.name,
      nameEn: s.suppliers.nameEn,
      status: s.suppliers.status,
      townName: supplierTown.name,
      townNameEn: supplierTown.nameEn,
      lastEvent,
    })
    .from(s.suppliers)
    .innerJoin(supplierTown, eq(supplierTown.id, s.suppliers.townId))
    .where(where)
    .orderBy(asc(s.suppliers.name), asc(s.suppliers.id))
    .limit(STANDING_PAGE_SIZE)
    .offset(offset);
  return { suppliers: rows, total: n, page, pageCount, q: text, mayDecide: await isDistrictOrAdmin(caller) };
}

/** The standing events of a supplier: its own staff read theirs; officials those in their scope. */
export async function listStandingEvents({
  caller,
  supplierId,
}: {
  caller: Caller;
  supplierId?: string | null;
}) {
  const id = caller.role === "supplier_staff" ? caller.supplierId : supplierId;
  if (!id || !UUID.test(id)) return null;
  const scope = await scopeOf(caller);
  const [supplier] = await db
    .select({
      id: s.suppliers.id,
      name: s.suppliers.name,
      nameEn: s.suppliers.nameEn,
      status: s.suppliers.status,
    })
    .from(s.suppliers)
    .innerJoin(supplierTown, eq(supplierTown.id, s.suppliers.townId))
    .where(and(eq(s.suppliers.id, id), supplierFilter(scope)));
  if (!supplier) return null;
  const events = await db
    .select({
      id: s.supplierStandingEvents.id,
      action: s.supplierStandingEvents.action,
      reason: s.supplierStandingEvents.reason,
      at: s.supplierStandingEvents.at,
    })
    .from(s.supplierStandingEvents)
    .where(eq(s.supplierStandingEvents.supplierId, id))
    .orderBy(desc(s.supplierStandingEvents.at));
  return { supplier, events: events.map((e) => ({ ...e, at: e.at.toISOString() })) };
}
