// Official accounts (issue 18, decision 093): admins open and deactivate accounts for the district
// or a town (subdistrict); a district official opens and deactivates accounts of the towns of their
// own district only; a town official only sees their town's accounts. Nobody grants more than their
// own scope: a region outside it is answered `not_found` (as if it did not exist), and the district
// level is the admins' alone. Moving an official to another region (changeOfficialScope) obeys the
// same reach for both the region they leave and the one they get; the scope is read from the user row
// on every request, so it holds from the next click. Deactivating sets users.deactivated_at and
// revokes every session of the account in the same transaction (signed out at once; login refused
// from then on). Every step is audited.
import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { db, schema as s, type Executor } from "~/lib/db.server";
import { UUID } from "~/lib/ids";
import { hashPassword } from "../../../core/password";
import {
  MAX_DISPLAY_NAME_LENGTH,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  MOBILE_PATTERN,
} from "./account-rules";
import { enqueueNotification } from "../notifications/outbox.server";
import { recordAudit } from "./audit.server";
import { scopeOf, type Caller, type Scope } from "./scope.server";
import { normaliseEmail } from "./users.server";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The regions (district, towns, subdistricts) the caller may appoint officials for. */
async function grantableRegions(ex: Executor, scope: Scope) {
  const columns = {
    id: s.regions.id,
    name: s.regions.name,
    nameEn: s.regions.nameEn,
    level: s.regions.level,
  };
  if (scope.kind === "platform")
    return ex
      .select(columns)
      .from(s.regions)
      .where(inArray(s.regions.level, ["district", "town", "subdistrict"]))
      .orderBy(asc(s.regions.code));
  if (scope.kind === "region" && scope.level === "district")
    return ex
      .select(columns)
      .from(s.regions)
      .where(and(eq(s.regions.parentId, scope.regionId), inArray(s.regions.level, ["town", "subdistrict"])))
      .orderBy(asc(s.regions.code));
  return [];
}

/** A condition on users.region_id: the officials the scope reaches (district: itself and its towns). */
function officialsInScope(scope: Scope) {
  if (scope.kind === "platform") return undefined;
  if (scope.kind !== "region") return sql`false`;
  if (scope.level === "town") return eq(s.users.regionId, scope.regionId);
  return or(
    eq(s.users.regionId, scope.regionId),
    inArray(
      s.users.regionId,
      db.select({ id: s.regions.id }).from(s.regions).where(eq(s.regions.parentId, scope.regionId)),
    ),
  );
}

/** The official accounts the caller's scope reaches, and the regions they may appoint for. */
export async function listOfficials({ caller }: { caller: Caller }) {
  if (caller.role !== "official" && caller.role !== "admin") return null;
  const scope = await scopeOf(caller);
  if (scope.kind !== "platform" && scope.kind !== "region") return null;
  const [rows, regions] = await Promise.all([
    db
      .select({
        id: s.users.id,
        displayName: s.users.displayName,
        mobile: s.users.mobile,
        email: s.users.email,
        regionName: s.regions.name,
        regionNameEn: s.regions.nameEn,
        regionLevel: s.regions.level,
        deactivatedAt: s.users.deactivatedAt,
        regionId: s.users.regionId,
      })
      .from(s.users)
      .innerJoin(s.regions, eq(s.regions.id, s.users.regionId))
      .where(and(eq(s.users.role, "official"), officialsInScope(scope)))
      .orderBy(asc(s.regions.code), asc(s.users.createdAt))
      .limit(500),
    grantableRegions(db, scope),
  ]);
  // Who the caller may move or deactivate: others, active, within what the caller grants.
  const mayManage = (r: (typeof rows)[number]) =>
    r.id !== caller.id &&
    !r.deactivatedAt &&
    (scope.kind === "platform" || r.regionLevel === "town" || r.regionLevel === "subdistrict");
  return {
    officials: rows.map((r) => ({
      ...r,
      deactivatedAt: r.deactivatedAt?.toISOString() ?? null,
      mayDeactivate: mayManage(r),
      regionId: r.regionId,
    })),
    regions,
  };
}

export type OfficialError = "forbidden" | "not_found" | "invalid" | "taken" | "self";

export async function createOfficial({
  caller,
  displayName,
  mobile,
  email,
  password,
  regionId,
  ip,
}: {
  caller: Caller;
  displayName: string;
  mobile: string;
  email?: string | null;
  password: string;
  regionId: number;
  ip?: string | null;
}): Promise<{ ok: true; id: string } | { ok: false; code: OfficialError }> {
  if (caller.role !== "official" && caller.role !== "admin") return { ok: false, code: "forbidden" };
  const scope = await scopeOf(caller);
  const appointsAnything =
    scope.kind === "platform" || (scope.kind === "region" && scope.level === "district");
  if (!appointsAnything) return { ok: false, code: "forbidden" };
  const name = displayName.trim();
  const phone = mobile.trim();
  const mail = email?.trim() ? normaliseEmail(email) : null;
  if (
    !name ||
    name.length > MAX_DISPLAY_NAME_LENGTH ||
    !MOBILE_PATTERN.test(phone) ||
    (mail !== null && (mail.length > 254 || !EMAIL.test(mail))) ||
    password.length < MIN_PASSWORD_LENGTH ||
    password.length > MAX_PASSWORD_LENGTH ||
    !Number.isSafeInteger(regionId)
  )
    return { ok: false, code: "invalid" };
  const region = (await grantableRegions(db, scope)).find((r) => r.id === regionId);
  if (!region) return { ok: false, code: "not_found" };
  const passwordHash = hashPassword(password);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(s.users)
        .values({ displayName: name, mobile: phone, email: mail, passwordHash, role: "official", regionId })
        .onConflictDoNothing()
        .returning({ id: s.users.id });
      if (!row) return { ok: false as const, code: "taken" as const };
      await recordAudit(tx, {
        actor: caller,
        action: "official.created",
        subjectType: "user",
        subjectId: row.id,
        regionId,
        details: { region: region.name, level: region.level },
        ip,
      });
      // The appointee learns of it by e-mail (or SMS); the first password is told in person.
      const [appointer] = await tx
        .select({ name: s.users.displayName })
        .from(s.users)
        .where(eq(s.users.id, caller.id));
      await enqueueNotification(tx, {
        event: `official.appointed:${row.id}`,
        template: "official_appointed",
        params: { region: region.name, appointedBy: appointer?.name ?? "", link: "/login" },
        to: { userId: row.id },
      });
      return { ok: true as const, id: row.id };
    });
  } catch (error) {
    const code = (error as { code?: string; cause?: { code?: string } })?.cause?.code;
    if (code === "23505") return { ok: false, code: "taken" };
    throw error;
  }
}

export async function deactivateOfficial({
  caller,
  userId,
  ip,
}: {
  caller: Caller;
  userId: string;
  ip?: string | null;
}): Promise<{ ok: true; revoked: number } | { ok: false; code: OfficialError }> {
  if (caller.role !== "official" && caller.role !== "admin") return { ok: false, code: "forbidden" };
  if (!UUID.test(userId)) return { ok: false, code: "not_found" };
  if (userId === caller.id) return { ok: false, code: "self" };
  const scope = await scopeOf(caller);
  const appointsAnything =
    scope.kind === "platform" || (scope.kind === "region" && scope.level === "district");
  if (!appointsAnything) return { ok: false, code: "forbidden" };
  const grantable = (await grantableRegions(db, scope)).map((r) => r.id);
  return db.transaction(async (tx) => {
    const [target] = await tx
      .update(s.users)
      .set({ deactivatedAt: sql`now()` })
      .where(
        and(
          eq(s.users.id, userId),
          eq(s.users.role, "official"),
          isNull(s.users.deactivatedAt),
          grantable.length ? inArray(s.users.regionId, grantable) : sql`false`,
        ),
      )
      .returning({ id: s.users.id, regionId: s.users.regionId });
    if (!target) return { ok: false as const, code: "not_found" as const };
    const ended = await tx
      .update(s.sessions)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(s.sessions.userId, userId), isNull(s.sessions.revokedAt)))
      .returning({ id: s.sessions.id });
    await recordAudit(tx, {
      actor: caller,
      action: "official.deactivated",
      subjectType: "user",
      subjectId: userId,
      regionId: target.regionId,
      details: { sessions: ended.length },
      ip,
    });
    return { ok: true as const, revoked: ended.length };
  });
}

/**
 * Moves an active official to another region. Both the region they hold and the one they get must be
 * within what the caller may grant (a district official moves officials between their own towns;
 * admins anywhere); nobody moves themself. One winner when two race (the row is updated only while it
 * still holds the region the caller saw). Audited with both regions.
 */
export async function changeOfficialScope({
  caller,
  userId,
  regionId,
  ip,
}: {
  caller: Caller;
  userId: string;
  regionId: number;
  ip?: string | null;
}): Promise<{ ok: true; changed: boolean } | { ok: false; code: OfficialError }> {
  if (caller.role !== "official" && caller.role !== "admin") return { ok: false, code: "forbidden" };
  if (!UUID.test(userId) || !Number.isSafeInteger(regionId)) return { ok: false, code: "not_found" };
  if (userId === caller.id) return { ok: false, code: "self" };
  const scope = await scopeOf(caller);
  const appointsAnything =
    scope.kind === "platform" || (scope.kind === "region" && scope.level === "district");
  if (!appointsAnything) return { ok: false, code: "forbidden" };
  const grantable = await grantableRegions(db, scope);
  const target = grantable.find((r) => r.id === regionId);
  if (!target) return { ok: false, code: "not_found" };
  const grantableIds = grantable.map((r) => r.id);
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ regionId: s.users.regionId })
      .from(s.users)
      .where(
        and(
          eq(s.users.id, userId),
          eq(s.users.role, "official"),
          isNull(s.users.deactivatedAt),
          inArray(s.users.regionId, grantableIds),
        ),
      )
      .for("update");
    if (!current || current.regionId == null) return { ok: false as const, code: "not_found" as const };
    if (current.regionId === regionId) return { ok: true as const, changed: false };
    const [moved] = await tx
      .update(s.users)
      .set({ regionId })
      .where(
        and(eq(s.users.id, userId), eq(s.users.regionId, current.regionId), isNull(s.users.deactivatedAt)),
      )
      .returning({ id: s.users.id });
    if (!moved) return { ok: false as const, code: "not_found" as const };
    const from = grantable.find((r) => r.id === current.regionId);
    const audit = await recordAudit(tx, {
      actor: caller,
      action: "official.scope_changed",
      subjectType: "user",
      subjectId: userId,
      regionId,
      details: { from: from?.name ?? null, fromId: current.regionId, to: target.name, toId: regionId },
      ip,
    });
    await enqueueNotification(tx, {
      event: `official.scope_changed:${audit.id}`,
      template: "official_scope_changed",
      params: { from: from?.name ?? "", region: target.name },
      to: { userId },
    });
    return { ok: true as const, changed: true };
  });
}
