// Linkage agreements on the engine of the run (PGlite, or PostgreSQL with DATABASE_URL): scope
// rules, validation, the decision race and termination that keeps the row and its history.
import type { Caller } from "../access/scope.server";
import { and, count, eq, ne } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { decryptPii, piiLookupHash } from "../../../core/pii";
import { REGISTRY_LOOKUPS_PER_HOUR, resetRegistryLookups } from "~/lib/lookup-throttle.server";
import { seedDatabase } from "../../../db/seed";
import {
  decideLinkage,
  linkageHistory,
  listLinkagesForReview,
  listLinkagesForSupplier,
  proposeLinkage,
  terminateLinkage,
  type ProposeInput,
} from "./linkages.server";

const PII_KEY = process.env.PII_KEY!;
let staffA: Caller,
  staffB: Caller,
  staffTownB: Caller,
  townOfficialA: Caller,
  townOfficialB: Caller,
  districtOfficial: Caller,
  admin: Caller;
let supplierA: { id: string; townId: number };
let supplierB: { id: string; townId: number };
let supplierTownB: { id: string; townId: number };
let householdInTown: { id: string; registryCode: string; idCard: string };
let householdOtherTown: { id: string; registryCode: string };
let householdTownB: string;
let productA: string, productB: string;
let collectiveInTown: string, collectiveOtherTown: string;

async function account(mobile: string): Promise<Caller> {
  const [u] = await db
    .select({
      id: s.users.id,
      role: s.users.role,
      supplierId: s.users.supplierId,
      regionId: s.users.regionId,
    })
    .from(s.users)
    .where(eq(s.users.mobile, mobile));
  return u;
}

beforeAll(async () => {
  await seedDatabase(db, { piiKey: PII_KEY, households: 200 });
  staffA = await account("13800000004");
  staffB = await account("13800000005");
  districtOfficial = await account("13800000006");
  townOfficialA = await account("13800000007");
  townOfficialB = await account("13800000008");
  admin = await account("13800000009");
  const supplierRow = async (id: string) =>
    (
      await db
        .select({ id: s.suppliers.id, townId: s.suppliers.townId })
        .from(s.suppliers)
        .where(eq(s.suppliers.id, id))
    )[0];
  supplierA = await supplierRow(staffA.supplierId!);
  supplierB = await supplierRow(staffB.supplierId!);
  expect(townOfficialA.regionId).toBe(supplierA.townId);
  [supplierTownB] = await db
    .select({ id: s.suppliers.id, townId: s.suppliers.townId })
    .from(s.suppliers)
    .where(eq(s.suppliers.townId, townOfficialB.regionId!))
    .limit(1);
  // A staff account of a town-B supplier, for the cross-town decision test.
  const [u] = await db
    .insert(s.users)
    .values({
      mobile: "13900000099",
      displayName: "测试员工",
      passwordHash: "x",
      role: "supplier_staff",
      supplierId: supplierTownB.id,
    })
    .returning({
      id: s.users.id,
      role: s.users.role,
      supplierId: s.users.supplierId,
      regionId: s.users.regionId,
    });
  staffTownB = u;

  const [h] = await db.select().from(s.households).where(eq(s.households.townId, supplierA.townId)).limit(1);
  householdInTown = { id: h.id, registryCode: h.registryCode, idCard: decryptPii(h.idCardCipher, PII_KEY) };
  const [o] = await db.select().from(s.households).where(ne(s.households.townId, supplierA.townId)).limit(1);
  householdOtherTown = { id: o.id, registryCode: o.registryCode };
  householdTownB = (
    await db
      .select({ code: s.households.registryCode })
      .from(s.households)
      .where(eq(s.households.townId, supplierTownB.townId))
      .limit(1)
  )[0].code;
  productA = (
    await db
      .select({ id: s.products.id })
      .from(s.products)
      .where(eq(s.products.supplierId, supplierA.id))
      .limit(1)
  )[0].id;
  productB = (
    await db
      .select({ id: s.products.id })
      .from(s.products)
      .where(eq(s.products.supplierId, supplierB.id))
      .limit(1)
  )[0].id;
  collectiveInTown = (
    await db
      .select({ id: s.villageCollectives.id })
      .from(s.villageCollectives)
      .where(eq(s.villageCollectives.townId, supplierA.townId))
      .limit(1)
  )[0].id;
  collectiveOtherTown = (
    await db
      .select({ id: s.villageCollectives.id })
      .from(s.villageCollectives)
      .where(ne(s.villageCollectives.townId, supplierA.townId))
      .limit(1)
  )[0].id;
});

const base = (change: Partial<ProposeInput> = {}): ProposeInput => ({
  beneficiaryType: "household",
  householdLookup: householdInTown.registryCode,
  mechanism: "order_purchase",
  weight: 3,
  validFrom: "2026-01-01",
  validUntil: "2026-12-31",
  productId: null,
  evidence: "2026 年收购协议，收购单据编号 SG-001",
  ...change,
});

const linkageCount = async () => (await db.select({ n: count() }).from(s.linkages))[0].n;
const eventCount = async () => (await db.select({ n: count() }).from(s.linkageEvents))[0].n;

async function proposed(caller: Caller = staffA, change: Partial<ProposeInput> = {}) {
  const result = await proposeLinkage({ caller, input: base(change) });
  if (!result.ok) throw new Error(result.code);
  return result.id;
}

async function approved(caller: Caller = staffA) {
  const id = await proposed(caller);
  expect(await decideLinkage({ caller: admin, id, decision: "approve" })).toEqual({
    ok: true,
    status: "approved",
  });
  return id;
}

describe("proposeLinkage", () => {
  it("finds the household by registry code or by ID number, writes the row proposed with one event", async () => {
    const byCode = await proposed();
    const byId = await proposed(staffA, {
      householdLookup: householdInTown.idCard,
      productId: productA,
      validUntil: null,
    });
    for (const id of [byCode, byId]) {
      const [row] = await db.select().from(s.linkages).where(eq(s.linkages.id, id));
      expect(row).toMatchObject({
        status: "proposed",
        householdId: householdInTown.id,
        supplierId: supplierA.id,
        proposedBy: staffA.id,
        weight: 3,
      });
      expect(
        await db
          .select({ action: s.linkageEvents.action })
          .from(s.linkageEvents)
          .where(eq(s.linkageEvents.linkageId, id)),
      ).toEqual([{ action: "proposed" }]);
    }
    const [withProduct] = await db.select().from(s.linkages).where(eq(s.linkages.id, byId));
    expect(withProduct).toMatchObject({ productId: productA, validUntil: null });
  });

  it("links a village collective of the supplier's own town only", async () => {
    const id = await proposed(staffA, {
      beneficiaryType: "village_collective",
      householdLookup: null,
      villageCollectiveId: collectiveInTown,
      mechanism: "equity_dividend",
    });
    expect(id).toBeTruthy();
    expect(
      await proposeLinkage({
        caller: staffA,
        input: base({ beneficiaryType: "village_collective", villageCollectiveId: collectiveOtherTown }),
      }),
    ).toEqual({
      ok: false,
      code: "beneficiary_not_found",
    });
  });

  it.each([
    [{ householdLookup: "__other_town__" }, "beneficiary_not_found"],
    [{ householdLookup: "4112720000000000" }, "beneficiary_not_found"],
    [{ householdLookup: "" }, "beneficiary_not_found"],
    [{ productId: "__product_b__" }, "product_not_found"],
    [{ productId: "not-a-uuid" }, "product_not_found"],
    [{ mechanism: "bribery" }, "invalid_mechanism"],
    [{ weight: 0 }, "invalid_weight"],
    [{ weight: -2 }, "invalid_weight"],
    [{ weight: 1.5 }, "invalid_weight"],
    [{ validFrom: "2026-02-30" }, "invalid_dates"],
    [{ validFrom: "2026-06-01", validUntil: "2026-05-31" }, "invalid_dates"],
    [{ evidence: "   " }, "invalid_evidence"],
    [{ evidence: "证".repeat(501) }, "invalid_evidence"],
  ] as [Partial<ProposeInput>, string][])(
    "refuses bad input #%# and writes nothing",
    async (change, code) => {
      const input = base(change);
      if (input.householdLookup === "__other_town__") input.householdLookup = householdOtherTown.registryCode;
      if (input.productId === "__product_b__") input.productId = productB;
      const [before, beforeEvents] = [await linkageCount(), await eventCount()];
      expect(await proposeLinkage({ caller: staffA, input })).toEqual({ ok: false, code });
      expect([await linkageCount(), await eventCount()]).toEqual([before, beforeEvents]);
    },
  );

  it("accepts exactly 500 characters of evidence and validity of one day", async () => {
    expect(
      await proposeLinkage({
        caller: staffA,
        input: base({ evidence: "证".repeat(500), validUntil: "2026-01-01" }),
      }),
    ).toMatchObject({ ok: true });
  });

  it("is for supplier staff only", async () => {
    for (const caller of [townOfficialA, admin])
      expect(await proposeLinkage({ caller, input: base() })).toEqual({ ok: false, code: "forbidden" });
  });
});

// Issue 15 item 12: the proposal form must not tell a supplier whether a person is a registered
// beneficiary through the order of its checks, every registry lookup leaves an audit entry (hash,
// never the number), and lookups are limited per user.
describe("household lookups by supplier staff", () => {
  const UNKNOWN_PRODUCT = "4b0f7b8e-0000-4000-8000-000000000001";
  let otherTownIdCard: string;
  const lookupEntries = async (actorId: string) =>
    db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.action, "linkage.household_lookup"), eq(s.auditLog.actorId, actorId)))
      .orderBy(s.auditLog.id);

  beforeAll(async () => {
    const [o] = await db.select().from(s.households).where(eq(s.households.id, householdOtherTown.id));
    otherTownIdCard = decryptPii(o.idCardCipher, PII_KEY);
  });

  it("answers a bad product the same for a registered household of the town, another town's and an unknown number, and looks nothing up", async () => {
    await resetRegistryLookups();
    const before = (await lookupEntries(staffA.id)).length;
    const answers = [];
    for (const lookup of [householdInTown.idCard, otherTownIdCard, "110101199003077777"]) {
      answers.push(
        await proposeLinkage({
          caller: staffA,
          input: base({ householdLookup: lookup, productId: UNKNOWN_PRODUCT }),
        }),
      );
      answers.push(
        await proposeLinkage({
          caller: staffA,
          input: base({ householdLookup: lookup, mechanism: "bribery" }),
        }),
      );
    }
    expect(answers).toEqual(
      [1, 2, 3].flatMap(() => [
        { ok: false, code: "product_not_found" },
        { ok: false, code: "invalid_mechanism" },
      ]),
    );
    // The other fields were refused before the registry was asked: no lookup, none to audit.
    expect((await lookupEntries(staffA.id)).length).toBe(before);
  });

  it("audits every lookup with who, the keyed hash (never the number), the result and the address; out of the area reads as not found", async () => {
    await resetRegistryLookups();
    const before = (await lookupEntries(staffA.id)).length;
    const ip = "203.0.113.41";
    const inTown = await proposeLinkage({
      caller: staffA,
      input: base({ householdLookup: householdInTown.idCard }),
      ip,
    });
    const otherTown = await proposeLinkage({
      caller: staffA,
      input: base({ householdLookup: otherTownIdCard }),
      ip,
    });
    const unknown = await proposeLinkage({
      caller: staffA,
      input: base({ householdLookup: "110101199003077777" }),
      ip,
    });
    expect(inTown).toMatchObject({ ok: true });
    expect(otherTown).toEqual({ ok: false, code: "beneficiary_not_found" });
    expect(unknown).toEqual(otherTown);
    const entries = (await lookupEntries(staffA.id)).slice(before);
    expect(
      entries.map((e) => ({ role: e.actorRole, ip: e.ip, regionId: e.regionId, details: e.details })),
    ).toEqual([
      {
        role: "supplier_staff",
        ip,
        regionId: supplierA.townId,
        details: { by: "id_card", lookupHash: piiLookupHash(householdInTown.idCard, PII_KEY), found: true },
      },
      {
        role: "supplier_staff",
        ip,
        regionId: supplierA.townId,
        details: { by: "id_card", lookupHash: piiLookupHash(otherTownIdCard, PII_KEY), found: false },
      },
      {
        role: "supplier_staff",
        ip,
        regionId: supplierA.townId,
        details: { by: "id_card", lookupHash: piiLookupHash("110101199003077777", PII_KEY), found: false },
      },
    ]);
    expect(entries[0].subjectId).toBe(householdInTown.id);
    // A miss names no household: not the other town's either.
    expect([entries[1].subjectId, entries[2].subjectId]).toEqual([null, null]);
    const text = JSON.stringify(entries);
    for (const id of [householdInTown.idCard, otherTownIdCard, "110101199003077777"])
      expect(text).not.toContain(id);
  });

  it(`allows ${REGISTRY_LOOKUPS_PER_HOUR} lookups per user an hour, then refuses without looking up or writing; other users are not held back`, async () => {
    await resetRegistryLookups();
    for (let i = 0; i < REGISTRY_LOOKUPS_PER_HOUR; i++) {
      expect(
        await proposeLinkage({
          caller: staffB,
          input: base({ householdLookup: `41127200000${String(i).padStart(5, "0")}` }),
        }),
      ).toEqual({ ok: false, code: "beneficiary_not_found" });
    }
    const [auditBefore, linkagesBefore] = [(await lookupEntries(staffB.id)).length, await linkageCount()];
    // Even a household the supplier could link is refused now, with its own answer.
    const [hB] = await db
      .select()
      .from(s.households)
      .where(eq(s.households.townId, supplierB.townId))
      .limit(1);
    expect(
      await proposeLinkage({ caller: staffB, input: base({ householdLookup: hB.registryCode }) }),
    ).toEqual({ ok: false, code: "lookup_rate_limited" });
    expect([(await lookupEntries(staffB.id)).length, await linkageCount()]).toEqual([
      auditBefore,
      linkagesBefore,
    ]);
    expect(await proposeLinkage({ caller: staffA, input: base() })).toMatchObject({ ok: true });
    // A village collective needs no registry lookup: still possible.
    const [collectiveB] = await db
      .select({ id: s.villageCollectives.id })
      .from(s.villageCollectives)
      .where(eq(s.villageCollectives.townId, supplierB.townId))
      .limit(1);
    expect(
      await proposeLinkage({
        caller: staffB,
        input: base({
          beneficiaryType: "village_collective",
          householdLookup: null,
          villageCollectiveId: collectiveB.id,
        }),
      }),
    ).toMatchObject({ ok: true });
    await resetRegistryLookups();
  });
});

describe("scope", () => {
  it("a supplier sees only its own agreements, names masked", async () => {
    const mine = await proposed(staffA);
    const theirs = await proposed(staffB);
    const listA = await listLinkagesForSupplier({ caller: staffA });
    expect(listA.map((l) => l.id)).toContain(mine);
    expect(listA.map((l) => l.id)).not.toContain(theirs);
    expect(listA.every((l) => l.supplierId === supplierA.id)).toBe(true);
    const [h] = await db
      .select({ headName: s.households.headName })
      .from(s.households)
      .where(eq(s.households.id, householdInTown.id));
    const row = listA.find((l) => l.id === mine)!;
    expect(row.beneficiaryName).not.toBe(h.headName);
    expect(row.beneficiaryName).toContain("*");
    expect(JSON.stringify(listA)).not.toContain(householdInTown.idCard);
    expect(row.registryCode).toBeNull();
    expect(await linkageHistory({ caller: staffA, id: theirs })).toBeNull();
  });

  it("a supplier cannot terminate another supplier's agreement", async () => {
    const theirs = await approved(staffB);
    expect(await terminateLinkage({ caller: staffA, id: theirs })).toEqual({ ok: false, code: "not_found" });
    const [row] = await db.select().from(s.linkages).where(eq(s.linkages.id, theirs));
    expect(row.status).toBe("approved");
  });

  it("officials review the suppliers of their region: town A not town B; the district all", async () => {
    const inA = await proposed(staffA);
    const inB = await proposed(staffTownB, { householdLookup: householdTownB });
    const ids = async (caller: Caller) =>
      (await listLinkagesForReview({ caller, status: "proposed" })).map((l) => l.id);
    expect(await ids(townOfficialA)).toContain(inA);
    expect(await ids(townOfficialA)).not.toContain(inB);
    expect(await ids(townOfficialB)).toContain(inB);
    expect(await ids(townOfficialB)).not.toContain(inA);
    expect(await ids(districtOfficial)).toEqual(expect.arrayContaining([inA, inB]));
    expect(await listLinkagesForReview({ caller: staffA, status: "proposed" })).toEqual([]);

    const before = await eventCount();
    expect(await decideLinkage({ caller: townOfficialA, id: inB, decision: "approve" })).toEqual({
      ok: false,
      code: "not_found",
    });
    expect(await decideLinkage({ caller: staffTownB, id: inB, decision: "approve" })).toEqual({
      ok: false,
      code: "forbidden",
    });
    const [row] = await db.select().from(s.linkages).where(eq(s.linkages.id, inB));
    expect(row.status).toBe("proposed");
    expect(await eventCount()).toBe(before);
    expect(await decideLinkage({ caller: townOfficialB, id: inB, decision: "approve" })).toEqual({
      ok: true,
      status: "approved",
    });
  });
});

describe("decideLinkage", () => {
  it("refuses a rejection without a reason", async () => {
    const id = await proposed();
    for (const reason of [undefined, "", "   "]) {
      expect(await decideLinkage({ caller: townOfficialA, id, decision: "reject", reason })).toEqual({
        ok: false,
        code: "reason_required",
      });
    }
    expect((await db.select().from(s.linkages).where(eq(s.linkages.id, id)))[0].status).toBe("proposed");
  });

  it("approves with events and an audit entry; a second decision is 'already decided'", async () => {
    const id = await proposed();
    expect(await decideLinkage({ caller: townOfficialA, id, decision: "approve" })).toEqual({
      ok: true,
      status: "approved",
    });
    const [row] = await db.select().from(s.linkages).where(eq(s.linkages.id, id));
    expect(row).toMatchObject({ status: "approved", decidedBy: townOfficialA.id });
    expect(row.decidedAt).toBeInstanceOf(Date);
    const history = await linkageHistory({ caller: staffA, id });
    expect(history!.map((e) => e.action)).toEqual(["proposed", "approved"]);
    expect(
      await db
        .select()
        .from(s.auditLog)
        .where(and(eq(s.auditLog.subjectId, id), eq(s.auditLog.action, "linkage.approved"))),
    ).toHaveLength(1);
    expect(await decideLinkage({ caller: townOfficialA, id, decision: "reject", reason: "重复" })).toEqual({
      ok: false,
      code: "already_decided",
    });
  });

  it("rejects with the reason kept on the row and the event", async () => {
    const id = await proposed();
    expect(
      await decideLinkage({ caller: districtOfficial, id, decision: "reject", reason: "收购单据不全" }),
    ).toEqual({ ok: true, status: "rejected" });
    const [row] = await db.select().from(s.linkages).where(eq(s.linkages.id, id));
    expect(row).toMatchObject({ status: "rejected", rejectionReason: "收购单据不全" });
    const history = await linkageHistory({ caller: townOfficialA, id });
    expect(history!.at(-1)).toMatchObject({ action: "rejected", reason: "收购单据不全" });
  });

  it("of two decisions at once, exactly one wins", async () => {
    for (let round = 0; round < 5; round++) {
      const id = await proposed();
      const results = await Promise.all([
        decideLinkage({ caller: townOfficialA, id, decision: "approve" }),
        decideLinkage({ caller: districtOfficial, id, decision: "reject", reason: "证据不足" }),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, code: "already_decided" }]);
      const decisions = await db
        .select()
        .from(s.linkageEvents)
        .where(and(eq(s.linkageEvents.linkageId, id), ne(s.linkageEvents.action, "proposed")));
      expect(decisions).toHaveLength(1);
      const [row] = await db.select().from(s.linkages).where(eq(s.linkages.id, id));
      expect(row.status).toBe((results.find((r) => r.ok) as { status: string }).status);
    }
  });
});

describe("terminateLinkage", () => {
  it("keeps the row and its history, ends the validity today", async () => {
    const id = await approved();
    expect(await terminateLinkage({ caller: staffA, id, reason: "合同到期", today: "2026-07-15" })).toEqual({
      ok: true,
      validUntil: "2026-07-15",
    });
    const [row] = await db.select().from(s.linkages).where(eq(s.linkages.id, id));
    expect(row).toMatchObject({
      status: "terminated",
      validUntil: "2026-07-15",
      validFrom: "2026-01-01",
      householdId: householdInTown.id,
      weight: 3,
    });
    expect((await linkageHistory({ caller: townOfficialA, id }))!.map((e) => e.action)).toEqual([
      "proposed",
      "approved",
      "terminated",
    ]);
    expect(
      (await listLinkagesForSupplier({ caller: staffA, status: "terminated" })).map((l) => l.id),
    ).toContain(id);
    expect(await terminateLinkage({ caller: staffA, id })).toEqual({ ok: false, code: "not_approved" });
  });

  it("only approved ones; never before valid_from; by an official of the region too", async () => {
    const open = await proposed();
    expect(await terminateLinkage({ caller: staffA, id: open })).toEqual({ ok: false, code: "not_approved" });
    const id = await approved();
    expect(await terminateLinkage({ caller: townOfficialB, id })).toEqual({ ok: false, code: "not_found" });
    expect(await terminateLinkage({ caller: townOfficialA, id, today: "2025-12-01" })).toEqual({
      ok: true,
      validUntil: "2026-01-01",
    });
  });
});
