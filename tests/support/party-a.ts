// Party A's real things, for the tests that call routes with another party's ids (the
// authorization matrix, the hostile-input fuzz): a paid order of the customer with supplier A's
// product, organisation 0's bank-transfer order with supplier A's invoice, a certification of
// supplier A with a document, an agreement of supplier A with an evidence file, an API token of
// the town-A official, and a household, village and collective of town A. Needs the seed.
import { and, eq, ne } from "drizzle-orm";
import { expect } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { storeDocument } from "~/lib/uploads.server";
import { addToCart } from "~/models/ordering/cart.server";
import { placeOrder } from "~/models/ordering/checkout.server";
import { saveAddress } from "~/models/ordering/addresses.server";
import { completePayment } from "~/models/ordering/payments.server";
import { approveSettlementBatch, createSettlementBatch } from "~/models/settlement/settlement.server";
import { shanghaiDate } from "~/lib/dates";
import { DEMO_ACCOUNTS } from "../../db/fixtures/accounts";
import { shippingAddress } from "./factories";

/** Party A's data the routes are called with (made by createPartyA). */
export type Fixtures = {
  productSlug: string;
  productId: string; // supplier A's
  supplierSlug: string;
  orderNumber: string; // the customer's, paid, one part of supplier A
  paymentId: string;
  partId: string;
  householdIdTownA: string;
  certificationId: string; // supplier A's, with one document
  orgOrderNumber: string; // organisation 0's, with supplier A's invoice uploaded
  orgPartId: string;
  linkageId: string; // supplier A's, with an evidence file
  // More of party A's real ids, for the posts with real intents.
  variantId: string; // of productId
  variantStock: number;
  lineId: string; // the customer's order line
  orgId: string; // organisation 0 (buyerAdmin's)
  orgMemberId: string; // a member of organisation 0
  tokenId: string; // an API token of the town-A official
  villageIdTownA: number;
  villageCodeTownA: string; // its 12-digit code (bulk household statements)
  collectiveIdTownA: string;
  registryCodeTownA: string;
  settlementBatchId: string; // approved, with supplier A's statement
  statementId: string; // supplier A's, pending
  statementPayable: string; // its payable in yuan ("12.34")
  // Onboarding: a supplier application in town A (with one document), supplier A and its owner.
  applicationId: string;
  supplierIdA: string;
  staffIdA: string;
  addressId: string; // the customer's saved address (issue 17 address book)
  officialIdTownA: string; // an official account of town A besides the demo one (moved, deactivated)
  regionIdTownB: number; // town B (the town-B official's region)
};

export async function createPartyA(): Promise<Fixtures> {
  const [staffA] = await db
    .select()
    .from(s.users)
    .where(eq(s.users.mobile, DEMO_ACCOUNTS.find((a) => a.key === "supplierStaff")!.mobile));
  const [supplierA] = await db.select().from(s.suppliers).where(eq(s.suppliers.id, staffA.supplierId!));
  const [variant] = await db
    .select({ id: s.productVariants.id, slug: s.products.slug })
    .from(s.productVariants)
    .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
    .where(and(eq(s.products.supplierId, supplierA.id), eq(s.products.status, "active")))
    .limit(1);
  const userOf = async (key: string) =>
    (
      await db
        .select()
        .from(s.users)
        .where(eq(s.users.mobile, DEMO_ACCOUNTS.find((a) => a.key === key)!.mobile))
    )[0];
  const shipping = shippingAddress({ contactMobile: "13912345678" });

  // The customer's order of supplier A's product, paid.
  const customer = await userOf("customer");
  await addToCart({ owner: { userId: customer.id }, variantId: variant.id, quantity: 1 });
  const placed = await placeOrder({ owner: { userId: customer.id }, shipping });
  if (!placed.ok) throw new Error(`could not place the fixture order: ${JSON.stringify(placed)}`);
  const paymentId = placed.paymentUrl.split("/").pop()!;
  await completePayment({
    provider: "demo",
    providerEventId: `demo:${paymentId}:pay`,
    paymentId,
    outcome: "succeeded",
  });
  const [order] = await db.select().from(s.orders).where(eq(s.orders.orderNumber, placed.orderNumber));
  const [part] = await db.select().from(s.orderParts).where(eq(s.orderParts.orderId, order.id));

  // Organisation 0's order of the same product, with supplier A's invoice uploaded.
  const buyerAdmin = await userOf("buyerAdmin");
  await addToCart({ owner: { userId: buyerAdmin.id }, variantId: variant.id, quantity: 1 });
  const orgPlaced = await placeOrder({
    owner: { userId: buyerAdmin.id },
    shipping,
    purchase: { forOrganisation: true, bankTransfer: true },
  });
  if (!orgPlaced.ok)
    throw new Error(`could not place the organisation's order: ${JSON.stringify(orgPlaced)}`);
  const [orgOrder] = await db.select().from(s.orders).where(eq(s.orders.orderNumber, orgPlaced.orderNumber));
  const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
  const invoice = await storeDocument({ folder: "invoices", bytes: pdf, originalName: "invoice.pdf" });
  if (!invoice.ok) throw new Error(invoice.error);
  const [orgPart] = await db
    .update(s.orderParts)
    .set({ invoicePath: invoice.path, invoiceUploadedAt: new Date() })
    .where(eq(s.orderParts.orderId, orgOrder.id))
    .returning();

  // A certification application of supplier A with one document.
  const document = await storeDocument({ folder: "certifications", bytes: pdf, originalName: "license.pdf" });
  if (!document.ok) throw new Error(document.error);
  const [certification] = await db
    .insert(s.certifications)
    .values({
      subject: "supplier",
      supplierId: supplierA.id,
      status: "applied",
      documents: [{ name: document.name, path: document.path }],
    })
    .returning();

  // A supplier application in town A by a person who is none of the matrix's roles.
  const applicationDoc = await storeDocument({
    folder: "onboarding",
    bytes: pdf,
    originalName: "licence.pdf",
  });
  if (!applicationDoc.ok) throw new Error(applicationDoc.error);
  const [applicant] = await db
    .insert(s.users)
    .values({ mobile: "13999990001", displayName: "申请人", passwordHash: "not-a-hash", role: "customer" })
    .returning();
  const [applicationVillage] = await db
    .select()
    .from(s.regions)
    .where(and(eq(s.regions.parentId, supplierA.townId), eq(s.regions.level, "village")))
    .limit(1);
  const [application] = await db
    .insert(s.supplierApplications)
    .values({
      applicantId: applicant.id,
      entityName: "矩阵测试合作社",
      kind: "cooperative",
      creditCode: "93411200MA00000092",
      legalRepresentative: "李",
      contactMobile: "13999990001",
      townId: supplierA.townId,
      villageId: applicationVillage.id,
      bankName: "农商银行",
      bankAccountName: "矩阵测试合作社",
      bankAccountNo: "6228480012345678",
      linkagePlan: "订单收购",
      documents: [{ name: applicationDoc.name, path: applicationDoc.path }],
      history: [{ at: new Date().toISOString(), action: "submitted" }],
    })
    .returning();

  // One of supplier A's agreements, with an evidence file.
  const evidence = await storeDocument({ folder: "linkages", bytes: pdf, originalName: "roster.pdf" });
  if (!evidence.ok) throw new Error(evidence.error);
  const [linkage] = await db
    .select()
    .from(s.linkages)
    .where(eq(s.linkages.supplierId, supplierA.id))
    .limit(1);
  await db.update(s.linkages).set({ evidencePath: evidence.path }).where(eq(s.linkages.id, linkage.id));

  const official = await userOf("townOfficial");
  expect(supplierA.townId, "supplier A lies in town A").toBe(official.regionId);
  const [household] = await db
    .select()
    .from(s.households)
    .where(eq(s.households.townId, official.regionId!))
    .limit(1);
  const [product] = await db.select().from(s.products).where(eq(s.products.slug, variant.slug));
  const [variantRow] = await db.select().from(s.productVariants).where(eq(s.productVariants.id, variant.id));
  const [line] = await db.select().from(s.orderLines).where(eq(s.orderLines.orderId, order.id)).limit(1);
  const [membership] = await db
    .select()
    .from(s.buyerMemberships)
    .where(eq(s.buyerMemberships.userId, buyerAdmin.id));
  const [member] = await db
    .select()
    .from(s.buyerMemberships)
    .where(
      and(
        eq(s.buyerMemberships.organisationId, membership.organisationId),
        ne(s.buyerMemberships.userId, buyerAdmin.id),
      ),
    )
    .limit(1);
  const [token] = await db
    .insert(s.apiTokens)
    .values({ userId: official.id, name: "matrix", tokenHash: "matrix-token-hash-of-town-a" })
    .returning();
  const [village] = await db
    .select()
    .from(s.regions)
    .where(eq(s.regions.parentId, official.regionId!))
    .limit(1);
  const [collective] = await db
    .select()
    .from(s.villageCollectives)
    .where(eq(s.villageCollectives.townId, official.regionId!))
    .limit(1);
  // An approved settlement batch of the past year, with supplier A's statement (pending payout).
  const admin = await userOf("admin");
  const today = new Date();
  const batch = await createSettlementBatch({
    caller: admin,
    periodFrom: shanghaiDate(new Date(today.getTime() - 365 * 86_400_000)),
    periodTo: shanghaiDate(today),
  });
  if (!batch.ok) throw new Error(`could not create the settlement batch: ${batch.code}`);
  await approveSettlementBatch({ caller: admin, batchId: batch.batchId });
  const [statement] = await db
    .select()
    .from(s.settlementStatements)
    .where(
      and(
        eq(s.settlementStatements.batchId, batch.batchId),
        eq(s.settlementStatements.supplierId, supplierA.id),
      ),
    );
  // A second official of town A: the district moves and deactivates this one, never the demo account.
  const [officialA2] = await db
    .insert(s.users)
    .values({
      displayName: "矩阵乡镇干部",
      mobile: "13700009981",
      passwordHash: "not-a-password-hash",
      role: "official",
      regionId: official.regionId,
    })
    .returning({ id: s.users.id });
  const townB = await userOf("townOfficialB");
  // The customer's address book entry (the default: their first).
  const savedAddress = await saveAddress({ userId: customer.id, input: shipping });
  if (!savedAddress.ok) throw new Error(`could not save the fixture address: ${savedAddress.code}`);
  return {
    addressId: savedAddress.id,
    productSlug: variant.slug,
    productId: product.id,
    supplierSlug: supplierA.slug,
    orderNumber: order.orderNumber,
    paymentId,
    partId: part.id,
    householdIdTownA: household.id,
    certificationId: certification.id,
    orgOrderNumber: orgOrder.orderNumber,
    orgPartId: orgPart.id,
    linkageId: linkage.id,
    variantId: variant.id,
    variantStock: variantRow.stock,
    lineId: line.id,
    orgId: membership.organisationId,
    orgMemberId: member?.userId ?? buyerAdmin.id,
    tokenId: token.id,
    villageIdTownA: village.id,
    villageCodeTownA: village.code,
    collectiveIdTownA: collective.id,
    registryCodeTownA: household.registryCode,
    settlementBatchId: batch.batchId,
    statementId: statement.id,
    statementPayable: (statement.payableFen / 100).toFixed(2),
    applicationId: application.id,
    supplierIdA: supplierA.id,
    staffIdA: staffA.id,
    officialIdTownA: officialA2.id,
    regionIdTownB: townB.regionId!,
  };
}

/** The URL and params of each route about one party's thing, with party A's ids. */
export const ID_ROUTE_TARGETS: Record<
  string,
  (f: Fixtures) => { url: string; params: Record<string, string> }
> = {
  "account.addresses.$id.tsx": (f) => ({
    url: `/account/addresses/${f.addressId}`,
    params: { id: f.addressId },
  }),
  "official.applications.$id.tsx": (f) => ({
    url: `/official/applications/${f.applicationId}`,
    params: { id: f.applicationId },
  }),
  "official.applications.$id.documents.$index.ts": (f) => ({
    url: `/official/applications/${f.applicationId}/documents/0`,
    params: { id: f.applicationId, index: "0" },
  }),
  "orders.$number.tsx": (f) => ({ url: `/orders/${f.orderNumber}`, params: { number: f.orderNumber } }),
  "pay.demo.$paymentId.tsx": (f) => ({ url: `/pay/demo/${f.paymentId}`, params: { paymentId: f.paymentId } }),
  "official.households.$id.tsx": (f) => ({
    url: `/official/households/${f.householdIdTownA}`,
    params: { id: f.householdIdTownA },
  }),
  "official.households.$id_.statement.tsx": (f) => ({
    url: `/official/households/${f.householdIdTownA}/statement`,
    params: { id: f.householdIdTownA },
  }),
  "official.households.$id_.statement_.export.ts": (f) => ({
    url: `/official/households/${f.householdIdTownA}/statement/export?format=pdf`,
    params: { id: f.householdIdTownA },
  }),
  "official.statements.export.ts": (f) => ({
    url: `/official/statements/export?village=${f.villageCodeTownA}&format=xlsx`,
    params: {},
  }),
  "official.warnings.$id.tsx": (f) => ({
    url: `/official/warnings/${f.householdIdTownA}`,
    params: { id: f.householdIdTownA },
  }),
  "linkages.$id.evidence.ts": (f) => ({
    url: `/linkages/${f.linkageId}/evidence`,
    params: { id: f.linkageId },
  }),
  "supplier.products.$id.tsx": (f) => ({
    url: `/supplier/products/${f.productId}`,
    params: { id: f.productId },
  }),
  "supplier.orders.$partId.tsx": (f) => ({
    url: `/supplier/orders/${f.partId}`,
    params: { partId: f.partId },
  }),
  "supplier.orders.$partId_.packing-list.tsx": (f) => ({
    url: `/supplier/orders/${f.partId}/packing-list`,
    params: { partId: f.partId },
  }),
  "supplier.certifications.$id.documents.$index.ts": (f) => ({
    url: `/supplier/certifications/${f.certificationId}/documents/0`,
    params: { id: f.certificationId, index: "0" },
  }),
  "official.certifications.$id.documents.$index.ts": (f) => ({
    url: `/official/certifications/${f.certificationId}/documents/0`,
    params: { id: f.certificationId, index: "0" },
  }),
  "official.orders.$orderNumber.tsx": (f) => ({
    url: `/official/orders/${f.orderNumber}`,
    params: { orderNumber: f.orderNumber },
  }),
  "buyer.orders.$number.tsx": (f) => ({
    url: `/buyer/orders/${f.orgOrderNumber}`,
    params: { number: f.orgOrderNumber },
  }),
  "buyer.orders.$number.invoice.$partId.ts": (f) => ({
    url: `/buyer/orders/${f.orgOrderNumber}/invoice/${f.orgPartId}`,
    params: { number: f.orgOrderNumber, partId: f.orgPartId },
  }),
  "supplier.settlement.$statementId.tsx": (f) => ({
    url: `/supplier/settlement/${f.statementId}`,
    params: { statementId: f.statementId },
  }),
  "supplier.settlement.$statementId_.export.ts": (f) => ({
    url: `/supplier/settlement/${f.statementId}/export?format=csv`,
    params: { statementId: f.statementId },
  }),
};
