// POST /login with real requests: a new session on success, a clear 400 otherwise, no open redirect.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { commitSession, getSession, userIdOf } from "~/lib/session.server";
import { signUp } from "~/models/access/users.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/fixtures/accounts";
import { seedDatabase } from "../../db/seed";
import { call, formRequest } from "../../tests/support/requests";
import { loader as accountLoader } from "./account._index";
import { action, loader } from "./login";
import { action as logoutAction } from "./logout";

const MOBILE = "13712345678";
const PASSWORD = "Login@2026";
let userId: string;

beforeAll(async () => {
  const result = await signUp({
    mobile: MOBILE,
    password: PASSWORD,
    displayName: "测试用户",
    email: "login-test@example.com",
  });
  if (!result.ok) throw new Error(result.code);
  userId = result.userId;
});

function cookieValue(setCookie: string | null): string {
  expect(setCookie).toBeTruthy();
  return setCookie!.split(";")[0];
}

/** A guest's session cookie: a guest cart and an unlocked guest order. */
async function guestCookie(cartId: string) {
  const session = await getSession(new Request("http://localhost/"));
  session.set("cartId", cartId);
  session.set("guestOrders", ["20261122-000001"]);
  return cookieValue(await commitSession(session));
}

function post(fields: Record<string, string>, cookie?: string): Promise<Response> {
  const request = formRequest("/login", fields);
  if (cookie) request.headers.set("Cookie", cookie);
  return call(() => action({ request, params: {}, context: {} }));
}

describe("POST /login", () => {
  it("signs in with a fresh session (303), merging the guest cart and keeping nothing else", async () => {
    const [guestCart] = await db.insert(s.carts).values({}).returning({ id: s.carts.id });
    const incoming = await guestCookie(guestCart.id);

    const response = await post({ login: MOBILE, password: PASSWORD, redirectTo: "/cart" }, incoming);
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/cart");
    const outgoing = cookieValue(response.headers.get("Set-Cookie"));
    expect(outgoing).not.toBe(incoming);

    const session = await getSession(new Request("http://localhost/", { headers: { Cookie: outgoing } }));
    expect(await userIdOf(session)).toBe(userId);
    expect(session.get("cartId")).toBeUndefined();
    expect(session.get("guestOrders")).toBeUndefined();
    // The (empty) guest cart went into the user's cart and is gone.
    expect(await db.select().from(s.carts).where(eq(s.carts.id, guestCart.id))).toHaveLength(0);
  });

  it("signs in by e-mail too", async () => {
    const response = await post({ login: "Login-Test@example.com", password: PASSWORD });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/");
  });

  it("refuses a wrong password or an unknown login with 400 and the same message, and no session", async () => {
    for (const fields of [
      { login: MOBILE, password: "wrong-password" },
      { login: "13700000000", password: PASSWORD },
    ]) {
      const response = await post(fields);
      expect(response.status).toBe(400);
      expect(response.headers.get("Set-Cookie")).toBeNull();
      const body = (await response.json()) as { formError: { key: string }; login: string };
      expect(body.formError.key).toBe("login.error.invalid");
      expect(body.login).toBe(fields.login); // what was typed stays; the password is never sent back
      expect(JSON.stringify(body)).not.toContain(fields.password);
    }
  });

  it("asks for missing fields", async () => {
    const response = await post({ login: "", password: "" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { fieldErrors: Record<string, string[]> };
    expect(body.fieldErrors).toEqual({ login: ["required"], password: ["required"] });
  });

  it.each([
    ["//evil.example"],
    ["https://evil.example/x"],
    ["/\\evil.example"],
    ["javascript:alert(1)"],
    ["/\t/evil.example"],
    ["/./\\evil.example"],
    ["/\r\nSet-Cookie: x=1"],
    ["／／evil.example"],
  ])("never redirects off the site (redirectTo=%s)", async (redirectTo) => {
    const response = await post({ login: MOBILE, password: PASSWORD, redirectTo });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/");
  });

  it("signs in and goes to a path beyond Latin-1 (redirectTo=/订单), percent-encoded, not a 500", async () => {
    const response = await post({ login: MOBILE, password: PASSWORD, redirectTo: "/订单?q=苹果" });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/%E8%AE%A2%E5%8D%95?q=%E8%8B%B9%E6%9E%9C");
  });
});

describe("logging out", () => {
  it("ends the session for good: a cookie copied before POST /logout is refused on the next request", async () => {
    const login = await post({ login: MOBILE, password: PASSWORD });
    expect(login.status).toBe(303);
    const copied = cookieValue(login.headers.get("Set-Cookie"));
    const account = () =>
      call(() =>
        accountLoader({
          request: new Request("http://localhost/account", { headers: { Cookie: copied } }),
          params: {},
          context: {},
        }),
      );
    expect((await account()).status).toBe(200);
    const out = await call(() =>
      logoutAction({
        request: new Request("http://localhost/logout", { method: "POST", headers: { Cookie: copied } }),
        params: {},
        context: {},
      }),
    );
    expect(out.status).toBe(303);
    const replay = await account();
    expect(replay.status).toBe(303);
    expect(replay.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });
});

describe("failed logins per address", () => {
  it("after 30 failures from one address, that address is refused even with the right password; another address is not", async () => {
    const sprayer = { clientIp: "203.0.113.9" };
    const post = (fields: Record<string, string>, context: { clientIp?: string }) =>
      call(() => action({ request: formRequest("/login", fields), params: {}, context }));
    // Spraying: one wrong password on each of many (unknown) accounts — no single account locks.
    for (let i = 0; i < 30; i++) {
      expect(
        (await post({ login: `1390000${String(i).padStart(4, "0")}`, password: "Wrong@2026" }, sprayer))
          .status,
      ).toBe(400);
    }
    const refused = await post({ login: MOBILE, password: PASSWORD }, sprayer);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { formError: { key: string } }).formError.key).toBe(
      "login.error.throttled",
    );
    expect(refused.headers.get("Set-Cookie")).toBeNull();
    expect((await post({ login: MOBILE, password: PASSWORD }, { clientIp: "198.51.100.7" })).status).toBe(
      303,
    );
  });
});

describe("where a login lands", () => {
  beforeAll(async () => {
    await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 100 });
  });
  const mobileOf = (key: string) => DEMO_ACCOUNTS.find((a) => a.key === key)!.mobile;

  it.each([
    ["supplierStaff", "/supplier"],
    ["districtOfficial", "/official"],
    ["townOfficial", "/official"],
    ["admin", "/official"],
    ["buyerAdmin", "/buyer"],
    ["customer", "/"],
  ])(
    "%s without redirectTo lands on %s; a safe redirectTo wins, an unsafe one is ignored",
    async (key, portal) => {
      const land = async (redirectTo?: string) => {
        const response = await post({
          login: mobileOf(key),
          password: DEMO_PASSWORD,
          ...(redirectTo === undefined ? {} : { redirectTo }),
        });
        expect(response.status).toBe(303);
        return response.headers.get("Location");
      };
      expect(await land()).toBe(portal);
      expect(await land("")).toBe(portal);
      expect(await land("/products/x?y=1")).toBe("/products/x?y=1");
      expect(await land("//evil.example/x")).toBe(portal);
    },
  );

  it("a signed-in staff member who opens /login again is sent to the portal (or to a safe redirectTo)", async () => {
    const signedIn = await post({ login: mobileOf("supplierStaff"), password: DEMO_PASSWORD });
    const cookie = cookieValue(signedIn.headers.get("Set-Cookie"));
    const open = (path: string) =>
      call(() =>
        loader({
          request: new Request(`http://localhost${path}`, { headers: { Cookie: cookie } }),
          params: {},
          context: {},
        }),
      );
    expect((await open("/login")).headers.get("Location")).toBe("/supplier");
    expect((await open("/login?redirectTo=%2Fsupplier%2Forders")).headers.get("Location")).toBe(
      "/supplier/orders",
    );
  });
});
