// The one money formatter. Amounts are integer fen everywhere; format only at the edge.
const cny = new Intl.NumberFormat("zh-CN", { style: "currency", currency: "CNY" });

export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new TypeError(`Money must be integer fen, got ${fen}`);
  return cny.format(fen / 100);
}
