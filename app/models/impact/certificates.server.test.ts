// Impact certificates against an independent recount from attribution_entries: a certificate
// verifies (and its signature checks with node:crypto and the published public key); a figure
// edited in the stored payload makes it "altered"; a refund after issue makes it "altered" with
// the amended figures; another user's order and another organisation's year are refused.
import { createPublicKey, verify } from "node:crypto";
import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { canonicalJson } from "~/lib/signing.server";
import { floorFigure } from "../../../core/privacy-floor";
import { seedDatabase } from "../../../db/seed";
import { buyAndPay, demoMobile } from "../../../tests/support/factories";
import type { Caller } from "../access/scope.server";
import { refundLine } from "../ordering/fulfilment.server";
import {
  getCertificate,
  issueCertificate,
  verifyCertificate,
  type CertificatePayload,
} from "./certificates.server";

let customer: Caller, customer2: Caller, buyerAdmin: Caller, unionAdmin: Caller, admin: Caller;
let orderNumber: string, orderId: string, orgOrderNumber: string;

async function account(key: string): Promise<Caller> {
  const [u] = await db
    .select({
      id: s.users.id,
      role: s.users.role,
      organisationId: s.users.organisationId,
      supplierId: s.users.supplierId,
      regionId: s.users.regionId,
    })
    .from(s.users)
    .where(eq(s.users.mobile, demoMobile(key)));
  return u;
}

/** One variant of each of the first `n` active products (in stock), spread over the suppliers. */
async function manyVariants(n: number) {
  const rows = await db
    .select({ id: s.productVariants.id, productId: s.products.id })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .where(and(eq(s.products.status, "active"), eq(s.productVariants.active, true)))
    .orderBy(s.productVariants.sku);
  const seen = new Set<string>();
  const picked = rows.filter((r) => !seen.has(r.productId) && seen.add(r.productId)).slice(0, n);
  await db
    .update(s.productVariants)
    .set({ stock: 900 })
    .where(
      inArray(
        s.productVariants.id,
        picked.map((r) => r.id),
      ),
    );
  return picked;
}

/** The independent recount: households with a positive net for the order, and the net total. */
async function recount(id: string) {
  const rows = await db
    .select({
      householdId: s.attributionEntries.householdId,
      kind: s.attributionEntries.householdKind,
      net: sql<number>`sum(${s.attributionEntries.amountFen})::int`,
    })
    .from(s.attributionEntries)
    .where(eq(s.attributionEntries.orderId, id))
    .groupBy(s.attributionEntries.householdId, s.attributionEntries.householdKind);
  const [{ total }] = await db
    .select({ total: sql<number>`coalesce(sum(${s.attributionEntries.amountFen}), 0)::int` })
    .from(s.attributionEntries)
    .where(eq(s.attributionEntries.orderId, id));
  const reached = rows.filter((r) => r.householdId && Number(r.net) > 0);
  return {
    total: Number(total),
    households: reached.length,
    monitored: reached.filter((r) => r.kind !== "alleviated").length,
  };
}

const payloadOf = async (id: string) => {
  const [row] = await db.select().from(s.impactCertificates).where(eq(s.impactCertificates.id, id));
  return row;
};

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 120 });
  [customer, customer2, buyerAdmin, unionAdmin, admin] = await Promise.all(
    ["customer", "customer2", "buyerAdmin", "unionAdmin", "admin"].map(account),
  );
  const variants = await manyVariants(14);
  const placed = await buyAndPay({
    items: variants.map((v) => ({ variantId: v.id, quantity: 3 })),
    paidAt: new Date("2026-06-10T10:00:00+08:00"),
  });
  orderNumber = placed.orderNumber;
  orderId = placed.orderId;
  await db.update(s.orders).set({ userId: customer.id }).where(eq(s.orders.id, orderId));
  // An order of the education bureau (organisation 0), bought by its admin.
  const org = await buyAndPay({
    items: variants.slice(0, 6).map((v) => ({ variantId: v.id, quantity: 2 })),
    paidAt: new Date("2026-07-01T10:00:00+08:00"),
  });
  orgOrderNumber = org.orderNumber;
  await db
    .update(s.orders)
    .set({ userId: buyerAdmin.id, organisationId: buyerAdmin.organisationId, buyerKind: "budget_unit" })
    .where(eq(s.orders.id, org.orderId));
});

describe("order certificates", () => {
  it("states the ledger's figures exactly, signed so that node:crypto verifies it", async () => {
    const issued = await issueCertificate({ caller: customer, request: { kind: "order", orderNumber } });
    expect(issued).toMatchObject({ ok: true, reused: false });
    if (!issued.ok) return;
    expect(issued.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    const expected = await recount(orderId);
    expect(expected.households).toBeGreaterThanOrEqual(5); // the test needs figures above the floor
    const verification = await verifyCertificate({ id: issued.id });
    expect(verification).toMatchObject({ status: "valid", signatureValid: true, figuresMatch: true });
    const payload = verification!.payload!;
    expect(payload.subject).toEqual({ kind: "order", orderNumber, paidOn: "2026-06-10" });
    expect(payload.figures.totalFen).toBe(expected.total);
    expect(payload.figures.households).toBe(expected.households >= 5 ? expected.households : "<5");
    expect(payload.figures.monitoredHouseholds).toBe(
      expected.monitored === 0 || expected.monitored >= 5 ? expected.monitored : "<5",
    );
    // The stored text is the canonical form of the payload, and the published key verifies it.
    const row = await payloadOf(issued.id);
    expect(row.payload).toBe(canonicalJson(payload));
    const publicKey = createPublicKey(verification!.publicKeyPem);
    expect(verify(null, Buffer.from(row.payload), publicKey, Buffer.from(row.signature, "base64"))).toBe(
      true,
    );
    // No household id, name or ID number in what is signed.
    const households = await db.select().from(s.households);
    for (const h of households) {
      expect(row.payload).not.toContain(h.id);
      expect(row.payload).not.toContain(h.headName);
      expect(row.payload).not.toContain(h.idCardMasked);
    }
    // Asking again while nothing changed gives the same certificate.
    expect(await issueCertificate({ caller: customer, request: { kind: "order", orderNumber } })).toEqual({
      ok: true,
      id: issued.id,
      reused: true,
    });
  });

  it("says altered when a figure in the stored payload is edited", async () => {
    const issued = await issueCertificate({ caller: customer, request: { kind: "order", orderNumber } });
    if (!issued.ok) throw new Error("not issued");
    const row = await payloadOf(issued.id);
    const payload = JSON.parse(row.payload) as CertificatePayload;
    const forged = canonicalJson({
      ...payload,
      figures: { ...payload.figures, totalFen: Number(payload.figures.totalFen) + 100 },
    });
    await db
      .update(s.impactCertificates)
      .set({ payload: forged })
      .where(eq(s.impactCertificates.id, issued.id));
    const verification = await verifyCertificate({ id: issued.id });
    expect(verification).toMatchObject({ status: "altered", signatureValid: false });
    // The figures shown are the ledger's, not the forged ones.
    expect(verification!.current.totalFen).toBe((await recount(orderId)).total);
    await db
      .update(s.impactCertificates)
      .set({ payload: row.payload })
      .where(eq(s.impactCertificates.id, issued.id));
    expect((await verifyCertificate({ id: issued.id }))!.status).toBe("valid");
  });

  it("shows a refund after issue as an amendment, with the amended figures", async () => {
    const issued = await issueCertificate({ caller: customer, request: { kind: "order", orderNumber } });
    if (!issued.ok) throw new Error("not issued");
    const before = await recount(orderId);
    const [line] = await db
      .select()
      .from(s.orderLines)
      .where(and(eq(s.orderLines.orderId, orderId), isNotNull(s.orderLines.supplierId)))
      .orderBy(sql`${s.orderLines.lineTotalFen} desc`)
      .limit(1);
    const refunded = await refundLine({ caller: admin, lineId: line.id, amountFen: line.lineTotalFen });
    expect(refunded).toMatchObject({ ok: true });
    const after = await recount(orderId);
    expect(after.total).toBeLessThan(before.total);
    const verification = await verifyCertificate({ id: issued.id });
    expect(verification).toMatchObject({ status: "altered", signatureValid: true, figuresMatch: false });
    expect(verification!.payload!.figures.totalFen).toBe(before.total);
    expect(verification!.current.totalFen).toBe(floorFigure(after.total, after.households));
    // A new certificate states the amended figures and verifies.
    const again = await issueCertificate({ caller: customer, request: { kind: "order", orderNumber } });
    expect(again).toMatchObject({ ok: true, reused: false });
    if (again.ok) expect((await verifyCertificate({ id: again.id }))!.status).toBe("valid");
  });

  it("two requests at once give one certificate", async () => {
    const [a, b] = await Promise.all([
      issueCertificate({ caller: customer, request: { kind: "order", orderNumber } }),
      issueCertificate({ caller: customer, request: { kind: "order", orderNumber } }),
    ]);
    expect(a.ok && b.ok && a.id === b.id).toBe(true);
  });

  it("refuses another user's order, and an unknown one, alike", async () => {
    const count = async () => (await db.select().from(s.impactCertificates)).length;
    const before = await count();
    expect(await issueCertificate({ caller: customer2, request: { kind: "order", orderNumber } })).toEqual({
      ok: false,
      code: "not_found",
    });
    expect(
      await issueCertificate({
        caller: customer2,
        request: { kind: "order", orderNumber: "20990101-000001" },
      }),
    ).toEqual({ ok: false, code: "not_found" });
    expect(await count()).toBe(before);
    const [mine] = await db
      .select()
      .from(s.impactCertificates)
      .where(eq(s.impactCertificates.orderId, orderId));
    expect(await getCertificate({ caller: customer2, id: mine.id })).toBeNull();
    expect(await getCertificate({ caller: buyerAdmin, id: mine.id })).toBeNull();
    expect(await getCertificate({ caller: customer, id: mine.id })).not.toBeNull();
  });

  it("lets the organisation's buyers certify its orders", async () => {
    const issued = await issueCertificate({
      caller: buyerAdmin,
      request: { kind: "order", orderNumber: orgOrderNumber },
    });
    expect(issued.ok).toBe(true);
    expect(
      await issueCertificate({ caller: unionAdmin, request: { kind: "order", orderNumber: orgOrderNumber } }),
    ).toEqual({ ok: false, code: "not_found" });
  });
});

describe("institution year certificates", () => {
  it("sums the organisation's orders of the year, for its admin only", async () => {
    const issued = await issueCertificate({
      caller: buyerAdmin,
      request: { kind: "institution_year", year: 2026 },
      now: new Date("2026-11-01T00:00:00+08:00"),
    });
    if (!issued.ok) throw new Error(JSON.stringify(issued));
    const verification = await verifyCertificate({ id: issued.id });
    expect(verification!.status).toBe("valid");
    const [org] = await db.select().from(s.orders).where(eq(s.orders.orderNumber, orgOrderNumber));
    const expected = await recount(org.id);
    expect(verification!.payload!.subject).toEqual({
      kind: "institution_year",
      organisation: "示范区教育局机关食堂",
      year: 2026,
    });
    expect(verification!.payload!.figures.totalFen).toBe(expected.households >= 5 ? expected.total : "<5");
    expect(await getCertificate({ caller: unionAdmin, id: issued.id })).toBeNull();
    expect(await getCertificate({ caller: customer, id: issued.id })).toBeNull();
    expect(await getCertificate({ caller: buyerAdmin, id: issued.id })).not.toBeNull();
    // A customer has no organisation to certify; a year in the future is refused.
    expect(
      await issueCertificate({ caller: customer, request: { kind: "institution_year", year: 2026 } }),
    ).toEqual({ ok: false, code: "not_found" });
    expect(
      await issueCertificate({
        caller: buyerAdmin,
        request: { kind: "institution_year", year: 2031 },
        now: new Date("2026-11-01T00:00:00+08:00"),
      }),
    ).toEqual({ ok: false, code: "bad_year" });
  });
});
