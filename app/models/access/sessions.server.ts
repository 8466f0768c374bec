// Signed-in sessions: one row per login, found by the random id the cookie carries. A session
// ends for good when its row is revoked (logout, a password change for the user's other
// sessions, an admin) or expires; a copied cookie dies with it. This file owns `sessions`.
import { randomBytes } from "node:crypto";
import { and, eq, gt, isNull, lt, ne, or, sql } from "drizzle-orm";
import { db, schema as s } from "~/lib/db.server";
import { hashPassword, verifyPassword } from "../../../core/password";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./account-rules";
import { recordAudit } from "./audit.server";
import type { User } from "./users.server";

/** As long as the cookie lives (session.server.ts): 30 days. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** last_seen_at is written at most this often per session, not on every request. */
const LAST_SEEN_EVERY_MS = 5 * 60 * 1000;
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** A new session for `userId`: 32 random bytes, base64url. */
export async function createUserSession({
  userId,
  now = new Date(),
}: {
  userId: string;
  now?: Date;
}): Promise<{ id: string; expiresAt: Date }> {
  const id = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.insert(s.sessions).values({ id, userId, createdAt: now, expiresAt, lastSeenAt: now });
  return { id, expiresAt };
}

/** The user of a live session (not revoked, not expired), or null. Notes when it was last used. */
export async function resolveUserSession({
  sessionId,
  now = new Date(),
}: {
  sessionId: string;
  now?: Date;
}): Promise<string | null> {
  if (!SESSION_ID.test(sessionId)) return null;
  const [row] = await db
    .select({ userId: s.sessions.userId, lastSeenAt: s.sessions.lastSeenAt })
    .from(s.sessions)
    .where(and(eq(s.sessions.id, sessionId), isNull(s.sessions.revokedAt), gt(s.sessions.expiresAt, now)));
  if (!row) return null;
  if (!row.lastSeenAt || now.getTime() - row.lastSeenAt.getTime() > LAST_SEEN_EVERY_MS) {
    await db.update(s.sessions).set({ lastSeenAt: now }).where(eq(s.sessions.id, sessionId));
  }
  return row.userId;
}

/** Ends one session (logout). Unknown or already ended ids are fine. */
export async function revokeUserSession({
  sessionId,
  now = new Date(),
}: {
  sessionId: string;
  now?: Date;
}): Promise<void> {
  if (!SESSION_ID.test(sessionId)) return;
  await db
    .update(s.sessions)
    .set({ revokedAt: now })
    .where(and(eq(s.sessions.id, sessionId), isNull(s.sessions.revokedAt)));
}

/**
 * Ends every live session of `userId`, except `exceptSessionId` (the one that changed the
 * password stays signed in). Returns how many were ended.
 */
export async function revokeSessionsOfUser({
  userId,
  exceptSessionId,
  now = new Date(),
}: {
  userId: string;
  exceptSessionId?: string | null;
  now?: Date;
}): Promise<number> {
  const ended = await db
    .update(s.sessions)
    .set({ revokedAt: now })
    .where(
      and(
        eq(s.sessions.userId, userId),
        isNull(s.sessions.revokedAt),
        exceptSessionId ? ne(s.sessions.id, exceptSessionId) : undefined,
      ),
    )
    .returning({ id: s.sessions.id });
  return ended.length;
}

/** An admin signs a user out everywhere (a stolen phone, a departed employee); audited. */
export async function adminRevokeSessions({
  caller,
  userId,
  ip,
}: {
  caller: Pick<User, "id" | "role">;
  userId: string;
  ip?: string | null;
}): Promise<{ ok: true; revoked: number } | { ok: false; code: "forbidden" | "not_found" }> {
  if (caller.role !== "admin") return { ok: false, code: "forbidden" };
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(userId))
    return { ok: false, code: "not_found" };
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ id: s.users.id }).from(s.users).where(eq(s.users.id, userId));
    if (!user) return { ok: false as const, code: "not_found" as const };
    const ended = await tx
      .update(s.sessions)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(s.sessions.userId, userId), isNull(s.sessions.revokedAt)))
      .returning({ id: s.sessions.id });
    await recordAudit(tx, {
      actor: caller,
      action: "user.sessions_revoked",
      subjectType: "user",
      subjectId: userId,
      details: { sessions: ended.length },
      ip,
    });
    return { ok: true as const, revoked: ended.length };
  });
}

/** Drops rows that can no longer sign anyone in (expired or revoked a day ago). */
export async function purgeEndedSessions({ now = new Date() }: { now?: Date } = {}): Promise<void> {
  const dayAgo = new Date(now.getTime() - 24 * 60 * 60 * 1000);
  await db.delete(s.sessions).where(or(lt(s.sessions.expiresAt, now), lt(s.sessions.revokedAt, dayAgo)));
}

/**
 * Changes a password (the current one must be given) and ends every other session of the user,
 * in one transaction: whoever else holds a session — a stolen cookie — is signed out with it.
 */
export async function changePassword({
  userId,
  currentSessionId,
  currentPassword,
  newPassword,
}: {
  userId: string;
  currentSessionId: string | null;
  currentPassword: string;
  newPassword: string;
}): Promise<
  | { ok: true; revoked: number }
  | { ok: false; code: "wrong_password" | "password_too_short" | "password_too_long" }
> {
  if (newPassword.length < MIN_PASSWORD_LENGTH) return { ok: false, code: "password_too_short" };
  if (newPassword.length > MAX_PASSWORD_LENGTH) return { ok: false, code: "password_too_long" };
  const [user] = await db
    .select({ passwordHash: s.users.passwordHash })
    .from(s.users)
    .where(eq(s.users.id, userId));
  if (!user || !verifyPassword(currentPassword, user.passwordHash))
    return { ok: false, code: "wrong_password" };
  return db.transaction(async (tx) => {
    await tx
      .update(s.users)
      .set({ passwordHash: hashPassword(newPassword) })
      .where(eq(s.users.id, userId));
    const ended = await tx
      .update(s.sessions)
      .set({ revokedAt: sql`now()` })
      .where(
        and(
          eq(s.sessions.userId, userId),
          isNull(s.sessions.revokedAt),
          currentSessionId ? ne(s.sessions.id, currentSessionId) : undefined,
        ),
      )
      .returning({ id: s.sessions.id });
    return { ok: true as const, revoked: ended.length };
  });
}
