// The one page clamp for paginated lists: whatever a URL asked for (a number, text, nothing),
// the page shown is a whole number within 1…pageCount, and an empty list still has one page.

export const pageCountOf = (total: number, pageSize: number) => Math.max(1, Math.ceil(total / pageSize));

export function pageOf(total: number, pageSize: number, requested: unknown) {
  const pageCount = pageCountOf(total, pageSize);
  const asked = Math.floor(Number(requested));
  const page = Math.min(Math.max(1, Number.isFinite(asked) ? asked : 1), pageCount);
  return { page, pageCount, offset: (page - 1) * pageSize };
}
