// Signed cookie sessions (stateless app servers): the user id after login, the guest cart id,
// and the orders a guest has unlocked with number + mobile. Guards throw, as in the Epic Stack.
import { createCookieSessionStorage, redirect, type Session } from "@remix-run/node";
import { getEnv } from "./env.server";

type SessionData = { userId: string; cartId: string; guestOrders: string[] };
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

export async function getUserId(request: Request): Promise<string | undefined> {
  return (await getSession(request)).get("userId");
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
  return { userId: session.get("userId"), guestOrders: session.get("guestOrders") ?? [] };
}

/** The cart owner of this request: the user when signed in, else the guest cart of the session. */
export async function getCartOwner(request: Request) {
  const session = await getSession(request);
  return { session, owner: { userId: session.get("userId"), cartId: session.get("cartId") } };
}
