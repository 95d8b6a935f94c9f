/**
 * Reads a request body stream up to `limit` bytes, never more: null as soon as it is larger
 * (the rest is cancelled, not read), so an oversized body costs at most `limit` bytes of memory.
 */
export async function readCapped(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Buffer | null> {
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.byteLength;
    if (size > limit) {
      // Not awaited: a tee'd branch (a cloned request) settles its cancel only once the other
      // branch is cancelled too.
      reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
}
