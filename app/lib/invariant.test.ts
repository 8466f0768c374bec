import { describe, expect, it } from "vitest";
import { invariantResponse } from "./invariant";

describe("invariantResponse", () => {
  it("passes a truthy condition through", () => {
    expect(() => invariantResponse({ id: 1 }, "Not found", { status: 404 })).not.toThrow();
  });

  it("throws a Response with the given status and message", async () => {
    let thrown: unknown;
    try {
      invariantResponse(null, "Forbidden", { status: 403 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(403);
    expect(await (thrown as Response).text()).toBe("Forbidden");
  });

  it("defaults to a 404 Not found", async () => {
    let thrown: unknown;
    try {
      invariantResponse(false);
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Response).status).toBe(404);
    expect(await (thrown as Response).text()).toBe("Not found");
  });
});
