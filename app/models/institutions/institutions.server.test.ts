// Institutional buying on the engine of the run (PGlite, or PostgreSQL with DATABASE_URL): target
// progress to the fen, the 832 completion rule, unions' per-member yearly amount, and bank
// transfers that are refused (and change nothing) or recorded exactly once.
import type { Caller } from "../access/scope.server";
import { and, count, eq, inArray, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { shanghaiDate } from "~/lib/dates";
import { seedDatabase } from "../../../db/seed";
import { addToCart } from "../ordering/cart.server";
import { placeOrder, releaseExpiredOrders } from "../ordering/checkout.server";
import {
  attachInvoice,
  completePartStep,
  getOrganisationOrder,
  getPurchaseOptions,
  listOrganisationsForOfficial,
  organisationProgress,
  recordTransfer,
  setTarget,
  updateInvoiceDetails,
} from "./institutions.server";
import { refundOrderLines } from "../ordering/payments.server";
import { shippingAddress } from "../../../tests/support/factories";

const shipping = shippingAddress({
  contactName: "刘红",
  contactMobile: "13800000003",
  detail: "示范区教育局 1 号",
});

let buyerAdmin: Caller,
  unionAdmin: Caller,
  unionMember: Caller,
  customer: Caller,
  admin: Caller,
  staffX: Caller,
  staffY: Caller,
  district: Caller,
  townB: Caller;
/** Variants (in stock, active product) of the first and second seeded suppliers. */
let variantX: { id: string; priceFen: number }, variantY: { id: string; priceFen: number };

async function account(mobile: string): Promise<Caller> {
  const [u] = await db
    .select({
      id: s.users.id,
      role: s.users.role,
      organisationId: s.users.organisationId,
      supplierId: s.users.supplierId,
      regionId: s.users.regionId,
    })
    .from(s.users)
    .where(eq(s.users.mobile, mobile));
  return u;
}

async function variantOf(supplierId: string) {
  const [v] = await db
    .select({ id: s.productVariants.id, priceFen: s.productVariants.priceFen })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .where(
      and(
        eq(s.products.supplierId, supplierId),
        eq(s.products.status, "active"),
        eq(s.productVariants.active, true),
      ),
    )
    .orderBy(s.productVariants.sku)
    .limit(1);
  // Plenty of stock, so the tests never run short.
  await db.update(s.productVariants).set({ stock: 100_000 }).where(eq(s.productVariants.id, v.id));
  return v;
}

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 60 });
  [buyerAdmin, unionAdmin, unionMember, customer, admin, staffX, staffY, district, townB] = await Promise.all(
    [
      "13800000003",
      "13800000031",
      "13800000032",
      "13800000001",
      "13800000009",
      "13800000004",
      "13800000005",
      "13800000006",
      "13800000008",
    ].map(account),
  );
  variantX = await variantOf(staffX.supplierId!);
  variantY = await variantOf(staffY.supplierId!);
});

type Line = { variantId: string; quantity: number };

async function order(
  user: Caller,
  lines: Line[],
  { at = new Date(), bankTransfer = true, forOrganisation = true } = {},
) {
  for (const l of lines) {
    const added = await addToCart({ owner: { userId: user.id }, ...l });
    if (!added.ok) throw new Error(added.code);
  }
  return placeOrder({
    owner: { userId: user.id },
    shipping,
    purchase: { forOrganisation, bankTransfer },
    now: at,
  });
}

async function placed(
  user: Caller,
  lines: Line[],
  options: { at?: Date; bankTransfer?: boolean; forOrganisation?: boolean } = {},
) {
  const result = await order(user, lines, options);
  if (!result.ok) throw new Error(`not placed: ${result.code}`);
  const [row] = await db.select().from(s.orders).where(eq(s.orders.orderNumber, result.orderNumber));
  return row;
}

let referenceSeq = 0;
async function pay(caller: Caller, o: typeof s.orders.$inferSelect, at: Date) {
  const result = await recordTransfer({
    caller,
    orderNumber: o.orderNumber,
    bankReference: `TEST${++referenceSeq}`,
    amountFen: o.totalFen,
    transferDate: shanghaiDate(at),
    now: at,
  });
  expect(result).toEqual({ ok: true, duplicate: false });
}

async function partsOf(orderId: string) {
  return db
    .select()
    .from(s.orderParts)
    .where(eq(s.orderParts.orderId, orderId))
    .orderBy(s.orderParts.supplierId);
}

async function partOf(orderId: string, supplierId: string) {
  const [p] = await db
    .select()
    .from(s.orderParts)
    .where(and(eq(s.orderParts.orderId, orderId), eq(s.orderParts.supplierId, supplierId)));
  return p;
}

/** What h3's shipping page does to a part (not this file's concern). */
async function ship(partId: string) {
  await db.update(s.orderParts).set({ status: "shipped" }).where(eq(s.orderParts.id, partId));
}

async function complete(o: typeof s.orders.$inferSelect, supplier: Caller, at: Date) {
  const part = await partOf(o.id, supplier.supplierId!);
  await ship(part.id);
  expect(
    await attachInvoice({ caller: supplier, partId: part.id, path: `invoices/${part.id}.pdf`, now: at }),
  ).toEqual({ ok: true });
  for (const step of ["accept", "confirm_invoice", "rate"] as const) {
    expect(
      await completePartStep({
        caller: buyerAdmin,
        orderNumber: o.orderNumber,
        partId: part.id,
        step,
        rating: 5,
        comment: "好",
        now: at,
      }),
    ).toEqual({ ok: true });
  }
}

describe("invoice details", () => {
  it("are checked in the model: a bad tax number or an empty title changes nothing; a good one is stored normalised", async () => {
    const orgOf = async () =>
      (
        await db
          .select()
          .from(s.buyerOrganisations)
          .where(eq(s.buyerOrganisations.id, buyerAdmin.organisationId!))
      )[0];
    const before = await orgOf();
    expect(
      await updateInvoiceDetails({ caller: buyerAdmin, invoiceTitle: "某单位", taxNumber: "12-34" }),
    ).toEqual({ ok: false, code: "bad_details" });
    expect(
      await updateInvoiceDetails({ caller: buyerAdmin, invoiceTitle: "  ", taxNumber: before.taxNumber }),
    ).toEqual({ ok: false, code: "bad_details" });
    expect(await orgOf()).toEqual(before);
    expect(
      await updateInvoiceDetails({
        caller: buyerAdmin,
        invoiceTitle: " 示范区教育局 ",
        taxNumber: "11411200mb1234567x",
      }),
    ).toEqual({ ok: true });
    expect(await orgOf()).toMatchObject({ invoiceTitle: "示范区教育局", taxNumber: "11411200MB1234567X" });
    expect(
      await updateInvoiceDetails({ caller: customer, invoiceTitle: "x", taxNumber: "11411200MB1234567X" }),
    ).toMatchObject({ ok: false, code: "not_found" });
  });
});

describe("target progress", () => {
  it("counts ordered, paid and completed by month and by supplier, net of refunds, to the fen", async () => {
    const d = (iso: string) => new Date(iso);
    expect(await setTarget({ caller: buyerAdmin, year: 2025, targetFen: 1_000_000 })).toEqual({ ok: true });
    // A: ordered in January, paid in February, completed in March.
    const a = await placed(buyerAdmin, [{ variantId: variantX.id, quantity: 2 }], {
      at: d("2025-01-20T10:00:00+08:00"),
    });
    await pay(buyerAdmin, a, d("2025-02-03T09:00:00+08:00"));
    await complete(a, staffX, d("2025-03-01T09:00:00+08:00"));
    // B: two suppliers, ordered and paid in February, not complete.
    const b = await placed(
      buyerAdmin,
      [
        { variantId: variantX.id, quantity: 1 },
        { variantId: variantY.id, quantity: 3 },
      ],
      { at: d("2025-02-10T10:00:00+08:00") },
    );
    await pay(buyerAdmin, b, d("2025-02-11T10:00:00+08:00"));
    // C: ordered at 23:30 on 31 December (Shanghai), never paid.
    const c = await placed(buyerAdmin, [{ variantId: variantY.id, quantity: 1 }], {
      at: d("2025-12-31T23:30:00+08:00"),
    });
    // D: ordered in 2024, paid half an hour into 2025 (Shanghai): paid this year, ordered last year.
    const dd = await placed(buyerAdmin, [{ variantId: variantY.id, quantity: 2 }], {
      at: d("2024-12-31T23:00:00+08:00"),
    });
    await pay(buyerAdmin, dd, d("2025-01-01T00:30:00+08:00"));
    // E: May, paid, then 1 fen... well, 101 fen of its line refunded.
    const e = await placed(buyerAdmin, [{ variantId: variantX.id, quantity: 1 }], {
      at: d("2025-05-05T10:00:00+08:00"),
    });
    await pay(buyerAdmin, e, d("2025-05-06T10:00:00+08:00"));
    const [eLine] = await db.select().from(s.orderLines).where(eq(s.orderLines.orderId, e.id));
    expect(
      await refundOrderLines({ orderId: e.id, lines: [{ orderLineId: eLine.id, amountFen: 101 }] }),
    ).toMatchObject({ ok: true });
    // An individual order of the same person is not the organisation's.
    await placed(buyerAdmin, [{ variantId: variantX.id, quantity: 1 }], {
      at: d("2025-02-10T10:00:00+08:00"),
      bankTransfer: false,
      forOrganisation: false,
    });

    const net = async (o: typeof a, supplierId?: string) => {
      const parts = (await partsOf(o.id)).filter((p) => !supplierId || p.supplierId === supplierId);
      let sum = 0;
      for (const p of parts) {
        const lines = await db.select().from(s.orderLines).where(eq(s.orderLines.orderPartId, p.id));
        sum += p.subtotalFen + p.shippingFen - lines.reduce((x, l) => x + l.refundedFen, 0);
      }
      return sum;
    };
    const [A, B, C, D, E] = [await net(a), await net(b), await net(c), await net(dd), await net(e)];
    expect(E).toBe(e.totalFen - 101);

    const progress = (await organisationProgress({ caller: buyerAdmin, year: 2025 }))!;
    expect(progress).toMatchObject({
      year: 2025,
      targetFen: 1_000_000,
      orderedFen: A + B + C + E,
      paidFen: A + B + D + E,
      completedFen: A,
    });
    const month = (m: number) => progress.byMonth[m - 1];
    expect(month(1)).toEqual({ month: 1, orderedFen: A, paidFen: D, completedFen: 0 });
    expect(month(2)).toEqual({ month: 2, orderedFen: B, paidFen: A + B, completedFen: A });
    expect(month(3)).toEqual({ month: 3, orderedFen: 0, paidFen: 0, completedFen: 0 });
    expect(month(5)).toEqual({ month: 5, orderedFen: E, paidFen: E, completedFen: 0 });
    expect(month(12)).toEqual({ month: 12, orderedFen: C, paidFen: 0, completedFen: 0 });
    const sum = (k: "orderedFen" | "paidFen" | "completedFen") =>
      progress.byMonth.reduce((x, m) => x + m[k], 0);
    expect([sum("orderedFen"), sum("paidFen"), sum("completedFen")]).toEqual([
      progress.orderedFen,
      progress.paidFen,
      progress.completedFen,
    ]);

    const bySupplier = new Map(progress.bySupplier.map((r) => [r.supplierId, r]));
    const [bX, bY] = [await net(b, staffX.supplierId!), await net(b, staffY.supplierId!)];
    expect(bySupplier.get(staffX.supplierId!)).toMatchObject({
      orderedFen: A + bX + E,
      paidFen: A + bX + E,
      completedFen: A,
    });
    expect(bySupplier.get(staffY.supplierId!)).toMatchObject({
      orderedFen: bY + C,
      paidFen: bY + D,
      completedFen: 0,
    });

    // Another year is empty; the 2026 seed target is there; an official sees the same completed amount.
    expect(await organisationProgress({ caller: buyerAdmin, year: 2024 })).toMatchObject({
      orderedFen: D,
      paidFen: 0,
    });
    const official = (await listOrganisationsForOfficial({ caller: district, year: 2025 }))!;
    expect(official.find((o) => o.id === buyerAdmin.organisationId)).toMatchObject({
      targetFen: 1_000_000,
      paidFen: A + B + D + E,
      completedFen: A,
      completionBp: Math.floor((A * 10000) / 1_000_000),
    });
    // Scope: the seeded organisations sit at the district level, so a town official sees none of them; a customer nothing at all.
    expect(await listOrganisationsForOfficial({ caller: townB, year: 2025 })).toEqual([]);
    expect(await listOrganisationsForOfficial({ caller: customer, year: 2025 })).toBeNull();
    expect(await organisationProgress({ caller: customer, year: 2025 })).toBeNull();
  });

  it("a target is set by the organisation's buyer_admin or an admin, never by another organisation", async () => {
    expect(
      await setTarget({
        caller: unionAdmin,
        organisationId: buyerAdmin.organisationId!,
        year: 2027,
        targetFen: 5,
      }),
    ).toEqual({ ok: false, code: "not_found" });
    expect(await setTarget({ caller: customer, year: 2027, targetFen: 5 })).toEqual({
      ok: false,
      code: "not_found",
    });
    expect(
      await setTarget({
        caller: admin,
        organisationId: buyerAdmin.organisationId!,
        year: 2027,
        targetFen: 777,
      }),
    ).toEqual({ ok: true });
    expect((await organisationProgress({ caller: buyerAdmin, year: 2027 }))!.targetFen).toBe(777);
  });
});

describe("completion rule", () => {
  it("a part completes only with acceptance, confirmed invoice and rating, in any order the steps allow; the order when all parts do", async () => {
    const o = await placed(buyerAdmin, [
      { variantId: variantX.id, quantity: 1 },
      { variantId: variantY.id, quantity: 1 },
    ]);
    const partX = await partOf(o.id, staffX.supplierId!);
    const partY = await partOf(o.id, staffY.supplierId!);
    const step = (partId: string, st: "accept" | "confirm_invoice" | "rate", caller = buyerAdmin) =>
      completePartStep({
        caller,
        orderNumber: o.orderNumber,
        partId,
        step: st,
        rating: 4,
        comment: "包装完好",
      });
    const statuses = async () => ({
      order: (await db.select().from(s.orders).where(eq(s.orders.id, o.id)))[0].status,
      x: (await partOf(o.id, staffX.supplierId!)).status,
      y: (await partOf(o.id, staffY.supplierId!)).status,
    });

    // Unpaid: nothing can be accepted, and the supplier cannot attach an invoice yet.
    expect(await step(partX.id, "accept")).toEqual({ ok: false, code: "not_shipped" });
    expect(await attachInvoice({ caller: staffX, partId: partX.id, path: "invoices/x.pdf" })).toEqual({
      ok: false,
      code: "not_found",
    });
    await pay(buyerAdmin, o, new Date());
    expect(await step(partX.id, "accept")).toEqual({ ok: false, code: "not_shipped" });
    expect(await step(partX.id, "rate")).toEqual({ ok: false, code: "not_accepted" });
    expect(await step(partX.id, "confirm_invoice")).toEqual({ ok: false, code: "no_invoice" });
    // Another supplier cannot attach an invoice to X's part; nobody but the organisation's admin takes steps.
    expect(await attachInvoice({ caller: staffY, partId: partX.id, path: "invoices/x.pdf" })).toEqual({
      ok: false,
      code: "not_found",
    });
    expect(await step(partX.id, "accept", unionAdmin)).toEqual({ ok: false, code: "not_found" });
    expect(await step(partX.id, "accept", customer)).toEqual({ ok: false, code: "not_found" });

    // X: invoice confirmed before the goods arrive, then accepted: still incomplete until rated.
    expect(await attachInvoice({ caller: staffX, partId: partX.id, path: "invoices/x.pdf" })).toEqual({
      ok: true,
    });
    expect(await step(partX.id, "confirm_invoice")).toEqual({ ok: true });
    expect(await attachInvoice({ caller: staffX, partId: partX.id, path: "invoices/x2.pdf" })).toEqual({
      ok: false,
      code: "not_found",
    });
    await ship(partX.id);
    expect(await step(partX.id, "accept")).toEqual({ ok: true });
    expect(await statuses()).toEqual({ order: "paid", x: "delivered", y: "paid" });
    expect(await step(partX.id, "rate")).toEqual({ ok: true });
    expect(await statuses()).toEqual({ order: "paid", x: "completed", y: "paid" });
    expect(await step(partX.id, "rate")).toEqual({ ok: false, code: "already_done" });

    // Y: accepted and rated, invoice missing → incomplete; the invoice completes part and order.
    await ship(partY.id);
    expect(await step(partY.id, "accept")).toEqual({ ok: true });
    expect(
      await completePartStep({
        caller: buyerAdmin,
        orderNumber: o.orderNumber,
        partId: partY.id,
        step: "rate",
        rating: 9,
      }),
    ).toEqual({ ok: false, code: "bad_rating" });
    expect(await step(partY.id, "rate")).toEqual({ ok: true });
    expect(await statuses()).toEqual({ order: "delivered", x: "completed", y: "delivered" });
    expect(await attachInvoice({ caller: staffY, partId: partY.id, path: "invoices/y.pdf" })).toEqual({
      ok: true,
    });
    expect(await statuses()).toEqual({ order: "delivered", x: "completed", y: "delivered" });
    expect(await step(partY.id, "confirm_invoice")).toEqual({ ok: true });
    expect(await statuses()).toEqual({ order: "completed", x: "completed", y: "completed" });
    const view = (await getOrganisationOrder({ caller: buyerAdmin, orderNumber: o.orderNumber }))!;
    expect(view.completedAt).not.toBeNull();
    expect(view.parts.every((p) => p.rating === 4 && p.ratingComment === "包装完好")).toBe(true);
  });
});

describe("unions: the per-member yearly amount", () => {
  it("refuses an order that would take a member past the yearly amount, showing what remains, and changes nothing", async () => {
    const options = (await getPurchaseOptions({ userId: unionMember.id }))!;
    expect(options.organisation.kind).toBe("union");
    expect(options.allowance).toEqual({ yearlyFen: 60_000, usedFen: 0, remainingFen: 60_000 });
    const quantity = Math.max(1, Math.floor(40_000 / variantX.priceFen));
    const first = await placed(unionMember, [{ variantId: variantX.id, quantity }]);
    expect(first.buyerKind).toBe("union");
    expect(first.organisationId).toBe(unionAdmin.organisationId);
    expect(first.totalFen).toBeLessThanOrEqual(60_000);
    const remaining = 60_000 - first.totalFen;
    expect((await getPurchaseOptions({ userId: unionMember.id }))!.allowance!.remainingFen).toBe(remaining);

    const [stockBefore] = await db
      .select({ stock: s.productVariants.stock })
      .from(s.productVariants)
      .where(eq(s.productVariants.id, variantX.id));
    const ordersBefore = (await db.select({ n: count() }).from(s.orders))[0].n;
    const over = Math.floor(remaining / variantX.priceFen) + 1;
    expect(await order(unionMember, [{ variantId: variantX.id, quantity: over }])).toEqual({
      ok: false,
      code: "allowance_exceeded",
      remainingFen: remaining,
    });
    const [stockAfter] = await db
      .select({ stock: s.productVariants.stock })
      .from(s.productVariants)
      .where(eq(s.productVariants.id, variantX.id));
    expect(stockAfter.stock).toBe(stockBefore.stock);
    expect((await db.select({ n: count() }).from(s.orders))[0].n).toBe(ordersBefore);
    // The same basket bought privately is fine (the cart still holds it).
    const own = await placeOrder({
      owner: { userId: unionMember.id },
      shipping,
      purchase: { forOrganisation: false, bankTransfer: false },
    });
    expect(own).toMatchObject({ ok: true });
  });

  it("refuses buying for an organisation without being a member, and bank transfer for a private order", async () => {
    expect(await order(customer, [{ variantId: variantX.id, quantity: 1 }])).toEqual({
      ok: false,
      code: "not_member",
    });
    expect(await order(customer, [], { forOrganisation: false, bankTransfer: true })).toEqual({
      ok: false,
      code: "bank_transfer_org_only",
    });
    expect(await getPurchaseOptions({ userId: customer.id })).toBeNull();
  });
});

describe("bank transfer records", () => {
  it("refuses wrong amounts, bad dates, reused references and people without the right; each changes nothing; a repeat changes nothing", async () => {
    const o = await placed(unionMember, [{ variantId: variantY.id, quantity: 1 }]);
    const [payment] = await db.select().from(s.payments).where(eq(s.payments.orderId, o.id));
    expect(payment).toMatchObject({
      provider: "bank_transfer",
      status: "pending",
      checkoutUrl: `/buyer/orders/${o.orderNumber}`,
    });
    expect(payment.providerRef).toMatch(/^DG\d{14}-[0-9A-F]{4}$/);
    // Bank transfers hold the stock for BANK_TRANSFER_DAYS (7 by default).
    expect(o.expiresAt.getTime() - o.createdAt.getTime()).toBe(7 * 86_400_000);

    const state = async () => ({
      order: (
        await db
          .select({ status: s.orders.status, paidAt: s.orders.paidAt })
          .from(s.orders)
          .where(eq(s.orders.id, o.id))
      )[0],
      payments: await db
        .select({
          status: s.payments.status,
          ref: s.payments.providerPaymentId,
          date: s.payments.transferDate,
        })
        .from(s.payments)
        .where(eq(s.payments.orderId, o.id)),
      events: (
        await db.select({ n: count() }).from(s.paymentEvents).where(eq(s.paymentEvents.orderId, o.id))
      )[0].n,
      ledger: (
        await db
          .select({ n: count() })
          .from(s.attributionEntries)
          .where(eq(s.attributionEntries.orderId, o.id))
      )[0].n,
      audit: (
        await db
          .select({ n: count() })
          .from(s.auditLog)
          .where(and(eq(s.auditLog.subjectId, o.orderNumber), like(s.auditLog.action, "payment.%")))
      )[0].n,
    });
    const before = await state();
    const today = shanghaiDate(new Date());
    const tomorrow = shanghaiDate(new Date(Date.now() + 86_400_000));
    const record = (
      caller: Caller,
      fields: Partial<{ bankReference: string; amountFen: number; transferDate: string }> = {},
    ) =>
      recordTransfer({
        caller,
        orderNumber: o.orderNumber,
        bankReference: "ICBC20261123001",
        amountFen: o.totalFen,
        transferDate: today,
        ...fields,
      });

    expect(await record(unionMember)).toEqual({ ok: false, code: "no_right" });
    expect(await record(buyerAdmin)).toEqual({ ok: false, code: "not_found" });
    expect(await record(customer)).toEqual({ ok: false, code: "not_found" });
    expect(await record(unionAdmin, { amountFen: o.totalFen - 1 })).toEqual({
      ok: false,
      code: "wrong_amount",
    });
    expect(await record(unionAdmin, { amountFen: o.totalFen + 100 })).toEqual({
      ok: false,
      code: "wrong_amount",
    });
    expect(await record(unionAdmin, { transferDate: tomorrow })).toEqual({
      ok: false,
      code: "date_in_future",
    });
    expect(await record(unionAdmin, { transferDate: "2020-01-01" })).toEqual({
      ok: false,
      code: "date_before_order",
    });
    // A reference already used to pay another order.
    const other = await placed(unionMember, [{ variantId: variantY.id, quantity: 1 }]);
    expect(
      await recordTransfer({
        caller: unionAdmin,
        orderNumber: other.orderNumber,
        bankReference: "USED-1",
        amountFen: other.totalFen,
        transferDate: today,
      }),
    ).toEqual({ ok: true, duplicate: false });
    expect(await record(unionAdmin, { bankReference: "USED-1" })).toEqual({
      ok: false,
      code: "reference_used",
    });
    expect(await state()).toEqual(before);

    expect(await record(unionAdmin)).toEqual({ ok: true, duplicate: false });
    const after = await state();
    expect(after.order.status).toBe("paid");
    expect(after.payments).toEqual([{ status: "succeeded", ref: "ICBC20261123001", date: today }]);
    expect(after.events).toBe(1);
    expect(after.audit).toBe(1);
    expect(after.ledger).toBeGreaterThan(0);
    // Recording the same transfer again (a double click, a second clerk): no double effect.
    expect(await record(unionAdmin)).toEqual({ ok: true, duplicate: true });
    expect(await record(admin)).toEqual({ ok: true, duplicate: true });
    expect(await state()).toEqual(after);
    // A different reference for an order already paid is refused.
    expect(await record(unionAdmin, { bankReference: "ICBC-OTHER" })).toEqual({
      ok: false,
      code: "not_awaiting_payment",
    });
    expect(await state()).toEqual(after);
  });

  it("holds the stock for BANK_TRANSFER_DAYS; a transfer recorded after the sweep cancelled the order restores and pays it", async () => {
    const placedAt = new Date(Date.now() - 8 * 86_400_000);
    const o = await placed(buyerAdmin, [{ variantId: variantX.id, quantity: 1 }], { at: placedAt });
    await releaseExpiredOrders({ now: new Date(Date.now() - 2 * 86_400_000) });
    expect((await db.select().from(s.orders).where(eq(s.orders.id, o.id)))[0].status).toBe("pending_payment");
    expect(await releaseExpiredOrders()).toBeGreaterThanOrEqual(1);
    expect((await db.select().from(s.orders).where(eq(s.orders.id, o.id)))[0]).toMatchObject({
      status: "cancelled",
      cancelReason: "payment_timeout",
    });
    const result = await recordTransfer({
      caller: buyerAdmin,
      orderNumber: o.orderNumber,
      bankReference: "LATE-0001",
      amountFen: o.totalFen,
      transferDate: shanghaiDate(new Date(Date.now() - 86_400_000)),
    });
    expect(result).toEqual({ ok: true, duplicate: false });
    expect((await db.select().from(s.orders).where(eq(s.orders.id, o.id)))[0]).toMatchObject({
      status: "paid",
      cancelReason: null,
    });
  });

  it("a used bank reference is refused in any variant (case, hyphens, spaces, full-width) and changes nothing; the bank's text is kept for display", async () => {
    // Placed by the union's admin: its members' allowances are left to the other cases.
    const [a, b] = [
      await placed(unionAdmin, [{ variantId: variantY.id, quantity: 1 }]),
      await placed(unionAdmin, [{ variantId: variantY.id, quantity: 1 }]),
    ];
    const today = shanghaiDate(new Date());
    const record = (o: typeof a, bankReference: string) =>
      recordTransfer({
        caller: unionAdmin,
        orderNumber: o.orderNumber,
        bankReference,
        amountFen: o.totalFen,
        transferDate: today,
      });
    const stateOf = async (o: typeof a) => ({
      order: (await db.select({ status: s.orders.status }).from(s.orders).where(eq(s.orders.id, o.id)))[0],
      payments: await db
        .select({ status: s.payments.status, ref: s.payments.providerPaymentId })
        .from(s.payments)
        .where(eq(s.payments.orderId, o.id)),
      events: (
        await db.select({ n: count() }).from(s.paymentEvents).where(eq(s.paymentEvents.orderId, o.id))
      )[0].n,
    });
    expect(await record(a, "ICBC20261202000001")).toEqual({ ok: true, duplicate: false });
    const before = await stateOf(b);
    for (const variant of [
      "icbc20261202000001",
      "ICBC-20261202000001",
      "ICBC 2026 1202 000001",
      "ＩＣＢＣ２０２６１２０２０００００１",
      "icbc_2026.1202/000001",
      "ICBC－20261202－000001",
    ]) {
      expect(await record(b, variant), variant).toEqual({ ok: false, code: "reference_used" });
    }
    expect(await stateOf(b)).toEqual(before);
    // The same transfer recorded again on its own order, typed differently: no double effect.
    expect(await record(a, "icbc-2026-1202-000001")).toEqual({ ok: true, duplicate: true });
    expect((await stateOf(a)).payments).toEqual([{ status: "succeeded", ref: "ICBC20261202000001" }]);
    // The bank's own text is what the order shows; the key is its normalised form.
    expect(await record(b, " ＢＯＣ－2026 0009 ")).toEqual({ ok: true, duplicate: false });
    expect((await stateOf(b)).payments).toEqual([{ status: "succeeded", ref: "ＢＯＣ－2026 0009" }]);
    const [event] = await db
      .select({ id: s.paymentEvents.providerEventId })
      .from(s.paymentEvents)
      .where(eq(s.paymentEvents.orderId, b.id));
    expect(event.id).toBe("transfer:BOC20260009");
    expect(
      await recordTransfer({
        caller: unionAdmin,
        orderNumber: a.orderNumber,
        bankReference: "--",
        amountFen: a.totalFen,
        transferDate: today,
      }),
    ).toEqual({ ok: false, code: "bad_reference" });
  });

  it("racing recordings: one reference pays one order once (meaningful on PostgreSQL, where they run in parallel)", async () => {
    const [a, b] = [
      await placed(unionMember, [{ variantId: variantY.id, quantity: 1 }]),
      await placed(unionMember, [{ variantId: variantY.id, quantity: 1 }]),
    ];
    const today = shanghaiDate(new Date());
    const same = (o: typeof a) =>
      recordTransfer({
        caller: unionAdmin,
        orderNumber: o.orderNumber,
        bankReference: "RACE-1",
        amountFen: o.totalFen,
        transferDate: today,
      });
    const results = await Promise.all([same(a), same(b), same(a), same(b)]);
    expect(results.filter((r) => r.ok && !r.duplicate)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.code === "reference_used")).toBe(true);
    const paid = await db
      .select({ id: s.orders.id })
      .from(s.orders)
      .where(and(eq(s.orders.status, "paid"), inArray(s.orders.id, [a.id, b.id])));
    expect(paid).toHaveLength(1);
    expect(
      (
        await db
          .select({ n: count() })
          .from(s.paymentEvents)
          .where(eq(s.paymentEvents.providerEventId, "transfer:RACE1"))
      )[0].n,
    ).toBe(1);
  });
});
