// The one "this must hold, else answer with this status" for loaders and actions (the
// @epic-web/invariant idea): a missing record is a 404, a record out of the caller's scope a 403,
// thrown as a Response so Remix renders the route's error boundary.
export function invariantResponse(
  condition: unknown,
  message: string = "Not found",
  init: ResponseInit = { status: 404 },
): asserts condition {
  if (!condition) throw new Response(message, { ...init, status: init.status ?? 404 });
}
