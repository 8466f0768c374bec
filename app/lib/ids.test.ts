import { describe, expect, it } from "vitest";
import { IdSchema, isUuid } from "./ids";

describe("one id check", () => {
  it("accepts a row id in either case", () => {
    expect(isUuid("0b7e4b8a-1c2d-4e5f-8a9b-0c1d2e3f4a5b")).toBe(true);
    expect(IdSchema.safeParse("0B7E4B8A-1C2D-4E5F-8A9B-0C1D2E3F4A5B").success).toBe(true);
  });

  it("refuses 36 characters that are not a UUID (the cart form's old, looser check let these through)", () => {
    expect(IdSchema.safeParse("-".repeat(36)).success).toBe(false);
    expect(IdSchema.safeParse("0b7e4b8a1c2d4e5f8a9b0c1d2e3f4a5b----").success).toBe(false);
    expect(isUuid(42)).toBe(false);
  });
});
