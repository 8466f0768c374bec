// Global setup/teardown of `npm run test:reliability`: starts with no figures, ends by printing
// the table of figures and writing it to reliability-results/latest.md.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { FIGURES_DIR } from "./figures";

type Figure = { section: string; label: string; value: number };

export default function setup() {
  rmSync(FIGURES_DIR, { recursive: true, force: true });
  return () => {
    if (!existsSync(FIGURES_DIR)) return;
    const sums = new Map<string, Figure>();
    for (const file of readdirSync(FIGURES_DIR)) {
      for (const line of readFileSync(`${FIGURES_DIR}/${file}`, "utf8").split("\n").filter(Boolean)) {
        const f = JSON.parse(line) as Figure;
        const key = `${f.section}\u0000${f.label}`;
        const seen = sums.get(key);
        sums.set(key, seen ? { ...seen, value: seen.value + f.value } : f);
      }
    }
    const rows = [...sums.values()].sort((a, b) => a.section.localeCompare(b.section));
    const table = [
      "| area | figure | value |",
      "|---|---|---:|",
      ...rows.map(
        (f) => `| ${f.section} | ${f.label} | ${Number.isInteger(f.value) ? f.value : f.value.toFixed(1)} |`,
      ),
    ].join("\n");
    const engine = process.env.DATABASE_URL?.startsWith("postgres") ? "PostgreSQL" : "PGlite";
    const text = `# Reliability figures\n\n${new Date().toISOString()} · ${engine}\n\n${table}\n`;
    mkdirSync("reliability-results", { recursive: true });
    writeFileSync("reliability-results/latest.md", text);
    console.log(`\n${text}`);
  };
}
