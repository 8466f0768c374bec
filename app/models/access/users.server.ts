// Accounts: sign-up, login by mobile or e-mail with a lockout after repeated failures, and the
// user as the rest of the app sees it (role and scope). Passwords are only ever stored hashed.
import { and, eq, isNull, sql } from "drizzle-orm";
import { db, schema as s } from "~/lib/db.server";
import { hashPassword, verifyPassword } from "../../../core/password";
import {
  LOCK_MINUTES,
  MAX_DISPLAY_NAME_LENGTH,
  MAX_FAILED_LOGINS,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  MOBILE_PATTERN,
} from "./account-rules";
import { UUID } from "~/lib/ids";

export {
  LOCK_MINUTES,
  MAX_DISPLAY_NAME_LENGTH,
  MAX_FAILED_LOGINS,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  MOBILE_PATTERN,
};

export type UserRole = (typeof s.userRole.enumValues)[number];

export type User = {
  id: string;
  displayName: string;
  role: UserRole;
  mobile: string | null;
  email: string | null;
  supplierId: string | null;
  regionId: number | null;
  organisationId: string | null;
};

export type SignUpError =
  | "invalid_mobile"
  | "invalid_email"
  | "invalid_display_name"
  | "password_too_short"
  | "password_too_long"
  | "mobile_taken"
  | "email_taken";
export type SignUpResult = { ok: true; userId: string } | { ok: false; code: SignUpError };

export type LoginResult =
  | { ok: true; userId: string; role: UserRole }
  | { ok: false; code: "invalid" }
  | { ok: false; code: "locked"; lockedUntil: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A new customer account. A taken mobile or e-mail is an error value, and nothing is written. */
export async function signUp({
  mobile,
  password,
  displayName,
  email,
  acceptedTerms,
}: {
  mobile: string;
  password: string;
  displayName: string;
  email?: string | null;
  /** The version of the user agreement and privacy policy the person ticked (kept as proof of consent). */
  acceptedTerms?: string;
}): Promise<SignUpResult> {
  mobile = mobile.trim();
  displayName = displayName.trim();
  const mail = email ? normaliseEmail(email) : null;
  if (!MOBILE_PATTERN.test(mobile)) return { ok: false, code: "invalid_mobile" };
  if (mail !== null && (mail.length > 254 || !EMAIL.test(mail))) return { ok: false, code: "invalid_email" };
  if (displayName.length === 0 || displayName.length > MAX_DISPLAY_NAME_LENGTH)
    return { ok: false, code: "invalid_display_name" };
  if (password.length < MIN_PASSWORD_LENGTH) return { ok: false, code: "password_too_short" };
  if (password.length > MAX_PASSWORD_LENGTH) return { ok: false, code: "password_too_long" };

  const passwordHash = hashPassword(password);
  // Race-free: a concurrent sign-up with the same mobile or e-mail hits the unique index and
  // inserts nothing; the second look tells which one was taken.
  const [row] = await db
    .insert(s.users)
    .values({
      mobile,
      email: mail,
      displayName,
      passwordHash,
      role: "customer",
      ...(acceptedTerms ? { termsVersion: acceptedTerms, termsAcceptedAt: new Date() } : {}),
    })
    .onConflictDoNothing()
    .returning({ id: s.users.id });
  if (row) return { ok: true, userId: row.id };
  const [byMobile] = await db.select({ id: s.users.id }).from(s.users).where(eq(s.users.mobile, mobile));
  return { ok: false, code: byMobile ? "mobile_taken" : "email_taken" };
}

let dummyHash: string | undefined;

/**
 * Login by mobile or e-mail. Five wrong passwords in a row lock the account for 15 minutes;
 * while locked even the right password is refused. A success resets the counter.
 */
export async function verifyLogin({
  login,
  password,
}: {
  login: string;
  password: string;
}): Promise<LoginResult> {
  const key = login.trim();
  const where = key.includes("@") ? eq(s.users.email, normaliseEmail(key)) : eq(s.users.mobile, key);
  const [user] = key
    ? await db
        .select({
          id: s.users.id,
          role: s.users.role,
          passwordHash: s.users.passwordHash,
          failedLogins: s.users.failedLogins,
          lockedUntil: s.users.lockedUntil,
          locked: sql<boolean>`coalesce(${s.users.lockedUntil} > now(), false)`,
          deactivatedAt: s.users.deactivatedAt,
        })
        .from(s.users)
        .where(where)
    : [];

  if (!user) {
    // Spend the same time as a real check, so timing does not tell which logins exist.
    verifyPassword(password, (dummyHash ??= hashPassword("not-a-real-password")));
    return { ok: false, code: "invalid" };
  }
  if (user.locked) return { ok: false, code: "locked", lockedUntil: user.lockedUntil!.toISOString() };

  if (!verifyPassword(password, user.passwordHash)) {
    // One atomic step: count the failure, and at the limit lock the account and restart the count
    // (so the user gets a fresh set of tries once the lock has passed).
    const limit = sql.raw(String(MAX_FAILED_LOGINS));
    const [after] = await db
      .update(s.users)
      .set({
        failedLogins: sql`case when ${s.users.failedLogins} + 1 >= ${limit} then 0 else ${s.users.failedLogins} + 1 end`,
        lockedUntil: sql`case when ${s.users.failedLogins} + 1 >= ${limit}
          then now() + ${sql.raw(`interval '${LOCK_MINUTES} minutes'`)} else ${s.users.lockedUntil} end`,
      })
      .where(eq(s.users.id, user.id))
      .returning({ failedLogins: s.users.failedLogins, lockedUntil: s.users.lockedUntil });
    if (after && after.failedLogins === 0 && after.lockedUntil) {
      return { ok: false, code: "locked", lockedUntil: after.lockedUntil.toISOString() };
    }
    return { ok: false, code: "invalid" };
  }

  // A deactivated account (officials, issue 18) signs in no more; said like a wrong password.
  if (user.deactivatedAt) return { ok: false, code: "invalid" };
  if (user.failedLogins !== 0 || user.lockedUntil !== null) {
    await db.update(s.users).set({ failedLogins: 0, lockedUntil: null }).where(eq(s.users.id, user.id));
  }
  return { ok: true, userId: user.id, role: user.role };
}

/** The user with role and scope, or null (also for a malformed id). */
export async function getUserById(id: string): Promise<User | null> {
  if (!UUID.test(id)) return null;
  const [user] = await db
    .select({
      id: s.users.id,
      displayName: s.users.displayName,
      role: s.users.role,
      mobile: s.users.mobile,
      email: s.users.email,
      supplierId: s.users.supplierId,
      regionId: s.users.regionId,
      organisationId: s.users.organisationId,
    })
    .from(s.users)
    .where(and(eq(s.users.id, id), isNull(s.users.deactivatedAt)));
  return user ?? null;
}
