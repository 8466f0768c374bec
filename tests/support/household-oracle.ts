// For the household statement and early-warning tests: an INDEPENDENT recount from the raw tables
// (attribution_entries, linkages, households, household_follow_ups) in plain JS — no rollup, no
// production query or helper. The definitions are those of app/models/impact/warnings.server.ts's
// header and household-statements.server.ts's, written again from the text.
import { db, schema as s } from "~/lib/db.server";

type Entry = typeof s.attributionEntries.$inferSelect;

const TYPES = ["operating", "wage", "property", "transfer"] as const;

/** The Asia/Shanghai calendar day of an instant (UTC+8, no daylight saving). */
export function shanghaiDayOf(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function plusDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** `day` moved back `months` calendar months, the day of month clamped to the target month. */
function minusMonths(day: string, months: number): string {
  const [y, m, d] = day.split("-").map(Number);
  const total = y * 12 + (m - 1) - months;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  const last = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  return `${ty}-${String(tm).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

export type ExpectedStatement = {
  months: Record<string, Record<string, number>>;
  totals: Record<string, number>;
  total: number;
  sales: number;
  reversals: number;
  reversalLines: number;
  byLinkage: Record<string, { sales: number; reversals: number; net: number }>;
};

/** One household's statement for from..to (inclusive stat dates), from the whole ledger. */
export async function expectedStatement(
  householdId: string,
  from: string,
  to: string,
  /** The whole ledger, when the caller already read it. */
  ledger?: Entry[],
): Promise<ExpectedStatement> {
  const all: Entry[] = ledger ?? (await db.select().from(s.attributionEntries));
  const mine = all.filter((e) => e.householdId === householdId && e.statDate >= from && e.statDate <= to);
  const months: ExpectedStatement["months"] = {};
  const totals: Record<string, number> = Object.fromEntries(TYPES.map((t) => [t, 0]));
  const byLinkage: ExpectedStatement["byLinkage"] = {};
  let sales = 0;
  let reversals = 0;
  let reversalLines = 0;
  for (const e of mine) {
    const month = e.statDate.slice(0, 7);
    months[month] ??= Object.fromEntries(TYPES.map((t) => [t, 0]));
    months[month][e.incomeType] += e.amountFen;
    totals[e.incomeType] += e.amountFen;
    byLinkage[e.linkageId] ??= { sales: 0, reversals: 0, net: 0 };
    byLinkage[e.linkageId].net += e.amountFen;
    if (e.kind === "sale") {
      sales += e.amountFen;
      byLinkage[e.linkageId].sales += e.amountFen;
    } else {
      reversals += e.amountFen;
      reversalLines++;
      byLinkage[e.linkageId].reversals += e.amountFen;
    }
  }
  return { months, totals, total: sales + reversals, sales, reversals, reversalLines, byLinkage };
}

export type ExpectedWarning = { householdId: string; registryCode: string; keys: string[] };

/**
 * The households on the early-warning list of towns `townIds` (null: all) on `now`'s day, in
 * registry-code order, each with its reason keys (sorted as the rule lists them: drop, lapsed, idle).
 */
export async function expectedWarnings({
  townIds,
  now,
  dropPercent,
  idleMonths,
}: {
  townIds: number[] | null;
  now: Date;
  dropPercent: number;
  idleMonths: number;
}): Promise<ExpectedWarning[]> {
  const today = shanghaiDayOf(now);
  const year = Number(today.slice(0, 4));
  const md = today.slice(5);
  const prevYear = year - 1;
  const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const prevTo = md === "02-29" && !leap(prevYear) ? `${prevYear}-02-28` : `${prevYear}-${md}`;
  const prevFrom = `${prevYear}-01-01`;
  const curFrom = `${year}-01-01`;
  const idleAfter = minusMonths(today, idleMonths);
  const lapseBy = plusDays(today, 30);

  const [households, entries, linkages, followUps] = await Promise.all([
    db.select().from(s.households),
    db.select().from(s.attributionEntries),
    db.select().from(s.linkages),
    db.select().from(s.householdFollowUps),
  ]);
  const out: ExpectedWarning[] = [];
  for (const h of households) {
    if (h.status !== "active") continue;
    if (townIds !== null && !townIds.includes(h.townId)) continue;
    const mine = entries.filter((e) => e.householdId === h.id);
    const sumWhere = (pred: (day: string) => boolean) =>
      mine.filter((e) => pred(e.statDate)).reduce((a, e) => a + e.amountFen, 0);
    const current = sumWhere((d) => d >= curFrom && d <= today);
    const previous = sumWhere((d) => d >= prevFrom && d <= prevTo);
    const recent = sumWhere((d) => d > idleAfter && d <= today);
    // Days with a positive net per income type, from last year's first day to today.
    const perDayType = new Map<string, number>();
    for (const e of mine) {
      if (e.statDate < prevFrom || e.statDate > today) continue;
      const key = `${e.statDate}|${e.incomeType}`;
      perDayType.set(key, (perDayType.get(key) ?? 0) + e.amountFen);
    }
    let lastPositive: string | null = null;
    for (const [key, amount] of perDayType) {
      const day = key.split("|")[0];
      if (amount > 0 && (lastPositive === null || day > lastPositive)) lastPositive = day;
    }
    const agreements = linkages.filter(
      (l) => l.householdId === h.id && (l.status === "approved" || l.status === "terminated"),
    );
    const safe = agreements.some(
      (l) => l.status === "approved" && (l.validUntil === null || l.validUntil > lapseBy),
    );
    const ends = agreements.map((l) => l.validUntil).filter((d): d is string => d !== null);
    const latestEnd = ends.length ? ends.sort().at(-1)! : "-";
    const keys: string[] = [];
    if (previous > 0 && current * 100 < previous * (100 - dropPercent)) keys.push(`drop:${year}`);
    if (agreements.length > 0 && !safe) keys.push(`lapsed:${agreements.length}:${latestEnd}`);
    if (agreements.length > 0 && recent <= 0) keys.push(`idle:${lastPositive ?? "none"}`);
    if (keys.length === 0) continue;
    const resolutions = followUps
      .filter((f) => f.householdId === h.id && f.resolved)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
    const resolved = new Set(resolutions[0]?.reasonKeys ?? []);
    if (keys.every((k) => resolved.has(k))) continue;
    out.push({ householdId: h.id, registryCode: h.registryCode, keys });
  }
  return out.sort((a, b) => (a.registryCode < b.registryCode ? -1 : a.registryCode > b.registryCode ? 1 : 0));
}
