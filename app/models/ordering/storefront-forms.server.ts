// The storefront's form schemas (cart, checkout, log-in, sign-up, order look-up, demo payment), made
// by the routes' actions. Here, not in the route modules, so those pages' browser bundles do not carry
// zod (a schema at a route's module scope keeps zod in its bundle). Messages are codes the pages translate.
import { z } from "zod";
import { IdSchema } from "~/lib/ids";
import {
  MAX_DISPLAY_NAME_LENGTH,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  MOBILE_PATTERN,
} from "~/models/access/account-rules";
import { checkDivision } from "./divisions.server";

// Each schema is made once, on first use, and kept: building one costs ~1 ms of CPU per request
// (the checkout's), and zod compiles an object schema's parser on its first parse. Schemas are
// immutable, so one serves every request.
const once = <T>(make: () => T): (() => T) => {
  let made: T | undefined;
  return () => (made ??= make());
};

export const cartIntent = once(() => {
  const variantId = IdSchema;
  const quantity = z.coerce.number().int().min(1).max(999);
  return z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("add"), variantId, quantity, redirectTo: z.string().optional() }),
    z.object({ intent: z.literal("buyNow"), variantId, quantity }),
    z.object({ intent: z.literal("update"), variantId, quantity, redirectTo: z.string().optional() }),
    z.object({ intent: z.literal("remove"), variantId, redirectTo: z.string().optional() }),
  ]);
});

export const loginForm = once(() =>
  z.object({
    login: z.string({ error: "required" }).trim().min(1, "required").max(254, "invalid"),
    password: z.string({ error: "required" }).min(1, "required").max(1024, "invalid"),
    redirectTo: z.string().optional(),
  }),
);

// Sign-up; error codes: "required", "mobile", "email", "tooLong", "passwordTooShort", "passwordMismatch", "consent".
export const signupForm = once(() =>
  z
    .object({
      mobile: z.string({ error: "required" }).trim().min(1, "required").regex(MOBILE_PATTERN, "mobile"),
      displayName: z
        .string({ error: "required" })
        .trim()
        .min(1, "required")
        .max(MAX_DISPLAY_NAME_LENGTH, "tooLong"),
      email: z
        .string()
        .trim()
        .max(254, "email")
        .refine((v) => v === "" || z.email().safeParse(v).success, "email")
        .optional(),
      password: z
        .string({ error: "required" })
        .min(1, "required")
        .min(MIN_PASSWORD_LENGTH, "passwordTooShort")
        .max(MAX_PASSWORD_LENGTH, "tooLong"),
      confirmPassword: z.string({ error: "required" }).min(1, "required"),
      // Consent to the user agreement and the privacy policy (PIPL): the ticked box, nothing else.
      consent: z.literal("1", { error: "consent" }),
      redirectTo: z.string().optional(),
    })
    .refine((f) => f.password === f.confirmPassword, {
      path: ["confirmPassword"],
      message: "passwordMismatch",
    }),
);

/** An order number as printed: the Asia/Shanghai date and the day's sequence (20261122-000123). */
export const ORDER_NUMBER = /^\d{8}-\d{6,}$/;

export const lookupForm = once(() =>
  z.object({
    orderNumber: z.string({ error: "required" }).trim().min(1, "required").regex(ORDER_NUMBER, "orderNumber"),
    mobile: z.string({ error: "required" }).trim().min(1, "required").regex(MOBILE_PATTERN, "mobile"),
  }),
);

// Checkout and the address book; error codes: "required", "tooLong:30", "tooShort:5", "mobile", "division".
const text = (max: number, min = 1) =>
  z
    .string({ error: "required" })
    .trim()
    .min(min, min === 1 ? "required" : `tooShort:${min}`)
    .max(max, `tooLong:${max}`);
const shippingFields = () =>
  z.object({
    contactName: text(30),
    contactMobile: z.string({ error: "required" }).trim().min(1, "required").regex(MOBILE_PATTERN, "mobile"),
    province: text(20),
    city: text(20),
    district: text(20),
    detail: text(120, 5),
  });
/** City in the province, county in the city (divisions.server.ts); else "division" on the first wrong level. */
function divisionIssue(v: { province: string; city: string; district: string }, ctx: z.RefinementCtx) {
  const check = checkDivision(v);
  if (!check.ok) ctx.addIssue({ code: "custom", path: [check.field], message: check.code });
}
export const shippingForm = once(() => shippingFields().superRefine(divisionIssue));
// Plus buying for the user's organisation and paying by bank transfer (对公转账); any other method is
// the normal provider; and, for a signed-in shopper, saving the address to the address book.
export const checkoutForm = once(() =>
  shippingFields()
    .extend({
      forOrganisation: z.literal("1").optional().catch(undefined),
      paymentMethod: z.enum(["demo", "bank_transfer", "alipay", "wechat_pay"]).optional().catch(undefined),
      saveAddress: z.literal("1").optional().catch(undefined),
    })
    .superRefine(divisionIssue),
);

// The address book (addresses.server.ts): the same fields; "makeDefault" ticks it as the default.
export const addressForm = once(() =>
  shippingFields()
    .extend({ makeDefault: z.literal("1").optional().catch(undefined) })
    .superRefine(divisionIssue),
);
export const addressIntent = once(() => z.object({ intent: z.enum(["setDefault", "delete"]), id: IdSchema }));

export const payIntent = once(() => z.object({ intent: z.enum(["pay", "fail"]) }));
