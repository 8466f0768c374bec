import { count, eq } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { describe, expect, inject, it } from "vitest";
import { decryptPii, isValidIdCard } from "../core/pii";
import { databaseDigest } from "../tests/support/digest";
import { createTestDatabase, currentTestDatabase } from "../tests/support/test-database";
import { DEMO_ACCOUNTS } from "./fixtures/accounts";
import { PRODUCTS, SUPPLIERS } from "./fixtures/catalog";
import * as s from "./schema";
import { isSeeded, seedDatabase } from "./seed";

const PII_KEY = process.env.PII_KEY!;

describe("seed", () => {
  it("gives identical data when run twice from scratch", async () => {
    const first = currentTestDatabase();
    const second = await createTestDatabase(inject("dbTemplate"));
    try {
      await seedDatabase(first.db, { piiKey: PII_KEY });
      await seedDatabase(second.db, { piiKey: PII_KEY });
      const [a, b] = [await databaseDigest(first.db), await databaseDigest(second.db)];
      expect(a).toEqual(b);
      expect(a.households.startsWith("2000:")).toBe(true);
    } finally {
      await second.close();
    }
  });

  it("fills every part of the domain the demo needs", async () => {
    const { db } = currentTestDatabase();
    expect(await isSeeded(db)).toBe(true);
    const n = async (table: PgTable) => (await db.select({ n: count() }).from(table as typeof s.users))[0].n;
    expect(await n(s.suppliers)).toBe(SUPPLIERS.length);
    expect(await n(s.products)).toBe(PRODUCTS.length);
    expect(await n(s.users)).toBe(DEMO_ACCOUNTS.length);
    const mechanisms = await db.selectDistinct({ m: s.linkages.mechanism }).from(s.linkages);
    expect(mechanisms.map((m) => m.m).sort()).toEqual([...s.linkageMechanism.enumValues].sort());
    const kinds = await db.selectDistinct({ k: s.households.kind }).from(s.households);
    expect(kinds).toHaveLength(4);
    const [hh] = await db
      .select()
      .from(s.households)
      .where(eq(s.households.kind, "monitored_marginal"))
      .limit(1);
    const idCard = decryptPii(hh.idCardCipher, PII_KEY);
    expect(isValidIdCard(idCard)).toBe(true);
    expect(hh.idCardMasked).toBe(`${idCard.slice(0, 4)}**********${idCard.slice(-4)}`);
  });
});
