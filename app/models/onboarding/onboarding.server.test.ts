// Onboarding on the engine of the run: the application state machine (refusals, scope, racing
// decisions, activation after the notice), staff invitations (hashed token, expiry, single use,
// removal revokes sessions, last owner kept) and dynamic management (suspension hides the products
// at once, paid orders stay shippable and refundable, the page cache's counter moves).
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { seedDatabase } from "../../../db/seed";
import type { Caller } from "../access/scope.server";
import { createUserSession, resolveUserSession } from "../access/sessions.server";
import { signUp } from "../access/users.server";
import { addToCart, getCartView } from "../ordering/cart.server";
import { shipOrderPart } from "../ordering/fulfilment.server";
import { refundOrderLines } from "../ordering/payments.server";
import { getProductBySlug } from "../catalog/catalog.server";
import { buyAndPay } from "../../../tests/support/factories";
import {
  activateDueApplications,
  decideApplication,
  getApplicationForReview,
  listApplicationsForReview,
  listOwnApplications,
  listSupplierNotices,
  noticePeriod,
  resubmitApplication,
  submitApplication,
  type ApplicationInput,
} from "./applications.server";
import {
  acceptInvitation,
  changeStaff,
  hashInvitationToken,
  INVITATION_TTL_MS,
  inviteStaff,
  listStaff,
  viewInvitation,
} from "./staff.server";
import { changeStanding, listStandingEvents, listSuppliersForStanding } from "./standing.server";

const pdf = () => ({
  bytes: new TextEncoder().encode("%PDF-1.4\n% licence\n%%EOF\n"),
  originalName: "营业执照.pdf",
});
// Valid codes (GB 32100 check character computed): distinct per test.
const CODES = [
  "93411200MA00000019",
  "93411200MA0000002C",
  "91411200MA0000003M",
  "92411200MA0000004M",
  "54411200MA0000005N",
];

let district: Caller, townA: Caller, townB: Caller, staffA: Caller, customer: Caller;
let villageA: number;

async function account(mobile: string): Promise<Caller> {
  const [u] = await db
    .select({
      id: s.users.id,
      role: s.users.role,
      supplierId: s.users.supplierId,
      regionId: s.users.regionId,
    })
    .from(s.users)
    .where(eq(s.users.mobile, mobile));
  return u;
}

let mobiles = 0;
async function newCustomer(email?: string): Promise<Caller & { mobile: string }> {
  const mobile = `1390000${String(++mobiles).padStart(4, "0")}`;
  const made = await signUp({ mobile, password: "Secret@2026", displayName: `申请人${mobiles}`, email });
  if (!made.ok) throw new Error(made.code);
  return { id: made.userId, role: "customer", mobile };
}

const input = (over: Partial<ApplicationInput> = {}): ApplicationInput => ({
  entityName: "石门村果蔬专业合作社",
  kind: "cooperative",
  creditCode: CODES[0],
  legalRepresentative: "李大山",
  contactMobile: "13912345678",
  villageId: villageA,
  partyBranchLed: true,
  bankName: "农商银行",
  bankAccountName: "石门村果蔬专业合作社",
  bankAccountNo: "6228480012345678",
  linkagePlan: "收购本村 20 户脱贫户的苹果，订单收购",
  ...over,
});

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 20 });
  [staffA, district, townA, townB, customer] = await Promise.all(
    ["13800000004", "13800000006", "13800000007", "13800000008", "13800000001"].map(account),
  );
  const [village] = await db
    .select({ id: s.regions.id })
    .from(s.regions)
    .where(and(eq(s.regions.parentId, townA.regionId!), eq(s.regions.level, "village")))
    .limit(1);
  villageA = village.id;
});

async function statusOf(id: string) {
  const [row] = await db.select().from(s.supplierApplications).where(eq(s.supplierApplications.id, id));
  return row;
}

describe("supplier applications", () => {
  it("refuses a bad credit code, a bad household ID number and missing documents, writing nothing", async () => {
    const applicant = await newCustomer();
    const before = await db.$count(s.supplierApplications);
    expect(
      await submitApplication({
        caller: applicant,
        input: input({ creditCode: "93411200MA00000018" }),
        documents: [pdf()],
      }),
    ).toEqual({ ok: false, code: "invalid_credit_code" });
    expect(
      await submitApplication({
        caller: applicant,
        input: input({ kind: "household", idCard: "110105194912310021" }),
        documents: [pdf()],
      }),
    ).toEqual({ ok: false, code: "invalid_id_card" });
    expect(
      await submitApplication({ caller: applicant, input: input({ creditCode: CODES[4] }), documents: [] }),
    ).toEqual({ ok: false, code: "documents_required" });
    expect(
      await submitApplication({
        caller: applicant,
        input: input({ creditCode: CODES[4] }),
        documents: [{ bytes: new TextEncoder().encode("<html>not a pdf</html>"), originalName: "x.pdf" }],
      }),
    ).toEqual({ ok: false, code: "document_unsupported_type" });
    // Supplier staff and officials cannot apply (their account already belongs somewhere).
    expect(
      await submitApplication({ caller: staffA, input: input({ creditCode: CODES[4] }), documents: [pdf()] }),
    ).toEqual({ ok: false, code: "forbidden" });
    expect(await db.$count(s.supplierApplications)).toBe(before);
  });

  it("keeps a household's ID number encrypted, masked and hashed like the registry", async () => {
    const applicant = await newCustomer();
    const submitted = await submitApplication({
      caller: applicant,
      input: input({
        kind: "household",
        creditCode: null,
        idCard: "11010519491231002X",
        entityName: "李家农户",
      }),
      documents: [pdf()],
    });
    expect(submitted.ok).toBe(true);
    const row = await statusOf((submitted as { id: string }).id);
    expect(row.creditCode).toBeNull();
    expect(row.idCardMasked).toBe("1101**********002X");
    expect(row.idCardCipher).not.toContain("11010519491231002X");
    expect(row.idCardHash).toMatch(/^[0-9a-f]{64}$/);
    // The same ID number cannot apply twice.
    const other = await newCustomer();
    expect(
      await submitApplication({
        caller: other,
        input: input({
          kind: "household",
          creditCode: null,
          idCard: "11010519491231002x",
          entityName: "又一户",
        }),
        documents: [pdf()],
      }),
    ).toEqual({ ok: false, code: "duplicate_credit_code" });
  });

  it("walks submitted → more material → resubmitted → recommended → public notice → active; the applicant becomes owner", async () => {
    const applicant = await newCustomer();
    const submitted = await submitApplication({ caller: applicant, input: input(), documents: [pdf()] });
    if (!submitted.ok) throw new Error(submitted.code);
    const id = submitted.id;

    // A second open application of the same person, and the same code by someone else: refused.
    expect(
      await submitApplication({
        caller: applicant,
        input: input({ creditCode: CODES[3] }),
        documents: [pdf()],
      }),
    ).toEqual({ ok: false, code: "already_open" });
    const rival = await newCustomer();
    expect(await submitApplication({ caller: rival, input: input(), documents: [pdf()] })).toEqual({
      ok: false,
      code: "duplicate_credit_code",
    });
    // …and an existing supplier's code too.
    const [seeded] = await db
      .select({ code: s.suppliers.creditCode })
      .from(s.suppliers)
      .where(eq(s.suppliers.id, staffA.supplierId!));
    if (seeded.code) {
      const r = await submitApplication({
        caller: rival,
        input: input({ creditCode: seeded.code }),
        documents: [pdf()],
      });
      expect(r.ok ? "ok" : r.code).toMatch(/duplicate_credit_code|invalid_credit_code/);
    }

    // Scope: the other town's official cannot see or review it; the district cannot approve yet.
    expect(await getApplicationForReview({ caller: townB, id })).toBeNull();
    expect(await decideApplication({ caller: townB, id, decision: { kind: "recommend" } })).toEqual({
      ok: false,
      code: "not_found",
    });
    expect((await listApplicationsForReview({ caller: townB })).map((r) => r.id)).not.toContain(id);
    expect(await decideApplication({ caller: district, id, decision: { kind: "approve" } })).toEqual({
      ok: false,
      code: "already_decided",
    });
    expect(await decideApplication({ caller: customer, id, decision: { kind: "recommend" } })).toEqual({
      ok: false,
      code: "forbidden",
    });

    // The town asks for more; a message is required.
    expect(
      await decideApplication({ caller: townA, id, decision: { kind: "request_material", message: " " } }),
    ).toEqual({ ok: false, code: "reason_required" });
    expect(
      await decideApplication({
        caller: townA,
        id,
        decision: { kind: "request_material", message: "请补充土地流转合同" },
      }),
    ).toEqual({ ok: true, status: "more_material" });
    // Only the applicant resubmits.
    expect(await resubmitApplication({ caller: rival, id, documents: [pdf()], message: "x" })).toEqual({
      ok: false,
      code: "not_found",
    });
    expect(
      await resubmitApplication({ caller: applicant, id, documents: [pdf()], message: "已补充合同" }),
    ).toEqual({ ok: true });
    expect((await statusOf(id)).documents).toHaveLength(2);

    expect(await decideApplication({ caller: townA, id, decision: { kind: "recommend" } })).toEqual({
      ok: true,
      status: "recommended",
    });
    // A town official cannot approve; the district does.
    expect(await decideApplication({ caller: townA, id, decision: { kind: "approve" } })).toEqual({
      ok: false,
      code: "forbidden",
    });
    const decidedAt = new Date();
    expect(
      await decideApplication({ caller: district, id, decision: { kind: "approve" }, now: decidedAt }),
    ).toEqual({ ok: true, status: "public_notice" });

    // Listed on /notices while the notice runs (5 days by default), nothing personal in the row.
    const notices = await listSupplierNotices({ now: decidedAt });
    const notice = notices.find((n) => n.id === id);
    expect(notice).toMatchObject({ entityName: "石门村果蔬专业合作社", kind: "cooperative" });
    expect(Object.keys(notice!)).not.toContain("creditCode");
    const row = await statusOf(id);
    expect(row.noticeEndsOn! >= row.noticeStartsOn!).toBe(true);

    // Not active while the notice runs (to its last millisecond, and listed until then); at its end,
    // activated exactly once (two sweeps at once).
    const { endsAt } = noticePeriod(decidedAt, getEnv().SUPPLIER_NOTICE_DAYS);
    const lastMoment = new Date(endsAt.getTime() - 1);
    expect(await activateDueApplications({ now: decidedAt })).toBe(0);
    expect(await activateDueApplications({ now: lastMoment })).toBe(0);
    expect((await listSupplierNotices({ now: lastMoment })).some((n) => n.id === id)).toBe(true);
    expect((await listSupplierNotices({ now: endsAt })).some((n) => n.id === id)).toBe(false);
    const after = endsAt;
    const promoted = await Promise.all([
      activateDueApplications({ now: after }),
      activateDueApplications({ now: after }),
    ]);
    expect(promoted[0] + promoted[1]).toBe(1);
    const active = await statusOf(id);
    expect(active.status).toBe("active");
    expect(active.supplierId).not.toBeNull();
    const [user] = await db.select().from(s.users).where(eq(s.users.id, applicant.id));
    expect(user).toMatchObject({
      role: "supplier_staff",
      supplierId: active.supplierId,
      supplierRole: "owner",
    });
    const [supplier] = await db.select().from(s.suppliers).where(eq(s.suppliers.id, active.supplierId!));
    expect(supplier).toMatchObject({
      name: "石门村果蔬专业合作社",
      creditCode: CODES[0],
      status: "active",
      townId: townA.regionId,
    });
    await expect(listSupplierNotices({ now: after }).then((n) => n.map((r) => r.id))).resolves.not.toContain(
      id,
    );
    // The applicant reads the whole history.
    const own = await listOwnApplications({ caller: applicant });
    expect(own[0].history.map((h) => h.action)).toEqual([
      "submitted",
      "more_material",
      "resubmitted",
      "recommended",
      "public_notice",
      "active",
    ]);
    expect(own[0].history[1].message).toBe("请补充土地流转合同");
    // The code is now a supplier's: a new application with it is refused.
    expect(await submitApplication({ caller: rival, input: input(), documents: [pdf()] })).toEqual({
      ok: false,
      code: "duplicate_credit_code",
    });
  });

  it("racing decisions: one wins, the other is told it was already decided and changes nothing", async () => {
    const applicant = await newCustomer();
    const submitted = await submitApplication({
      caller: applicant,
      input: input({ creditCode: CODES[1] }),
      documents: [pdf()],
    });
    if (!submitted.ok) throw new Error(submitted.code);
    const results = await Promise.all([
      decideApplication({ caller: townA, id: submitted.id, decision: { kind: "recommend" } }),
      decideApplication({
        caller: district,
        id: submitted.id,
        decision: { kind: "reject", reason: "材料不实" },
      }),
    ]);
    const wins = results.filter((r) => r.ok);
    expect(wins).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, code: "already_decided" }]);
    const row = await statusOf(submitted.id);
    expect(row.status).toBe((wins[0] as { status: string }).status);
    expect(row.history).toHaveLength(2);
    const audits = await db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.subjectType, "supplier_application"), eq(s.auditLog.subjectId, submitted.id)));
    expect(audits).toHaveLength(2); // submitted + the one decision
  });

  it("a rejected application frees the code and lets the person apply again", async () => {
    const applicant = await newCustomer();
    const first = await submitApplication({
      caller: applicant,
      input: input({ creditCode: CODES[2] }),
      documents: [pdf()],
    });
    if (!first.ok) throw new Error(first.code);
    expect(
      await decideApplication({
        caller: townA,
        id: first.id,
        decision: { kind: "reject", reason: "非本镇主体" },
      }),
    ).toEqual({ ok: true, status: "rejected" });
    expect((await statusOf(first.id)).rejectionReason).toBe("非本镇主体");
    expect(
      await decideApplication({ caller: district, id: first.id, decision: { kind: "approve" } }),
    ).toEqual({ ok: false, code: "already_decided" });
    const again = await submitApplication({
      caller: applicant,
      input: input({ creditCode: CODES[2] }),
      documents: [pdf()],
    });
    expect(again.ok).toBe(true);
  });

  it("two simultaneous submissions of one person leave one application", async () => {
    const applicant = await newCustomer();
    const results = await Promise.all([
      submitApplication({ caller: applicant, input: input({ creditCode: CODES[3] }), documents: [pdf()] }),
      submitApplication({ caller: applicant, input: input({ creditCode: CODES[4] }), documents: [pdf()] }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, code: "already_open" }]);
    expect(
      await db.$count(s.supplierApplications, eq(s.supplierApplications.applicantId, applicant.id)),
    ).toBe(1);
  });
});

describe("the notice period (SUPPLIER_NOTICE_DAYS)", () => {
  it("whole days end at the Shanghai midnight after the last day; a fraction runs from the approval", () => {
    const at = new Date("2026-12-03T15:30:00Z"); // 23:30 on 3 December in Shanghai
    expect(noticePeriod(at, 5)).toEqual({
      startsOn: "2026-12-03",
      endsOn: "2026-12-07",
      endsAt: new Date("2026-12-07T16:00:00Z"),
    });
    expect(noticePeriod(at, 0.0005)).toEqual({
      startsOn: "2026-12-03",
      endsOn: "2026-12-03",
      endsAt: new Date(at.getTime() + 43_200),
    });
    expect(noticePeriod(at, 0.5)).toMatchObject({
      endsOn: "2026-12-04",
      endsAt: new Date("2026-12-04T03:30:00Z"),
    });
    expect(noticePeriod(at, 0).endsAt.getTime()).toBeLessThanOrEqual(at.getTime()); // over at once
  });
});

describe("staff invitations", () => {
  it("stores only the token's hash; expires after 72 hours; works once, for the person invited", async () => {
    const clerk = await newCustomer("clerk@example.com");
    const now = new Date();
    const invited = await inviteStaff({ caller: staffA, contact: "Clerk@Example.com", role: "staff", now });
    if (!invited.ok) throw new Error(invited.code);
    const [row] = await db.select().from(s.staffInvitations).where(eq(s.staffInvitations.id, invited.id));
    expect(row.tokenHash).toBe(hashInvitationToken(invited.token));
    expect(JSON.stringify(row)).not.toContain(invited.token);
    expect(row.email).toBe("clerk@example.com");

    // Expired one millisecond after 72 hours.
    const late = new Date(now.getTime() + INVITATION_TTL_MS);
    expect(await viewInvitation({ token: invited.token, now: late })).toEqual({ ok: false, code: "expired" });
    expect(await acceptInvitation({ caller: clerk, token: invited.token, now: late })).toEqual({
      ok: false,
      code: "expired",
    });
    // A wrong account cannot use it, and the link stays usable.
    const stranger = await newCustomer();
    expect(await acceptInvitation({ caller: stranger, token: invited.token, now })).toEqual({
      ok: false,
      code: "wrong_account",
    });
    // A forged token.
    expect(await viewInvitation({ token: "x".repeat(43) })).toEqual({ ok: false, code: "invalid" });

    // Two accepts at once: one joins, the other is told it was used.
    const results = await Promise.all([
      acceptInvitation({ caller: clerk, token: invited.token, now }),
      acceptInvitation({ caller: clerk, token: invited.token, now }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const [user] = await db.select().from(s.users).where(eq(s.users.id, clerk.id));
    expect(user).toMatchObject({
      role: "supplier_staff",
      supplierId: staffA.supplierId,
      supplierRole: "staff",
    });
    expect(await viewInvitation({ token: invited.token, now })).toEqual({ ok: false, code: "used" });
  });

  it("only owners manage staff; the last owner stays; a removed person loses their sessions at once", async () => {
    const clerk = await newCustomer();
    const invited = await inviteStaff({ caller: staffA, contact: clerk.mobile, role: "staff" });
    if (!invited.ok) throw new Error(invited.code);
    expect((await acceptInvitation({ caller: clerk, token: invited.token })).ok).toBe(true);
    const clerkCaller: Caller = { id: clerk.id, role: "supplier_staff", supplierId: staffA.supplierId };

    // A plain staff member cannot invite or remove; another supplier's staff cannot either.
    expect(await inviteStaff({ caller: clerkCaller, contact: "13911112222", role: "staff" })).toEqual({
      ok: false,
      code: "forbidden",
    });
    expect(await changeStaff({ caller: clerkCaller, userId: staffA.id, role: null })).toEqual({
      ok: false,
      code: "forbidden",
    });
    expect(await listStaff({ caller: clerkCaller })).toBeNull();
    const staffB = await account("13800000005");
    expect(await changeStaff({ caller: staffB, userId: clerk.id, role: null })).toEqual({
      ok: false,
      code: "not_found",
    });

    // The last owner can be neither demoted nor removed.
    expect(await changeStaff({ caller: staffA, userId: staffA.id, role: "staff" })).toEqual({
      ok: false,
      code: "last_owner",
    });
    expect(await changeStaff({ caller: staffA, userId: staffA.id, role: null })).toEqual({
      ok: false,
      code: "last_owner",
    });

    // Removal: the person's sessions end in the same step, and they are a customer again.
    const session = await createUserSession({ userId: clerk.id });
    expect(await resolveUserSession({ sessionId: session.id })).toBe(clerk.id);
    expect(await changeStaff({ caller: staffA, userId: clerk.id, role: null })).toEqual({ ok: true });
    expect(await resolveUserSession({ sessionId: session.id })).toBeNull();
    const [user] = await db.select().from(s.users).where(eq(s.users.id, clerk.id));
    expect(user).toMatchObject({ role: "customer", supplierId: null });
    expect((await listStaff({ caller: staffA }))!.members.map((m) => m.id)).not.toContain(clerk.id);
  });

  it("two owners removing each other at once leave one owner", async () => {
    const second = await newCustomer();
    const invited = await inviteStaff({ caller: staffA, contact: second.mobile, role: "owner" });
    if (!invited.ok) throw new Error(invited.code);
    expect((await acceptInvitation({ caller: second, token: invited.token })).ok).toBe(true);
    const secondCaller: Caller = { id: second.id, role: "supplier_staff", supplierId: staffA.supplierId };
    const results = await Promise.all([
      changeStaff({ caller: staffA, userId: second.id, role: null }),
      changeStaff({ caller: secondCaller, userId: staffA.id, role: null }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const owners = await db
      .select()
      .from(s.users)
      .where(
        and(
          eq(s.users.supplierId, staffA.supplierId!),
          eq(s.users.supplierRole, "owner"),
          eq(s.users.role, "supplier_staff"),
        ),
      );
    expect(owners).toHaveLength(1);
    // Put staff A back as owner for the tests below if it was the one removed.
    if (owners[0].id !== staffA.id) {
      await db
        .update(s.users)
        .set({ role: "supplier_staff", supplierId: staffA.supplierId, supplierRole: "owner" })
        .where(eq(s.users.id, staffA.id));
    }
  });
});

describe("dynamic management", () => {
  it("only the district decides; a reason is required; a warning keeps the supplier on sale", async () => {
    expect(
      await changeStanding({
        caller: townA,
        supplierId: staffA.supplierId!,
        action: "suspended",
        reason: "x",
      }),
    ).toEqual({ ok: false, code: "forbidden" });
    expect(
      await changeStanding({
        caller: staffA,
        supplierId: staffA.supplierId!,
        action: "reinstated",
        reason: "x",
      }),
    ).toEqual({ ok: false, code: "forbidden" });
    expect(
      await changeStanding({
        caller: district,
        supplierId: staffA.supplierId!,
        action: "suspended",
        reason: "  ",
      }),
    ).toEqual({ ok: false, code: "reason_required" });
    expect(
      await changeStanding({
        caller: district,
        supplierId: staffA.supplierId!,
        action: "reinstated",
        reason: "x",
      }),
    ).toEqual({ ok: false, code: "wrong_status" });
    expect(
      await changeStanding({
        caller: district,
        supplierId: staffA.supplierId!,
        action: "warned",
        reason: "价格明显高于同类产品",
      }),
    ).toEqual({ ok: true, status: "active" });
  });

  it("suspension hides the products at once, carts show them unavailable, paid orders ship and refund; reinstatement brings them back", async () => {
    const [product] = await db
      .select({ id: s.products.id, slug: s.products.slug })
      .from(s.products)
      .where(and(eq(s.products.supplierId, staffA.supplierId!), eq(s.products.status, "active")))
      .limit(1);
    const [variant] = await db
      .select({ id: s.productVariants.id })
      .from(s.productVariants)
      .where(and(eq(s.productVariants.productId, product.id), eq(s.productVariants.active, true)))
      .limit(1);
    await db.update(s.productVariants).set({ stock: 100 }).where(eq(s.productVariants.id, variant.id));
    expect(await getProductBySlug(product.slug)).not.toBeNull();

    // A paid order before the suspension, and a cart holding the product.
    const paid = await buyAndPay({ items: [{ variantId: variant.id, quantity: 1 }], paidAt: new Date() });
    const cart = await addToCart({ owner: {}, variantId: variant.id, quantity: 1 });
    if (!cart.ok) throw new Error("cart");
    const [{ generation: before }] = await db.select().from(s.pageCacheGeneration);

    expect(
      await changeStanding({
        caller: district,
        supplierId: staffA.supplierId!,
        action: "suspended",
        reason: "质量抽检不合格",
      }),
    ).toEqual({ ok: true, status: "suspended" });
    const [{ generation: afterSuspend }] = await db.select().from(s.pageCacheGeneration);
    expect(afterSuspend).toBeGreaterThan(before); // the anonymous page cache is invalidated

    expect(await getProductBySlug(product.slug)).toBeNull();
    const view = await getCartView({ cartId: cart.cartId });
    expect(view.groups.flatMap((g) => g.lines).find((l) => l.variantId === variant.id)?.problem).toBe(
      "withdrawn",
    );
    expect(view.hasProblems).toBe(true);
    expect(await addToCart({ owner: {}, variantId: variant.id, quantity: 1 })).toMatchObject({
      ok: false,
      code: "withdrawn",
    });

    // The paid order is still the supplier's to ship, and still refundable.
    const [part] = await db.select().from(s.orderParts).where(eq(s.orderParts.orderId, paid.orderId));
    expect(
      (
        await shipOrderPart({
          caller: staffA,
          partId: part.id,
          carrier: "中国邮政",
          trackingNumber: "9876543210123",
        })
      ).ok,
    ).toBe(true);
    const [line] = await db.select().from(s.orderLines).where(eq(s.orderLines.orderId, paid.orderId));
    const refund = await refundOrderLines({
      orderId: paid.orderId,
      lines: [{ orderLineId: line.id, amountFen: 1 }],
      reason: "破损",
    });
    expect(refund).toMatchObject({ ok: true, amountFen: 1 });

    // The supplier sees every step with its reason.
    const standing = await listStandingEvents({ caller: staffA });
    expect(standing!.supplier.status).toBe("suspended");
    expect(standing!.events.map((e) => [e.action, e.reason])).toEqual([
      ["suspended", "质量抽检不合格"],
      ["warned", "价格明显高于同类产品"],
    ]);
    // Another supplier's staff cannot read them.
    expect((await listStandingEvents({ caller: await account("13800000005") }))!.events).toHaveLength(0);

    // Racing reinstatements: one wins.
    const results = await Promise.all([
      changeStanding({
        caller: district,
        supplierId: staffA.supplierId!,
        action: "reinstated",
        reason: "整改完成",
      }),
      changeStanding({
        caller: district,
        supplierId: staffA.supplierId!,
        action: "reinstated",
        reason: "整改完成",
      }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await getProductBySlug(product.slug)).not.toBeNull();
    const audits = await db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.subjectType, "supplier"), eq(s.auditLog.subjectId, staffA.supplierId!)));
    const listed = await listSuppliersForStanding({ caller: district });
    expect(listed!.mayDecide).toBe(true);
    expect(listed!.suppliers.find((x) => x.id === staffA.supplierId)).toMatchObject({
      status: "active",
      lastEvent: "reinstated",
    });
    const townBList = await listSuppliersForStanding({ caller: townB });
    expect(townBList!.mayDecide).toBe(false);
    expect(townBList!.suppliers.map((x) => x.id)).not.toContain(staffA.supplierId);
    // Found by a part of its name, whatever page it is on; a typed % matches only a real %, and
    // town B's official does not find it by name either.
    const [supplierA] = await db.select().from(s.suppliers).where(eq(s.suppliers.id, staffA.supplierId!));
    const byName = await listSuppliersForStanding({ caller: district, q: ` ${supplierA.name.slice(2, 8)} ` });
    expect(byName!.suppliers.map((x) => x.id)).toContain(staffA.supplierId);
    expect(byName!.total).toBeLessThan(listed!.total);
    expect((await listSuppliersForStanding({ caller: district, q: "%" }))!.suppliers).toEqual([]);
    expect(
      (await listSuppliersForStanding({ caller: townB, q: supplierA.name }))!.suppliers.map((x) => x.id),
    ).not.toContain(staffA.supplierId);
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining(["supplier.warned", "supplier.suspended", "supplier.reinstated"]),
    );
  });
});
