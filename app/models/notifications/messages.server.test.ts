// Read state of a person's messages (the header's unread badge): a message addressed to the account
// or to its e-mail / mobile counts until the person opens their messages; opening marks only their
// own rows read, never another person's; a message that arrives afterwards counts again.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import type { User } from "~/models/access/users.server";
import { seedDatabase } from "../../../db/seed";
import { demoUser } from "../../../tests/support/shopper";
import { countUnreadMessages, openMyMessages } from "./messages.server";
import { enqueueNotification, type Recipient } from "./outbox.server";

let a: User, b: User;

const send = (event: string, to: Recipient) =>
  db.transaction((tx) =>
    enqueueNotification(tx, {
      event,
      template: "order_paid",
      params: { orderNumber: event, total: "¥1.00" },
      to,
    }),
  );

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 20 });
  a = await demoUser("customer");
  b = await demoUser("customer2");
  // Start from nothing unread (whatever the seed wrote is read); A has an e-mail address.
  await db.update(s.notificationOutbox).set({ readAt: new Date() });
  await db.update(s.users).set({ email: "reader.a@example.test" }).where(eq(s.users.id, a.id));
}, 60_000);

describe("unread messages", () => {
  it("counts the person's own unread messages; opening marks them, and only them, read", async () => {
    const unread = async (u: User) => countUnreadMessages({ userId: u.id });
    expect(await unread(a)).toBe(0);
    expect(await unread(b)).toBe(0);

    await send("read-test:account", { userId: a.id });
    await send("read-test:address", { email: "reader.a@example.test" }); // before an account knew it
    await send("read-test:other", { userId: b.id });
    expect(await unread(a)).toBe(2);
    expect(await unread(b)).toBe(1);

    // B opens theirs: A's stay unread.
    const bList = await openMyMessages({ caller: b });
    expect(bList.map((m) => m.subject).join("\n")).not.toContain("read-test:account");
    expect(await unread(b)).toBe(0);
    expect(await unread(a)).toBe(2);

    // A opens theirs: listed as unread this once, then read.
    const first = await openMyMessages({ caller: a });
    const ours = first.filter((m) => m.subject.includes("read-test:"));
    expect(ours).toHaveLength(2);
    expect(ours.every((m) => m.unread)).toBe(true);
    expect(await unread(a)).toBe(0);
    const again = await openMyMessages({ caller: a });
    expect(again.filter((m) => m.subject.includes("read-test:")).every((m) => !m.unread)).toBe(true);
    const [theirs] = await db
      .select({ readAt: s.notificationOutbox.readAt })
      .from(s.notificationOutbox)
      .where(eq(s.notificationOutbox.idempotencyKey, (await keyOf("read-test:other"))!));
    expect(theirs.readAt).not.toBeNull(); // read by B, when B opened it

    // A new message counts again; an unknown account has none.
    await send("read-test:later", { userId: a.id });
    expect(await unread(a)).toBe(1);
    expect(await countUnreadMessages({ userId: "00000000-0000-4000-8000-000000000000" })).toBe(0);
  });

  it("a person's page never marks another person's message, even one sent to a shared-looking address", async () => {
    await send("read-test:b-mobile", { mobile: b.mobile! });
    const before = await countUnreadMessages({ userId: b.id });
    expect(before).toBeGreaterThanOrEqual(1);
    await openMyMessages({ caller: a });
    expect(await countUnreadMessages({ userId: b.id })).toBe(before);
  });
});

async function keyOf(event: string): Promise<string | undefined> {
  const rows = await db
    .select({ key: s.notificationOutbox.idempotencyKey })
    .from(s.notificationOutbox)
    .where(eq(s.notificationOutbox.userId, b.id));
  return rows.map((r) => r.key).find((k) => k.startsWith(event));
}
