import { describe, expect, it } from "vitest";
import { shanghaiDate } from "./dates";

describe("shanghaiDate", () => {
  it("uses the Asia/Shanghai calendar, not UTC", () => {
    expect(shanghaiDate(new Date("2026-11-22T15:59:59Z"))).toBe("2026-11-22");
    expect(shanghaiDate(new Date("2026-11-22T16:00:00Z"))).toBe("2026-11-23");
  });
});
