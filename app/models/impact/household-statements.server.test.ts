// Household statements and the early-warning list against an independent recount from the ledger
// (tests/support/household-oracle.ts): random orders over two years with partial and full refunds;
// every household's statement, a village's bulk statements and the warning list of each official
// equal the recount; reversal lines appear; another town's official gets not_found; views, exports
// and follow-ups are audited; a resolution takes a row off the list (and the recount agrees);
// two racing resolutions leave one.
import { and, count, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { seedDatabase } from "../../../db/seed";
import { demoMobile } from "../../../tests/support/factories";
import { expectedStatement, expectedWarnings } from "../../../tests/support/household-oracle";
import { makeRandomOrders } from "../../../tests/support/statistics-oracle";
import type { Caller } from "../access/scope.server";
import {
  getHouseholdStatement,
  getVillageStatements,
  type HouseholdStatement,
} from "./household-statements.server";
import { getWarningCase, listWarnings, recordFollowUp, WARNING_PAGE_SIZE } from "./warnings.server";

const NOW = new Date("2026-12-03T10:00:00+08:00");
const SETTINGS = { dropPercent: 30, idleMonths: 3 };
const FROM = "2025-01-01";
const TO = "2026-12-03";

let townA: Caller, townB: Caller, district: Caller, admin: Caller, customer: Caller;
let townAId: number, townBId: number;

async function account(key: string): Promise<Caller> {
  const [u] = await db
    .select({
      id: s.users.id,
      role: s.users.role,
      supplierId: s.users.supplierId,
      regionId: s.users.regionId,
    })
    .from(s.users)
    .where(eq(s.users.mobile, demoMobile(key)));
  return u;
}

function checkAgainst(st: HouseholdStatement, expected: Awaited<ReturnType<typeof expectedStatement>>) {
  expect(st.totalFen).toBe(expected.total);
  expect(st.salesFen).toBe(expected.sales);
  expect(st.reversalsFen).toBe(expected.reversals);
  expect(st.reversals.length).toBe(expected.reversalLines);
  expect(st.totals).toEqual(expected.totals);
  for (const m of st.months) {
    const want = expected.months[m.month] ?? { operating: 0, wage: 0, property: 0, transfer: 0 };
    expect(m.byType, m.month).toEqual(want);
  }
  // Every month of the ledger is in the statement's months.
  for (const month of Object.keys(expected.months)) expect(st.months.map((m) => m.month)).toContain(month);
  expect(
    Object.fromEntries(
      st.sources.map((x) => [x.linkageId, { sales: x.salesFen, reversals: x.reversalsFen, net: x.netFen }]),
    ),
  ).toEqual(expected.byLinkage);
}

async function allWarnings(caller: Caller) {
  const rows = [];
  for (let page = 1; ; page++) {
    const result = await listWarnings({ caller, page, now: NOW, settings: SETTINGS });
    if (!result.ok) throw new Error("forbidden");
    if (result.page !== page) break;
    rows.push(...result.rows);
    if (page >= result.pageCount) break;
  }
  return rows;
}

async function expectListEqualsRecount(caller: Caller, townIds: number[] | null) {
  const got = await allWarnings(caller);
  const want = await expectedWarnings({ townIds, now: NOW, ...SETTINGS });
  const norm = (rows: { householdId: string; keys: string[] }[]) =>
    rows.map((r) => `${r.householdId}:${[...r.keys].sort().join("|")}`).sort();
  expect(norm(got.map((r) => ({ householdId: r.householdId, keys: r.reasonKeys })))).toEqual(norm(want));
  return { got, want };
}

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 120, historySince: "2025-01-01" });
  [townA, townB, district, admin, customer] = await Promise.all(
    ["townOfficial", "townOfficialB", "districtOfficial", "admin", "customer"].map(account),
  );
  townAId = townA.regionId!;
  townBId = townB.regionId!;
  // Last year busier than this year (drops), this year's sales stopping in August for some (idle).
  const start2025 = Date.parse("2025-01-05T10:00:00+08:00");
  await makeRandomOrders({
    count: 36,
    seed: 21,
    paidAt: (i, rnd) =>
      i < 24
        ? new Date(start2025 + Math.floor(rnd() * 320) * 86_400_000)
        : new Date(Date.parse("2026-01-10T10:00:00+08:00") + Math.floor(rnd() * 320) * 86_400_000),
  });
  // Some of town A's agreements end soon, one is terminated: the lapsed reason has work to do.
  const townAHouseholds = await db
    .select({ id: s.households.id })
    .from(s.households)
    .where(eq(s.households.townId, townAId))
    .orderBy(s.households.registryCode)
    .limit(12);
  await db
    .update(s.linkages)
    .set({ validUntil: "2026-12-20" })
    .where(
      inArray(
        s.linkages.householdId,
        townAHouseholds.slice(0, 6).map((h) => h.id),
      ),
    );
  await db
    .update(s.linkages)
    .set({ status: "terminated" })
    .where(eq(s.linkages.householdId, townAHouseholds[6].id));
}, 300_000);

describe("household statements", () => {
  it("equal the recount for every household with ledger entries, reversal lines included", async () => {
    const ids = [
      ...new Set(
        (await db.select({ id: s.attributionEntries.householdId }).from(s.attributionEntries))
          .map((r) => r.id)
          .filter((id): id is string => id !== null),
      ),
    ];
    expect(ids.length).toBeGreaterThan(20);
    let withReversals = 0;
    const ledger = await db.select().from(s.attributionEntries);
    for (const id of ids) {
      const result = await getHouseholdStatement({
        caller: admin,
        householdId: id,
        from: FROM,
        to: TO,
        purpose: { kind: "view" },
        now: NOW,
      });
      if (!result.ok) throw new Error(result.code);
      checkAgainst(result.statement, await expectedStatement(id, FROM, TO, ledger));
      if (result.statement.reversals.length > 0) withReversals++;
    }
    expect(withReversals, "households with reversal lines").toBeGreaterThan(0);
    // A narrower period too: only its months, only its entries.
    const result = await getHouseholdStatement({
      caller: admin,
      householdId: ids[0],
      from: "2026-03-01",
      to: "2026-08-31",
      purpose: { kind: "view" },
    });
    if (!result.ok) throw new Error(result.code);
    expect(result.statement.months.map((m) => m.month)).toEqual([
      "2026-03",
      "2026-04",
      "2026-05",
      "2026-06",
      "2026-07",
      "2026-08",
    ]);
    checkAgainst(result.statement, await expectedStatement(ids[0], "2026-03-01", "2026-08-31"));
  });

  it("is for the officials of the household's region only; views and exports are audited", async () => {
    const [hA] = await db.select().from(s.households).where(eq(s.households.townId, townAId)).limit(1);
    const audits = async (action: string) =>
      (
        await db
          .select({ n: count() })
          .from(s.auditLog)
          .where(and(eq(s.auditLog.action, action), eq(s.auditLog.subjectId, hA.id)))
      )[0].n;
    const views = await audits("household.statement_view");
    const exportsBefore = await audits("household.statement_export");
    for (const caller of [townA, district, admin]) {
      const ok = await getHouseholdStatement({ caller, householdId: hA.id, purpose: { kind: "view" } });
      expect(ok.ok).toBe(true);
    }
    expect(await audits("household.statement_view")).toBe(views + 3);
    const exported = await getHouseholdStatement({
      caller: townA,
      householdId: hA.id,
      purpose: { kind: "export", format: "pdf" },
    });
    expect(exported.ok).toBe(true);
    expect(await audits("household.statement_export")).toBe(exportsBefore + 1);
    // Town B: the same answer as an unknown id, and nothing audited for it.
    expect(
      await getHouseholdStatement({ caller: townB, householdId: hA.id, purpose: { kind: "view" } }),
    ).toEqual({
      ok: false,
      code: "not_found",
    });
    expect(
      await getHouseholdStatement({
        caller: townB,
        householdId: "00000000-0000-4000-8000-000000000000",
        purpose: { kind: "view" },
      }),
    ).toEqual({ ok: false, code: "not_found" });
    expect(await audits("household.statement_view")).toBe(views + 3);
    expect(
      (await getHouseholdStatement({ caller: customer, householdId: hA.id, purpose: { kind: "view" } })).ok,
    ).toBe(false);
    // Bad periods: reversed, malformed, longer than two years.
    for (const [from, to] of [
      ["2026-05-01", "2026-04-01"],
      ["2026-02-30", "2026-03-01"],
      ["2020-01-01", "2026-01-01"],
    ])
      expect(
        await getHouseholdStatement({
          caller: townA,
          householdId: hA.id,
          from,
          to,
          purpose: { kind: "view" },
        }),
      ).toEqual({ ok: false, code: "invalid_period" });
  });

  it("in bulk: every household of a village, each equal to the recount; other towns get not_found", async () => {
    const [place] = await db
      .select({ code: s.regions.code, id: s.regions.id })
      .from(s.regions)
      .innerJoin(s.households, eq(s.households.villageId, s.regions.id))
      .where(eq(s.regions.parentId, townAId))
      .limit(1);
    const result = await getVillageStatements({
      caller: townA,
      villageCode: place.code,
      from: FROM,
      to: TO,
      format: "xlsx",
    });
    if (!result.ok) throw new Error(result.code);
    const households = await db.select().from(s.households).where(eq(s.households.villageId, place.id));
    expect(result.result.statements.map((x) => x.household.id).sort()).toEqual(
      households.map((h) => h.id).sort(),
    );
    for (const st of result.result.statements)
      checkAgainst(st, await expectedStatement(st.household.id, FROM, TO));
    expect(await getVillageStatements({ caller: townB, villageCode: place.code, format: "pdf" })).toEqual({
      ok: false,
      code: "not_found",
    });
    const [audit] = await db
      .select()
      .from(s.auditLog)
      .where(
        and(eq(s.auditLog.action, "household.statement_bulk_export"), eq(s.auditLog.subjectId, place.code)),
      );
    expect(audit.details).toMatchObject({ households: households.length, format: "xlsx" });
  });

  it("prints a big village's PDF in volumes: every household once, in registry-code order", async () => {
    const [place] = await db
      .select({ id: s.regions.id, code: s.regions.code })
      .from(s.regions)
      .where(eq(s.regions.parentId, townAId))
      .limit(1);
    const households = await db
      .select({ id: s.households.id, code: s.households.registryCode })
      .from(s.households)
      .where(eq(s.households.villageId, place.id));
    expect(households.length).toBeGreaterThan(2);
    const perPart = 2;
    const volume = (part: number | null) =>
      getVillageStatements({ caller: townA, villageCode: place.code, format: "pdf", part, perPart });
    const first = await volume(null);
    if (!first.ok) throw new Error(first.code);
    expect(first.result.parts).toBe(Math.ceil(households.length / perPart));
    expect(first.result.part).toBe(1);
    const seen: string[] = [];
    for (let part = 1; part <= first.result.parts; part++) {
      const result = await volume(part);
      if (!result.ok) throw new Error(result.code);
      expect(result.result.statements.length).toBeLessThanOrEqual(perPart);
      seen.push(...result.result.statements.map((st) => st.household.registryCode));
    }
    expect(seen).toEqual(households.map((h) => h.code).sort());
    expect(await volume(first.result.parts + 1)).toEqual({ ok: false, code: "not_found" });
    expect(await volume(0)).toEqual({ ok: false, code: "not_found" });
  });
});

describe("early warning", () => {
  it("lists exactly the recount's households and reasons, for each official's region", async () => {
    const { want } = await expectListEqualsRecount(admin, null);
    const reasons = new Set(want.flatMap((w) => w.keys.map((k) => k.split(":")[0])));
    // The data exercises every reason.
    expect([...reasons].sort()).toEqual(["drop", "idle", "lapsed"]);
    await expectListEqualsRecount(townA, [townAId]);
    await expectListEqualsRecount(townB, [townBId]);
    const towns = (
      await db.select({ id: s.regions.id }).from(s.regions).where(eq(s.regions.parentId, district.regionId!))
    ).map((r) => r.id);
    await expectListEqualsRecount(district, towns);
    expect((await listWarnings({ caller: customer })).ok).toBe(false);
    // Paged in SQL: a page holds at most the page size, past the last page answers the first.
    const first = await listWarnings({ caller: admin, page: 999, now: NOW, settings: SETTINGS });
    if (!first.ok) throw new Error("forbidden");
    expect(first.page).toBe(1);
    expect(first.rows.length).toBeLessThanOrEqual(WARNING_PAGE_SIZE);
  });

  it("a resolved row leaves the list (the recount agrees); another town's official cannot follow up", async () => {
    const list = await listWarnings({ caller: townA, now: NOW, settings: SETTINGS });
    if (!list.ok) throw new Error("forbidden");
    const row = list.rows[0];
    expect(row).toBeDefined();
    // Town B: not found, for the case and the follow-up, and nothing written.
    expect(await getWarningCase({ caller: townB, householdId: row.householdId, now: NOW })).toEqual({
      ok: false,
      code: "not_found",
    });
    const input = {
      contacted: true,
      action: "入户走访，协调合作社优先收购",
      followedOn: "2026-12-02",
      resolve: false,
    };
    expect(
      await recordFollowUp({
        caller: townB,
        householdId: row.householdId,
        input,
        now: NOW,
        settings: SETTINGS,
      }),
    ).toEqual({ ok: false, code: "not_found" });
    // Bad input changes nothing.
    expect(
      await recordFollowUp({
        caller: townA,
        householdId: row.householdId,
        input: { ...input, action: "  " },
        now: NOW,
        settings: SETTINGS,
      }),
    ).toEqual({ ok: false, code: "action_invalid" });
    expect(
      await recordFollowUp({
        caller: townA,
        householdId: row.householdId,
        input: { ...input, followedOn: "2026-12-04" },
        now: NOW,
        settings: SETTINGS,
      }),
    ).toEqual({ ok: false, code: "date_invalid" });
    const countOf = async () =>
      (
        await db
          .select({ n: count() })
          .from(s.householdFollowUps)
          .where(eq(s.householdFollowUps.householdId, row.householdId))
      )[0].n;
    expect(await countOf()).toBe(0);
    // A follow-up, then the resolution.
    const note = await recordFollowUp({
      caller: townA,
      householdId: row.householdId,
      input,
      now: NOW,
      settings: SETTINGS,
    });
    expect(note.ok).toBe(true);
    const resolved = await recordFollowUp({
      caller: townA,
      householdId: row.householdId,
      input: { ...input, resolve: true, action: "已落实就业岗位" },
      now: NOW,
      settings: SETTINGS,
    });
    expect(resolved.ok).toBe(true);
    const after = await expectListEqualsRecount(townA, [townAId]);
    expect(after.got.map((r) => r.householdId)).not.toContain(row.householdId);
    const audits = await db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.action, "household.follow_up"), eq(s.auditLog.subjectId, row.householdId)));
    expect(audits.length).toBe(2);
    // The case still opens, not listed, with both records; a further resolution is refused.
    const kase = await getWarningCase({
      caller: townA,
      householdId: row.householdId,
      now: NOW,
      settings: SETTINGS,
    });
    if (!kase.ok) throw new Error(kase.code);
    expect(kase.row?.listed).toBe(false);
    expect(kase.followUps.map((f) => f.resolved)).toEqual([true, false]);
    expect(
      await recordFollowUp({
        caller: townA,
        householdId: row.householdId,
        input: { ...input, resolve: true },
        now: NOW,
        settings: SETTINGS,
      }),
    ).toEqual({ ok: false, code: "already_resolved" });
    // A new reason brings it back: a new agreement that lapses in turn changes the lapsed key.
    if (row.reasons.includes("lapsed")) {
      const [l] = await db
        .select()
        .from(s.linkages)
        .where(eq(s.linkages.householdId, row.householdId))
        .limit(1);
      await db.insert(s.linkages).values({
        supplierId: l.supplierId,
        beneficiaryType: "household",
        householdId: row.householdId,
        mechanism: l.mechanism,
        weight: 1,
        validFrom: "2026-11-01",
        validUntil: "2026-12-10",
        status: "approved",
      });
      const back = await expectListEqualsRecount(townA, [townAId]);
      expect(back.got.map((r) => r.householdId)).toContain(row.householdId);
    }
  });

  it("two racing resolutions of one row leave one", async () => {
    const list = await listWarnings({ caller: admin, now: NOW, settings: SETTINGS });
    if (!list.ok) throw new Error("forbidden");
    const row = list.rows.find((r) => r.followUps === 0)!;
    const input = { contacted: true, action: "并发解决", followedOn: "2026-12-03", resolve: true };
    const results = await Promise.all([
      recordFollowUp({ caller: admin, householdId: row.householdId, input, now: NOW, settings: SETTINGS }),
      recordFollowUp({ caller: district, householdId: row.householdId, input, now: NOW, settings: SETTINGS }),
    ]);
    expect(results.filter((r) => r.ok).length).toBe(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, code: "already_resolved" });
    const rows = await db
      .select()
      .from(s.householdFollowUps)
      .where(eq(s.householdFollowUps.householdId, row.householdId));
    expect(rows.filter((r) => r.resolved).length).toBe(1);
  });
});
