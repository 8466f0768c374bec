// The demo history (issue 17): after the first-start seed with history, the home banner, the
// officials' statistics for last year and this year, a supplier's report and an institutional
// buyer's progress are all non-zero, the rollups match the ledger (what `npm run stats:verify`
// checks), every timestamp lies in the past, and the same `now` gives the same history.
import { and, asc, count, eq, gte, inArray, max, min, sql } from "drizzle-orm";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { shanghaiDate } from "~/lib/dates";
import { DEMO_ACCOUNTS } from "../../../db/fixtures/accounts";
import { PRODUCTS } from "../../../db/fixtures/catalog";
import { createTestDatabase } from "../../../tests/support/test-database";
import { getYearHeadline } from "../catalog/catalog.server";
import { verifyRollups } from "../impact/attribution.server";
import { getDashboard } from "../impact/statistics.server";
import { getSupplierReport } from "../impact/supplier-reports.server";
import { organisationProgress } from "../institutions/institutions.server";
import { readUpload } from "~/lib/uploads.server";
import { seedDemoData } from "./history.server";

// A fixed "today" (Asia/Shanghai 2026-12-02): the history covers 2025-01-01 up to it.
const NOW = new Date("2026-12-02T15:00:00+08:00");
const THIS_YEAR = 2026;
const LAST_YEAR = 2025;
const PII_KEY = process.env.PII_KEY!;

async function account(key: string) {
  const mobile = DEMO_ACCOUNTS.find((a) => a.key === key)!.mobile;
  const [u] = await db.select().from(s.users).where(eq(s.users.mobile, mobile));
  return u;
}

let summary: Awaited<ReturnType<typeof seedDemoData>>;

beforeAll(async () => {
  summary = await seedDemoData({ piiKey: PII_KEY, households: 400, now: NOW });
}, 300_000);

describe("the demo history written through the real order, payment, fulfilment and refund functions", () => {
  it("gives the home banner this year's assisted sales and households reached", async () => {
    const headline = await getYearHeadline(THIS_YEAR);
    expect(headline.assistedSalesFen).toBeGreaterThan(0);
    expect(headline.householdsReached).toBeGreaterThan(0);
  });

  it("gives the district official figures for last year and for this year, month after month", async () => {
    const official = await account("districtOfficial");
    for (const year of [LAST_YEAR, THIS_YEAR]) {
      const dashboard = await getDashboard({ caller: official, from: `${year}-01-01`, to: `${year}-12-31` });
      if (!dashboard.ok) throw new Error(`dashboard refused: ${dashboard.code}`);
      const { headline, monthly } = dashboard.statistics;
      expect(headline.assistedSalesFen, `${year} assisted sales`).toBeGreaterThan(0);
      expect(headline.otherSalesFen, `${year} other sales`).toBeGreaterThan(0);
      expect(headline.orders).toBeGreaterThan(20);
      expect(headline.householdsReached).toBeGreaterThan(0);
      expect(headline.perHouseholdFen).toBeGreaterThan(0);
      // A trend, not one day: sales in (nearly) every month that has begun.
      const monthsWithSales = monthly.filter((m) => m.assistedSalesFen + m.otherSalesFen > 0).length;
      expect(monthsWithSales).toBeGreaterThanOrEqual(year === LAST_YEAR ? 12 : 11);
    }
  });

  it("gives a supplier's report sales, refunds and attributed income this year", async () => {
    const staff = await account("supplierStaff");
    const report = (await getSupplierReport({ caller: staff, year: THIS_YEAR }))!;
    expect(report.totals.salesFen).toBeGreaterThan(0);
    expect(report.totals.attributedFen).toBeGreaterThan(0);
    expect(report.beneficiaries.length).toBeGreaterThan(0);
    const lastYear = (await getSupplierReport({ caller: staff, year: LAST_YEAR }))!;
    expect(lastYear.totals.salesFen).toBeGreaterThan(0);
  });

  it("gives the institutional buyer paid and completed amounts this year, paid by bank transfer", async () => {
    const buyer = await account("buyerAdmin");
    const progress = (await organisationProgress({ caller: buyer, year: THIS_YEAR }))!;
    expect(progress.paidFen).toBeGreaterThan(0);
    expect(progress.completedFen).toBeGreaterThan(0);
    const lastYear = (await organisationProgress({ caller: buyer, year: LAST_YEAR }))!;
    expect(lastYear.completedFen).toBeGreaterThan(0);
    const [transfers] = await db
      .select({ n: count() })
      .from(s.payments)
      .where(and(eq(s.payments.provider, "bank_transfer"), eq(s.payments.status, "succeeded")));
    expect(transfers.n).toBeGreaterThanOrEqual(4);
    expect(summary.bankTransfers).toBe(transfers.n);
  });

  it("gives every demo invoice a file the buyer's download link can open (a PDF)", async () => {
    const parts = await db
      .selectDistinct({ path: s.orderParts.invoicePath })
      .from(s.orderParts)
      .where(sql`${s.orderParts.invoicePath} is not null`);
    expect(parts.length).toBeGreaterThan(0);
    for (const { path } of parts) {
      const file = await readUpload(path!);
      expect(file?.contentType, path!).toBe("application/pdf");
      expect(new TextDecoder().decode(file!.bytes.subarray(0, 5))).toBe("%PDF-");
    }
  });

  it("keeps the rollups equal to the order lines and the ledger (stats:verify)", async () => {
    expect(await verifyRollups()).toEqual([]);
  });

  it("holds over a hundred paid orders, a handful of refunds with ledger reversals, and a few unpaid orders cancelled", async () => {
    const [paid] = await db
      .select({ n: count() })
      .from(s.orders)
      .where(sql`${s.orders.paidAt} is not null`);
    expect(paid.n).toBe(summary.paidOrders);
    expect(paid.n).toBeGreaterThanOrEqual(100);
    const refunds = await db.select().from(s.refunds);
    expect(refunds.length).toBe(summary.refunds);
    expect(refunds.length).toBeGreaterThanOrEqual(4);
    expect(refunds.length).toBeLessThanOrEqual(20);
    expect(refunds.every((r) => r.status === "succeeded")).toBe(true);
    const [reversals] = await db
      .select({ n: count() })
      .from(s.attributionEntries)
      .where(eq(s.attributionEntries.kind, "reversal"));
    expect(reversals.n).toBeGreaterThan(0);
    const [cancelled] = await db
      .select({ n: count() })
      .from(s.orders)
      .where(eq(s.orders.cancelReason, "payment_timeout"));
    expect(cancelled.n).toBe(summary.cancelled);
    expect(cancelled.n).toBeGreaterThan(0);
    // Older orders are delivered or completed; only recent ones still wait to ship.
    const stale = await db
      .select({ n: count() })
      .from(s.orders)
      .where(
        and(
          inArray(s.orders.status, ["paid", "shipped"]),
          sql`${s.orders.paidAt} < ${new Date(NOW.getTime() - 14 * 86_400_000).toISOString()}::timestamptz`,
        ),
      );
    expect(stale[0].n).toBe(0);
    const [open] = await db.select({ n: count() }).from(s.orders).where(eq(s.orders.status, "paid"));
    expect(open.n).toBeGreaterThan(0);
  });

  it("dates every payment, payment event, refund, shipment and audit entry in the past, when it happened", async () => {
    const yearStart = new Date(`${THIS_YEAR}-01-01T00:00:00+08:00`);
    const [p] = await db
      .select({
        firstCreated: min(s.payments.createdAt),
        lastCreated: max(s.payments.createdAt),
        firstPaid: min(s.payments.succeededAt),
        lastPaid: max(s.payments.succeededAt),
      })
      .from(s.payments);
    expect(p.firstCreated!.getTime()).toBeLessThan(yearStart.getTime());
    expect(p.firstPaid!.getTime()).toBeLessThan(yearStart.getTime());
    expect(p.lastCreated!.getTime()).toBeLessThanOrEqual(NOW.getTime());
    expect(p.lastPaid!.getTime()).toBeLessThanOrEqual(NOW.getTime());
    const [badPayments] = await db
      .select({ n: count() })
      .from(s.payments)
      .where(sql`${s.payments.succeededAt} < ${s.payments.createdAt}`);
    expect(badPayments.n).toBe(0);
    const [e] = await db
      .select({ last: max(s.paymentEvents.receivedAt), first: min(s.paymentEvents.receivedAt) })
      .from(s.paymentEvents);
    expect(e.first!.getTime()).toBeLessThan(yearStart.getTime());
    expect(e.last!.getTime()).toBeLessThanOrEqual(NOW.getTime());
    const refunds = await db.select().from(s.refunds);
    for (const r of refunds) {
      expect(r.createdAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(r.createdAt.getTime()).toBe(r.succeededAt!.getTime());
    }
    const [sh] = await db
      .select({ first: min(s.shipments.shippedAt), last: max(s.shipments.deliveredAt) })
      .from(s.shipments);
    expect(sh.first!.getTime()).toBeLessThan(yearStart.getTime());
    expect(sh.last!.getTime()).toBeLessThanOrEqual(NOW.getTime());
    const [a] = await db
      .select({ n: count(), first: min(s.auditLog.at), last: max(s.auditLog.at) })
      .from(s.auditLog);
    expect(a.n).toBeGreaterThan(100);
    expect(a.first!.getTime()).toBeLessThan(yearStart.getTime());
    expect(a.last!.getTime()).toBeLessThanOrEqual(NOW.getTime());
    // The order numbers carry the (past) day the order was placed.
    const [first] = await db.select().from(s.orders).orderBy(asc(s.orders.createdAt)).limit(1);
    expect(first.orderNumber.slice(0, 8)).toBe(shanghaiDate(first.createdAt).replaceAll("-", ""));
    expect(first.orderNumber.startsWith(String(LAST_YEAR))).toBe(true);
  });

  it("sells each product only in its season (fruit in summer and autumn, fungi all year)", async () => {
    const rows = await db
      .select({
        slug: s.products.slug,
        month: sql<number>`extract(month from ${s.orders.createdAt} at time zone 'Asia/Shanghai')::int`,
      })
      .from(s.orderLines)
      .innerJoin(s.orders, eq(s.orders.id, s.orderLines.orderId))
      .innerJoin(s.products, eq(s.products.id, s.orderLines.productId));
    const season = new Map(PRODUCTS.map((p) => [p.slug, p.seasonMonths]));
    const outOfSeason = rows.filter((r) => {
      const months = season.get(r.slug)!;
      return months.length > 0 && !months.includes(Number(r.month));
    });
    expect(outOfSeason).toEqual([]);
    const categories = new Set(
      rows.map((r) => PRODUCTS.find((p) => p.slug === r.slug)!.categorySlug.split("-")[0]),
    );
    expect(categories.size).toBeGreaterThanOrEqual(4);
  });

  it("leaves the seeded stock for the storefront: no variant loses more than a third of it", async () => {
    const variants = await db
      .select({ sku: s.productVariants.sku, stock: s.productVariants.stock })
      .from(s.productVariants);
    const seeded = new Map<string, number>(
      PRODUCTS.flatMap((p) => p.variants.map((v, j) => [`${p.slug}-${j + 1}`, v.stock] as const)),
    );
    const drained = variants.filter((v) => v.stock < Math.ceil((seeded.get(v.sku)! * 2) / 3));
    expect(drained).toEqual([]);
  });

  it("writes the same history for the same `now`", async () => {
    const other = await createTestDatabase(inject("dbTemplate"));
    const holder = globalThis as typeof globalThis & { __xfbDatabase?: unknown };
    const mine = holder.__xfbDatabase;
    const digest = async () =>
      db
        .select({
          n: s.orders.orderNumber,
          total: s.orders.totalFen,
          status: s.orders.status,
          refunded: s.orders.refundedFen,
          paidAt: s.orders.paidAt,
        })
        .from(s.orders)
        .where(gte(s.orders.createdAt, new Date("2000-01-01T00:00:00Z")))
        .orderBy(asc(s.orders.orderNumber));
    const first = await digest();
    try {
      holder.__xfbDatabase = other;
      await seedDemoData({ piiKey: PII_KEY, households: 400, now: NOW });
      expect(await digest()).toEqual(first);
    } finally {
      holder.__xfbDatabase = mine;
      await other.close();
    }
  }, 300_000);
});
