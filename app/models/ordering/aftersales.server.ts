// After-sales (售后) claims on one order line (docs/decisions/067, docs/aftersales.md).
//
// A shopper opens a claim within the window after the part's delivery (AFTERSALES_WINDOW_DAYS,
// AFTERSALES_FRESH_WINDOW_DAYS for fresh produce — a line is fresh by its category, FRESH_CATEGORY_SLUGS)
// for a refund only, a return and refund, or a reshipment. The supplier answers before `reply_by`
// (AFTERSALES_REPLY_HOURS): agree, propose a partial amount, or reject with a reason; the shopper
// accepts or declines a proposal (declined → escalated); an unanswered claim is escalated by the
// sweep; an admin decides an escalated claim (refund an amount, or reject).
//
//   awaiting_supplier ─agree→ refunded | reshipped      proposed ─accept→ refunded
//                     ─propose→ proposed                        ─decline→ escalated
//                     ─reject→ rejected                 escalated ─decide→ refunded | rejected
//                     ─deadline→ escalated              any open ─withdraw (shopper)→ withdrawn
//
// One outcome: every step locks the order, then the claim, and moves only from the status it read;
// a refund goes through refundOrderLinesIn in the same transaction with the claim's idempotency key
// (so the ledger reversal and the statistics follow, once). One open claim per line is also a
// partial unique index. Every step is an aftersales_events row, shown to both sides.
import { and, asc, desc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db, schema as s, type Transaction } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { UUID } from "~/lib/ids";
import { isTrackingNumber, MAX_CARRIER_LENGTH } from "~/lib/shipment-rules";
import { readUpload, sniffDocumentType, storeDocument } from "~/lib/uploads.server";
import { recordAudit } from "../access/audit.server";
import { ownSupplierFilter, type Caller } from "../access/scope.server";
import { canViewOrder, type OrderViewer } from "./orders.server";
import { orderRecipient, refundOrderLinesIn } from "./payments.server";
import { enqueueNotification, supplierRecipients, type Recipient } from "../notifications/outbox.server";
import { CLAIM_KINDS, CLAIM_REASONS, type ClaimKind } from "./aftersales-rules";
import { followParts } from "./status.server";

export { CLAIM_KINDS, CLAIM_REASONS };

export type ClaimStatus = (typeof s.aftersalesStatus.enumValues)[number];
export const OPEN_STATUSES = [
  "awaiting_supplier",
  "proposed",
  "escalated",
] as const satisfies readonly ClaimStatus[];
export const MAX_PHOTOS = 6;
export const MAX_DESCRIPTION = 1000;
export const MAX_NOTE = 500;

/**
 * Fresh produce (生鲜) has the shorter window: fruit (the whole category), fresh and root
 * vegetables, fresh mushrooms, eggs and meat. A line is fresh when its category or the category's
 * parent is listed (the category is the line's snapshot taken at checkout).
 */
export const FRESH_CATEGORY_SLUGS = [
  "fruit",
  "vegetable-fresh",
  "vegetable-root",
  "fungi-shiitake",
  "fungi-oyster-mushroom",
  "livestock-egg",
  "livestock-poultry",
  "livestock-pork",
] as const;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type ClaimError =
  | "not_found"
  | "not_delivered"
  | "window_closed"
  | "claim_open"
  | "bad_kind"
  | "bad_reason"
  | "bad_description"
  | "bad_amount"
  | "too_many_photos"
  | "bad_photo"
  | "already_decided"
  | "bad_note"
  | "invalid_carrier"
  | "invalid_tracking"
  | "tracking_in_use"
  | "refund_failed";
export type ClaimResult = { ok: true; claimId: string } | { ok: false; code: ClaimError };

const fail = (code: ClaimError) => ({ ok: false as const, code });

// ─── eligibility ─────────────────────────────────────────────────────────────────────────

const parentCategory = alias(s.categories, "parent_category");

/** The line with what decides its eligibility, in the viewer's order; null when not theirs. */
async function lineForViewer(
  ex: Transaction | typeof db,
  { orderNumber, lineId, viewer }: { orderNumber: string; lineId: string; viewer: OrderViewer },
) {
  if (!UUID.test(lineId)) return null;
  const [row] = await ex
    .select({
      order: s.orders,
      line: s.orderLines,
      partStatus: s.orderParts.status,
      categorySlug: s.categories.slug,
      parentSlug: parentCategory.slug,
      deliveredAt: sql<Date | null>`(select max(${s.shipments.deliveredAt}) from ${s.shipments} where ${s.shipments.orderPartId} = ${s.orderLines.orderPartId})`,
    })
    .from(s.orderLines)
    .innerJoin(s.orders, eq(s.orders.id, s.orderLines.orderId))
    .innerJoin(s.orderParts, eq(s.orderParts.id, s.orderLines.orderPartId))
    .innerJoin(s.categories, eq(s.categories.id, s.orderLines.categoryId))
    .leftJoin(parentCategory, eq(parentCategory.id, s.categories.parentId))
    .where(and(eq(s.orderLines.id, lineId), eq(s.orders.orderNumber, orderNumber)));
  if (!row || !canViewOrder(row.order, viewer)) return null;
  const deliveredAt = row.deliveredAt ? new Date(row.deliveredAt) : null;
  return { ...row, deliveredAt };
}

export function isFresh(categorySlug: string, parentSlug: string | null): boolean {
  const fresh: readonly string[] = FRESH_CATEGORY_SLUGS;
  return fresh.includes(categorySlug) || (parentSlug !== null && fresh.includes(parentSlug));
}

/** The window in days for a line of this category. */
export function windowDays(fresh: boolean): number {
  const env = getEnv();
  return fresh ? env.AFTERSALES_FRESH_WINDOW_DAYS : env.AFTERSALES_WINDOW_DAYS;
}

type Eligibility =
  | { ok: true; closesAt: Date; fresh: boolean; remainingFen: number }
  | { ok: false; code: "not_delivered" | "window_closed" | "claim_open" | "bad_amount"; closesAt?: Date };

async function eligibility(
  ex: Transaction | typeof db,
  row: NonNullable<Awaited<ReturnType<typeof lineForViewer>>>,
  now: Date,
): Promise<Eligibility> {
  if (!["delivered", "completed"].includes(row.partStatus) || !row.deliveredAt)
    return { ok: false, code: "not_delivered" };
  const fresh = isFresh(row.categorySlug, row.parentSlug);
  const closesAt = new Date(row.deliveredAt.getTime() + windowDays(fresh) * DAY);
  if (now.getTime() > closesAt.getTime()) return { ok: false, code: "window_closed", closesAt };
  const [open] = await ex
    .select({ id: s.aftersalesClaims.id })
    .from(s.aftersalesClaims)
    .where(
      and(
        eq(s.aftersalesClaims.orderLineId, row.line.id),
        inArray(s.aftersalesClaims.status, [...OPEN_STATUSES]),
      ),
    );
  if (open) return { ok: false, code: "claim_open", closesAt };
  const remainingFen = row.line.lineTotalFen - row.line.refundedFen;
  return { ok: true, closesAt, fresh, remainingFen };
}

/** What the claim form shows: the line, the window, and whether a claim may be opened now. */
export async function getClaimForm({
  orderNumber,
  lineId,
  viewer,
  now = new Date(),
}: {
  orderNumber: string;
  lineId: string;
  viewer: OrderViewer;
  now?: Date;
}) {
  const row = await lineForViewer(db, { orderNumber, lineId, viewer });
  if (!row) return null;
  const e = await eligibility(db, row, now);
  return {
    orderNumber,
    line: {
      id: row.line.id,
      productName: row.line.productName,
      variantSpec: row.line.variantSpec,
      quantity: row.line.quantity,
      lineTotalFen: row.line.lineTotalFen,
      refundedFen: row.line.refundedFen,
    },
    remainingFen: row.line.lineTotalFen - row.line.refundedFen,
    fresh: isFresh(row.categorySlug, row.parentSlug),
    closesAt: e.closesAt?.toISOString() ?? null,
    eligible: e.ok ? null : e.code,
  };
}

// ─── opening ─────────────────────────────────────────────────────────────────────────────

export type PhotoUpload = { bytes: Uint8Array; name: string };

/**
 * The shopper opens a claim on one line of their order: checked, photos checked by their content
 * (JPEG, PNG or WebP) and stored, then the claim written under the order's lock.
 */
export async function openClaim({
  orderNumber,
  lineId,
  viewer,
  kind,
  reason,
  description,
  amountFen,
  photos = [],
  now = new Date(),
}: {
  orderNumber: string;
  lineId: string;
  viewer: OrderViewer;
  kind: string;
  reason: string;
  description: string;
  /** The refund asked for (refund kinds); ignored for a reshipment. */
  amountFen?: number | null;
  photos?: PhotoUpload[];
  now?: Date;
}): Promise<ClaimResult> {
  if (!(CLAIM_KINDS as readonly string[]).includes(kind)) return fail("bad_kind");
  if (!(CLAIM_REASONS as readonly string[]).includes(reason)) return fail("bad_reason");
  const text = description.trim();
  if (text.length === 0 || text.length > MAX_DESCRIPTION) return fail("bad_description");
  const real = photos.filter((p) => p.bytes.byteLength > 0);
  if (real.length > MAX_PHOTOS) return fail("too_many_photos");
  for (const p of real) {
    const type = sniffDocumentType(p.bytes);
    if (!type || type === "pdf") return fail("bad_photo");
  }
  const first = await lineForViewer(db, { orderNumber, lineId, viewer });
  if (!first) return fail("not_found");
  const pre = await eligibility(db, first, now);
  if (!pre.ok) return fail(pre.code);
  const requestedFen = kind === "reshipment" ? 0 : (amountFen ?? pre.remainingFen);
  if (
    kind !== "reshipment" &&
    (!Number.isSafeInteger(requestedFen) || requestedFen <= 0 || requestedFen > pre.remainingFen)
  )
    return fail("bad_amount");

  const stored: string[] = [];
  for (const p of real) {
    const saved = await storeDocument({ folder: "aftersales", bytes: p.bytes, originalName: p.name });
    if (!saved.ok) return fail("bad_photo");
    stored.push(saved.path);
  }

  return db.transaction(async (tx) => {
    await tx.select({ id: s.orders.id }).from(s.orders).where(eq(s.orders.id, first.order.id)).for("update");
    const row = await lineForViewer(tx, { orderNumber, lineId, viewer });
    if (!row) return fail("not_found");
    const e = await eligibility(tx, row, now);
    if (!e.ok) return fail(e.code);
    if (kind !== "reshipment" && requestedFen > e.remainingFen) return fail("bad_amount");
    const replyBy = new Date(now.getTime() + getEnv().AFTERSALES_REPLY_HOURS * HOUR);
    const [claim] = await tx
      .insert(s.aftersalesClaims)
      .values({
        orderId: row.order.id,
        orderPartId: row.line.orderPartId,
        orderLineId: row.line.id,
        supplierId: row.line.supplierId,
        userId: viewer.userId ?? null,
        kind: kind as ClaimKind,
        reason,
        description: text,
        requestedFen,
        replyBy,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: s.aftersalesClaims.id });
    if (!claim) return fail("claim_open");
    if (stored.length > 0)
      await tx
        .insert(s.aftersalesPhotos)
        .values(stored.map((path, position) => ({ claimId: claim.id, position, path })));
    await event(tx, claim.id, {
      actor: "shopper",
      actorId: viewer.userId ?? null,
      action: "opened",
      amountFen: requestedFen || null,
      note: "",
      now,
    });
    return { ok: true as const, claimId: claim.id };
  });
}

async function event(
  tx: Transaction,
  claimId: string,
  e: {
    actor: "shopper" | "supplier" | "admin" | "system";
    actorId: string | null;
    action: string;
    amountFen?: number | null;
    note?: string;
    now: Date;
  },
) {
  const [row] = await tx
    .insert(s.aftersalesEvents)
    .values({
      claimId,
      at: e.now,
      actor: e.actor,
      actorId: e.actorId,
      action: e.action,
      amountFen: e.amountFen ?? null,
      note: e.note ?? "",
    })
    .returning({ id: s.aftersalesEvents.id });
  await announceClaimStep(tx, claimId, row.id, e.action);
}

/**
 * Who hears of a claim's step, in the step's transaction (decision 092): an opened claim → the
 * supplier's people; the supplier's answer → the shopper; an escalation or the platform's decision
 * → both. The shopper's own acceptance or withdrawal tells nobody.
 */
async function announceClaimStep(tx: Transaction, claimId: string, eventId: number | string, action: string) {
  const toShopper = ["rejected", "proposed", "reshipped", "agreed"].includes(action);
  const toBoth = ["declined", "escalated", "decided_reject", "decided_refund"].includes(action);
  if (action !== "opened" && !toShopper && !toBoth) return;
  const [c] = await tx
    .select({
      supplierId: s.aftersalesClaims.supplierId,
      orderNumber: s.orders.orderNumber,
      userId: s.orders.userId,
      contactMobile: s.orders.contactMobile,
    })
    .from(s.aftersalesClaims)
    .innerJoin(s.orders, eq(s.orders.id, s.aftersalesClaims.orderId))
    .where(eq(s.aftersalesClaims.id, claimId));
  const shopper = orderRecipient(c);
  const supplier = async () => supplierRecipients(tx, c.supplierId, { everyone: true });
  let to: Recipient[];
  let template: "claim_opened" | "claim_answered" | "claim_escalated" | "claim_decided";
  if (action === "opened") {
    to = await supplier();
    template = "claim_opened";
  } else if (toShopper) {
    to = [shopper];
    template = "claim_answered";
  } else {
    to = [shopper, ...(await supplier())];
    template = action.startsWith("decided") ? "claim_decided" : "claim_escalated";
  }
  const refused = action === "rejected" || action === "decided_reject";
  await enqueueNotification(tx, {
    event: `aftersales:${claimId}:${eventId}`,
    template,
    params: {
      orderNumber: c.orderNumber,
      replyHours: getEnv().AFTERSALES_REPLY_HOURS,
      outcome: refused ? "@notify.outcome.refused" : "@notify.outcome.accepted",
    },
    to,
  });
}

// ─── steps ───────────────────────────────────────────────────────────────────────────────

type Claim = typeof s.aftersalesClaims.$inferSelect;

/** Locks the claim's order, then the claim; null when unknown or `visible` refuses it. */
async function lockClaim(tx: Transaction, claimId: string, where?: SQL) {
  if (!UUID.test(claimId)) return null;
  const [target] = await tx
    .select({ orderId: s.aftersalesClaims.orderId })
    .from(s.aftersalesClaims)
    .where(and(eq(s.aftersalesClaims.id, claimId), where));
  if (!target) return null;
  const [order] = await tx.select().from(s.orders).where(eq(s.orders.id, target.orderId)).for("update");
  const [claim] = await tx
    .select()
    .from(s.aftersalesClaims)
    .where(eq(s.aftersalesClaims.id, claimId))
    .for("update");
  return { order, claim };
}

/** Refunds `amountFen` of the claim's line in this transaction and closes the claim as refunded. */
async function refundClaim(
  tx: Transaction,
  claim: Claim,
  {
    amountFen,
    actor,
    actorId,
    action,
    now,
  }: {
    amountFen: number;
    actor: "shopper" | "supplier" | "admin";
    actorId: string | null;
    action: string;
    now: Date;
  },
): Promise<ClaimResult> {
  // A return and refund takes back every unit still on the line; the supplier (or the platform)
  // says whether the returned units go back on sale (fresh produce usually cannot).
  const [line] = await tx.select().from(s.orderLines).where(eq(s.orderLines.id, claim.orderLineId));
  const returnedUnits = claim.kind === "return_refund" ? line.quantity - line.refundedQuantity : 0;
  const refund = await refundOrderLinesIn(tx, {
    orderId: claim.orderId,
    lines: [{ orderLineId: claim.orderLineId, amountFen, quantity: returnedUnits }],
    reason: `售后 ${claim.id}`,
    requestedBy: actorId,
    idempotencyKey: `aftersales:${claim.id}`,
    now,
  });
  if (!refund.ok)
    return fail(
      refund.code === "beyond_paid" || refund.code === "bad_amount" ? "bad_amount" : "refund_failed",
    );
  const restocked = claim.restock && returnedUnits > 0 ? returnedUnits : 0;
  if (restocked > 0)
    await tx
      .update(s.productVariants)
      .set({ stock: sql`${s.productVariants.stock} + ${restocked}` })
      .where(eq(s.productVariants.id, line.variantId));
  await tx
    .update(s.aftersalesClaims)
    .set({
      status: "refunded",
      refundedFen: amountFen,
      refundId: refund.refundId,
      restockedQuantity: restocked,
      closedAt: now,
    })
    .where(eq(s.aftersalesClaims.id, claim.id));
  await event(tx, claim.id, { actor, actorId, action, amountFen, now });
  if (restocked > 0)
    await event(tx, claim.id, {
      actor,
      actorId,
      action: "restocked",
      amountFen: null,
      note: String(restocked),
      now,
    });
  await followParts(tx, claim.orderId, now);
  return { ok: true, claimId: claim.id };
}

async function remainingOf(tx: Transaction, lineId: string) {
  const [line] = await tx.select().from(s.orderLines).where(eq(s.orderLines.id, lineId));
  return line.lineTotalFen - line.refundedFen;
}

/** A claim in the supplier's scope (admins reach every claim). */
function supplierScope(caller: Caller): SQL | undefined {
  return ownSupplierFilter(caller, s.aftersalesClaims.supplierId);
}

/** `restock`: for a return and refund, the returned units go back on sale when it is refunded. */
export type SupplierAnswer =
  | { action: "agree"; carrier?: string; trackingNumber?: string; restock?: boolean }
  | { action: "propose"; amountFen: number; note?: string; restock?: boolean }
  | { action: "reject"; note: string };

/** The supplier answers a claim awaiting it: agree (refund or reship), propose an amount, reject. */
export async function answerClaim({
  caller,
  claimId,
  answer,
  now = new Date(),
}: {
  caller: Caller;
  claimId: string;
  answer: SupplierAnswer;
  now?: Date;
}): Promise<ClaimResult> {
  if (caller.role !== "supplier_staff") return fail("not_found");
  return db.transaction(async (tx) => {
    const locked = await lockClaim(tx, claimId, supplierScope(caller));
    if (!locked) return fail("not_found");
    const { claim } = locked;
    if (claim.status !== "awaiting_supplier") return fail("already_decided");
    const result = await applyAnswer(tx, claim, caller, answer, now);
    if (result.ok)
      await recordAudit(tx, {
        actor: { id: caller.id, role: caller.role },
        action: `aftersales.${answer.action}`,
        subjectType: "aftersales_claim",
        subjectId: claim.id,
        details: { orderNumber: locked.order.orderNumber },
        at: now,
      });
    return result;
  });
}

async function applyAnswer(
  tx: Transaction,
  claim: Claim,
  caller: Caller,
  answer: SupplierAnswer,
  now: Date,
): Promise<ClaimResult> {
  const who = { actor: "supplier" as const, actorId: caller.id };
  if (answer.action === "reject") {
    const note = answer.note.trim();
    if (note.length === 0 || note.length > MAX_NOTE) return fail("bad_note");
    await tx
      .update(s.aftersalesClaims)
      .set({ status: "rejected", closedAt: now })
      .where(eq(s.aftersalesClaims.id, claim.id));
    await event(tx, claim.id, { ...who, action: "rejected", note, now });
    return { ok: true, claimId: claim.id };
  }
  if (answer.action === "propose") {
    const remaining = await remainingOf(tx, claim.orderLineId);
    if (!Number.isSafeInteger(answer.amountFen) || answer.amountFen <= 0 || answer.amountFen > remaining)
      return fail("bad_amount");
    const note = (answer.note ?? "").trim();
    if (note.length > MAX_NOTE) return fail("bad_note");
    await tx
      .update(s.aftersalesClaims)
      .set({
        status: "proposed",
        proposedFen: answer.amountFen,
        restock: restockChoice(claim, answer.restock),
      })
      .where(eq(s.aftersalesClaims.id, claim.id));
    await event(tx, claim.id, { ...who, action: "proposed", amountFen: answer.amountFen, note, now });
    return { ok: true, claimId: claim.id };
  }
  if (claim.kind === "reshipment") {
    const carrier = (answer.carrier ?? "").trim();
    const number = (answer.trackingNumber ?? "").trim();
    if (carrier.length === 0 || carrier.length > MAX_CARRIER_LENGTH) return fail("invalid_carrier");
    if (!isTrackingNumber(number)) return fail("invalid_tracking");
    // A reshipment is a shipment of its own at no price to the shopper: no order line, no payment.
    const [shipment] = await tx
      .insert(s.shipments)
      .values({
        orderPartId: claim.orderPartId,
        carrier,
        trackingNumber: number,
        shippedBy: caller.id,
        shippedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: s.shipments.id });
    if (!shipment) return fail("tracking_in_use");
    await tx
      .update(s.aftersalesClaims)
      .set({ status: "reshipped", shipmentId: shipment.id, closedAt: now })
      .where(eq(s.aftersalesClaims.id, claim.id));
    await event(tx, claim.id, { ...who, action: "reshipped", note: `${carrier} ${number}`, now });
    return { ok: true, claimId: claim.id };
  }
  const restock = restockChoice(claim, answer.restock);
  if (restock)
    await tx.update(s.aftersalesClaims).set({ restock }).where(eq(s.aftersalesClaims.id, claim.id));
  return refundClaim(
    tx,
    { ...claim, restock },
    { ...who, action: "agreed", amountFen: claim.requestedFen, now },
  );
}

/** Only a return and refund brings units back; any other kind leaves the stock as it is. */
function restockChoice(claim: Claim, restock: boolean | undefined): boolean {
  return claim.kind === "return_refund" && restock === true;
}

/** The shopper accepts or declines a proposal, or withdraws an open claim. */
export async function respondToClaim({
  orderNumber,
  claimId,
  viewer,
  action,
  now = new Date(),
}: {
  orderNumber: string;
  claimId: string;
  viewer: OrderViewer;
  action: "accept" | "decline" | "withdraw";
  now?: Date;
}): Promise<ClaimResult> {
  return db.transaction(async (tx) => {
    const locked = await lockClaim(tx, claimId);
    if (!locked || locked.order.orderNumber !== orderNumber || !canViewOrder(locked.order, viewer))
      return fail("not_found");
    const { claim } = locked;
    const who = { actor: "shopper" as const, actorId: viewer.userId ?? null };
    if (action === "withdraw") {
      if (!(OPEN_STATUSES as readonly string[]).includes(claim.status)) return fail("already_decided");
      await tx
        .update(s.aftersalesClaims)
        .set({ status: "withdrawn", closedAt: now })
        .where(eq(s.aftersalesClaims.id, claim.id));
      await event(tx, claim.id, { ...who, action: "withdrawn", now });
      return { ok: true as const, claimId: claim.id };
    }
    if (claim.status !== "proposed" || claim.proposedFen === null) return fail("already_decided");
    if (action === "decline") {
      await tx
        .update(s.aftersalesClaims)
        .set({ status: "escalated" })
        .where(eq(s.aftersalesClaims.id, claim.id));
      await event(tx, claim.id, { ...who, action: "declined", amountFen: claim.proposedFen, now });
      return { ok: true as const, claimId: claim.id };
    }
    return refundClaim(tx, claim, { ...who, action: "accepted", amountFen: claim.proposedFen, now });
  });
}

/** An admin decides an escalated claim: refund an amount (≤ what remains of the line) or reject. */
export async function decideClaim({
  caller,
  claimId,
  decision,
  amountFen,
  note = "",
  restock,
  now = new Date(),
}: {
  caller: Caller;
  claimId: string;
  decision: "refund" | "reject";
  amountFen?: number | null;
  note?: string;
  /** For a return and refund: put the returned units back on sale. */
  restock?: boolean;
  now?: Date;
}): Promise<ClaimResult> {
  if (caller.role !== "admin") return fail("not_found");
  const text = note.trim();
  if (text.length > MAX_NOTE || (decision === "reject" && text.length === 0)) return fail("bad_note");
  return db.transaction(async (tx) => {
    const locked = await lockClaim(tx, claimId);
    if (!locked) return fail("not_found");
    const { claim } = locked;
    if (claim.status !== "escalated") return fail("already_decided");
    const who = { actor: "admin" as const, actorId: caller.id };
    let result: ClaimResult;
    if (decision === "reject") {
      await tx
        .update(s.aftersalesClaims)
        .set({ status: "rejected", closedAt: now })
        .where(eq(s.aftersalesClaims.id, claim.id));
      await event(tx, claim.id, { ...who, action: "decided_reject", note: text, now });
      result = { ok: true, claimId: claim.id };
    } else {
      const amount = amountFen ?? 0;
      if (!Number.isSafeInteger(amount) || amount <= 0 || amount > (await remainingOf(tx, claim.orderLineId)))
        return fail("bad_amount");
      const withRestock = { ...claim, restock: restockChoice(claim, restock) };
      if (withRestock.restock)
        await tx.update(s.aftersalesClaims).set({ restock: true }).where(eq(s.aftersalesClaims.id, claim.id));
      result = await refundClaim(tx, withRestock, {
        ...who,
        action: "decided_refund",
        amountFen: amount,
        now,
      });
    }
    if (result.ok)
      await recordAudit(tx, {
        actor: { id: caller.id, role: caller.role },
        action: `aftersales.decided_${decision}`,
        subjectType: "aftersales_claim",
        subjectId: claim.id,
        details: { orderNumber: locked.order.orderNumber, amountFen: amountFen ?? null, note: text },
        at: now,
      });
    return result;
  });
}

/** The sweep: claims the supplier left unanswered past `reply_by` go to the platform. */
export async function escalateOverdueClaims({ now = new Date() }: { now?: Date } = {}): Promise<number> {
  return db.transaction(async (tx) => {
    const moved = await tx
      .update(s.aftersalesClaims)
      .set({ status: "escalated" })
      .where(and(eq(s.aftersalesClaims.status, "awaiting_supplier"), lt(s.aftersalesClaims.replyBy, now)))
      .returning({ id: s.aftersalesClaims.id });
    if (moved.length > 0) {
      const events = await tx
        .insert(s.aftersalesEvents)
        .values(moved.map((c) => ({ claimId: c.id, at: now, actor: "system", action: "escalated" })))
        .returning({ id: s.aftersalesEvents.id, claimId: s.aftersalesEvents.claimId });
      for (const e of events) await announceClaimStep(tx, e.claimId, e.id, "escalated");
    }
    return moved.length;
  });
}

// ─── reading ─────────────────────────────────────────────────────────────────────────────

const claimColumns = {
  id: s.aftersalesClaims.id,
  orderNumber: s.orders.orderNumber,
  orderPartId: s.aftersalesClaims.orderPartId,
  productName: s.orderLines.productName,
  variantSpec: s.orderLines.variantSpec,
  quantity: s.orderLines.quantity,
  lineTotalFen: s.orderLines.lineTotalFen,
  lineRefundedFen: s.orderLines.refundedFen,
  supplierName: s.orderLines.supplierName,
  kind: s.aftersalesClaims.kind,
  reason: s.aftersalesClaims.reason,
  description: s.aftersalesClaims.description,
  requestedFen: s.aftersalesClaims.requestedFen,
  proposedFen: s.aftersalesClaims.proposedFen,
  refundedFen: s.aftersalesClaims.refundedFen,
  restockedQuantity: s.aftersalesClaims.restockedQuantity,
  status: s.aftersalesClaims.status,
  replyBy: s.aftersalesClaims.replyBy,
  createdAt: s.aftersalesClaims.createdAt,
  closedAt: s.aftersalesClaims.closedAt,
};

async function claimWhere(where: SQL | undefined) {
  const [claim] = await db
    .select(claimColumns)
    .from(s.aftersalesClaims)
    .innerJoin(s.orders, eq(s.orders.id, s.aftersalesClaims.orderId))
    .innerJoin(s.orderLines, eq(s.orderLines.id, s.aftersalesClaims.orderLineId))
    .where(where);
  if (!claim) return null;
  const [events, photos] = await Promise.all([
    db
      .select({
        at: s.aftersalesEvents.at,
        actor: s.aftersalesEvents.actor,
        action: s.aftersalesEvents.action,
        amountFen: s.aftersalesEvents.amountFen,
        note: s.aftersalesEvents.note,
      })
      .from(s.aftersalesEvents)
      .where(eq(s.aftersalesEvents.claimId, claim.id))
      .orderBy(asc(s.aftersalesEvents.at), asc(s.aftersalesEvents.id)),
    db
      .select({ position: s.aftersalesPhotos.position })
      .from(s.aftersalesPhotos)
      .where(eq(s.aftersalesPhotos.claimId, claim.id))
      .orderBy(asc(s.aftersalesPhotos.position)),
  ]);
  return {
    ...claim,
    replyBy: claim.replyBy.toISOString(),
    createdAt: claim.createdAt.toISOString(),
    closedAt: claim.closedAt?.toISOString() ?? null,
    remainingFen: claim.lineTotalFen - claim.lineRefundedFen,
    events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
    photos: photos.map((p) => p.position),
  };
}

/** The shopper's claim (on their order); null otherwise. */
export async function getClaimForViewer({
  orderNumber,
  claimId,
  viewer,
}: {
  orderNumber: string;
  claimId: string;
  viewer: OrderViewer;
}) {
  if (!UUID.test(claimId)) return null;
  const [order] = await db.select().from(s.orders).where(eq(s.orders.orderNumber, orderNumber));
  if (!order || !canViewOrder(order, viewer)) return null;
  return claimWhere(and(eq(s.aftersalesClaims.id, claimId), eq(s.aftersalesClaims.orderId, order.id)));
}

/** A claim for supplier staff (their supplier's) or an admin (any); null otherwise. */
export async function getClaimForStaff({ caller, claimId }: { caller: Caller; claimId: string }) {
  if (!UUID.test(claimId) || (caller.role !== "supplier_staff" && caller.role !== "admin")) return null;
  return claimWhere(and(eq(s.aftersalesClaims.id, claimId), supplierScope(caller)));
}

/** Claims for supplier staff (their own) or an admin (`escalatedOnly`: the ones to decide). */
export async function listClaims({
  caller,
  escalatedOnly = false,
}: {
  caller: Caller;
  escalatedOnly?: boolean;
}) {
  if (caller.role !== "supplier_staff" && caller.role !== "admin") return [];
  const rows = await db
    .select(claimColumns)
    .from(s.aftersalesClaims)
    .innerJoin(s.orders, eq(s.orders.id, s.aftersalesClaims.orderId))
    .innerJoin(s.orderLines, eq(s.orderLines.id, s.aftersalesClaims.orderLineId))
    .where(and(supplierScope(caller), escalatedOnly ? eq(s.aftersalesClaims.status, "escalated") : undefined))
    .orderBy(
      sql`case when ${s.aftersalesClaims.status} in ('awaiting_supplier','proposed','escalated') then 0 else 1 end`,
      desc(s.aftersalesClaims.createdAt),
    )
    .limit(200);
  return rows.map((r) => ({
    ...r,
    replyBy: r.replyBy.toISOString(),
    createdAt: r.createdAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
  }));
}

/** The claims of one order (for the shopper's order page), by line. */
export async function claimsOfOrder(orderId: string) {
  return db
    .select({
      id: s.aftersalesClaims.id,
      orderLineId: s.aftersalesClaims.orderLineId,
      status: s.aftersalesClaims.status,
      kind: s.aftersalesClaims.kind,
      createdAt: s.aftersalesClaims.createdAt,
    })
    .from(s.aftersalesClaims)
    .where(eq(s.aftersalesClaims.orderId, orderId))
    .orderBy(asc(s.aftersalesClaims.createdAt));
}

/**
 * One photo of a claim: for supplier staff of its supplier or an admin (`caller`), else for the
 * viewer of its order (the shopper, or a guest who unlocked it). Null otherwise.
 */
export async function claimPhoto({
  claimId,
  position,
  viewer,
  caller,
}: {
  claimId: string;
  position: number;
  viewer: OrderViewer;
  caller?: Caller | null;
}) {
  if (!UUID.test(claimId) || !Number.isInteger(position) || position < 0 || position >= MAX_PHOTOS)
    return null;
  let visible = caller ? await getClaimForStaff({ caller, claimId }) : null;
  if (!visible) {
    const [order] = await db
      .select({ orderNumber: s.orders.orderNumber })
      .from(s.aftersalesClaims)
      .innerJoin(s.orders, eq(s.orders.id, s.aftersalesClaims.orderId))
      .where(eq(s.aftersalesClaims.id, claimId));
    if (order) visible = await getClaimForViewer({ orderNumber: order.orderNumber, claimId, viewer });
  }
  if (!visible) return null;
  const [photo] = await db
    .select({ path: s.aftersalesPhotos.path })
    .from(s.aftersalesPhotos)
    .where(and(eq(s.aftersalesPhotos.claimId, claimId), eq(s.aftersalesPhotos.position, position)));
  return photo ? readUpload(photo.path) : null;
}
