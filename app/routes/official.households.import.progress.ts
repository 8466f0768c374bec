// How far the confirmed import under `?token=` has got, as JSON `{ state, done, total }`, polled by
// the import page while its confirm runs. Only the official who started the import gets an answer
// (the token is bound to their signed-in session when the import starts); anyone else, an unknown or
// finished long ago token: 404. Deliberately no database query, not even to resolve the session: on
// the embedded PGlite (one connection) the import's own transaction holds the connection until it
// commits, and the signed cookie already names the session (the progress is theirs, so no role check).
import { json, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { signedSessionIdOf } from "~/lib/session.server";
import { importProgress } from "~/models/registry/households.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const sessionId = await signedSessionIdOf(request);
  if (!sessionId) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const progress = /^[0-9a-f]{32}$/.test(token) ? importProgress({ sessionId, token }) : null;
  if (!progress)
    throw json({ error: "not_found" }, { status: 404, headers: { "Cache-Control": "no-store" } });
  return json(progress, { headers: { "Cache-Control": "no-store" } });
}
