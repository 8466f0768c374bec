// `npm run bench`, Lighthouse (issue 22): the mobile performance, accessibility and best-practices
// scores of a few anonymous pages, with `lighthouse` from npm (decision 116) driving Debian's Chromium
// headless (the flags of playwright.config.ts) through chrome-launcher. Lighthouse's default config
// is the mobile one: a Moto G Power-sized screen, simulated slow 4G and a 4× slower CPU. One fresh
// Chromium per run (no cache, no cookies); BENCH_LIGHTHOUSE_RUNS runs per page (default 3), the median
// run reported as Lighthouse picks it. Each page's audits that did not pass are kept by name,
// so a missed score says why. The whole reports go to .cache/bench-lighthouse/ (not committed).
import { mkdirSync, writeFileSync } from "node:fs";
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { type Result } from "lighthouse";
import { computeMedianRun, filterToValidRuns } from "lighthouse/core/lib/median-run.js";

export const CHROME_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const CATEGORIES = ["performance", "accessibility", "best-practices"] as const;
const METRICS = [
  "first-contentful-paint",
  "largest-contentful-paint",
  "total-blocking-time",
  "cumulative-layout-shift",
  "speed-index",
] as const;

export type LighthousePage = {
  label: string;
  path: string;
  /** 0–100 per category (null: the category did not run). */
  scores: Record<(typeof CATEGORIES)[number], number | null>;
  /** Milliseconds (CLS: unitless). */
  metrics: Record<string, number | null>;
  /** Audits that did not pass, worst first: id, score (0–100) and, for numeric ones, what was measured. */
  failing: { category: string; id: string; title: string; score: number | null; value?: string }[];
  runtimeError?: string;
  warnings: string[];
  /** The performance score of every run (the scores above are the median run's). */
  performanceRuns: (number | null)[];
};

export async function runLighthouse(
  baseUrl: string,
  pages: { label: string; path: string }[],
  options: { chromePath?: string; reportDir?: string; runs?: number } = {},
): Promise<LighthousePage[]> {
  const reportDir = options.reportDir ?? ".cache/bench-lighthouse";
  mkdirSync(reportDir, { recursive: true });
  const out: LighthousePage[] = [];
  const runs = Math.max(1, options.runs ?? 1);
  for (const page of pages) {
    try {
      // Each run in a fresh Chromium (no cache, no cookies); the run Lighthouse itself calls the median
      // one (closest to the median FCP and TTI) is reported, with every run's performance score beside it.
      const lhrs: Result[] = [];
      for (let i = 0; i < runs; i++) {
        const chrome = await chromeLauncher.launch({
          chromePath: options.chromePath ?? process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          chromeFlags: CHROME_FLAGS,
        });
        try {
          const result = await lighthouse(`${baseUrl}${page.path}`, {
            port: chrome.port,
            output: "json",
            logLevel: "error",
            onlyCategories: [...CATEGORIES],
          });
          if (!result) throw new Error("lighthouse returned nothing");
          lhrs.push(result.lhr);
        } finally {
          chrome.kill();
        }
      }
      const valid = filterToValidRuns(lhrs);
      const lhr = valid.length ? computeMedianRun(valid) : lhrs[0];
      const performanceRuns = lhrs.map((r) =>
        typeof r.categories.performance?.score === "number"
          ? Math.round(r.categories.performance.score * 100)
          : null,
      );
      writeFileSync(`${reportDir}/${page.label.replace(/[^\w-]+/g, "_")}.json`, JSON.stringify(lhr));
      const scores = Object.fromEntries(
        CATEGORIES.map((c) => {
          const score = lhr.categories[c]?.score;
          return [c, typeof score === "number" ? Math.round(score * 100) : null];
        }),
      ) as LighthousePage["scores"];
      const metrics = Object.fromEntries(
        METRICS.map((m) => {
          const v = lhr.audits[m]?.numericValue;
          return [
            m,
            typeof v === "number"
              ? Math.round(v * (m === "cumulative-layout-shift" ? 1000 : 1)) /
                (m === "cumulative-layout-shift" ? 1000 : 1)
              : null,
          ];
        }),
      );
      const failing: LighthousePage["failing"] = [];
      for (const c of CATEGORIES) {
        for (const ref of lhr.categories[c]?.auditRefs ?? []) {
          const audit = lhr.audits[ref.id];
          if (!audit || audit.score === null || audit.score >= 0.9) continue;
          if (["notApplicable", "informative", "manual"].includes(audit.scoreDisplayMode)) continue;
          // Performance: only what weighs in the score or what Lighthouse flags as an opportunity.
          if (c === "performance" && ref.weight === 0 && audit.details?.type !== "opportunity") continue;
          failing.push({
            category: c,
            id: audit.id,
            title: audit.title,
            score: Math.round(audit.score * 100),
            value: audit.displayValue || undefined,
          });
        }
      }
      failing.sort((a, b) => (a.score ?? 0) - (b.score ?? 0));
      out.push({
        label: page.label,
        path: page.path,
        scores,
        metrics,
        failing,
        runtimeError: lhr.runtimeError?.message,
        warnings: lhr.runWarnings,
        performanceRuns,
      });
    } catch (error) {
      out.push({
        label: page.label,
        path: page.path,
        scores: { performance: null, accessibility: null, "best-practices": null },
        metrics: {},
        failing: [],
        runtimeError: error instanceof Error ? error.message : String(error),
        warnings: [],
        performanceRuns: [],
      });
    }
  }
  return out;
}
