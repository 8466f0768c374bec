// The supplier portal's layout names the supplier whose staff is signed in, and only theirs.
import { describe, expect, it, beforeAll } from "vitest";
import { db } from "~/lib/db.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/fixtures/accounts";
import { SUPPLIERS } from "../../db/fixtures/catalog";
import { seedDatabase } from "../../db/seed";
import { call, CookieJar, formRequest, getRequest } from "../../tests/support/requests";
import { action as loginAction } from "./login";
import { loader } from "./supplier";

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 100 });
});

async function signIn(key: string) {
  const account = DEMO_ACCOUNTS.find((a) => a.key === key)!;
  const jar = new CookieJar();
  jar.take(await call(() => loginAction({ request: formRequest("/login", { login: account.mobile, password: DEMO_PASSWORD }), params: {}, context: {} })));
  return jar;
}

describe("the supplier portal layout", () => {
  it("names the signed-in staff's own supplier", async () => {
    for (const [key, index] of [
      ["supplierStaff", 0],
      ["supplierStaffB", 1],
    ] as const) {
      const jar = await signIn(key);
      const response = await call(() => loader({ request: getRequest("/supplier", jar), params: {}, context: {} }));
      expect(response.status).toBe(200);
      const body = (await response.json()) as { supplier: { name: string; slug: string } | null };
      expect(body.supplier).toMatchObject({ name: SUPPLIERS[index].name, slug: SUPPLIERS[index].slug });
    }
  });
});
