// A supplier's own reports (issue 6 "Reports"): sales and attributed income by month, by product
// and by beneficiary, for one Asia/Shanghai year. Only supplier_staff, only their supplier: every
// query filters by the caller's supplier id in SQL. Households appear with masked names only
// (maskName), never full names, ID numbers or registry codes.
//
// Sources: monthly sales from the sales rollup (stats_sales_daily: orders paid that day, net of
// refunds, which are booked on the sale's day); per-product sales from the order lines; attributed
// income from the ledger (attribution_entries, sales plus reversals) by stat date.
import { and, eq, gte, isNotNull, lt, ne, sql } from "drizzle-orm";
import { shanghaiDate } from "~/lib/dates";
import { db, schema as s } from "~/lib/db.server";
import { maskName } from "../../../core/pii";
import type { Caller } from "../access/scope.server";

export type MonthRow = {
  month: string;
  salesFen: number;
  refundedFen: number;
  quantity: number;
  attributedFen: number;
};
export type ProductRow = {
  productId: string;
  productName: string;
  quantity: number;
  salesFen: number;
  refundedFen: number;
  attributedFen: number;
};
export type BeneficiaryRow = {
  beneficiaryType: "household" | "village_collective";
  /** Masked head name (张*明) or the collective's name. */
  name: string;
  villageName: string;
  householdKind: string | null;
  attributedFen: number;
};
export type SupplierReport = {
  year: number;
  months: MonthRow[];
  products: ProductRow[];
  beneficiaries: BeneficiaryRow[];
  totals: { salesFen: number; refundedFen: number; attributedFen: number };
};

export const MIN_REPORT_YEAR = 2020;

/** The report year from a query string: the current Asia/Shanghai year unless a sane one is given. */
export function reportYear(value: string | null, now = new Date()): number {
  const current = Number(shanghaiDate(now).slice(0, 4));
  const y = Number(value);
  return Number.isInteger(y) && y >= MIN_REPORT_YEAR && y <= current ? y : current;
}

export async function getSupplierReport({
  caller,
  year,
}: {
  caller: Caller;
  year: number;
}): Promise<SupplierReport | null> {
  const supplierId = caller.role === "supplier_staff" ? caller.supplierId : null;
  if (!supplierId) return null;
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  const paidDate = sql`(${s.orders.paidAt} at time zone 'Asia/Shanghai')::date`;
  const ae = s.attributionEntries;

  const [sales, attributedByMonth, products, attributedByProduct, beneficiaries] = await Promise.all([
    db
      .select({
        month: sql<string>`to_char(${s.statsSalesDaily.statDate}, 'YYYY-MM')`,
        salesFen: sql<number>`sum(${s.statsSalesDaily.salesFen})::bigint`,
        refundedFen: sql<number>`sum(${s.statsSalesDaily.refundedFen})::bigint`,
        quantity: sql<number>`sum(${s.statsSalesDaily.quantity})::bigint`,
      })
      .from(s.statsSalesDaily)
      .where(
        and(
          eq(s.statsSalesDaily.supplierId, supplierId),
          gte(s.statsSalesDaily.statDate, from),
          lt(s.statsSalesDaily.statDate, to),
        ),
      )
      .groupBy(sql`1`),
    db
      .select({
        month: sql<string>`to_char(${ae.statDate}, 'YYYY-MM')`,
        amountFen: sql<number>`sum(${ae.amountFen})::bigint`,
      })
      .from(ae)
      .where(and(eq(ae.supplierId, supplierId), gte(ae.statDate, from), lt(ae.statDate, to)))
      .groupBy(sql`1`),
    db
      .select({
        productId: s.orderLines.productId,
        productName: sql<string>`max(${s.orderLines.productName})`,
        quantity: sql<number>`sum(${s.orderLines.quantity})::bigint`,
        salesFen: sql<number>`sum(${s.orderLines.lineTotalFen} - ${s.orderLines.refundedFen})::bigint`,
        refundedFen: sql<number>`sum(${s.orderLines.refundedFen})::bigint`,
      })
      .from(s.orderLines)
      .innerJoin(s.orders, eq(s.orders.id, s.orderLines.orderId))
      .where(
        and(
          eq(s.orderLines.supplierId, supplierId),
          isNotNull(s.orders.paidAt),
          ne(s.orders.status, "cancelled"),
          sql`${paidDate} >= ${from}::date and ${paidDate} < ${to}::date`,
        ),
      )
      .groupBy(s.orderLines.productId),
    db
      .select({ productId: s.orderLines.productId, amountFen: sql<number>`sum(${ae.amountFen})::bigint` })
      .from(ae)
      .innerJoin(s.orderLines, eq(s.orderLines.id, ae.orderLineId))
      .where(and(eq(ae.supplierId, supplierId), gte(ae.statDate, from), lt(ae.statDate, to)))
      .groupBy(s.orderLines.productId),
    db
      .select({
        beneficiaryType: ae.beneficiaryType,
        householdId: ae.householdId,
        villageCollectiveId: ae.villageCollectiveId,
        headName: s.households.headName,
        householdKind: s.households.kind,
        collectiveName: s.villageCollectives.name,
        villageName: sql<string>`max(${s.regions.name})`,
        amountFen: sql<number>`sum(${ae.amountFen})::bigint`,
      })
      .from(ae)
      .leftJoin(s.households, eq(s.households.id, ae.householdId))
      .leftJoin(s.villageCollectives, eq(s.villageCollectives.id, ae.villageCollectiveId))
      .innerJoin(s.regions, eq(s.regions.id, ae.villageId))
      .where(and(eq(ae.supplierId, supplierId), gte(ae.statDate, from), lt(ae.statDate, to)))
      .groupBy(
        ae.beneficiaryType,
        ae.householdId,
        ae.villageCollectiveId,
        s.households.headName,
        s.households.kind,
        s.villageCollectives.name,
      )
      .having(sql`sum(${ae.amountFen}) <> 0`),
  ]);

  const salesByMonth = new Map(sales.map((r) => [r.month, r]));
  const attributedMonth = new Map(attributedByMonth.map((r) => [r.month, Number(r.amountFen)]));
  const months: MonthRow[] = Array.from({ length: 12 }, (_, i) => {
    const month = `${year}-${String(i + 1).padStart(2, "0")}`;
    const r = salesByMonth.get(month);
    return {
      month,
      salesFen: Number(r?.salesFen ?? 0),
      refundedFen: Number(r?.refundedFen ?? 0),
      quantity: Number(r?.quantity ?? 0),
      attributedFen: attributedMonth.get(month) ?? 0,
    };
  });
  const attributedProduct = new Map(attributedByProduct.map((r) => [r.productId, Number(r.amountFen)]));
  const productRows: ProductRow[] = products
    .map((p) => ({
      productId: p.productId,
      productName: p.productName,
      quantity: Number(p.quantity),
      salesFen: Number(p.salesFen),
      refundedFen: Number(p.refundedFen),
      attributedFen: attributedProduct.get(p.productId) ?? 0,
    }))
    .sort((a, b) => b.salesFen - a.salesFen || a.productName.localeCompare(b.productName, "zh"));
  const beneficiaryRows: BeneficiaryRow[] = beneficiaries
    .map((b) => ({
      beneficiaryType: b.beneficiaryType,
      // Masked here, in the model: the full name never leaves the server.
      name: b.beneficiaryType === "household" ? maskName(b.headName ?? "") : (b.collectiveName ?? ""),
      villageName: b.villageName,
      householdKind: b.householdKind ?? null,
      attributedFen: Number(b.amountFen),
    }))
    .sort(
      (a, b) =>
        b.attributedFen - a.attributedFen ||
        a.villageName.localeCompare(b.villageName, "zh") ||
        a.name.localeCompare(b.name, "zh"),
    );
  return {
    year,
    months,
    products: productRows,
    beneficiaries: beneficiaryRows,
    totals: {
      salesFen: months.reduce((a, m) => a + m.salesFen, 0),
      refundedFen: months.reduce((a, m) => a + m.refundedFen, 0),
      attributedFen: months.reduce((a, m) => a + m.attributedFen, 0),
    },
  };
}
