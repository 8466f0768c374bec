// A one-page A4 certificate PDF (pdfkit, decision 076) with a CJK font: the lines given, then a QR
// code. The font is the system's WenQuanYi Micro Hei (installed by .ci/run, the Dockerfile and
// docs/setup); without it the PDF cannot show Chinese, so it refuses with PdfFontMissingError
// instead of writing boxes. Knows nothing of certificates: the caller passes the lines.
import { existsSync } from "node:fs";
import PDFDocument from "pdfkit";
import { qrMatrix } from "./qr.server";

export const CJK_FONT_PATH = process.env.CJK_FONT_PATH ?? "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
const CJK_FONT_FAMILY = "WenQuanYiMicroHei";

export class PdfFontMissingError extends Error {
  constructor(fontPath: string) {
    super(`CJK font not found at ${fontPath} (install fonts-wqy-microhei or set CJK_FONT_PATH)`);
    this.name = "PdfFontMissingError";
  }
}

export type PdfLine =
  | { kind: "title"; text: string }
  | { kind: "text"; text: string; muted?: boolean }
  | { kind: "row"; label: string; value: string };

/** The PDF bytes of `lines` and a QR code of `qrText` captioned `qrCaption`. */
export async function renderLinesPdf({
  title,
  lines,
  qrText,
  qrCaption,
  fontPath = CJK_FONT_PATH,
}: {
  title: string;
  lines: PdfLine[];
  qrText: string;
  qrCaption: string;
  fontPath?: string;
}): Promise<Uint8Array> {
  if (!existsSync(fontPath)) throw new PdfFontMissingError(fontPath);
  const doc = new PDFDocument({ size: "A4", margin: 56, info: { Title: title, Producer: "xfb" } });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on("end", () => resolve());
    doc.on("error", reject);
  });
  try {
    doc.registerFont("cjk", fontPath, fontPath.endsWith(".ttc") ? CJK_FONT_FAMILY : undefined);
    doc.font("cjk");
  } catch (error) {
    doc.end();
    throw new PdfFontMissingError(`${fontPath} (${(error as Error).message})`);
  }
  const width = doc.page.width - 112;
  for (const line of lines) {
    if (line.kind === "title")
      doc.fontSize(20).fillColor("#1c1917").text(line.text, { align: "center" }).moveDown(0.8);
    else if (line.kind === "text")
      doc
        .fontSize(line.muted ? 9 : 11)
        .fillColor(line.muted ? "#57534e" : "#1c1917")
        .text(line.text, { width })
        .moveDown(0.4);
    else {
      const y = doc.y;
      doc.fontSize(11).fillColor("#57534e").text(line.label, 56, y, { width: 200 });
      const labelBottom = doc.y;
      doc.fillColor("#1c1917").text(line.value, 260, y, { width: width - 204 });
      doc.y = Math.max(doc.y, labelBottom) + 4;
      doc.x = 56;
    }
  }
  // The QR code, drawn module by module (crisp at any zoom), at the bottom right.
  const { size, dark } = qrMatrix(qrText);
  const side = 120;
  const cell = side / size;
  const left = doc.page.width - 56 - side;
  const top = Math.max(doc.y + 16, doc.page.height - 56 - side - 24);
  doc.fillColor("#000000");
  for (let r = 0; r < size; r++)
    for (let c = 0; c < size; c++)
      if (dark(r, c)) doc.rect(left + c * cell, top + r * cell, cell, cell).fill();
  doc
    .fontSize(9)
    .fillColor("#57534e")
    .text(qrCaption, left - 40, top + side + 4, { width: side + 40, align: "right" });
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
