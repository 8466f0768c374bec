import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { loader } from "./healthz";

const holder = globalThis as { __xfbDatabase?: unknown };

describe("GET /healthz", () => {
  it("answers 200 when the database answers", async () => {
    const response = await loader();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ok",
      database: "up",
      instance: expect.stringMatching(/^[0-9a-f]{8}$/),
    });
  });

  it("answers 503 when the database does not", async () => {
    // A real client pointed at a port where no database listens.
    const real = holder.__xfbDatabase;
    const unreachable = openDatabase("postgres://127.0.0.1:9/nothing");
    holder.__xfbDatabase = unreachable;
    try {
      const response = await loader();
      expect(response.status).toBe(503);
      expect((await response.json()).database).toBe("down");
    } finally {
      holder.__xfbDatabase = real;
      await unreachable.close();
    }
  });
});
