// Reading officials' files: CSV (with/without BOM, quotes, CRLF, GB18030) and XLSX via exceljs.
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { householdRowsToCsv, importReportCsv, parseCsv, parseHouseholdFile, toCsv } from "./household-file";

const HEAD = "户编码,户主姓名,身份证号,家庭人口,所在村,户类型";
const bytes = (text: string) => new TextEncoder().encode(text);

describe("parseCsv", () => {
  it("handles quotes, escaped quotes, commas and line breaks in fields, CRLF and a last line without newline", () => {
    expect(parseCsv('a,"b,1","c ""x"""\r\n"multi\nline",,z\nlast,1,2')).toEqual([
      ["a", "b,1", 'c "x"'],
      ["multi\nline", "", "z"],
      ["last", "1", "2"],
    ]);
  });
});

describe("parseHouseholdFile", () => {
  const line = "411272101201001,张三明,41127219800101123X,4,阳店村,脱贫户";
  it("reads UTF-8 with and without BOM, headers in any order, blank lines skipped, row numbers kept", async () => {
    for (const text of [
      `\uFEFF${HEAD}\r\n${line}\r\n\r\n${line.replace("001,", "002,")}\r\n`,
      `${HEAD}\n${line}\n`,
    ]) {
      const result = await parseHouseholdFile(bytes(text));
      if (!result.ok) throw new Error(result.code);
      expect(result.rows[0]).toEqual({
        row: 2,
        registryCode: "411272101201001",
        headName: "张三明",
        idCard: "41127219800101123X",
        memberCount: "4",
        village: "阳店村",
        kind: "脱贫户",
      });
    }
    const gap = await parseHouseholdFile(bytes(`\uFEFF${HEAD}\r\n${line}\r\n\r\n${line}\r\n`));
    expect(gap.ok && gap.rows.map((r) => r.row)).toEqual([2, 4]);
    const reordered = await parseHouseholdFile(
      bytes(
        `户类型,所在村,家庭人口,身份证号,户主姓名,户编码,备注\n脱贫户,阳店村,4,41127219800101123X,张三明,C1,x\n`,
      ),
    );
    expect(reordered.ok && reordered.rows[0]).toMatchObject({
      registryCode: "C1",
      kind: "脱贫户",
      headName: "张三明",
    });
  });

  it("reads GB18030 CSV (Excel on Chinese Windows)", async () => {
    // The same header and row, encoded in GB18030 (python: s.encode("gb18030").hex()).
    const gbk = Buffer.from(
      "bba7b1e0c2eb2cbba7d6f7d0d5c3fb2cc9edb7ddd6a4bac52cbcd2cda5c8cbbfda2ccbf9d4dab4e52cbba7c0e0d0cd0d0a43312cd5c5c8fdc3f72c3431313237323139383030313031313233582c342cd1f4b5eab4e52ccdd1c6b6bba70d0a",
      "hex",
    );
    const result = await parseHouseholdFile(new Uint8Array(gbk));
    if (!result.ok) throw new Error(result.code);
    expect(result.rows[0]).toMatchObject({ registryCode: "C1", headName: "张三明", village: "阳店村" });
  });

  it("names missing headers and refuses empty or unreadable files", async () => {
    expect(await parseHouseholdFile(bytes("户编码,户主姓名\nC1,张三\n"))).toEqual({
      ok: false,
      code: "missing_headers",
      missing: ["身份证号", "家庭人口", "所在村", "户类型"],
    });
    expect(await parseHouseholdFile(bytes(`${HEAD}\n`))).toEqual({ ok: false, code: "empty" });
    expect(await parseHouseholdFile(new Uint8Array())).toEqual({ ok: false, code: "empty" });
    expect(await parseHouseholdFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]))).toEqual({
      ok: false,
      code: "unreadable",
    });
  });

  it("round-trips an XLSX workbook written with exceljs (text and numeric cells)", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("农户");
    sheet.addRow(["户编码", "户主姓名", "身份证号", "家庭人口", "所在村", "户类型"]);
    sheet.addRow(["411272101201001", "张三明", "41127219800101123X", 4, "阳店村", "脱贫户"]);
    sheet.addRow([]);
    sheet.addRow(["411272101201002", "欧阳娜娜", "411272198001011234", 12, "411272101201", "边缘易致贫户"]);
    const buffer = await workbook.xlsx.writeBuffer();
    const result = await parseHouseholdFile(new Uint8Array(buffer as ArrayBuffer));
    if (!result.ok) throw new Error(result.code);
    expect(result.rows).toEqual([
      {
        row: 2,
        registryCode: "411272101201001",
        headName: "张三明",
        idCard: "41127219800101123X",
        memberCount: "4",
        village: "阳店村",
        kind: "脱贫户",
      },
      {
        row: 4,
        registryCode: "411272101201002",
        headName: "欧阳娜娜",
        idCard: "411272198001011234",
        memberCount: "12",
        village: "411272101201",
        kind: "边缘易致贫户",
      },
    ]);
  });
});

describe("writing CSV", () => {
  it("starts with a BOM, quotes what needs it, defuses formulas; the report is in Chinese", () => {
    expect(toCsv([["a,b", '"q"', "=1+1"]])).toBe('\uFEFF"a,b","""q""",\'=1+1\r\n');
    const csv = importReportCsv({
      rows: [
        {
          row: 2,
          registryCode: "C1",
          status: "error",
          change: null,
          messages: [{ code: "id_card_invalid" }, { code: "registry_code_duplicate", rows: "5" }],
        },
        { row: 3, registryCode: "C2", status: "unchanged", change: null, messages: [] },
      ],
      counts: { total: 2, create: 0, update: 0, unchanged: 1, error: 1 },
    });
    expect(csv.startsWith("\uFEFF行号,户编码,结果,说明\r\n")).toBe(true);
    expect(csv).toContain("2,C1,错误,身份证号无效");
    expect(csv).toContain("另见第 5 行");
    expect(csv).toContain("3,C2,无变化,");
    const round = householdRowsToCsv([
      {
        registryCode: "C1",
        headName: "张三",
        idCard: "41127219800101123X",
        memberCount: "3",
        village: "阳店村",
        kind: "脱贫户",
      },
    ]);
    expect(round).toBe(
      "\uFEFF户编码,户主姓名,身份证号,家庭人口,所在村,户类型\r\nC1,张三,41127219800101123X,3,阳店村,脱贫户\r\n",
    );
  });
});
