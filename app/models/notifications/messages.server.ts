// Reading the outbox: a user sees the messages addressed to them (their account, their e-mail or
// their mobile) at /account/messages — for the demo accounts, the place to read the texts the demo
// SMS provider recorded; admins see every message, its attempts and errors, the failed ones and
// the recorded texts at /official/messages, and may queue a failed message again (audited).
import { and, count, desc, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { db, schema as s } from "~/lib/db.server";
import { UUID } from "~/lib/ids";
import { recordAudit } from "../access/audit.server";
import type { Caller } from "../access/scope.server";
import type { NotificationTemplate } from "./outbox.server";
import { renderMessage } from "./render";

import { OUTBOX_STATUSES, type OutboxStatus } from "./notification-rules";

export { OUTBOX_STATUSES, type OutboxStatus };

const columns = {
  id: s.notificationOutbox.id,
  channel: s.notificationOutbox.channel,
  recipient: s.notificationOutbox.recipient,
  template: s.notificationOutbox.template,
  params: s.notificationOutbox.params,
  locale: s.notificationOutbox.locale,
  status: s.notificationOutbox.status,
  attempts: s.notificationOutbox.attempts,
  maxAttempts: s.notificationOutbox.maxAttempts,
  lastError: s.notificationOutbox.lastError,
  createdAt: s.notificationOutbox.createdAt,
  sentAt: s.notificationOutbox.sentAt,
};

type Row = Pick<typeof s.notificationOutbox.$inferSelect, keyof typeof columns>;

function shape(row: Row, withRecipient: boolean) {
  const message = renderMessage(row.template as NotificationTemplate, row.params, row.locale);
  return {
    id: row.id,
    channel: row.channel as "email" | "sms",
    recipient: withRecipient ? row.recipient : null,
    subject: message.subject,
    body: row.channel === "sms" ? message.sms : message.text.trim(),
    status: row.status as OutboxStatus,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    lastError: withRecipient ? row.lastError : null,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  };
}

/**
 * Which outbox rows are the user's: addressed to their account, or to their e-mail or mobile (an
 * invitation e-mailed before they signed up). Null for an unknown user. The one ownership rule of
 * the list, the unread count and the marking.
 */
async function ownMessages(userId: string): Promise<SQL | null> {
  const [user] = await db
    .select({ email: s.users.email, mobile: s.users.mobile })
    .from(s.users)
    .where(eq(s.users.id, userId));
  if (!user) return null;
  const addresses = [user.email, user.mobile].filter((a): a is string => !!a);
  return or(
    eq(s.notificationOutbox.userId, userId),
    addresses.length ? inArray(s.notificationOutbox.recipient, addresses) : undefined,
  )!;
}

/**
 * The caller opens their messages: their own, newest first, each with `unread` as it was before
 * this visit; the unread ones listed are marked read (only the caller's own rows can be: the
 * update repeats the ownership rule, and no id comes from the request).
 */
export async function openMyMessages({ caller, limit = 100 }: { caller: Caller; limit?: number }) {
  const mine = await ownMessages(caller.id);
  if (!mine) return [];
  const rows = await db
    .select({ ...columns, readAt: s.notificationOutbox.readAt })
    .from(s.notificationOutbox)
    .where(mine)
    .orderBy(desc(s.notificationOutbox.createdAt))
    .limit(limit);
  const unread = rows.filter((r) => r.readAt === null).map((r) => r.id);
  if (unread.length) {
    await db
      .update(s.notificationOutbox)
      .set({ readAt: sql`now()` })
      .where(and(inArray(s.notificationOutbox.id, unread), isNull(s.notificationOutbox.readAt), mine));
  }
  return rows.map((r) => ({ ...shape(r, false), unread: r.readAt === null }));
}

/** How many of the user's own messages they have not opened yet (the badge in the header). */
export async function countUnreadMessages({ userId }: { userId: string }): Promise<number> {
  const mine = await ownMessages(userId);
  if (!mine) return 0;
  const [row] = await db
    .select({ n: count() })
    .from(s.notificationOutbox)
    .where(and(isNull(s.notificationOutbox.readAt), mine));
  return Number(row?.n ?? 0);
}

/** Admins: the outbox by status, its counts, and the texts the demo SMS provider recorded. */
export async function listOutbox({
  caller,
  status,
  limit = 200,
}: {
  caller: Caller;
  status?: OutboxStatus | null;
  limit?: number;
}) {
  if (caller.role !== "admin") return null;
  const [rows, counts, texts] = await Promise.all([
    db
      .select(columns)
      .from(s.notificationOutbox)
      .where(status ? eq(s.notificationOutbox.status, status) : undefined)
      .orderBy(desc(s.notificationOutbox.createdAt))
      .limit(limit),
    db
      .select({ status: s.notificationOutbox.status, n: count() })
      .from(s.notificationOutbox)
      .groupBy(s.notificationOutbox.status),
    db
      .select({
        id: s.demoSmsMessages.id,
        mobile: s.demoSmsMessages.mobile,
        body: s.demoSmsMessages.body,
        createdAt: s.demoSmsMessages.createdAt,
      })
      .from(s.demoSmsMessages)
      .orderBy(desc(s.demoSmsMessages.createdAt))
      .limit(100),
  ]);
  const byStatus = Object.fromEntries(OUTBOX_STATUSES.map((k) => [k, 0])) as Record<OutboxStatus, number>;
  for (const c of counts) if (c.status in byStatus) byStatus[c.status as OutboxStatus] = Number(c.n);
  return {
    messages: rows.map((r) => shape(r, true)),
    counts: byStatus,
    texts: texts.map((t) => ({ ...t, createdAt: t.createdAt.toISOString() })),
  };
}

/** Admins: a failed (or not configured) message goes back to the queue with a fresh set of attempts. */
export async function requeueMessage({
  caller,
  id,
  ip,
}: {
  caller: Caller;
  id: string;
  ip?: string | null;
}): Promise<{ ok: true } | { ok: false; code: "forbidden" | "not_found" }> {
  if (caller.role !== "admin") return { ok: false, code: "forbidden" };
  if (!UUID.test(id)) return { ok: false, code: "not_found" };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(s.notificationOutbox)
      .set({ status: "pending", attempts: 0, nextAttemptAt: sql`now()`, lastError: null })
      .where(
        and(
          eq(s.notificationOutbox.id, id),
          inArray(s.notificationOutbox.status, ["failed", "not_configured"]),
        ),
      )
      .returning({ id: s.notificationOutbox.id });
    if (!row) return { ok: false as const, code: "not_found" as const };
    await recordAudit(tx, {
      actor: caller,
      action: "notification.requeued",
      subjectType: "notification",
      subjectId: id,
      ip,
    });
    return { ok: true as const };
  });
}
