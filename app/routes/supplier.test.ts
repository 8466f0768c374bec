// The supplier portal's layout names the supplier whose staff is signed in, and only theirs.
import { describe, expect, it, beforeAll } from "vitest";
import { db } from "~/lib/db.server";
import { SUPPLIERS } from "../../db/fixtures/catalog";
import { seedDatabase } from "../../db/seed";
import { call, getRequest } from "../../tests/support/requests";
import { loader } from "./supplier";
import { logIn } from "../../tests/support/factories";

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 100 });
});

describe("the supplier portal layout", () => {
  it("names the signed-in staff's own supplier", async () => {
    for (const [key, index] of [
      ["supplierStaff", 0],
      ["supplierStaffB", 1],
    ] as const) {
      const jar = await logIn(key);
      const response = await call(() =>
        loader({ request: getRequest("/supplier", jar), params: {}, context: {} }),
      );
      expect(response.status).toBe(200);
      const body = (await response.json()) as { supplier: { name: string; slug: string } | null };
      expect(body.supplier).toMatchObject({ name: SUPPLIERS[index].name, slug: SUPPLIERS[index].slug });
    }
  });
});
