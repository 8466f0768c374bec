// What a shipment's carrier and tracking number may be: checked by the model, by the ship form's
// schema and, as HTML attributes, by the browser. Not .server: the form needs the same values.
export const MAX_CARRIER_LENGTH = 40;
/** Letters, digits and dashes, 4–40 of them (the HTML `pattern` form; the dash escaped for the v flag). */
export const TRACKING_NUMBER_PATTERN = "[A-Za-z0-9\\-]{4,40}";
const TRACKING_NUMBER = new RegExp(`^${TRACKING_NUMBER_PATTERN}$`);

export function isTrackingNumber(text: string): boolean {
  return TRACKING_NUMBER.test(text);
}
