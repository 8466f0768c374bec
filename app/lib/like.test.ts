import { describe, expect, it } from "vitest";
import { containsPattern, escapeLike } from "./like";

describe("ILIKE patterns from typed text", () => {
  it("takes %, _ and \\ literally", () => {
    expect(escapeLike("100%_a\\b")).toBe("100\\%\\_a\\\\b");
    expect(containsPattern("合作社_1")).toBe("%合作社\\_1%");
  });
});
