// Business dates are Asia/Shanghai dates (DESIGN.md §3 "Time").
//
// Asia/Shanghai has kept UTC+8 without summer time since 1991-09-15 (IANA tz), so from 1992 its wall
// clock is UTC's eight hours on: plain arithmetic, the same text on the server and in the browser.
// Not Intl for those: a page's first Intl formatter loads the browser's locale and time-zone data,
// 40–170 ms of main thread on a phone-class CPU while the page hydrates (issue 22). Earlier instants
// (the summers of 1986–1991 were UTC+9) and years past 9999 still go through Intl, created on first use.
const EIGHT_HOURS = 8 * 3600_000;
const FIXED_FROM = Date.UTC(1992, 0, 1) - EIGHT_HOURS;
const FIXED_UNTIL = Date.UTC(10000, 0, 1) - EIGHT_HOURS;

/** "2026-11-22T18:05:07" (Asia/Shanghai wall clock), or null outside 1992–9999 and for an invalid date. */
function wallClock(at: Date): string | null {
  const t = at.getTime();
  return t >= FIXED_FROM && t < FIXED_UNTIL ? new Date(t + EIGHT_HOURS).toISOString().slice(0, 19) : null;
}

const toTheMinute = {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
} as const;
let intl: { day: Intl.DateTimeFormat; minute: Intl.DateTimeFormat; second: Intl.DateTimeFormat } | undefined;
function intlFormats() {
  intl ??= {
    day: new Intl.DateTimeFormat("en-CA", {
      timeZone: "Asia/Shanghai",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    }),
    minute: new Intl.DateTimeFormat("zh-CN", { ...toTheMinute, hour12: false }),
    second: new Intl.DateTimeFormat("en-CA", { ...toTheMinute, second: "2-digit", hourCycle: "h23" }),
  };
  return intl;
}

/** 2026-11-22 (the Asia/Shanghai calendar date of `at`). */
export function shanghaiDate(at: Date): string {
  return wallClock(at)?.slice(0, 10) ?? intlFormats().day.format(at);
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
  const date = typeof at === "string" ? new Date(at) : at;
  const wall = wallClock(date);
  return wall
    ? `${wall.slice(0, 10).replace(/-/g, "/")} ${wall.slice(11, 16)}`
    : intlFormats().minute.format(date);
}

/** 2026-12-03 15:40:12 (Asia/Shanghai, to the second): the same text on the server and in the browser. */
export function formatShanghaiSeconds(at: Date | string): string {
  const date = typeof at === "string" ? new Date(at) : at;
  const wall = wallClock(date);
  if (wall) return wall.replace("T", " ");
  const parts = Object.fromEntries(
    intlFormats()
      .second.formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isIsoDate(value: string | null | undefined): value is string {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
