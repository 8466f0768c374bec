import { describe, expect, it } from "vitest";
import { announceRegistryChanged, onRegistryChanged } from "./registry-events";

describe("registry events", () => {
  it("calls every listener on each announcement until it unsubscribes; a throwing listener does not stop the others", () => {
    const heard: string[] = [];
    const offA = onRegistryChanged(() => heard.push("a"));
    onRegistryChanged(() => {
      throw new Error("listener failed");
    });
    const offC = onRegistryChanged(() => heard.push("c"));
    announceRegistryChanged();
    offA();
    announceRegistryChanged();
    offC();
    announceRegistryChanged();
    expect(heard).toEqual(["a", "c", "c"]);
  });
});
