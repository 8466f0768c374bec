// Figures the reliability suite reports (load held, faults survived, bad inputs tried, orders
// lost, leaks). Test files run in separate processes, so each appends lines to a shared folder;
// the suite's teardown (tests/reliability/report.ts) adds them up and prints the table.
import { appendFileSync, mkdirSync } from "node:fs";

export const FIGURES_DIR = ".cache/reliability-figures";

export function recordFigure(section: string, label: string, value: number) {
  mkdirSync(FIGURES_DIR, { recursive: true });
  appendFileSync(`${FIGURES_DIR}/${process.pid}.jsonl`, `${JSON.stringify({ section, label, value })}\n`);
}
