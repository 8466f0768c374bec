/**
 * The HTTP status of a model's refusal (`{ ok: false, code }`): who may not → 403, what is not
 * there (or not the caller's) → 404, the listed conflicts (the thing's state forbids it now, or
 * someone else got there first) → 409, anything else is bad input → 400. Routes list their
 * conflict codes; the rest of the mapping is the same everywhere.
 */
export function refusalStatus(code: string, conflicts: readonly string[] = []): 400 | 403 | 404 | 409 {
  if (code === "forbidden") return 403;
  if (code === "not_found") return 404;
  return conflicts.includes(code) ? 409 : 400;
}
