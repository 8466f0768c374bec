// The audit log (DESIGN.md §3 "Beneficiary registry"): who saw or changed personal or sensitive
// data, when, and in which region. This file owns `audit_log`. The table is append-only (a
// trigger refuses UPDATE and DELETE, migration 0001): corrections are new entries.
import { and, asc, count, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { db, schema as s, type Executor } from "~/lib/db.server";
import type { UserRole } from "./users.server";
import { scopeOf, townOrVillageFilter, type Caller } from "./scope.server";
import { pageCountOf } from "~/lib/paging";

export type AuditActor = { id: string; role: UserRole } | null;

export type AuditEntry = {
  actor: AuditActor;
  /** Dotted verb, e.g. `household.view_unmasked`, `household.import`. */
  action: string;
  subjectType: string;
  subjectId?: string | null;
  regionId?: number | null;
  details?: Record<string, unknown>;
  ip?: string | null;
  /** When it happened; the clock when omitted (the demo history passes past times). */
  at?: Date;
};

/** Appends one entry. Pass the transaction (`tx`) when the change it records is in one. */
export async function recordAudit(ex: Executor, entry: AuditEntry): Promise<{ id: number }> {
  const [row] = await ex
    .insert(s.auditLog)
    .values({
      actorId: entry.actor?.id ?? null,
      actorRole: entry.actor?.role ?? null,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId ?? null,
      regionId: entry.regionId ?? null,
      details: entry.details ?? {},
      ip: entry.ip ?? null,
      at: entry.at,
    })
    .returning({ id: s.auditLog.id });
  return row;
}

// ─── reading the log (/official/audit) ───────────────────────────────────────────────────
// Scope: admins and district officials read every entry. A town official reads the entries
//  - about subjects in their town: region_id is the town, or a village of the town, or
//  - by actors of their town: officials whose region is the town (or one of its villages), and
//    staff of suppliers whose town is the town.
// Entries about other towns by other towns' actors stay hidden; system entries (no actor) show
// when their region is the town. Anyone else reads nothing.

export const AUDIT_PAGE_SIZE = 25;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

async function auditScope(caller: Caller): Promise<SQL | undefined | "none"> {
  const scope = await scopeOf(caller);
  if (scope.kind !== "platform" && scope.kind !== "region") return "none";
  if (scope.kind === "platform" || scope.level === "district") return undefined;
  return sql`(${townOrVillageFilter(scope, s.auditLog.regionId)} or ${s.auditLog.actorId} in (
      select ${s.users.id} from ${s.users}
      left join ${s.suppliers} on ${s.suppliers.id} = ${s.users.supplierId}
      where ${townOrVillageFilter(scope, sql`${s.users.regionId}`)} or ${s.suppliers.townId} = ${scope.regionId}))`;
}

export type AuditFilters = {
  action?: string | null;
  from?: string | null;
  to?: string | null;
  page?: number;
};

export type AuditRow = {
  id: number;
  at: string;
  actorName: string | null;
  actorRole: UserRole | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  regionName: string | null;
  details: Record<string, unknown>;
  ip: string | null;
};

/** Only well-formed dates become filters; anything else is ignored. */
function validDay(value: string | null | undefined): string | null {
  if (!value || !ISO_DAY.test(value)) return null;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value ? value : null;
}

/**
 * One page of the entries the caller may read, newest first, filtered by action and by an
 * Asia/Shanghai date range (both ends included). Also the actions present in the scope, for the filter.
 */
export async function listAuditEntries({ caller, filters }: { caller: Caller; filters: AuditFilters }) {
  const scope = await auditScope(caller);
  const empty = { rows: [] as AuditRow[], total: 0, page: 1, pageCount: 1, actions: [] as string[] };
  if (scope === "none") return empty;
  const from = validDay(filters.from);
  const to = validDay(filters.to);
  const action = filters.action?.trim() ? filters.action.trim().slice(0, 100) : null;
  const where = and(
    scope,
    action ? eq(s.auditLog.action, action) : undefined,
    // Shanghai calendar days → instants: [from 00:00, to+1 00:00) in Asia/Shanghai.
    from ? gte(s.auditLog.at, sql`(${from}::date)::timestamp at time zone 'Asia/Shanghai'`) : undefined,
    to ? lt(s.auditLog.at, sql`(${to}::date + 1)::timestamp at time zone 'Asia/Shanghai'`) : undefined,
  );
  const page = Math.max(1, Math.min(Number.isSafeInteger(filters.page) ? filters.page! : 1, 10_000));
  const [[{ total }], rows, actions] = await Promise.all([
    db.select({ total: count() }).from(s.auditLog).where(where),
    db
      .select({
        id: s.auditLog.id,
        at: s.auditLog.at,
        actorName: s.users.displayName,
        actorRole: s.auditLog.actorRole,
        action: s.auditLog.action,
        subjectType: s.auditLog.subjectType,
        subjectId: s.auditLog.subjectId,
        regionName: s.regions.name,
        details: s.auditLog.details,
        ip: s.auditLog.ip,
      })
      .from(s.auditLog)
      .leftJoin(s.users, eq(s.users.id, s.auditLog.actorId))
      .leftJoin(s.regions, eq(s.regions.id, s.auditLog.regionId))
      .where(where)
      .orderBy(desc(s.auditLog.at), desc(s.auditLog.id))
      .limit(AUDIT_PAGE_SIZE)
      .offset((page - 1) * AUDIT_PAGE_SIZE),
    db
      .selectDistinct({ action: s.auditLog.action })
      .from(s.auditLog)
      .where(scope)
      .orderBy(asc(s.auditLog.action)),
  ]);
  return {
    rows: rows.map((r) => ({
      ...r,
      at: r.at.toISOString(),
      details: (r.details ?? {}) as Record<string, unknown>,
    })),
    total,
    page,
    pageCount: pageCountOf(total, AUDIT_PAGE_SIZE),
    actions: actions.map((a) => a.action),
  };
}

/** "key: value; key: value", values shortened: the details column of the audit page. */
export function summariseDetails(details: Record<string, unknown>, max = 300): string {
  const parts = Object.entries(details).map(([key, value]) => {
    const text =
      value === null || value === undefined
        ? "—"
        : typeof value === "object"
          ? JSON.stringify(value)
          : String(value);
    return `${key}: ${text.length > 60 ? `${text.slice(0, 59)}…` : text}`;
  });
  const all = parts.join("; ");
  return all.length > max ? `${all.slice(0, max - 1)}…` : all;
}
