// Early warning (早发现、早干预, issue 21): the active households of the caller's region that need a
// visit, each with the reasons why, and their follow-up records. THE RULE (also in the README):
//
// Dates are Asia/Shanghai; "today" is the request's day. The period is this calendar year up to
// today; "the same period last year" is 1 January to the same day last year (29 February → 28).
// A household gets a reason, with a key that names the facts behind it:
//  - drop   `drop:<year>`: last year's period had attributed income P > 0 and this period's C fell
//           by more than WARNING_DROP_PERCENT (C × 100 < P × (100 − percent));
//  - lapsed `lapsed:<n>:<latest valid_until or ->`: it has n ≥ 1 approved or terminated benefit
//           agreements and none is approved with no end or an end later than today + 30 days;
//  - idle   `idle:<last day with a positive income row, or none>`: it has n ≥ 1 such agreements
//           and its attributed income over the WARNING_IDLE_MONTHS months up to today (stat dates
//           after today minus that many months) is zero or less.
// Households without any agreement are not on this list (statistics' "not yet reached" list).
// A follow-up record (contacted or not, what was done, on which day, by whom) can be added to a
// listed household; one that resolves records the keys listed then. A household is on the list
// when it has a reason whose key is not among those of its latest resolution: a resolved row
// leaves the list and comes back only when a reason appears with a new key (a new year's drop,
// a new agreement that lapses in turn, new income followed by silence). A resolution is written
// once per household and set of keys (unique index): of two racing resolutions one wins and the
// other answers "already_resolved". Follow-ups are audited (household.follow_up).
//
// Computed in one query over the rollup stats_beneficiary_daily (per household, day and income
// type; reversals sit on their sale's day, as in the ledger), the agreements' household index and
// the follow-ups, filtered by the caller's region on the household's current town, paged in SQL.
import { sql, type SQL } from "drizzle-orm";
import { db, rowsOf, schema as s, type Executor } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { isIsoDate, shanghaiDate } from "~/lib/dates";
import { UUID } from "~/lib/ids";
import { pageCountOf } from "~/lib/paging";
import { recordAudit } from "../access/audit.server";
import { scopeOf, townFilter, type Caller, type Scope } from "../access/scope.server";
import { MAX_ACTION_LENGTH } from "./warning-rules";

export const WARNING_PAGE_SIZE = 25;
export const LAPSE_HORIZON_DAYS = 30;

export type WarningReasonCode = "drop" | "lapsed" | "idle";
export type WarningSettings = { dropPercent: number; idleMonths: number };

export type WarningWindows = {
  today: string;
  year: number;
  currentFrom: string;
  currentTo: string;
  previousFrom: string;
  previousTo: string;
  /** Income counts as recent on stat dates after this day. */
  idleAfter: string;
  /** An agreement ending on or before this day lapses "within 30 days". */
  lapseBy: string;
};

function isoOf(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}
function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The dates the rule above compares, for `now` and the settings. */
export function warningWindows(now: Date, settings: WarningSettings): WarningWindows {
  const today = shanghaiDate(now);
  const [y, m, d] = today.split("-").map(Number);
  let im = m - settings.idleMonths;
  let iy = y;
  while (im < 1) {
    im += 12;
    iy--;
  }
  return {
    today,
    year: y,
    currentFrom: isoOf(y, 1, 1),
    currentTo: today,
    previousFrom: isoOf(y - 1, 1, 1),
    previousTo: isoOf(y - 1, m, Math.min(d, daysInMonth(y - 1, m))),
    idleAfter: isoOf(iy, im, Math.min(d, daysInMonth(iy, im))),
    lapseBy: addDays(today, LAPSE_HORIZON_DAYS),
  };
}

export function warningSettings(): WarningSettings {
  const env = getEnv();
  return { dropPercent: env.WARNING_DROP_PERCENT, idleMonths: env.WARNING_IDLE_MONTHS };
}

export type WarningRow = {
  householdId: string;
  registryCode: string;
  headName: string;
  kind: (typeof s.householdKind.enumValues)[number];
  memberCount: number;
  townName: string;
  villageName: string;
  reasons: WarningReasonCode[];
  reasonKeys: string[];
  /** Listed now: a reason not covered by the latest resolution. */
  listed: boolean;
  currentFen: number;
  previousFen: number;
  recentFen: number;
  lastIncomeOn: string | null;
  agreements: number;
  latestAgreementEnd: string | null;
  followUps: number;
  lastFollowUpOn: string | null;
};

type RawRow = {
  household_id: string;
  registry_code: string;
  head_name: string;
  kind: WarningRow["kind"];
  member_count: number;
  town_name: string;
  village_name: string;
  keys: string[] | string | null;
  resolved_keys: string[] | string | null;
  current_fen: string | number | null;
  previous_fen: string | number | null;
  recent_fen: string | number | null;
  last_income_on: string | Date | null;
  agreements: string | number | null;
  latest_end: string | Date | null;
  follow_ups: string | number | null;
  last_follow_up_on: string | Date | null;
  total?: string | number;
};

/** postgres.js and PGlite both give text[] as arrays; a literal "{a,b}" is parsed just in case. */
function textArray(value: string[] | string | null): string[] {
  if (value == null) return [];
  if (Array.isArray(value)) return value;
  const inner = value.replace(/^\{|\}$/g, "");
  return inner ? inner.split(",").map((v) => v.replace(/^"|"$/g, "")) : [];
}
function dateText(value: string | Date | null): string | null {
  if (value == null) return null;
  return typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

function toRow(r: RawRow): WarningRow {
  const keys = textArray(r.keys);
  const resolved = new Set(textArray(r.resolved_keys));
  return {
    householdId: r.household_id,
    registryCode: r.registry_code,
    headName: r.head_name,
    kind: r.kind,
    memberCount: Number(r.member_count),
    townName: r.town_name,
    villageName: r.village_name,
    reasons: keys.map((k) => k.split(":")[0] as WarningReasonCode),
    reasonKeys: keys,
    listed: keys.some((k) => !resolved.has(k)),
    currentFen: Number(r.current_fen ?? 0),
    previousFen: Number(r.previous_fen ?? 0),
    recentFen: Number(r.recent_fen ?? 0),
    lastIncomeOn: dateText(r.last_income_on),
    agreements: Number(r.agreements ?? 0),
    latestAgreementEnd: dateText(r.latest_end),
    followUps: Number(r.follow_ups ?? 0),
    lastFollowUpOn: dateText(r.last_follow_up_on),
  };
}

/**
 * The one query: households matching `householdCondition` (a condition on `households`), their
 * reasons and latest resolution; `onlyListed` keeps those on the list; paged when `page` is given.
 */
async function warningQuery(
  ex: Executor,
  {
    householdCondition,
    windows: w,
    settings,
    onlyListed,
    page,
  }: {
    householdCondition: SQL;
    windows: WarningWindows;
    settings: WarningSettings;
    onlyListed: boolean;
    page?: { limit: number; offset: number };
  },
): Promise<RawRow[]> {
  const keep = onlyListed
    ? sql`where cardinality(f.keys) > 0 and not (f.keys <@ coalesce(f.resolved_keys, '{}'::text[]))`
    : sql``;
  const paging = page ? sql`limit ${page.limit} offset ${page.offset}` : sql``;
  // The households in scope as a subquery on the table itself (not the CTE): the planner has
  // statistics for it and picks a hash semi-join, where a CTE scan became a nested loop.
  const inScope = sql`(select ${s.households.id} from ${s.households} where ${s.households.status} = 'active' and ${householdCondition})`;
  const result = await ex.execute(sql`
    with hh as (
      select ${s.households.id} as id, ${s.households.registryCode} as registry_code,
        ${s.households.headName} as head_name, ${s.households.kind} as kind,
        ${s.households.memberCount} as member_count, ${s.households.townId} as town_id,
        ${s.households.villageId} as village_id
      from ${s.households}
      where ${s.households.status} = 'active' and ${householdCondition}
    ),
    inc as (
      select d.beneficiary_id as id,
        coalesce(sum(d.amount_fen) filter (where d.stat_date between ${w.currentFrom}::date and ${w.currentTo}::date), 0) as current_fen,
        coalesce(sum(d.amount_fen) filter (where d.stat_date between ${w.previousFrom}::date and ${w.previousTo}::date), 0) as previous_fen,
        coalesce(sum(d.amount_fen) filter (where d.stat_date > ${w.idleAfter}::date), 0) as recent_fen,
        max(d.stat_date) filter (where d.amount_fen > 0) as last_income_on
      from ${s.statsBeneficiaryDaily} d
      where d.beneficiary_type = 'household'
        and d.stat_date >= ${w.previousFrom}::date and d.stat_date <= ${w.today}::date
        and d.beneficiary_id in ${inScope}
      group by d.beneficiary_id
    ),
    lk as (
      select l.household_id as id, count(*) as agreements, max(l.valid_until) as latest_end,
        bool_or(l.status = 'approved' and (l.valid_until is null or l.valid_until > ${w.lapseBy}::date)) as safe
      from ${s.linkages} l
      where l.household_id in ${inScope} and l.status in ('approved', 'terminated')
      group by l.household_id
    ),
    fu as (
      select u.household_id as id, count(*) as follow_ups, max(u.followed_on) as last_follow_up_on
      from ${s.householdFollowUps} u
      where u.household_id in ${inScope}
      group by u.household_id
    ),
    res as (
      select distinct on (u.household_id) u.household_id as id, u.reason_keys as keys
      from ${s.householdFollowUps} u
      where u.resolved and u.household_id in ${inScope}
      order by u.household_id, u.created_at desc, u.id desc
    ),
    f as (
      select hh.*, inc.current_fen, inc.previous_fen, inc.recent_fen, inc.last_income_on,
        lk.agreements, lk.latest_end, fu.follow_ups, fu.last_follow_up_on,
        array_remove(array[
          case when coalesce(inc.previous_fen, 0) > 0
                and coalesce(inc.current_fen, 0) * 100 < inc.previous_fen * ${100 - settings.dropPercent}
               then ${`drop:${w.year}`}::text end,
          case when coalesce(lk.agreements, 0) > 0 and not lk.safe
               then 'lapsed:' || lk.agreements || ':' || coalesce(lk.latest_end::text, '-') end,
          case when coalesce(lk.agreements, 0) > 0 and coalesce(inc.recent_fen, 0) <= 0
               then 'idle:' || coalesce(inc.last_income_on::text, 'none') end
        ]::text[], null) as keys,
        res.keys as resolved_keys
      from hh
      left join inc on inc.id = hh.id
      left join lk on lk.id = hh.id
      left join fu on fu.id = hh.id
      left join res on res.id = hh.id
    )
    select f.id as household_id, f.registry_code, f.head_name, f.kind, f.member_count,
      t.name as town_name, v.name as village_name, f.keys, f.resolved_keys,
      f.current_fen, f.previous_fen, f.recent_fen, f.last_income_on, f.agreements, f.latest_end,
      f.follow_ups, f.last_follow_up_on, count(*) over () as total
    from f
    join ${s.regions} t on t.id = f.town_id
    join ${s.regions} v on v.id = f.village_id
    ${keep}
    order by f.registry_code
    ${paging}
  `);
  return rowsOf<RawRow>(result);
}

async function warningScope(caller: Caller, ex: Executor = db): Promise<Scope | null> {
  const scope = await scopeOf(caller, ex);
  return scope.kind === "platform" || scope.kind === "region" ? scope : null;
}

type Forbidden = { ok: false; code: "forbidden" };
type NotFound = { ok: false; code: "not_found" };

export type WarningList = {
  rows: WarningRow[];
  total: number;
  page: number;
  pageCount: number;
  windows: WarningWindows;
  settings: WarningSettings;
};

/** The households on the list in the caller's region, a page at a time (registry-code order). */
export async function listWarnings({
  caller,
  page: requested,
  now = new Date(),
  settings = warningSettings(),
}: {
  caller: Caller;
  page?: number;
  now?: Date;
  settings?: WarningSettings;
}): Promise<({ ok: true } & WarningList) | Forbidden> {
  const scope = await warningScope(caller);
  if (!scope) return { ok: false, code: "forbidden" };
  const windows = warningWindows(now, settings);
  const householdCondition = townFilter(scope, s.households.townId) ?? sql`true`;
  let page = Number.isInteger(requested) && requested! > 0 ? requested! : 1;
  // One statement; the scope is a subquery on the households table (see inScope), which kept
  // PGlite's planner from comparing every pair of rows. (Turning nested loops off for the
  // statement helped PGlite but made PostgreSQL slower: not done.)
  const query = (offset: number) =>
    warningQuery(db, {
      householdCondition,
      windows,
      settings,
      onlyListed: true,
      page: { limit: WARNING_PAGE_SIZE, offset },
    });
  let raw = await query((page - 1) * WARNING_PAGE_SIZE);
  if (raw.length === 0 && page > 1) {
    // Past the last page: answer the first (the total comes with a row).
    page = 1;
    raw = await query(0);
  }
  const total = raw.length ? Number(raw[0].total) : 0;
  return {
    ok: true,
    rows: raw.map(toRow),
    total,
    page,
    pageCount: pageCountOf(total, WARNING_PAGE_SIZE),
    windows,
    settings,
  };
}

export type FollowUp = {
  id: string;
  contacted: boolean;
  action: string;
  followedOn: string;
  resolved: boolean;
  reasonKeys: string[];
  actorName: string | null;
  createdAt: string;
};

async function householdInScope(ex: Executor, scope: Scope, householdId: string) {
  if (!UUID.test(householdId)) return null;
  const filter = townFilter(scope, s.households.townId) ?? sql`true`;
  const rows = rowsOf<{ id: string; town_id: number; registry_code: string }>(
    await ex.execute(
      sql`select ${s.households.id} as id, ${s.households.townId} as town_id, ${s.households.registryCode} as registry_code
          from ${s.households} where ${s.households.id} = ${householdId} and ${filter}`,
    ),
  );
  return rows[0] ?? null;
}

async function caseRow(ex: Executor, householdId: string, now: Date, settings: WarningSettings) {
  const [raw] = await warningQuery(ex, {
    householdCondition: sql`${s.households.id} = ${householdId}`,
    windows: warningWindows(now, settings),
    settings,
    onlyListed: false,
  });
  return raw ? toRow(raw) : null;
}

/** One household's warning case: its reasons now and its follow-ups (newest first). */
export async function getWarningCase({
  caller,
  householdId,
  now = new Date(),
  settings = warningSettings(),
}: {
  caller: Caller;
  householdId: string;
  now?: Date;
  settings?: WarningSettings;
}): Promise<
  | { ok: true; row: WarningRow | null; followUps: FollowUp[]; windows: WarningWindows; registryCode: string }
  | Forbidden
  | NotFound
> {
  const scope = await warningScope(caller);
  if (!scope) return { ok: false, code: "forbidden" };
  const household = await householdInScope(db, scope, householdId);
  if (!household) return { ok: false, code: "not_found" };
  const row = await caseRow(db, household.id, now, settings);
  const followUps = rowsOf<{
    id: string;
    contacted: boolean;
    action: string;
    followed_on: string | Date;
    resolved: boolean;
    reason_keys: string[] | string;
    actor_name: string | null;
    created_at: string | Date;
  }>(
    await db.execute(sql`
      select u.id, u.contacted, u.action, u.followed_on, u.resolved, u.reason_keys,
        usr.display_name as actor_name, u.created_at
      from ${s.householdFollowUps} u
      left join ${s.users} usr on usr.id = u.actor_id
      where u.household_id = ${household.id}
      order by u.created_at desc, u.id desc`),
  );
  return {
    ok: true,
    row,
    registryCode: household.registry_code,
    windows: warningWindows(now, settings),
    followUps: followUps.map((f) => ({
      id: f.id,
      contacted: Boolean(f.contacted),
      action: f.action,
      followedOn: dateText(f.followed_on)!,
      resolved: Boolean(f.resolved),
      reasonKeys: textArray(f.reason_keys),
      actorName: f.actor_name,
      createdAt: new Date(f.created_at).toISOString(),
    })),
  };
}

export type FollowUpInput = {
  contacted: boolean;
  action: string;
  followedOn: string;
  resolve: boolean;
};
export type FollowUpError = "action_invalid" | "date_invalid" | "not_listed" | "already_resolved";

function uniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return (e?.cause?.code ?? e?.code) === "23505";
}

/**
 * Adds a follow-up to a listed household of the caller's region; with `resolve`, it resolves the
 * reasons listed now (once: a racing second resolution answers already_resolved). Audited in the
 * same transaction. Out of scope or unknown: not_found.
 */
export async function recordFollowUp({
  caller,
  householdId,
  input,
  ip,
  now = new Date(),
  settings = warningSettings(),
}: {
  caller: Caller;
  householdId: string;
  input: FollowUpInput;
  ip?: string | null;
  now?: Date;
  settings?: WarningSettings;
}): Promise<{ ok: true; id: string } | Forbidden | NotFound | { ok: false; code: FollowUpError }> {
  const scope = await warningScope(caller);
  if (!scope) return { ok: false, code: "forbidden" };
  const action = input.action.trim();
  const today = shanghaiDate(now);
  try {
    return await db.transaction(async (tx) => {
      const household = await householdInScope(tx, scope, householdId);
      if (!household) return { ok: false as const, code: "not_found" as const };
      if (action.length < 1 || Array.from(action).length > MAX_ACTION_LENGTH)
        return { ok: false as const, code: "action_invalid" as const };
      if (!isIsoDate(input.followedOn) || input.followedOn > today || input.followedOn < "2000-01-01")
        return { ok: false as const, code: "date_invalid" as const };
      const row = await caseRow(tx, household.id, now, settings);
      if (!row || !row.listed)
        return {
          ok: false as const,
          code: row && row.reasonKeys.length > 0 ? ("already_resolved" as const) : ("not_listed" as const),
        };
      const keys = [...row.reasonKeys].sort();
      const [inserted] = await tx
        .insert(s.householdFollowUps)
        .values({
          householdId: household.id,
          townId: household.town_id,
          contacted: input.contacted,
          action,
          followedOn: input.followedOn,
          reasonKeys: keys,
          resolved: input.resolve,
          resolutionKey: input.resolve ? keys.join("|") : null,
          actorId: caller.id,
        })
        .returning({ id: s.householdFollowUps.id });
      await recordAudit(tx, {
        actor: caller,
        action: "household.follow_up",
        subjectType: "household",
        subjectId: household.id,
        regionId: household.town_id,
        details: {
          registryCode: household.registry_code,
          contacted: input.contacted,
          followedOn: input.followedOn,
          resolved: input.resolve,
          reasons: keys,
        },
        ip,
      });
      return { ok: true as const, id: inserted.id };
    });
  } catch (error) {
    if (uniqueViolation(error)) return { ok: false, code: "already_resolved" };
    throw error;
  }
}
