// The registry pages as signed-in officials: town A never reaches town B's households through
// tampered ids or filters; reveal is audited; the import goes preview → apply, all or nothing.
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { householdRowsToCsv } from "~/lib/household-file";
import { idCardCheckChar } from "../../core/pii";
import { seedDatabase } from "../../db/seed";
import { call, CookieJar, formRequest, getRequest } from "../../tests/support/requests";
import { action as detailAction, loader as detailLoader } from "./official.households.$id";
import { loader as listLoader } from "./official.households._index";
import { action as importAction } from "./official.households.import";
import { loader as progressLoader } from "./official.households.import.progress";
import { loader as reportLoader } from "./official.households.import.report";
import { action as newAction } from "./official.households.new";
import { signIn } from "../../tests/support/factories";

function idCard(n: number) {
  const first17 = `411272${1950 + (n % 50)}0${1 + (n % 9)}1${n % 10}${String(n % 1000).padStart(3, "0")}`;
  return first17 + idCardCheckChar(first17);
}

let district: CookieJar, townA: CookieJar, townB: CookieJar, customer: CookieJar;
let householdB: typeof s.households.$inferSelect;
let townBId: number;
let villageA: { id: number; code: string };

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 60 });
  [district, townA, townB, customer] = await Promise.all(
    ["13800000006", "13800000007", "13800000008", "13800000001"].map(signIn),
  );
  const [b] = await db.select().from(s.users).where(eq(s.users.mobile, "13800000008"));
  const [a] = await db.select().from(s.users).where(eq(s.users.mobile, "13800000007"));
  townBId = b.regionId!;
  [householdB] = await db.select().from(s.households).where(eq(s.households.townId, townBId)).limit(1);
  [villageA] = await db.select().from(s.regions).where(eq(s.regions.parentId, a.regionId!)).limit(1);
});

const params = (id: string) => ({ id });
const householdCount = async () => (await db.select({ n: count() }).from(s.households))[0].n;

describe("registry pages", () => {
  it("guards: a customer gets 403", async () => {
    const response = await call(() =>
      listLoader({ request: getRequest("/official/households", customer), params: {}, context: {} }),
    );
    expect(response.status).toBe(403);
  });

  it("town A sees none of town B, even asking by filter; the district official does", async () => {
    const asA = await call(() =>
      listLoader({
        request: getRequest(`/official/households?town=${townBId}`, townA),
        params: {},
        context: {},
      }),
    );
    expect(((await asA.json()) as { total: number }).total).toBe(0);
    const asDistrict = await call(() =>
      listLoader({
        request: getRequest(`/official/households?town=${townBId}`, district),
        params: {},
        context: {},
      }),
    );
    const body = (await asDistrict.json()) as { total: number; rows: { idCardMasked: string }[] };
    expect(body.total).toBeGreaterThan(0);
    for (const r of body.rows) expect(r.idCardMasked).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
  });

  it("form posts carrying town B's id from town A: 404, nothing changes, nothing audited", async () => {
    const path = `/official/households/${householdB.id}`;
    expect(
      (
        await call(() =>
          detailLoader({ request: getRequest(path, townA), params: params(householdB.id), context: {} }),
        )
      ).status,
    ).toBe(404);
    const update = {
      intent: "update",
      headName: "篡改",
      idCard: "",
      memberCount: "3",
      villageId: String(villageA.id),
      kind: "alleviated",
      status: "active",
    };
    for (const fields of [{ intent: "reveal" }, { intent: "risk" }, update]) {
      const response = await call(() =>
        detailAction({
          request: formRequest(path, fields, townA),
          params: params(householdB.id),
          context: {},
        }),
      );
      expect(response.status).toBe(404);
    }
    const [after] = await db.select().from(s.households).where(eq(s.households.id, householdB.id));
    expect(after).toEqual(householdB);
    expect(
      (
        await db
          .select({ n: count() })
          .from(s.auditLog)
          .where(eq(s.auditLog.action, "household.view_unmasked"))
      )[0].n,
    ).toBe(0);
  });

  it("town B reveals the full number by POST, and the view is audited", async () => {
    const path = `/official/households/${householdB.id}`;
    const page = await call(() =>
      detailLoader({ request: getRequest(path, townB), params: params(householdB.id), context: {} }),
    );
    expect(page.status).toBe(200);
    const shown = (await page.json()) as { household: { idCard: string | null } };
    expect(shown.household.idCard).toBeNull();
    // The address server.js hands over (Express's req.ip behind the trusted proxy), never a header.
    const request = formRequest(path, { intent: "reveal" }, townB);
    request.headers.set("X-Forwarded-For", "198.51.100.66, 203.0.113.7");
    const response = await call(() =>
      detailAction({ request, params: params(householdB.id), context: { clientIp: "203.0.113.7" } }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const { revealed } = (await response.json()) as { revealed: string };
    expect(revealed).toMatch(/^\d{17}[\dX]$/);
    const audit = await db.select().from(s.auditLog).where(eq(s.auditLog.action, "household.view_unmasked"));
    expect(audit).toHaveLength(1);
    expect(audit[0].ip).toBe("203.0.113.7");
  });

  it("creating with a bad checksum answers 400 with the field error and writes nothing", async () => {
    const before = await householdCount();
    const good = idCard(1);
    const bad = good.slice(0, 17) + (good[17] === "1" ? "2" : "1");
    const response = await call(() =>
      newAction({
        request: formRequest(
          "/official/households/new",
          {
            registryCode: "NEW0001",
            headName: "李四",
            idCard: bad,
            memberCount: "3",
            villageId: String(villageA.id),
            kind: "alleviated",
          },
          townA,
        ),
        params: {},
        context: {},
      }),
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors).toEqual({
      idCard: ["id_card_invalid"],
    });
    expect(await householdCount()).toBe(before);
  });
});

describe("import pages", () => {
  function upload(csv: string, jar: CookieJar) {
    const form = new FormData();
    form.set("file", new File([csv], "名单.csv", { type: "text/csv" }));
    const request = new Request("http://localhost/official/households/import", {
      method: "POST",
      body: form,
      headers: { Cookie: jar.header() },
    });
    return call(() => importAction({ request, params: {}, context: {} }));
  }
  const rows = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      registryCode: `IMP${String(i).padStart(5, "0")}`,
      headName: `王${i}`,
      idCard: idCard(100 + i),
      memberCount: "3",
      village: villageA.code,
      kind: "脱贫不稳定户",
    }));
  const apply = (token: string, jar: CookieJar) =>
    call(() =>
      importAction({
        request: formRequest("/official/households/import", { intent: "apply", token }, jar),
        params: {},
        context: {},
      }),
    );

  it("a file with a bad row: the preview names it, apply writes nothing; a good file lands once; the report is CSV with BOM", async () => {
    const before = await householdCount();
    const bad = rows(10);
    bad[4] = { ...bad[4], memberCount: "0" };
    const preview = await upload(householdRowsToCsv(bad), townA);
    const body = (await preview.json()) as {
      stage: string;
      token: string;
      counts: { error: number };
      errors: { row: number; messages: { code: string }[] }[];
    };
    expect(body.stage).toBe("preview");
    expect(body.counts.error).toBe(1);
    expect(body.errors).toEqual([
      {
        row: 6,
        registryCode: "IMP00004",
        status: "error",
        change: null,
        messages: [{ code: "member_count_invalid" }],
      },
    ]);
    const rejected = await apply(body.token, townA);
    expect(rejected.status).toBe(422);
    expect(await householdCount()).toBe(before);

    // Another official cannot use the token.
    expect((await apply(body.token, townB)).status).toBe(410);

    const report = await call(() =>
      reportLoader({
        request: getRequest(`/official/households/import/report?token=${body.token}`, townA),
        params: {},
        context: {},
      }),
    );
    expect(report.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await report.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toContain("6,IMP00004,错误,家庭人口应为 1–20 的整数");

    const good = householdRowsToCsv(rows(10));
    const ok = (await (await upload(good, townA)).json()) as { token: string; counts: { create: number } };
    expect(ok.counts.create).toBe(10);
    const applied = (await (await apply(ok.token, townA)).json()) as {
      stage: string;
      counts: { create: number };
    };
    expect(applied).toMatchObject({ stage: "applied", counts: { create: 10 } });
    expect(await householdCount()).toBe(before + 10);

    const again = (await (await upload(good, townA)).json()) as {
      token: string;
      counts: { unchanged: number };
    };
    expect(again.counts.unchanged).toBe(10);
    expect(
      ((await (await apply(again.token, townA)).json()) as { counts: { unchanged: number } }).counts
        .unchanged,
    ).toBe(10);
    expect(await householdCount()).toBe(before + 10);
  });

  it("progress: polled while the confirm runs, it moves and reaches the total; only the importing official gets it", async () => {
    const n = 3500;
    const big = Array.from({ length: n }, (_, i) => ({
      ...rows(1)[0],
      registryCode: `PRG${String(i).padStart(5, "0")}`,
      headName: `赵${i}`,
      idCard: idCard(20_000 + i),
    }));
    const preview = (await (await upload(householdRowsToCsv(big), townA)).json()) as {
      token: string;
      counts: { create: number; error: number };
    };
    expect(preview.counts).toMatchObject({ create: n, error: 0 });
    const poll = (jar: CookieJar, token = preview.token) =>
      call(() =>
        progressLoader({
          request: getRequest(`/official/households/import/progress?token=${token}`, jar),
          params: {},
          context: {},
        }),
      );
    // Nothing started yet: 404 even for the uploader.
    expect((await poll(townA)).status).toBe(404);

    let finished = false;
    const applying = apply(preview.token, townA).finally(() => (finished = true));
    const seen: { state: string; done: number; total: number }[] = [];
    while (!finished) {
      const response = await poll(townA);
      if (response.status === 200)
        seen.push((await response.json()) as { state: string; done: number; total: number });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(((await (await applying).json()) as { stage: string }).stage).toBe("applied");
    expect(seen.some((p) => p.state === "writing" && p.done > 0 && p.done < n)).toBe(true);
    const last = await poll(townA);
    expect(last.status).toBe(200);
    expect(last.headers.get("Cache-Control")).toBe("no-store");
    expect(await last.json()).toEqual({ state: "done", done: n, total: n });

    for (const other of [townB, district, customer]) expect((await poll(other)).status).toBe(404);
    expect((await poll(townA, "not-a-token")).status).toBe(404);
    expect(
      (
        await call(() =>
          progressLoader({
            request: getRequest(`/official/households/import/progress?token=${preview.token}`),
            params: {},
            context: {},
          }),
        )
      ).status,
    ).toBe(302);
  });
});
