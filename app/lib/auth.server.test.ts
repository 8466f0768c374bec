// Guards: signed out → the login page (coming back here); wrong role → 403; logout clears the cookie.
import { describe, expect, it } from "vitest";
import { commitSession, getSession } from "~/lib/session.server";
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

async function requestAs(userId?: string, path = "/account?tab=orders") {
  const session = await getSession(new Request("http://localhost/"));
  if (userId) session.set("userId", userId);
  const cookie = (await commitSession(session)).split(";")[0];
  return new Request(`http://localhost${path}`, { headers: { Cookie: cookie } });
}

describe("auth guards", () => {
  it("sends a signed-out visitor, or a session of a vanished account, to the login page", async () => {
    for (const request of [await requestAs(), await requestAs("00000000-0000-4000-8000-000000000000")]) {
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
    const response = await logout(await requestAs("00000000-0000-4000-8000-000000000000"));
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/");
    expect(response.headers.get("Set-Cookie")).toMatch(/__session=;.*Expires=Thu, 01 Jan 1970/);
  });
});
