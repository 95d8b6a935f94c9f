import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { errorFields, log } from './log';
import { localeOfPath, plainPage, translatorFor } from './plain-page';

/**
 * When a page fails to render (the database is down, a bug), Next answers 500 with an error
 * document that is empty until its script renders the error page (src/app/[locale]/error.tsx) in
 * the browser: without JavaScript a respondent reads a blank page. Next offers no hook to render
 * that page on the server, so the app's server (scripts/serve.ts) swaps the document for a small
 * localized page with the same reference — the digest Next gave the error, under which
 * instrumentation.ts logged it. Client-side navigations (RSC payloads, not HTML) are untouched and
 * still reach error.tsx, with its retry button.
 */

/** Next's error document: `<html id="__next_error__">`, the digest inside its inline RSC payload. */
const ERROR_DOCUMENT = /<html id="__next_error__"/;
const DIGEST = /E\{\\?"digest\\?":\\?"([A-Za-z0-9_-]{1,64})\\?"/;
const MAX_CAPTURE_BYTES = 4 * 1024 * 1024;
const MAX_DECODED_BYTES = 16 * 1024 * 1024;

export function isNextErrorDocument(html: string): boolean {
  return ERROR_DOCUMENT.test(html);
}

export function digestOf(html: string): string | undefined {
  return DIGEST.exec(html)?.[1];
}

/** The localized page that replaces the error document of `pathname`. */
export function errorDocumentFor(pathname: string, digest: string | undefined): Response {
  const locale = localeOfPath(pathname);
  const t = translatorFor(locale);
  let reference = digest;
  if (!reference) {
    reference = randomUUID();
    log('error', 'render_failed', { requestId: reference, path: pathname });
  }
  return plainPage(locale, 500, { title: t('ErrorPage.title'), body: t('ErrorPage.body'), back: t('ErrorPage.home'), reference: t('Errors.reference', { id: reference }) });
}

type Write = (chunk: unknown, encoding?: unknown, callback?: unknown) => boolean;
type End = (chunk?: unknown, encoding?: unknown, callback?: unknown) => ServerResponse;

/** The body as written: Next's compression (gzip, deflate or br) sits above this wrapper. */
function decoded(body: Buffer, encoding: unknown): string | null {
  try {
    if (encoding === 'gzip') return gunzipSync(body, { maxOutputLength: MAX_DECODED_BYTES }).toString('utf8');
    if (encoding === 'deflate') return inflateSync(body, { maxOutputLength: MAX_DECODED_BYTES }).toString('utf8');
    if (encoding === 'br') return brotliDecompressSync(body, { maxOutputLength: MAX_DECODED_BYTES }).toString('utf8');
    return encoding ? null : body.toString('utf8');
  } catch {
    return null;
  }
}

/**
 * Holds back a 5xx HTML response until it ends; if it is Next's error document it is replaced by
 * {@link errorDocumentFor}, else sent as it was. Every other response streams through untouched.
 * The wrappers stay in place for the whole response and only forward (never restore the
 * originals): Next installs its compression above them, and replacing methods under it would cut
 * it out half-way.
 */
export function replaceErrorDocuments(pathname: string, res: ServerResponse) {
  const original = { write: res.write.bind(res) as Write, end: res.end.bind(res) as End, flushHeaders: res.flushHeaders.bind(res), writeHead: res.writeHead.bind(res) };
  let mode: 'undecided' | 'pass' | 'capture' = 'undecided';
  const chunks: Buffer[] = [];
  let size = 0;
  const decide = () => {
    if (mode === 'undecided') mode = res.statusCode >= 500 && String(res.getHeader('content-type') ?? '').startsWith('text/html') ? 'capture' : 'pass';
    return mode;
  };
  const bufferOf = (chunk: unknown, encoding: unknown) =>
    Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, (typeof encoding === 'string' ? encoding : 'utf8') as BufferEncoding) : Buffer.from(chunk as Uint8Array);
  /** Keeps a chunk; false when the response is too large to be an error document (it then streams on). */
  const keep = (chunk: unknown, encoding: unknown): boolean => {
    if (chunk == null || typeof chunk === 'function') return true;
    const buffer = bufferOf(chunk, encoding);
    size += buffer.length;
    chunks.push(buffer);
    if (size <= MAX_CAPTURE_BYTES) return true;
    mode = 'pass';
    for (const held of chunks.splice(0)) original.write(held);
    return false;
  };
  const callbackOf = (...args: unknown[]) => args.find((a): a is () => void => typeof a === 'function');

  res.writeHead = ((status: number, ...rest: unknown[]) => {
    if (mode === 'pass') return original.writeHead(status, ...(rest as []));
    res.statusCode = status;
    const headers = rest.find((r) => r && typeof r === 'object');
    if (headers) for (const [name, value] of Object.entries(headers as Record<string, string>)) res.setHeader(name, value);
    if (decide() === 'pass') return original.writeHead(status);
    return res;
  }) as ServerResponse['writeHead'];
  res.flushHeaders = () => {
    if (decide() === 'pass') original.flushHeaders();
  };
  res.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
    if (decide() === 'pass') return original.write(chunk, encoding, callback);
    const kept = keep(chunk, encoding);
    callbackOf(encoding, callback)?.();
    return kept;
  }) as ServerResponse['write'];
  res.end = ((chunk?: unknown, encoding?: unknown, callback?: unknown) => {
    if (decide() === 'pass') return original.end(chunk, encoding, callback);
    const done = callbackOf(chunk, encoding, callback);
    if (!keep(chunk, encoding)) return original.end(undefined, done);
    mode = 'pass';
    const body = Buffer.concat(chunks);
    const html = decoded(body, res.getHeader('content-encoding'));
    if (html === null || !isNextErrorDocument(html)) return original.end(body, done);
    sendReplacement(res, errorDocumentFor(pathname, digestOf(html)), original.end, done).catch((error: unknown) => {
      // Never leave the response hanging: the original document, as Next wrote it.
      log('error', 'error_document_replacement_failed', errorFields(error));
      if (!res.writableEnded) original.end(body, done);
    });
    return res;
  }) as ServerResponse['end'];
}

async function sendReplacement(res: ServerResponse, page: Response, end: End, callback?: () => void) {
  const body = Buffer.from(await page.arrayBuffer());
  // Next's headers for its document (preloads of scripts the page no longer has, its encoding and
  // length) go; the security headers stay.
  for (const name of ['link', 'content-length', 'content-encoding', 'transfer-encoding', 'vary', 'x-nextjs-cache', 'x-nextjs-prerender']) res.removeHeader(name);
  for (const [name, value] of page.headers) res.setHeader(name, value);
  res.statusCode = page.status;
  end(body, callback);
}
