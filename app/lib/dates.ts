// Business dates are Asia/Shanghai dates (DESIGN.md §3 "Time").
const shanghaiDay = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" });
const shanghaiDateTime = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});

/** 2026-11-22 (the Asia/Shanghai calendar date of `at`). */
export function shanghaiDate(at: Date): string {
  return shanghaiDay.format(at);
}

/** 2026/11/22 18:05, for display. */
export function formatShanghaiDateTime(at: Date | string): string {
  return shanghaiDateTime.format(typeof at === "string" ? new Date(at) : at);
}
