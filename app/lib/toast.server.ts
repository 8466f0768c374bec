// After a successful form post: flash a toast (a message key, translated by the root loader) and
// answer 303 See Other, so a reload does not post again. The one copy of this pattern.
import { redirect } from "@remix-run/node";
import type { MessageKey } from "./i18n";
import { commitSession, getSession } from "./session.server";

export async function redirectWithToast(
  request: Request,
  to: string,
  toast: MessageKey,
  init: { headers?: HeadersInit } = {},
): Promise<Response> {
  const session = await getSession(request);
  session.flash("toast", toast);
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", await commitSession(session));
  return redirect(to, { status: 303, headers });
}
