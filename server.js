// The production server: checks settings, migrates (and seeds the embedded demo database on first
// start) before listening, serves the fingerprinted assets as immutable, and closes the database
// on shutdown so the embedded PGlite directory is left clean.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { createRequestHandler as createFetchHandler } from "@remix-run/node";
import compression from "compression";
import express from "express";

// `npm start` and `node server.js` serve in production mode unless told otherwise (`npm run dev`
// sets development): React's production build, no stack traces or SQL in error answers, a Secure
// session cookie. Set before the build is imported, since React picks its build on first import.
process.env.NODE_ENV ??= "production";

// BUILD_DIR (see remix.config.js) lets several builds live side by side on one machine.
const buildDir = process.env.BUILD_DIR ?? "build";
const assetsDir = process.env.BUILD_DIR ? `${buildDir}/assets` : "public/build";
if (!existsSync(`${buildDir}/index.js`)) {
  console.error("No build found: run `npm run build` (or `npm start`, which builds first).");
  process.exit(1);
}
const build = await import(pathToFileURL(resolve(buildDir, "index.js")).href);
const entry = build.entry.module;

let prepared;
try {
  prepared = await entry.prepareServer();
} catch (error) {
  console.error(error?.name === "EnvError" ? error.message : error);
  process.exit(1);
}
const { env } = prepared;

const app = express();
app.disable("x-powered-by");
// Behind a reverse proxy on the same machine, the client's address comes from X-Forwarded-For
// (the login throttle counts per address); from anywhere else the header is ignored.
app.set("trust proxy", "loopback");
// Security headers on every response; a CSP nonce per request for the document's inline scripts;
// state-changing requests from another site refused before any action runs (CSRF).
app.use((req, res, next) => {
  res.set(entry.SECURITY_HEADERS);
  res.locals.cspNonce = entry.createCspNonce();
  const refusal = entry.crossSiteRefusal({
    method: req.method,
    path: req.path,
    host: req.get("host"),
    origin: req.get("origin"),
    secFetchSite: req.get("sec-fetch-site"),
  });
  if (refusal) {
    res
      .status(403)
      .type("text/plain; charset=utf-8")
      .send(`跨站请求已拒绝 · Cross-site request refused (${refusal})`);
    return;
  }
  // Control characters in the path or a query value never reach a loader (PostgreSQL refuses NUL).
  const badUrl = entry.urlInputRefusal(req.originalUrl);
  if (badUrl) {
    res.status(badUrl.status).type("text/plain; charset=utf-8").send(badUrl.message);
    return;
  }
  next();
});
// An answer given before the request body was read (an upload over its limit answered 413): the
// rest of the body is read and thrown away, so the browser, which sends the whole body before it
// reads the answer, gets the 413 and its form rather than a reset connection. Beyond 64 MB the
// connection is cut: nobody legitimately pushes that much past a refusal.
const MAX_DISCARDED_BYTES = 64 * 1024 * 1024;
app.use((req, res, next) => {
  res.once("finish", () => {
    if (req.complete || req.destroyed) return;
    let discarded = 0;
    req.removeAllListeners("data");
    req.on("data", (chunk) => {
      discarded += chunk.length;
      if (discarded > MAX_DISCARDED_BYTES) req.destroy();
    });
    req.resume();
  });
  next();
});
// Brotli (quality 4, the package's default for on-the-fly work) or gzip for HTML, JS, CSS, JSON,
// SVG…; not for images or XLSX. Streaming documents stay streamed: Remix's Express adapter calls
// res.flush() (added by compression) after every chunk React hands it.
app.use(compression());
app.use("/build", express.static(assetsDir, { immutable: true, maxAge: "1y" }));
// Anonymous storefront pages (no cookie but the language) from the page cache: rendered once per
// short interval, then served stale while refreshed in the background, each answer with its own
// nonce (app/lib/page-cache.server.ts, decisions 059 and 146).
const renderPage = createFetchHandler(build, env.NODE_ENV);
app.get("*", (req, res, next) => {
  const key = entry.anonymousPageKey({ method: req.method, url: req.originalUrl, cookie: req.get("cookie") });
  if (!key) return next();
  const render = (nonce) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      for (const one of [value].flat()) if (one !== undefined) headers.append(name, one);
    }
    const url = new URL(req.originalUrl, `${req.protocol}://${req.get("host")}`);
    return renderPage(new Request(url, { headers }), { cspNonce: nonce, clientIp: req.ip });
  };
  entry
    .serveAnonymousPage(key, res.locals.cspNonce, render)
    .then((page) => {
      res.status(page.status);
      for (const [name, value] of page.headers) res.append(name, value);
      res.send(page.body);
    })
    .catch(next);
});
// After the page cache: none of its paths is a file in public/, and a cached answer then costs no
// file-system lookup.
app.use(express.static("public", { maxAge: "1h" }));
app.all(
  "*",
  createRequestHandler({
    build,
    mode: env.NODE_ENV,
    getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce, clientIp: req.ip }),
  }),
);

const server = app.listen(env.PORT, env.HOST, () => {
  console.log(
    `消费帮扶 storefront on http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${env.PORT}` +
      ` (database ready in ${prepared.ms} ms${prepared.seeded ? ", demo data seeded" : ""})`,
  );
});

// Idle keep-alive connections stay open 65 s (Node's default: 5 s, plus 1 s of grace). A client
// that keeps idle connections longer than the server and reuses one just as the server closes it
// gets a reset (ECONNRESET) and its request is lost: nginx keeps upstream connections 60 s (the
// cluster's proxy: a POST is not retried, the user sees 502), Node's http.Agent without a `timeout`
// (Playwright's request context) keeps them until the server closes them. 65 s outlasts both.
server.keepAliveTimeout = 65_000;

const stopSweeps = entry.startBackgroundSweeps();

let closing = false;
async function shutdown(signal) {
  if (closing) return;
  closing = true;
  console.log(`${signal}: closing`);
  await stopSweeps().catch((e) => console.error(e));
  server.close();
  await entry.closeDatabase().catch((e) => console.error(e));
  process.exit(0);
}
process.on("SIGINT", () => shutdown("SIGINT"));
process.on("SIGTERM", () => shutdown("SIGTERM"));
