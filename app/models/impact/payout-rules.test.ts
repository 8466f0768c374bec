import { expect, it } from "vitest";
import { schema as s } from "~/lib/db.server";
import { PAYOUT_KINDS, PAYOUT_METHODS } from "./payout-rules";

it("the payout form's lists are the database's enums", () => {
  expect([...PAYOUT_KINDS]).toEqual(s.householdPayoutKind.enumValues);
  expect([...PAYOUT_METHODS]).toEqual(s.householdPayoutMethod.enumValues);
});
