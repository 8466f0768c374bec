// The two ways out (decision 092): e-mail through nodemailer to SMTP_URL, and SMS through a
// provider port whose only implementation here is the demo provider, which records each text in
// `demo_sms_messages` (one row per outbox message: a retried send records nothing new).
import nodemailer, { type Transporter } from "nodemailer";
import { db, schema as s } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";

export type OutgoingEmail = {
  messageId: string; // stable per outbox row: a receiver that sees it twice can tell
  to: string;
  subject: string;
  text: string;
  html: string;
};
export type OutgoingSms = { outboxId: string; mobile: string; body: string };

export interface EmailSender {
  send(message: OutgoingEmail): Promise<void>;
}
export interface SmsProvider {
  send(message: OutgoingSms): Promise<void>;
}

/** Thrown when the channel has no transport: the message is recorded as not configured. */
export class NotConfigured extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotConfigured";
  }
}

const transporters = new Map<string, Transporter>();

/** E-mail through SMTP_URL (read at call time, so tests can point it at a local server). */
export const smtpEmail: EmailSender = {
  async send(message) {
    const env = getEnv();
    if (!env.SMTP_URL)
      throw new NotConfigured("SMTP_URL is not set: e-mail is not configured, the message was not sent");
    let transport = transporters.get(env.SMTP_URL);
    if (!transport) {
      // Timeouts well inside the worker's lease (delivery.server.ts): a hung server fails the attempt.
      const url = new URL(env.SMTP_URL);
      for (const [key, value] of [
        ["connectionTimeout", "10000"],
        ["greetingTimeout", "10000"],
        ["socketTimeout", "20000"],
      ])
        if (!url.searchParams.has(key)) url.searchParams.set(key, value);
      transport = nodemailer.createTransport(url.toString(), { from: env.MAIL_FROM });
      transporters.set(env.SMTP_URL, transport);
    }
    await transport.sendMail({
      messageId: message.messageId,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      textEncoding: "base64",
    });
  },
};

/** The demo SMS provider: records the text (once per outbox message) instead of sending it. */
export const demoSms: SmsProvider = {
  async send(message) {
    await db
      .insert(s.demoSmsMessages)
      .values({ outboxId: message.outboxId, mobile: message.mobile, body: message.body })
      .onConflictDoNothing({ target: s.demoSmsMessages.outboxId });
  },
};

/** Closes pooled SMTP connections (tests, shutdown). */
export function closeEmailTransports(): void {
  for (const t of transporters.values()) t.close();
  transporters.clear();
}
