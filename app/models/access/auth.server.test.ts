// Guards: signed out → the login page (coming back here); wrong role → 403; logout clears the cookie.
import { describe, expect, it } from "vitest";
import { commitSession, getSession, getUserId, sessionStore } from "~/lib/session.server";
import { signUp } from "~/models/access/users.server";
import { logout, requireRole, requireUser } from "./auth.server";

/** The Response a guard throws (it must throw one). */
async function thrownResponse(guard: Promise<unknown>): Promise<Response> {
  try {
    await guard;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
  throw new Error("the guard let the request through");
}

/** A request with a cookie naming a fresh session of `userId` (or naming `sessionId` as given). */
async function requestAs(userId?: string, path = "/account?tab=orders", sessionId?: string) {
  const session = await getSession(new Request("http://localhost/"));
  if (userId) session.set("sessionId", (await sessionStore().create(userId)).id);
  if (sessionId) session.set("sessionId", sessionId);
  const cookie = (await commitSession(session)).split(";")[0];
  return new Request(`http://localhost${path}`, { headers: { Cookie: cookie } });
}

describe("auth guards", () => {
  it("sends a signed-out visitor, or a session of a vanished account, to the login page", async () => {
    for (const request of [await requestAs(), await requestAs(undefined, undefined, "A".repeat(43))]) {
      const response = await thrownResponse(requireUser(request));
      expect(response.status).toBe(303);
      expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Faccount%3Ftab%3Dorders");
    }
  });

  it("lets the right role through and answers 403 to any other", async () => {
    const result = await signUp({ mobile: "13600000001", password: "Secret@123", displayName: "甲" });
    if (!result.ok) throw new Error(result.code);
    const request = await requestAs(result.userId);
    expect((await requireUser(request)).id).toBe(result.userId);
    expect((await requireRole(request, ["customer", "admin"])).role).toBe("customer");
    const refused = await thrownResponse(requireRole(request, ["official"]));
    expect(refused.status).toBe(403);
  });

  it("logs out with a cleared cookie and a 303 home", async () => {
    const response = await logout(await requestAs(undefined, undefined, "A".repeat(43)));
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/");
    expect(response.headers.get("Set-Cookie")).toMatch(/__session=;.*Expires=Thu, 01 Jan 1970/);
  });
});

describe("server-side sessions", () => {
  it("refuses a copied cookie on the next request once its session has logged out", async () => {
    const result = await signUp({ mobile: "13600000002", password: "Secret@123", displayName: "乙" });
    if (!result.ok) throw new Error(result.code);
    const request = await requestAs(result.userId);
    const copied = request.headers.get("Cookie")!;
    expect(await getUserId(new Request("http://localhost/account", { headers: { Cookie: copied } }))).toBe(
      result.userId,
    );
    await logout(request);
    const replay = new Request("http://localhost/account", { headers: { Cookie: copied } });
    expect(await getUserId(replay)).toBeUndefined();
    const response = await thrownResponse(requireUser(replay));
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("a password change ends the user's other sessions; an admin ends them all (audited); others may not", async () => {
    const { revokeSessionsOfUser, adminRevokeSessions } = await import("~/models/access/sessions.server");
    const result = await signUp({ mobile: "13600000003", password: "Secret@123", displayName: "丙" });
    if (!result.ok) throw new Error(result.code);
    const [phone, laptop, tablet] = [
      await requestAs(result.userId),
      await requestAs(result.userId),
      await requestAs(result.userId),
    ];
    const idOf = async (r: Request) => (await getSession(r)).get("sessionId")!;
    expect(await revokeSessionsOfUser({ userId: result.userId, exceptSessionId: await idOf(laptop) })).toBe(
      2,
    );
    expect(await getUserId(phone)).toBeUndefined();
    expect(await getUserId(tablet)).toBeUndefined();
    expect(await getUserId(laptop)).toBe(result.userId);

    const other = await signUp({ mobile: "13600000004", password: "Secret@123", displayName: "丁" });
    if (!other.ok) throw new Error(other.code);
    expect(
      await adminRevokeSessions({ caller: { id: other.userId, role: "customer" }, userId: result.userId }),
    ).toEqual({ ok: false, code: "forbidden" });
    expect(await getUserId(laptop)).toBe(result.userId);
    expect(
      await adminRevokeSessions({
        caller: { id: other.userId, role: "admin" },
        userId: result.userId,
        ip: "203.0.113.1",
      }),
    ).toEqual({ ok: true, revoked: 1 });
    expect(await getUserId(laptop)).toBeUndefined();
  });

  it("changing the password keeps this session and signs out every other one", async () => {
    const { changePassword } = await import("~/models/access/sessions.server");
    const result = await signUp({ mobile: "13600000006", password: "Secret@123", displayName: "己" });
    if (!result.ok) throw new Error(result.code);
    const [here, stolen] = [await requestAs(result.userId), await requestAs(result.userId)];
    const hereId = (await getSession(here)).get("sessionId")!;
    expect(
      await changePassword({
        userId: result.userId,
        currentSessionId: hereId,
        currentPassword: "wrong",
        newPassword: "Changed@456",
      }),
    ).toEqual({ ok: false, code: "wrong_password" });
    expect(await getUserId(stolen)).toBe(result.userId);
    expect(
      await changePassword({
        userId: result.userId,
        currentSessionId: hereId,
        currentPassword: "Secret@123",
        newPassword: "Changed@456",
      }),
    ).toEqual({ ok: true, revoked: 1 });
    expect(await getUserId(stolen)).toBeUndefined();
    expect(await getUserId(here)).toBe(result.userId);
  });

  it("an expired session signs no one in", async () => {
    const { createUserSession, resolveUserSession, SESSION_TTL_MS } =
      await import("~/models/access/sessions.server");
    const result = await signUp({ mobile: "13600000005", password: "Secret@123", displayName: "戊" });
    if (!result.ok) throw new Error(result.code);
    const { id } = await createUserSession({
      userId: result.userId,
      now: new Date(Date.now() - SESSION_TTL_MS - 1000),
    });
    expect(await resolveUserSession({ sessionId: id })).toBeNull();
  });
});
