// Pure pricing rules shared by the cart and checkout; all amounts integer fen.

/** A supplier's shipping rule: a flat fee per order part, free at or above the threshold. */
export function shippingFeeFen({
  subtotalFen,
  flatFen,
  freeThresholdFen,
}: {
  subtotalFen: number;
  flatFen: number;
  freeThresholdFen: number | null;
}): number {
  if (subtotalFen <= 0) return 0;
  if (freeThresholdFen !== null && subtotalFen >= freeThresholdFen) return 0;
  return flatFen;
}

export function lineTotalFen(unitPriceFen: number, quantity: number): number {
  const total = unitPriceFen * quantity;
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError("line total out of range");
  return total;
}

export const MAX_LINE_QUANTITY = 999;
