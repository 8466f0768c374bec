// The statement and early-warning pages as signed-in officials, downloads fetched as plain GETs of
// the hrefs the pages print: the PDF's text carries the totals and the registry code, the XLSX's
// cells (read with exceljs) the same figures; a bulk PDF has a page per household; town B's
// official gets 404 for town A's statement, its exports, its village's bulk export and its
// follow-up (page and post, nothing written); every view and export leaves an audit row.
import { and, count, eq, isNotNull } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { fenToYuanText } from "~/lib/table-export.server";
import { seedDatabase } from "../../db/seed";
import { signIn } from "../../tests/support/factories";
import { expectedStatement } from "../../tests/support/household-oracle";
import { pdfPageCount, pdfText } from "../../tests/support/pdf-text";
import { call, type CookieJar, formRequest, getRequest } from "../../tests/support/requests";
import { makeRandomOrders } from "../../tests/support/statistics-oracle";
import { loader as statementLoader } from "./official.households.$id_.statement";
import { loader as exportLoader } from "./official.households.$id_.statement_.export";
import { loader as bulkExportLoader } from "./official.statements.export";
import { loader as villagesLoader } from "./official.statements";
import { action as caseAction, loader as caseLoader } from "./official.warnings.$id";
import { loader as warningsLoader } from "./official.warnings._index";

let townA: CookieJar, townB: CookieJar;
let household: typeof s.households.$inferSelect;
let villageCode: string;
const PERIOD = "from=2026-01-01&to=2026-12-31";

async function auditCount(action: string) {
  return (await db.select({ n: count() }).from(s.auditLog).where(eq(s.auditLog.action, action)))[0].n;
}

async function xlsxSheets(body: ArrayBuffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body);
  return workbook.worksheets.map((sheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return { name: sheet.name, rows };
  });
}

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 60 });
  await makeRandomOrders({
    count: 14,
    seed: 5,
    paidAt: (i) => new Date(Date.parse("2026-02-10T10:00:00+08:00") + i * 17 * 86_400_000),
  });
  [townA, townB] = await Promise.all(["13800000007", "13800000008"].map(signIn));
  const [a] = await db.select().from(s.users).where(eq(s.users.mobile, "13800000007"));
  // A household of town A with a reversal (a refund) in its ledger, else any with entries.
  const withEntries = await db
    .select({ id: s.attributionEntries.householdId, kind: s.attributionEntries.kind })
    .from(s.attributionEntries)
    .innerJoin(s.households, eq(s.households.id, s.attributionEntries.householdId))
    .where(and(eq(s.households.townId, a.regionId!), isNotNull(s.attributionEntries.householdId)));
  const pick = withEntries.find((e) => e.kind === "reversal") ?? withEntries[0];
  expect(pick, "a town-A household with ledger entries").toBeDefined();
  [household] = await db.select().from(s.households).where(eq(s.households.id, pick.id!));
  [{ code: villageCode }] = await db
    .select({ code: s.regions.code })
    .from(s.regions)
    .where(eq(s.regions.id, household.villageId));
}, 300_000);

describe("household statement pages and downloads", () => {
  it("the page and its PDF and XLSX say the ledger's totals; each is audited", async () => {
    const expected = await expectedStatement(household.id, "2026-01-01", "2026-12-31");
    expect(expected.total).toBeGreaterThan(0);
    const views = await auditCount("household.statement_view");
    const page = await call(() =>
      statementLoader({
        request: getRequest(`/official/households/${household.id}/statement?${PERIOD}`, townA),
        params: { id: household.id },
        context: {},
      }),
    );
    expect(page.status).toBe(200);
    const data = (await page.json()) as { worksheet: { facts: [string, string][] } };
    expect(data.worksheet.facts.map(([, v]) => v)).toContain(household.registryCode);
    expect(await auditCount("household.statement_view")).toBe(views + 1);

    const exportsBefore = await auditCount("household.statement_export");
    const href = `/official/households/${household.id}/statement/export?format=pdf&${PERIOD}`;
    const pdf = await call(() =>
      exportLoader({ request: getRequest(href, townA), params: { id: household.id }, context: {} }),
    );
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    const text = pdfText(bytes);
    expect(text).toContain(household.registryCode);
    expect(text).toContain(household.headName);
    expect(text).toContain(fenToYuanText(expected.total));
    expect(text).toContain("户主签字");
    if (expected.reversalLines > 0) expect(text).toContain(fenToYuanText(expected.reversals));

    const xlsx = await call(() =>
      exportLoader({
        request: getRequest(href.replace("format=pdf", "format=xlsx"), townA),
        params: { id: household.id },
        context: {},
      }),
    );
    expect(xlsx.status).toBe(200);
    const [months, sources, reversals] = await xlsxSheets(await xlsx.arrayBuffer());
    expect(months.rows[0][0]).toBe("户编码");
    const totalRow = months.rows.find((r) => r[4] === "合计")!;
    expect(totalRow[0]).toBe(household.registryCode);
    expect(Math.round(Number(totalRow.at(-1)) * 100)).toBe(expected.total);
    // One row per month of the period, then the totals.
    expect(months.rows.length).toBe(1 + 12 + 1);
    expect(sources.rows.length - 1).toBe(Object.keys(expected.byLinkage).length);
    expect(reversals.rows.length - 1).toBe(expected.reversalLines);
    expect(await auditCount("household.statement_export")).toBe(exportsBefore + 2);
  });

  it("town B's official gets 404 for town A's statement, both exports and the village's bulk export", async () => {
    const views = await auditCount("household.statement_view");
    const page = await call(() =>
      statementLoader({
        request: getRequest(`/official/households/${household.id}/statement`, townB),
        params: { id: household.id },
        context: {},
      }),
    );
    expect(page.status).toBe(404);
    for (const format of ["pdf", "xlsx"]) {
      const file = await call(() =>
        exportLoader({
          request: getRequest(
            `/official/households/${household.id}/statement/export?format=${format}`,
            townB,
          ),
          params: { id: household.id },
          context: {},
        }),
      );
      expect(file.status).toBe(404);
      const bulk = await call(() =>
        bulkExportLoader({
          request: getRequest(`/official/statements/export?village=${villageCode}&format=${format}`, townB),
          params: {},
          context: {},
        }),
      );
      expect(bulk.status).toBe(404);
    }
    expect(await auditCount("household.statement_view")).toBe(views);
    // A malformed request is a clear 400, not a 500.
    const bad = await call(() =>
      exportLoader({
        request: getRequest(`/official/households/${household.id}/statement/export?format=doc`, townA),
        params: { id: household.id },
        context: {},
      }),
    );
    expect(bad.status).toBe(400);
  });

  it("the village list links bulk files; the PDF has a page per household and says each one's total", async () => {
    const list = await call(() =>
      villagesLoader({
        request: getRequest(`/official/statements?${PERIOD}`, townA),
        params: {},
        context: {},
      }),
    );
    const { villages } = (await list.json()) as { villages: { code: string; households: number }[] };
    const village = villages.find((v) => v.code === villageCode)!;
    expect(village.households).toBeGreaterThan(0);
    const bulkBefore = await auditCount("household.statement_bulk_export");
    const pdf = await call(() =>
      bulkExportLoader({
        request: getRequest(`/official/statements/export?village=${villageCode}&format=pdf&${PERIOD}`, townA),
        params: {},
        context: {},
      }),
    );
    expect(pdf.status).toBe(200);
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    const members = await db
      .select()
      .from(s.households)
      .where(eq(s.households.villageId, household.villageId));
    expect(pdfPageCount(bytes)).toBeGreaterThanOrEqual(members.length);
    const text = pdfText(bytes);
    for (const m of members) {
      expect(text).toContain(m.registryCode);
      expect(text).toContain(
        fenToYuanText((await expectedStatement(m.id, "2026-01-01", "2026-12-31")).total),
      );
    }
    const xlsx = await call(() =>
      bulkExportLoader({
        request: getRequest(
          `/official/statements/export?village=${villageCode}&format=xlsx&${PERIOD}`,
          townA,
        ),
        params: {},
        context: {},
      }),
    );
    const [months] = await xlsxSheets(await xlsx.arrayBuffer());
    expect(months.rows.filter((r) => r[4] === "合计").length).toBe(members.length);
    expect(await auditCount("household.statement_bulk_export")).toBe(bulkBefore + 2);
  });
});

describe("early-warning pages", () => {
  it("lists for town A; town B cannot open or post a follow-up of town A's household", async () => {
    const list = await call(() =>
      warningsLoader({ request: getRequest("/official/warnings", townA), params: {}, context: {} }),
    );
    expect(list.status).toBe(200);
    const { rows } = (await list.json()) as { rows: { householdId: string }[] };
    const target = rows[0]?.householdId ?? household.id;
    const asB = await call(() =>
      caseLoader({
        request: getRequest(`/official/warnings/${target}`, townB),
        params: { id: target },
        context: {},
      }),
    );
    expect(asB.status).toBe(404);
    const fields = { intent: "follow_up", contacted: "on", action: "入户走访", followedOn: "2026-01-05" };
    const postB = await call(() =>
      caseAction({
        request: formRequest(`/official/warnings/${target}`, { ...fields, resolve: "on" }, townB),
        params: { id: target },
        context: {},
      }),
    );
    expect(postB.status).toBe(404);
    const followUps = async () =>
      (
        await db
          .select({ n: count() })
          .from(s.householdFollowUps)
          .where(eq(s.householdFollowUps.householdId, target))
      )[0].n;
    expect(await followUps()).toBe(0);
    const asA = await call(() =>
      caseLoader({
        request: getRequest(`/official/warnings/${target}`, townA),
        params: { id: target },
        context: {},
      }),
    );
    expect(asA.status).toBe(200);
    if (rows.length > 0) {
      const empty = await call(() =>
        caseAction({
          request: formRequest(`/official/warnings/${target}`, { ...fields, action: "" }, townA),
          params: { id: target },
          context: {},
        }),
      );
      expect(empty.status).toBe(400);
      const saved = await call(() =>
        caseAction({
          request: formRequest(`/official/warnings/${target}`, fields, townA),
          params: { id: target },
          context: {},
        }),
      );
      expect(saved.status).toBe(303);
      expect(await followUps()).toBe(1);
    }
  });
});
