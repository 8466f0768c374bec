// "Reach the unreached" (issue 21, decision 099), the pure part: which monitored households not yet
// reached this year a basket would reach, computed exactly as the ledger will split it — per line,
// pool = floor(line total × rate / 10000) over the linkages in force by largest remainder
// (core/allocation.ts) — and the advisor's greedy basket for a budget. No database here.
import { allocatePool, linePool } from "../../../core/allocation";
import { shippingFeeFen } from "../ordering/pricing";

/** A linkage in force as the split sees it: only its id and weight matter, and whose it is. */
export type SplitLinkage = { id: string; weight: number; householdId: string | null };

/** A variant that can be bought, with the linkages its lines are split over (product's own, else supplier's). */
export type Candidate = {
  variantId: string;
  productId: string;
  supplierId: string;
  priceFen: number;
  stock: number;
  rateBp: number;
  linkages: SplitLinkage[];
};

export type SupplierShipping = { flatFen: number; freeThresholdFen: number | null };

export type BasketLine = { variantId: string; quantity: number };

export type Proposal = {
  lines: (BasketLine & { supplierId: string; productId: string; lineTotalFen: number })[];
  goodsFen: number;
  shippingFen: number;
  totalFen: number;
  /** Monitored households not yet reached this year that the basket reaches (exact). */
  households: number;
  householdIds: string[];
};

/** The target households (of `targets`) that `quantity` of the candidate, as one line, gives at least 1 fen. */
export function lineReach(candidate: Candidate, quantity: number, targets: ReadonlySet<string>): string[] {
  if (quantity <= 0 || candidate.linkages.length === 0) return [];
  const pool = linePool(candidate.priceFen * quantity, candidate.rateBp);
  if (pool === 0) return [];
  const byId = new Map(candidate.linkages.map((l) => [l.id, l]));
  const reached = new Set<string>();
  for (const share of allocatePool({ poolFen: pool, shares: candidate.linkages })) {
    const householdId = byId.get(share.id)!.householdId;
    if (share.amountFen > 0 && householdId && targets.has(householdId)) reached.add(householdId);
  }
  return [...reached].sort();
}

/**
 * The quantity from which every linkage of the line gets at least 1 fen (pool × w ≥ W for the
 * smallest weight w): beyond it a larger line reaches nobody new. Infinity when the rate is 0.
 */
export function fullReachQuantity(candidate: Candidate): number {
  if (candidate.rateBp === 0 || candidate.linkages.length === 0) return Infinity;
  const total = candidate.linkages.reduce((a, l) => a + l.weight, 0);
  const smallest = Math.min(...candidate.linkages.map((l) => l.weight));
  const needPool = Math.ceil(total / smallest);
  let q = Math.max(1, Math.ceil((needPool * 10_000) / (candidate.priceFen * candidate.rateBp)));
  while (linePool(candidate.priceFen * q, candidate.rateBp) < needPool) q++;
  return q;
}

/** Goods and shipping of a basket, per supplier's rule (the same as checkout's). */
export function basketCost(
  lines: ReadonlyMap<string, number>,
  byVariant: ReadonlyMap<string, Candidate>,
  shipping: ReadonlyMap<string, SupplierShipping>,
): { goodsFen: number; shippingFen: number } {
  const subtotal = new Map<string, number>();
  let goodsFen = 0;
  for (const [variantId, quantity] of lines) {
    const c = byVariant.get(variantId)!;
    goodsFen += c.priceFen * quantity;
    subtotal.set(c.supplierId, (subtotal.get(c.supplierId) ?? 0) + c.priceFen * quantity);
  }
  let shippingFen = 0;
  for (const [supplierId, subtotalFen] of subtotal) {
    const rule = shipping.get(supplierId) ?? { flatFen: 0, freeThresholdFen: null };
    shippingFen += shippingFeeFen({
      subtotalFen,
      flatFen: rule.flatFen,
      freeThresholdFen: rule.freeThresholdFen,
    });
  }
  return { goodsFen, shippingFen };
}

/** The households of `targets` a basket reaches (each line split on its own, as the ledger does). */
export function basketReach(
  lines: ReadonlyMap<string, number>,
  byVariant: ReadonlyMap<string, Candidate>,
  targets: ReadonlySet<string>,
): Set<string> {
  const reached = new Set<string>();
  for (const [variantId, quantity] of lines)
    for (const h of lineReach(byVariant.get(variantId)!, quantity, targets)) reached.add(h);
  return reached;
}

/** The most lines the advisor looks at per step for one variant (a bound on work, not on the answer). */
const MAX_STEP_QUANTITY = 999;

/**
 * Greedy by marginal new households per fen: at each step, over every candidate variant and every
 * larger quantity of it (up to its stock, the point where its whole pool reaches everyone, and the
 * budget), the change that adds the most not-yet-reached households per fen the basket's total
 * (goods + shipping) grows; ties go to more households, then the cheaper change, then the variant
 * id. Stops when no change within the budget reaches anyone new.
 */
function greedy(
  candidates: Candidate[],
  targets: ReadonlySet<string>,
  shipping: ReadonlyMap<string, SupplierShipping>,
  budgetFen: number,
): Map<string, number> {
  const byVariant = new Map(candidates.map((c) => [c.variantId, c]));
  const memo = new Map<string, string[]>();
  const reachOf = (c: Candidate, q: number) => {
    const key = `${c.variantId}|${q}`;
    let r = memo.get(key);
    if (!r) memo.set(key, (r = lineReach(c, q, targets)));
    return r;
  };
  const limits = new Map(
    candidates.map((c) => [
      c.variantId,
      Math.min(c.stock, MAX_STEP_QUANTITY, fullReachQuantity(c), Math.floor(budgetFen / c.priceFen)),
    ]),
  );
  const basket = new Map<string, number>();
  let reached = new Set<string>();
  const costOf = (lines: Map<string, number>) => {
    const { goodsFen, shippingFen } = basketCost(lines, byVariant, shipping);
    return goodsFen + shippingFen;
  };
  let cost = 0;
  for (;;) {
    let best: { variantId: string; quantity: number; gain: number; delta: number; total: number } | null =
      null;
    for (const c of candidates) {
      if (!c.linkages.some((l) => l.householdId && targets.has(l.householdId) && !reached.has(l.householdId)))
        continue;
      const current = basket.get(c.variantId) ?? 0;
      const others = new Set<string>();
      for (const [v, q] of basket)
        if (v !== c.variantId) for (const h of reachOf(byVariant.get(v)!, q)) others.add(h);
      for (let q = current + 1; q <= limits.get(c.variantId)!; q++) {
        const trial = new Map(basket).set(c.variantId, q);
        const total = costOf(trial);
        if (total > budgetFen) continue; // a larger line may cross a free-shipping threshold
        const after = new Set(others);
        for (const h of reachOf(c, q)) after.add(h);
        const gain = after.size - reached.size;
        if (gain <= 0) continue;
        const delta = Math.max(1, total - cost);
        const better =
          !best ||
          gain * best.delta > best.gain * delta ||
          (gain * best.delta === best.gain * delta &&
            (gain > best.gain ||
              (gain === best.gain &&
                (delta < best.delta || (delta === best.delta && c.variantId < best.variantId)))));
        if (better) best = { variantId: c.variantId, quantity: q, gain, delta, total };
      }
    }
    if (!best) break;
    basket.set(best.variantId, best.quantity);
    cost = best.total;
    reached = basketReach(basket, byVariant, targets);
  }
  return basket;
}

/**
 * The advisor's basket for `budgetFen`: the greedy over every supplier, or the greedy within one
 * supplier when that reaches more (greedy alone can be beaten by a single supplier's basket; taking
 * the best of both never is). Ties go to the cheaper basket.
 */
export function proposeBasket({
  candidates,
  targets,
  shipping,
  budgetFen,
}: {
  candidates: Candidate[];
  targets: ReadonlySet<string>;
  shipping: ReadonlyMap<string, SupplierShipping>;
  budgetFen: number;
}): Proposal {
  const byVariant = new Map(candidates.map((c) => [c.variantId, c]));
  const useful = candidates.filter(
    (c) =>
      c.stock > 0 && c.priceFen > 0 && c.linkages.some((l) => l.householdId && targets.has(l.householdId)),
  );
  const options = [greedy(useful, targets, shipping, budgetFen)];
  for (const supplierId of [...new Set(useful.map((c) => c.supplierId))].sort())
    options.push(
      greedy(
        useful.filter((c) => c.supplierId === supplierId),
        targets,
        shipping,
        budgetFen,
      ),
    );
  let best: Proposal | null = null;
  for (const lines of options) {
    const reached = basketReach(lines, byVariant, targets);
    const { goodsFen, shippingFen } = basketCost(lines, byVariant, shipping);
    const proposal: Proposal = {
      lines: [...lines]
        .map(([variantId, quantity]) => {
          const c = byVariant.get(variantId)!;
          return {
            variantId,
            quantity,
            supplierId: c.supplierId,
            productId: c.productId,
            lineTotalFen: c.priceFen * quantity,
          };
        })
        .sort((a, b) => a.supplierId.localeCompare(b.supplierId) || a.variantId.localeCompare(b.variantId)),
      goodsFen,
      shippingFen,
      totalFen: goodsFen + shippingFen,
      households: reached.size,
      householdIds: [...reached].sort(),
    };
    if (
      !best ||
      proposal.households > best.households ||
      (proposal.households === best.households && proposal.totalFen < best.totalFen)
    )
      best = proposal;
  }
  return best!;
}
