// The one page clamp for paginated lists: whatever a URL asked for (a number, text, nothing),
// the page shown is a whole number within 1…pageCount, and an empty list still has one page.

export const pageCountOf = (total: number, pageSize: number) => Math.max(1, Math.ceil(total / pageSize));

export function pageOf(total: number, pageSize: number, requested: unknown) {
  const pageCount = pageCountOf(total, pageSize);
  const asked = Math.floor(Number(requested));
  const page = Math.min(Math.max(1, Number.isFinite(asked) ? asked : 1), pageCount);
  return { page, pageCount, offset: (page - 1) * pageSize };
}

/** The link to page `page` of a list: the current query (`?a=1&page=3`, with or without "?") with every
 * other parameter kept (filters, tabs); page 1 drops the parameter. Browser-safe, for <Pagination href>. */
export function pageHref(query: string, page: number): string {
  const params = new URLSearchParams(query);
  params.delete("page");
  if (page > 1) params.set("page", String(page));
  const search = params.toString();
  return search ? `?${search}` : "?";
}
