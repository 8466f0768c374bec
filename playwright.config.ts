import { defineConfig, devices } from "@playwright/test";
import { chinaPayServerEnv } from "./tests/support/china-pay-e2e";

// End-to-end against the built app (`npm run build` first), served by server.js on its own
// port. Embedded runs get a fresh PGlite directory each time; with DATABASE_URL the server uses
// that database and seeds it when empty. Browsers cannot be downloaded here: Debian's Chromium.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const DATA_DIR = process.env.E2E_PORT ? `.cache/e2e-data-${PORT}` : ".cache/e2e-data";
const usesPostgres = process.env.DATABASE_URL?.startsWith("postgres");
// The run's mailbox (tests/support/e2e-mailbox.ts, started by globalSetup): a real local SMTP server
// the app sends its e-mail to; specs read what it received.
const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? PORT + 9);
// The every-page × every-role sweep (tests/e2e/sweep.spec.ts) runs in `npm test` on both projects
// (390 and 1280 px). The desktop sweep's town official once waited minutes on a page: a village's
// statements PDF of 30,000 imported households held the server; now printed in volumes (decision 147).
const SHOPPER_JOURNEYS =
  /(phone|storefront|purchase|address-book|aftersales|aftersales-clock|reviews|checkout-stock|account|transfer|trust|hydration|sweep)\.spec\.ts$/;

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  globalSetup: "./tests/support/e2e-mailbox.ts",
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: "zh-CN",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    // The phone runs the shopper's journeys (a shopper on a phone is the common case); the staff,
    // officials' and institutions' portals run on desktop, and their phone layout is checked by
    // phone.spec and the sweep. Running every spec on both doubled CI time for little more cover.
    // The cluster journey starts its own processes and proxy: once, on desktop; the after-sales
    // clock journey starts a server of its own: once, on the phone. The Alipay and WeChat Pay
    // journey opens its own phone-sized context: desktop only. The deposit pre-sale journey changes
    // a shared demo variant for a moment: once, on desktop.
    {
      name: "mobile",
      use: { ...devices["Pixel 7"], browserName: "chromium" },
      testMatch: SHOPPER_JOURNEYS,
    },
    {
      name: "desktop",
      use: { ...devices["Desktop Chrome"], browserName: "chromium" },
      testIgnore: [/a11y\.spec|aftersales-clock\.spec/],
    },
    // Sets its own viewport widths (390 and 1280 px) for the screenshots.
    { name: "a11y", use: { ...devices["Desktop Chrome"], browserName: "chromium" }, testMatch: /a11y\.spec/ },
  ],
  webServer: {
    command: usesPostgres ? "node server.js" : `rm -rf ${DATA_DIR} && node server.js`,
    url: `http://127.0.0.1:${PORT}/healthz`,
    // A first start seeds the demo history (app/models/demo): about half a minute on an idle
    // machine, minutes on a loaded one.
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(PORT),
      HOST: "127.0.0.1",
      DATA_DIR,
      NODE_ENV: "production",
      SEED_DEMO_DATA: "1",
      // Alipay and WeChat Pay against the fakes tests/e2e/china-pay.spec.ts starts on fixed ports.
      ...chinaPayServerEnv(PORT),
      SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
      // A new supplier's 公示 lasts 43 s here, so the onboarding journey sees it end and the supplier
      // sell (tests/e2e/onboarding.spec.ts); no other spec keeps an application under notice.
      SUPPLIER_NOTICE_DAYS: "0.0005",
      ...(usesPostgres
        ? {
            SESSION_SECRET: "e2e-session-secret-0123456789abcdef0123456789",
            PII_KEY: "1f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
          }
        : {}),
    },
  },
});
