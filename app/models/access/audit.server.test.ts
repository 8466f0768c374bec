// The audit log as officials read it: scope (district and admins all; a town official entries
// about their town or by actors of their town), filters by action and Asia/Shanghai dates, pages.
import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { failureCode } from "../../../tests/support/test-database";
import { seedDatabase } from "../../../db/seed";
import { AUDIT_PAGE_SIZE, listAuditEntries, recordAudit, summariseDetails } from "./audit.server";
import type { Caller } from "./scope.server";

let townA: Caller, townB: Caller, district: Caller, admin: Caller, staffA: Caller, customer: Caller;
let villageOfA: number;

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

const actionsOf = async (caller: Caller, filters = {}) =>
  (await listAuditEntries({ caller, filters: { action: "test.scope", ...filters } })).rows.map(
    (r) => r.details.tag,
  );

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 20 });
  [townA, townB, district, admin, staffA, customer] = await Promise.all(
    ["13800000007", "13800000008", "13800000006", "13800000009", "13800000004", "13800000001"].map(account),
  );
  [{ id: villageOfA }] = await db
    .select({ id: s.regions.id })
    .from(s.regions)
    .where(eq(s.regions.parentId, townA.regionId!))
    .limit(1);
  const entry = (tag: string, actor: Caller | null, regionId: number | null | undefined) =>
    recordAudit(db, {
      actor,
      action: "test.scope",
      subjectType: "test",
      subjectId: tag,
      regionId,
      details: { tag },
    });
  await entry("town-a-by-b", townB, townA.regionId); // about town A, by a town-B official
  await entry("village-of-a-system", null, villageOfA); // about a village of town A, no actor
  await entry("by-a-about-b", townA, townB.regionId); // by town A's official, about town B
  await entry("by-supplier-a-no-region", staffA, null); // by staff of a town-A supplier
  await entry("town-b-by-b", townB, townB.regionId); // town B only
  await entry("district-wide", district, null); // by the district official, no region
});

describe("scope", () => {
  it("a town official reads entries about their town or by actors of their town, nothing else", async () => {
    expect((await actionsOf(townA)).sort()).toEqual([
      "by-a-about-b",
      "by-supplier-a-no-region",
      "town-a-by-b",
      "village-of-a-system",
    ]);
    expect((await actionsOf(townB)).sort()).toEqual(["by-a-about-b", "town-a-by-b", "town-b-by-b"]);
  });

  it("district officials and admins read everything; other roles nothing", async () => {
    expect(await actionsOf(district)).toHaveLength(6);
    expect(await actionsOf(admin)).toHaveLength(6);
    expect(await listAuditEntries({ caller: staffA, filters: {} })).toMatchObject({
      rows: [],
      total: 0,
      actions: [],
    });
    expect(await listAuditEntries({ caller: customer, filters: {} })).toMatchObject({ rows: [], total: 0 });
  });

  it("offers only the actions present in the caller's scope", async () => {
    await recordAudit(db, {
      actor: townB,
      action: "test.only_b",
      subjectType: "test",
      regionId: townB.regionId,
    });
    expect((await listAuditEntries({ caller: townB, filters: {} })).actions).toContain("test.only_b");
    expect((await listAuditEntries({ caller: townA, filters: {} })).actions).not.toContain("test.only_b");
  });
});

describe("filters and pages", () => {
  it("filters by Asia/Shanghai calendar days, both ends included", async () => {
    // 2026-11-22 16:30 UTC is 2026-11-23 00:30 in Shanghai.
    await db.insert(s.auditLog).values({
      at: new Date("2026-11-22T16:30:00Z"),
      actorId: district.id,
      actorRole: "official",
      action: "test.dates",
      subjectType: "test",
      details: { tag: "early-23rd" },
    });
    await db.insert(s.auditLog).values({
      at: new Date("2026-11-22T15:59:00Z"),
      actorId: district.id,
      actorRole: "official",
      action: "test.dates",
      subjectType: "test",
      details: { tag: "late-22nd" },
    });
    const tags = async (from: string | null, to: string | null) =>
      (await listAuditEntries({ caller: district, filters: { action: "test.dates", from, to } })).rows.map(
        (r) => r.details.tag,
      );
    expect(await tags("2026-11-23", "2026-11-23")).toEqual(["early-23rd"]);
    expect(await tags("2026-11-22", "2026-11-22")).toEqual(["late-22nd"]);
    expect(await tags("2026-11-22", "2026-11-23")).toEqual(["early-23rd", "late-22nd"]);
    expect(await tags("not-a-date", null)).toHaveLength(2); // ignored, not an error
  });

  it("pages newest first with a total", async () => {
    const values = Array.from({ length: AUDIT_PAGE_SIZE + 5 }, (_, i) => ({
      at: new Date(Date.UTC(2026, 0, 1, 0, i)),
      actorId: admin.id,
      actorRole: "admin" as const,
      action: "test.paging",
      subjectType: "test",
      details: { i },
    }));
    await db.insert(s.auditLog).values(values);
    const first = await listAuditEntries({ caller: admin, filters: { action: "test.paging" } });
    expect(first).toMatchObject({ total: AUDIT_PAGE_SIZE + 5, page: 1, pageCount: 2 });
    expect(first.rows).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.rows[0].details.i).toBe(AUDIT_PAGE_SIZE + 4);
    const second = await listAuditEntries({ caller: admin, filters: { action: "test.paging", page: 2 } });
    expect(second.rows.map((r) => r.details.i)).toEqual([4, 3, 2, 1, 0]);
    expect(second.rows[0].actorName).toBe("平台管理员");
  });

  it("stays append-only", async () => {
    const [row] = await db
      .select()
      .from(s.auditLog)
      .where(inArray(s.auditLog.action, ["test.scope"]))
      .limit(1);
    expect(
      await failureCode(() => db.update(s.auditLog).set({ action: "x" }).where(eq(s.auditLog.id, row.id))),
    ).toBe("23001");
  });
});

describe("summariseDetails", () => {
  it("writes key: value pairs and shortens long values", () => {
    expect(summariseDetails({ reason: "缺少检测报告", n: 3, empty: null })).toBe(
      "reason: 缺少检测报告; n: 3; empty: —",
    );
    expect(summariseDetails({ text: "x".repeat(100) })).toBe(`text: ${"x".repeat(59)}…`);
    expect(summariseDetails({ a: "y".repeat(50), b: "y".repeat(50), c: "y".repeat(50) }, 40)).toHaveLength(
      40,
    );
  });
});
