// Property tests of the allocation (fast-check, 10,000 cases each): exact to the fen, within a fen
// of the exact share, the documented tie-break, order-independent, and refunds that always land on
// a fresh split of what remains.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocatePool, linePool, rebalanceShares, type Allocation, type Share } from "./allocation";

const RUNS = 10_000;

// Weights: small ones make equal remainders (ties) common; huge ones force the BigInt path.
const weightArb = fc.oneof(
  fc.integer({ min: 1, max: 3 }),
  fc.integer({ min: 1, max: 1000 }),
  fc.integer({ min: 1, max: 2 ** 31 - 1 }),
);
const sharesArb: fc.Arbitrary<Share[]> = fc
  .uniqueArray(fc.tuple(fc.integer({ min: 0, max: 99_999 }), weightArb), {
    minLength: 1,
    maxLength: 30,
    selector: (t) => t[0],
  })
  .map((ts) => ts.map(([n, weight]) => ({ id: `k${n.toString(36)}`, weight })));
const poolArb = fc.oneof(
  fc.integer({ min: 0, max: 100 }),
  fc.integer({ min: 0, max: 50_000_000 }),
  fc.maxSafeNat(),
);

const sum = (xs: Allocation[]) => xs.reduce((a, x) => a + x.amountFen, 0);

/** Independent reference in BigInt: floor shares, then one fen each by (remainder ↓, weight ↓, id ↑). */
function reference(pool: number, shares: Share[]): Map<string, number> {
  const W = BigInt(shares.reduce((a, s) => a + s.weight, 0));
  const rows = shares.map((s) => {
    const p = BigInt(pool) * BigInt(s.weight);
    return { id: s.id, weight: s.weight, q: p / W, r: p % W };
  });
  let left = BigInt(pool) - rows.reduce((a, x) => a + x.q, 0n);
  rows.sort((a, b) =>
    a.r !== b.r ? (a.r > b.r ? -1 : 1) : a.weight !== b.weight ? b.weight - a.weight : a.id < b.id ? -1 : 1,
  );
  const out = new Map<string, number>();
  for (const x of rows) {
    out.set(x.id, Number(x.q + (left > 0n ? 1n : 0n)));
    if (left > 0n) left--;
  }
  return out;
}

/** A deterministic shuffle (Fisher–Yates on a small LCG). */
function shuffle<T>(xs: T[], seed: number): T[] {
  const a = [...xs];
  let x = seed >>> 0 || 1;
  for (let i = a.length - 1; i > 0; i--) {
    x = (Math.imul(x, 1_664_525) + 1_013_904_223) >>> 0;
    const j = x % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

describe("allocatePool", () => {
  it("sums to the pool exactly, none negative, each within 1 fen of its exact share pool × w / Σw", () => {
    fc.assert(
      fc.property(poolArb, sharesArb, (pool, shares) => {
        const out = allocatePool({ poolFen: pool, shares });
        if (out.length !== shares.length || sum(out) !== pool) return false;
        const W = BigInt(shares.reduce((a, s) => a + s.weight, 0));
        const weightOf = new Map(shares.map((s) => [s.id, s.weight]));
        for (const { id, amountFen } of out) {
          if (amountFen < 0 || !Number.isSafeInteger(amountFen)) return false;
          // |amount − pool·w/W| < 1  ⇔  |amount·W − pool·w| < W, exact in BigInt.
          const diff = BigInt(amountFen) * W - BigInt(pool) * BigInt(weightOf.get(id)!);
          if ((diff < 0n ? -diff : diff) >= W) return false;
        }
        return true;
      }),
      { numRuns: RUNS },
    );
  });

  it("follows the documented tie-break: larger remainder, then larger weight, then id ascending", () => {
    fc.assert(
      fc.property(poolArb, sharesArb, (pool, shares) => {
        const expected = reference(pool, shares);
        return allocatePool({ poolFen: pool, shares }).every((x) => expected.get(x.id) === x.amountFen);
      }),
      { numRuns: RUNS },
    );
    // Equal weights and remainders: the lower id gets the fen; equal remainders: the larger weight.
    expect(
      allocatePool({
        poolFen: 1,
        shares: [
          { id: "b", weight: 1 },
          { id: "a", weight: 1 },
        ],
      }),
    ).toEqual([
      { id: "a", amountFen: 1 },
      { id: "b", amountFen: 0 },
    ]);
    // 6 over weights 1, 4, 4 (Σ 9): exact 0.67, 2.67, 2.67 — one remainder each of 6 (of 9), two fen left.
    expect(
      allocatePool({
        poolFen: 6,
        shares: [
          { id: "a", weight: 1 },
          { id: "b", weight: 4 },
          { id: "c", weight: 4 },
        ],
      }),
    ).toEqual([
      { id: "a", amountFen: 0 },
      { id: "b", amountFen: 3 },
      { id: "c", amountFen: 3 },
    ]);
  });

  it("does not depend on the order of its input", () => {
    fc.assert(
      fc.property(poolArb, sharesArb, fc.integer(), (pool, shares, seed) => {
        const a = allocatePool({ poolFen: pool, shares });
        const b = allocatePool({ poolFen: pool, shares: shuffle(shares, seed) });
        return a.length === b.length && a.every((x, i) => x.id === b[i].id && x.amountFen === b[i].amountFen);
      }),
      { numRuns: RUNS },
    );
  });

  it("rejects what it cannot split exactly", () => {
    expect(() => allocatePool({ poolFen: -1, shares: [{ id: "a", weight: 1 }] })).toThrow(RangeError);
    expect(() => allocatePool({ poolFen: 1.5, shares: [{ id: "a", weight: 1 }] })).toThrow(RangeError);
    expect(() => allocatePool({ poolFen: 10, shares: [{ id: "a", weight: 0 }] })).toThrow(RangeError);
    expect(() =>
      allocatePool({
        poolFen: 10,
        shares: [
          { id: "a", weight: 1 },
          { id: "a", weight: 2 },
        ],
      }),
    ).toThrow(RangeError);
    expect(allocatePool({ poolFen: 10, shares: [] })).toEqual([]);
  });
});

describe("refunds: ledger adjustments to a fresh split", () => {
  it("after any sequence of partial refunds each linkage's total (sale + reversals) is a fresh split of the remaining net; a full refund ends at 0", () => {
    const refundArb = fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 2_000_000 }));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        sharesArb,
        fc.array(refundArb, { maxLength: 8 }),
        (lineTotal, rateBp, shares, refundSizes) => {
          // The ledger of one line: the sale entries (one per linkage), then per refund the
          // reversal entries rebalanceShares asks for.
          const entries: { id: string; amountFen: number }[] = allocatePool({
            poolFen: linePool(lineTotal, rateBp),
            shares,
          });
          const totals = () => {
            const t = new Map<string, number>();
            for (const e of entries) t.set(e.id, (t.get(e.id) ?? 0) + e.amountFen);
            return t;
          };
          const refund = (refunded: number) => {
            for (const { id, deltaFen } of rebalanceShares({
              poolFen: linePool(lineTotal - refunded, rateBp),
              shares,
              current: totals(),
            })) {
              if (deltaFen === 0) return false;
              entries.push({ id, amountFen: deltaFen });
            }
            const fresh = allocatePool({ poolFen: linePool(lineTotal - refunded, rateBp), shares });
            const t = totals();
            return fresh.every((x) => t.get(x.id) === x.amountFen);
          };
          let refunded = 0;
          for (const size of refundSizes) {
            refunded = Math.min(lineTotal, refunded + size);
            if (!refund(refunded)) return false;
          }
          if (!refund(lineTotal)) return false;
          return [...totals().values()].every((v) => v === 0);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe("linePool", () => {
  it("is floor(net × rate / 10000), exact in integers", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.maxSafeNat()),
        fc.integer({ min: 0, max: 10_000 }),
        (net, rate) => {
          return BigInt(linePool(net, rate)) === (BigInt(net) * BigInt(rate)) / 10_000n;
        },
      ),
      { numRuns: RUNS },
    );
    expect(linePool(9999, 1)).toBe(0);
    expect(linePool(10000, 1)).toBe(1);
    expect(linePool(Number.MAX_SAFE_INTEGER, 10_000)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => linePool(-1, 100)).toThrow(RangeError);
    expect(() => linePool(100, 10_001)).toThrow(RangeError);
    expect(() => linePool(100.5, 100)).toThrow(RangeError);
  });
});
