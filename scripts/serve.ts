/**
 * The app's HTTP server, what `npm start` (scripts/start.ts) runs instead of `next start`: Next.js's
 * own request handler behind node:http, with one addition. Next gives an app no peer address, and
 * it sets `X-Forwarded-For` to the socket's address only when the request carries none — a client
 * that sends its own header hides the address it comes from. This server appends the socket's
 * address to `X-Forwarded-For` on every request, as a reverse proxy does, so the app always finds
 * the peer the server itself saw at the right end (src/lib/client-address.ts decides how far to
 * the left it may believe the header: only through TRUSTED_PROXIES).
 *
 * `tsx scripts/serve.ts [--dev]`; PORT (default 3000), HOSTNAME (default: every interface),
 * WEB_CONCURRENCY (worker processes, default 1; see runWorkers).
 */
import cluster from 'node:cluster';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { proxyWatch, trustedProxyEntries, withPeerAddress } from '../src/lib/client-address';
import { log } from '../src/server/log';
import { resolveDatabaseTarget } from '../src/lib/database-url';
import { pathRefusal } from '../src/server/request-gate';
import { replaceErrorDocuments } from '../src/server/error-document';

const dev = process.argv.includes('--dev');
(process.env as Record<string, string | undefined>).NODE_ENV ??= dev ? 'development' : 'production';
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME || undefined;
const root = path.resolve(import.meta.dirname, '..');

async function main() {
  // A stop asked for while the app is still starting (a worker told to stop as it boots) is
  // remembered from the first moment: the instance then exits instead of starting to listen.
  let stopping = false;
  let stop = () => void (stopping = true);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop());

  // Imported after NODE_ENV is settled, as `next start` does.
  const { default: next } = await import('next');
  const app = next({ dev, dir: root, port, hostname });
  const handle = app.getRequestHandler();
  await app.prepare();
  if (stopping) return void app.close().finally(() => process.exit(0));

  const watchProxy = proxyWatch(trustedProxyEntries(process.env.TRUSTED_PROXIES), (fields) => log('warn', 'untrusted_proxy', fields));
  const appendPeer = (req: IncomingMessage) => {
    watchProxy(req.headers['x-forwarded-for'], req.socket.remoteAddress);
    req.headers['x-forwarded-for'] = withPeerAddress(req.headers['x-forwarded-for'], req.socket.remoteAddress);
  };

  const server = createServer((req, res) => {
    // While stopping, a request that came on a kept-alive connection is answered and its
    // connection closed: the client's next request opens a new one, which goes elsewhere.
    if (stopping) res.setHeader('connection', 'close');
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

  // SIGTERM (a deploy, a scale-down): stop accepting, let the requests in flight finish — idle
  // keep-alive sockets are closed at once (Node 20's server.close) — then exit; after
  // SHUTDOWN_GRACE_MS whatever is still open is cut.
  stop = () => {
    if (stopping) return;
    stopping = true;
    server.close(() => void app.close().finally(() => process.exit(0)));
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
  };
}

const SHUTDOWN_GRACE_MS = 10_000;

/**
 * WEB_CONCURRENCY=N (production only): N worker processes share the port (node:cluster), so the
 * app uses every core. Each is a whole instance — its own database connection, its own caches —
 * as instances behind a load balancer are: everything shared lives in the database. A worker
 * that dies is replaced; one that dies within seconds of starting stops everything (a crash loop
 * helps nobody). SIGTERM goes to every worker, and the primary exits when they have.
 */
function runWorkers(count: number) {
  let stopping = false;
  const startedAt = new Map<number, number>();
  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker.id, Date.now());
  };
  for (let i = 0; i < count; i++) fork();
  // Said once, when every worker accepts requests (a deploy may wait for it; so do the tests).
  let listening = 0;
  cluster.on('listening', () => {
    if (++listening === count) log('info', 'workers_listening', { workers: count });
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    log('error', 'worker_exited', { pid: worker.process.pid, code, signal });
    if (Date.now() - (startedAt.get(worker.id) ?? 0) < 10_000) process.exit(1);
    fork();
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    });
  }
}

/** Writes a web Response out through node:http. */
async function sendResponse(response: Response, res: ServerResponse) {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

/**
 * Several workers only on PostgreSQL. On the embedded database they would be several processes on
 * one file: the secure checkpoint that wipes deleted values from the WAL (P6.1, secure-delete.ts)
 * fails while another process reads, and writers wait on each other's file lock.
 */
function workerCount(): number {
  const asked = dev ? 1 : Math.max(1, Math.floor(Number(process.env.WEB_CONCURRENCY ?? 1)) || 1);
  if (asked > 1 && resolveDatabaseTarget(process.env.DATABASE_URL).provider === 'sqlite') {
    if (cluster.isPrimary) log('warn', 'web_concurrency_ignored', { asked, reason: 'the embedded SQLite database is served by one process; use PostgreSQL for more' });
    return 1;
  }
  return asked;
}

const workers = workerCount();
if (workers > 1 && cluster.isPrimary) runWorkers(workers);
else main().catch((error) => {
  console.error(error);
  process.exit(1);
});
