// Any on-screen table as a CSV or XLSX download. CSV is UTF-8 with a BOM (Excel on Chinese Windows
// then opens the Chinese correctly) and formula-safe; XLSX is written with exceljs. Money columns
// (`type: "fen"`) leave as YUAN with two decimals — a number in XLSX (format 0.00), exact text in
// CSV — and their header says so with "（元）", because that is what officials paste into reports.
import ExcelJS from "exceljs";
import { csvField } from "./household-file";

export type ExportFormat = "csv" | "xlsx";
export const EXPORT_FORMATS = ["csv", "xlsx"] as const;

export type ExportColumn = {
  key: string;
  header: string;
  /** "fen": integer fen in the rows, exported as yuan with 2 decimals; "count"/"text" as given. */
  type?: "text" | "count" | "fen";
};
export type ExportRow = Record<string, string | number | null>;

export type ExportTable = {
  /** Without extension; may be Chinese (sent as RFC 5987 filename*). */
  filename: string;
  format: ExportFormat;
  sheetName?: string;
  columns: ExportColumn[];
  rows: ExportRow[];
};

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** "12345" fen → "123.45" yuan, in integers (no float rounding); negative amounts keep their sign. */
export function fenToYuanText(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new TypeError(`Money must be integer fen, got ${fen}`);
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

function headerOf(c: ExportColumn): string {
  return c.type === "fen" ? `${c.header}（元）` : c.header;
}

/** One CSV cell: numbers as they are (a negative number is not a formula), text made formula-safe. */
function csvCell(c: ExportColumn, value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return c.type === "fen" ? fenToYuanText(value) : String(value);
  return csvField(value);
}

export function tableToCsv(columns: ExportColumn[], rows: ExportRow[]): string {
  const lines = [columns.map((c) => csvField(headerOf(c))).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c, row[c.key])).join(","));
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}

export async function tableToXlsx(
  columns: ExportColumn[],
  rows: ExportRow[],
  sheetName = "Sheet1",
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  // Sheet names: at most 31 characters, none of : \ / ? * [ ]
  const sheet = workbook.addWorksheet(sheetName.replace(/[:\\/?*[\]]/g, " ").slice(0, 31) || "Sheet1");
  sheet.columns = columns.map((c) => ({
    header: headerOf(c),
    key: c.key,
    width: Math.max(10, Math.min(40, headerOf(c).length * 2 + 4)),
    style: c.type === "fen" ? { numFmt: "0.00" } : c.type === "count" ? { numFmt: "0" } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    const values: Record<string, string | number | null> = {};
    for (const c of columns) {
      const v = row[c.key] ?? null;
      // Text stays text: exceljs writes strings as shared strings, never as formulas.
      values[c.key] = typeof v === "number" && c.type === "fen" ? v / 100 : v;
    }
    sheet.addRow(values);
  }
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

/** attachment; filename="ascii"; filename*=UTF-8''percent-encoded (RFC 6266 / RFC 5987). */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\;]/g, "_") || "export";
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The table as a download Response (CSV or XLSX), not cached by shared caches. */
export async function exportTable({
  filename,
  format,
  sheetName,
  columns,
  rows,
}: ExportTable): Promise<Response> {
  const name = `${filename}.${format}`;
  const body =
    format === "csv" ? tableToCsv(columns, rows) : await tableToXlsx(columns, rows, sheetName ?? filename);
  // exceljs gives a Uint8Array over an ArrayBufferLike; Response takes it as is at run time.
  return new Response(body as BodyInit, {
    status: 200,
    headers: {
      "Content-Type": CONTENT_TYPES[format],
      "Content-Disposition": contentDisposition(name),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
