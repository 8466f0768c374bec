// Which database errors mean "unreachable right now" (→ 503) and which are ordinary failures.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, isDatabaseUnavailable } from "~/lib/db.server";
import { openDatabase } from "../../db/client";

async function errorOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("isDatabaseUnavailable", () => {
  it("is true for a server that refuses connections (as drizzle wraps it)", async () => {
    const nowhere = openDatabase("postgres://postgres@127.0.0.1:9/nowhere");
    try {
      const error = await errorOf(() => nowhere.db.execute(sql`select 1`));
      expect(isDatabaseUnavailable(error)).toBe(true);
    } finally {
      await nowhere.close();
    }
  });

  it("is false for a bad query, a constraint violation or a plain error", async () => {
    expect(isDatabaseUnavailable(await errorOf(() => db.execute(sql`select * from no_such_table`)))).toBe(
      false,
    );
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable({ code: "23505" })).toBe(false);
    expect(isDatabaseUnavailable({ cause: { code: "57P01" } })).toBe(true);
  });
});
