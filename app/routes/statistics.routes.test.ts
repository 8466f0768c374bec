// The dashboard loader, its CSV/XLSX exports (parsed back) and the statistics API, as signed-in
// officials and with API tokens, against an independent recomputation from the raw tables
// (tests/support/statistics-oracle.ts) over the seed plus random orders and partial refunds.
// A town official sees only their town in every figure, list, export and API answer.
import { and, desc, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { parseCsv } from "~/lib/household-file";
import { DEMO_ACCOUNTS } from "../../db/fixtures/accounts";
import { seedDatabase } from "../../db/seed";
import { call, CookieJar, formRequest, getRequest } from "../../tests/support/requests";
import { expectedFromRaw, makeRandomOrders } from "../../tests/support/statistics-oracle";
import { loader as apiLoader } from "./api.stats";
import { loader as dashboardLoader } from "./official._index";
import { loader as exportLoader } from "./official.statistics.export";
import { action as tokensAction, loader as tokensLoader } from "./official.tokens";
import { logIn } from "../../tests/support/factories";

const mobile = (key: string) => DEMO_ACCOUNTS.find((a) => a.key === key)!.mobile;
async function regionOf(key: string) {
  const [u] = await db
    .select()
    .from(s.users)
    .where(eq(s.users.mobile, mobile(key)));
  return u.regionId!;
}
const YEAR = "period=year&year=2026";
const FROM = "2026-01-01";
const TO = "2026-12-31";

let district: CookieJar, townA: CookieJar, customer: CookieJar;
let townAId: number, townBId: number, townACode: string, townBCode: string, allTowns: number[];

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 200 });
  await makeRandomOrders({
    count: 24,
    seed: 11,
    paidAt: (_i, rnd) =>
      new Date(Date.UTC(2026, 2 + Math.floor(rnd() * 8), 1 + Math.floor(rnd() * 27), Math.floor(rnd() * 24))),
  });
  [district, townA, customer] = await Promise.all(
    ["districtOfficial", "townOfficial", "customer"].map(logIn),
  );
  [townAId, townBId] = await Promise.all([regionOf("townOfficial"), regionOf("townOfficialB")]);
  const regions = await db.select().from(s.regions);
  townACode = regions.find((r) => r.id === townAId)!.code;
  townBCode = regions.find((r) => r.id === townBId)!.code;
  allTowns = regions.filter((r) => r.level === "town" || r.level === "subdistrict").map((r) => r.id);
}, 240_000);

async function dashboard(jar: CookieJar, query: string) {
  const response = await call(() =>
    dashboardLoader({ request: getRequest(`/official?${query}`, jar), params: {}, context: {} }),
  );
  return response;
}

async function download(jar: CookieJar, query: string) {
  return call(() =>
    exportLoader({
      request: getRequest(`/official/statistics/export?${query}`, jar),
      params: {},
      context: {},
    }),
  );
}

async function csvRows(response: Response) {
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer()); // keep the BOM to check it
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const [header, ...rows] = parseCsv(text.slice(1));
  return rows.filter((r) => r.length > 1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

async function xlsxRows(response: Response) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  const sheet = workbook.worksheets[0];
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, unknown>[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const values = (row.values as unknown[]).slice(1);
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? null])));
  });
  return rows;
}

const yuanToFen = (v: unknown) => Math.round(Number(v) * 100);

describe("dashboard page", () => {
  it("guards: a customer gets 403; a town official asking for another town gets 404", async () => {
    expect((await dashboard(customer, YEAR)).status).toBe(403);
    expect((await dashboard(townA, `${YEAR}&town=${townBCode}`)).status).toBe(404);
  });

  it("district year: headline figures equal the recomputation", async () => {
    const response = await dashboard(district, YEAR);
    expect(response.status).toBe(200);
    const data = await response.json();
    const expected = await expectedFromRaw({ townIds: allTowns, from: FROM, to: TO });
    const { villageCollectivesReached: _v, ...headline } = data.statistics.headline;
    expect(headline).toEqual(expected.headline);
    expect(expected.headline.orders).toBeGreaterThan(10);
    expect(data.period).toMatchObject({ from: FROM, to: TO });
  });

  it("town official: every figure and list is the own town's, even without asking", async () => {
    const data = await (await dashboard(townA, YEAR)).json();
    const expected = await expectedFromRaw({ townIds: [townAId], from: FROM, to: TO });
    const { villageCollectivesReached: _v, ...headline } = data.statistics.headline;
    expect(headline).toEqual(expected.headline);
    expect(data.scope.towns.map((t: { code: string }) => t.code)).toEqual([townACode]);
    expect(data.statistics.byTown.every((r: { code: string }) => r.code === townACode)).toBe(true);
    expect(data.notReached.total).toBe(expected.notReached.length);
    expect(data.notReached.rows.every((r: { townName: string }) => r.townName === data.scope.town.name)).toBe(
      true,
    );
  });
});

describe("exports", () => {
  it("by town as CSV and XLSX equal the recomputation to the fen; file names are RFC 5987", async () => {
    const expected = await expectedFromRaw({ townIds: allTowns, from: FROM, to: TO });
    const csv = await download(district, `${YEAR}&export=town&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("Content-Disposition")).toContain(
      `filename*=UTF-8''${encodeURIComponent("消费帮扶统计-按乡镇-全区-2026-01-01_2026-12-31.csv")}`,
    );
    const rows = await csvRows(csv);
    const fromCsv = Object.fromEntries(
      rows.map((r) => [
        r["乡镇代码"],
        {
          assisted: yuanToFen(r["消费帮扶金额（认定产品）（元）"]),
          other: yuanToFen(r["其他销售额（元）"]),
          orders: Number(r["订单数"]),
          households: Number(r["带动户数"]),
          income: yuanToFen(r["带动增收合计（元）"]),
        },
      ]),
    );
    for (const [code, sales] of expected.byTownSales) {
      expect(fromCsv[code]).toMatchObject({
        assisted: sales.assisted,
        other: sales.other,
        orders: expected.ordersByTown.get(code) ?? 0,
      });
    }
    for (const [code, reach] of expected.byTownReach)
      expect(fromCsv[code]).toMatchObject({ households: reach.households, income: reach.income });

    const xlsx = await download(district, `${YEAR}&export=town&format=xlsx`);
    expect(xlsx.headers.get("Content-Type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    const xrows = await xlsxRows(xlsx);
    const fromXlsx = Object.fromEntries(
      xrows.map((r) => [
        r["乡镇代码"],
        {
          assisted: yuanToFen(r["消费帮扶金额（认定产品）（元）"]),
          other: yuanToFen(r["其他销售额（元）"]),
          orders: r["订单数"],
        },
      ]),
    );
    for (const [code, sales] of expected.byTownSales)
      expect(fromXlsx[code]).toMatchObject({
        assisted: sales.assisted,
        other: sales.other,
        orders: expected.ordersByTown.get(code) ?? 0,
      });
  });

  it("monthly and income-type exports sum to the recomputed headline", async () => {
    const expected = await expectedFromRaw({ townIds: allTowns, from: FROM, to: TO });
    const monthly = await xlsxRows(await download(district, `${YEAR}&export=monthly&format=xlsx`));
    expect(monthly).toHaveLength(12);
    expect(monthly.reduce((n, r) => n + yuanToFen(r["消费帮扶金额（认定产品）（元）"]), 0)).toBe(
      expected.headline.assistedSalesFen,
    );
    expect(monthly.reduce((n, r) => n + Number(r["订单数"]), 0)).toBe(expected.headline.orders);
    const income = await csvRows(await download(district, `${YEAR}&export=incomeType&format=csv`));
    expect(Object.fromEntries(income.map((r) => [r["收入类型"], yuanToFen(r["金额（元）"])]))).toEqual({
      生产经营性收入: expected.headline.attributedIncomeFen.operating,
      工资性收入: expected.headline.attributedIncomeFen.wage,
      财产性收入: expected.headline.attributedIncomeFen.property,
      转移性收入: expected.headline.attributedIncomeFen.transfer,
    });
  });

  it("town official: exports hold only the own town (not-reached list whole and masked); another town is 404; exports are audited", async () => {
    const expected = await expectedFromRaw({ townIds: [townAId], from: FROM, to: TO });
    const notReached = await csvRows(await download(townA, `${YEAR}&export=notReached&format=csv`));
    expect(notReached.map((r) => r["户编码"]).sort()).toEqual(expected.notReached);
    const town = (await db.select().from(s.regions).where(eq(s.regions.id, townAId)))[0];
    expect(notReached.every((r) => r["乡镇"] === town.name && r["户主（已脱敏）"].includes("*"))).toBe(true);
    const villages = await xlsxRows(await download(townA, `${YEAR}&export=village&format=xlsx`));
    const townVillages = new Set(
      (await db.select().from(s.regions).where(eq(s.regions.parentId, townAId))).map((v) => v.code),
    );
    expect(villages.length).toBeGreaterThan(0);
    expect(villages.every((v) => townVillages.has(String(v["村代码"])))).toBe(true);
    const byTown = await csvRows(await download(townA, `${YEAR}&export=town&format=csv`));
    expect(byTown.map((r) => r["乡镇代码"])).toEqual(
      expected.byTownSales.size || expected.byTownReach.size ? [townACode] : [],
    );
    expect((await download(townA, `${YEAR}&town=${townBCode}&export=town&format=csv`)).status).toBe(404);
    expect((await download(customer, `${YEAR}&export=town&format=csv`)).status).toBe(403);
    expect((await download(district, `${YEAR}&export=nope&format=csv`)).status).toBe(400);
    const [official] = await db
      .select()
      .from(s.users)
      .where(eq(s.users.mobile, mobile("townOfficial")));
    const audit = await db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.action, "statistics.export"), eq(s.auditLog.actorId, official.id)));
    expect(audit.map((a) => a.subjectId)).toEqual(expect.arrayContaining(["notReached", "village", "town"]));
  });

  it("audits an export with the caller's address from server.js (req.ip), not a forged X-Forwarded-For, direct or proxied", async () => {
    const district = await logIn("districtOfficial");
    const [official] = await db
      .select()
      .from(s.users)
      .where(eq(s.users.mobile, mobile("districtOfficial")));
    const exportAs = async (clientIp: string, forwarded?: string) => {
      const request = getRequest(`/official/statistics/export?${YEAR}&export=category&format=csv`, district);
      if (forwarded) request.headers.set("X-Forwarded-For", forwarded);
      expect((await call(() => exportLoader({ request, params: {}, context: { clientIp } }))).status).toBe(
        200,
      );
      const [latest] = await db
        .select({ ip: s.auditLog.ip })
        .from(s.auditLog)
        .where(and(eq(s.auditLog.action, "statistics.export"), eq(s.auditLog.actorId, official.id)))
        .orderBy(desc(s.auditLog.id))
        .limit(1);
      return latest.ip;
    };
    expect(await exportAs("203.0.113.5", "6.6.6.6, 203.0.113.5")).toBe("203.0.113.5");
    expect(await exportAs("198.51.100.20")).toBe("198.51.100.20");
  });
});

describe("statistics API", () => {
  async function newToken(jar: CookieJar, name: string) {
    const response = await call(() =>
      tokensAction({
        request: formRequest("/official/tokens", { intent: "create", name }, jar),
        params: {},
        context: {},
      }),
    );
    expect(response.status).toBe(200);
    return (await response.json()).token as string;
  }
  const api = (query: string, token?: string) =>
    call(() =>
      apiLoader({
        request: new Request(`http://localhost/api/stats?${query}`, {
          headers: token ? { Authorization: `Bearer ${token}` } : {},
        }),
        params: {},
        context: {},
      }),
    );

  it("401 without or with a revoked token; 400 for bad dates; 404 for a town outside the owner's scope", async () => {
    expect((await api(`from=${FROM}&to=${TO}`)).status).toBe(401);
    expect((await api(`from=${FROM}&to=${TO}`, "xfb_madeup")).status).toBe(401);
    const token = await newToken(townA, "测试");
    expect((await api(`from=${FROM}&to=${TO}`, token)).status).toBe(200);
    for (const [query, code] of [
      ["from=2026-13-01&to=2026-12-31", "bad_from"],
      ["from=2026-01-01", "bad_to"],
      ["from=2026-05-01&to=2026-04-01", "reversed"],
      ["from=2000-01-01&to=2026-01-01", "too_long"],
    ]) {
      const response = await api(query, token);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: code, message: expect.any(String) });
    }
    expect((await api(`from=${FROM}&to=${TO}&town=${townBCode}`, token)).status).toBe(404);
    expect((await api(`from=${FROM}&to=${TO}&town=999999999999`, token)).status).toBe(404);

    const list = await (
      await call(() =>
        tokensLoader({ request: getRequest("/official/tokens", townA), params: {}, context: {} }),
      )
    ).json();
    const id = list.tokens[0].id;
    const revoked = await call(() =>
      tokensAction({
        request: formRequest("/official/tokens", { intent: "revoke", id }, townA),
        params: {},
        context: {},
      }),
    );
    expect(revoked.status).toBe(303);
    expect((await api(`from=${FROM}&to=${TO}`, token)).status).toBe(401);
    // Someone else's token id cannot be revoked.
    const other = await newToken(district, "x");
    const otherId = (
      await (
        await call(() =>
          tokensLoader({ request: getRequest("/official/tokens", district), params: {}, context: {} }),
        )
      ).json()
    ).tokens[0].id;
    expect(
      (
        await call(() =>
          tokensAction({
            request: formRequest("/official/tokens", { intent: "revoke", id: otherId }, townA),
            params: {},
            context: {},
          }),
        )
      ).status,
    ).toBe(404);
    expect((await api(`from=${FROM}&to=${TO}`, other)).status).toBe(200);
  });

  it("answers the figures of the owner's scope, equal to the recomputation (district, district narrowed to a town, town official)", async () => {
    const districtToken = await newToken(district, "区级");
    const townToken = await newToken(townA, "镇级");
    for (const [token, query, towns] of [
      [districtToken, `from=2026-03-01&to=2026-08-31`, allTowns],
      [districtToken, `from=2026-03-01&to=2026-08-31&town=${townBCode}`, [townBId]],
      [townToken, `from=2026-03-01&to=2026-08-31`, [townAId]],
    ] as const) {
      const response = await api(query, token);
      expect(response.status).toBe(200);
      const body = await response.json();
      const expected = await expectedFromRaw({ townIds: [...towns], from: "2026-03-01", to: "2026-08-31" });
      expect(body).toMatchObject({
        from: "2026-03-01",
        to: "2026-08-31",
        assistedSalesFen: expected.headline.assistedSalesFen,
        otherSalesFen: expected.headline.otherSalesFen,
        orders: expected.headline.orders,
        buyers: expected.headline.buyers,
        householdsReached: expected.headline.householdsReached,
        personsReached: expected.headline.personsReached,
        attributedIncomeFen: expected.headline.attributedIncomeFen,
        villageCollectiveIncomeFen: expected.headline.villageCollectiveIncomeFen,
        perHouseholdFen: expected.headline.perHouseholdFen,
      });
      expect(body.breakdowns.byMonth).toHaveLength(6);
      if (towns.length === 1) {
        const code = towns[0] === townAId ? townACode : townBCode;
        expect(body.breakdowns.byTown.every((r: { code: string }) => r.code === code)).toBe(true);
        expect(body.scope.town.code).toBe(code);
      }
      expect(JSON.stringify(body)).not.toMatch(/registryCode|headName|maskedName/);
    }
  });
});
