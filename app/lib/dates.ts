// Business dates are Asia/Shanghai dates (DESIGN.md §3 "Time").
const shanghaiDay = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});
const toTheMinute = {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
} as const;
const shanghaiDateTime = new Intl.DateTimeFormat("zh-CN", { ...toTheMinute, hour12: false });

/** 2026-11-22 (the Asia/Shanghai calendar date of `at`). */
export function shanghaiDate(at: Date): string {
  return shanghaiDay.format(at);
}

/** The Asia/Shanghai calendar year of `at`. */
export function shanghaiYear(at: Date = new Date()): number {
  return Number(shanghaiDate(at).slice(0, 4));
}

/** Year and month (1–12) of `at` in Asia/Shanghai. */
export function shanghaiYearMonth(at: Date): { year: number; month: number } {
  const [year, month] = shanghaiDate(at).split("-").map(Number);
  return { year, month };
}

/** `at`'s Asia/Shanghai month ("2026-11"), its first day and the next month's first day (YYYY-MM-DD). */
export function shanghaiMonthBounds(at: Date): { month: string; from: string; to: string } {
  const { year: y, month: m } = shanghaiYearMonth(at);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
  const month = `${y}-${String(m).padStart(2, "0")}`;
  return { month, from: `${month}-01`, to: `${next}-01` };
}

/** 2026/11/22 18:05, for display. */
export function formatShanghaiDateTime(at: Date | string): string {
  return shanghaiDateTime.format(typeof at === "string" ? new Date(at) : at);
}

const shanghaiSeconds = new Intl.DateTimeFormat("en-CA", {
  ...toTheMinute,
  second: "2-digit",
  hourCycle: "h23",
});

/** 2026-12-03 15:40:12 (Asia/Shanghai, to the second): the same text on the server and in the browser. */
export function formatShanghaiSeconds(at: Date | string): string {
  const parts = Object.fromEntries(
    shanghaiSeconds.formatToParts(typeof at === "string" ? new Date(at) : at).map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isIsoDate(value: string | null | undefined): value is string {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
