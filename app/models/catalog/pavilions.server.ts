// Village and town pavilions (一村一品, issue 21, decision 098): public pages per administrative
// village and per town — the products from there and the sellers behind them, the leading product,
// the village collectives' attributed income this year, households and monitored households
// reached, and a seasonal calendar. Every figure comes from the rollups (stats_beneficiary_yearly,
// stats_sales_monthly) or the catalogue, never from the ledger; households only as counts, under
// the privacy floor (core/privacy-floor.ts): nothing that fewer than 5 households stand behind.
// The rollup figures read statsDb (the streaming replica when configured, decision 135) and say
// how fresh they are; the catalogue part reads the primary.
import { and, asc, desc, eq, gte, inArray, lte, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { floorCount, floorFigure, type FlooredFigure } from "../../../core/privacy-floor";
import { shanghaiYear } from "~/lib/dates";
import { db, schema as s, statsDb, statsFreshness } from "~/lib/db.server";
import { createTtlCache } from "~/lib/ttl-cache";
import { listProductCardsFrom, type ProductCard } from "./catalog.server";
import type { SupplierKind } from "./catalog-query";

export type PavilionLevel = "village" | "town";

export type PavilionFigures = {
  year: number;
  /** The village collectives' net attributed income this year (not about a person: always shown). */
  collectiveIncomeFen: number;
  householdsReached: FlooredFigure;
  monitoredReached: FlooredFigure;
  /** The households' attributed income this year, withheld under the floor of the households behind it. */
  householdIncomeFen: FlooredFigure;
  /** The figures hold everything committed up to this instant (ISO; null: not known), decision 135. */
  asOf: string | null;
};

export type SeasonMonth = { month: number; items: { name: string; nameEn: string | null }[] };

export type Pavilion = {
  level: PavilionLevel;
  code: string;
  name: string;
  nameEn: string | null;
  parent: { code: string; name: string; nameEn: string | null } | null;
  villages: { code: string; name: string; nameEn: string | null; products: number }[];
  products: ProductCard[];
  leading: (ProductCard & { categoryName: string; categoryNameEn: string }) | null;
  suppliers: {
    slug: string;
    name: string;
    nameEn: string | null;
    kind: SupplierKind;
    partyBranchLed: boolean;
  }[];
  figures: PavilionFigures;
  calendar: { source: "season" | "sales" | "none"; months: SeasonMonth[] };
};

const town = alias(s.regions, "town");

/** The region a URL names: its 12-digit code, or its internal id (the route redirects to the code). */
async function findRegion(level: PavilionLevel, key: string) {
  const levels = level === "village" ? (["village"] as const) : (["town", "subdistrict"] as const);
  const byCode = /^\d{12}$/.test(key);
  const byId = !byCode && /^\d{1,9}$/.test(key);
  if (!byCode && !byId) return null;
  const [row] = await db
    .select({
      id: s.regions.id,
      code: s.regions.code,
      name: s.regions.name,
      nameEn: s.regions.nameEn,
      parentCode: town.code,
      parentName: town.name,
      parentNameEn: town.nameEn,
    })
    .from(s.regions)
    .leftJoin(town, eq(town.id, s.regions.parentId))
    .where(
      and(
        byCode ? eq(s.regions.code, key) : eq(s.regions.id, Number(key)),
        inArray(s.regions.level, [...levels]),
      ),
    );
  return row ?? null;
}

/** This year's figures of these villages, from stats_beneficiary_yearly (index (year, village_id)). */
async function loadFigures(villageIds: number[], year: number): Promise<PavilionFigures> {
  const b = s.statsBeneficiaryYearly;
  const { asOf } = await statsFreshness();
  const [row] = await statsDb
    .select({
      collective: sql<string>`coalesce(sum(${b.amountFen}) filter (where ${b.beneficiaryType} = 'village_collective'), 0)`,
      households:
        sql<number>`count(*) filter (where ${b.beneficiaryType} = 'household' and ${b.amountFen} > 0)`.mapWith(
          Number,
        ),
      monitored:
        sql<number>`count(*) filter (where ${b.beneficiaryType} = 'household' and ${b.amountFen} > 0 and ${b.householdKind} <> 'alleviated')`.mapWith(
          Number,
        ),
      householdIncome: sql<string>`coalesce(sum(${b.amountFen}) filter (where ${b.beneficiaryType} = 'household' and ${b.amountFen} > 0), 0)`,
    })
    .from(b)
    .where(and(eq(b.year, year), inArray(b.villageId, villageIds)));
  const households = Number(row?.households ?? 0);
  return {
    year,
    collectiveIncomeFen: Number(row?.collective ?? 0),
    householdsReached: floorCount(households),
    monitoredReached: floorCount(Number(row?.monitored ?? 0)),
    householdIncomeFen: floorFigure(Number(row?.householdIncome ?? 0), households),
    asOf,
  };
}

/**
 * The seasonal calendar: the harvest months of the products on sale from here when any has them;
 * else the categories sold from here in each month of the last twelve (stats_sales_monthly).
 */
async function loadCalendar(villageIds: number[], now: Date): Promise<Pavilion["calendar"]> {
  const seasonal = await db
    .select({ name: s.products.name, nameEn: s.products.nameEn, months: s.products.seasonMonths })
    .from(s.products)
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.products.supplierId))
    .where(
      and(
        inArray(s.products.originVillageId, villageIds),
        eq(s.products.status, "active"),
        eq(s.suppliers.status, "active"),
        sql`cardinality(${s.products.seasonMonths}) > 0`,
      ),
    )
    .orderBy(desc(s.products.salesCount), asc(s.products.slug))
    .limit(60);
  const months: SeasonMonth[] = Array.from({ length: 12 }, (_, i) => ({ month: i + 1, items: [] }));
  if (seasonal.length > 0) {
    for (const p of seasonal)
      for (const m of new Set(p.months))
        if (m >= 1 && m <= 12 && months[m - 1].items.length < 6)
          months[m - 1].items.push({ name: p.name, nameEn: p.nameEn });
    return { source: "season", months };
  }
  const to = new Date(now.getTime());
  const from = new Date(Date.UTC(to.getUTCFullYear() - 1, to.getUTCMonth(), 1));
  const m = s.statsSalesMonthly;
  const rows = await statsDb
    .select({
      month: sql<number>`extract(month from ${m.month})::int`.mapWith(Number),
      name: s.categories.name,
      nameEn: s.categories.nameEn,
    })
    .from(m)
    .innerJoin(s.categories, eq(s.categories.id, m.categoryId))
    .where(
      and(
        gte(m.month, from.toISOString().slice(0, 10)),
        lte(m.month, to.toISOString().slice(0, 10)),
        inArray(m.villageId, villageIds),
      ),
    )
    .groupBy(sql`1`, s.categories.id, s.categories.name, s.categories.nameEn)
    .having(sql`sum(${m.salesFen}) > 0`)
    .orderBy(sql`1`, sql`sum(${m.salesFen}) desc`);
  for (const r of rows)
    if (months[r.month - 1].items.length < 6)
      months[r.month - 1].items.push({ name: r.name, nameEn: r.nameEn });
  return { source: rows.length > 0 ? "sales" : "none", months };
}

/** Sellers of here: located in these villages, or selling a product from them (active ones). */
async function loadSuppliers(villageIds: number[]) {
  const rows = await db
    .select({
      slug: s.suppliers.slug,
      name: s.suppliers.name,
      nameEn: s.suppliers.nameEn,
      kind: s.suppliers.kind,
      partyBranchLed: s.suppliers.partyBranchLed,
    })
    .from(s.suppliers)
    .where(
      and(
        eq(s.suppliers.status, "active"),
        or(
          inArray(s.suppliers.villageId, villageIds),
          inArray(
            s.suppliers.id,
            db
              .selectDistinct({ id: s.products.supplierId })
              .from(s.products)
              .where(and(inArray(s.products.originVillageId, villageIds), eq(s.products.status, "active"))),
          ),
        ),
      ),
    )
    .orderBy(sql`${s.suppliers.partyBranchLed} desc`, asc(s.suppliers.slug))
    .limit(100);
  return rows.map((r) => ({ ...r, kind: r.kind as SupplierKind }));
}

/**
 * The rollup part of a pavilion, kept for a minute per process and region: sums over a year of
 * rollups move slowly (a payment shows here within the minute, as on the home page's headline).
 */
const cachedRollups = createTtlCache<string, { figures: PavilionFigures; calendar: Pavilion["calendar"] }>({
  ttlMs: 60_000,
  maxEntries: 500,
});

/** A pavilion page's data, or null for an unknown region (or a code of the other level). */
export async function getPavilion({
  level,
  key,
  now = new Date(),
}: {
  level: PavilionLevel;
  key: string;
  now?: Date;
}): Promise<Pavilion | null> {
  const region = await findRegion(level, key);
  if (!region) return null;
  const villages =
    level === "village"
      ? [{ id: region.id, code: region.code, name: region.name, nameEn: region.nameEn }]
      : await db
          .select({ id: s.regions.id, code: s.regions.code, name: s.regions.name, nameEn: s.regions.nameEn })
          .from(s.regions)
          .where(and(eq(s.regions.parentId, region.id), eq(s.regions.level, "village")))
          .orderBy(asc(s.regions.code));
  const villageIds = villages.map((v) => v.id);
  const year = shanghaiYear(now);
  const [products, suppliers, rollups, counts] = await Promise.all([
    listProductCardsFrom({ villageIds, limit: 48 }),
    villageIds.length ? loadSuppliers(villageIds) : Promise.resolve([]),
    cachedRollups.get(`${level}|${region.id}|${year}`, async () =>
      villageIds.length
        ? { figures: await loadFigures(villageIds, year), calendar: await loadCalendar(villageIds, now) }
        : {
            figures: await loadFigures([-1], year),
            calendar: { source: "none" as const, months: [] },
          },
    ),
    level === "town" && villageIds.length
      ? db
          .select({ villageId: s.products.originVillageId, n: sql<number>`count(*)`.mapWith(Number) })
          .from(s.products)
          .innerJoin(s.suppliers, eq(s.suppliers.id, s.products.supplierId))
          .where(
            and(
              inArray(s.products.originVillageId, villageIds),
              eq(s.products.status, "active"),
              eq(s.suppliers.status, "active"),
            ),
          )
          .groupBy(s.products.originVillageId)
      : Promise.resolve([]),
  ]);
  const leadingCard = products[0] ?? null;
  let leading: Pavilion["leading"] = null;
  if (leadingCard) {
    const [category] = await db
      .select({ name: s.categories.name, nameEn: s.categories.nameEn })
      .from(s.products)
      .innerJoin(s.categories, eq(s.categories.id, s.products.categoryId))
      .where(eq(s.products.slug, leadingCard.slug));
    leading = { ...leadingCard, categoryName: category?.name ?? "", categoryNameEn: category?.nameEn ?? "" };
  }
  const productCount = new Map(counts.map((c) => [c.villageId, c.n]));
  return {
    level,
    code: region.code,
    name: region.name,
    nameEn: region.nameEn,
    parent:
      level === "village" && region.parentCode
        ? { code: region.parentCode, name: region.parentName!, nameEn: region.parentNameEn }
        : null,
    villages:
      level === "town"
        ? villages.map((v) => ({
            code: v.code,
            name: v.name,
            nameEn: v.nameEn,
            products: productCount.get(v.id) ?? 0,
          }))
        : [],
    products,
    leading,
    suppliers,
    figures: rollups.figures,
    calendar: rollups.calendar,
  };
}

/** Tests: forget the remembered figures. */
export function forgetPavilionFigures(): void {
  cachedRollups.clear();
}
