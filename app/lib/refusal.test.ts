import { describe, expect, it } from "vitest";
import { refusalStatus } from "./refusal";

describe("refusalStatus", () => {
  it("maps who-may-not, not-there, conflicts and bad input", () => {
    expect(refusalStatus("forbidden", ["forbidden"])).toBe(403);
    expect(refusalStatus("not_found")).toBe(404);
    expect(refusalStatus("already_decided", ["already_decided"])).toBe(409);
    expect(refusalStatus("already_decided")).toBe(400);
    expect(refusalStatus("reason_required", ["wrong_status"])).toBe(400);
  });
});
