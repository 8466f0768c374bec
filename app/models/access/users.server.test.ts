// Accounts on a real (per-file) database: sign-up rules, login by mobile or e-mail, lockout.
import { count, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { getUserById, LOCK_MINUTES, MAX_FAILED_LOGINS, signUp, verifyLogin } from "./users.server";

let sequence = 0;
/** A fresh valid mobile per test, so tests do not depend on each other. */
function newMobile() {
  sequence += 1;
  return `1390000${String(sequence).padStart(4, "0")}`;
}

async function userCount() {
  const [row] = await db.select({ n: count() }).from(s.users);
  return row.n;
}

async function loginState(mobile: string) {
  const [row] = await db
    .select({ failedLogins: s.users.failedLogins, lockedUntil: s.users.lockedUntil })
    .from(s.users)
    .where(eq(s.users.mobile, mobile));
  return row;
}

describe("signUp and verifyLogin", () => {
  it("signs up a customer who can then log in by mobile and by e-mail", async () => {
    const mobile = newMobile();
    const result = await signUp({
      mobile,
      password: "Secret@123",
      displayName: " 李华 ",
      email: " LiHua@Example.COM ",
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;

    expect(await verifyLogin({ login: mobile, password: "Secret@123" })).toEqual({
      ok: true,
      userId: result.userId,
      role: "customer",
    });
    expect(await verifyLogin({ login: ` ${mobile} `, password: "Secret@123" })).toEqual({
      ok: true,
      userId: result.userId,
      role: "customer",
    });
    expect(await verifyLogin({ login: "lihua@example.com", password: "Secret@123" })).toEqual({
      ok: true,
      userId: result.userId,
      role: "customer",
    });
    expect(await verifyLogin({ login: "LIHUA@example.com", password: "Secret@123" })).toEqual({
      ok: true,
      userId: result.userId,
      role: "customer",
    });

    expect(await getUserById(result.userId)).toEqual({
      id: result.userId,
      displayName: "李华",
      role: "customer",
      mobile,
      email: "lihua@example.com",
      supplierId: null,
      regionId: null,
      organisationId: null,
    });
  });

  it("refuses a taken mobile or e-mail with an error value and writes nothing", async () => {
    const mobile = newMobile();
    expect(
      (await signUp({ mobile, password: "Secret@123", displayName: "甲", email: "a@example.com" })).ok,
    ).toBe(true);
    const before = await userCount();

    expect(await signUp({ mobile, password: "Other@1234", displayName: "乙" })).toEqual({
      ok: false,
      code: "mobile_taken",
    });
    expect(
      await signUp({
        mobile: newMobile(),
        password: "Other@1234",
        displayName: "丙",
        email: "A@example.com",
      }),
    ).toEqual({
      ok: false,
      code: "email_taken",
    });
    expect(await userCount()).toBe(before);
    // The original account is untouched: its password still works, the other one does not.
    expect((await verifyLogin({ login: mobile, password: "Secret@123" })).ok).toBe(true);
    expect((await verifyLogin({ login: mobile, password: "Other@1234" })).ok).toBe(false);
  });

  it("refuses a malformed mobile, a short password, a bad e-mail and an empty name", async () => {
    const before = await userCount();
    for (const mobile of ["12345678901", "1380000000", "138000000012", "23800000001", "1380000000a", ""]) {
      expect(await signUp({ mobile, password: "Secret@123", displayName: "甲" })).toEqual({
        ok: false,
        code: "invalid_mobile",
      });
    }
    expect(await signUp({ mobile: newMobile(), password: "Short@1", displayName: "甲" })).toEqual({
      ok: false,
      code: "password_too_short",
    });
    expect(
      await signUp({ mobile: newMobile(), password: "Secret@123", displayName: "甲", email: "not-an-email" }),
    ).toEqual({
      ok: false,
      code: "invalid_email",
    });
    expect(await signUp({ mobile: newMobile(), password: "Secret@123", displayName: "   " })).toEqual({
      ok: false,
      code: "invalid_display_name",
    });
    expect(await userCount()).toBe(before);
    // Exactly the minimum length is fine.
    expect((await signUp({ mobile: newMobile(), password: "12345678", displayName: "甲" })).ok).toBe(true);
  });

  it("stores passwords only as salted hashes", async () => {
    const [a, b] = [newMobile(), newMobile()];
    await signUp({ mobile: a, password: "Same@Password1", displayName: "甲" });
    await signUp({ mobile: b, password: "Same@Password1", displayName: "乙" });
    const rows = await db
      .select({ hash: s.users.passwordHash })
      .from(s.users)
      .where(sql`${s.users.mobile} in (${a}, ${b})`);
    expect(rows).toHaveLength(2);
    for (const { hash } of rows) {
      expect(hash).not.toContain("Same@Password1");
      expect(hash).toMatch(/^scrypt\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    }
    expect(rows[0].hash).not.toBe(rows[1].hash); // salted
  });

  it("answers the same for an unknown login and a wrong password", async () => {
    const mobile = newMobile();
    await signUp({ mobile, password: "Secret@123", displayName: "甲" });
    expect(await verifyLogin({ login: mobile, password: "wrong-password" })).toEqual({
      ok: false,
      code: "invalid",
    });
    expect(await verifyLogin({ login: "13999999999", password: "Secret@123" })).toEqual({
      ok: false,
      code: "invalid",
    });
    expect(await verifyLogin({ login: "nobody@example.com", password: "Secret@123" })).toEqual({
      ok: false,
      code: "invalid",
    });
    expect(await verifyLogin({ login: "", password: "Secret@123" })).toEqual({ ok: false, code: "invalid" });
  });

  it(`locks the account for ${LOCK_MINUTES} minutes after ${MAX_FAILED_LOGINS} wrong passwords; a success resets the count`, async () => {
    const mobile = newMobile();
    await signUp({ mobile, password: "Secret@123", displayName: "甲" });

    // Failures below the limit are counted; a success resets them.
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) {
      expect(await verifyLogin({ login: mobile, password: "wrong" })).toEqual({ ok: false, code: "invalid" });
    }
    expect((await loginState(mobile)).failedLogins).toBe(MAX_FAILED_LOGINS - 1);
    expect((await verifyLogin({ login: mobile, password: "Secret@123" })).ok).toBe(true);
    expect(await loginState(mobile)).toEqual({ failedLogins: 0, lockedUntil: null });

    // Five in a row lock it.
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) {
      expect(await verifyLogin({ login: mobile, password: "wrong" })).toEqual({ ok: false, code: "invalid" });
    }
    const started = Date.now();
    const fifth = await verifyLogin({ login: mobile, password: "wrong" });
    expect(fifth).toMatchObject({ ok: false, code: "locked" });
    const { lockedUntil } = await loginState(mobile);
    expect(lockedUntil).not.toBeNull();
    const lockMs = lockedUntil!.getTime() - started;
    expect(lockMs).toBeGreaterThan((LOCK_MINUTES - 1) * 60_000);
    expect(lockMs).toBeLessThanOrEqual((LOCK_MINUTES + 1) * 60_000);

    // While locked, even the right password is refused (by mobile and by any other login).
    expect(await verifyLogin({ login: mobile, password: "Secret@123" })).toEqual({
      ok: false,
      code: "locked",
      lockedUntil: lockedUntil!.toISOString(),
    });
    expect(await verifyLogin({ login: mobile, password: "wrong" })).toMatchObject({
      ok: false,
      code: "locked",
    });
    expect((await loginState(mobile)).lockedUntil).toEqual(lockedUntil); // refused attempts do not extend it

    // Once the lock has passed, the right password works again and clears the lock.
    await db
      .update(s.users)
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(s.users.mobile, mobile));
    expect((await verifyLogin({ login: mobile, password: "Secret@123" })).ok).toBe(true);
    expect(await loginState(mobile)).toEqual({ failedLogins: 0, lockedUntil: null });
  });

  it("getUserById answers null for an unknown or malformed id", async () => {
    expect(await getUserById("00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await getUserById("not-a-uuid")).toBeNull();
    expect(await getUserById("")).toBeNull();
  });
});
