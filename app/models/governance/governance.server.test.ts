// Governance on the engine of the run (PGlite, or PostgreSQL with DATABASE_URL): institution
// enrolment (share = budget × ratio to the fen, racing decisions, the parent's view, the officials'
// ranking against an independent recount), village progress against a recount, reference prices
// (median and official) with the flags, and the price/quality report flow.
import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { shanghaiDate } from "~/lib/dates";
import { seedDatabase } from "../../../db/seed";
import { creditCodeCheckChar } from "../../../core/credit-code";
import type { Caller } from "../access/scope.server";
import {
  decideInstitutionApplication,
  institutionRanking,
  listInstitutionApplications,
  setDistrictSettings,
  submitInstitutionApplication,
  subUnitsProgress,
} from "./enrolment.server";
import { reservedShareFen, specKey } from "./governance-rules";
import {
  decideProductReport,
  listProductReports,
  priceFlagsForSupplier,
  priceSupervision,
  setReferencePrice,
  submitProductReport,
} from "./prices.server";
import { villageProgress } from "./villages.server";
import { buyAndPay } from "../../../tests/support/factories";

let buyerAdmin: Caller, district: Caller, town: Caller, townB: Caller, admin: Caller, staff: Caller;
let parentOrgId: string;
let townId: number;

async function account(mobile: string): Promise<Caller> {
  const [u] = await db
    .select({
      id: s.users.id,
      role: s.users.role,
      organisationId: s.users.organisationId,
      supplierId: s.users.supplierId,
      regionId: s.users.regionId,
    })
    .from(s.users)
    .where(eq(s.users.mobile, mobile));
  return u;
}

let seq = 0;
/** A fresh customer account. */
async function newCustomer(): Promise<Caller> {
  seq++;
  const mobile = `1370000${String(seq).padStart(4, "0")}`;
  const [u] = await db
    .insert(s.users)
    .values({ mobile, displayName: `申请人${seq}`, passwordHash: "x", role: "customer" })
    .returning({ id: s.users.id, role: s.users.role });
  return u;
}

/** A valid 统一社会信用代码 ending in the serial. */
function creditCode(serial: number): string {
  const first17 = `12411200MB${String(serial).padStart(7, "0")}`;
  return first17 + creditCodeCheckChar(first17)!;
}

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 60 });
  [buyerAdmin, district, town, townB, admin, staff] = await Promise.all(
    ["13800000003", "13800000006", "13800000007", "13800000008", "13800000009", "13800000004"].map(account),
  );
  parentOrgId = buyerAdmin.organisationId!;
  townId = town.regionId!;
});

const base = (serial: number) => ({
  name: `示范区第${serial}中学`,
  kind: "budget_unit" as const,
  creditCode: creditCode(serial),
  regionId: townId,
  parentOrganisationId: null as string | null,
  canteen: "own" as const,
  amountFen: 12_345_678,
});

describe("institution enrolment", () => {
  it("computes the share from the region's ratio to the fen; approval makes the buyer_admin, the target, the parent's and the officials' view", async () => {
    expect(
      (await setDistrictSettings({ caller: district, reserveRatioBp: 1234, priceFlagThresholdBp: 3000 })).ok,
    ).toBe(true);
    const applicant = await newCustomer();
    const submitted = await submitInstitutionApplication({
      caller: applicant,
      input: { ...base(1), parentOrganisationId: parentOrgId, amountFen: 33_333_337 },
    });
    expect(submitted).toEqual({ ok: true, id: expect.any(String), reservedShareFen: 4_113_334 }); // 4 113 333.7858
    expect(reservedShareFen(33_333_337, 1234)).toBe(4_113_334);
    // The town sees it, cannot decide; the other town does not see it.
    expect((await listInstitutionApplications({ caller: town }))!.applications.map((a) => a.id)).toContain(
      submitted.ok && submitted.id,
    );
    expect(
      (await listInstitutionApplications({ caller: townB }))!.applications.map((a) => a.id),
    ).not.toContain(submitted.ok && submitted.id);
    const id = submitted.ok ? submitted.id : "";
    expect(await decideInstitutionApplication({ caller: town, id, decision: "approve" })).toEqual({
      ok: false,
      code: "forbidden",
    });
    const approved = await decideInstitutionApplication({ caller: district, id, decision: "approve" });
    expect(approved.ok).toBe(true);
    const orgId = approved.ok ? approved.organisationId! : "";
    const [user] = await db.select().from(s.users).where(eq(s.users.id, applicant.id));
    expect(user.role).toBe("buyer_admin");
    expect(user.organisationId).toBe(orgId);
    const [target] = await db.select().from(s.buyerTargets).where(eq(s.buyerTargets.organisationId, orgId));
    expect(target.targetFen).toBe(4_113_334);
    // Decided twice: a clear refusal, nothing changes.
    expect(
      await decideInstitutionApplication({ caller: district, id, decision: "reject", reason: "重复" }),
    ).toEqual({
      ok: false,
      code: "already_decided",
    });
    // The parent sees its sub-unit; another buyer_admin's sub-units do not include it.
    const units = await subUnitsProgress({ caller: buyerAdmin, year: target.year });
    expect(units!.map((u) => [u.id, u.targetFen])).toContainEqual([orgId, 4_113_334]);
    const self = await account(user.mobile!);
    expect((await subUnitsProgress({ caller: self, year: target.year }))!).toEqual([]);
    // The officials' ranking lists it, below the pro-rata target (nothing completed yet).
    const ranking = await institutionRanking({ caller: district, year: target.year, month: 6 });
    const row = ranking!.units.find((u) => u.id === orgId)!;
    expect(row.completionBp).toBe(0);
    expect(ranking!.below.map((u) => u.id)).toContain(orgId);
    const townRanking = await institutionRanking({ caller: townB, year: target.year, month: 6 });
    expect(townRanking!.units.map((u) => u.id)).not.toContain(orgId);
    await setDistrictSettings({ caller: district, reserveRatioBp: 1000, priceFlagThresholdBp: 3000 });
  });

  it("with no canteen the share is declared; an outsourced canteen names an existing operator account", async () => {
    const a = await newCustomer();
    const none = await submitInstitutionApplication({
      caller: a,
      input: { ...base(2), canteen: "none", amountFen: 50_001 },
    });
    expect(none.ok && none.reservedShareFen).toBe(50_001);
    const b = await newCustomer();
    expect(
      await submitInstitutionApplication({
        caller: b,
        input: { ...base(3), canteen: "outsourced", operatorLogin: "19900000000" },
      }),
    ).toEqual({ ok: false, code: "invalid_operator" });
    const c = await newCustomer();
    const ok = await submitInstitutionApplication({
      caller: c,
      input: { ...base(3), canteen: "outsourced", operatorLogin: "13800000002" },
    });
    expect(ok.ok && ok.reservedShareFen).toBe(reservedShareFen(12_345_678, 1000));
  });

  it("refuses bad input with a clear code and writes nothing", async () => {
    const a = await newCustomer();
    const count = async () =>
      (await db.select({ n: sql<number>`count(*)::int` }).from(s.institutionApplications))[0].n;
    const before = await count();
    const code = creditCode(4);
    const wrong = code.slice(0, 17) + (code[17] === "0" ? "1" : "0");
    expect(
      await submitInstitutionApplication({ caller: a, input: { ...base(4), creditCode: wrong } }),
    ).toEqual({ ok: false, code: "invalid_credit_code" });
    expect(
      await submitInstitutionApplication({ caller: a, input: { ...base(4), regionId: 999_999 } }),
    ).toEqual({ ok: false, code: "invalid_region" });
    expect(
      await submitInstitutionApplication({
        caller: a,
        input: { ...base(4), parentOrganisationId: "00000000-0000-4000-8000-000000000000" },
      }),
    ).toEqual({ ok: false, code: "invalid_parent" });
    expect(await submitInstitutionApplication({ caller: a, input: { ...base(4), amountFen: -1 } })).toEqual({
      ok: false,
      code: "invalid_amount",
    });
    expect(await submitInstitutionApplication({ caller: a, input: { ...base(4), name: " " } })).toEqual({
      ok: false,
      code: "invalid_name",
    });
    expect(await submitInstitutionApplication({ caller: buyerAdmin, input: base(4) })).toEqual({
      ok: false,
      code: "forbidden",
    });
    // An organisation's existing tax number is taken.
    const [org] = await db
      .select()
      .from(s.buyerOrganisations)
      .where(eq(s.buyerOrganisations.id, parentOrgId));
    if (/^[0-9A-HJ-NP-RTUW-Y]{18}$/.test(org.taxNumber))
      expect(
        (await submitInstitutionApplication({ caller: a, input: { ...base(4), creditCode: org.taxNumber } }))
          .ok,
      ).toBe(false);
    expect(await count()).toBe(before);
    // One open application per applicant, one live application per credit code.
    expect((await submitInstitutionApplication({ caller: a, input: base(5) })).ok).toBe(true);
    expect(await submitInstitutionApplication({ caller: a, input: base(6) })).toEqual({
      ok: false,
      code: "already_open",
    });
    const b = await newCustomer();
    expect(await submitInstitutionApplication({ caller: b, input: base(5) })).toEqual({
      ok: false,
      code: "duplicate_credit_code",
    });
  });

  it("racing decisions leave one outcome: one organisation, the others already_decided", async () => {
    for (const serial of [7, 8]) {
      const a = await newCustomer();
      const r = await submitInstitutionApplication({ caller: a, input: base(serial) });
      const id = r.ok ? r.id : "";
      const results = await Promise.all([
        decideInstitutionApplication({ caller: district, id, decision: "approve" }),
        decideInstitutionApplication({ caller: admin, id, decision: "approve" }),
        decideInstitutionApplication({ caller: district, id, decision: "reject", reason: "材料不全" }),
      ]);
      expect(results.filter((x) => x.ok)).toHaveLength(1);
      expect(results.filter((x) => !x.ok).map((x) => !x.ok && x.code)).toEqual([
        "already_decided",
        "already_decided",
      ]);
      const orgs = await db
        .select()
        .from(s.buyerOrganisations)
        .where(eq(s.buyerOrganisations.taxNumber, creditCode(serial)));
      const [app] = await db
        .select()
        .from(s.institutionApplications)
        .where(eq(s.institutionApplications.id, id));
      expect(orgs.length).toBe(app.status === "approved" ? 1 : 0);
    }
  });

  it("a rejection needs a reason; the applicant stays a customer", async () => {
    const a = await newCustomer();
    const r = await submitInstitutionApplication({ caller: a, input: base(9) });
    const id = r.ok ? r.id : "";
    expect(
      await decideInstitutionApplication({ caller: district, id, decision: "reject", reason: " " }),
    ).toEqual({
      ok: false,
      code: "reason_required",
    });
    expect(
      (await decideInstitutionApplication({ caller: district, id, decision: "reject", reason: "非预算单位" }))
        .ok,
    ).toBe(true);
    const [u] = await db.select().from(s.users).where(eq(s.users.id, a.id));
    expect(u.role).toBe("customer");
  });

  it("the ranking equals an independent recount of the organisations' orders", async () => {
    // Some organisation orders made completed or paid, spread over months (fixture changes only).
    const [variant] = await db
      .select({ id: s.productVariants.id })
      .from(s.productVariants)
      .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
      .where(and(eq(s.products.status, "active"), eq(s.productVariants.active, true)))
      .limit(1);
    await db.update(s.productVariants).set({ stock: 100_000 }).where(eq(s.productVariants.id, variant.id));
    for (let i = 0; i < 6; i++)
      await buyAndPay({ items: [{ variantId: variant.id, quantity: i + 1 }], paidAt: new Date() });
    const orders = await db.select().from(s.orders).limit(12);
    const orgs = await db.select({ id: s.buyerOrganisations.id }).from(s.buyerOrganisations);
    const year = 2026;
    for (const [i, o] of orders.entries()) {
      await db
        .update(s.orders)
        .set({
          organisationId: orgs[i % orgs.length].id,
          status: i % 3 === 0 ? "paid" : "completed",
          paidAt: new Date(`${year}-${String((i % 9) + 1).padStart(2, "0")}-15T10:00:00+08:00`),
        })
        .where(eq(s.orders.id, o.id));
    }
    for (const [i, org] of orgs.entries())
      await db
        .insert(s.buyerTargets)
        .values({ organisationId: org.id, year, targetFen: 10_000 * (i + 1) })
        .onConflictDoUpdate({
          target: [s.buyerTargets.organisationId, s.buyerTargets.year],
          set: { targetFen: 10_000 * (i + 1) },
        });
    const month = 6;
    const ranking = (await institutionRanking({ caller: admin, year, month }))!;
    // Recount: every organisation order, row by row, in JS.
    const all = await db.select().from(s.orders).where(isNotNull(s.orders.organisationId));
    const to = new Date(`${year}-07-01T00:00:00+08:00`).getTime();
    const from = new Date(`${year}-01-01T00:00:00+08:00`).getTime();
    const targets = await db.select().from(s.buyerTargets).where(eq(s.buyerTargets.year, year));
    const expected = orgs.map((org) => {
      const completed = all
        .filter(
          (o) =>
            o.organisationId === org.id &&
            o.status === "completed" &&
            o.paidAt &&
            o.paidAt.getTime() >= from &&
            o.paidAt.getTime() < to,
        )
        .reduce((sum, o) => sum + o.totalFen - o.refundedFen, 0);
      const target = targets.find((t) => t.organisationId === org.id)!.targetFen;
      return { id: org.id, completedFen: completed, completionBp: Math.floor((completed * 10000) / target) };
    });
    expect(
      ranking.units
        .map((u) => ({ id: u.id, completedFen: u.completedFen, completionBp: u.completionBp }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    ).toEqual(expected.sort((a, b) => a.id.localeCompare(b.id)));
    expect(expected.some((e) => e.completedFen > 0)).toBe(true);
    // Ranked by ratio, descending; "below" is under month/12 of the share.
    const ratios = ranking.units.map((u) => u.completionBp ?? -1);
    expect(ratios).toEqual([...ratios].sort((a, b) => b - a));
    expect(ranking.below.map((u) => u.id).sort()).toEqual(
      expected
        .filter((e) => e.completionBp < 5000)
        .map((e) => e.id)
        .sort(),
    );
    expect(await institutionRanking({ caller: buyerAdmin, year, month })).toBeNull();
    expect(await institutionRanking({ caller: staff, year, month })).toBeNull();
  });
});

describe("village progress", () => {
  it("equals a village-by-village recount, rolled up by town and district", async () => {
    const year = 2026;
    const progress = (await villageProgress({ caller: district, year }))!;
    const today = shanghaiDate(new Date());
    const villages = await db.select().from(s.regions).where(eq(s.regions.level, "village"));
    expect(progress.villages.length).toBe(villages.length);
    const suppliers = await db.select().from(s.suppliers);
    const linkages = await db.select().from(s.linkages);
    const households = await db
      .select({ id: s.households.id, villageId: s.households.villageId })
      .from(s.households);
    const collectives = await db.select().from(s.villageCollectives);
    let coopVillages = 0;
    let drivenVillages = 0;
    for (const v of villages) {
      const coop = suppliers.some(
        (x) => x.villageId === v.id && x.kind === "cooperative" && x.partyBranchLed && x.status === "active",
      );
      const driven = linkages.some((l) => {
        const sup = suppliers.find((x) => x.id === l.supplierId)!;
        const village = l.householdId
          ? households.find((h) => h.id === l.householdId)?.villageId
          : collectives.find((c) => c.id === l.villageCollectiveId)?.villageId;
        return (
          village === v.id &&
          l.status === "approved" &&
          l.validFrom <= today &&
          (l.validUntil === null || l.validUntil >= today) &&
          (sup.kind === "enterprise" || sup.kind === "cooperative") &&
          sup.status === "active"
        );
      });
      const row = progress.villages.find((r) => r.villageId === v.id)!;
      expect([row.hasPartyBranchCoop, row.driven]).toEqual([coop, driven]);
      if (coop) coopVillages++;
      if (driven) drivenVillages++;
    }
    expect(progress.total.villages).toBe(villages.length);
    expect(progress.total.withPartyBranchCoop).toBe(coopVillages);
    expect(progress.total.driven).toBe(drivenVillages);
    expect(progress.towns.reduce((a, t) => a + t.villages, 0)).toBe(villages.length);
    expect(progress.towns.reduce((a, t) => a + t.driven, 0)).toBe(drivenVillages);
    expect(drivenVillages).toBeGreaterThan(0);
    // A town official sees their town only; a supplier nothing.
    const own = (await villageProgress({ caller: town, year }))!;
    expect(new Set(own.villages.map((v) => v.townId))).toEqual(new Set([town.regionId]));
    expect(await villageProgress({ caller: staff, year })).toBeNull();
  });
});

describe("price and quality supervision", () => {
  it("takes the median of comparable products as the reference, flags above the threshold, and an official's price wins", async () => {
    // Three active variants of one category given one spec (fixture change): 10.00, 20.00, 90.00.
    const variants = await db
      .select({
        id: s.productVariants.id,
        productId: s.products.id,
        supplierId: s.products.supplierId,
        categoryId: s.products.categoryId,
      })
      .from(s.productVariants)
      .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
      .innerJoin(s.suppliers, eq(s.suppliers.id, s.products.supplierId))
      .where(
        and(
          eq(s.products.status, "active"),
          eq(s.productVariants.active, true),
          eq(s.suppliers.status, "active"),
        ),
      )
      .limit(200);
    const categoryId = variants[0].categoryId;
    const same = variants.filter((v) => v.categoryId === categoryId).slice(0, 3);
    expect(same.length).toBe(3);
    const prices = [1000, 2000, 9000];
    for (const [i, v] of same.entries())
      await db
        .update(s.productVariants)
        .set({ spec: i === 1 ? "测试规格 ５KG" : "测试规格5kg", priceFen: prices[i] })
        .where(eq(s.productVariants.id, v.id));
    const view = (await priceSupervision({ caller: district }))!;
    const ref = view.references.find(
      (r) => r.categoryId === categoryId && r.specKey === specKey("测试规格5kg"),
    )!;
    expect(ref).toMatchObject({ priceFen: 2000, source: "median", comparable: 3 });
    const flagged = view.flags.filter((f) => same.some((v) => v.id === f.variantId));
    expect(flagged.map((f) => [f.variantId, f.referenceFen, f.overBp])).toEqual([[same[2].id, 2000, 35000]]);
    // The supplier of the flagged variant sees it on their list; another supplier does not.
    const owner = await db
      .select({ id: s.users.id, role: s.users.role, supplierId: s.users.supplierId })
      .from(s.users)
      .where(eq(s.users.supplierId, same[2].supplierId))
      .limit(1);
    if (owner[0])
      expect((await priceFlagsForSupplier({ caller: owner[0] })).map((f) => f.variantId)).toContain(
        same[2].id,
      );
    // An official's reference price replaces the median: 90.00 is within 30 % of 80.00.
    expect(
      await setReferencePrice({ caller: town, categoryId, spec: "测试规格5kg", priceFen: 8000 }),
    ).toEqual({ ok: false, code: "forbidden" });
    expect(
      (await setReferencePrice({ caller: district, categoryId, spec: "测试规格 5kg", priceFen: 8000 })).ok,
    ).toBe(true);
    const after = (await priceSupervision({ caller: district }))!;
    expect(after.flags.filter((f) => same.some((v) => v.id === f.variantId))).toEqual([]);
    expect(
      after.references.find((r) => r.categoryId === categoryId && r.specKey === specKey("测试规格5kg")),
    ).toMatchObject({ priceFen: 8000, source: "official" });
    expect(await priceSupervision({ caller: staff })).toBeNull();
  });

  it("a report is checked, listed for officials, and decided once: dismiss, warn (a standing event), suspend", async () => {
    const [product] = await db
      .select({ slug: s.products.slug, supplierId: s.products.supplierId })
      .from(s.products)
      .innerJoin(s.suppliers, eq(s.suppliers.id, s.products.supplierId))
      .where(and(eq(s.products.status, "active"), eq(s.suppliers.status, "active")))
      .limit(1);
    const reporter = await newCustomer();
    expect(
      await submitProductReport({
        caller: reporter,
        slug: "no-such-product",
        kind: "price",
        message: "价格明显偏高",
      }),
    ).toEqual({ ok: false, code: "not_found" });
    expect(
      await submitProductReport({
        caller: reporter,
        slug: product.slug,
        kind: "other",
        message: "价格明显偏高",
      }),
    ).toEqual({ ok: false, code: "invalid_kind" });
    expect(
      await submitProductReport({ caller: reporter, slug: product.slug, kind: "price", message: "贵" }),
    ).toEqual({ ok: false, code: "invalid_message" });
    const pdf = new TextEncoder().encode("%PDF-1.4\n%%EOF\n");
    expect(
      await submitProductReport({
        caller: reporter,
        slug: product.slug,
        kind: "quality",
        message: "收到的苹果有霉斑",
        photo: { bytes: pdf, originalName: "photo.jpg" },
      }),
    ).toEqual({ ok: false, code: "photo_unsupported" });
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const ids: string[] = [];
    for (const kind of ["quality", "price", "price"]) {
      const r = await submitProductReport({
        caller: kind === "quality" ? reporter : null,
        slug: product.slug,
        kind,
        message: "收到的苹果有霉斑，价格也偏高",
        photo: kind === "quality" ? { bytes: png, originalName: "a.png" } : null,
      });
      expect(r.ok).toBe(true);
      ids.push(r.ok ? r.id : "");
    }
    const listed = (await listProductReports({ caller: district }))!;
    expect(
      listed
        .filter((r) => ids.includes(r.id))
        .map((r) => r.hasPhoto)
        .sort(),
    ).toEqual([false, false, true]);
    expect(JSON.stringify(listed)).not.toContain(reporter.id);
    expect(await listProductReports({ caller: staff })).toBeNull();
    // Town officials see, only the district decides.
    expect(await decideProductReport({ caller: town, id: ids[0], action: "dismiss", note: "无" })).toEqual({
      ok: false,
      code: "forbidden",
    });
    expect(await decideProductReport({ caller: district, id: ids[0], action: "dismiss", note: " " })).toEqual(
      { ok: false, code: "reason_required" },
    );
    // Racing decisions on one report: one outcome.
    const race = await Promise.all([
      decideProductReport({ caller: district, id: ids[0], action: "dismiss", note: "照片与商品不符" }),
      decideProductReport({ caller: admin, id: ids[0], action: "warn", note: "质量问题" }),
    ]);
    expect(race.filter((r) => r.ok)).toHaveLength(1);
    expect(race.find((r) => !r.ok)).toEqual({ ok: false, code: "already_decided" });
    const eventsBefore = (
      await db
        .select()
        .from(s.supplierStandingEvents)
        .where(eq(s.supplierStandingEvents.supplierId, product.supplierId))
    ).length;
    expect(
      await decideProductReport({ caller: district, id: ids[1], action: "warn", note: "价格高于参考价" }),
    ).toEqual({ ok: true });
    const events = await db
      .select()
      .from(s.supplierStandingEvents)
      .where(eq(s.supplierStandingEvents.supplierId, product.supplierId));
    expect(events.length).toBe(eventsBefore + 1);
    expect(
      await decideProductReport({ caller: district, id: ids[1], action: "suspend", note: "再次" }),
    ).toEqual({ ok: false, code: "already_decided" });
    expect(
      await decideProductReport({ caller: district, id: ids[2], action: "suspend", note: "多次价格投诉" }),
    ).toEqual({ ok: true });
    const [sup] = await db
      .select({ status: s.suppliers.status })
      .from(s.suppliers)
      .where(eq(s.suppliers.id, product.supplierId));
    expect(sup.status).toBe("suspended");
    const audits = await db.select().from(s.auditLog).where(inArray(s.auditLog.subjectId, ids));
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        "product_report.submitted",
        "product_report.warned",
        "product_report.suspended",
      ]),
    );
  });
});
