// The settlement pages called as signed-in users: an admin creates, approves and pays a batch
// through the forms (bad input → a clear error and nothing written); an official sees the totals
// but may not post; staff of B get 404 for A's statement and its export; the export is CSV/XLSX.
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { seedDatabase } from "../../db/seed";
import { buyAndPay, logIn } from "../../tests/support/factories";
import { call, type CookieJar, formRequest, getRequest } from "../../tests/support/requests";
import { action as officialAction, loader as officialLoader } from "./official.settlement";
import { loader as statementLoader } from "./supplier.settlement.$statementId";
import { loader as exportLoader } from "./supplier.settlement.$statementId_.export";
import { loader as listLoader } from "./supplier.settlement._index";

let admin: CookieJar, official: CookieJar, staffA: CookieJar, staffB: CookieJar;
let supplierA = "";
const args = { context: {} };

async function variantOf(supplierId: string) {
  const [v] = await db
    .select({ id: s.productVariants.id })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .where(and(eq(s.products.supplierId, supplierId), eq(s.products.status, "active")))
    .orderBy(s.productVariants.sku)
    .limit(1);
  await db.update(s.productVariants).set({ stock: 500 }).where(eq(s.productVariants.id, v.id));
  return v.id;
}

const post = (jar: CookieJar, fields: Record<string, string>) =>
  call(() =>
    officialAction({ request: formRequest("/official/settlement", fields, jar), params: {}, ...args }),
  );

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 20 });
  const staff = await db
    .select()
    .from(s.users)
    .where(inArray(s.users.mobile, ["13800000004", "13800000005"]));
  supplierA = staff.find((u) => u.mobile === "13800000004")!.supplierId!;
  const supplierB = staff.find((u) => u.mobile === "13800000005")!.supplierId!;
  await buyAndPay({
    items: [
      { variantId: await variantOf(supplierA), quantity: 2 },
      { variantId: await variantOf(supplierB), quantity: 1 },
    ],
    paidAt: new Date("2026-10-15T10:00:00+08:00"),
  });
  [admin, official, staffA, staffB] = await Promise.all(
    ["admin", "townOfficial", "supplierStaff", "supplierStaffB"].map(logIn),
  );
});

describe("settlement pages", () => {
  it("refuses a bad period with a message and writes nothing; officials may not post", async () => {
    const bad = await post(admin, { intent: "create", periodFrom: "2026-10-31", periodTo: "2026-10-01" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe("settlement.error.bad_period");
    const denied = await post(official, {
      intent: "create",
      periodFrom: "2026-10-01",
      periodTo: "2026-10-31",
    });
    expect(denied.status).toBe(403);
    expect(await db.select().from(s.settlementBatches)).toHaveLength(0);
  });

  it("lets an admin create, approve and pay a batch through the forms", async () => {
    const created = await post(admin, { intent: "create", periodFrom: "2026-10-01", periodTo: "2026-10-31" });
    expect(created.status).toBe(303);
    const [batch] = await db.select().from(s.settlementBatches);
    expect((await post(admin, { intent: "approve", batchId: batch.id })).status).toBe(303);
    const [st] = await db
      .select()
      .from(s.settlementStatements)
      .where(eq(s.settlementStatements.supplierId, supplierA));
    const payout = {
      intent: "payout",
      statementId: st.id,
      bankReference: "ICBC-2026-1101",
      paidOn: "2026-11-01",
    };
    const wrong = await post(admin, { ...payout, amount: ((st.payableFen + 1) / 100).toFixed(2) });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toBe("settlement.error.amount_mismatch");
    expect(await db.select().from(s.settlementPayouts)).toHaveLength(0);
    expect((await post(admin, { ...payout, amount: (st.payableFen / 100).toFixed(2) })).status).toBe(303);
    expect(await db.select().from(s.settlementPayouts)).toHaveLength(1);

    const page = (await officialLoader({
      request: getRequest("/official/settlement", admin),
      params: {},
      ...args,
    })) as Response;
    const data = (await page.json()) as { batches: unknown[]; towns: { settledFen: number }[] };
    expect(data.batches).toHaveLength(1);
    expect(data.towns.reduce((a, t) => a + t.settledFen, 0)).toBe(st.payableFen);
    const officialPage = (await officialLoader({
      request: getRequest("/official/settlement", official),
      params: {},
      ...args,
    })) as Response;
    expect(((await officialPage.json()) as { batches: unknown }).batches).toBeNull();
  });

  it("shows staff their statements and lines, exports them, and 404s another supplier's", async () => {
    const list = (await listLoader({
      request: getRequest("/supplier/settlement", staffA),
      params: {},
      ...args,
    })) as Response;
    const { statements } = (await list.json()) as { statements: { id: string; status: string }[] };
    expect(statements).toHaveLength(1);
    expect(statements[0].status).toBe("settled");
    const id = statements[0].id;
    const path = `/supplier/settlement/${id}`;
    const own = await call(
      async () =>
        (await statementLoader({
          request: getRequest(path, staffA),
          params: { statementId: id },
          ...args,
        })) as Response,
    );
    expect(own.status).toBe(200);
    const other = await call(
      async () =>
        (await statementLoader({
          request: getRequest(path, staffB),
          params: { statementId: id },
          ...args,
        })) as Response,
    );
    expect(other.status).toBe(404);

    const csv = await call(() =>
      exportLoader({
        request: getRequest(`${path}/export?format=csv`, staffA),
        params: { statementId: id },
        ...args,
      }),
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    expect(await csv.text()).toMatch(/\d{8}-\d{6}/);
    const xlsx = await call(() =>
      exportLoader({
        request: getRequest(`${path}/export?format=xlsx`, staffA),
        params: { statementId: id },
        ...args,
      }),
    );
    expect(xlsx.headers.get("Content-Type")).toContain("spreadsheetml");
    const otherExport = await call(() =>
      exportLoader({
        request: getRequest(`${path}/export?format=csv`, staffB),
        params: { statementId: id },
        ...args,
      }),
    );
    expect(otherExport.status).toBe(404);
    const badFormat = await call(() =>
      exportLoader({
        request: getRequest(`${path}/export?format=pdf`, staffA),
        params: { statementId: id },
        ...args,
      }),
    );
    expect(badFormat.status).toBe(400);
  });
});
