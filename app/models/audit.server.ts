// The audit log (DESIGN.md §3 "Beneficiary registry"): who saw or changed personal or sensitive
// data, when, and in which region. This file owns `audit_log`. The table is append-only (a
// trigger refuses UPDATE and DELETE, migration 0001): corrections are new entries.
import { schema as s, type Executor } from "~/lib/db.server";
import type { UserRole } from "./users.server";

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
    })
    .returning({ id: s.auditLog.id });
  return row;
}
