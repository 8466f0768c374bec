// The document render path of entry.server.tsx must never send a NUL byte or invalid UTF-8.
// React 18.3's renderToPipeableStream fills a 2048-byte buffer and, when a 3-byte character does
// not fit its tail, sends the whole buffer, unwritten tail (zero bytes) included (react#24985,
// #31134; fixed in React 19 by #26228). Here CJK text is placed across every offset of a buffer,
// through the real handleRequest (only RemixServer is replaced by a page of our making).
import type { EntryContext } from "@remix-run/node";
import { describe, expect, it, vi } from "vitest";

vi.mock("@remix-run/react", () => ({
  // The test page: `pad` ASCII bytes, then many short CJK text chunks (each its own string chunk,
  // as product names and table cells are), so every byte offset of a buffer holds a 3-byte char.
  RemixServer: ({ context }: { context: { pad: number } }) => (
    <html lang="zh-CN">
      <body>
        <p>{"x".repeat(context.pad)}</p>
        {Array.from({ length: 400 }, (_, i) => (
          <span key={i}>{i % 2 ? "豫西薄皮核桃礼盒" : "户编码"}</span>
        ))}
      </body>
    </html>
  ),
}));

const { default: handleRequest } = await import("./entry.server");
const strict = new TextDecoder("utf-8", { fatal: true });

async function render(pad: number, userAgent = "Mozilla/5.0 Chrome/120") {
  const request = new Request("http://localhost/", { headers: { "user-agent": userAgent } });
  const response = (await handleRequest(
    request,
    200,
    new Headers(),
    { pad } as unknown as EntryContext,
    {},
  )) as Response;
  return new Uint8Array(await response.arrayBuffer());
}

function defects(bytes: Uint8Array): string | null {
  const nul = bytes.indexOf(0);
  if (nul >= 0) return `NUL byte at ${nul} of ${bytes.length}`;
  try {
    const text = strict.decode(bytes);
    if (!text.includes("豫西薄皮核桃礼盒</span>")) return "text missing";
  } catch {
    return "invalid UTF-8";
  }
  return null;
}

describe("document render (entry.server)", () => {
  it("sends no NUL byte and only valid UTF-8 with CJK text at every offset of a 2 KB buffer", async () => {
    const bad: string[] = [];
    for (let pad = 0; pad < 2048; pad++) {
      const problem = defects(await render(pad));
      if (problem) bad.push(`pad ${pad}: ${problem}`);
    }
    expect(bad.slice(0, 5), `${bad.length} of 2048 offsets`).toEqual([]);
  }, 240_000);

  it("the same for crawlers, which get the whole document at once", async () => {
    const bad: string[] = [];
    for (let pad = 0; pad < 2048; pad += 7) {
      const problem = defects(await render(pad, "Googlebot/2.1"));
      if (problem) bad.push(`pad ${pad}: ${problem}`);
    }
    expect(bad.slice(0, 5), `${bad.length} offsets`).toEqual([]);
  }, 240_000);
});
