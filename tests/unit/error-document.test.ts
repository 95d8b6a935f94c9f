import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { digestOf, isNextErrorDocument, replaceErrorDocuments } from '@/server/error-document';

// Next's own compression middleware, which it installs above the app server's wrapper.
const compression = createRequire(import.meta.url)('next/dist/compiled/compression') as () => (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** Next 16's error document, as it sends it when a page fails to render (shortened). */
const NEXT_ERROR_DOCUMENT =
  '<!DOCTYPE html><html id="__next_error__"><head><meta charSet="utf-8"/></head><body><div hidden=""><!--$--><!--/$--></div>' +
  '<script>self.__next_f.push([1,"15:null\\nf:E{\\"digest\\":\\"2563917687\\"}\\nc:E{\\"digest\\":\\"1860821683\\"}\\n"])</script></body></html>' +
  'x'.repeat(2000);

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** An app server as scripts/serve.ts runs it: the wrapper, then Next's compression, then a handler. */
async function serve(handler: (res: ServerResponse) => void): Promise<string> {
  server = createServer((req, res) => {
    replaceErrorDocuments((req.url ?? '/').split('?')[0]!, res);
    compression()(req, res, () => handler(res));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

/** Streams as Next does: headers, flushHeaders, chunks, end. */
function stream(res: ServerResponse, status: number, type: string, body: string) {
  res.statusCode = status;
  res.setHeader('content-type', type);
  res.setHeader('link', '</_next/static/chunks/a.js>; rel=preload');
  res.flushHeaders();
  const middle = Math.floor(body.length / 2);
  res.write(body.slice(0, middle));
  setTimeout(() => {
    res.write(body.slice(middle));
    res.end();
  }, 5);
}

describe('the error document of a page that failed to render', () => {
  it('is recognised, with the digest Next logged', () => {
    expect(isNextErrorDocument(NEXT_ERROR_DOCUMENT)).toBe(true);
    expect(digestOf(NEXT_ERROR_DOCUMENT)).toBe('2563917687');
    expect(isNextErrorDocument('<!doctype html><html lang="en"><body>Refused</body></html>')).toBe(false);
  });

  for (const encoding of ['gzip', 'identity']) {
    it(`is replaced by a localized page with the reference, compressed or not (${encoding})`, async () => {
      const base = await serve((res) => stream(res, 500, 'text/html; charset=utf-8', NEXT_ERROR_DOCUMENT));
      const az = await fetch(`${base}/az/s/x`, { headers: { 'accept-encoding': encoding } });
      expect(az.status).toBe(500);
      expect(az.headers.get('link')).toBeNull();
      const html = await az.text();
      expect(html).toContain('<html lang="az">');
      expect(html).toContain('İstinad nömrəsi: 2563917687');
      expect(html).not.toContain('__next_error__');
      const en = await (await fetch(`${base}/en`, { headers: { 'accept-encoding': encoding } })).text();
      expect(en).toContain('Something went wrong');
      expect(en).toContain('Reference: 2563917687');
    });
  }

  it('leaves every other response as it was: pages streamed (compressed), and the app\'s own 5xx pages', async () => {
    const page = `<!doctype html><html lang="en"><body>${'answer '.repeat(500)}</body></html>`;
    let status = 200;
    const base = await serve((res) => stream(res, status, 'text/html; charset=utf-8', page));
    const ok = await fetch(`${base}/en`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-encoding')).toBe('gzip');
    expect(await ok.text()).toBe(page);
    status = 503;
    const own = await fetch(`${base}/en/request-failed`);
    expect(own.status).toBe(503);
    expect(await own.text()).toBe(page);
  });
});
