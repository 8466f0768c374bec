// The privacy floor for public aggregates (issue 21): a figure that fewer than PRIVACY_FLOOR
// households stand behind is not shown. The one rule, used by impact certificates, their
// verification page and the trace pages (and meant for every later public aggregate):
// - a count of households from 1 to 4 becomes "<5"; 0 and 5 or more are shown as they are;
// - an amount is shown when 0 or at least 5 households stand behind it, else withheld ("<5").
// A count of 0 reveals nobody, so it stays; an amount backed only by village collectives (no
// household) is not about a person and stays too.
export const PRIVACY_FLOOR = 5;

/** What a public page shows for a figure: the number, or "<5" when the floor withholds it. */
export type FlooredFigure = number | "<5";

/** Whether a figure that `households` households stand behind may be shown. */
export function passesPrivacyFloor(households: number): boolean {
  return households === 0 || households >= PRIVACY_FLOOR;
}

/** A count of households, or "<5" when it is 1 to 4. */
export function floorCount(households: number): FlooredFigure {
  return passesPrivacyFloor(households) ? households : "<5";
}

/** An amount (or any figure) that `households` households stand behind, or "<5". */
export function floorFigure(value: number, households: number): FlooredFigure {
  return passesPrivacyFloor(households) ? value : "<5";
}
