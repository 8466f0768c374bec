// "6–9月", "10月–次年3月", "Oct–Mar": the months a product is in season, as runs of months.
import type { Locale } from "~/lib/i18n";

const EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Runs of consecutive months (December wraps into January), e.g. [[10, 3]] for Oct–Mar. */
export function seasonRuns(months: readonly number[]): [number, number][] {
  const set = new Set(months.filter((m) => Number.isInteger(m) && m >= 1 && m <= 12));
  if (set.size === 0) return [];
  if (set.size === 12) return [[1, 12]];
  const prev = (m: number) => (m === 1 ? 12 : m - 1);
  const next = (m: number) => (m === 12 ? 1 : m + 1);
  const runs: [number, number][] = [];
  for (let m = 1; m <= 12; m++) {
    if (!set.has(m) || set.has(prev(m))) continue; // not the start of a run
    let end = m;
    while (set.has(next(end))) end = next(end);
    runs.push([m, end]);
  }
  return runs;
}

/** The season in words; null when the product has no season (or every month: see allYear). */
export function formatSeason(
  months: readonly number[],
  locale: Locale,
): { allYear: boolean; text: string | null } {
  const runs = seasonRuns(months);
  if (runs.length === 1 && runs[0][0] === 1 && runs[0][1] === 12) return { allYear: true, text: null };
  if (runs.length === 0) return { allYear: false, text: null };
  const text = runs
    .map(([from, to]) => {
      if (locale === "en")
        return from === to ? EN_MONTHS[from - 1] : `${EN_MONTHS[from - 1]}–${EN_MONTHS[to - 1]}`;
      if (from === to) return `${from}月`;
      return from < to ? `${from}–${to}月` : `${from}月–次年${to}月`;
    })
    .join(locale === "en" ? ", " : "、");
  return { allYear: false, text };
}
