// Every link of the officials' portal navigation leads somewhere the signed-in role may go: for a
// town official, the district official and an admin, each section the layout offers is loaded
// through its real loader and must not answer 403; and the admins' sections are offered to admins.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { seedDatabase } from "../../db/seed";
import { call, CookieJar, getRequest } from "../../tests/support/requests";
import { loader as layoutLoader } from "./official";
import { logIn } from "../../tests/support/factories";

type Loader = (args: {
  request: Request;
  params: Record<string, string>;
  context: object;
}) => Promise<unknown>;
const SECTION_LOADERS: Record<string, () => Promise<{ loader: Loader }>> = {
  "/official": () => import("./official._index") as never,
  "/official/households": () => import("./official.households._index") as never,
  "/official/linkages": () => import("./official.linkages._index") as never,
  "/official/certifications": () => import("./official.certifications._index") as never,
  "/official/organisations": () => import("./official.organisations") as never,
  "/official/orders": () => import("./official.orders._index") as never,
  "/official/audit": () => import("./official.audit") as never,
  "/official/tokens": () => import("./official.tokens") as never,
  "/official/settlement": () => import("./official.settlement") as never,
  "/official/applications": () => import("./official.applications._index") as never,
  "/official/suppliers": () => import("./official.suppliers") as never,
  "/official/aftersales": () => import("./official.aftersales._index") as never,
  "/official/reviews": () => import("./official.reviews") as never,
  "/official/institutions": () => import("./official.institutions._index") as never,
  "/official/villages": () => import("./official.villages._index") as never,
  "/official/prices": () => import("./official.prices") as never,
  "/official/reports": () => import("./official.reports._index") as never,
  "/official/payouts": () => import("./official.payouts") as never,
  "/official/statements": () => import("./official.statements") as never,
  "/official/warnings": () => import("./official.warnings._index") as never,
  "/official/officials": () => import("./official.officials") as never,
  "/official/messages": () => import("./official.messages") as never,
};

async function offered(jar: CookieJar): Promise<string[]> {
  const response = (await layoutLoader({
    request: getRequest("/official", jar),
    params: {},
    context: {},
  })) as Response;
  const data = (await response.json()) as { sections: { to: string }[] };
  return data.sections.map((s) => s.to);
}

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 20 });
});

describe("officials' portal navigation", () => {
  for (const key of ["townOfficial", "districtOfficial", "admin"]) {
    it(`offers ${key} only sections that open`, async () => {
      const jar = await logIn(key);
      const links = await offered(jar);
      expect(links.length).toBeGreaterThanOrEqual(7);
      for (const to of links) {
        const { loader } = await SECTION_LOADERS[to]();
        const result = await call(
          async () => (await loader({ request: getRequest(to, jar), params: {}, context: {} })) as Response,
        );
        expect(result instanceof Response ? result.status : 200, `${key} → ${to}`).not.toBe(403);
      }
    });
  }

  it("offers 订单与退款 to admins, not to officials", async () => {
    expect(await offered(await logIn("admin"))).toContain("/official/orders");
    expect(await offered(await logIn("districtOfficial"))).not.toContain("/official/orders");
  });
});
