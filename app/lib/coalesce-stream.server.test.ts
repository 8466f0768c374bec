import { describe, expect, it } from "vitest";
import { coalesceChunks } from "./coalesce-stream.server";

async function chunksOf(stream: ReadableStream<Uint8Array>) {
  const out: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) out.push(r.value);
  return out;
}
const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);

describe("coalesceChunks", () => {
  it("joins pieces that arrive together, keeping every byte in order", async () => {
    const source = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 100; i++) c.enqueue(bytes(512, i));
        c.close();
      },
    });
    const out = await chunksOf(source.pipeThrough(coalesceChunks()));
    expect(out.length).toBe(1);
    expect(out[0].length).toBe(51_200);
    expect([out[0][0], out[0][512], out[0][51_199]]).toEqual([0, 1, 99]);
  });

  it("sends a piece that comes later on its own (streaming is kept) and caps a chunk's size", async () => {
    const source = new ReadableStream<Uint8Array>({
      async start(c) {
        c.enqueue(bytes(10, 1));
        c.enqueue(bytes(10, 2));
        await new Promise((r) => setTimeout(r, 20));
        c.enqueue(bytes(10, 3));
        for (let i = 0; i < 3; i++) c.enqueue(bytes(1000, 4));
        c.close();
      },
    });
    const out = await chunksOf(source.pipeThrough(coalesceChunks(2000)));
    expect(out.map((c) => c.length)).toEqual([20, 2010, 1000]);
  });
});
