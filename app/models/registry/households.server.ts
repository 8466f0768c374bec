// The beneficiary registry (DESIGN.md §3 "Beneficiary registry", "Access"). This file owns
// `households` and `village_collectives`. Every function takes the caller and filters by its
// scope here, not only in the route:
// - admin: every household;
// - official of the district: the households of every town of the district;
// - official of a town: that town's households only;
// - anyone else: `{ ok: false, code: "forbidden" }` (the routes answer 403).
// A household outside the caller's scope answers exactly like a missing one ("not_found").
//
// Personal data: ID numbers are stored encrypted (AES-GCM, PII_KEY), found by keyed hash and kept
// masked in a column for lists. Officials of the region and admins (the only callers that get this
// far) see full names; the full ID number is shown only on request (`reveal`), which decrypts it
// and appends `household.view_unmasked` to the audit log.
//
// Import (previewImport / applyImport) — THE RULE: a file is imported whole or not at all. Every
// row is validated first; if any row has an error nothing is written and the report names the
// rows. Otherwise all rows are written in one transaction, keyed by 户编码 (registry code): new
// codes are inserted, rows whose fields differ are updated, identical rows are left alone and
// reported as "unchanged", so importing the same file twice changes nothing the second time.
// Each applied import appends one `household.import` audit entry with the counts.
import { and, asc, count, eq, ilike, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db, schema as s, type Executor } from "~/lib/db.server";
import { containsPattern, escapeLike } from "~/lib/like";
import { getEnv } from "~/lib/env.server";
import type {
  HouseholdFileRow,
  ImportCounts,
  ImportReport,
  ImportReportRow,
  RowMessage,
} from "~/lib/household-file";
import { KIND_BY_LABEL } from "~/lib/household-kinds";
import { decryptPii, encryptPii, isValidIdCard, maskIdCard, piiLookupHash } from "../../../core/pii";
import { recordAudit } from "../access/audit.server";
import { announceRegistryChanged } from "~/lib/registry-events";
import { scopeOf, townFilter, type Caller, type Scope } from "../access/scope.server";
import { UUID } from "~/lib/ids";
import { pageOf } from "~/lib/paging";

export type HouseholdKind = (typeof s.householdKind.enumValues)[number];
export type HouseholdStatus = (typeof s.householdStatus.enumValues)[number];
export const HOUSEHOLD_KINDS = s.householdKind.enumValues;
export const HOUSEHOLD_STATUSES = s.householdStatus.enumValues;
export const MONITORED_KINDS: readonly HouseholdKind[] = [
  "monitored_unstable",
  "monitored_marginal",
  "monitored_hardship",
];
export const PAGE_SIZE = 25;
export const MIN_MEMBERS = 1;
export const MAX_MEMBERS = 20;
export const MAX_NAME_LENGTH = 30;
export const REGISTRY_CODE = /^[0-9A-Za-z-]{4,32}$/;

// ─── scope: app/models/access/scope.server.ts ───
/** The registry serves officials of a region and admins; any other scope is forbidden (null). */
async function registryScope(ex: Executor, caller: Caller): Promise<Scope | null> {
  const scope = await scopeOf(caller, ex);
  return scope.kind === "platform" || scope.kind === "region" ? scope : null;
}

const village = alias(s.regions, "village");
const town = alias(s.regions, "town");

export type VillageOption = { id: number; code: string; name: string; townId: number; townName: string };
export type TownOption = { id: number; name: string };

/** The villages (and their towns) inside the scope: for forms, filters and import look-ups. */
async function villagesInScope(ex: Executor, scope: Scope): Promise<VillageOption[]> {
  const where =
    scope.kind !== "region"
      ? undefined
      : scope.level === "town"
        ? eq(town.id, scope.regionId)
        : eq(town.parentId, scope.regionId);
  return ex
    .select({ id: village.id, code: village.code, name: village.name, townId: town.id, townName: town.name })
    .from(village)
    .innerJoin(town, eq(town.id, village.parentId))
    .where(and(eq(village.level, "village"), where))
    .orderBy(asc(town.code), asc(village.code));
}

export type Forbidden = { ok: false; code: "forbidden" };
const FORBIDDEN: Forbidden = { ok: false, code: "forbidden" };

/** Towns and villages the caller may choose from. */
export async function listRegionOptions({
  caller,
}: {
  caller: Caller;
}): Promise<{ ok: true; towns: TownOption[]; villages: VillageOption[] } | Forbidden> {
  const scope = await registryScope(db, caller);
  if (!scope) return FORBIDDEN;
  const villages = await villagesInScope(db, scope);
  const towns = new Map<number, TownOption>();
  for (const v of villages) towns.set(v.townId, { id: v.townId, name: v.townName });
  return { ok: true, towns: [...towns.values()], villages };
}

// ─── list and detail ─────────────────────────────────────────────────────────────────────
export type HouseholdFilters = {
  town?: number | null;
  village?: number | null;
  kind?: HouseholdKind | null;
  reached?: boolean | null;
  q?: string | null;
  page?: number;
};

export type HouseholdListRow = {
  id: string;
  registryCode: string;
  headName: string;
  idCardMasked: string;
  memberCount: number;
  kind: HouseholdKind;
  status: HouseholdStatus;
  riskEliminated: boolean;
  villageName: string;
  townName: string;
  reached: boolean;
};

/** "Reached": the household's ledger entries add up to more than zero. */
const reachedSql = sql<boolean>`exists (select 1 from ${s.attributionEntries} ae where ae.household_id = ${s.households.id} having sum(ae.amount_fen) > 0)`;

export async function listHouseholds({
  caller,
  filters,
}: {
  caller: Caller;
  filters: HouseholdFilters;
}): Promise<
  { ok: true; rows: HouseholdListRow[]; total: number; page: number; pageCount: number } | Forbidden
> {
  const scope = await registryScope(db, caller);
  if (!scope) return FORBIDDEN;
  const conditions: (SQL | undefined)[] = [townFilter(scope, s.households.townId)];
  if (filters.town != null) conditions.push(eq(s.households.townId, filters.town));
  if (filters.village != null) conditions.push(eq(s.households.villageId, filters.village));
  if (filters.kind) conditions.push(eq(s.households.kind, filters.kind));
  if (filters.reached === true) conditions.push(reachedSql);
  if (filters.reached === false) conditions.push(sql`not ${reachedSql}`);
  const q = filters.q?.trim();
  if (q) {
    if (isValidIdCard(q)) conditions.push(eq(s.households.idCardHash, piiLookupHash(q, getEnv().PII_KEY)));
    else
      conditions.push(
        or(
          ilike(s.households.registryCode, `${escapeLike(q)}%`),
          ilike(s.households.headName, containsPattern(q)),
        ),
      );
  }
  const where = and(...conditions);
  const [{ total }] = await db.select({ total: count() }).from(s.households).where(where);
  const { page, pageCount } = pageOf(total, PAGE_SIZE, filters.page);
  const rows = await db
    .select({
      id: s.households.id,
      registryCode: s.households.registryCode,
      headName: s.households.headName,
      idCardMasked: s.households.idCardMasked,
      memberCount: s.households.memberCount,
      kind: s.households.kind,
      status: s.households.status,
      riskEliminatedAt: s.households.riskEliminatedAt,
      villageName: village.name,
      townName: town.name,
      reached: reachedSql,
    })
    .from(s.households)
    .innerJoin(village, eq(village.id, s.households.villageId))
    .innerJoin(town, eq(town.id, s.households.townId))
    .where(where)
    .orderBy(asc(s.households.registryCode))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);
  return {
    ok: true,
    total,
    page,
    pageCount,
    // ID numbers stay masked in lists; names are shown to the officials of the region (the only
    // callers that reach this point).
    rows: rows.map(({ riskEliminatedAt, ...r }) => ({
      ...r,
      riskEliminated: riskEliminatedAt != null,
      reached: Boolean(r.reached),
    })),
  };
}

export type HouseholdDetail = HouseholdListRow & {
  villageId: number;
  townId: number;
  riskEliminatedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** The full ID number: only when revealed (and audited). */
  idCard: string | null;
};

async function householdInScope(ex: Executor, scope: Scope, id: string) {
  if (!UUID.test(id)) return null;
  const [row] = await ex
    .select({
      id: s.households.id,
      registryCode: s.households.registryCode,
      headName: s.households.headName,
      idCardMasked: s.households.idCardMasked,
      idCardCipher: s.households.idCardCipher,
      idCardHash: s.households.idCardHash,
      memberCount: s.households.memberCount,
      kind: s.households.kind,
      status: s.households.status,
      riskEliminatedAt: s.households.riskEliminatedAt,
      villageId: s.households.villageId,
      townId: s.households.townId,
      villageName: village.name,
      townName: town.name,
      createdAt: s.households.createdAt,
      updatedAt: s.households.updatedAt,
      reached: reachedSql,
    })
    .from(s.households)
    .innerJoin(village, eq(village.id, s.households.villageId))
    .innerJoin(town, eq(town.id, s.households.townId))
    .where(and(eq(s.households.id, id), townFilter(scope, s.households.townId)));
  return row ?? null;
}

export async function getHousehold({
  caller,
  id,
  reveal = false,
  ip,
}: {
  caller: Caller;
  id: string;
  reveal?: boolean;
  ip?: string | null;
}): Promise<{ ok: true; household: HouseholdDetail } | Forbidden | { ok: false; code: "not_found" }> {
  const scope = await registryScope(db, caller);
  if (!scope) return FORBIDDEN;
  const row = await householdInScope(db, scope, id);
  if (!row) return { ok: false, code: "not_found" };
  let idCard: string | null = null;
  if (reveal) {
    idCard = decryptPii(row.idCardCipher, getEnv().PII_KEY);
    await recordAudit(db, {
      actor: caller,
      action: "household.view_unmasked",
      subjectType: "household",
      subjectId: row.id,
      regionId: row.townId,
      details: { registryCode: row.registryCode, fields: ["id_card"] },
      ip,
    });
  }
  const { idCardCipher: _c, idCardHash: _h, riskEliminatedAt, createdAt, updatedAt, ...rest } = row;
  return {
    ok: true,
    household: {
      ...rest,
      reached: Boolean(rest.reached),
      riskEliminated: riskEliminatedAt != null,
      riskEliminatedAt: riskEliminatedAt?.toISOString() ?? null,
      createdAt: createdAt.toISOString(),
      updatedAt: updatedAt.toISOString(),
      idCard,
    },
  };
}

// ─── create, update, risk eliminated ─────────────────────────────────────────────────────
export type HouseholdInput = {
  registryCode: string;
  headName: string;
  /** 18 characters; on update, empty keeps the current number. */
  idCard: string;
  memberCount: number;
  villageId: number;
  kind: string;
  status?: string;
};

export type HouseholdFieldError =
  | "registry_code_invalid"
  | "registry_code_taken"
  | "name_invalid"
  | "id_card_invalid"
  | "id_card_taken"
  | "member_count_invalid"
  | "village_not_found"
  | "kind_invalid"
  | "status_invalid";
export type HouseholdWriteError = {
  ok: false;
  code: "invalid";
  fieldErrors: Partial<Record<keyof HouseholdInput, HouseholdFieldError>>;
};
export type WriteResult =
  { ok: true; id: string } | Forbidden | { ok: false; code: "not_found" } | HouseholdWriteError;

function isKind(value: string): value is HouseholdKind {
  return (HOUSEHOLD_KINDS as readonly string[]).includes(value);
}

function uniqueViolation(error: unknown): string | null {
  const e = error as {
    code?: string;
    constraint_name?: string;
    constraint?: string;
    cause?: { code?: string; constraint_name?: string; constraint?: string };
  };
  const inner = e?.cause ?? e;
  return inner?.code === "23505" ? (inner.constraint_name ?? inner.constraint ?? "unique") : null;
}

/** Checks the fields; returns the errors and the normalised values. */
async function checkInput(
  ex: Executor,
  scope: Scope,
  input: HouseholdInput,
  existing: { id: string; idCardHash: string } | null,
) {
  const errors: HouseholdWriteError["fieldErrors"] = {};
  const piiKey = getEnv().PII_KEY;
  const registryCode = input.registryCode.trim();
  const headName = input.headName.trim();
  const idCard = input.idCard.trim().toUpperCase();
  if (!existing) {
    if (!REGISTRY_CODE.test(registryCode)) errors.registryCode = "registry_code_invalid";
    else {
      const [taken] = await ex
        .select({ id: s.households.id })
        .from(s.households)
        .where(eq(s.households.registryCode, registryCode));
      if (taken) errors.registryCode = "registry_code_taken";
    }
  }
  if (headName.length < 1 || Array.from(headName).length > MAX_NAME_LENGTH) errors.headName = "name_invalid";
  let idCardHash = existing?.idCardHash ?? "";
  if (idCard || !existing) {
    if (!isValidIdCard(idCard)) errors.idCard = "id_card_invalid";
    else {
      idCardHash = piiLookupHash(idCard, piiKey);
      const [taken] = await ex
        .select({ id: s.households.id })
        .from(s.households)
        .where(eq(s.households.idCardHash, idCardHash));
      if (taken && taken.id !== existing?.id) errors.idCard = "id_card_taken";
    }
  }
  if (
    !Number.isInteger(input.memberCount) ||
    input.memberCount < MIN_MEMBERS ||
    input.memberCount > MAX_MEMBERS
  )
    errors.memberCount = "member_count_invalid";
  const villageRow = (await villagesInScope(ex, scope)).find((v) => v.id === input.villageId);
  if (!villageRow) errors.villageId = "village_not_found";
  if (!isKind(input.kind)) errors.kind = "kind_invalid";
  if (input.status !== undefined && !(HOUSEHOLD_STATUSES as readonly string[]).includes(input.status))
    errors.status = "status_invalid";
  return { errors, registryCode, headName, idCard, idCardHash, village: villageRow };
}

export async function createHousehold({
  caller,
  input,
}: {
  caller: Caller;
  input: HouseholdInput;
}): Promise<WriteResult> {
  const scope = await registryScope(db, caller);
  if (!scope) return FORBIDDEN;
  const piiKey = getEnv().PII_KEY;
  try {
    return await db
      .transaction(async (tx): Promise<WriteResult> => {
        const checked = await checkInput(tx, scope, input, null);
        if (Object.keys(checked.errors).length || !checked.village)
          return { ok: false, code: "invalid", fieldErrors: checked.errors };
        const [row] = await tx
          .insert(s.households)
          .values({
            registryCode: checked.registryCode,
            headName: checked.headName,
            idCardCipher: encryptPii(checked.idCard, piiKey),
            idCardHash: checked.idCardHash,
            idCardMasked: maskIdCard(checked.idCard),
            memberCount: input.memberCount,
            villageId: checked.village.id,
            townId: checked.village.townId,
            kind: input.kind as HouseholdKind,
          })
          .returning({ id: s.households.id });
        await recordAudit(tx, {
          actor: caller,
          action: "household.created",
          subjectType: "household",
          subjectId: row.id,
          regionId: checked.village.townId,
          details: { registryCode: checked.registryCode },
        });
        return { ok: true, id: row.id };
      })
      .finally(announceRegistryChanged);
  } catch (error) {
    const constraint = uniqueViolation(error);
    if (!constraint) throw error;
    // A concurrent insert won the race between the check and the insert.
    return {
      ok: false,
      code: "invalid",
      fieldErrors: constraint.includes("registry")
        ? { registryCode: "registry_code_taken" }
        : { idCard: "id_card_taken" },
    };
  }
}

/** Edits a household (its registry code stays: it is the import key). Empty idCard keeps the number. */
export async function updateHousehold({
  caller,
  id,
  input,
}: {
  caller: Caller;
  id: string;
  input: Omit<HouseholdInput, "registryCode">;
}): Promise<WriteResult> {
  const scope = await registryScope(db, caller);
  if (!scope) return FORBIDDEN;
  const piiKey = getEnv().PII_KEY;
  try {
    return await db
      .transaction(async (tx): Promise<WriteResult> => {
        const current = await householdInScope(tx, scope, id);
        if (!current) return { ok: false, code: "not_found" };
        const checked = await checkInput(
          tx,
          scope,
          { ...input, registryCode: current.registryCode },
          current,
        );
        if (Object.keys(checked.errors).length || !checked.village)
          return { ok: false, code: "invalid", fieldErrors: checked.errors };
        const kind = input.kind as HouseholdKind;
        const newId = checked.idCard && checked.idCardHash !== current.idCardHash;
        const changes = {
          headName: checked.headName,
          memberCount: input.memberCount,
          villageId: checked.village.id,
          townId: checked.village.townId,
          kind,
          status: (input.status as HouseholdStatus | undefined) ?? current.status,
          // Risk elimination only applies to monitored households.
          riskEliminatedAt: kind === "alleviated" ? null : current.riskEliminatedAt,
          ...(newId
            ? {
                idCardCipher: encryptPii(checked.idCard, piiKey),
                idCardHash: checked.idCardHash,
                idCardMasked: maskIdCard(checked.idCard),
              }
            : {}),
        };
        const changed = (Object.keys(changes) as (keyof typeof changes)[]).filter(
          (k) =>
            !["idCardCipher", "idCardMasked"].includes(k) &&
            String(changes[k]) !== String((current as Record<string, unknown>)[k]),
        );
        if (changed.length === 0) return { ok: true, id: current.id };
        await tx
          .update(s.households)
          .set({ ...changes, updatedAt: new Date() })
          .where(eq(s.households.id, current.id));
        await recordAudit(tx, {
          actor: caller,
          action: "household.updated",
          subjectType: "household",
          subjectId: current.id,
          regionId: checked.village.townId,
          details: { registryCode: current.registryCode, fields: changed },
        });
        return { ok: true, id: current.id };
      })
      .finally(announceRegistryChanged);
  } catch (error) {
    if (!uniqueViolation(error)) throw error;
    return { ok: false, code: "invalid", fieldErrors: { idCard: "id_card_taken" } };
  }
}

export async function markRiskEliminated({
  caller,
  id,
}: {
  caller: Caller;
  id: string;
}): Promise<
  | { ok: true; id: string }
  | Forbidden
  | { ok: false; code: "not_found" | "not_monitored" | "already_eliminated" }
> {
  const scope = await registryScope(db, caller);
  if (!scope) return FORBIDDEN;
  return db
    .transaction(async (tx) => {
      const current = await householdInScope(tx, scope, id);
      if (!current) return { ok: false as const, code: "not_found" as const };
      if (!MONITORED_KINDS.includes(current.kind))
        return { ok: false as const, code: "not_monitored" as const };
      const updated = await tx
        .update(s.households)
        .set({ riskEliminatedAt: new Date(), updatedAt: new Date() })
        .where(and(eq(s.households.id, current.id), isNull(s.households.riskEliminatedAt)))
        .returning({ id: s.households.id });
      if (updated.length === 0) return { ok: false as const, code: "already_eliminated" as const };
      await recordAudit(tx, {
        actor: caller,
        action: "household.risk_eliminated",
        subjectType: "household",
        subjectId: current.id,
        regionId: current.townId,
        details: { registryCode: current.registryCode },
      });
      return { ok: true as const, id: current.id };
    })
    .finally(announceRegistryChanged);
}

// ─── import ──────────────────────────────────────────────────────────────────────────────
// The report's shapes live beside the file format (app/lib/household-file.ts), which renders them.
export type {
  ImportCounts,
  ImportReport,
  ImportReportRow,
  ImportRowStatus,
  RowErrorCode,
  RowMessage,
} from "~/lib/household-file";

type PlannedRow = {
  report: ImportReportRow;
  values?: {
    registryCode: string;
    headName: string;
    idCard: string;
    idCardHash: string;
    memberCount: number;
    villageId: number;
    townId: number;
    kind: HouseholdKind;
  };
};

const LOOKUP_CHUNK = 5000;

async function inChunks<T, R>(items: T[], size: number, fn: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await fn(items.slice(i, i + size))));
  return out;
}

/** Validates every row against the file itself and the database, and decides what each would do. */
async function planImport(
  ex: Executor,
  scope: Scope,
  rows: HouseholdFileRow[],
): Promise<{ planned: PlannedRow[]; report: ImportReport }> {
  const piiKey = getEnv().PII_KEY;
  const villages = await villagesInScope(ex, scope);
  const byCode = new Map(villages.map((v) => [v.code, v]));
  const byName = new Map<string, VillageOption[]>();
  for (const v of villages) byName.set(v.name, [...(byName.get(v.name) ?? []), v]);

  // Duplicates inside the file.
  const rowsByCode = new Map<string, number[]>();
  const rowsByHash = new Map<string, number[]>();
  const hashes: (string | null)[] = rows.map((r) => {
    const id = r.idCard.trim().toUpperCase();
    return isValidIdCard(id) ? piiLookupHash(id, piiKey) : null;
  });
  rows.forEach((r, i) => {
    rowsByCode.set(r.registryCode, [...(rowsByCode.get(r.registryCode) ?? []), r.row]);
    if (hashes[i]) rowsByHash.set(hashes[i]!, [...(rowsByHash.get(hashes[i]!) ?? []), r.row]);
  });

  // What is already there (by registry code, and by ID number).
  const codes = [...rowsByCode.keys()].filter((c) => REGISTRY_CODE.test(c));
  const existingByCode = new Map(
    (
      await inChunks(codes, LOOKUP_CHUNK, (chunk) =>
        ex
          .select({
            id: s.households.id,
            registryCode: s.households.registryCode,
            headName: s.households.headName,
            idCardHash: s.households.idCardHash,
            memberCount: s.households.memberCount,
            villageId: s.households.villageId,
            townId: s.households.townId,
            kind: s.households.kind,
          })
          .from(s.households)
          .where(inArray(s.households.registryCode, chunk)),
      )
    ).map((h) => [h.registryCode, h]),
  );
  const inScopeTowns = new Set(villages.map((v) => v.townId));
  const existingByHash = new Map(
    (
      await inChunks([...rowsByHash.keys()], LOOKUP_CHUNK, (chunk) =>
        ex
          .select({ registryCode: s.households.registryCode, idCardHash: s.households.idCardHash })
          .from(s.households)
          .where(inArray(s.households.idCardHash, chunk)),
      )
    ).map((h) => [h.idCardHash, h.registryCode]),
  );

  const counts: ImportCounts = { total: rows.length, create: 0, update: 0, unchanged: 0, error: 0 };
  const planned: PlannedRow[] = rows.map((r, i) => {
    const messages: RowMessage[] = [];
    const others = (list: number[] | undefined) => (list ?? []).filter((n) => n !== r.row).join("、");
    const registryCode = r.registryCode;
    const existing = existingByCode.get(registryCode);
    if (!REGISTRY_CODE.test(registryCode)) messages.push({ code: "registry_code_invalid" });
    else if ((rowsByCode.get(registryCode)?.length ?? 0) > 1)
      messages.push({ code: "registry_code_duplicate", rows: others(rowsByCode.get(registryCode)) });
    else if (existing && !inScopeTowns.has(existing.townId))
      messages.push({ code: "registry_code_other_region" });
    const headName = r.headName;
    if (headName.length < 1 || Array.from(headName).length > MAX_NAME_LENGTH)
      messages.push({ code: "name_invalid" });
    const hash = hashes[i];
    if (!hash) messages.push({ code: "id_card_invalid" });
    else if ((rowsByHash.get(hash)?.length ?? 0) > 1)
      messages.push({ code: "id_card_duplicate", rows: others(rowsByHash.get(hash)) });
    else if (existingByHash.has(hash) && existingByHash.get(hash) !== registryCode)
      messages.push({ code: "id_card_taken" });
    const memberCount = /^\d{1,2}$/.test(r.memberCount) ? Number(r.memberCount) : NaN;
    if (!(memberCount >= MIN_MEMBERS && memberCount <= MAX_MEMBERS))
      messages.push({ code: "member_count_invalid" });
    let villageRow: VillageOption | undefined;
    if (/^\d{12}$/.test(r.village)) villageRow = byCode.get(r.village);
    else {
      const named = byName.get(r.village) ?? [];
      if (named.length > 1) messages.push({ code: "village_ambiguous" });
      villageRow = named.length === 1 ? named[0] : undefined;
    }
    if (!villageRow && !messages.some((m) => m.code === "village_ambiguous"))
      messages.push({ code: "village_not_found" });
    const kind =
      (Object.hasOwn(KIND_BY_LABEL, r.kind) ? KIND_BY_LABEL[r.kind] : undefined) ??
      (isKind(r.kind) ? r.kind : undefined);
    if (!kind) messages.push({ code: "kind_invalid" });

    if (messages.length || !villageRow || !kind || !hash) {
      counts.error++;
      return { report: { row: r.row, registryCode, status: "error", change: null, messages } };
    }
    const values = {
      registryCode,
      headName,
      idCard: r.idCard.trim().toUpperCase(),
      idCardHash: hash,
      memberCount,
      villageId: villageRow.id,
      townId: villageRow.townId,
      kind,
    };
    if (existing) {
      const same =
        existing.headName === values.headName &&
        existing.idCardHash === values.idCardHash &&
        existing.memberCount === values.memberCount &&
        existing.villageId === values.villageId &&
        existing.kind === values.kind;
      if (same) {
        counts.unchanged++;
        return { report: { row: r.row, registryCode, status: "unchanged", change: null, messages } };
      }
      counts.update++;
      return { report: { row: r.row, registryCode, status: "ok", change: "update", messages }, values };
    }
    counts.create++;
    return { report: { row: r.row, registryCode, status: "ok", change: "create", messages }, values };
  });
  return { planned, report: { rows: planned.map((p) => p.report), counts } };
}

/** The row-by-row report of what importing `rows` would do; writes nothing. */
export async function previewImport({
  caller,
  rows,
}: {
  caller: Caller;
  rows: HouseholdFileRow[];
}): Promise<{ ok: true; report: ImportReport } | Forbidden> {
  const scope = await registryScope(db, caller);
  if (!scope) return FORBIDDEN;
  const { report } = await planImport(db, scope, rows);
  return { ok: true, report };
}

const WRITE_CHUNK = 1000;

// ─── import progress ─────────────────────────────────────────────────────────────────────
// Kept in THIS server process's memory, per import token (one app process: the embedded default
// and the demo deployment). With several processes behind a load balancer a poll may reach a
// process that knows nothing ("unknown"): the page then just waits for the confirm's answer,
// which is the no-JavaScript behaviour. Reading it needs no database on purpose: on PGlite (one
// connection) the import's transaction holds the connection until it commits.
export type ImportProgress = {
  state: "checking" | "writing" | "done" | "failed";
  done: number;
  total: number;
};
const progressByToken = new Map<string, ImportProgress & { ownerSession: string; at: number }>();
const PROGRESS_KEEP_MS = 15 * 60 * 1000;

function reportProgress(
  token: string | undefined,
  ownerSession: string | undefined,
  progress: ImportProgress,
) {
  if (!token || !ownerSession) return;
  const now = Date.now();
  for (const [key, value] of progressByToken)
    if (now - value.at > PROGRESS_KEEP_MS) progressByToken.delete(key);
  progressByToken.set(token, { ...progress, ownerSession, at: now });
}

/**
 * How far the import under `token` has got; null unless asked from the signed-in session that
 * started it (others: 404). Keyed by session, not user, so that a poll needs no database query.
 */
export function importProgress({
  sessionId,
  token,
}: {
  sessionId: string;
  token: string;
}): ImportProgress | null {
  const entry = progressByToken.get(token);
  if (!entry || entry.ownerSession !== sessionId) return null;
  return { state: entry.state, done: entry.done, total: entry.total };
}

/** Lets the server answer progress polls between chunks (PGlite may resolve without real I/O). */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Imports the whole file or nothing (see THE RULE at the top): one transaction; with any row in
 * error it writes nothing and returns `has_errors` with the report. The rows are written in
 * chunks of WRITE_CHUNK inside that one transaction; with `progressToken`, rows done / total are
 * reported after each chunk for `importProgress` (done reaches total only when committed).
 */
export async function applyImport({
  caller,
  rows,
  fileName,
  progressToken,
  progressSession,
}: {
  caller: Caller;
  rows: HouseholdFileRow[];
  fileName?: string;
  progressToken?: string;
  /** The signed-in session that may poll the progress (importProgress). */
  progressSession?: string;
}): Promise<
  | { ok: true; report: ImportReport }
  | Forbidden
  | { ok: false; code: "has_errors" | "conflict"; report: ImportReport | null }
> {
  const scope = await registryScope(db, caller);
  if (!scope) return FORBIDDEN;
  const piiKey = getEnv().PII_KEY;
  const total = rows.length;
  const progress = (state: ImportProgress["state"], done: number) =>
    reportProgress(progressToken, progressSession, { state, done, total });
  progress("checking", 0);
  try {
    const result = await db
      .transaction(async (tx) => {
        const { planned, report } = await planImport(tx, scope, rows);
        if (report.counts.error > 0) return { ok: false as const, code: "has_errors" as const, report };
        const now = new Date();
        progress("writing", 0);
        // Chunks of the file in order (unchanged rows count as done), so the bar moves evenly.
        for (let i = 0; i < planned.length; i += WRITE_CHUNK) {
          const slice = planned.slice(i, i + WRITE_CHUNK);
          // The last chunk is reported after the commit, as "done".
          const reportChunk = async () => {
            if (i + WRITE_CHUNK < planned.length) progress("writing", i + WRITE_CHUNK);
            await yieldToEventLoop();
          };
          const writes = slice.flatMap((p) => (p.values ? [p.values] : []));
          if (writes.length === 0) {
            await reportChunk();
            continue;
          }
          const chunk = writes.map((v) => ({
            registryCode: v.registryCode,
            headName: v.headName,
            idCardCipher: encryptPii(v.idCard, piiKey),
            idCardHash: v.idCardHash,
            idCardMasked: maskIdCard(v.idCard),
            memberCount: v.memberCount,
            villageId: v.villageId,
            townId: v.townId,
            kind: v.kind,
            updatedAt: now,
          }));
          await tx
            .insert(s.households)
            .values(chunk)
            .onConflictDoUpdate({
              target: s.households.registryCode,
              set: {
                headName: sql`excluded.head_name`,
                idCardCipher: sql`case when ${s.households.idCardHash} = excluded.id_card_hash then ${s.households.idCardCipher} else excluded.id_card_cipher end`,
                idCardHash: sql`excluded.id_card_hash`,
                idCardMasked: sql`excluded.id_card_masked`,
                memberCount: sql`excluded.member_count`,
                villageId: sql`excluded.village_id`,
                townId: sql`excluded.town_id`,
                kind: sql`excluded.kind`,
                riskEliminatedAt: sql`case when excluded.kind = 'alleviated' then null else ${s.households.riskEliminatedAt} end`,
                updatedAt: sql`excluded.updated_at`,
              },
              // Never touch a row outside the caller's region, even if one appeared since the check.
              setWhere: townFilter(scope, s.households.townId),
            });
          await reportChunk();
        }
        await recordAudit(tx, {
          actor: caller,
          action: "household.import",
          subjectType: "household_import",
          subjectId: null,
          regionId: caller.regionId,
          details: { fileName: fileName ?? null, ...report.counts },
        });
        return { ok: true as const, report };
      })
      .finally(announceRegistryChanged);
    progress(result.ok ? "done" : "failed", result.ok ? total : 0);
    return result;
  } catch (error) {
    progress("failed", 0);
    // E.g. two households swapping ID numbers in one file, or a concurrent import.
    if (!uniqueViolation(error)) throw error;
    return { ok: false, code: "conflict", report: null };
  }
}
