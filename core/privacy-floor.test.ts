import { describe, expect, it } from "vitest";
import { floorCount, floorFigure, passesPrivacyFloor, PRIVACY_FLOOR } from "./privacy-floor";

describe("privacy floor", () => {
  it("withholds counts of 1 to 4 and shows 0 and 5 or more", () => {
    expect(PRIVACY_FLOOR).toBe(5);
    expect([0, 1, 2, 3, 4, 5, 6, 120].map(floorCount)).toEqual([0, "<5", "<5", "<5", "<5", 5, 6, 120]);
    expect(passesPrivacyFloor(4)).toBe(false);
    expect(passesPrivacyFloor(5)).toBe(true);
  });

  it("withholds an amount that fewer than 5 households stand behind", () => {
    expect(floorFigure(12_345, 4)).toBe("<5");
    expect(floorFigure(12_345, 5)).toBe(12_345);
    expect(floorFigure(900, 0)).toBe(900); // village collectives only
  });
});
