// What every page's frame shows (the root loader's one call): the header's cart count, role links
// and unread badge, a flash toast, the footer's operator. One module for the root route on purpose:
// the browser build turns each `.server` module the root imports into an empty chunk of its own, one
// more request on every page's first load (issue 22, decision 148); through this one the root
// imports none that other routes share.
import { getEnv } from "~/lib/env.server";
import { localeFromRequest, translate, type Locale, type MessageKey } from "~/lib/i18n";
import { commitSession, getSession, userIdOf } from "~/lib/session.server";
import { countUnreadMessages } from "~/models/notifications/messages.server";
import { countCartItems } from "~/models/ordering/cart.server";
import { getUserById, type UserRole } from "./users.server";

export type PageFrame = {
  locale: Locale;
  signedIn: boolean;
  role: UserRole | null;
  cartQuantity: number;
  unreadMessages: number;
  /** The flash toast, translated here: the server knows every area's messages, the page may not. */
  toast: string | null;
  site: { operator: string; phone: string; icp: string };
};

/** The frame for this request, and the session cookie to set when a flash toast was read (read once). */
export async function loadPageFrame({
  request,
}: {
  request: Request;
}): Promise<{ frame: PageFrame; setCookie: string | null }> {
  const session = await getSession(request);
  const userId = await userIdOf(session);
  const [cartQuantity, user, unreadMessages] = await Promise.all([
    countCartItems({ userId, cartId: session.get("cartId") }),
    userId ? getUserById(userId) : null,
    userId ? countUnreadMessages({ userId }) : 0,
  ]);
  const toast = session.get("toast") as MessageKey | undefined;
  const locale = localeFromRequest(request);
  const env = getEnv();
  return {
    frame: {
      locale,
      signedIn: Boolean(userId),
      role: user?.role ?? null,
      cartQuantity,
      unreadMessages,
      toast: toast ? translate(locale, toast) : null,
      // Who runs the site (settings; demo defaults say so).
      site: {
        operator: locale === "en" ? env.OPERATOR_NAME_EN : env.OPERATOR_NAME,
        phone: env.SERVICE_PHONE,
        icp: env.ICP_NUMBER,
      },
    },
    setCookie: toast ? await commitSession(session) : null,
  };
}
