// The payout pages as signed-in users: staff of A record a payout for A's linkage (one row, even
// when the form is posted twice at once), staff of A posting B's linkage id get 404 and nothing is
// written; officials see the comparison with full names and download it as CSV; staff cannot.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { shanghaiDate } from "~/lib/dates";
import { seedDatabase } from "../../db/seed";
import { databaseDigest } from "../../tests/support/digest";
import { logIn } from "../../tests/support/factories";
import { call, type CookieJar, formRequest, getRequest } from "../../tests/support/requests";
import { loader as exportLoader } from "./official.payouts_.export";
import { loader as officialLoader } from "./official.payouts";
import { action, loader } from "./supplier.payouts";

let staffA: CookieJar, staffB: CookieJar, townOfficial: CookieJar;
let linkageA = "";
let linkageB = "";
const today = shanghaiDate(new Date());

async function approvedLinkageOf(mobile: string) {
  const [user] = await db.select().from(s.users).where(eq(s.users.mobile, mobile));
  const [linkage] = await db
    .select({ id: s.linkages.id })
    .from(s.linkages)
    .where(and(eq(s.linkages.supplierId, user.supplierId!), eq(s.linkages.status, "approved")))
    .orderBy(s.linkages.id)
    .limit(1);
  return linkage.id;
}

const fields = (linkageId: string, reference: string) => ({
  linkageId,
  period: today.slice(0, 7),
  kind: "dividend",
  method: "bank_transfer",
  amount: "88.50",
  paidOn: today,
  reference,
});

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 60 });
  [staffA, staffB, townOfficial] = await Promise.all([
    logIn("supplierStaff"),
    logIn("supplierStaffB"),
    logIn("districtOfficial"),
  ]);
  linkageA = await approvedLinkageOf("13800000004");
  linkageB = await approvedLinkageOf("13800000005");
}, 60_000);

describe("/supplier/payouts", () => {
  it("records a payout for the caller's own linkage; a double submit is one payout", async () => {
    const responses = await Promise.all(
      [1, 2].map(() =>
        call(() =>
          action({
            request: formRequest("/supplier/payouts", fields(linkageA, "DIV-2026-7"), staffA),
            params: {},
            context: {},
          }),
        ),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([303, 303]);
    const rows = await db.select().from(s.householdPayouts).where(eq(s.householdPayouts.linkageId, linkageA));
    expect(rows).toHaveLength(1);
    expect(rows[0].amountFen).toBe(8850);
    const page = await (
      await call(() => loader({ request: getRequest("/supplier/payouts", staffA), params: {}, context: {} }))
    ).json();
    expect(page.payouts.map((p: { reference: string }) => p.reference)).toEqual(["DIV-2026-7"]);
  });

  it("another supplier's linkage id: 404 and nothing written", async () => {
    const before = await databaseDigest(db);
    const response = await call(() =>
      action({
        request: formRequest("/supplier/payouts", fields(linkageB, "STOLEN-77"), staffA),
        params: {},
        context: {},
      }),
    );
    expect(response.status).toBe(404);
    expect(await databaseDigest(db)).toEqual(before);
    // B's own page does not show A's payout.
    const page = await (
      await call(() => loader({ request: getRequest("/supplier/payouts", staffB), params: {}, context: {} }))
    ).json();
    expect(page.payouts).toEqual([]);
  });

  it("a bad amount or a reference used again is refused with a message", async () => {
    const bad = await call(() =>
      action({
        request: formRequest("/supplier/payouts", { ...fields(linkageA, "X-1000"), amount: "-5" }, staffA),
        params: {},
        context: {},
      }),
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toBe("payouts.error.bad_amount");
    const used = await call(() =>
      action({
        request: formRequest(
          "/supplier/payouts",
          { ...fields(linkageA, "div 2026 7"), amount: "1.00" },
          staffA,
        ),
        params: {},
        context: {},
      }),
    );
    expect(used.status).toBe(409);
  });
});

describe("/official/payouts", () => {
  it("shows the comparison to the district official and exports it as CSV; staff are turned away", async () => {
    const url = `/official/payouts?from=${today.slice(0, 7)}&to=${today.slice(0, 7)}&grace=0`;
    const page = await (
      await call(() => officialLoader({ request: getRequest(url, townOfficial), params: {}, context: {} }))
    ).json();
    const row = page.rows.find((r: { linkageId: string }) => r.linkageId === linkageA);
    expect(row?.paidFen).toBe(8850);
    const csv = await call(() =>
      exportLoader({
        request: getRequest(`/official/payouts/export?${url.split("?")[1]}&format=csv`, townOfficial),
        params: {},
        context: {},
      }),
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    expect(await csv.text()).toContain("88.50");
    const refused = await call(() =>
      officialLoader({ request: getRequest(url, staffA), params: {}, context: {} }),
    );
    expect(refused.status).toBeGreaterThanOrEqual(300);
  });
});
