// Sign-up asks for consent to the user agreement and the privacy policy: without it, a field
// message and no account.
import { count, eq } from "drizzle-orm";
import { LEGAL_VERSION } from "~/models/access/account-rules";
import { describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { call, formRequest } from "../../tests/support/requests";
import { action } from "./signup";

const fields = {
  mobile: "13712340001",
  displayName: "新用户",
  email: "",
  password: "Signup@2026",
  confirmPassword: "Signup@2026",
};
const post = (f: Record<string, string>) =>
  call(() => action({ request: formRequest("/signup", f), params: {}, context: {} }));
const usersWith = async (mobile: string) =>
  (await db.select({ n: count() }).from(s.users).where(eq(s.users.mobile, mobile)))[0].n;

describe("POST /signup", () => {
  it("refuses a sign-up without consent with a field message and writes no account", async () => {
    for (const consent of [undefined, "", "0", "yes-please"]) {
      const response = await post(consent === undefined ? fields : { ...fields, consent });
      expect(response.status).toBe(400);
      const body = (await response.json()) as {
        fieldErrors: Record<string, string[]>;
        values: Record<string, string>;
      };
      expect(body.fieldErrors.consent).toEqual(["consent"]);
      expect(body.values.mobile).toBe(fields.mobile); // what was typed stays
    }
    expect(await usersWith(fields.mobile)).toBe(0);
  });

  it("signs up with consent (303 to the account page)", async () => {
    const response = await post({ ...fields, consent: "1" });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/account");
    expect(await usersWith(fields.mobile)).toBe(1);
    // The consent is kept: when, and to which version of the documents.
    const [user] = await db.select().from(s.users).where(eq(s.users.mobile, fields.mobile));
    expect(user.termsVersion).toBe(LEGAL_VERSION);
    expect(Date.now() - user.termsAcceptedAt!.getTime()).toBeLessThan(60_000);
  });
});
