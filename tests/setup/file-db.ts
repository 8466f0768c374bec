// Each test file gets its own fresh, migrated database before any app module opens one; and every
// area's messages, as the server has them (it loads all routes, the portal layouts add theirs).
import { afterAll, inject } from "vitest";
import { addMessages } from "~/lib/i18n";
import { PORTAL_CATALOGS } from "~/lib/messages/areas";
import { configureSessionStore } from "~/lib/session.server";
import { createUserSession, resolveUserSession, revokeUserSession } from "~/models/access/sessions.server";
import { createTestDatabase } from "../support/test-database";

addMessages(...PORTAL_CATALOGS);
// As entry.server.tsx does for the server: routes called directly find signed-in users the same way.
configureSessionStore({
  create: (userId) => createUserSession({ userId }),
  resolve: (sessionId) => resolveUserSession({ sessionId }),
  revoke: (sessionId) => revokeUserSession({ sessionId }),
});

const holder = globalThis as typeof globalThis & { __xfbDatabase?: unknown };
const handle = await createTestDatabase(inject("dbTemplate"));
holder.__xfbDatabase = handle;

afterAll(async () => {
  if (holder.__xfbDatabase === handle) holder.__xfbDatabase = undefined;
  await handle.close();
});
