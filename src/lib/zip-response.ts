/** A zip download that no cache keeps (it holds one person's data). */
export function zipResponse(bytes: Uint8Array, filename: string) {
  return new Response(bytes as BodyInit, {
    headers: { 'content-type': 'application/zip', 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'no-store' },
  });
}
