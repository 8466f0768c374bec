import { PassThrough } from "node:stream";
import type { EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { closeDatabase, prepareDatabase } from "./lib/db.server";
import { getEnv } from "./lib/env.server";
import { releaseExpiredOrders } from "./models/checkout.server";

const ABORT_DELAY = 5_000;

/** Called by server.js before it listens: settings, migrations, first-start seed. */
export async function prepareServer() {
  const env = getEnv();
  const started = Date.now();
  const { seeded } = await prepareDatabase();
  return { env, seeded, ms: Date.now() - started };
}

export { closeDatabase };

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
) {
  const readyEvent = isbot(request.headers.get("user-agent") || "") ? "onAllReady" : "onShellReady";
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />,
      {
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          responseHeaders.set("X-Content-Type-Options", "nosniff");
          responseHeaders.set("Referrer-Policy", "strict-origin-when-cross-origin");
          responseHeaders.set("X-Frame-Options", "DENY");
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
