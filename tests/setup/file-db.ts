// Each test file gets its own fresh, migrated database before any app module opens one.
import { afterAll, inject } from "vitest";
import { createTestDatabase } from "../support/test-database";

const holder = globalThis as typeof globalThis & { __xfbDatabase?: unknown };
const handle = await createTestDatabase(inject("dbTemplate"));
holder.__xfbDatabase = handle;

afterAll(async () => {
  if (holder.__xfbDatabase === handle) holder.__xfbDatabase = undefined;
  await handle.close();
});
