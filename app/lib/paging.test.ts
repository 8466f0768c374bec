import { describe, expect, it } from "vitest";
import { pageCountOf, pageOf } from "./paging";

describe("pageOf", () => {
  it("keeps the requested page within 1…pageCount", () => {
    expect(pageOf(45, 20, 2)).toEqual({ page: 2, pageCount: 3, offset: 20 });
    expect(pageOf(45, 20, 99)).toEqual({ page: 3, pageCount: 3, offset: 40 });
    expect(pageOf(45, 20, -4)).toEqual({ page: 1, pageCount: 3, offset: 0 });
    expect(pageOf(45, 20, 2.7).page).toBe(2);
  });

  it("reads anything that is not a number as page 1, and an empty list has one page", () => {
    expect(pageOf(45, 20, Number.NaN).page).toBe(1);
    expect(pageOf(45, 20, "abc").page).toBe(1);
    expect(pageOf(45, 20, undefined).page).toBe(1);
    expect(pageOf(0, 20, 3)).toEqual({ page: 1, pageCount: 1, offset: 0 });
    expect(pageCountOf(0, 20)).toBe(1);
    expect(pageCountOf(41, 20)).toBe(3);
  });
});
