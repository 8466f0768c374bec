import { describe, expect, it } from "vitest";
import { formatSeason, seasonRuns } from "./season";

describe("season", () => {
  it("groups months into runs, wrapping over the new year", () => {
    expect(seasonRuns([6, 7, 8, 9])).toEqual([[6, 9]]);
    expect(seasonRuns([10, 11, 12, 1, 2, 3])).toEqual([[10, 3]]);
    expect(seasonRuns([5, 9, 10])).toEqual([
      [5, 5],
      [9, 10],
    ]);
    expect(seasonRuns([])).toEqual([]);
  });

  it("says it in Chinese and English", () => {
    expect(formatSeason([6, 7, 8, 9], "zh").text).toBe("6–9月");
    expect(formatSeason([11, 12, 1, 2], "zh").text).toBe("11月–次年2月");
    expect(formatSeason([5, 9, 10], "zh").text).toBe("5月、9–10月");
    expect(formatSeason([11, 12, 1, 2], "en").text).toBe("Nov–Feb");
    expect(
      formatSeason(
        Array.from({ length: 12 }, (_, i) => i + 1),
        "zh",
      ),
    ).toEqual({ allYear: true, text: null });
    expect(formatSeason([], "zh")).toEqual({ allYear: false, text: null });
  });
});
