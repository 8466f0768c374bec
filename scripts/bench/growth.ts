// npm run bench:growth — how each figure grows with the data (issue 22): reads the reports that
// `npm run bench` wrote at BENCH_SCALE medium (100k paid orders), large (300k) and full (1M) and
// writes bench-results/growth.md. Each run is its own machine state (the machine is shared), so
// the table compares ratios to the trivial route of the same run, and absolute milliseconds only
// where nothing else exists (the dashboard's model calls, the place-order p95).
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const RUNS = [
  { scale: "medium", file: "bench-results/latest-medium.json" },
  { scale: "large", file: "bench-results/latest-large.json" },
  { scale: "full", file: "bench-results/latest.json" },
] as const;

type Result = { rps: number; p50: number; p95: number };
type Row = { name: string; result: Result & { connections: number }; ratio?: number };
type Period = { label: string; p95: number };
type Report = {
  date: string;
  machine: string;
  requests: { at32: Row[]; at4: Row[] };
  dashboard: { model?: { p95: number }; otherPeriods?: Period[]; error?: string };
  generator: { elapsedSeconds: number; totals: { paidOrders: number; ledgerEntries: number } } | null;
  database: { bytes: number; counts: Record<string, number> };
  lighthouse?: { label: string; scores: { performance: number } }[] | { error: string };
};

const present = RUNS.filter((r) => existsSync(r.file)).map((r) => ({
  ...r,
  report: JSON.parse(readFileSync(r.file, "utf8")) as Report,
}));
if (present.length === 0) {
  console.error("No bench report found: run `BENCH_SCALE=medium npm run bench` (and large, full) first.");
  process.exit(1);
}

const fmt = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? "—" : String(v));
/** First value / last value: how many times the figure changed from the smallest to the largest data set. */
function growth(values: (number | undefined)[]): string {
  const known = values.filter((v): v is number => typeof v === "number" && v > 0);
  if (known.length < 2) return "—";
  return `${Math.round((known[known.length - 1] / known[0]) * 100) / 100}×`;
}

const lines: string[] = [
  "# Growth with the data (npm run bench:growth)",
  "",
  "Each column is one `npm run bench` run (its own date and machine load, below). Ratios are req/s ÷ the trivial route's req/s in the same run; a ratio that holds while the data grows tenfold means the page does not scan the data.",
  "",
  "| run | date | paid orders | ledger entries | database GB | generation s |",
  "|---|---|---:|---:|---:|---:|",
];
for (const { scale, report: r } of present)
  lines.push(
    `| ${scale} | ${r.date} | ${(r.generator?.totals.paidOrders ?? r.database.counts.paid_orders ?? 0).toLocaleString("en")} | ${(r.generator?.totals.ledgerEntries ?? r.database.counts.ledger_entries ?? 0).toLocaleString("en")} | ${Math.round((r.database.bytes / 2 ** 30) * 10) / 10} | ${r.generator ? Math.round(r.generator.elapsedSeconds) : "—"} |`,
  );

const head = `| figure | ${present.map((p) => p.scale).join(" | ")} | last ÷ first |`;
const rule = `|---|${present.map(() => "---:").join("|")}|---:|`;
function table(title: string, rows: { figure: string; values: (number | undefined)[] }[]) {
  lines.push("", `## ${title}`, "", head, rule);
  for (const row of rows)
    lines.push(`| ${row.figure} | ${row.values.map(fmt).join(" | ")} | ${growth(row.values)} |`);
}

// The filtered catalogue picks a category of its own data set: one row whatever the category.
const key = (name: string) => name.replace(/category=[^&]+/, "category=…");
const names = [...new Set(present.flatMap((p) => p.report.requests.at32.map((x) => key(x.name))))];
const at = (r: Report, list: "at32" | "at4", name: string) =>
  r.requests[list].find((x) => key(x.name) === name);
table(
  "Throughput ratio at 32 clients",
  names.map((name) => ({ figure: name, values: present.map((p) => at(p.report, "at32", name)?.ratio) })),
);
table(
  "p95 ms at 4 clients",
  [...new Set(present.flatMap((p) => p.report.requests.at4.map((x) => key(x.name))))].map((name) => ({
    figure: name,
    values: present.map((p) => at(p.report, "at4", name)?.result.p95),
  })),
);
const periods = [
  ...new Set(present.flatMap((p) => (p.report.dashboard.otherPeriods ?? []).map((o) => o.label))),
];
table("Official dashboard, p95 ms (model call)", [
  { figure: "year", values: present.map((p) => p.report.dashboard.model?.p95) },
  ...periods.map((label) => ({
    figure: label,
    values: present.map((p) => p.report.dashboard.otherPeriods?.find((o) => o.label === label)?.p95),
  })),
]);
const pages = [
  ...new Set(
    present.flatMap((p) =>
      Array.isArray(p.report.lighthouse) ? p.report.lighthouse.map((l) => l.label) : [],
    ),
  ),
];
if (pages.length)
  table(
    "Lighthouse mobile performance",
    pages.map((page) => ({
      figure: page,
      values: present.map((p) =>
        Array.isArray(p.report.lighthouse)
          ? p.report.lighthouse.find((l) => l.label === page)?.scores.performance
          : undefined,
      ),
    })),
  );
lines.push("", "Machines:", "", ...present.map((p) => `- ${p.scale}: ${p.report.machine}`), "");
writeFileSync("bench-results/growth.md", lines.join("\n"));
console.log(lines.join("\n"));
