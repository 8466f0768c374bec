// Largest-remainder split of a line's pool over the linkages in force (DESIGN.md §3 Attribution):
// each share is floor(pool × weight / totalWeight); the fen left over go one each to the largest
// remainders, ties broken by linkage id ascending (the caller passes the linkages sorted by id).
// Integer arithmetic only: pool × weight stays far below 2^53.

/**
 * Splits `pool` fen over `weights` (one per linkage, in linkage-id order) into `out`, which must be
 * at least `weights.length` long. Returns `out`. The shares sum to `pool` exactly.
 */
export function allocateLargestRemainder(pool: number, weights: ArrayLike<number>, totalWeight: number, out: Float64Array): Float64Array {
  const n = weights.length;
  if (n === 0) return out;
  if (pool <= 0 || totalWeight <= 0) {
    for (let i = 0; i < n; i++) out[i] = 0;
    return out;
  }
  let assigned = 0;
  for (let i = 0; i < n; i++) {
    const q = Math.floor((pool * weights[i]) / totalWeight);
    out[i] = q;
    assigned += q;
  }
  let left = pool - assigned; // 0 ≤ left < n
  if (left === 0) return out;
  // Pick the `left` largest remainders; equal remainders go to the lower index (lower linkage id).
  const rem = remainderScratch(n);
  for (let i = 0; i < n; i++) rem[i] = pool * weights[i] - out[i] * totalWeight;
  const taken = takenScratch(n);
  while (left > 0) {
    let best = -1;
    for (let i = 0; i < n; i++) if (!taken[i] && (best < 0 || rem[i] > rem[best])) best = i;
    taken[best] = 1;
    out[best] += 1;
    left--;
  }
  return out;
}

let remBuf = new Float64Array(64);
let takenBuf = new Uint8Array(64);
function remainderScratch(n: number): Float64Array {
  if (remBuf.length < n) remBuf = new Float64Array(n * 2);
  return remBuf;
}
function takenScratch(n: number): Uint8Array {
  if (takenBuf.length < n) takenBuf = new Uint8Array(n * 2);
  takenBuf.fill(0, 0, n);
  return takenBuf;
}

/** A line's benefit pool: floor(lineNet × rateBp / 10000), in integers (BigInt guards the product). */
export function linePool(lineNetFen: number, rateBp: number): number {
  if (!Number.isSafeInteger(lineNetFen) || lineNetFen < 0) throw new RangeError(`line net must be a non-negative integer, got ${lineNetFen}`);
  if (!Number.isInteger(rateBp) || rateBp < 0 || rateBp > 10_000) throw new RangeError(`rate must be 0..10000 bp, got ${rateBp}`);
  return Number((BigInt(lineNetFen) * BigInt(rateBp)) / 10_000n);
}

export type Share = { id: string; weight: number };

/**
 * Splits `poolFen` over `shares` by weight with the largest-remainder method. The tie-break is
 * deterministic and independent of input order: shares are taken in ascending id order, and of
 * equal remainders the lower id gets the extra fen. The result is in ascending id order and sums
 * to `poolFen` exactly.
 */
export function allocatePool(poolFen: number, shares: readonly Share[]): { id: string; amountFen: number }[] {
  const sorted = [...shares].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const s of sorted) if (!Number.isInteger(s.weight) || s.weight <= 0) throw new RangeError(`weight must be a positive integer, got ${s.weight}`);
  const total = sorted.reduce((a, s) => a + s.weight, 0);
  const out = allocateLargestRemainder(poolFen, sorted.map((s) => s.weight), total, new Float64Array(sorted.length));
  return sorted.map((s, i) => ({ id: s.id, amountFen: out[i] }));
}

/**
 * The ledger adjustments that bring each share's running total (`current`, by id) to a fresh
 * split of `poolFen`; zero adjustments are left out. Used when a refund shrinks a line.
 */
export function rebalanceShares(poolFen: number, shares: readonly Share[], current: ReadonlyMap<string, number>): { id: string; deltaFen: number }[] {
  return allocatePool(poolFen, shares)
    .map(({ id, amountFen }) => ({ id, deltaFen: amountFen - (current.get(id) ?? 0) }))
    .filter((d) => d.deltaFen !== 0);
}
