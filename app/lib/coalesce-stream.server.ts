// React's web-streams renderer hands over 512-byte pieces; each piece costs the compressor a flush
// (Remix's Express adapter flushes after every chunk so streaming works), which ends a deflate
// block and nearly halves what gzip saves. Pieces that arrive in the same turn of the event loop
// are joined (up to `maxBytes`); a piece that comes later — a Suspense boundary resolved after the
// shell — still goes out on its own, at once.
export function coalesceChunks(maxBytes = 64 * 1024): TransformStream<Uint8Array, Uint8Array> {
  let pending: Uint8Array[] = [];
  let size = 0;
  let scheduled: ReturnType<typeof setImmediate> | null = null;
  let controllerRef: TransformStreamDefaultController<Uint8Array> | null = null;

  const emit = () => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = null;
    if (size === 0 || !controllerRef) return;
    const joined = new Uint8Array(size);
    let at = 0;
    for (const piece of pending) {
      joined.set(piece, at);
      at += piece.byteLength;
    }
    pending = [];
    size = 0;
    controllerRef.enqueue(joined);
  };

  return new TransformStream<Uint8Array, Uint8Array>({
    start(controller) {
      controllerRef = controller;
    },
    transform(chunk) {
      // Copied: a producer may reuse its buffer once the chunk is handed over.
      pending.push(chunk.slice());
      size += chunk.byteLength;
      if (size >= maxBytes) emit();
      else scheduled ??= setImmediate(emit);
    },
    flush() {
      emit();
    },
  });
}
