// The one money formatter and the one parser of typed amounts. Amounts are integer fen
// everywhere; format and parse only at the edge.

/**
 * "¥4,980.00", "-¥0.05": what Intl.NumberFormat("zh-CN", { style: "currency", currency: "CNY" })
 * writes, by string arithmetic on the integer (no floats). Not Intl: a page's first Intl formatter
 * loads the browser's locale data, 40–170 ms of main thread on a phone-class CPU before hydration
 * (issue 22), and every storefront page formats prices.
 */
export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new TypeError(`Money must be integer fen, got ${fen}`);
  const abs = Math.abs(fen);
  const yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${fen < 0 ? "-" : ""}¥${yuan}.${String(abs % 100).padStart(2, "0")}`;
}

/**
 * Yuan as a person types it ("12", "12.5", "1,234.50", "¥12.3") → integer fen, by string
 * arithmetic (no floats); null for anything else (more than 2 decimals, signs, exponents).
 * Zero is a valid amount here: callers that need a positive one say so.
 */
export function parseYuan(text: string): number | null {
  // Commas only as thousands separators: "1,5" is a typo, not ¥15.
  const m = /^(\d{1,3}(?:,\d{3})+|\d{1,12})(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/^[¥￥]/, ""));
  if (!m) return null;
  const fen = Number(m[1].replace(/,/g, "")) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return Number.isSafeInteger(fen) ? fen : null;
}
