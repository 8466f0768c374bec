// Property tests of the allocation (10,000 cases each): exact to the fen, order-independent, and
// refunds that always land on a fresh split of what remains.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocatePool, linePool, rebalanceShares, type Share } from "./allocation";

const RUNS = 10_000;
const sharesArb = fc
  .uniqueArray(fc.record({ id: fc.uuid(), weight: fc.integer({ min: 1, max: 1000 }) }), { minLength: 1, maxLength: 40, selector: (s) => s.id })
  .map((xs) => xs as Share[]);
const poolArb = fc.integer({ min: 0, max: 50_000_000 });

const total = (xs: { amountFen: number }[]) => xs.reduce((a, x) => a + x.amountFen, 0);

describe("allocatePool", () => {
  it("sums to the pool exactly, never negative, each within 1 fen of its exact share", () => {
    fc.assert(
      fc.property(poolArb, sharesArb, (pool, shares) => {
        const out = allocatePool(pool, shares);
        expect(total(out)).toBe(pool);
        const weightSum = shares.reduce((a, s) => a + s.weight, 0);
        for (const { id, amountFen } of out) {
          expect(amountFen).toBeGreaterThanOrEqual(0);
          const exact = (pool * shares.find((s) => s.id === id)!.weight) / weightSum;
          expect(Math.abs(amountFen - exact)).toBeLessThan(1);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("does not depend on the order of its input", () => {
    fc.assert(
      fc.property(poolArb, sharesArb, fc.integer(), (pool, shares, seed) => {
        const shuffled = [...shares].sort((a, b) => ((a.id.charCodeAt(seed & 7) ^ seed) & 15) - ((b.id.charCodeAt(seed & 7) ^ seed) & 15));
        expect(allocatePool(pool, shuffled)).toEqual(allocatePool(pool, shares));
      }),
      { numRuns: RUNS },
    );
  });

  it("after any sequence of partial refunds, each share's running total is a fresh split of what remains; a full refund ends at 0", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        sharesArb,
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { maxLength: 6 }),
        (lineTotal, rateBp, shares, refundSizes) => {
          // The ledger: the sale entries, then per refund the difference to a fresh split.
          const running = new Map(allocatePool(linePool(lineTotal, rateBp), shares).map((x) => [x.id, x.amountFen]));
          let refunded = 0;
          const apply = () => {
            for (const { id, deltaFen } of rebalanceShares(linePool(lineTotal - refunded, rateBp), shares, running)) {
              expect(deltaFen).not.toBe(0);
              running.set(id, running.get(id)! + deltaFen);
            }
          };
          for (const size of refundSizes) {
            refunded = Math.min(lineTotal, refunded + size);
            apply();
            const fresh = allocatePool(linePool(lineTotal - refunded, rateBp), shares);
            for (const { id, amountFen } of fresh) expect(running.get(id)).toBe(amountFen);
          }
          refunded = lineTotal;
          apply();
          for (const v of running.values()) expect(v).toBe(0);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe("linePool", () => {
  it("is floor(net × rate / 10000), exact in integers", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 0, max: 10_000 }), (net, rate) => {
        expect(BigInt(linePool(net, rate))).toBe((BigInt(net) * BigInt(rate)) / 10_000n);
      }),
      { numRuns: RUNS },
    );
    expect(linePool(9999, 1)).toBe(0);
    expect(linePool(10000, 1)).toBe(1);
    expect(() => linePool(-1, 100)).toThrow(RangeError);
    expect(() => linePool(100, 10_001)).toThrow(RangeError);
  });
});
