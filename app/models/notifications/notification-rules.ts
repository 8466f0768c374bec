// Browser-safe notification constants (pages import these; a `.server` module's values are
// undefined in the browser bundle).

/** The states of an outbox row, in the order the admins' page lists them. */
export const OUTBOX_STATUSES = ["pending", "sent", "failed", "not_configured"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** Attempts before a message is marked failed (the outbox's default). */
export const DEFAULT_MAX_ATTEMPTS = 5;
