// The one allocation of a line's benefit pool over the linkages in force (DESIGN.md §3
// "Attribution", rules 2, 3 and 5), shared by the ledger (app/models/impact/attribution.server.ts) and
// the data generator (db/generate-data). Pure, integers only.
//
// Largest-remainder method: share i first gets floor(pool × wᵢ / W) (W = Σw); the fen left over
// (fewer than the number of shares) go one each to the shares with
//   1. the larger remainder (pool × wᵢ mod W — one denominator, so an exact integer comparison),
//   2. then the larger weight,
//   3. then the lower id (ascending string order; the generator's callers pass shares in id order).
// So the result depends only on the set of (id, weight) pairs, never on their order.
//
// Arithmetic: pool × wᵢ is exact in a double while pool × W ≤ 2^53 − 1 (every realistic line:
// e.g. a ¥1 million pool over weights summing to 90 million); beyond that the same steps run in
// BigInt, so any safe-integer pool and weights give the exact result.

export type Share = { id: string; weight: number };
export type Allocation = { id: string; amountFen: number };

/** A line's benefit pool: floor(lineNet × rateBp / 10000), exact in integers for any safe net. */
export function linePool(lineNetFen: number, rateBp: number): number {
  if (!Number.isSafeInteger(lineNetFen) || lineNetFen < 0)
    throw new RangeError(`line net must be a non-negative integer, got ${lineNetFen}`);
  if (!Number.isInteger(rateBp) || rateBp < 0 || rateBp > 10_000)
    throw new RangeError(`rate must be 0..10000 bp, got ${rateBp}`);
  if (lineNetFen * rateBp <= Number.MAX_SAFE_INTEGER) return Math.floor((lineNetFen * rateBp) / 10_000);
  return Number((BigInt(lineNetFen) * BigInt(rateBp)) / 10_000n);
}

/**
 * Splits `poolFen` over `shares` by weight (largest remainder, tie-break above). The result has one
 * entry per share — zero-fen shares included — in ascending id order, and sums to `poolFen` exactly.
 */
export function allocatePool({
  poolFen,
  shares,
}: {
  poolFen: number;
  shares: readonly Share[];
}): Allocation[] {
  if (!Number.isSafeInteger(poolFen) || poolFen < 0)
    throw new RangeError(`pool must be a non-negative integer, got ${poolFen}`);
  const sorted = [...shares].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    const w = sorted[i].weight;
    if (!Number.isSafeInteger(w) || w <= 0)
      throw new RangeError(`weight must be a positive integer, got ${w}`);
    if (i > 0 && sorted[i].id === sorted[i - 1].id)
      throw new RangeError(`share ${sorted[i].id} appears twice`);
    total += w;
  }
  if (!Number.isSafeInteger(total)) throw new RangeError("the weights' sum is not a safe integer");
  const weights = sorted.map((s) => s.weight);
  const out = allocateLargestRemainder(poolFen, weights, total, new Float64Array(sorted.length));
  return sorted.map((s, i) => ({ id: s.id, amountFen: out[i] }));
}

/**
 * The ledger adjustments that bring each share's running total (`current`, by id; missing = 0) to
 * a fresh split of `poolFen` over `shares`; zero adjustments are left out. A refund posts these,
 * so after any sequence of refunds every share holds exactly a fresh split of what remains.
 */
export function rebalanceShares({
  poolFen,
  shares,
  current,
}: {
  poolFen: number;
  shares: readonly Share[];
  current: ReadonlyMap<string, number>;
}): { id: string; deltaFen: number }[] {
  return allocatePool({ poolFen, shares })
    .map(({ id, amountFen }) => ({ id, deltaFen: amountFen - (current.get(id) ?? 0) }))
    .filter((d) => d.deltaFen !== 0);
}

/**
 * The hot loop behind `allocatePool`, for callers that keep their own arrays (the data generator):
 * splits `pool` over `weights` — positive integers, given in ascending id order, summing to
 * `totalWeight` — into `out` (at least `weights.length` long) and returns `out`. Ties of remainder
 * and weight go to the lower index. No validation here: `allocatePool` validates.
 */
export function allocateLargestRemainder(
  pool: number,
  weights: ArrayLike<number>,
  totalWeight: number,
  out: Float64Array,
): Float64Array {
  const n = weights.length;
  if (n === 0) return out;
  if (pool <= 0 || totalWeight <= 0) {
    out.fill(0, 0, n);
    return out;
  }
  const rem = remainderScratch(n);
  let assigned = 0;
  if (pool * totalWeight <= Number.MAX_SAFE_INTEGER) {
    for (let i = 0; i < n; i++) {
      const p = pool * weights[i]; // exact: ≤ pool × totalWeight
      let q = Math.floor(p / totalWeight);
      let r = p - q * totalWeight;
      if (r < 0)
        ((q -= 1), (r += totalWeight)); // guard the rounded division
      else if (r >= totalWeight) ((q += 1), (r -= totalWeight));
      out[i] = q;
      rem[i] = r;
      assigned += q;
    }
  } else {
    const bigPool = BigInt(pool);
    const bigTotal = BigInt(totalWeight);
    for (let i = 0; i < n; i++) {
      const p = bigPool * BigInt(weights[i]);
      const q = Number(p / bigTotal);
      out[i] = q;
      rem[i] = Number(p % bigTotal); // < totalWeight, a safe integer
      assigned += q;
    }
  }
  let left = pool - assigned; // 0 ≤ left < n
  if (left === 0) return out;
  // Before `a` in the queue for an extra fen: larger remainder, then larger weight, then lower index.
  const before = (a: number, b: number) =>
    rem[a] > rem[b] ||
    (rem[a] === rem[b] && (weights[a] > weights[b] || (weights[a] === weights[b] && a < b)));
  if (n <= 32) {
    const taken = takenScratch(n);
    while (left > 0) {
      let best = -1;
      for (let i = 0; i < n; i++) if (!taken[i] && (best < 0 || before(i, best))) best = i;
      taken[best] = 1;
      out[best] += 1;
      left--;
    }
  } else {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
      before(a, b) ? -1 : before(b, a) ? 1 : 0,
    );
    for (let k = 0; k < left; k++) out[order[k]] += 1;
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
