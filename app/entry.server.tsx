import type {
  AppLoadContext,
  EntryContext,
  HandleDataRequestFunction,
  HandleErrorFunction,
} from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
// Not react-dom/server's renderToPipeableStream: in React 18.3 its Node build sends the whole
// 2048-byte buffer when a multi-byte character does not fit the tail, zero bytes included
// (react#24985/#31134, fixed only in React 19 by #26228). The web-streams build encodes every
// string chunk whole (TextEncoder.encode) and enqueues only written bytes, so it cannot.
// app/entry.server.test.tsx renders CJK text across every offset of a buffer to hold this.
import { renderToReadableStream } from "react-dom/server.browser";
import { coalesceChunks } from "./lib/coalesce-stream.server";
import { closeDatabase, isDatabaseUnavailable, prepareDatabase } from "./lib/db.server";
import { getEnv } from "./lib/env.server";
import { startLocalSweeps, startQueuedSweeps, type Sweep } from "./lib/sweeps.server";
import { NonceProvider } from "./lib/nonce";
import { configureSessionStore } from "./lib/session.server";
import { contentSecurityPolicy, createCspNonce } from "./lib/web-security.server";
import {
  createUserSession,
  purgeEndedSessions,
  resolveUserSession,
  revokeUserSession,
} from "./models/access/sessions.server";
import { expireCertifications } from "./models/catalog/certifications.server";
import { warmDemoImages } from "./models/catalog/demo-images.server";
import { activateDueApplications } from "./models/onboarding/applications.server";
import { seedDemoData } from "./models/demo/history.server";
import { releaseExpiredOrders } from "./models/ordering/checkout.server";
import { announceOpenBalances, lapseUnpaidBalances } from "./models/ordering/presale-orders.server";
import { escalateOverdueClaims } from "./models/ordering/aftersales.server";
import { autoConfirmReceipts } from "./models/ordering/tracking.server";
import { deliverNotificationsSweep } from "./models/notifications/delivery.server";
import { setDeliveryNudge } from "./models/notifications/outbox.server";
import { refreshReachPotentialIfStale } from "./models/impact/unreached.server";

const ABORT_DELAY = 5_000;

// Who is signed in comes from the sessions table; lib/session.server.ts takes it by injection.
configureSessionStore({
  create: (userId) => createUserSession({ userId }),
  resolve: (sessionId) => resolveUserSession({ sessionId }),
  revoke: (sessionId) => revokeUserSession({ sessionId }),
});

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce?: string; // set per request by server.js
    clientIp?: string; // the caller's address (server.js: req.ip, right-most untrusted hop), for the login throttle and the audit log
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
// server.js serves anonymous storefront pages through this cache (app/lib/page-cache.server.ts).
export { anonymousPageKey, serveAnonymousPage } from "./lib/page-cache.server";
// server.js applies these to every request and response (see app/lib/web-security.server.ts).
export {
  SECURITY_HEADERS,
  createCspNonce,
  crossSiteRefusal,
  urlInputRefusal,
} from "./lib/web-security.server";

/**
 * Background sweeps, idempotent: release expired unpaid orders; mark certifications past their
 * validity `expired` (the store already stops counting them at once); drop session rows that can no
 * longer sign anyone in; activate applications whose notice ended; auto-confirm receipts; hand
 * unanswered after-sales claims to the platform. On PostgreSQL each runs once per interval for the
 * whole deployment (pg-boss jobs, app/lib/sweeps.server.ts); on the embedded database, on a timer.
 */
export const BACKGROUND_SWEEPS: Sweep[] = [
  { name: "order-expiry", run: () => releaseExpiredOrders() },
  // Deposit pre-sales whose balance (尾款) was not paid by its close: cancelled, deposit kept (decision 114).
  { name: "presale-balance-lapse", run: () => lapseUnpaidBalances() },
  // …and whose balance window opened: the buyer is told once per order (decision 126).
  { name: "presale-balance-open", run: () => announceOpenBalances() },
  { name: "certification-expiry", run: () => expireCertifications() },
  { name: "session-purge", run: () => purgeEndedSessions() },
  { name: "supplier-activation", run: () => activateDueApplications() },
  { name: "auto-confirm", run: () => autoConfirmReceipts() },
  { name: "aftersales-escalation", run: () => escalateOverdueClaims() },
  // The storefront's "帮扶最需要的农户" ranking, rebuilt when older than ten minutes (issue 21).
  { name: "reach-ranking", run: () => refreshReachPotentialIfStale() },
];

export function startBackgroundSweeps(everySeconds = getEnv().SWEEP_INTERVAL_SECONDS): () => Promise<void> {
  const onError = (name: string, error: unknown) => console.error(`${name} sweep failed`, error);
  // Once: the demo gallery's card pictures, rendered ahead of the first visitors (decision 091).
  warmDemoImages().catch((error) => console.error("demo picture warm-up failed", error));
  const stopDelivery = startNotificationDelivery(everySeconds * 1000);
  const url = getEnv().DATABASE_URL;
  const local = () => startLocalSweeps(BACKGROUND_SWEEPS, everySeconds * 1000, onError);
  if (!url?.startsWith("postgres")) {
    const sweeps = local();
    return async () => {
      stopDelivery();
      await sweeps.stop();
    };
  }
  const runner = startQueuedSweeps({
    connectionString: url,
    sweeps: BACKGROUND_SWEEPS,
    everySeconds,
    onError,
  }).catch((error) => {
    // The sweeps are idempotent: if the queue cannot start, sweeping in this process is still right.
    console.error("sweep queue failed to start; sweeping in this process", error);
    return local();
  });
  return async () => {
    stopDelivery();
    await (await runner).stop();
  };
}

/**
 * Notification delivery (decision 092): polled more often than the other sweeps, and nudged a moment
 * after a transaction writes to the outbox; row locks (SKIP LOCKED) keep several processes apart.
 */
function startNotificationDelivery(everyMs: number) {
  const deliver = () => {
    deliverNotificationsSweep().catch((error) => console.error("notification delivery failed", error));
  };
  const timer = setInterval(deliver, Math.min(everyMs, 5_000));
  timer.unref();
  setDeliveryNudge(deliver);
  void deliver();
  return () => {
    clearInterval(timer);
    setDeliveryNudge(null);
  };
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
  const crawler = isbot(request.headers.get("user-agent") || "");
  const abort = new AbortController();
  // Cleared once everything is rendered: an abort after that would close the stream twice (throws).
  const timer = setTimeout(() => abort.abort(), ABORT_DELAY);
  let shellRendered = false;
  // Rejects when the shell fails (Remix then renders its error document).
  const rendering = renderToReadableStream(
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
    </NonceProvider>,
    {
      nonce,
      signal: abort.signal,
      onError(error: unknown) {
        responseStatusCode = 500;
        if (shellRendered) console.error(error);
      },
    },
  );
  rendering.then(
    (body) => body.allReady.finally(() => clearTimeout(timer)).catch(() => {}),
    () => clearTimeout(timer),
  );
  return rendering.then(async (body) => {
    shellRendered = true;
    // Crawlers get the whole document at once (no streamed Suspense fallbacks).
    if (crawler) await body.allReady;
    responseHeaders.set("Content-Type", "text/html; charset=utf-8");
    responseHeaders.set("Content-Security-Policy", contentSecurityPolicy(nonce));
    return new Response(body.pipeThrough(coalesceChunks()), {
      headers: responseHeaders,
      status: responseStatusCode,
    });
  });
}
