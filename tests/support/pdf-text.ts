// Reads back the text of a PDF that pdfkit wrote (for tests): inflates every stream, collects the
// ToUnicode maps of its embedded fonts (bfchar and bfrange), and decodes the hex strings shown
// by Tj/TJ in the page contents. Enough for "the PDF says these totals", not a general PDF parser.
import { inflateSync } from "node:zlib";

function streams(pdf: Uint8Array): string[] {
  const buffer = Buffer.from(pdf);
  const text = buffer.toString("latin1");
  const out: string[] = [];
  let at = 0;
  for (;;) {
    const start = text.indexOf("stream", at);
    if (start < 0) break;
    if (text.slice(start - 3, start) === "end") {
      at = start + 6;
      continue;
    }
    let bodyStart = start + 6;
    if (text[bodyStart] === "\r") bodyStart++;
    if (text[bodyStart] === "\n") bodyStart++;
    const end = text.indexOf("endstream", bodyStart);
    if (end < 0) break;
    const raw = buffer.subarray(bodyStart, end);
    try {
      out.push(inflateSync(raw).toString("latin1"));
    } catch {
      out.push(raw.toString("latin1"));
    }
    at = end + 9;
  }
  return out;
}

function hexToCodes(hex: string, width: number): number[] {
  const codes: number[] = [];
  for (let i = 0; i + width <= hex.length; i += width) codes.push(parseInt(hex.slice(i, i + width), 16));
  return codes;
}

function unicodeOf(hex: string): string {
  const units = hexToCodes(hex, 4);
  return String.fromCharCode(...units);
}

/** The pages' text, in drawing order, one string per content stream. */
export function pdfText(pdf: Uint8Array): string {
  const all = streams(pdf);
  const map = new Map<number, string>();
  for (const s of all) {
    if (!s.includes("begincmap")) continue;
    for (const block of s.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
      for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g))
        map.set(parseInt(m[1], 16), unicodeOf(m[2]));
    for (const block of s.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const m of block[1].matchAll(
        /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g,
      )) {
        const lo = parseInt(m[1], 16);
        const hi = parseInt(m[2], 16);
        if (m[3].startsWith("[")) {
          const targets = [...m[3].matchAll(/<([0-9a-fA-F]+)>/g)].map((x) => x[1]);
          targets.forEach((t, i) => map.set(lo + i, unicodeOf(t)));
        } else {
          const base = parseInt(m[3].slice(1, -1), 16);
          for (let c = lo; c <= hi; c++) map.set(c, String.fromCharCode(base + (c - lo)));
        }
      }
    }
  }
  const pieces: string[] = [];
  for (const s of all) {
    if (!/\bBT\b/.test(s)) continue;
    for (const m of s.matchAll(/\[((?:[^\]])*)\]\s*TJ|<([0-9a-fA-F]+)>\s*Tj/g)) {
      const hexes = m[1] !== undefined ? [...m[1].matchAll(/<([0-9a-fA-F]+)>/g)].map((x) => x[1]) : [m[2]];
      pieces.push(
        hexes
          .flatMap((h) => hexToCodes(h, 4))
          .map((c) => map.get(c) ?? "")
          .join(""),
      );
    }
    pieces.push("\n");
  }
  return pieces.join("");
}

/** The number of pages. */
export function pdfPageCount(pdf: Uint8Array): number {
  return (
    Buffer.from(pdf)
      .toString("latin1")
      .match(/\/Type\s*\/Page\b(?!s)/g) ?? []
  ).length;
}
