import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { parseCsv } from "./household-file";
import { contentDisposition, exportTable, fenToYuanText, tableToCsv } from "./table-export.server";

const columns = [
  { key: "name", header: "乡镇" },
  { key: "orders", header: "订单数", type: "count" as const },
  { key: "sales", header: "销售额", type: "fen" as const },
];
const rows = [
  { name: "阳店镇", orders: 3, sales: 123456 },
  { name: '=HYPERLINK("x")', orders: 0, sales: 5 },
  { name: "-1+2", orders: null, sales: -250 },
  { name: "@cmd", orders: 1, sales: 0 },
];

describe("table export", () => {
  it("writes fen as yuan text exactly, with sign", () => {
    expect(fenToYuanText(0)).toBe("0.00");
    expect(fenToYuanText(5)).toBe("0.05");
    expect(fenToYuanText(123456)).toBe("1234.56");
    expect(fenToYuanText(-250)).toBe("-2.50");
    expect(() => fenToYuanText(1.5)).toThrow();
  });

  it("CSV: BOM, CRLF, yuan header, formula injection neutralised, numbers left as numbers", () => {
    const csv = tableToCsv(columns, rows);
    expect(csv.startsWith("\uFEFF乡镇,订单数,销售额（元）\r\n")).toBe(true);
    const parsed = parseCsv(csv.slice(1));
    expect(parsed[1]).toEqual(["阳店镇", "3", "1234.56"]);
    expect(parsed[2]).toEqual(['\'=HYPERLINK("x")', "0", "0.05"]);
    expect(parsed[3]).toEqual(["'-1+2", "", "-2.50"]);
    expect(parsed[4][0]).toBe("'@cmd");
  });

  it("sends Content-Type and an RFC 5987 filename for Chinese names", async () => {
    const response = await exportTable({ filename: "消费帮扶-按乡镇", format: "csv", columns, rows });
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const cd = response.headers.get("Content-Disposition")!;
    expect(cd).toContain(`filename*=UTF-8''${encodeURIComponent("消费帮扶-按乡镇.csv")}`);
    expect(cd).toMatch(/^attachment; filename="[\x20-\x7e]+"/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(contentDisposition('a"b.csv')).toContain('filename="a_b.csv"');
  });

  it("XLSX: a real workbook; yuan as numbers with two decimals, text kept as text", async () => {
    const response = await exportTable({
      filename: "按乡镇",
      format: "xlsx",
      sheetName: "按乡镇",
      columns,
      rows,
    });
    expect(response.headers.get("Content-Type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.getWorksheet("按乡镇")!;
    expect(sheet.getRow(1).values).toEqual([undefined, "乡镇", "订单数", "销售额（元）"]);
    expect(sheet.getCell("A2").value).toBe("阳店镇");
    expect(Math.round((sheet.getCell("C2").value as number) * 100)).toBe(123456);
    expect(sheet.getCell("C2").numFmt).toBe("0.00");
    expect(sheet.getCell("A3").value).toBe('=HYPERLINK("x")'); // a string cell, not a formula
    expect(sheet.getCell("A3").type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell("B4").value).toBe(null);
    expect(Math.round((sheet.getCell("C4").value as number) * 100)).toBe(-250);
  });
});
