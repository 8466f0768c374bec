// Signed cookie sessions (stateless app servers): the id of the signed-in session, the guest cart
// id, and the orders a guest has unlocked with number + mobile. Who is signed in is never in the
// cookie: the session id is looked up in the database on every request (app/models/access/
// sessions.server.ts), so logging out or revoking ends it even for a copied cookie. Guards throw,
// as in the Epic Stack.
import { createCookieSessionStorage, redirect, type Session } from "@remix-run/node";
import { getEnv } from "./env.server";

type SessionData = { sessionId: string; cartId: string; guestOrders: string[] };

/**
 * The session table, handed in by the app (entry.server.tsx; tests/setup for tests) so that this
 * infrastructure module needs no model: create a row at login, resolve an id to its user, revoke.
 */
export type SessionStore = {
  create: (userId: string) => Promise<{ id: string }>;
  resolve: (sessionId: string) => Promise<string | null>;
  revoke: (sessionId: string) => Promise<void>;
};

let store: SessionStore | undefined;

export function configureSessionStore(next: SessionStore): void {
  store = next;
}

export function sessionStore(): SessionStore {
  if (!store) throw new Error("session store not configured: call configureSessionStore() at start");
  return store;
}

/** The user of the signed-in session this cookie names, when that session is still live. */
export async function userIdOf(session: AppSession): Promise<string | undefined> {
  const sessionId = session.get("sessionId");
  if (!sessionId) return undefined;
  return (await sessionStore().resolve(sessionId)) ?? undefined;
}
type FlashData = { toast: string };

let storage: ReturnType<typeof createCookieSessionStorage<SessionData, FlashData>> | undefined;

function sessionStorage() {
  const env = getEnv();
  return (storage ??= createCookieSessionStorage<SessionData, FlashData>({
    cookie: {
      name: "__session",
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: env.SESSION_COOKIE_SECURE,
      secrets: [env.SESSION_SECRET],
      maxAge: 60 * 60 * 24 * 30,
    },
  }));
}

export type AppSession = Session<SessionData, FlashData>;

export function getSession(request: Request): Promise<AppSession> {
  return sessionStorage().getSession(request.headers.get("Cookie"));
}

export function commitSession(session: AppSession): Promise<string> {
  return sessionStorage().commitSession(session);
}

export function destroySession(session: AppSession): Promise<string> {
  return sessionStorage().destroySession(session);
}

/**
 * The session id the signed cookie names, without asking the database whether it is still live:
 * only for answers that must not wait on the database (import progress on the one-connection
 * PGlite, whose import transaction holds the connection) and that reveal nothing but to the
 * session that started them.
 */
export async function signedSessionIdOf(request: Request): Promise<string | undefined> {
  return (await getSession(request)).get("sessionId") || undefined;
}

export async function getUserId(request: Request): Promise<string | undefined> {
  return userIdOf(await getSession(request));
}

/** The signed-in user's id, or a redirect to the login page that comes back here. */
export async function requireUserId(request: Request): Promise<string> {
  const userId = await getUserId(request);
  if (!userId) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return userId;
}

/** Lets this browser open a guest order it placed or unlocked (number + mobile); keeps 20. */
export function rememberGuestOrder(session: AppSession, orderNumber: string) {
  const list = (session.get("guestOrders") ?? []).filter((n) => n !== orderNumber);
  session.set("guestOrders", [orderNumber, ...list].slice(0, 20));
}

/** Who is asking for an order: the signed-in user and the guest orders this browser unlocked. */
export async function getOrderViewer(request: Request) {
  const session = await getSession(request);
  return { userId: await userIdOf(session), guestOrders: session.get("guestOrders") ?? [] };
}

/** The cart owner of this request: the user when signed in, else the guest cart of the session. */
export async function getCartOwner(request: Request) {
  const session = await getSession(request);
  return { session, owner: { userId: await userIdOf(session), cartId: session.get("cartId") } };
}
