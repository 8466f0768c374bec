// Pure account rules shared by the users model and the forms (safe in the browser bundle).

/** An 11-digit mainland China mobile number. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;
export const MAX_DISPLAY_NAME_LENGTH = 30;
/** Failed logins in a row that lock the account… */
export const MAX_FAILED_LOGINS = 5;
/** …for this many minutes. */
export const LOCK_MINUTES = 15;

/** The version (effective date) of the user agreement and privacy policy that sign-up consents to. */
export const LEGAL_VERSION = "2026-12-02";

/** Where a user lands after logging in when no page asked for the login: staff on their portal. */
export function homePathFor(
  role: "customer" | "buyer_admin" | "supplier_staff" | "official" | "admin",
): string {
  switch (role) {
    case "supplier_staff":
      return "/supplier";
    case "official":
    case "admin":
      return "/official";
    case "buyer_admin":
      return "/buyer";
    default:
      return "/";
  }
}
