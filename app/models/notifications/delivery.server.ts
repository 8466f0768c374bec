// The delivery worker (decision 092): claims due messages, sends them, marks them.
//
// Claiming is one short transaction: the due rows are selected `FOR UPDATE SKIP LOCKED` (another
// worker's rows are skipped, not waited for) and leased — a fresh claim token, `locked_until`
// a few minutes ahead, one more attempt counted. The send happens outside any transaction (a slow
// SMTP server never holds a lock or, on PGlite, the one connection), and the result is written
// only by the worker holding the token. So several processes never send one message twice; a
// worker that dies mid-send leaves a lease that expires, and the message is tried again (its
// Message-ID stays the same). A failure is retried with exponential backoff up to max_attempts,
// then the row is `failed` and shown to admins at /official/messages; nothing is ever deleted.
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { db, schema as s } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import type { NotificationTemplate } from "./outbox.server";
import { renderMessage } from "./render";
import { demoSms, NotConfigured, smtpEmail, type EmailSender, type SmsProvider } from "./transports.server";

/** How long a claimed message stays with its worker before another may try it. */
export const LEASE_MS = 5 * 60 * 1000;
/** Wait before attempt n+1: 30 s, 1 min, 2 min, 4 min… at most an hour. */
export function backoffMs(attempts: number): number {
  return Math.min(60 * 60 * 1000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

export type DeliveryReport = {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  notConfigured: number;
};

export async function deliverDueNotifications({
  now = new Date(),
  limit = 50,
  email = smtpEmail,
  sms = demoSms,
}: {
  now?: Date;
  limit?: number;
  email?: EmailSender;
  sms?: SmsProvider;
} = {}): Promise<DeliveryReport> {
  const token = randomUUID();
  const env = getEnv();
  const siteUrl = env.PUBLIC_URL ?? `http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${env.PORT}`;
  const claimed = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: s.notificationOutbox.id })
      .from(s.notificationOutbox)
      .where(
        and(
          eq(s.notificationOutbox.status, "pending"),
          lte(s.notificationOutbox.nextAttemptAt, now),
          or(isNull(s.notificationOutbox.lockedUntil), lte(s.notificationOutbox.lockedUntil, now)),
        ),
      )
      .orderBy(asc(s.notificationOutbox.nextAttemptAt))
      .limit(limit)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(s.notificationOutbox)
      .set({
        claimToken: token,
        lockedUntil: new Date(now.getTime() + LEASE_MS),
        attempts: sql`${s.notificationOutbox.attempts} + 1`,
      })
      .where(
        inArray(
          s.notificationOutbox.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });

  const report: DeliveryReport = {
    claimed: claimed.length,
    sent: 0,
    retried: 0,
    failed: 0,
    notConfigured: 0,
  };
  for (const row of claimed) {
    const mine = and(eq(s.notificationOutbox.id, row.id), eq(s.notificationOutbox.claimToken, token));
    try {
      const message = renderMessage(row.template as NotificationTemplate, row.params, row.locale, siteUrl);
      if (row.channel === "email") {
        await email.send({
          messageId: `<${row.id}@notifications.xfbf.invalid>`,
          to: row.recipient,
          subject: message.subject,
          text: message.text,
          html: message.html,
        });
      } else {
        await sms.send({ outboxId: row.id, mobile: row.recipient, body: message.sms });
      }
      await db
        .update(s.notificationOutbox)
        .set({ status: "sent", sentAt: new Date(), claimToken: null, lockedUntil: null, lastError: null })
        .where(mine);
      report.sent++;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (error instanceof NotConfigured) {
        await db
          .update(s.notificationOutbox)
          .set({ status: "not_configured", lastError: reason, claimToken: null, lockedUntil: null })
          .where(mine);
        report.notConfigured++;
        continue;
      }
      const exhausted = row.attempts >= row.maxAttempts;
      await db
        .update(s.notificationOutbox)
        .set({
          status: exhausted ? "failed" : "pending",
          lastError: reason.slice(0, 500),
          claimToken: null,
          lockedUntil: null,
          nextAttemptAt: new Date(now.getTime() + backoffMs(row.attempts)),
        })
        .where(mine);
      if (exhausted) report.failed++;
      else report.retried++;
    }
  }
  return report;
}

let running: Promise<unknown> | null = null;
let warnedNotConfigured = false;

/**
 * The background sweep's entry: one delivery run at a time in this process (other processes are
 * kept apart by the row locks), and one line in the log the first time e-mail is not configured.
 */
export async function deliverNotificationsSweep(): Promise<DeliveryReport | null> {
  if (running) return null;
  const run = deliverDueNotifications();
  running = run;
  try {
    const report = await run;
    if (report.notConfigured > 0 && !warnedNotConfigured) {
      warnedNotConfigured = true;
      console.warn(
        "notifications: SMTP_URL is not set — e-mail messages are recorded as not configured (see docs/notifications.md)",
      );
    }
    return report;
  } finally {
    running = null;
  }
}
