// The transactional outbox (issue 18, decision 092). A model that changes something worth telling
// someone calls `enqueueNotification(tx, …)` inside ITS OWN transaction: the message exists if and
// only if the change committed. The idempotency key (the event, the recipient, the channel) is
// unique, so announcing one event twice — a retried webhook, two racing requests — writes one row.
// The delivery worker (delivery.server.ts) sends what is due. This file owns `notification_outbox`.
import { and, eq, inArray, isNull } from "drizzle-orm";
import { schema as s, type Executor } from "~/lib/db.server";
import { DEFAULT_MAX_ATTEMPTS } from "./notification-rules";

export const TEMPLATES = [
  "application_received",
  "application_more_material",
  "application_recommended",
  "application_public_notice",
  "application_rejected",
  "application_active",
  "staff_invitation",
  "supplier_standing",
  "order_paid",
  "deposit_paid",
  "balance_open",
  "order_shipped",
  "order_refunded",
  "bank_transfer_recorded",
  "claim_opened",
  "claim_answered",
  "claim_escalated",
  "claim_decided",
  "back_in_stock",
  "official_appointed",
  "official_scope_changed",
] as const;
export type NotificationTemplate = (typeof TEMPLATES)[number];
export type NotificationParams = Record<string, string | number>;
export type Channel = "email" | "sms";

/** Who receives it: a user (e-mail if they have one, else SMS), or a bare address or mobile. */
export type Recipient =
  { userId: string } | { email: string; locale?: string | null } | { mobile: string; locale?: string | null };

export { DEFAULT_MAX_ATTEMPTS };

export function localeOf(value: string | null | undefined): "zh" | "en" {
  return value?.toLowerCase().startsWith("en") ? "en" : "zh";
}

/**
 * Writes the messages announcing `event` (a stable key such as `order.paid:<orderId>`) to each
 * recipient, in the caller's transaction. Returns how many rows were new (0 when the event was
 * already announced). Users without a way to reach them are skipped.
 */
export async function enqueueNotification(
  tx: Executor,
  {
    event,
    template,
    params,
    to,
    now,
  }: {
    event: string;
    template: NotificationTemplate;
    params: NotificationParams;
    to: Recipient | Recipient[];
    now?: Date;
  },
): Promise<number> {
  if (muted > 0) return 0;
  const recipients = Array.isArray(to) ? to : [to];
  const userIds = recipients.flatMap((r) => ("userId" in r ? [r.userId] : []));
  const users = userIds.length
    ? await tx
        .select({ id: s.users.id, email: s.users.email, mobile: s.users.mobile, locale: s.users.locale })
        .from(s.users)
        .where(and(inArray(s.users.id, userIds), isNull(s.users.deactivatedAt)))
    : [];
  const rows: (typeof s.notificationOutbox.$inferInsert)[] = [];
  for (const r of recipients) {
    let channel: Channel;
    let address: string;
    let locale: string;
    let userId: string | null = null;
    if ("userId" in r) {
      const user = users.find((u) => u.id === r.userId);
      if (!user || (!user.email && !user.mobile)) continue;
      channel = user.email ? "email" : "sms";
      address = (user.email ?? user.mobile)!;
      locale = localeOf(user.locale);
      userId = user.id;
    } else if ("email" in r) {
      channel = "email";
      address = r.email;
      locale = localeOf(r.locale);
    } else {
      channel = "sms";
      address = r.mobile;
      locale = localeOf(r.locale);
    }
    const key = `${event}:${channel}:${address}`;
    if (rows.some((row) => row.idempotencyKey === key)) continue;
    rows.push({
      idempotencyKey: key,
      channel,
      recipient: address,
      userId,
      locale,
      template,
      params,
      maxAttempts: DEFAULT_MAX_ATTEMPTS,
      ...(now ? { createdAt: now, nextAttemptAt: now } : {}),
    });
  }
  if (rows.length === 0) return 0;
  const written = await tx
    .insert(s.notificationOutbox)
    .values(rows)
    .onConflictDoNothing({ target: s.notificationOutbox.idempotencyKey })
    .returning({ id: s.notificationOutbox.id });
  if (written.length > 0 && nudge) setTimeout(nudge, NUDGE_DELAY_MS).unref();
  return written.length;
}

// The first-start demo history (a year of sales written through the real functions) is not
// announced: nobody should receive thousands of messages about invented orders.
let muted = 0;
export async function withNotificationsMuted<T>(fn: () => Promise<T>): Promise<T> {
  muted++;
  try {
    return await fn();
  } finally {
    muted--;
  }
}

// The server's sweep loop registers a nudge: a message is then sent a moment after its transaction
// commits instead of at the next poll (a nudge before the commit finds nothing; the poll catches it).
let nudge: (() => void) | null = null;
const NUDGE_DELAY_MS = 250;
export function setDeliveryNudge(fn: (() => void) | null): void {
  nudge = fn;
}

/** The users who run a supplier (owners first; staff too when `everyone`), for supplier notices. */
export async function supplierRecipients(
  tx: Executor,
  supplierId: string,
  { everyone = false }: { everyone?: boolean } = {},
): Promise<Recipient[]> {
  const rows = await tx
    .select({ id: s.users.id })
    .from(s.users)
    .where(
      and(
        eq(s.users.supplierId, supplierId),
        eq(s.users.role, "supplier_staff"),
        everyone ? undefined : eq(s.users.supplierRole, "owner"),
        isNull(s.users.deactivatedAt),
      ),
    );
  return rows.map((r) => ({ userId: r.id }));
}
