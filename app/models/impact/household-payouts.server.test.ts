// Payouts to households checked against the ledger: a supplier records payouts for its own
// linkages only (another supplier's linkage → not_found, nothing written), a reference once per
// linkage (a racing double submit is one payout), and the officials' comparison equals an
// independent recount from the ledger and payout rows, per official's region, with its gaps.
import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, rowsOf, schema as s } from "~/lib/db.server";
import { seedDatabase } from "../../../db/seed";
import { buyAndPay, shippingAddress } from "../../../tests/support/factories";
import { databaseDigest } from "../../../tests/support/digest";
import type { Caller } from "../access/scope.server";
import { refundLine } from "../ordering/fulfilment.server";
import {
  addMonths,
  exportPayoutComparison,
  payoutComparison,
  recordHouseholdPayout,
  supplierPayoutsView,
  type ComparisonOptions,
} from "./household-payouts.server";

let staffA: Caller, staffB: Caller, district: Caller, townA: Caller, townB: Caller, customer: Caller;
let linkagesA: string[] = [];
let linkagesB: string[] = [];
const NOW = new Date("2026-04-15T10:00:00+08:00");

async function activeVariants(supplierId: string) {
  const rows = await db
    .select({ id: s.productVariants.id })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .where(and(eq(s.products.supplierId, supplierId), eq(s.products.status, "active")))
    .orderBy(s.productVariants.sku);
  await db
    .update(s.productVariants)
    .set({ stock: 500 })
    .where(
      inArray(
        s.productVariants.id,
        rows.map((r) => r.id),
      ),
    );
  return rows;
}

async function payableLinkages(supplierId: string) {
  const rows = await db
    .select({ id: s.linkages.id })
    .from(s.linkages)
    .where(and(eq(s.linkages.supplierId, supplierId), eq(s.linkages.status, "approved")))
    .orderBy(s.linkages.id);
  return rows.map((r) => r.id);
}

const payout = (caller: Caller, linkageId: string, over: Partial<Record<string, string | number>> = {}) =>
  recordHouseholdPayout({
    caller,
    linkageId,
    period: "2026-03",
    kind: "purchase",
    method: "bank_transfer",
    amountFen: 1234,
    paidOn: "2026-04-02",
    reference: `REF-${linkageId.slice(0, 8)}`,
    now: NOW,
    ...over,
  } as Parameters<typeof recordHouseholdPayout>[0]);

/**
 * The independent recount: ledger entries and payout rows read raw, summed in JavaScript, the
 * region decided from the beneficiary's town and the regions table.
 */
async function recount(caller: Caller, o: ComparisonOptions) {
  const entries = rowsOf<{ linkage_id: string; stat_date: string; amount_fen: number }>(
    await db.execute(
      sql`select linkage_id, stat_date::text as stat_date, amount_fen from attribution_entries`,
    ),
  );
  const payouts = rowsOf<{ linkage_id: string; period: string; amount_fen: string }>(
    await db.execute(sql`select linkage_id, period, amount_fen from household_payouts`),
  );
  const links = rowsOf<{ id: string; town_id: number; parent_id: number | null }>(
    await db.execute(sql`select l.id, coalesce(h.town_id, c.town_id) as town_id, r.parent_id
      from linkages l left join households h on h.id = l.household_id
      left join village_collectives c on c.id = l.village_collective_id
      join regions r on r.id = coalesce(h.town_id, c.town_id)`),
  );
  const inRegion = (id: string) => {
    const l = links.find((x) => x.id === id)!;
    if (caller.role === "admin") return true;
    return l.town_id === caller.regionId || l.parent_id === caller.regionId;
  };
  const dueTo = addMonths(o.to, -o.graceMonths);
  const out = new Map<string, { attributed: number; due: number; paid: number }>();
  const at = (id: string) => out.get(id) ?? out.set(id, { attributed: 0, due: 0, paid: 0 }).get(id)!;
  for (const e of entries) {
    const month = e.stat_date.slice(0, 7);
    if (month < o.from || month > o.to || !inRegion(e.linkage_id)) continue;
    at(e.linkage_id).attributed += Number(e.amount_fen);
    if (month <= dueTo) at(e.linkage_id).due += Number(e.amount_fen);
  }
  for (const p of payouts) {
    if (p.period < o.from || p.period > o.to || !inRegion(p.linkage_id)) continue;
    at(p.linkage_id).paid += Number(p.amount_fen);
  }
  return [...out.entries()]
    .map(([id, v]) => ({ id, ...v, gap: v.due - v.paid > o.thresholdFen }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 60 });
  const users = await db
    .select()
    .from(s.users)
    .where(
      inArray(s.users.mobile, [
        "13800000001",
        "13800000004",
        "13800000005",
        "13800000006",
        "13800000007",
        "13800000008",
      ]),
    );
  const by = (m: string) => users.find((u) => u.mobile === m)!;
  [customer, staffA, staffB, district, townA, townB] = ["01", "04", "05", "06", "07", "08"].map((n) =>
    by(`138000000${n}`),
  );
  linkagesA = await payableLinkages(staffA.supplierId!);
  linkagesB = await payableLinkages(staffB.supplierId!);
  const [a, b] = [await activeVariants(staffA.supplierId!), await activeVariants(staffB.supplierId!)];
  const shipping = shippingAddress();
  await buyAndPay({
    items: [
      { variantId: a[0].id, quantity: 3 },
      { variantId: b[0].id, quantity: 2 },
    ],
    paidAt: new Date("2026-02-10T09:00:00+08:00"),
    shipping,
  });
  const march = await buyAndPay({
    items: [
      { variantId: a[a.length > 1 ? 1 : 0].id, quantity: 5 },
      { variantId: b[0].id, quantity: 1 },
    ],
    paidAt: new Date("2026-03-20T09:00:00+08:00"),
    shipping,
  });
  const [line] = await db.select().from(s.orderLines).where(eq(s.orderLines.orderId, march.orderId));
  await refundLine({
    caller: { id: staffA.id, role: "admin" },
    lineId: line.id,
    amountFen: 100,
    reason: "部分退款",
    now: new Date("2026-03-25T10:00:00+08:00"),
  } as Parameters<typeof refundLine>[0]);
}, 60_000);

describe("recording payouts", () => {
  it("the seed gives both suppliers approved linkages", () => {
    expect(linkagesA.length).toBeGreaterThan(0);
    expect(linkagesB.length).toBeGreaterThan(0);
  });

  it("records a payout for the caller's own linkage, once per reference (normalised)", async () => {
    const first = await payout(staffA, linkagesA[0], { reference: "ICBC-2026-0001", amountFen: 5000 });
    expect(first).toMatchObject({ ok: true, duplicate: false });
    // The same payout again (a double click): answered with the first.
    const again = await payout(staffA, linkagesA[0], { reference: "icbc 2026 0001", amountFen: 5000 });
    expect(again).toEqual({ ok: true, payoutId: (first as { payoutId: string }).payoutId, duplicate: true });
    // Another payout with the same reference: refused.
    expect(await payout(staffA, linkagesA[0], { reference: "ICBC20260001", amountFen: 7000 })).toEqual({
      ok: false,
      code: "reference_used",
    });
    // The same reference on another linkage is another payment.
    if (linkagesA[1])
      expect(await payout(staffA, linkagesA[1], { reference: "ICBC-2026-0001" })).toMatchObject({ ok: true });
  });

  it("another supplier's linkage is not found and nothing is written", async () => {
    const before = await databaseDigest(db);
    expect(await payout(staffA, linkagesB[0], { reference: "STOLEN-0001" })).toEqual({
      ok: false,
      code: "not_found",
    });
    for (const caller of [customer, district, townA])
      expect((await payout(caller, linkagesA[0], { reference: "STOLEN-0002" })).ok).toBe(false);
    expect(await databaseDigest(db)).toEqual(before);
  });

  it("refuses bad input with a clear code and writes nothing", async () => {
    const before = await databaseDigest(db);
    const l = linkagesA[0];
    expect(await payout(staffA, l, { period: "2026-13" })).toEqual({ ok: false, code: "bad_period" });
    expect(await payout(staffA, l, { period: "2026-05" })).toEqual({ ok: false, code: "bad_period" });
    expect(await payout(staffA, l, { kind: "bribe" })).toEqual({ ok: false, code: "bad_kind" });
    expect(await payout(staffA, l, { method: "gold" })).toEqual({ ok: false, code: "bad_method" });
    expect(await payout(staffA, l, { amountFen: 0 })).toEqual({ ok: false, code: "bad_amount" });
    expect(await payout(staffA, l, { amountFen: 12.5 })).toEqual({ ok: false, code: "bad_amount" });
    expect(await payout(staffA, l, { paidOn: "2026-04-16" })).toEqual({ ok: false, code: "bad_date" });
    expect(await payout(staffA, l, { paidOn: "2026-02-30" })).toEqual({ ok: false, code: "bad_date" });
    expect(await payout(staffA, l, { reference: "!!" })).toEqual({ ok: false, code: "bad_reference" });
    expect(await payout(staffA, "not-a-uuid")).toEqual({ ok: false, code: "not_found" });
    expect(await databaseDigest(db)).toEqual(before);
  });

  it("a racing double submit is one payout", async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        payout(staffA, linkagesA[0], { reference: "RACE-0001", amountFen: 888, kind: "wage" }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(results.map((r) => (r as { payoutId: string }).payoutId)).size).toBe(1);
    const rows = await db
      .select()
      .from(s.householdPayouts)
      .where(eq(s.householdPayouts.referenceKey, "RACE0001"));
    expect(rows).toHaveLength(1);
  });

  it("the supplier's view lists its own linkages (names masked) and payouts only", async () => {
    await payout(staffB, linkagesB[0], { reference: "B-ONLY-0001", amountFen: 300, period: "2026-02" });
    const view = (await supplierPayoutsView({ caller: staffA }))!;
    expect(view.linkages.map((l) => l.id).sort()).toEqual([...linkagesA].sort());
    expect(view.payouts.every((p) => linkagesA.includes(p.linkageId))).toBe(true);
    const names = rowsOf<{ head_name: string }>(await db.execute(sql`select head_name from households`));
    const page = JSON.stringify(view);
    for (const { head_name } of names)
      if (Array.from(head_name).length > 1) expect(page).not.toContain(head_name);
    expect(await supplierPayoutsView({ caller: district })).toBeNull();
  });
});

describe("the officials' comparison", () => {
  const options: ComparisonOptions[] = [
    { from: "2026-01", to: "2026-04", thresholdFen: 0, graceMonths: 0 },
    { from: "2026-02", to: "2026-03", thresholdFen: 500, graceMonths: 1 },
    { from: "2026-03", to: "2026-03", thresholdFen: 10_000_000, graceMonths: 0 },
  ];

  it("equals an independent recount for every official's region and range", async () => {
    let compared = 0;
    for (const caller of [district, townA, townB]) {
      for (const o of options) {
        const got = (await payoutComparison({ caller, options: o }))!;
        const expected = await recount(caller, o);
        expect(
          got.rows
            .map((r) => ({
              id: r.linkageId,
              attributed: r.attributedFen,
              due: r.dueFen,
              paid: r.paidFen,
              gap: r.gap,
            }))
            .sort((a, b) => a.id.localeCompare(b.id)),
        ).toEqual(expected);
        expect(got.totals.paidFen).toBe(expected.reduce((t, r) => t + r.paid, 0));
        compared += got.rows.length;
      }
    }
    expect(compared).toBeGreaterThan(0);
  });

  it("shows full household names to officials, and refuses everyone else", async () => {
    const got = (await payoutComparison({ caller: district, options: options[0] }))!;
    const household = got.rows.find((r) => r.beneficiaryType === "household");
    expect(household?.beneficiaryName).not.toContain("*");
    expect(household?.registryCode).toBeTruthy();
    for (const caller of [staffA, customer])
      expect(await payoutComparison({ caller, options: options[0] })).toBeNull();
    expect(
      await payoutComparison({
        caller: district,
        options: { ...options[0], from: "2026-05", to: "2026-04" },
      }),
    ).toBeNull();
  });

  it("an export is audited", async () => {
    const before = await db
      .select()
      .from(s.auditLog)
      .where(eq(s.auditLog.action, "household_payout.comparison_exported"));
    expect(await exportPayoutComparison({ caller: townA, options: options[0] })).not.toBeNull();
    const after = await db
      .select()
      .from(s.auditLog)
      .where(eq(s.auditLog.action, "household_payout.comparison_exported"));
    expect(after.length).toBe(before.length + 1);
  });
});
