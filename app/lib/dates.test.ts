import { describe, expect, it } from "vitest";
import {
  formatShanghaiSeconds,
  shanghaiDate,
  shanghaiMonthBounds,
  shanghaiYear,
  shanghaiYearMonth,
} from "./dates";

describe("Asia/Shanghai dates", () => {
  it("use the Asia/Shanghai calendar, not UTC", () => {
    expect(shanghaiDate(new Date("2026-11-22T15:59:59Z"))).toBe("2026-11-22");
    expect(shanghaiDate(new Date("2026-11-22T16:00:00Z"))).toBe("2026-11-23");
  });

  it("give the year, the month and the month's bounds across a year end", () => {
    const newYear = new Date("2026-12-31T16:30:00Z"); // already 2027-01-01 in Asia/Shanghai
    expect(shanghaiYear(newYear)).toBe(2027);
    expect(shanghaiYearMonth(newYear)).toEqual({ year: 2027, month: 1 });
    expect(shanghaiMonthBounds(new Date("2026-12-15T04:00:00Z"))).toEqual({
      month: "2026-12",
      from: "2026-12-01",
      to: "2027-01-01",
    });
  });

  it("write an instant to the second in Beijing time, midnight as 00", () => {
    expect(formatShanghaiSeconds("2026-12-03T07:40:12.345Z")).toBe("2026-12-03 15:40:12");
    expect(formatShanghaiSeconds(new Date("2026-12-31T16:00:05Z"))).toBe("2027-01-01 00:00:05");
  });
});
