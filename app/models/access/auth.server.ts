// Guards for loaders and actions (they throw a redirect or a 403), and the login/logout session
// changes. A login always starts a brand-new session: nothing a visitor had before signing in is
// carried over except the guest cart, whose lines join the user's cart.
import { createSession, redirect } from "@remix-run/node";
import { localeFromRequest, translate, type MessageKey } from "~/lib/i18n";
import { safeRedirect } from "~/lib/safe-redirect";
import {
  commitSession,
  destroySession,
  getSession,
  getUserId,
  sessionStore,
  type AppSession,
} from "~/lib/session.server";
import { mergeGuestCartIntoUserCart } from "~/models/ordering/cart.server";
import { getUserById, type User, type UserRole } from "~/models/access/users.server";

function loginUrl(request: Request): string {
  const url = new URL(request.url);
  return `/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`;
}

/** The signed-in user, or a redirect to the login page that comes back here. */
export async function requireUser(request: Request): Promise<User> {
  const userId = await getUserId(request);
  if (!userId) throw redirect(loginUrl(request), { status: 303 });
  const user = await getUserById(userId);
  if (!user) {
    // The account behind a still-valid cookie is gone: drop the session and ask for a login.
    throw redirect(loginUrl(request), {
      status: 303,
      headers: { "Set-Cookie": await destroySession(await getSession(request)) },
    });
  }
  return user;
}

/** The signed-in user, or null for a visitor (a cookie whose account is gone counts as a visitor). */
export async function getOptionalUser(request: Request): Promise<User | null> {
  const userId = await getUserId(request);
  return userId ? ((await getUserById(userId)) ?? null) : null;
}

/** The signed-in user when they hold one of `roles`; a 403 response otherwise. */
export async function requireRole(request: Request, roles: readonly UserRole[]): Promise<User> {
  const user = await requireUser(request);
  if (!roles.includes(user.role)) {
    throw new Response(translate(localeFromRequest(request), "auth.forbidden"), { status: 403 });
  }
  return user;
}

/**
 * Signs `userId` in: a fresh session (no session fixation, nothing of the old one kept), the
 * guest cart merged into the user's cart, then a 303 to `redirectTo` (checked: same site only).
 */
export async function startUserSession({
  request,
  userId,
  redirectTo,
  toast = "auth.toast.loggedIn",
}: {
  request: Request;
  userId: string;
  redirectTo: string | null | undefined;
  toast?: MessageKey;
}): Promise<Response> {
  // Of the old session only the guest cart id is read; it is not kept, since the user's cart is
  // found by user id from now on.
  const guestCartId = (await getSession(request)).get("cartId");
  const session: AppSession = createSession();
  // A new row per login: the cookie carries only its random id (revocable, see session.server.ts).
  session.set("sessionId", (await sessionStore().create(userId)).id);
  await mergeGuestCartIntoUserCart({ guestCartId, userId });
  session.flash("toast", toast);
  return redirect(safeRedirect(redirectTo), {
    status: 303,
    headers: { "Set-Cookie": await commitSession(session) },
  });
}

/** Ends the session for good (its row is revoked, so a copy of the cookie is refused too), clears the cookie and goes home. */
export async function logout(request: Request): Promise<Response> {
  const session = await getSession(request);
  const sessionId = session.get("sessionId");
  if (sessionId) await sessionStore().revoke(sessionId);
  return redirect("/", { status: 303, headers: { "Set-Cookie": await destroySession(session) } });
}
