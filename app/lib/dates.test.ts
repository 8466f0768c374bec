import { describe, expect, it } from "vitest";
import {
  formatShanghaiDateTime,
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

  it("write what Intl writes for Asia/Shanghai, summer time of 1986–1991 included", () => {
    const day = new Intl.DateTimeFormat("en-CA", {
      timeZone: "Asia/Shanghai",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    const minute = new Intl.DateTimeFormat("zh-CN", {
      timeZone: "Asia/Shanghai",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hour12: false,
    });
    const instants = [
      "1988-06-01T03:00:00Z", // UTC+9 that summer
      "1991-09-14T16:30:00Z",
      "1991-12-31T15:59:59Z",
      "1991-12-31T16:00:00Z",
      "2000-02-29T16:00:00Z",
      "2026-11-21T16:05:00Z",
      "2026-12-31T15:59:59Z",
      "2038-01-19T03:14:08Z",
    ].map((iso) => new Date(iso));
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2028, 0, 1); t += 7 * 3600_000 + 61_000)
      instants.push(new Date(t));
    for (const at of instants) {
      expect(shanghaiDate(at)).toBe(day.format(at));
      expect(formatShanghaiDateTime(at)).toBe(minute.format(at));
    }
    expect(formatShanghaiSeconds("1988-06-01T03:00:00Z")).toBe("1988-06-01 12:00:00");
  });

  it("refuse an invalid date as Intl does", () => {
    expect(() => shanghaiDate(new Date("nope"))).toThrow(RangeError);
  });
});
