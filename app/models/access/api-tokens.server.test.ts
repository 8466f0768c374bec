import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { DEMO_ACCOUNTS } from "../../../db/fixtures/accounts";
import { seedDatabase } from "../../../db/seed";
import {
  authenticateApiToken,
  createApiToken,
  hashToken,
  listApiTokens,
  MAX_ACTIVE_TOKENS,
  revokeApiToken,
} from "./api-tokens.server";

async function caller(key: string) {
  const [u] = await db
    .select()
    .from(s.users)
    .where(eq(s.users.mobile, DEMO_ACCOUNTS.find((a) => a.key === key)!.mobile));
  return { id: u.id, role: u.role, regionId: u.regionId };
}

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 20 });
});

describe("API tokens", () => {
  it("are shown once, stored only as SHA-256, authenticate their owner, and are audited", async () => {
    const official = await caller("townOfficial");
    const created = await createApiToken({ caller: official, name: "  月报脚本 " });
    if (!created.ok) throw new Error(created.code);
    expect(created.token).toMatch(/^xfb_[A-Za-z0-9_-]{43}$/);
    const [row] = await db.select().from(s.apiTokens).where(eq(s.apiTokens.id, created.id));
    expect(row.tokenHash).toBe(hashToken(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token.slice(4));
    expect(row.name).toBe("月报脚本");
    expect(await authenticateApiToken(`Bearer ${created.token}`)).toEqual(official);
    expect(
      (await db.select().from(s.apiTokens).where(eq(s.apiTokens.id, created.id)))[0].lastUsedAt,
    ).not.toBeNull();
    const listed = await listApiTokens({ caller: official });
    expect(listed.map((t) => t.id)).toContain(created.id);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    const audit = await db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.action, "api_token.create"), eq(s.auditLog.subjectId, created.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: official.id, regionId: official.regionId });
  });

  it("a revoked, unknown or malformed token authenticates nobody; only the owner can revoke", async () => {
    const official = await caller("districtOfficial");
    const other = await caller("townOfficialB");
    const created = await createApiToken({ caller: official, name: "x" });
    if (!created.ok) throw new Error(created.code);
    expect(await revokeApiToken({ caller: other, id: created.id })).toEqual({ ok: false, code: "not_found" });
    expect(await authenticateApiToken(`Bearer ${created.token}`)).not.toBeNull();
    expect(await revokeApiToken({ caller: official, id: created.id })).toEqual({ ok: true });
    expect(await authenticateApiToken(`Bearer ${created.token}`)).toBeNull();
    expect(await revokeApiToken({ caller: official, id: created.id })).toEqual({ ok: true }); // again: nothing changes
    expect(
      await db
        .select()
        .from(s.auditLog)
        .where(and(eq(s.auditLog.action, "api_token.revoke"), eq(s.auditLog.subjectId, created.id))),
    ).toHaveLength(1);
    for (const header of [
      null,
      "",
      "Bearer",
      `Basic ${created.token}`,
      "Bearer xfb_nope",
      `Bearer ${created.token.slice(4)}`,
    ]) {
      expect(await authenticateApiToken(header)).toBeNull();
    }
    expect(await revokeApiToken({ caller: official, id: "not-a-uuid" })).toEqual({
      ok: false,
      code: "not_found",
    });
  });

  it("only officials and admins hold tokens; names are checked; at most a few live tokens each", async () => {
    expect(await createApiToken({ caller: await caller("customer"), name: "x" })).toEqual({
      ok: false,
      code: "forbidden",
    });
    expect(await createApiToken({ caller: await caller("supplierStaff"), name: "x" })).toEqual({
      ok: false,
      code: "forbidden",
    });
    const admin = await caller("admin");
    expect(await createApiToken({ caller: admin, name: "   " })).toEqual({ ok: false, code: "bad_name" });
    expect(await createApiToken({ caller: admin, name: "x".repeat(61) })).toEqual({
      ok: false,
      code: "bad_name",
    });
    for (let i = 0; i < MAX_ACTIVE_TOKENS; i++)
      expect((await createApiToken({ caller: admin, name: `t${i}` })).ok).toBe(true);
    expect(await createApiToken({ caller: admin, name: "one more" })).toEqual({
      ok: false,
      code: "too_many",
    });
  });

  it("a token stops working when its owner is no longer an official", async () => {
    const official = await caller("townOfficialB");
    const created = await createApiToken({ caller: official, name: "x" });
    if (!created.ok) throw new Error(created.code);
    await db.update(s.users).set({ role: "customer" }).where(eq(s.users.id, official.id));
    expect(await authenticateApiToken(`Bearer ${created.token}`)).toBeNull();
    await db.update(s.users).set({ role: "official" }).where(eq(s.users.id, official.id));
  });
});
