// The settlement fee (SETTLEMENT_FEE_BP basis points) in integer arithmetic: a statement's fee is
// its net goods (sales minus refunds, shipping excluded) × bp / 10000, rounded half away from zero
// to the fen, once per statement. A negative base (refunds carried into a statement) gives the fee
// back the same way, so a sale refunded in a later statement nets to a zero fee.

export function settlementFeeFen(netGoodsFen: number, feeBp: number): number {
  if (!Number.isSafeInteger(netGoodsFen)) throw new TypeError(`fen must be an integer, got ${netGoodsFen}`);
  if (!Number.isInteger(feeBp) || feeBp < 0 || feeBp > 10000) throw new RangeError(`bad fee ${feeBp}`);
  const magnitude = Math.floor((Math.abs(netGoodsFen) * feeBp + 5000) / 10000);
  return netGoodsFen < 0 ? -magnitude : magnitude;
}

/**
 * What a statement pays: goods + refunds (≤ 0) + shipping − fee. Goods are the sale lines' and the
 * forfeited deposits' (decision 125: a kept deposit is the supplier's takings like a sale, and bears
 * the fee like one).
 */
export function statementTotals(
  lines: { goodsFen: number; shippingFen: number; kind: "sale" | "refund" | "forfeited_deposit" }[],
  feeBp: number,
) {
  let goodsFen = 0;
  let refundsFen = 0;
  let shippingFen = 0;
  for (const l of lines) {
    if (l.kind === "refund") refundsFen += l.goodsFen;
    else goodsFen += l.goodsFen;
    shippingFen += l.shippingFen;
  }
  const feeFen = settlementFeeFen(goodsFen + refundsFen, feeBp);
  return {
    goodsFen,
    refundsFen,
    shippingFen,
    feeFen,
    payableFen: goodsFen + refundsFen + shippingFen - feeFen,
  };
}
