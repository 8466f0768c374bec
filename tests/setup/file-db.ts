// Each test file gets its own fresh, migrated database before any app module opens one; and every
// area's messages, as the server has them (it loads all routes, the portal layouts add theirs).
import { afterAll, inject } from "vitest";
import { addMessages } from "~/lib/i18n";
import { PORTAL_CATALOGS } from "~/lib/messages/areas";
import { createTestDatabase } from "../support/test-database";

addMessages(...PORTAL_CATALOGS);

const holder = globalThis as typeof globalThis & { __xfbDatabase?: unknown };
const handle = await createTestDatabase(inject("dbTemplate"));
holder.__xfbDatabase = handle;

afterAll(async () => {
  if (holder.__xfbDatabase === handle) holder.__xfbDatabase = undefined;
  await handle.close();
});
