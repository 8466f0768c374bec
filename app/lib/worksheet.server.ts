// Worksheets as files: A4 PDFs laid out like a paper worksheet (a title, a block of facts, ruled
// tables with a totals row, signature lines), one worksheet per page at least — a long one
// continues on the next page, the next worksheet always starts a page — and workbooks of several
// sheets. Knows nothing of households: the caller passes the text and the integer-fen amounts.
// The PDF uses the CJK font of pdf.server.ts and refuses without it (PdfFontMissingError).
import { existsSync } from "node:fs";
import ExcelJS from "exceljs";
import PDFDocument from "pdfkit";
import { CJK_FONT_PATH, PdfFontMissingError } from "./pdf.server";
import { contentDisposition, fenToYuanText, type ExportColumn, type ExportRow } from "./table-export.server";

export type WorksheetColumn = { header: string; type?: "text" | "fen" };
export type WorksheetCell = string | number;
export type WorksheetTable = {
  caption: string;
  columns: WorksheetColumn[];
  rows: WorksheetCell[][];
  /** Drawn bold under a rule. */
  totals?: WorksheetCell[];
  /** Shown instead of an empty table. */
  empty?: string;
};
export type Worksheet = {
  title: string;
  facts: [string, string][];
  tables: WorksheetTable[];
  signatures: string[];
  footnote?: string;
};

const MARGIN = 40;
const FONT_FAMILY = "WenQuanYiMicroHei";

function cellText(column: WorksheetColumn, value: WorksheetCell | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "number") return column.type === "fen" ? fenToYuanText(value) : String(value);
  return value;
}

const SHEETS_PER_TURN = 10;

/** Every worksheet from a new page, as one PDF. */
export async function worksheetsToPdf({
  title,
  worksheets,
  fontPath = CJK_FONT_PATH,
}: {
  title: string;
  worksheets: Worksheet[];
  fontPath?: string;
}): Promise<{ bytes: Uint8Array; pages: number }> {
  if (!existsSync(fontPath)) throw new PdfFontMissingError(fontPath);
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    autoFirstPage: false,
    info: { Title: title, Producer: "xfb" },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on("end", () => resolve());
    doc.on("error", reject);
  });
  let pages = 0;
  doc.on("pageAdded", () => pages++);
  doc.addPage();
  try {
    doc.registerFont("cjk", fontPath, fontPath.endsWith(".ttc") ? FONT_FAMILY : undefined);
    doc.font("cjk");
  } catch (error) {
    doc.end();
    throw new PdfFontMissingError(`${fontPath} (${(error as Error).message})`);
  }
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN;
  const ensure = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };
  for (const [index, sheet] of worksheets.entries()) {
    // Drawing is synchronous: let the process answer other requests between pages of a long file.
    if (index > 0 && index % SHEETS_PER_TURN === 0) await new Promise((wake) => setImmediate(wake));
    if (index > 0) doc.addPage();
    doc.x = MARGIN;
    doc.fontSize(16).fillColor("#000000").text(sheet.title, MARGIN, doc.y, { width, align: "center" });
    doc.moveDown(0.6);
    // Facts: two pairs per line.
    doc.fontSize(9.5);
    for (let i = 0; i < sheet.facts.length; i += 2) {
      const y = doc.y;
      for (let k = 0; k < 2 && i + k < sheet.facts.length; k++) {
        const [label, value] = sheet.facts[i + k];
        doc.fillColor("#444444").text(`${label}：`, MARGIN + (k * width) / 2, y, { continued: true });
        doc.fillColor("#000000").text(value);
      }
      doc.y = y + 15;
    }
    doc.moveDown(0.4);
    for (const table of sheet.tables) {
      ensure(40);
      doc.x = MARGIN;
      doc.fontSize(10.5).fillColor("#000000").text(table.caption, MARGIN, doc.y, { width });
      doc.moveDown(0.2);
      if (table.rows.length === 0 && table.empty) {
        doc.fontSize(9).fillColor("#555555").text(table.empty, MARGIN, doc.y, { width });
        doc.moveDown(0.6);
        continue;
      }
      const n = table.columns.length;
      // The first column takes more room; the others share the rest.
      const first = n > 4 ? width * 0.2 : width / n;
      const other = n > 1 ? (width - first) / (n - 1) : 0;
      const xs = table.columns.map((_, i) => (i === 0 ? MARGIN : MARGIN + first + (i - 1) * other));
      const ws = table.columns.map((_, i) => (i === 0 ? first : other));
      const drawRow = (cells: string[], opts: { header?: boolean; bold?: boolean }) => {
        doc.fontSize(8.5);
        const heights = cells.map((c, i) => doc.heightOfString(c, { width: ws[i] - 6 }));
        const h = Math.max(14, ...heights.map((x) => x + 5));
        ensure(h);
        const y = doc.y;
        if (opts.header) doc.rect(MARGIN, y, width, h).fill("#eeeeee");
        doc.lineWidth(0.5).strokeColor("#888888");
        doc.rect(MARGIN, y, width, h).stroke();
        for (let i = 1; i < n; i++)
          doc
            .moveTo(xs[i], y)
            .lineTo(xs[i], y + h)
            .stroke();
        cells.forEach((c, i) => {
          const fen = table.columns[i].type === "fen" && !opts.header;
          doc
            .fillColor("#000000")
            .text(c, xs[i] + 3, y + 3, { width: ws[i] - 6, align: fen ? "right" : "left", lineBreak: true });
        });
        if (opts.bold)
          doc
            .lineWidth(1.2)
            .moveTo(MARGIN, y)
            .lineTo(MARGIN + width, y)
            .stroke();
        doc.x = MARGIN;
        doc.y = y + h;
      };
      drawRow(
        table.columns.map((c) => (c.type === "fen" ? `${c.header}（元）` : c.header)),
        { header: true },
      );
      for (const row of table.rows)
        drawRow(
          table.columns.map((c, i) => cellText(c, row[i])),
          {},
        );
      if (table.totals)
        drawRow(
          table.columns.map((c, i) => cellText(c, table.totals![i])),
          { bold: true },
        );
      doc.moveDown(0.6);
    }
    if (sheet.footnote) {
      ensure(30);
      doc.fontSize(8).fillColor("#555555").text(sheet.footnote, MARGIN, doc.y, { width });
      doc.moveDown(0.6);
    }
    // Signature lines, two per line, at least 60 pt under the last table.
    ensure(30 * Math.ceil(sheet.signatures.length / 2) + 20);
    doc.y += 14;
    for (let i = 0; i < sheet.signatures.length; i += 2) {
      const y = doc.y;
      for (let k = 0; k < 2 && i + k < sheet.signatures.length; k++) {
        const x = MARGIN + (k * width) / 2;
        doc
          .fontSize(9.5)
          .fillColor("#000000")
          .text(`${sheet.signatures[i + k]}：`, x, y);
        doc
          .lineWidth(0.6)
          .strokeColor("#000000")
          .moveTo(x + 90, y + 12)
          .lineTo(x + width / 2 - 20, y + 12)
          .stroke();
      }
      doc.y = y + 28;
    }
  }
  doc.end();
  await done;
  return { bytes: new Uint8Array(Buffer.concat(chunks)), pages };
}

export type WorkbookSheet = { name: string; columns: ExportColumn[]; rows: ExportRow[] };

/** A workbook of several sheets (header row bold and frozen; fen columns as yuan, format 0.00). */
export async function sheetsToXlsx(sheets: WorkbookSheet[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const used = new Set<string>();
  for (const def of sheets) {
    let name = def.name.replace(/[:\\/?*[\]]/g, " ").slice(0, 31) || "Sheet";
    for (let i = 2; used.has(name); i++) name = `${name.slice(0, 28)}-${i}`;
    used.add(name);
    const sheet = workbook.addWorksheet(name);
    sheet.columns = def.columns.map((c) => {
      const header = c.type === "fen" ? `${c.header}（元）` : c.header;
      return {
        header,
        key: c.key,
        width: Math.max(10, Math.min(40, header.length * 2 + 4)),
        style: c.type === "fen" ? { numFmt: "0.00" } : c.type === "count" ? { numFmt: "0" } : {},
      };
    });
    sheet.getRow(1).font = { bold: true };
    for (const row of def.rows) {
      const values: Record<string, string | number | null> = {};
      for (const c of def.columns) {
        const v = row[c.key] ?? null;
        values[c.key] = typeof v === "number" && c.type === "fen" ? v / 100 : v;
      }
      sheet.addRow(values);
    }
    sheet.views = [{ state: "frozen", ySplit: 1 }];
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

export const PDF_TYPE = "application/pdf";
export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** A private, uncached download. */
export function fileResponse(bytes: Uint8Array, filename: string, contentType: string): Response {
  return new Response(bytes as BodyInit, {
    status: 200,
    headers: {
      "Content-Type": contentType,
      "Content-Disposition": contentDisposition(filename),
      "Content-Length": String(bytes.byteLength),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
