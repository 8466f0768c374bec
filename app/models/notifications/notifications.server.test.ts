// The outbox and its worker against a real local SMTP server (smtp-server): a message exists only
// if its transaction commits, one event writes one message, a refused delivery is retried and
// arrives exactly once, racing workers send each message once, exhausted retries end `failed`,
// SMS goes to the demo provider once, and without SMTP_URL e-mail is recorded as not configured.
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { resetEnvCache } from "~/lib/env.server";
import { seedDatabase } from "../../../db/seed";
import { demoUser } from "../../../tests/support/shopper";
import { startTestSmtp, type TestSmtp } from "../../../tests/support/smtp";
import { backoffMs, deliverDueNotifications } from "./delivery.server";
import { DEFAULT_MAX_ATTEMPTS, enqueueNotification } from "./outbox.server";
import { renderMessage } from "./render";
import { closeEmailTransports } from "./transports.server";

const SMTP_PORT = 2605;
let smtp: TestSmtp;
const t0 = new Date("2026-11-20T02:00:00Z");

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 20 });
  smtp = await startTestSmtp(SMTP_PORT);
  process.env.SMTP_URL = smtp.url;
  resetEnvCache();
}, 30_000);

afterAll(async () => {
  closeEmailTransports();
  await smtp.close();
  delete process.env.SMTP_URL;
  resetEnvCache();
});

afterEach(async () => {
  // Whatever a test left pending must not be sent by the next one.
  await db
    .update(s.notificationOutbox)
    .set({ status: "sent" })
    .where(eq(s.notificationOutbox.status, "pending"));
  smtp.received.length = 0;
  smtp.refuseNext(0);
});

const rowsOf = (prefix: string) =>
  db
    .select()
    .from(s.notificationOutbox)
    .where(sql`${s.notificationOutbox.idempotencyKey} like ${`${prefix}%`}`);

describe("the outbox", () => {
  it("writes a message only with its committed transaction, and one per event", async () => {
    await db
      .transaction(async (tx) => {
        await enqueueNotification(tx, {
          event: "test.rollback:1",
          template: "order_paid",
          params: { orderNumber: "X", total: "¥1.00" },
          to: { email: "rollback@example.test" },
        });
        throw new Error("the event failed");
      })
      .catch(() => {});
    expect(await rowsOf("test.rollback:")).toHaveLength(0);

    const write = () =>
      db.transaction((tx) =>
        enqueueNotification(tx, {
          event: "test.once:1",
          template: "order_paid",
          params: { orderNumber: "20261120-000001", total: "¥12.30" },
          to: [{ email: "once@example.test" }, { mobile: "13700000001" }],
        }),
      );
    const written = await Promise.all([write(), write(), write()]);
    expect(written.reduce((a, b) => a + b, 0)).toBe(2);
    const rows = await rowsOf("test.once:");
    expect(rows.map((r) => r.channel).sort()).toEqual(["email", "sms"]);
  });

  it("reaches a user by e-mail when they have one, else by SMS, in their language", async () => {
    const customer = await demoUser("customer");
    const [noEmail] = await db
      .insert(s.users)
      .values({ mobile: "13700000077", displayName: "只有手机", passwordHash: "x", locale: "en" })
      .returning();
    await db.transaction((tx) =>
      enqueueNotification(tx, {
        event: "test.users:1",
        template: "order_shipped",
        params: { orderNumber: "N1", supplierName: "S", carrier: "SF", trackingNo: "SF1" },
        to: [{ userId: customer.id }, { userId: noEmail.id }],
      }),
    );
    const rows = await rowsOf("test.users:");
    const byUser = new Map(rows.map((r) => [r.userId, r]));
    expect(byUser.get(customer.id)).toMatchObject({ channel: customer.email ? "email" : "sms" });
    expect(byUser.get(noEmail.id)).toMatchObject({ channel: "sms", recipient: "13700000077", locale: "en" });
  });
});

describe("delivery", () => {
  it("sends e-mail through SMTP in Chinese with text and HTML, then marks it sent", async () => {
    await db.transaction((tx) =>
      enqueueNotification(tx, {
        event: "test.mail:1",
        template: "staff_invitation",
        params: {
          supplierName: "石门村合作社",
          role: "员工",
          link: "http://127.0.0.1/staff-invitations/abc",
        },
        to: { email: "clerk@example.test" },
        now: t0,
      }),
    );
    const report = await deliverDueNotifications({ now: t0 });
    expect(report).toMatchObject({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0];
    expect(mail.to).toEqual(["clerk@example.test"]);
    expect(mail.subject).toBe("石门村合作社 邀请您加入");
    expect(mail.text).toContain("http://127.0.0.1/staff-invitations/abc");
    expect(mail.html).toContain('<a href="http://127.0.0.1/staff-invitations/abc">');
    const [row] = await rowsOf("test.mail:");
    expect(row).toMatchObject({ status: "sent", attempts: 1, claimToken: null });
    expect(mail.messageId).toBe(`<${row.id}@notifications.xfbf.invalid>`);
    // A second run finds nothing to send.
    expect((await deliverDueNotifications({ now: new Date(t0.getTime() + 3_600_000) })).claimed).toBe(0);
    expect(smtp.received).toHaveLength(1);
  });

  it("retries a message the SMTP server refused once, and delivers it exactly once", async () => {
    await db.transaction((tx) =>
      enqueueNotification(tx, {
        event: "test.refused:1",
        template: "order_paid",
        params: { orderNumber: "20261120-000002", total: "¥8.80" },
        to: { email: "retry@example.test" },
        now: t0,
      }),
    );
    smtp.refuseNext(1);
    const first = await deliverDueNotifications({ now: t0 });
    expect(first).toMatchObject({ claimed: 1, sent: 0, retried: 1 });
    expect(smtp.refused()).toBeGreaterThanOrEqual(1);
    expect(smtp.received).toHaveLength(0);
    const [waiting] = await rowsOf("test.refused:");
    expect(waiting.status).toBe("pending");
    expect(waiting.attempts).toBe(1);
    expect(waiting.lastError).toMatch(/451|busy/i);
    expect(waiting.nextAttemptAt.getTime()).toBe(t0.getTime() + backoffMs(1));
    // Not before the backoff…
    expect((await deliverDueNotifications({ now: new Date(t0.getTime() + 1_000) })).claimed).toBe(0);
    // …then once.
    const second = await deliverDueNotifications({ now: new Date(t0.getTime() + backoffMs(1)) });
    expect(second).toMatchObject({ claimed: 1, sent: 1 });
    await deliverDueNotifications({ now: new Date(t0.getTime() + 3_600_000) });
    expect(smtp.received.filter((m) => m.to[0] === "retry@example.test")).toHaveLength(1);
    expect(smtp.received[0].subject).toBe("订单 20261120-000002 已支付");
    const [done] = await rowsOf("test.refused:");
    expect(done).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("two workers racing send every message once", async () => {
    await db.transaction(async (tx) => {
      for (let i = 0; i < 12; i++)
        await enqueueNotification(tx, {
          event: `test.race:${i}`,
          template: "order_paid",
          params: { orderNumber: `R${i}`, total: "¥1.00" },
          to: { email: `race${i}@example.test` },
          now: t0,
        });
    });
    const reports = await Promise.all([
      deliverDueNotifications({ now: t0, limit: 8 }),
      deliverDueNotifications({ now: t0, limit: 8 }),
      deliverDueNotifications({ now: t0, limit: 8 }),
    ]);
    await deliverDueNotifications({ now: t0, limit: 8 });
    expect(reports.reduce((n, r) => n + r.claimed, 0)).toBeLessThanOrEqual(12);
    const ids = smtp.received.map((m) => m.messageId);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    const rows = await rowsOf("test.race:");
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });

  it("gives up after the last attempt and marks the message failed", async () => {
    await db.transaction((tx) =>
      enqueueNotification(tx, {
        event: "test.fail:1",
        template: "order_paid",
        params: { orderNumber: "F1", total: "¥1.00" },
        to: { email: "fail@example.test" },
        now: t0,
      }),
    );
    const broken = {
      send: async () => {
        throw new Error("connection refused");
      },
    };
    let now = t0;
    const outcomes: string[] = [];
    for (let i = 0; i < DEFAULT_MAX_ATTEMPTS + 2; i++) {
      const r = await deliverDueNotifications({ now, email: broken });
      outcomes.push(r.failed ? "failed" : r.retried ? "retried" : "none");
      now = new Date(now.getTime() + 2 * 60 * 60 * 1000);
    }
    expect(outcomes).toEqual([...Array(DEFAULT_MAX_ATTEMPTS - 1).fill("retried"), "failed", "none", "none"]);
    const [row] = await rowsOf("test.fail:");
    expect(row).toMatchObject({
      status: "failed",
      attempts: DEFAULT_MAX_ATTEMPTS,
      lastError: "connection refused",
    });
  });

  it("sends SMS through the demo provider, which records each message once", async () => {
    await db.transaction((tx) =>
      enqueueNotification(tx, {
        event: "test.sms:1",
        template: "order_refunded",
        params: { orderNumber: "S1", amount: "¥3.00" },
        to: { mobile: "13700000002" },
        now: t0,
      }),
    );
    expect(await deliverDueNotifications({ now: t0 })).toMatchObject({ sent: 1 });
    const [row] = await rowsOf("test.sms:");
    // A worker that died after sending: its lease runs out, the message is tried again — the
    // provider still records it once.
    await db
      .update(s.notificationOutbox)
      .set({ status: "pending", nextAttemptAt: t0 })
      .where(eq(s.notificationOutbox.id, row.id));
    await deliverDueNotifications({ now: t0 });
    const texts = await db.select().from(s.demoSmsMessages).where(eq(s.demoSmsMessages.outboxId, row.id));
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatchObject({ mobile: "13700000002" });
    expect(texts[0].body).toBe("【消费帮扶馆】您好，订单 S1 已退款 ¥3.00，将原路退回。");
  });

  it("records e-mail as not configured when SMTP_URL is unset", async () => {
    delete process.env.SMTP_URL;
    resetEnvCache();
    try {
      await db.transaction((tx) =>
        enqueueNotification(tx, {
          event: "test.unconfigured:1",
          template: "order_paid",
          params: { orderNumber: "U1", total: "¥1.00" },
          to: { email: "nobody@example.test" },
          now: t0,
        }),
      );
      expect(await deliverDueNotifications({ now: t0 })).toMatchObject({ notConfigured: 1 });
      const [row] = await rowsOf("test.unconfigured:");
      expect(row.status).toBe("not_configured");
      expect(row.lastError).toMatch(/SMTP_URL/);
    } finally {
      process.env.SMTP_URL = smtp.url;
      resetEnvCache();
    }
  });
});

describe("rendering", () => {
  it("renders English for English readers and escapes params in HTML", () => {
    const m = renderMessage("order_paid", { orderNumber: "<b>1</b>", total: "¥1.00" }, "en");
    expect(m.subject).toBe("Order <b>1</b> is paid");
    expect(m.html).toContain("&#60;b&#62;1&#60;/b&#62;");
    expect(m.html).not.toContain("<b>1</b>");
    const link = renderMessage(
      "back_in_stock",
      { productName: "P", spec: "1 kg", link: "/products/p" },
      "zh",
      "https://x.test/",
    );
    expect(link.text).toContain("https://x.test/products/p");
  });
});

describe("back in stock", () => {
  it("the stock trigger writes the message in the restocking transaction", async () => {
    const customer = await demoUser("customer");
    const [variant] = await db.select({ id: s.productVariants.id }).from(s.productVariants).limit(1);
    await db.update(s.productVariants).set({ stock: 0 }).where(eq(s.productVariants.id, variant.id));
    const [alert] = await db
      .insert(s.stockAlerts)
      .values({ userId: customer.id, variantId: variant.id })
      .returning();
    await db.update(s.productVariants).set({ stock: 5 }).where(eq(s.productVariants.id, variant.id));
    const rows = await rowsOf(`stock_alert:${alert.id}:`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ template: "back_in_stock", userId: customer.id });
    expect(String(rows[0].params.link)).toMatch(/^\/products\//);
    await db.delete(s.notificationOutbox).where(
      inArray(
        s.notificationOutbox.id,
        rows.map((r) => r.id),
      ),
    );
  });
});
