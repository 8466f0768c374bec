// Household registry files as officials keep them: CSV (UTF-8 with or without BOM; GB18030 as a
// fallback for "Save as CSV" on Chinese Windows) or XLSX (first worksheet, read with exceljs).
// The first row holds the headers (any order, extra columns ignored):
//   户编码, 户主姓名, 身份证号, 家庭人口, 所在村 (name or 12-digit code), 户类型.
// This module only turns bytes into raw text rows; every rule about the values lives in
// app/models/registry/households.server.ts (previewImport / applyImport). Used on the server only.
import ExcelJS from "exceljs";
import { translate, type Locale, type MessageKey } from "./i18n";

export const HOUSEHOLD_FILE_HEADERS = {
  registryCode: "户编码",
  headName: "户主姓名",
  idCard: "身份证号",
  memberCount: "家庭人口",
  village: "所在村",
  kind: "户类型",
} as const;
export type HouseholdField = keyof typeof HOUSEHOLD_FILE_HEADERS;

/** One data row, values as text (trimmed); `row` is its 1-based row number in the file (headers = 1). */
export type HouseholdFileRow = { row: number } & Record<HouseholdField, string>;

export { KIND_BY_LABEL, type HouseholdKindValue } from "./household-kinds";

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 200_000;

export type ParseError = "empty" | "unreadable" | "missing_headers" | "too_many_rows";
export type ParseResult =
  { ok: true; rows: HouseholdFileRow[] } | { ok: false; code: ParseError; missing?: string[] };

/** Bytes of a CSV or XLSX file (told apart by content, not by name) → rows. */
export async function parseHouseholdFile(bytes: Uint8Array): Promise<ParseResult> {
  if (bytes.length === 0) return { ok: false, code: "empty" };
  const isZip =
    bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  let table: string[][];
  try {
    table = isZip ? await readXlsx(bytes) : parseCsv(decodeText(bytes));
  } catch {
    return { ok: false, code: "unreadable" };
  }
  return rowsFromTable(table);
}

/** UTF-8 (BOM stripped); bytes that are not valid UTF-8 are read as GB18030. */
export function decodeText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder("gb18030").decode(bytes);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * RFC 4180 CSV: commas, double quotes ("" inside quotes), CRLF/LF/CR line ends, line breaks inside
 * quoted fields. Twenty lines with no dependency instead of papaparse: the files have six plain
 * columns and the parser is covered by tests.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') ((field += '"'), i++);
        else quoted = false;
      } else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") (row.push(field), (field = ""));
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      (row.push(field), rows.push(row), (row = []), (field = ""));
    } else field += c;
  }
  if (field !== "" || row.length > 0) (row.push(field), rows.push(row));
  return rows;
}

async function readXlsx(bytes: Uint8Array): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const table: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (r, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= r.cellCount; c++) cells.push(cellText(r.getCell(c)));
    table[rowNumber - 1] = cells;
  });
  for (let i = 0; i < table.length; i++) table[i] ??= [];
  return table;
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v == null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number") return Number.isInteger(v) ? v.toFixed(0) : String(v);
  return cell.text ?? "";
}

function rowsFromTable(table: string[][]): ParseResult {
  const headerIndex = table.findIndex((r) => r.some((c) => c.trim() !== ""));
  if (headerIndex < 0) return { ok: false, code: "empty" };
  const headers = table[headerIndex].map((h) => h.replace(/^\uFEFF/, "").trim());
  const columns = {} as Record<HouseholdField, number>;
  const missing: string[] = [];
  for (const [field, label] of Object.entries(HOUSEHOLD_FILE_HEADERS) as [HouseholdField, string][]) {
    const index = headers.indexOf(label);
    if (index < 0) missing.push(label);
    columns[field] = index;
  }
  if (missing.length) return { ok: false, code: "missing_headers", missing };
  const rows: HouseholdFileRow[] = [];
  for (let i = headerIndex + 1; i < table.length; i++) {
    const cells = table[i];
    if (!cells.some((c) => c.trim() !== "")) continue; // blank lines are not rows
    if (rows.length >= MAX_IMPORT_ROWS) return { ok: false, code: "too_many_rows" };
    const row = { row: i + 1 } as HouseholdFileRow;
    for (const field of Object.keys(columns) as HouseholdField[])
      row[field] = (cells[columns[field]] ?? "").trim();
    rows.push(row);
  }
  if (rows.length === 0) return { ok: false, code: "empty" };
  return { ok: true, rows };
}

// ─── writing ──────────────────────────────────────────────────────────────────────────────
/** One CSV field; cells that a spreadsheet would run as a formula are prefixed with '. */
export function csvField(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV text (CRLF) with a UTF-8 BOM, so Excel opens the Chinese correctly. */
export function toCsv(rows: (string | number)[][]): string {
  return "\uFEFF" + rows.map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** A CSV of household rows in the import format (for templates and tests). */
export function householdRowsToCsv(rows: Omit<HouseholdFileRow, "row">[]): string {
  const fields = Object.keys(HOUSEHOLD_FILE_HEADERS) as HouseholdField[];
  return toCsv([fields.map((f) => HOUSEHOLD_FILE_HEADERS[f]), ...rows.map((r) => fields.map((f) => r[f]))]);
}

// What an import found, row by row (written by app/models/registry/households.server.ts).
export type RowErrorCode =
  | "registry_code_invalid"
  | "registry_code_duplicate"
  | "registry_code_other_region"
  | "name_invalid"
  | "id_card_invalid"
  | "id_card_duplicate"
  | "id_card_taken"
  | "member_count_invalid"
  | "village_not_found"
  | "village_ambiguous"
  | "kind_invalid";
export type RowMessage = { code: RowErrorCode; rows?: string };
export type ImportRowStatus = "ok" | "error" | "unchanged";
export type ImportReportRow = {
  row: number;
  registryCode: string;
  status: ImportRowStatus;
  change: "create" | "update" | null;
  messages: RowMessage[];
};
export type ImportCounts = {
  total: number;
  create: number;
  update: number;
  unchanged: number;
  error: number;
};
export type ImportReport = { rows: ImportReportRow[]; counts: ImportCounts };

/** The validation report as CSV (UTF-8 with BOM), messages in Chinese (or English). */
export function importReportCsv(report: ImportReport, locale: Locale = "zh"): string {
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars);
  const header = [
    t("registry.import.col.row"),
    t("registry.col.registryCode"),
    t("registry.import.col.status"),
    t("registry.import.col.messages"),
  ];
  const lines = report.rows.map((r) => [
    r.row,
    r.registryCode,
    t(
      r.status === "ok"
        ? r.change === "update"
          ? "registry.import.status.update"
          : "registry.import.status.create"
        : r.status === "error"
          ? "registry.import.status.error"
          : "registry.import.status.unchanged",
    ),
    r.messages.map((m) => t(`registry.row.${m.code}`, { rows: m.rows ?? "" })).join("；"),
  ]);
  return toCsv([header, ...lines]);
}
