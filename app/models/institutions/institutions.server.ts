// Institutional buyers (DESIGN.md §3; issue 8): budget units, unions and enterprises buying for
// their organisation against a yearly reserved share (预留份额), unions' per-member yearly amount,
// bank transfers recorded by an authorised user, and the 832 completion rule — a supplier part is
// complete only when the goods are accepted (验收), its invoice confirmed and the supplier rated.
// This file owns buyer_organisations, buyer_targets, buyer_memberships and the acceptance,
// invoice and rating columns of order_parts. Every function filters by the caller's scope.
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { db, schema as s, type Executor, type Transaction } from "~/lib/db.server";
import { shanghaiYear } from "~/lib/dates";
import { recordAudit } from "../access/audit.server";
import { subUnitsProgress } from "../governance/enrolment.server";
import { recordBankTransfer } from "../ordering/payments.server";
import { completeFinishedParts, movePart } from "../ordering/status.server";
import { organisationIdOf, scopeOf, townOrVillageFilter, type Caller } from "../access/scope.server";
import { UUID } from "~/lib/ids";

type OrgKind = (typeof s.buyerOrgKind.enumValues)[number];
type OrderStatus = (typeof s.orderStatus.enumValues)[number];

const PAID_STATUSES: OrderStatus[] = ["paid", "shipped", "delivered", "completed"];

/** An instant as a SQL timestamptz parameter (raw sql gets no column mapping). */
const ts = (at: Date) => sql`${at.toISOString()}::timestamptz`;

/** [1 Jan 00:00, next 1 Jan 00:00) of an Asia/Shanghai year, as instants. */
function yearRange(year: number): [Date, Date] {
  return [new Date(`${year}-01-01T00:00:00+08:00`), new Date(`${year + 1}-01-01T00:00:00+08:00`)];
}

// ─── who buys for which organisation ─────────────────────────────────────────────────────

/** The organisation `userId` may buy for: the one they administer, else one they are an active member of. */
async function organisationOf(ex: Executor, userId: string) {
  const rows = await ex
    .select({
      id: s.buyerOrganisations.id,
      name: s.buyerOrganisations.name,
      kind: s.buyerOrganisations.kind,
      allowanceFen: s.buyerOrganisations.memberYearlyAllowanceFen,
      isAdmin: sql<boolean>`(${s.users.role} = 'buyer_admin' and ${s.users.organisationId} = ${s.buyerOrganisations.id})`,
    })
    .from(s.buyerMemberships)
    .innerJoin(s.buyerOrganisations, eq(s.buyerOrganisations.id, s.buyerMemberships.organisationId))
    .innerJoin(s.users, eq(s.users.id, s.buyerMemberships.userId))
    .where(and(eq(s.buyerMemberships.userId, userId), eq(s.buyerMemberships.status, "active")))
    .orderBy(asc(s.buyerOrganisations.name));
  const admin = await ex
    .select({
      id: s.buyerOrganisations.id,
      name: s.buyerOrganisations.name,
      kind: s.buyerOrganisations.kind,
      allowanceFen: s.buyerOrganisations.memberYearlyAllowanceFen,
    })
    .from(s.users)
    .innerJoin(s.buyerOrganisations, eq(s.buyerOrganisations.id, s.users.organisationId))
    .where(and(eq(s.users.id, userId), eq(s.users.role, "buyer_admin")));
  if (admin[0]) return { ...admin[0], isAdmin: true };
  return rows[0] ?? null;
}

/**
 * What a member has used of the union's yearly amount: their orders for the organisation in this
 * Asia/Shanghai year, paid (net of refunds) or still waiting for payment (their amount is held,
 * like their stock, so two pending orders cannot together pass the limit).
 */
export async function memberUsedFen(
  ex: Executor,
  {
    organisationId,
    userId,
    year,
    now = new Date(),
  }: { organisationId: string; userId: string; year: number; now?: Date },
) {
  const [from, to] = yearRange(year);
  const at = sql`coalesce(${s.orders.paidAt}, ${s.orders.createdAt})`;
  const [row] = await ex
    .select({ used: sql<number>`coalesce(sum(${s.orders.totalFen} - ${s.orders.refundedFen}), 0)::bigint` })
    .from(s.orders)
    .where(
      and(
        eq(s.orders.organisationId, organisationId),
        eq(s.orders.userId, userId),
        or(
          inArray(s.orders.status, PAID_STATUSES),
          and(eq(s.orders.status, "pending_payment"), sql`${s.orders.expiresAt} > ${ts(now)}`),
        ),
        sql`${at} >= ${ts(from)} and ${at} < ${ts(to)}`,
      ),
    );
  return Number(row.used);
}

export type PurchaseOptions = {
  organisation: { id: string; name: string; kind: OrgKind };
  allowance: { yearlyFen: number; usedFen: number; remainingFen: number } | null;
} | null;

/** For the checkout page: the organisation the user may buy for, and (union members) what remains this year. */
export async function getPurchaseOptions({
  userId,
  now = new Date(),
}: {
  userId: string;
  now?: Date;
}): Promise<PurchaseOptions> {
  const org = await organisationOf(db, userId);
  if (!org) return null;
  const allowance = await allowanceFor(db, org, userId, now);
  return { organisation: { id: org.id, name: org.name, kind: org.kind }, allowance };
}

async function allowanceFor(
  ex: Executor,
  org: { id: string; kind: OrgKind; allowanceFen: number | null },
  userId: string,
  now: Date,
) {
  if (org.kind !== "union" || org.allowanceFen === null) return null;
  const usedFen = await memberUsedFen(ex, { organisationId: org.id, userId, year: shanghaiYear(now), now });
  return { yearlyFen: org.allowanceFen, usedFen, remainingFen: Math.max(0, org.allowanceFen - usedFen) };
}

export type OrganisationPurchase =
  | { ok: true; organisationId: string; buyerKind: OrgKind }
  | { ok: false; code: "not_member" }
  | { ok: false; code: "allowance_exceeded"; remainingFen: number };

/**
 * Inside the checkout transaction: may `userId` buy `totalFen` for their organisation? The
 * membership row is locked, so two checkouts of the same member are checked one after the other.
 */
export async function prepareOrganisationPurchase(
  tx: Transaction,
  { userId, totalFen, now }: { userId: string | undefined; totalFen: number; now: Date },
): Promise<OrganisationPurchase> {
  if (!userId) return { ok: false, code: "not_member" };
  const org = await organisationOf(tx, userId);
  if (!org) return { ok: false, code: "not_member" };
  await tx
    .select({ userId: s.buyerMemberships.userId })
    .from(s.buyerMemberships)
    .where(and(eq(s.buyerMemberships.organisationId, org.id), eq(s.buyerMemberships.userId, userId)))
    .for("update");
  const allowance = await allowanceFor(tx, org, userId, now);
  if (allowance && allowance.usedFen + totalFen > allowance.yearlyFen) {
    return { ok: false, code: "allowance_exceeded", remainingFen: allowance.remainingFen };
  }
  return { ok: true, organisationId: org.id, buyerKind: org.kind };
}

// ─── the organisation: details, target, members ─────────────────────────────────────────

const adminOrgId = organisationIdOf;

/** The buyer_admin's organisation with this year's target. */
export async function getOrganisation({ caller, year }: { caller: Caller; year: number }) {
  const orgId = adminOrgId(caller);
  if (!orgId) return null;
  const [org] = await db
    .select({
      id: s.buyerOrganisations.id,
      name: s.buyerOrganisations.name,
      kind: s.buyerOrganisations.kind,
      invoiceTitle: s.buyerOrganisations.invoiceTitle,
      taxNumber: s.buyerOrganisations.taxNumber,
      memberYearlyAllowanceFen: s.buyerOrganisations.memberYearlyAllowanceFen,
      regionName: s.regions.name,
      targetFen: s.buyerTargets.targetFen,
    })
    .from(s.buyerOrganisations)
    .leftJoin(s.regions, eq(s.regions.id, s.buyerOrganisations.regionId))
    .leftJoin(
      s.buyerTargets,
      and(eq(s.buyerTargets.organisationId, s.buyerOrganisations.id), eq(s.buyerTargets.year, year)),
    )
    .where(eq(s.buyerOrganisations.id, orgId));
  return org ? { ...org, targetFen: org.targetFen === null ? null : Number(org.targetFen) } : null;
}

/** 统一社会信用代码 (18) or an older tax registration number (15–20 letters and digits). */
const TAX_NUMBER = /^[0-9A-Z]{15,20}$/;

/** Invoice title and tax number (统一社会信用代码), by the organisation's buyer_admin. */
export async function updateInvoiceDetails({
  caller,
  ...input
}: {
  caller: Caller;
  invoiceTitle: string;
  taxNumber: string;
}) {
  const orgId = adminOrgId(caller);
  if (!orgId) return { ok: false as const, code: "not_found" as const };
  // Suppliers print these on invoices: the rule is here, whatever the caller checked before.
  const invoiceTitle = input.invoiceTitle.trim();
  const taxNumber = input.taxNumber.trim().toUpperCase();
  if (invoiceTitle.length === 0 || invoiceTitle.length > 100 || !TAX_NUMBER.test(taxNumber))
    return { ok: false as const, code: "bad_details" as const };
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(s.buyerOrganisations)
      .where(eq(s.buyerOrganisations.id, orgId))
      .for("update");
    await tx
      .update(s.buyerOrganisations)
      .set({ invoiceTitle, taxNumber })
      .where(eq(s.buyerOrganisations.id, orgId));
    await recordAudit(tx, {
      actor: caller,
      action: "organisation.invoice_details_changed",
      subjectType: "buyer_organisation",
      subjectId: orgId,
      regionId: before.regionId,
      details: {
        from: { invoiceTitle: before.invoiceTitle, taxNumber: before.taxNumber },
        to: { invoiceTitle, taxNumber },
      },
    });
    return { ok: true as const };
  });
}

/** The yearly reserved share: the organisation's buyer_admin for their own, an admin for any. */
export async function setTarget({
  caller,
  organisationId,
  year,
  targetFen,
}: {
  caller: Caller;
  organisationId?: string;
  year: number;
  targetFen: number;
}) {
  const orgId = caller.role === "admin" ? organisationId : adminOrgId(caller);
  if (
    !orgId ||
    !UUID.test(orgId) ||
    (caller.role === "buyer_admin" && organisationId && organisationId !== orgId)
  ) {
    return { ok: false as const, code: "not_found" as const };
  }
  if (!Number.isSafeInteger(targetFen) || targetFen < 0)
    return { ok: false as const, code: "bad_amount" as const };
  return db.transaction(async (tx) => {
    const [org] = await tx
      .select({ id: s.buyerOrganisations.id, regionId: s.buyerOrganisations.regionId })
      .from(s.buyerOrganisations)
      .where(eq(s.buyerOrganisations.id, orgId));
    if (!org) return { ok: false as const, code: "not_found" as const };
    await tx
      .insert(s.buyerTargets)
      .values({ organisationId: orgId, year, targetFen })
      .onConflictDoUpdate({
        target: [s.buyerTargets.organisationId, s.buyerTargets.year],
        set: { targetFen },
      });
    await recordAudit(tx, {
      actor: caller,
      action: "organisation.target_set",
      subjectType: "buyer_organisation",
      subjectId: orgId,
      regionId: org.regionId,
      details: { year, targetFen },
    });
    return { ok: true as const };
  });
}

export type MemberRow = {
  userId: string;
  displayName: string;
  mobile: string | null;
  email: string | null;
  status: (typeof s.membershipStatus.enumValues)[number];
  isAdmin: boolean;
  usedFen: number | null;
  remainingFen: number | null;
};

/** Members of the buyer_admin's organisation; for unions each one's use of the yearly amount. */
export async function listMembers({
  caller,
  now = new Date(),
}: {
  caller: Caller;
  now?: Date;
}): Promise<MemberRow[] | null> {
  const orgId = adminOrgId(caller);
  if (!orgId) return null;
  const [org] = await db.select().from(s.buyerOrganisations).where(eq(s.buyerOrganisations.id, orgId));
  const [from, to] = yearRange(shanghaiYear(now));
  const at = sql`coalesce(${s.orders.paidAt}, ${s.orders.createdAt})`;
  // One grouped query for everyone's use, with the same rule as memberUsedFen.
  const used = sql<number>`coalesce((select sum(${s.orders.totalFen} - ${s.orders.refundedFen}) from ${s.orders}
    where ${s.orders.organisationId} = ${orgId} and ${s.orders.userId} = ${s.users.id}
      and (${s.orders.status} in ('paid','shipped','delivered','completed') or (${s.orders.status} = 'pending_payment' and ${s.orders.expiresAt} > ${ts(now)}))
      and ${at} >= ${ts(from)} and ${at} < ${ts(to)}), 0)::bigint`;
  const rows = await db
    .select({
      userId: s.users.id,
      displayName: s.users.displayName,
      mobile: s.users.mobile,
      email: s.users.email,
      status: s.buyerMemberships.status,
      isAdmin: sql<boolean>`(${s.users.role} = 'buyer_admin' and ${s.users.organisationId} = ${orgId})`,
      usedFen: used,
    })
    .from(s.buyerMemberships)
    .innerJoin(s.users, eq(s.users.id, s.buyerMemberships.userId))
    .where(eq(s.buyerMemberships.organisationId, orgId))
    .orderBy(asc(s.buyerMemberships.status), asc(s.users.displayName));
  const allowance = org.kind === "union" ? org.memberYearlyAllowanceFen : null;
  return rows.map((r) => ({
    ...r,
    isAdmin: Boolean(r.isAdmin),
    usedFen: allowance === null ? null : Number(r.usedFen),
    remainingFen: allowance === null ? null : Math.max(0, allowance - Number(r.usedFen)),
  }));
}

export type MemberChangeResult =
  | { ok: true }
  | { ok: false; code: "not_found" | "no_account" | "already_member" | "not_invited" | "cannot_remove_self" };

/** Invites an existing account, found by its mobile number or e-mail, to join the organisation. */
export async function inviteMember({
  caller,
  login,
}: {
  caller: Caller;
  login: string;
}): Promise<MemberChangeResult> {
  const orgId = adminOrgId(caller);
  if (!orgId) return { ok: false, code: "not_found" };
  const value = login.trim();
  const [user] = await db
    .select({ id: s.users.id })
    .from(s.users)
    .where(value.includes("@") ? eq(s.users.email, value.toLowerCase()) : eq(s.users.mobile, value));
  if (!user) return { ok: false, code: "no_account" };
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(s.buyerMemberships)
      .where(and(eq(s.buyerMemberships.organisationId, orgId), eq(s.buyerMemberships.userId, user.id)))
      .for("update");
    if (existing && existing.status !== "removed")
      return { ok: false as const, code: "already_member" as const };
    if (existing) {
      await tx
        .update(s.buyerMemberships)
        .set({ status: "invited", approvedBy: null })
        .where(and(eq(s.buyerMemberships.organisationId, orgId), eq(s.buyerMemberships.userId, user.id)));
    } else {
      await tx
        .insert(s.buyerMemberships)
        .values({ organisationId: orgId, userId: user.id, status: "invited" });
    }
    await recordAudit(tx, {
      actor: caller,
      action: "organisation.member_invited",
      subjectType: "buyer_organisation",
      subjectId: orgId,
      details: { userId: user.id },
    });
    return { ok: true as const };
  });
}

/** Approves an invited member (they may then buy for the organisation) or removes one. */
export async function changeMember({
  caller,
  userId,
  change,
}: {
  caller: Caller;
  userId: string;
  change: "approve" | "remove";
}): Promise<MemberChangeResult> {
  const orgId = adminOrgId(caller);
  if (!orgId || !UUID.test(userId)) return { ok: false, code: "not_found" };
  if (change === "remove" && userId === caller.id) return { ok: false, code: "cannot_remove_self" };
  return db.transaction(async (tx) => {
    const where = and(eq(s.buyerMemberships.organisationId, orgId), eq(s.buyerMemberships.userId, userId));
    const [m] = await tx.select().from(s.buyerMemberships).where(where).for("update");
    if (!m || m.status === "removed") return { ok: false as const, code: "not_found" as const };
    if (change === "approve" && m.status !== "invited")
      return { ok: false as const, code: "not_invited" as const };
    await tx
      .update(s.buyerMemberships)
      .set(change === "approve" ? { status: "active", approvedBy: caller.id } : { status: "removed" })
      .where(where);
    await recordAudit(tx, {
      actor: caller,
      action: change === "approve" ? "organisation.member_approved" : "organisation.member_removed",
      subjectType: "buyer_organisation",
      subjectId: orgId,
      details: { userId },
    });
    return { ok: true as const };
  });
}

// ─── progress against the target ─────────────────────────────────────────────────────────

export type ProgressAmounts = { orderedFen: number; paidFen: number; completedFen: number };
export type Progress = ProgressAmounts & {
  year: number;
  targetFen: number | null;
  byMonth: ({ month: number } & ProgressAmounts)[];
  bySupplier: ({ supplierId: string; supplierName: string } & ProgressAmounts)[];
};

/**
 * Ordered, paid and completed amounts of an organisation in an Asia/Shanghai year, net of refunds,
 * to the fen: ordered = orders placed in the year and not cancelled; paid = orders paid in the year
 * (they count as sales at once); completed = those of them whose every part is complete (accepted,
 * invoice confirmed, rated). Amounts are per supplier part (goods + shipping − refunds), so the
 * months, the suppliers and the totals always add up.
 */
export async function organisationProgress({
  caller,
  year,
  organisationId,
}: {
  caller: Caller;
  year: number;
  organisationId?: string;
}): Promise<Progress | null> {
  const orgId = caller.role === "admin" ? organisationId : adminOrgId(caller);
  if (!orgId || !UUID.test(orgId)) return null;
  const [from, to] = yearRange(year);
  const refunded = sql`coalesce((select sum(${s.orderLines.refundedFen}) from ${s.orderLines} where ${s.orderLines.orderPartId} = ${s.orderParts.id}), 0)`;
  const shanghaiMonth = (column: typeof s.orders.createdAt | typeof s.orders.paidAt) =>
    sql<number | null>`extract(month from ${column} at time zone 'Asia/Shanghai')::int`;
  // Grouped in SQL (supplier × status × order month × payment month), so the rows stay few
  // whatever the number of orders; the same rule is then applied to each group.
  const rows = await db
    .select({
      supplierId: s.orderParts.supplierId,
      supplierName: s.suppliers.name,
      status: s.orders.status,
      createdInYear: sql<boolean>`(${s.orders.createdAt} >= ${ts(from)} and ${s.orders.createdAt} < ${ts(to)})`,
      createdMonth: shanghaiMonth(s.orders.createdAt),
      paidInYear: sql<boolean>`coalesce(${s.orders.paidAt} >= ${ts(from)} and ${s.orders.paidAt} < ${ts(to)}, false)`,
      paidMonth: shanghaiMonth(s.orders.paidAt),
      netFen: sql<number>`sum(${s.orderParts.subtotalFen} + ${s.orderParts.shippingFen} - ${refunded})::bigint`,
    })
    .from(s.orderParts)
    .innerJoin(s.orders, eq(s.orders.id, s.orderParts.orderId))
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.orderParts.supplierId))
    .where(
      and(
        eq(s.orders.organisationId, orgId),
        or(
          and(gte(s.orders.createdAt, from), lt(s.orders.createdAt, to)),
          and(gte(s.orders.paidAt, from), lt(s.orders.paidAt, to)),
        ),
      ),
    )
    .groupBy(sql`1, 2, 3, 4, 5, 6, 7`);
  const [target] = await db
    .select({ targetFen: s.buyerTargets.targetFen })
    .from(s.buyerTargets)
    .where(and(eq(s.buyerTargets.organisationId, orgId), eq(s.buyerTargets.year, year)));

  const zero = (): ProgressAmounts => ({ orderedFen: 0, paidFen: 0, completedFen: 0 });
  const total = zero();
  const months = Array.from({ length: 12 }, (_, i) => ({ month: i + 1, ...zero() }));
  const suppliers = new Map<string, { supplierId: string; supplierName: string } & ProgressAmounts>();
  for (const r of rows) {
    const net = Number(r.netFen);
    const supplier = suppliers.get(r.supplierId) ?? {
      supplierId: r.supplierId,
      supplierName: r.supplierName,
      ...zero(),
    };
    suppliers.set(r.supplierId, supplier);
    const add = (key: keyof ProgressAmounts, month: number) => {
      total[key] += net;
      months[month - 1][key] += net;
      supplier[key] += net;
    };
    if (r.status !== "cancelled" && r.createdInYear) add("orderedFen", Number(r.createdMonth));
    if (PAID_STATUSES.includes(r.status) && r.paidInYear) {
      add("paidFen", Number(r.paidMonth));
      if (r.status === "completed") add("completedFen", Number(r.paidMonth));
    }
  }
  return {
    year,
    targetFen: target ? Number(target.targetFen) : null,
    ...total,
    byMonth: months,
    bySupplier: [...suppliers.values()]
      .filter((x) => x.orderedFen || x.paidFen)
      .sort((a, b) => b.paidFen - a.paidFen || a.supplierName.localeCompare(b.supplierName)),
  };
}

/**
 * The /buyer overview: the buyer_admin's organisation, its progress for `year`, and (for a parent
 * organisation) its sub-units' progress.
 */
export async function getBuyerOverview({ caller, year }: { caller: Caller; year: number }) {
  const organisation = await getOrganisation({ caller, year });
  if (!organisation) return null;
  const progress = (await organisationProgress({ caller, year }))!;
  const subUnits = (await subUnitsProgress({ caller, year })) ?? [];
  return { organisation, progress, subUnits };
}

/** Completion ratio in basis points (completed ÷ target), or null without a target. */
export function completionBp(completedFen: number, targetFen: number | null): number | null {
  return targetFen ? Math.floor((completedFen * 10000) / targetFen) : null;
}

/**
 * Officials: the organisations of their region (district: all; town: those whose region is the
 * town or one of its villages; admin: all) with the year's target, paid and completed amounts.
 */
export async function listOrganisationsForOfficial({ caller, year }: { caller: Caller; year: number }) {
  const reach = await scopeOf(caller);
  if (reach.kind !== "platform" && reach.kind !== "region") return null;
  const scope = townOrVillageFilter(reach, s.buyerOrganisations.regionId);
  const [from, to] = yearRange(year);
  const sumWhere = (extra: ReturnType<typeof sql>) =>
    sql<number>`coalesce((select sum(${s.orders.totalFen} - ${s.orders.refundedFen}) from ${s.orders}
      where ${s.orders.organisationId} = ${s.buyerOrganisations.id} and ${s.orders.paidAt} >= ${ts(from)} and ${s.orders.paidAt} < ${ts(to)} and ${extra}), 0)::bigint`;
  const rows = await db
    .select({
      id: s.buyerOrganisations.id,
      name: s.buyerOrganisations.name,
      kind: s.buyerOrganisations.kind,
      regionName: s.regions.name,
      targetFen: s.buyerTargets.targetFen,
      paidFen: sumWhere(sql`${s.orders.status} in ('paid','shipped','delivered','completed')`),
      completedFen: sumWhere(sql`${s.orders.status} = 'completed'`),
    })
    .from(s.buyerOrganisations)
    .leftJoin(s.regions, eq(s.regions.id, s.buyerOrganisations.regionId))
    .leftJoin(
      s.buyerTargets,
      and(eq(s.buyerTargets.organisationId, s.buyerOrganisations.id), eq(s.buyerTargets.year, year)),
    )
    .where(scope)
    .orderBy(asc(s.buyerOrganisations.name));
  return rows.map((r) => {
    const targetFen = r.targetFen === null ? null : Number(r.targetFen);
    const completedFen = Number(r.completedFen);
    return {
      ...r,
      targetFen,
      paidFen: Number(r.paidFen),
      completedFen,
      completionBp: completionBp(completedFen, targetFen),
    };
  });
}

// ─── the organisation's orders ──────────────────────────────────────────────────────────

/** Orders placed for the buyer_admin's organisation, newest first. */
export async function listOrganisationOrders({ caller, limit = 200 }: { caller: Caller; limit?: number }) {
  const orgId = adminOrgId(caller);
  if (!orgId) return null;
  const rows = await db
    .select({
      orderNumber: s.orders.orderNumber,
      status: s.orders.status,
      totalFen: s.orders.totalFen,
      refundedFen: s.orders.refundedFen,
      paymentProvider: s.orders.paymentProvider,
      createdAt: s.orders.createdAt,
      placedBy: s.users.displayName,
      parts: sql<number>`(select count(*) from ${s.orderParts} where ${s.orderParts.orderId} = ${s.orders.id})::int`,
      completeParts: sql<number>`(select count(*) from ${s.orderParts} where ${s.orderParts.orderId} = ${s.orders.id} and ${s.orderParts.status} = 'completed')::int`,
    })
    .from(s.orders)
    .leftJoin(s.users, eq(s.users.id, s.orders.userId))
    .where(eq(s.orders.organisationId, orgId))
    .orderBy(desc(s.orders.createdAt))
    .limit(limit);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

/**
 * Where institutions transfer to. A fixed demo payee, labelled as such on the page: a real
 * deployment replaces it with the operator's account (a setting, once there is one).
 */
export const BANK_TRANSFER_PAYEE = {
  name: "三门峡市城乡一体化示范区消费帮扶馆（演示）",
  bank: "演示银行三门峡示范区支行",
  account: "6217 0000 0832 2026 001",
  demo: true,
} as const;

type Access = "manage" | "view";

/** Who may do what with an organisation's order: its buyer_admin and admins manage; the member who placed it views. */
async function orderAccess(ex: Executor, caller: Caller, orderNumber: string, lock = false) {
  const query = ex
    .select()
    .from(s.orders)
    .where(and(eq(s.orders.orderNumber, orderNumber), isNotNull(s.orders.organisationId)));
  const [order] = lock ? await query.for("update") : await query;
  if (!order) return null;
  let access: Access | null = null;
  if (
    caller.role === "admin" ||
    (caller.role === "buyer_admin" && caller.organisationId === order.organisationId)
  )
    access = "manage";
  else if (order.userId === caller.id) access = "view";
  return access ? { order, access } : null;
}

/** An organisation's order with its parts, the completion steps and the bank-transfer instructions. */
export async function getOrganisationOrder({ caller, orderNumber }: { caller: Caller; orderNumber: string }) {
  const found = await orderAccess(db, caller, orderNumber);
  if (!found) return null;
  const { order, access } = found;
  const [org] = await db
    .select()
    .from(s.buyerOrganisations)
    .where(eq(s.buyerOrganisations.id, order.organisationId!));
  const parts = await db
    .select({
      id: s.orderParts.id,
      supplierName: s.suppliers.name,
      status: s.orderParts.status,
      subtotalFen: s.orderParts.subtotalFen,
      shippingFen: s.orderParts.shippingFen,
      acceptedAt: s.orderParts.acceptedAt,
      hasInvoice: isNotNull(s.orderParts.invoicePath),
      invoiceUploadedAt: s.orderParts.invoiceUploadedAt,
      invoiceConfirmedAt: s.orderParts.invoiceConfirmedAt,
      rating: s.orderParts.rating,
      ratingComment: s.orderParts.ratingComment,
      ratedAt: s.orderParts.ratedAt,
    })
    .from(s.orderParts)
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.orderParts.supplierId))
    .where(eq(s.orderParts.orderId, order.id))
    .orderBy(asc(s.suppliers.name));
  const lines = await db
    .select({
      orderPartId: s.orderLines.orderPartId,
      productName: s.orderLines.productName,
      variantSpec: s.orderLines.variantSpec,
      quantity: s.orderLines.quantity,
      lineTotalFen: s.orderLines.lineTotalFen,
    })
    .from(s.orderLines)
    .where(eq(s.orderLines.orderId, order.id))
    .orderBy(asc(s.orderLines.productName));
  const shipments = parts.length
    ? await db
        .select({
          orderPartId: s.shipments.orderPartId,
          carrier: s.shipments.carrier,
          trackingNumber: s.shipments.trackingNumber,
        })
        .from(s.shipments)
        .where(
          inArray(
            s.shipments.orderPartId,
            parts.map((p) => p.id),
          ),
        )
    : [];
  const [transfer] = await db
    .select()
    .from(s.payments)
    .where(and(eq(s.payments.orderId, order.id), eq(s.payments.provider, "bank_transfer")))
    .orderBy(desc(s.payments.createdAt))
    .limit(1);
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    canManage: access === "manage",
    orderNumber: order.orderNumber,
    status: order.status,
    organisationName: org.name,
    buyerKind: order.buyerKind,
    totalFen: order.totalFen,
    refundedFen: order.refundedFen,
    createdAt: order.createdAt.toISOString(),
    paidAt: iso(order.paidAt),
    completedAt: iso(order.completedAt),
    expiresAt: order.expiresAt.toISOString(),
    paymentProvider: order.paymentProvider,
    transfer: transfer
      ? {
          payee: BANK_TRANSFER_PAYEE,
          reference: transfer.providerRef,
          amountFen: transfer.amountFen,
          status: transfer.status,
          bankReference: transfer.providerPaymentId,
          transferDate: transfer.transferDate,
        }
      : null,
    parts: parts.map((p) => ({
      ...p,
      acceptedAt: iso(p.acceptedAt),
      invoiceUploadedAt: iso(p.invoiceUploadedAt),
      invoiceConfirmedAt: iso(p.invoiceConfirmedAt),
      ratedAt: iso(p.ratedAt),
      hasInvoice: Boolean(p.hasInvoice),
      lines: lines.filter((l) => l.orderPartId === p.id),
      shipments: shipments.filter((sh) => sh.orderPartId === p.id),
    })),
  };
}

export type TransferRecordResult =
  | { ok: true; duplicate: boolean }
  | {
      ok: false;
      code:
        | "not_found"
        | "no_right"
        | "not_bank_transfer"
        | "not_awaiting_payment"
        | "wrong_amount"
        | "reference_used"
        | "bad_reference"
        | "date_in_future"
        | "date_before_order";
    };

/** Records the bank transfer of an organisation's order: its buyer_admin or an admin only. */
export async function recordTransfer({
  caller,
  orderNumber,
  bankReference,
  amountFen,
  transferDate,
  now = new Date(),
}: {
  caller: Caller;
  orderNumber: string;
  bankReference: string;
  amountFen: number;
  transferDate: string;
  now?: Date;
}): Promise<TransferRecordResult> {
  const found = await orderAccess(db, caller, orderNumber);
  if (!found) return { ok: false, code: "not_found" };
  if (found.access !== "manage") return { ok: false, code: "no_right" };
  const result = await recordBankTransfer({
    orderId: found.order.id,
    bankReference,
    amountFen,
    transferDate,
    recordedBy: caller,
    now,
  });
  return result.ok ? { ok: true, duplicate: result.duplicate } : { ok: false, code: result.code };
}

export type StepResult =
  | { ok: true }
  | {
      ok: false;
      code:
        | "not_found"
        | "no_right"
        | "not_shipped"
        | "no_invoice"
        | "not_accepted"
        | "already_done"
        | "bad_rating";
    };

/**
 * One completion step on a supplier part: `accept` (验收, once shipped or delivered), `confirm_invoice`
 * (once the supplier uploaded it), `rate` (1–5 with a comment, once accepted). After each step the
 * part becomes `completed` when all three are done, and the order when all its parts are.
 */
export async function completePartStep({
  caller,
  orderNumber,
  partId,
  step,
  rating,
  comment = "",
  now = new Date(),
}: {
  caller: Caller;
  orderNumber: string;
  partId: string;
  step: "accept" | "confirm_invoice" | "rate";
  rating?: number;
  comment?: string;
  now?: Date;
}): Promise<StepResult> {
  if (!UUID.test(partId)) return { ok: false, code: "not_found" };
  return db.transaction(async (tx) => {
    const found = await orderAccess(tx, caller, orderNumber, true);
    if (!found) return { ok: false as const, code: "not_found" as const };
    if (found.access !== "manage") return { ok: false as const, code: "no_right" as const };
    const [part] = await tx
      .select()
      .from(s.orderParts)
      .where(and(eq(s.orderParts.id, partId), eq(s.orderParts.orderId, found.order.id)))
      .for("update");
    if (!part) return { ok: false as const, code: "not_found" as const };
    const where = eq(s.orderParts.id, part.id);
    if (step === "accept") {
      if (part.acceptedAt) return { ok: false as const, code: "already_done" as const };
      if (part.status !== "shipped" && part.status !== "delivered")
        return { ok: false as const, code: "not_shipped" as const };
      // Accepting the goods is also the buyer's word that they arrived.
      await movePart(tx, {
        orderId: found.order.id,
        partId: part.id,
        to: "delivered",
        extra: { acceptedAt: now },
        now,
      });
    } else if (step === "confirm_invoice") {
      if (part.invoiceConfirmedAt) return { ok: false as const, code: "already_done" as const };
      if (!part.invoicePath) return { ok: false as const, code: "no_invoice" as const };
      await tx.update(s.orderParts).set({ invoiceConfirmedAt: now }).where(where);
    } else {
      if (part.ratedAt) return { ok: false as const, code: "already_done" as const };
      if (!part.acceptedAt) return { ok: false as const, code: "not_accepted" as const };
      if (!rating || !Number.isInteger(rating) || rating < 1 || rating > 5)
        return { ok: false as const, code: "bad_rating" as const };
      await tx
        .update(s.orderParts)
        .set({ rating, ratingComment: comment.trim().slice(0, 500), ratedAt: now })
        .where(where);
    }
    await completeFinishedParts(tx, found.order.id, now);
    await recordAudit(tx, {
      actor: caller,
      action: `order_part.${step}`,
      subjectType: "order_part",
      subjectId: part.id,
      details: { orderNumber, ...(step === "rate" ? { rating } : {}) },
      at: now,
    });
    return { ok: true as const };
  });
}

/** The stored invoice of a part, for whoever may see the order. */
export async function invoiceForBuyer({
  caller,
  orderNumber,
  partId,
}: {
  caller: Caller;
  orderNumber: string;
  partId: string;
}) {
  if (!UUID.test(partId)) return null;
  const found = await orderAccess(db, caller, orderNumber);
  if (!found) return null;
  const [part] = await db
    .select({ path: s.orderParts.invoicePath })
    .from(s.orderParts)
    .where(and(eq(s.orderParts.id, partId), eq(s.orderParts.orderId, found.order.id)));
  return part?.path ?? null;
}

// ─── suppliers' invoices ─────────────────────────────────────────────────────────────────

/** The supplier's parts of paid institutional orders, with the buyer's invoice details; those still needing an invoice first. */
export async function listInvoiceParts({ caller }: { caller: Caller }) {
  if (caller.role !== "supplier_staff" || !caller.supplierId) return null;
  const rows = await db
    .select({
      partId: s.orderParts.id,
      orderNumber: s.orders.orderNumber,
      paidAt: s.orders.paidAt,
      status: s.orderParts.status,
      amountFen: sql<number>`(${s.orderParts.subtotalFen} + ${s.orderParts.shippingFen})`,
      organisationName: s.buyerOrganisations.name,
      invoiceTitle: s.buyerOrganisations.invoiceTitle,
      taxNumber: s.buyerOrganisations.taxNumber,
      invoiceUploadedAt: s.orderParts.invoiceUploadedAt,
      invoiceConfirmedAt: s.orderParts.invoiceConfirmedAt,
    })
    .from(s.orderParts)
    .innerJoin(s.orders, eq(s.orders.id, s.orderParts.orderId))
    .innerJoin(s.buyerOrganisations, eq(s.buyerOrganisations.id, s.orders.organisationId))
    .where(
      and(
        eq(s.orderParts.supplierId, caller.supplierId),
        inArray(s.orders.status, PAID_STATUSES),
        sql`${s.orderParts.status} <> 'cancelled'`,
      ),
    )
    .orderBy(sql`${s.orderParts.invoiceUploadedAt} is not null`, desc(s.orders.paidAt))
    .limit(500);
  return rows.map((r) => ({
    ...r,
    amountFen: Number(r.amountFen),
    paidAt: r.paidAt?.toISOString() ?? null,
    invoiceUploadedAt: r.invoiceUploadedAt?.toISOString() ?? null,
    invoiceConfirmedAt: r.invoiceConfirmedAt?.toISOString() ?? null,
  }));
}

/** Is this part the supplier's, of a paid institutional order, with no confirmed invoice yet? */
export async function canAttachInvoice({
  caller,
  partId,
}: {
  caller: Caller;
  partId: string;
}): Promise<boolean> {
  if (caller.role !== "supplier_staff" || !caller.supplierId || !UUID.test(partId)) return false;
  const [row] = await db
    .select({ id: s.orderParts.id })
    .from(s.orderParts)
    .innerJoin(s.orders, eq(s.orders.id, s.orderParts.orderId))
    .where(
      and(
        eq(s.orderParts.id, partId),
        eq(s.orderParts.supplierId, caller.supplierId),
        isNotNull(s.orders.organisationId),
        inArray(s.orders.status, PAID_STATUSES),
        isNull(s.orderParts.invoiceConfirmedAt),
      ),
    );
  return Boolean(row);
}

/** Attaches a stored invoice to the supplier's part (replacing one the buyer has not confirmed yet). */
export async function attachInvoice({
  caller,
  partId,
  path,
  now = new Date(),
}: {
  caller: Caller;
  partId: string;
  path: string;
  now?: Date;
}) {
  if (!(await canAttachInvoice({ caller, partId })))
    return { ok: false as const, code: "not_found" as const };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(s.orderParts)
      .set({ invoicePath: path, invoiceUploadedAt: now })
      .where(
        and(
          eq(s.orderParts.id, partId),
          eq(s.orderParts.supplierId, caller.supplierId!),
          isNull(s.orderParts.invoiceConfirmedAt),
        ),
      )
      .returning({ id: s.orderParts.id });
    if (!row) return { ok: false as const, code: "not_found" as const };
    await recordAudit(tx, {
      actor: caller,
      action: "order_part.invoice_uploaded",
      subjectType: "order_part",
      subjectId: partId,
      at: now,
    });
    return { ok: true as const };
  });
}

/**
 * The organisations whose orders `userId` may see as a buyer (impact certificates, helper F): the
 * one they administer and those they are an active member of.
 */
export async function organisationIdsOfBuyer(ex: Executor, userId: string): Promise<string[]> {
  const [admin, memberships] = await Promise.all([
    ex
      .select({ id: s.users.organisationId })
      .from(s.users)
      .where(and(eq(s.users.id, userId), eq(s.users.role, "buyer_admin"))),
    ex
      .select({ id: s.buyerMemberships.organisationId })
      .from(s.buyerMemberships)
      .where(and(eq(s.buyerMemberships.userId, userId), eq(s.buyerMemberships.status, "active"))),
  ]);
  return [...new Set([...admin, ...memberships].flatMap((r) => (r.id ? [r.id] : [])))];
}
