import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleDataRequestFunction, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { closeDatabase, isDatabaseUnavailable, prepareDatabase } from "./lib/db.server";
import { getEnv } from "./lib/env.server";
import { NonceProvider } from "./lib/nonce";
import { contentSecurityPolicy, createCspNonce } from "./lib/web-security.server";
import { expireCertifications } from "./models/catalog/certifications.server";
import { seedDemoData } from "./models/demo/history.server";
import { releaseExpiredOrders } from "./models/ordering/checkout.server";

const ABORT_DELAY = 5_000;

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce?: string; // set per request by server.js
    clientIp?: string; // the caller's address (server.js), for the login throttle
  }
}

/** Called by server.js before it listens: settings, migrations, first-start seed. */
export async function prepareServer() {
  const env = getEnv();
  const started = Date.now();
  // First start of the demo: the registry and a year and a bit of sales through the real functions.
  const { seeded } = await prepareDatabase({ seed: () => seedDemoData({ piiKey: env.PII_KEY }) });
  return { env, seeded, ms: Date.now() - started };
}

export { closeDatabase };
// server.js applies these to every request and response (see app/lib/web-security.server.ts).
export { SECURITY_HEADERS, createCspNonce, crossSiteRefusal } from "./lib/web-security.server";

/**
 * Background sweeps, idempotent and safe on many instances: release expired unpaid orders; mark
 * certifications past their validity `expired` (the store already stops counting them at once).
 */
export function startBackgroundSweeps(everyMs = 60_000) {
  const sweep = () => {
    releaseExpiredOrders().catch((error) => console.error("order expiry sweep failed", error));
    expireCertifications().catch((error) => console.error("certification expiry sweep failed", error));
  };
  const timer = setInterval(sweep, everyMs);
  timer.unref();
  void sweep();
  return () => clearInterval(timer);
}

// Requests that failed because the database could not be reached: answered 503 + Retry-After
// (a load balancer retries elsewhere, the browser sees "try again"), not 500.
const unavailable = new WeakSet<Request>();
const RETRY_AFTER_SECONDS = "5";

export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isDatabaseUnavailable(error)) {
    unavailable.add(request);
    console.error(`database unavailable: ${request.method} ${new URL(request.url).pathname}`);
    return;
  }
  console.error(error);
};

export const handleDataRequest: HandleDataRequestFunction = (response, { request }) => {
  if (!unavailable.has(request)) return response;
  const headers = new Headers(response.headers);
  headers.set("Retry-After", RETRY_AFTER_SECONDS);
  return new Response(response.body, { status: 503, headers });
};

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext?.cspNonce ?? createCspNonce();
  if (unavailable.has(request)) {
    responseStatusCode = 503;
    responseHeaders.set("Retry-After", RETRY_AFTER_SECONDS);
  }
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
