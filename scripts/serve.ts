/**
 * The app's HTTP server, what `npm start` (scripts/start.ts) runs instead of `next start`: Next.js's
 * own request handler behind node:http, with one addition. Next gives an app no peer address, and
 * it sets `X-Forwarded-For` to the socket's address only when the request carries none — a client
 * that sends its own header hides the address it comes from. This server appends the socket's
 * address to `X-Forwarded-For` on every request, as a reverse proxy does, so the app always finds
 * the peer the server itself saw at the right end (src/lib/client-address.ts decides how far to
 * the left it may believe the header: only through TRUSTED_PROXIES).
 *
 * `tsx scripts/serve.ts [--dev]`; PORT (default 3000), HOSTNAME (default: every interface).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { proxyWatch, trustedProxyEntries, withPeerAddress } from '../src/lib/client-address';
import { log } from '../src/server/log';
import { pathRefusal } from '../src/server/request-gate';
import { replaceErrorDocuments } from '../src/server/error-document';

const dev = process.argv.includes('--dev');
(process.env as Record<string, string | undefined>).NODE_ENV ??= dev ? 'development' : 'production';
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME || undefined;
const root = path.resolve(import.meta.dirname, '..');

async function main() {
  // Imported after NODE_ENV is settled, as `next start` does.
  const { default: next } = await import('next');
  const app = next({ dev, dir: root, port, hostname });
  const handle = app.getRequestHandler();
  await app.prepare();

  const watchProxy = proxyWatch(trustedProxyEntries(process.env.TRUSTED_PROXIES), (fields) => log('warn', 'untrusted_proxy', fields));
  const appendPeer = (req: IncomingMessage) => {
    watchProxy(req.headers['x-forwarded-for'], req.socket.remoteAddress);
    req.headers['x-forwarded-for'] = withPeerAddress(req.headers['x-forwarded-for'], req.socket.remoteAddress);
  };

  const server = createServer((req, res) => {
    appendPeer(req);
    // A path Next cannot decode fails inside Next with a bare 500: answered here instead.
    const refused = pathRefusal(req.url ?? '/');
    if (refused) return void sendResponse(refused, res);
    // A page that fails to render: a localized page with the reference, not an empty document
    // (in development Next's own error overlay, with the stack, is what a developer wants).
    if (!dev) replaceErrorDocuments((req.url ?? '/').split('?')[0]!, res);
    void handle(req, res);
  });
  const upgrade = app.getUpgradeHandler();
  server.on('upgrade', (req, socket, head) => {
    appendPeer(req);
    void upgrade(req, socket, head);
  });
  server.listen(port, hostname, () => console.log(`> Sorğu ${dev ? '(development) ' : ''}listening on port ${port}`));

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      server.close();
      void app.close().finally(() => process.exit(0));
    });
  }
}

/** Writes a web Response out through node:http. */
async function sendResponse(response: Response, res: ServerResponse) {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
