// Institution enrolment (预留份额单位入驻, issue 18 "Run the platform"). This file owns
// `institution_applications` and `region_settings`, and writes `buyer_organisations`,
// `buyer_targets`, `buyer_memberships` and the applicant's `users.role / organisation_id` on approval.
//
//   submitted → approved (district: the organisation exists, the applicant is its buyer_admin and
//               the year's target is the reserved share) | rejected (district, with a reason)
//
// The reserved share is computed here when the application is submitted: the declared canteen food
// budget × the region's ratio (region_settings up the region tree, else DEFAULT_RESERVE_RATIO_BP),
// rounded to the fen (decision 095); an institution without a canteen declares its share directly.
// Every decision is `UPDATE … WHERE id = ? AND status = 'submitted'`: of two racing decisions one
// updates the row, the other answers "already_decided" and changes nothing.
import { and, asc, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db, schema as s, type Executor } from "~/lib/db.server";
import { shanghaiYear } from "~/lib/dates";
import { UUID } from "~/lib/ids";
import { isValidCreditCode, normaliseCreditCode } from "../../../core/credit-code";
import { recordAudit } from "../access/audit.server";
import { scopeOf, townOrVillageFilter, type Caller } from "../access/scope.server";
import {
  CANTEEN_MODES,
  DEFAULT_PRICE_FLAG_THRESHOLD_BP,
  DEFAULT_RESERVE_RATIO_BP,
  INSTITUTION_KINDS,
  MAX_BUDGET_FEN,
  ratioBp,
  reservedShareFen,
  type CanteenMode,
  type InstitutionKind,
  MAX_REASON,
} from "./governance-rules";

export const MAX_NAME = 100;

const ts = (at: Date) => sql`${at.toISOString()}::timestamptz`;

export type InstitutionInput = {
  name: string;
  kind: InstitutionKind;
  creditCode: string;
  regionId: number;
  parentOrganisationId?: string | null;
  canteen: CanteenMode;
  operatorLogin?: string | null;
  /** canteen ≠ none: the yearly canteen food budget; none: the reserved share itself (fen). */
  amountFen: number;
};

export type EnrolError =
  | "forbidden"
  | "invalid_name"
  | "invalid_kind"
  | "invalid_credit_code"
  | "invalid_region"
  | "invalid_parent"
  | "invalid_canteen"
  | "invalid_operator"
  | "invalid_amount"
  | "duplicate_credit_code"
  | "already_open";

// ─── settings ────────────────────────────────────────────────────────────────────────────

/** The region and its ancestors, nearest first (village → town → district). */
async function regionChain(ex: Executor, regionId: number): Promise<number[]> {
  const chain: number[] = [];
  let current: number | null = regionId;
  while (current !== null && chain.length < 5) {
    chain.push(current);
    const [row]: { parentId: number | null }[] = await ex
      .select({ parentId: s.regions.parentId })
      .from(s.regions)
      .where(eq(s.regions.id, current));
    current = row?.parentId ?? null;
  }
  return chain;
}

/** The settings that apply to a region: the nearest region (itself or up) that sets each, else the default. */
export async function settingsFor(
  ex: Executor,
  regionId: number | null,
): Promise<{ reserveRatioBp: number; priceFlagThresholdBp: number }> {
  const chain = regionId === null ? [] : await regionChain(ex, regionId);
  const district = chain.length
    ? []
    : await ex.select({ id: s.regions.id }).from(s.regions).where(eq(s.regions.level, "district"));
  const ids = chain.length ? chain : district.map((d) => d.id);
  const rows = ids.length
    ? await ex.select().from(s.regionSettings).where(inArray(s.regionSettings.regionId, ids))
    : [];
  const pick = (key: "reserveRatioBp" | "priceFlagThresholdBp") => {
    for (const id of ids) {
      const v = rows.find((r) => r.regionId === id)?.[key];
      if (v !== null && v !== undefined) return v;
    }
    return null;
  };
  return {
    reserveRatioBp: pick("reserveRatioBp") ?? DEFAULT_RESERVE_RATIO_BP,
    priceFlagThresholdBp: pick("priceFlagThresholdBp") ?? DEFAULT_PRICE_FLAG_THRESHOLD_BP,
  };
}

async function isDistrictOrAdmin(caller: Caller) {
  if (caller.role === "admin") return { ok: true as const, regionId: null };
  if (caller.role !== "official") return { ok: false as const };
  const scope = await scopeOf(caller);
  return scope.kind === "region" && scope.level === "district"
    ? { ok: true as const, regionId: scope.regionId }
    : { ok: false as const };
}

/** The district's settings (district officials and admins see and change them). */
export async function getDistrictSettings({ caller }: { caller: Caller }) {
  const who = await isDistrictOrAdmin(caller);
  if (!who.ok) return null;
  const [district] = await db
    .select({ id: s.regions.id })
    .from(s.regions)
    .where(eq(s.regions.level, "district"))
    .limit(1);
  if (!district) return null;
  return { regionId: district.id, ...(await settingsFor(db, district.id)) };
}

/** Sets the district's ratio and price threshold (basis points), audited. */
export async function setDistrictSettings({
  caller,
  reserveRatioBp,
  priceFlagThresholdBp,
}: {
  caller: Caller;
  reserveRatioBp: number;
  priceFlagThresholdBp: number;
}) {
  const who = await isDistrictOrAdmin(caller);
  if (!who.ok) return { ok: false as const, code: "forbidden" as const };
  if (
    !Number.isInteger(reserveRatioBp) ||
    reserveRatioBp < 0 ||
    reserveRatioBp > 10000 ||
    !Number.isInteger(priceFlagThresholdBp) ||
    priceFlagThresholdBp < 0 ||
    priceFlagThresholdBp > 100000
  )
    return { ok: false as const, code: "invalid_setting" as const };
  const [district] = await db
    .select({ id: s.regions.id })
    .from(s.regions)
    .where(eq(s.regions.level, "district"))
    .limit(1);
  if (!district) return { ok: false as const, code: "forbidden" as const };
  return db.transaction(async (tx) => {
    await tx
      .insert(s.regionSettings)
      .values({ regionId: district.id, reserveRatioBp, priceFlagThresholdBp, updatedBy: caller.id })
      .onConflictDoUpdate({
        target: s.regionSettings.regionId,
        set: { reserveRatioBp, priceFlagThresholdBp, updatedBy: caller.id, updatedAt: new Date() },
      });
    await recordAudit(tx, {
      actor: caller,
      action: "governance.settings_changed",
      subjectType: "region",
      subjectId: String(district.id),
      regionId: district.id,
      details: { reserveRatioBp, priceFlagThresholdBp },
    });
    return { ok: true as const };
  });
}

// ─── applying ────────────────────────────────────────────────────────────────────────────

/** What the public form offers: the district and its towns, and the organisations that may be a parent. */
export async function enrolmentOptions() {
  const regions = await db
    .select({ id: s.regions.id, name: s.regions.name, nameEn: s.regions.nameEn, level: s.regions.level })
    .from(s.regions)
    .where(inArray(s.regions.level, ["district", "town", "subdistrict"]))
    .orderBy(asc(s.regions.level), asc(s.regions.code));
  const organisations = await db
    .select({ id: s.buyerOrganisations.id, name: s.buyerOrganisations.name })
    .from(s.buyerOrganisations)
    .orderBy(asc(s.buyerOrganisations.name));
  return { regions, organisations };
}

const isUniqueViolation = (error: unknown) => {
  const e = error as { code?: string; cause?: { code?: string } };
  return (e?.code ?? e?.cause?.code) === "23505";
};

/** A customer applies for their institution; the share is computed now from the region's ratio. */
export async function submitInstitutionApplication({
  caller,
  input,
  now = new Date(),
}: {
  caller: Caller;
  input: InstitutionInput;
  now?: Date;
}): Promise<{ ok: true; id: string; reservedShareFen: number } | { ok: false; code: EnrolError }> {
  if (caller.role !== "customer") return { ok: false, code: "forbidden" };
  const name = (input.name ?? "").trim();
  if (!name || name.length > MAX_NAME) return { ok: false, code: "invalid_name" };
  if (!(INSTITUTION_KINDS as readonly string[]).includes(input.kind))
    return { ok: false, code: "invalid_kind" };
  const creditCode = normaliseCreditCode(input.creditCode ?? "");
  if (!isValidCreditCode(creditCode)) return { ok: false, code: "invalid_credit_code" };
  if (!(CANTEEN_MODES as readonly string[]).includes(input.canteen))
    return { ok: false, code: "invalid_canteen" };
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen < 0 || input.amountFen > MAX_BUDGET_FEN)
    return { ok: false, code: "invalid_amount" };
  if (!Number.isSafeInteger(input.regionId)) return { ok: false, code: "invalid_region" };
  const [region] = await db
    .select({ id: s.regions.id })
    .from(s.regions)
    .where(
      and(eq(s.regions.id, input.regionId), inArray(s.regions.level, ["district", "town", "subdistrict"])),
    );
  if (!region) return { ok: false, code: "invalid_region" };
  let parentId: string | null = null;
  if (input.parentOrganisationId) {
    if (!UUID.test(input.parentOrganisationId)) return { ok: false, code: "invalid_parent" };
    const [parent] = await db
      .select({ id: s.buyerOrganisations.id })
      .from(s.buyerOrganisations)
      .where(eq(s.buyerOrganisations.id, input.parentOrganisationId));
    if (!parent) return { ok: false, code: "invalid_parent" };
    parentId = parent.id;
  }
  let operatorId: string | null = null;
  if (input.canteen === "outsourced") {
    const login = (input.operatorLogin ?? "").trim();
    if (!login || login.length > 100) return { ok: false, code: "invalid_operator" };
    const [operator] = await db
      .select({ id: s.users.id })
      .from(s.users)
      .where(login.includes("@") ? eq(s.users.email, login.toLowerCase()) : eq(s.users.mobile, login));
    if (!operator || operator.id === caller.id) return { ok: false, code: "invalid_operator" };
    operatorId = operator.id;
  }
  const settings = await settingsFor(db, region.id);
  const hasCanteen = input.canteen !== "none";
  const share = hasCanteen ? reservedShareFen(input.amountFen, settings.reserveRatioBp) : input.amountFen;
  const [taken] = await db
    .select({ id: s.buyerOrganisations.id })
    .from(s.buyerOrganisations)
    .where(eq(s.buyerOrganisations.taxNumber, creditCode));
  if (taken) return { ok: false, code: "duplicate_credit_code" };
  try {
    return await db.transaction(async (tx) => {
      const [open] = await tx
        .select({
          id: s.institutionApplications.id,
          creditCode: s.institutionApplications.creditCode,
          status: s.institutionApplications.status,
        })
        .from(s.institutionApplications)
        .where(
          sql`(${s.institutionApplications.applicantId} = ${caller.id} and ${s.institutionApplications.status} = 'submitted')
            or (${s.institutionApplications.creditCode} = ${creditCode} and ${s.institutionApplications.status} <> 'rejected')`,
        )
        .limit(1);
      if (open)
        return {
          ok: false as const,
          code:
            open.creditCode === creditCode ? ("duplicate_credit_code" as const) : ("already_open" as const),
        };
      const [row] = await tx
        .insert(s.institutionApplications)
        .values({
          applicantId: caller.id,
          name,
          kind: input.kind,
          creditCode,
          regionId: region.id,
          parentOrganisationId: parentId,
          canteen: input.canteen,
          canteenOperatorId: operatorId,
          canteenBudgetFen: hasCanteen ? input.amountFen : null,
          ratioBp: hasCanteen ? settings.reserveRatioBp : null,
          reservedShareFen: share,
          year: shanghaiYear(now),
          createdAt: now,
        })
        .returning({ id: s.institutionApplications.id });
      await recordAudit(tx, {
        actor: caller,
        action: "institution_application.submitted",
        subjectType: "institution_application",
        subjectId: row.id,
        regionId: region.id,
        details: { name, creditCode, canteen: input.canteen, reservedShareFen: share },
        at: now,
      });
      return { ok: true as const, id: row.id, reservedShareFen: share };
    });
  } catch (error) {
    // A racing second submission: the partial unique indexes answer with the same message.
    if (isUniqueViolation(error)) return { ok: false, code: "already_open" };
    throw error;
  }
}

const applicationColumns = {
  id: s.institutionApplications.id,
  name: s.institutionApplications.name,
  kind: s.institutionApplications.kind,
  creditCode: s.institutionApplications.creditCode,
  canteen: s.institutionApplications.canteen,
  canteenBudgetFen: s.institutionApplications.canteenBudgetFen,
  ratioBp: s.institutionApplications.ratioBp,
  reservedShareFen: s.institutionApplications.reservedShareFen,
  year: s.institutionApplications.year,
  status: s.institutionApplications.status,
  rejectionReason: s.institutionApplications.rejectionReason,
  createdAt: s.institutionApplications.createdAt,
  decidedAt: s.institutionApplications.decidedAt,
  regionName: s.regions.name,
};

const iso = (d: Date | null) => d?.toISOString() ?? null;
const shape = <T extends { createdAt: Date; decidedAt: Date | null }>(r: T) => ({
  ...r,
  createdAt: r.createdAt.toISOString(),
  decidedAt: iso(r.decidedAt),
});

/** The caller's own applications, newest first. */
export async function listOwnInstitutionApplications({ caller }: { caller: Caller }) {
  const rows = await db
    .select(applicationColumns)
    .from(s.institutionApplications)
    .innerJoin(s.regions, eq(s.regions.id, s.institutionApplications.regionId))
    .where(eq(s.institutionApplications.applicantId, caller.id))
    .orderBy(desc(s.institutionApplications.createdAt));
  return rows.map(shape);
}

const parentOrg = alias(s.buyerOrganisations, "parent_org");

/** Officials: applications of their region (district: all; town: its own), open ones first. */
export async function listInstitutionApplications({ caller }: { caller: Caller }) {
  const scope = await scopeOf(caller);
  if (scope.kind !== "platform" && scope.kind !== "region") return null;
  const rows = await db
    .select({ ...applicationColumns, parentName: parentOrg.name })
    .from(s.institutionApplications)
    .innerJoin(s.regions, eq(s.regions.id, s.institutionApplications.regionId))
    .leftJoin(parentOrg, eq(parentOrg.id, s.institutionApplications.parentOrganisationId))
    .where(townOrVillageFilter(scope, s.institutionApplications.regionId))
    .orderBy(
      sql`${s.institutionApplications.status} <> 'submitted'`,
      desc(s.institutionApplications.createdAt),
    )
    .limit(500);
  const canDecide = scope.kind === "platform" || scope.level === "district";
  return { canDecide, applications: rows.map(shape) };
}

export type DecideError =
  "forbidden" | "not_found" | "already_decided" | "reason_required" | "applicant_not_customer";

/** The district approves (the organisation comes into being) or rejects (with a reason). */
export async function decideInstitutionApplication({
  caller,
  id,
  decision,
  reason = "",
  now = new Date(),
}: {
  caller: Caller;
  id: string;
  decision: "approve" | "reject";
  reason?: string;
  now?: Date;
}): Promise<{ ok: true; organisationId: string | null } | { ok: false; code: DecideError }> {
  const who = await isDistrictOrAdmin(caller);
  if (!who.ok) return { ok: false, code: "forbidden" };
  if (!UUID.test(id) || (decision !== "approve" && decision !== "reject"))
    return { ok: false, code: "not_found" };
  const note = reason.trim().slice(0, MAX_REASON);
  if (decision === "reject" && !note) return { ok: false, code: "reason_required" };
  return db
    .transaction(async (tx) => {
      const [app] = await tx
        .update(s.institutionApplications)
        .set({
          status: decision === "approve" ? "approved" : "rejected",
          rejectionReason: decision === "reject" ? note : null,
          decidedBy: caller.id,
          decidedAt: now,
        })
        .where(and(eq(s.institutionApplications.id, id), eq(s.institutionApplications.status, "submitted")))
        .returning();
      if (!app) {
        const [exists] = await tx
          .select({ id: s.institutionApplications.id })
          .from(s.institutionApplications)
          .where(eq(s.institutionApplications.id, id));
        return { ok: false as const, code: exists ? ("already_decided" as const) : ("not_found" as const) };
      }
      let organisationId: string | null = null;
      if (decision === "approve") {
        const [org] = await tx
          .insert(s.buyerOrganisations)
          .values({
            name: app.name,
            kind: app.kind,
            regionId: app.regionId,
            invoiceTitle: app.name,
            taxNumber: app.creditCode,
            parentId: app.parentOrganisationId,
            createdAt: now,
          })
          .returning({ id: s.buyerOrganisations.id });
        organisationId = org.id;
        const [user] = await tx
          .update(s.users)
          .set({ role: "buyer_admin", organisationId: org.id })
          .where(and(eq(s.users.id, app.applicantId), eq(s.users.role, "customer")))
          .returning({ id: s.users.id });
        if (!user) {
          // The applicant became something else meanwhile: nothing of this decision stays.
          tx.rollback();
        }
        await tx
          .insert(s.buyerMemberships)
          .values({
            organisationId: org.id,
            userId: app.applicantId,
            status: "active",
            approvedBy: caller.id,
            createdAt: now,
          })
          .onConflictDoNothing();
        await tx
          .insert(s.buyerTargets)
          .values({ organisationId: org.id, year: app.year, targetFen: app.reservedShareFen });
        await tx
          .update(s.institutionApplications)
          .set({ organisationId: org.id })
          .where(eq(s.institutionApplications.id, app.id));
      }
      await recordAudit(tx, {
        actor: caller,
        action: `institution_application.${decision === "approve" ? "approved" : "rejected"}`,
        subjectType: "institution_application",
        subjectId: app.id,
        regionId: app.regionId,
        details: {
          organisationId,
          reservedShareFen: app.reservedShareFen,
          year: app.year,
          ...(note ? { reason: note } : {}),
        },
        at: now,
      });
      return { ok: true as const, organisationId };
    })
    .catch((error: unknown) => {
      if ((error as Error)?.name === "TransactionRollbackError")
        return { ok: false as const, code: "applicant_not_customer" as const };
      throw error;
    });
}

// ─── progress: sub-units and the officials' ranking ──────────────────────────────────────

/** [1 Jan, first instant after month `month`) of an Asia/Shanghai year. */
function yearToMonthEnd(year: number, month: number): [Date, Date] {
  const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, "0")}`;
  return [new Date(`${year}-01-01T00:00:00+08:00`), new Date(`${next}-01T00:00:00+08:00`)];
}

/**
 * Paid and completed amounts (net of refunds) per organisation of orders paid in [from, to): one
 * grouped query over `orders` on the (organisation_id, paid_at) index — no scan of the lines.
 */
async function amountsByOrganisation(ex: Executor, organisationIds: string[] | null, from: Date, to: Date) {
  const rows = await ex
    .select({
      organisationId: s.orders.organisationId,
      paidFen: sql<number>`coalesce(sum(${s.orders.totalFen} - ${s.orders.refundedFen}) filter (where ${s.orders.status} in ('paid','shipped','delivered','completed')), 0)::bigint`,
      completedFen: sql<number>`coalesce(sum(${s.orders.totalFen} - ${s.orders.refundedFen}) filter (where ${s.orders.status} = 'completed'), 0)::bigint`,
    })
    .from(s.orders)
    .where(
      and(
        isNotNull(s.orders.organisationId),
        organisationIds
          ? inArray(
              s.orders.organisationId,
              organisationIds.length ? organisationIds : ["00000000-0000-4000-8000-000000000000"],
            )
          : undefined,
        sql`${s.orders.paidAt} >= ${ts(from)} and ${s.orders.paidAt} < ${ts(to)}`,
      ),
    )
    .groupBy(s.orders.organisationId);
  return new Map(
    rows.map((r) => [
      r.organisationId!,
      { paidFen: Number(r.paidFen), completedFen: Number(r.completedFen) },
    ]),
  );
}

export type UnitProgress = {
  id: string;
  name: string;
  kind: InstitutionKind;
  regionName: string | null;
  targetFen: number | null;
  paidFen: number;
  completedFen: number;
  completionBp: number | null;
};

/** A buyer_admin's sub-units (organisations whose parent is theirs) with the year's progress. */
export async function subUnitsProgress({
  caller,
  year,
}: {
  caller: Caller;
  year: number;
}): Promise<UnitProgress[] | null> {
  if (caller.role !== "buyer_admin" || !caller.organisationId) return null;
  const units = await db
    .select({
      id: s.buyerOrganisations.id,
      name: s.buyerOrganisations.name,
      kind: s.buyerOrganisations.kind,
      regionName: s.regions.name,
      targetFen: s.buyerTargets.targetFen,
    })
    .from(s.buyerOrganisations)
    .leftJoin(s.regions, eq(s.regions.id, s.buyerOrganisations.regionId))
    .leftJoin(
      s.buyerTargets,
      and(eq(s.buyerTargets.organisationId, s.buyerOrganisations.id), eq(s.buyerTargets.year, year)),
    )
    .where(eq(s.buyerOrganisations.parentId, caller.organisationId))
    .orderBy(asc(s.buyerOrganisations.name));
  const [from, to] = yearToMonthEnd(year, 12);
  const amounts = await amountsByOrganisation(
    db,
    units.map((u) => u.id),
    from,
    to,
  );
  return units.map((u) => withAmounts(u, amounts.get(u.id)));
}

function withAmounts(
  u: { id: string; name: string; kind: InstitutionKind; regionName: string | null; targetFen: number | null },
  a: { paidFen: number; completedFen: number } | undefined,
): UnitProgress {
  const targetFen = u.targetFen === null ? null : Number(u.targetFen);
  const paidFen = a?.paidFen ?? 0;
  const completedFen = a?.completedFen ?? 0;
  return {
    ...u,
    targetFen,
    paidFen,
    completedFen,
    completionBp: targetFen ? ratioBp(completedFen, targetFen) : null,
  };
}

/**
 * Officials: the units of their region ranked by completion ratio (completed ÷ yearly target) for
 * the year up to the end of `month`, and those below the pro-rata target (month ÷ 12 of the year's
 * share, decision 095). Units without a target come last and are never "below".
 */
export async function institutionRanking({
  caller,
  year,
  month,
}: {
  caller: Caller;
  year: number;
  month: number;
}) {
  const scope = await scopeOf(caller);
  if (scope.kind !== "platform" && scope.kind !== "region") return null;
  if (!Number.isInteger(month) || month < 1 || month > 12) return null;
  const units = await db
    .select({
      id: s.buyerOrganisations.id,
      name: s.buyerOrganisations.name,
      kind: s.buyerOrganisations.kind,
      regionName: s.regions.name,
      targetFen: s.buyerTargets.targetFen,
    })
    .from(s.buyerOrganisations)
    .leftJoin(s.regions, eq(s.regions.id, s.buyerOrganisations.regionId))
    .leftJoin(
      s.buyerTargets,
      and(eq(s.buyerTargets.organisationId, s.buyerOrganisations.id), eq(s.buyerTargets.year, year)),
    )
    .where(townOrVillageFilter(scope, s.buyerOrganisations.regionId));
  const [from, to] = yearToMonthEnd(year, month);
  const amounts = await amountsByOrganisation(
    db,
    scope.kind === "platform" || scope.level === "district" ? null : units.map((u) => u.id),
    from,
    to,
  );
  const expectedBp = Math.floor((month * 10000) / 12);
  const ranked = units
    .map((u) => withAmounts(u, amounts.get(u.id)))
    .map((u) => ({ ...u, belowTarget: u.completionBp !== null && u.completionBp < expectedBp }))
    .sort(
      (a, b) =>
        (a.completionBp === null ? 1 : 0) - (b.completionBp === null ? 1 : 0) ||
        (b.completionBp ?? 0) - (a.completionBp ?? 0) ||
        a.name.localeCompare(b.name, "zh-CN"),
    )
    .map((u, i) => ({ ...u, rank: i + 1 }));
  return { year, month, expectedBp, units: ranked, below: ranked.filter((u) => u.belowTarget) };
}

/**
 * The public enrolment page: who the visitor is to it (visitor / not a customer / has an open
 * application / may apply), what the form offers, the district's ratio, and their own applications.
 */
export async function enrolmentPage({ caller }: { caller: Caller | null }) {
  const settings = await settingsFor(db, null);
  type Options = Awaited<ReturnType<typeof enrolmentOptions>>;
  type Own = Awaited<ReturnType<typeof listOwnInstitutionApplications>>;
  const empty = {
    regions: [] as Options["regions"],
    organisations: [] as Options["organisations"],
    applications: [] as Own,
    ratioBp: settings.reserveRatioBp,
  };
  if (!caller) return { state: "visitor" as const, ...empty };
  const applications = await listOwnInstitutionApplications({ caller });
  if (caller.role !== "customer") return { state: "not_customer" as const, ...empty, applications };
  if (applications.some((a) => a.status === "submitted"))
    return { state: "open" as const, ...empty, applications };
  return {
    state: "form" as const,
    ...(await enrolmentOptions()),
    applications,
    ratioBp: settings.reserveRatioBp,
  };
}
