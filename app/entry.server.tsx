import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { closeDatabase, prepareDatabase } from "./lib/db.server";
import { getEnv } from "./lib/env.server";
import { NonceProvider } from "./lib/nonce";
import { contentSecurityPolicy, createCspNonce } from "./lib/web-security.server";
import { releaseExpiredOrders } from "./models/checkout.server";

const ABORT_DELAY = 5_000;

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce?: string; // set per request by server.js
  }
}

/** Called by server.js before it listens: settings, migrations, first-start seed. */
export async function prepareServer() {
  const env = getEnv();
  const started = Date.now();
  const { seeded } = await prepareDatabase();
  return { env, seeded, ms: Date.now() - started };
}

export { closeDatabase };
// server.js applies these to every request and response (see app/lib/web-security.server.ts).
export { SECURITY_HEADERS, createCspNonce, crossSiteRefusal } from "./lib/web-security.server";

/** Background sweeps, idempotent and safe on many instances: release expired unpaid orders. */
export function startBackgroundSweeps(everyMs = 60_000) {
  const sweep = () => releaseExpiredOrders().catch((error) => console.error("order expiry sweep failed", error));
  const timer = setInterval(sweep, everyMs);
  timer.unref();
  void sweep();
  return () => clearInterval(timer);
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext?.cspNonce ?? createCspNonce();
  const readyEvent = isbot(request.headers.get("user-agent") || "") ? "onAllReady" : "onShellReady";
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          responseHeaders.set("Content-Security-Policy", contentSecurityPolicy(nonce));
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
