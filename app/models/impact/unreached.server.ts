// "Reach the unreached" (issue 21, decision 099): monitored households (active, not alleviated, risk
// not eliminated) with an approved linkage in force today and no positive net attribution this year
// (stats_beneficiary_yearly, the rollup — never the ledger) are the targets. The storefront ranks
// products by how many targets one unit of their cheapest option in stock would reach (the table
// reach_potential, rebuilt every few minutes by the background sweep); an institution's advisor
// proposes a basket for a budget, computed live and exactly as the ledger will split it (advisor.ts).
import { createHash } from "node:crypto";
import { and, asc, desc, eq, gt, inArray, sql, type SQL } from "drizzle-orm";
import { floorCount, type FlooredFigure } from "../../../core/privacy-floor";
import { shanghaiDate, shanghaiYear } from "~/lib/dates";
import { db, rowsOf, schema as s, type Executor } from "~/lib/db.server";
import type { Caller } from "../access/scope.server";
import { putLinesInCart } from "../ordering/cart.server";
import {
  lineReach,
  proposeBasket,
  type Candidate,
  type Proposal,
  type SplitLinkage,
  type SupplierShipping,
} from "./advisor";
import { linkageInForceOn } from "./linkages.server";

/** How old the storefront's ranking may get before the sweep rebuilds it. */
export const REACH_REFRESH_MS = 10 * 60_000;
/** The advisor's largest budget: ¥1,000,000. */
export const MAX_ADVISOR_BUDGET_FEN = 100_000_000;

type World = {
  targets: Set<string>;
  candidates: Candidate[];
  shipping: Map<string, SupplierShipping>;
};

/**
 * Everything the split needs, as of `now`: the targets, and every variant in stock of the suppliers
 * linked to a target, with the linkages its line would be split over (the product's own linkages in
 * force if it has any, else the supplier's general ones — attribution.server.ts's rule) and the rate
 * its line would carry (the product's, else the supplier's — checkout's rule).
 */
async function loadWorld(ex: Executor, now: Date, { cheapestOnly = false } = {}): Promise<World> {
  const day = shanghaiDate(now);
  const year = shanghaiYear(now);
  const targetRows = rowsOf<{ household_id: string; supplier_id: string }>(
    await ex.execute(sql`
      select distinct l.household_id, l.supplier_id
      from ${s.linkages} l join ${s.households} h on h.id = l.household_id
      where ${inForce("l", day)} and h.status = 'active' and h.kind <> 'alleviated' and h.risk_eliminated_at is null
        and not exists (select 1 from ${s.statsBeneficiaryYearly} b
                        where b.year = ${year} and b.beneficiary_type = 'household'
                          and b.beneficiary_id = h.id and b.amount_fen > 0)`),
  );
  const targets = new Set(targetRows.map((r) => r.household_id));
  const supplierIds = [...new Set(targetRows.map((r) => r.supplier_id))].sort();
  if (supplierIds.length === 0) return { targets, candidates: [], shipping: new Map() };

  const [linkageRows, variantRows, supplierRows] = await Promise.all([
    ex
      .select({
        id: s.linkages.id,
        supplierId: s.linkages.supplierId,
        productId: s.linkages.productId,
        weight: s.linkages.weight,
        householdId: s.linkages.householdId,
      })
      .from(s.linkages)
      .where(and(inArray(s.linkages.supplierId, supplierIds), linkageInForceOn(day)))
      .orderBy(asc(s.linkages.id)),
    ex
      .select({
        variantId: s.productVariants.id,
        productId: s.products.id,
        supplierId: s.products.supplierId,
        priceFen: s.productVariants.priceFen,
        stock: s.productVariants.stock,
        rateBp: sql<number>`coalesce(${s.products.benefitRateBp}, ${s.suppliers.benefitRateBp})`.mapWith(
          Number,
        ),
      })
      .from(s.productVariants)
      .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
      .innerJoin(s.suppliers, eq(s.suppliers.id, s.products.supplierId))
      .where(
        and(
          inArray(s.products.supplierId, supplierIds),
          eq(s.products.status, "active"),
          eq(s.suppliers.status, "active"),
          eq(s.productVariants.active, true),
          gt(s.productVariants.stock, 0),
        ),
      )
      .orderBy(asc(s.products.id), asc(s.productVariants.priceFen), asc(s.productVariants.id)),
    ex
      .select({
        id: s.suppliers.id,
        flatFen: s.suppliers.shippingFlatFen,
        freeThresholdFen: s.suppliers.freeShippingThresholdFen,
      })
      .from(s.suppliers)
      .where(inArray(s.suppliers.id, supplierIds)),
  ]);
  const bySupplier = new Map<string, ((typeof linkageRows)[number] & SplitLinkage)[]>();
  for (const l of linkageRows) bySupplier.set(l.supplierId, [...(bySupplier.get(l.supplierId) ?? []), l]);
  const seenProduct = new Set<string>();
  const candidates: Candidate[] = [];
  for (const v of variantRows) {
    if (cheapestOnly && seenProduct.has(v.productId)) continue;
    seenProduct.add(v.productId);
    const all = bySupplier.get(v.supplierId) ?? [];
    const own = all.filter((l) => l.productId === v.productId);
    const used = own.length > 0 ? own : all.filter((l) => l.productId === null);
    candidates.push({
      ...v,
      linkages: used.map(({ id, weight, householdId }) => ({ id, weight, householdId })),
    });
  }
  const shipping = new Map(
    supplierRows.map((r) => [r.id, { flatFen: r.flatFen, freeThresholdFen: r.freeThresholdFen }]),
  );
  return { targets, candidates, shipping };
}

/** linkageInForceOn for a raw SQL alias. */
function inForce(alias: string, day: string): SQL {
  const a = sql.raw(alias);
  return sql`${a}.status = 'approved' and ${a}.valid_from <= ${day}::date and (${a}.valid_until is null or ${a}.valid_until >= ${day}::date)`;
}

// ─── the storefront's ranking ────────────────────────────────────────────────────────────

/**
 * Rebuilds reach_potential: per product on sale, the targets one unit of its cheapest option in
 * stock reaches (only products reaching at least one get a row). One rebuild at a time (an advisory
 * lock); the whole table is replaced in one transaction, so readers see the old ranking or the new.
 */
export async function refreshReachPotential({ now = new Date() }: { now?: Date } = {}): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('reach_potential'))`);
    const world = await loadWorld(tx, now, { cheapestOnly: true });
    const year = shanghaiYear(now);
    const rows = world.candidates
      .map((c) => ({
        productId: c.productId,
        supplierId: c.supplierId,
        year,
        monitoredUnreached: lineReach(c, 1, world.targets).length,
        refreshedAt: now,
      }))
      .filter((r) => r.monitoredUnreached > 0);
    await tx.delete(s.reachPotential);
    for (let i = 0; i < rows.length; i += 500)
      await tx.insert(s.reachPotential).values(rows.slice(i, i + 500));
    return rows.length;
  });
}

/** The sweep's call: rebuild when the ranking is older than REACH_REFRESH_MS (or of another year). */
export async function refreshReachPotentialIfStale({ now = new Date() }: { now?: Date } = {}) {
  const [row] = await db
    .select({
      at: sql<string | null>`max(${s.reachPotential.refreshedAt})`,
      year: sql<number | null>`max(${s.reachPotential.year})`,
    })
    .from(s.reachPotential);
  const at = row?.at ? new Date(row.at).getTime() : 0;
  if (now.getTime() - at < REACH_REFRESH_MS && Number(row?.year) === shanghaiYear(now)) return false;
  await refreshReachPotential({ now });
  return true;
}

/** The figure a product's card shows, in SQL (0 when it has no row): the catalogue sorts by it. */
export function reachRank(productId: SQL | typeof s.products.id): SQL<number> {
  return sql<number>`coalesce((select ${s.reachPotential.monitoredUnreached} from ${s.reachPotential}
    where ${s.reachPotential.productId} = ${productId} and ${s.reachPotential.year} = ${shanghaiYear()}), 0)`;
}

/** The figures of these products (by id), floored for the page: "<5" for 1 to 4. */
export async function reachFigures(productIds: string[]): Promise<Map<string, FlooredFigure>> {
  if (productIds.length === 0) return new Map();
  const rows = await db
    .select({ productId: s.reachPotential.productId, n: s.reachPotential.monitoredUnreached })
    .from(s.reachPotential)
    .where(and(inArray(s.reachPotential.productId, productIds), eq(s.reachPotential.year, shanghaiYear())));
  return new Map(rows.map((r) => [r.productId, floorCount(r.n)]));
}

/** The figures of these products (by slug), floored for the page: "<5" for 1 to 4. */
export async function reachFiguresBySlug(slugs: string[]): Promise<Record<string, FlooredFigure>> {
  if (slugs.length === 0) return {};
  const rows = await db
    .select({ slug: s.products.slug, n: s.reachPotential.monitoredUnreached })
    .from(s.reachPotential)
    .innerJoin(s.products, eq(s.products.id, s.reachPotential.productId))
    .where(and(inArray(s.products.slug, slugs), eq(s.reachPotential.year, shanghaiYear())));
  return Object.fromEntries(rows.map((r) => [r.slug, floorCount(r.n)]));
}

/** The product ids of the shelf: those reaching the most targets, best first. */
export async function topReachProductIds(limit: number): Promise<string[]> {
  const rows = await db
    .select({ productId: s.reachPotential.productId })
    .from(s.reachPotential)
    .where(and(eq(s.reachPotential.year, shanghaiYear()), gt(s.reachPotential.monitoredUnreached, 0)))
    .orderBy(desc(s.reachPotential.monitoredUnreached), asc(s.reachPotential.productId))
    .limit(limit);
  return rows.map((r) => r.productId);
}

// ─── the institution's advisor ───────────────────────────────────────────────────────────

export type AdvisedLine = {
  variantId: string;
  quantity: number;
  unitPriceFen: number;
  lineTotalFen: number;
  productSlug: string;
  productName: string;
  productNameEn: string | null;
  spec: string;
  specEn: string | null;
  supplierName: string;
  supplierNameEn: string | null;
};

export type Advice = {
  budgetFen: number;
  goodsFen: number;
  shippingFen: number;
  totalFen: number;
  /** Exact, for the model's callers and tests; pages show `householdsShown`. */
  households: number;
  householdsShown: FlooredFigure;
  /** The targets in all (who is still waiting this year), floored. */
  targetsShown: FlooredFigure;
  lines: AdvisedLine[];
  /** What the place button sends back: the basket it was shown, so a changed proposal is not placed blindly. */
  digest: string;
};

function digestOf(proposal: Pick<Proposal, "lines">): string {
  const text = proposal.lines.map((l) => `${l.variantId}:${l.quantity}`).join(",");
  return createHash("sha256").update(text, "utf8").digest("hex").slice(0, 24);
}

const isBuyerAdmin = (caller: Caller) => caller.role === "buyer_admin" && Boolean(caller.organisationId);

/** The exact proposal for a budget (no names, just ids and amounts). */
export async function computeProposal({ budgetFen, now = new Date() }: { budgetFen: number; now?: Date }) {
  const world = await loadWorld(db, now);
  return {
    proposal: proposeBasket({ ...world, budgetFen }),
    targets: world.targets.size,
  };
}

/**
 * The advisor's basket for an organisation's buyer_admin (others: null). Names come from the
 * catalogue; households only as counts (floored for the page).
 */
export async function adviseBasket({
  caller,
  budgetFen,
  now = new Date(),
}: {
  caller: Caller;
  budgetFen: number;
  now?: Date;
}): Promise<Advice | null> {
  if (!isBuyerAdmin(caller)) return null;
  if (!Number.isSafeInteger(budgetFen) || budgetFen <= 0 || budgetFen > MAX_ADVISOR_BUDGET_FEN) return null;
  const { proposal, targets } = await computeProposal({ budgetFen, now });
  const ids = proposal.lines.map((l) => l.variantId);
  const names = ids.length
    ? await db
        .select({
          variantId: s.productVariants.id,
          unitPriceFen: s.productVariants.priceFen,
          spec: s.productVariants.spec,
          specEn: s.productVariants.specEn,
          productSlug: s.products.slug,
          productName: s.products.name,
          productNameEn: s.products.nameEn,
          supplierName: s.suppliers.name,
          supplierNameEn: s.suppliers.nameEn,
        })
        .from(s.productVariants)
        .innerJoin(s.products, eq(s.products.id, s.productVariants.productId))
        .innerJoin(s.suppliers, eq(s.suppliers.id, s.products.supplierId))
        .where(inArray(s.productVariants.id, ids))
    : [];
  const byId = new Map(names.map((n) => [n.variantId, n]));
  return {
    budgetFen,
    goodsFen: proposal.goodsFen,
    shippingFen: proposal.shippingFen,
    totalFen: proposal.totalFen,
    households: proposal.households,
    householdsShown: floorCount(proposal.households),
    targetsShown: floorCount(targets),
    lines: proposal.lines.map((l) => ({
      ...byId.get(l.variantId)!,
      quantity: l.quantity,
      lineTotalFen: l.lineTotalFen,
    })),
    digest: digestOf(proposal),
  };
}

export type PlaceAdviceResult =
  | { ok: true; lines: number; households: number }
  | { ok: false; code: "forbidden" | "empty" | "changed" | "cart" };

/**
 * Puts the advised basket in the buyer_admin's cart: recomputed here (never quantities from the
 * browser), placed only when it is still the basket the page showed (`digest`); each line then
 * holds exactly its quantity (pressing twice never doubles it); other lines of the cart stay.
 */
export async function placeAdvisedBasket({
  caller,
  budgetFen,
  digest,
  now = new Date(),
}: {
  caller: Caller;
  budgetFen: number;
  digest: string;
  now?: Date;
}): Promise<PlaceAdviceResult> {
  if (!isBuyerAdmin(caller)) return { ok: false, code: "forbidden" };
  if (!Number.isSafeInteger(budgetFen) || budgetFen <= 0 || budgetFen > MAX_ADVISOR_BUDGET_FEN)
    return { ok: false, code: "empty" };
  const { proposal } = await computeProposal({ budgetFen, now });
  if (proposal.lines.length === 0) return { ok: false, code: "empty" };
  if (digestOf(proposal) !== digest) return { ok: false, code: "changed" };
  const placed = await putLinesInCart({
    owner: { userId: caller.id },
    lines: proposal.lines.map(({ variantId, quantity }) => ({ variantId, quantity })),
  });
  if (!placed.ok) return { ok: false, code: "cart" };
  return { ok: true, lines: proposal.lines.length, households: proposal.households };
}
