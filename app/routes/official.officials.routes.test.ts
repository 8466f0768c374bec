// The official-accounts and message pages through their real loaders and actions: the district
// appoints a town official, who signs in; moves them to town B (their next page has town B's
// scope); deactivates them (their next page asks for the login); a town official may do none of it;
// every step is audited. /account/messages shows the caller's own messages only; /official/messages
// shows the outbox to admins alone, and only admins may send a message again. The header's unread
// count (root loader) falls to 0 when the person opens their messages, and nobody else's moves.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { enqueueNotification } from "~/models/notifications/outbox.server";
import { seedDatabase } from "../../db/seed";
import { demoMobile, logIn, signInWithPassword } from "../../tests/support/factories";
import { call, formRequest, getRequest, type CookieJar } from "../../tests/support/requests";
import { loader as rootLoader } from "~/root";
import { loader as myMessagesLoader } from "./account.messages";
import { action as messagesAction, loader as messagesLoader } from "./official.messages";
import { action as officialsAction, loader as officialsLoader } from "./official.officials";

const userByMobile = async (mobile: string) =>
  (await db.select().from(s.users).where(eq(s.users.mobile, mobile)))[0];

const get = (loader: (args: LoaderFunctionArgs) => Promise<Response>, path: string, jar: CookieJar) =>
  call(async () => loader({ request: getRequest(path, jar), params: {}, context: {} }));
const post = (fields: Record<string, string>, jar: CookieJar) =>
  call(async () =>
    officialsAction({ request: formRequest("/official/officials", fields, jar), params: {}, context: {} }),
  );

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 20 });
}, 60_000);

describe("/official/officials", () => {
  it("appoint → sign in → move to town B → deactivate: at once, audited; a town official may not", async () => {
    const district = await logIn("districtOfficial");
    const town = await logIn("townOfficial");
    const townA = (await userByMobile(demoMobile("townOfficial"))).regionId!;
    const townB = (await userByMobile(demoMobile("townOfficialB"))).regionId!;
    const appoint = {
      intent: "appoint",
      displayName: "新任乡镇干部",
      mobile: "13600000777",
      email: "new.official@e2e.test",
      password: "Official@2026",
      regionId: String(townA),
    };

    // A town official appoints nobody; nothing is written.
    expect((await post(appoint, town)).status).toBe(403);
    expect(await userByMobile("13600000777")).toBeUndefined();

    // The district appoints for town A; the new official signs in and sees town A's accounts.
    const made = await post(appoint, district);
    expect(made.status).toBe(303);
    const appointed = await userByMobile("13600000777");
    expect(appointed).toMatchObject({ role: "official", regionId: townA });
    const newcomer = await signInWithPassword("13600000777", "Official@2026");
    const listOf = async (jar: CookieJar) =>
      (await (await get(officialsLoader, "/official/officials", jar)).json()) as {
        officials: { id: string; regionId: number }[];
        regions: unknown[];
      };
    const seenInA = await listOf(newcomer);
    expect(seenInA.regions).toEqual([]); // a town official appoints nobody
    expect(new Set(seenInA.officials.map((o) => o.regionId))).toEqual(new Set([townA]));

    // A taken mobile is refused (409), next to the form.
    expect((await post(appoint, district)).status).toBe(409);

    // Moved to town B: the very next page has town B's scope.
    const town2 = await post({ intent: "scope", userId: appointed.id, regionId: String(townB) }, town);
    expect(town2.status).toBe(403);
    expect(
      (await post({ intent: "scope", userId: appointed.id, regionId: String(townB) }, district)).status,
    ).toBe(303);
    const seenInB = await listOf(newcomer);
    expect(new Set(seenInB.officials.map((o) => o.regionId))).toEqual(new Set([townB]));

    // Deactivated: the newcomer's next page asks for the login; the district cannot deactivate itself.
    const districtUser = await userByMobile(demoMobile("districtOfficial"));
    expect((await post({ intent: "deactivate", userId: districtUser.id }, district)).status).toBe(400);
    expect((await post({ intent: "deactivate", userId: appointed.id }, district)).status).toBe(303);
    const after = await get(officialsLoader, "/official/officials", newcomer);
    expect([302, 303]).toContain(after.status);
    expect(after.headers.get("Location")).toMatch(/^\/login/);

    const audit = await db
      .select({ action: s.auditLog.action })
      .from(s.auditLog)
      .where(
        and(
          eq(s.auditLog.subjectId, appointed.id),
          inArray(s.auditLog.action, ["official.created", "official.scope_changed", "official.deactivated"]),
        ),
      );
    expect(audit.map((a) => a.action).sort()).toEqual([
      "official.created",
      "official.deactivated",
      "official.scope_changed",
    ]);
  });
});

describe("message pages", () => {
  it("a person sees their own messages; the outbox and 'send again' are the admins'", async () => {
    const customer = await userByMobile(demoMobile("customer"));
    const other = await userByMobile(demoMobile("customer2"));
    await db.transaction(async (tx) => {
      await enqueueNotification(tx, {
        event: "routes-test:mine",
        template: "order_paid",
        params: { orderNumber: "20261203-000777", total: "¥12.00" },
        to: { userId: customer.id },
      });
      await enqueueNotification(tx, {
        event: "routes-test:theirs",
        template: "order_paid",
        params: { orderNumber: "20261203-000888", total: "¥13.00" },
        to: { userId: other.id },
      });
    });
    // The header's badge (the root loader) counts the person's unread messages until they open them.
    const customerJar = await logIn("customer");
    const otherJar = await logIn("customer2");
    const unread = async (jar: CookieJar) =>
      ((await (await get(rootLoader, "/", jar)).json()) as { unreadMessages: number }).unreadMessages;
    expect(await unread(customerJar)).toBeGreaterThanOrEqual(1);
    const otherUnread = await unread(otherJar);
    expect(otherUnread).toBeGreaterThanOrEqual(1);
    const mine = (await (await get(myMessagesLoader, "/account/messages", customerJar)).json()) as {
      messages: { subject: string; recipient: string | null; unread: boolean }[];
    };
    const subjects = mine.messages.map((m) => m.subject).join("\n");
    expect(subjects).toContain("20261203-000777");
    expect(subjects).not.toContain("20261203-000888");
    expect(mine.messages.every((m) => m.recipient === null)).toBe(true);
    expect(mine.messages.find((m) => m.subject.includes("20261203-000777"))?.unread).toBe(true);
    expect(await unread(customerJar)).toBe(0);
    expect(await unread(otherJar)).toBe(otherUnread); // opening one's own marks nobody else's

    const district = await logIn("districtOfficial");
    const asDistrict = (await (await get(messagesLoader, "/official/messages", district)).json()) as {
      outbox: unknown;
    };
    expect(asDistrict.outbox).toBeNull();
    const asAdmin = (await (
      await get(messagesLoader, "/official/messages?status=pending", await logIn("admin"))
    ).json()) as { outbox: { messages: { subject: string; status: string }[] } };
    expect(asAdmin.outbox.messages.map((m) => m.subject).join("\n")).toContain("20261203-000888");
    expect(asAdmin.outbox.messages.every((m) => m.status === "pending")).toBe(true);
    expect(await unread(otherJar)).toBe(otherUnread); // the admin read the outbox, not the person's messages

    const [row] = await db
      .update(s.notificationOutbox)
      .set({ status: "failed" })
      .where(eq(s.notificationOutbox.userId, other.id))
      .returning({ id: s.notificationOutbox.id });
    const requeue = (jar: CookieJar) =>
      call(async () =>
        messagesAction({
          request: formRequest("/official/messages", { intent: "requeue", id: row.id }, jar),
          params: {},
          context: {},
        }),
      );
    expect((await requeue(district)).status).toBe(403);
    expect((await requeue(await logIn("admin"))).status).toBe(303);
    const [again] = await db.select().from(s.notificationOutbox).where(eq(s.notificationOutbox.id, row.id));
    expect(again.status).toBe("pending");
  });
});
