// Official accounts: who may appoint whom (never beyond one's own scope; real ids of another town
// or the district itself are refused), deactivation ends sessions at once and stops logins, audited.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { seedDatabase } from "../../../db/seed";
import { demoUser } from "../../../tests/support/shopper";
import { changeOfficialScope, createOfficial, deactivateOfficial, listOfficials } from "./officials.server";
import { scopeOf } from "./scope.server";
import { createUserSession, resolveUserSession } from "./sessions.server";
import type { User } from "./users.server";
import { getUserById, verifyLogin } from "./users.server";

let admin: User, district: User, town: User, townB: User, customer: User;

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 20 });
  [admin, district, town, townB, customer] = await Promise.all(
    ["admin", "districtOfficial", "townOfficial", "townOfficialB", "customer"].map(demoUser),
  );
}, 30_000);

const form = (regionId: number, mobile: string) => ({
  displayName: "新任乡镇干部",
  mobile,
  email: null,
  password: "Official@2026",
  regionId,
});

describe("official accounts", () => {
  it("a district official appoints town officials of their district only", async () => {
    const made = await createOfficial({ caller: district, ...form(town.regionId!, "13600000001") });
    expect(made.ok).toBe(true);
    // Not the district level (their own scope is the most they may hold, and only admins grant it).
    expect(await createOfficial({ caller: district, ...form(district.regionId!, "13600000002") })).toEqual({
      ok: false,
      code: "not_found",
    });
    // A village id (real) is no official's scope.
    const [village] = await db.select().from(s.regions).where(eq(s.regions.level, "village")).limit(1);
    expect(await createOfficial({ caller: district, ...form(village.id, "13600000003") })).toEqual({
      ok: false,
      code: "not_found",
    });
    // A town official appoints nobody, not even for their own town or town B (real ids).
    for (const regionId of [town.regionId!, townB.regionId!])
      expect(await createOfficial({ caller: town, ...form(regionId, "13600000004") })).toEqual({
        ok: false,
        code: "forbidden",
      });
    expect(await createOfficial({ caller: customer, ...form(town.regionId!, "13600000005") })).toEqual({
      ok: false,
      code: "forbidden",
    });
    // Bad input and a taken mobile change nothing.
    expect(await createOfficial({ caller: admin, ...form(town.regionId!, "12345") })).toEqual({
      ok: false,
      code: "invalid",
    });
    expect(await createOfficial({ caller: admin, ...form(town.regionId!, town.mobile!) })).toEqual({
      ok: false,
      code: "taken",
    });
    const refused = await db.select().from(s.users).where(eq(s.users.mobile, "13600000002"));
    expect(refused).toHaveLength(0);
    // Admins appoint district officials too.
    expect((await createOfficial({ caller: admin, ...form(district.regionId!, "13600000006") })).ok).toBe(
      true,
    );
    const audit = await db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.action, "official.created"), eq(s.auditLog.actorId, district.id)));
    expect(audit).toHaveLength(1);
  });

  it("a town official sees their town's accounts only; the district sees its towns'", async () => {
    const mine = await listOfficials({ caller: town });
    expect(mine!.regions).toHaveLength(0);
    expect(mine!.officials.every((o) => o.regionName === mine!.officials[0].regionName)).toBe(true);
    expect(mine!.officials.some((o) => o.id === townB.id)).toBe(false);
    const theirs = await listOfficials({ caller: district });
    expect(theirs!.officials.some((o) => o.id === townB.id)).toBe(true);
    expect(theirs!.regions.every((r) => r.level !== "district")).toBe(true);
    expect(await listOfficials({ caller: customer })).toBeNull();
  });

  it("deactivation ends every session at once and stops logins; only within the caller's reach", async () => {
    const made = await createOfficial({ caller: admin, ...form(townB.regionId!, "13600000011") });
    if (!made.ok) throw new Error("not created");
    const session = await createUserSession({ userId: made.id });
    expect(await resolveUserSession({ sessionId: session.id })).toBe(made.id);
    // A town official cannot; the district cannot deactivate itself or a district official.
    expect(await deactivateOfficial({ caller: town, userId: made.id })).toEqual({
      ok: false,
      code: "forbidden",
    });
    expect(await deactivateOfficial({ caller: district, userId: district.id })).toEqual({
      ok: false,
      code: "self",
    });
    const otherDistrict = await db.select().from(s.users).where(eq(s.users.mobile, "13600000006"));
    expect(await deactivateOfficial({ caller: district, userId: otherDistrict[0].id })).toEqual({
      ok: false,
      code: "not_found",
    });
    expect(await deactivateOfficial({ caller: district, userId: customer.id })).toEqual({
      ok: false,
      code: "not_found",
    });
    const [first, second] = await Promise.all([
      deactivateOfficial({ caller: district, userId: made.id }),
      deactivateOfficial({ caller: admin, userId: made.id }),
    ]);
    expect([first.ok, second.ok].filter(Boolean)).toHaveLength(1);
    expect(await resolveUserSession({ sessionId: session.id })).toBeNull();
    expect(await getUserById(made.id)).toBeNull();
    expect(await verifyLogin({ login: "13600000011", password: "Official@2026" })).toEqual({
      ok: false,
      code: "invalid",
    });
    const audit = await db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.action, "official.deactivated"), eq(s.auditLog.subjectId, made.id)));
    expect(audit).toHaveLength(1);
  });

  it("moving an official to another town: within the caller's reach only, at once, audited", async () => {
    const made = await createOfficial({ caller: district, ...form(town.regionId!, "13600000021") });
    if (!made.ok) throw new Error("not created");
    // Nobody beyond their reach: a town official moves no one; the district cannot move anyone
    // to the district level or to a village, nor move a district official, nor themself.
    expect(await changeOfficialScope({ caller: town, userId: made.id, regionId: townB.regionId! })).toEqual({
      ok: false,
      code: "forbidden",
    });
    expect(
      await changeOfficialScope({ caller: district, userId: made.id, regionId: district.regionId! }),
    ).toEqual({ ok: false, code: "not_found" });
    const [village] = await db.select().from(s.regions).where(eq(s.regions.level, "village")).limit(1);
    expect(await changeOfficialScope({ caller: district, userId: made.id, regionId: village.id })).toEqual({
      ok: false,
      code: "not_found",
    });
    expect(
      await changeOfficialScope({ caller: district, userId: district.id, regionId: townB.regionId! }),
    ).toEqual({ ok: false, code: "self" });
    expect(
      await changeOfficialScope({ caller: district, userId: customer.id, regionId: townB.regionId! }),
    ).toEqual({ ok: false, code: "not_found" });
    expect((await getUserById(made.id))!.regionId).toBe(town.regionId);

    // The district moves the new official to town B: their very next request has town B's scope.
    expect(
      await changeOfficialScope({ caller: district, userId: made.id, regionId: townB.regionId! }),
    ).toEqual({
      ok: true,
      changed: true,
    });
    const moved = (await getUserById(made.id))!;
    expect(await scopeOf(moved)).toEqual({ kind: "region", level: "town", regionId: townB.regionId });
    expect(
      await changeOfficialScope({ caller: district, userId: made.id, regionId: townB.regionId! }),
    ).toEqual({
      ok: true,
      changed: false,
    });
    const audit = await db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.action, "official.scope_changed"), eq(s.auditLog.subjectId, made.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({ fromId: town.regionId, toId: townB.regionId });
    // The official was told of the appointment and of the move (one message each, in the same transactions).
    const told = await db
      .select({ template: s.notificationOutbox.template })
      .from(s.notificationOutbox)
      .where(eq(s.notificationOutbox.userId, made.id));
    expect(told.map((m) => m.template).sort()).toEqual(["official_appointed", "official_scope_changed"]);
    // A deactivated official is not moved.
    await deactivateOfficial({ caller: district, userId: made.id });
    expect(await changeOfficialScope({ caller: admin, userId: made.id, regionId: town.regionId! })).toEqual({
      ok: false,
      code: "not_found",
    });
  });
});
