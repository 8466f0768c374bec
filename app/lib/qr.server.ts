// QR codes drawn on the server (npm `qrcode`): an SVG text for pages and labels, and the module
// matrix for the PDF writer to draw as rectangles. Nothing reaches the browser but the SVG.
import QRCode from "qrcode";

/** An SVG QR code of `text` (error correction M, 4-module quiet zone), as markup. */
export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 4 });
}

/** The dark modules of `text`'s QR code as a size × size boolean matrix (row-major). */
export function qrMatrix(text: string): { size: number; dark: (row: number, column: number) => boolean } {
  const code = QRCode.create(text, { errorCorrectionLevel: "M" });
  const { size, data } = code.modules;
  return { size, dark: (row, column) => data[row * size + column] === 1 };
}
