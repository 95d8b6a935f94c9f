/**
 * Server 2 of the browser tests (playwright.config.ts): the app as `npm start` runs it
 * (scripts/serve.ts), on PostgreSQL reached through a switch the tests turn off and on — a TCP
 * proxy in front of the real server that, when off, cuts every open connection and refuses new
 * ones, as a database host that went away does. The tests take the respondent's path while the
 * database is up, then lose it half-way (tests/e2e/outage.spec.ts).
 *
 * Environment: OUTAGE_PORT (the app), OUTAGE_DB_PORT (the proxy), OUTAGE_SWITCH_PORT (control:
 * POST /down, POST /up), TEST_POSTGRES_URL (the real server; the local one by default).
 */
import { spawn } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer, type Socket } from 'node:net';
import path from 'node:path';
import { createDb } from '../../src/server/create-db';
import { seedDemo } from '../../prisma/seed';
import { migrateDatabase } from '../../scripts/migrate';
import { recreateDatabase } from '../helpers/postgres-urls';

const root = path.resolve(import.meta.dirname, '../..');
const DATABASE = 'sorgu_e2e_outage';

async function freshDatabase(): Promise<string> {
  const url = await recreateDatabase(DATABASE);
  await migrateDatabase(url, { quiet: true });
  const db = createDb(url);
  await seedDemo(db);
  await db.$disconnect();
  return url;
}

/** The switch: a proxy to the real server that can be cut. */
function startSwitch(upstream: URL, port: number) {
  let down = false;
  const open = new Set<Socket>();
  const proxy = createServer((client) => {
    if (down) return void client.destroy();
    const server = connect(Number(upstream.port || 5432), upstream.hostname);
    for (const socket of [client, server]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.pipe(server).pipe(client);
  });
  proxy.listen(port, '127.0.0.1');
  return {
    set(isDown: boolean) {
      down = isDown;
      if (down) for (const socket of open) socket.destroy();
    },
  };
}

async function main() {
  const appPort = Number(process.env.OUTAGE_PORT);
  const dbPort = Number(process.env.OUTAGE_DB_PORT);
  const switchPort = Number(process.env.OUTAGE_SWITCH_PORT);
  if (!appPort || !dbPort || !switchPort) throw new Error('OUTAGE_PORT, OUTAGE_DB_PORT and OUTAGE_SWITCH_PORT are required');

  const direct = new URL(await freshDatabase());
  const dbSwitch = startSwitch(direct, dbPort);
  createHttpServer((req, res) => {
    if (req.method === 'POST' && (req.url === '/down' || req.url === '/up')) {
      dbSwitch.set(req.url === '/down');
      return void res.writeHead(204).end();
    }
    res.writeHead(404).end();
  }).listen(switchPort, '127.0.0.1');

  const viaSwitch = new URL(direct);
  viaSwitch.hostname = '127.0.0.1';
  viaSwitch.port = String(dbPort);
  const app = spawn(path.join(root, 'node_modules/.bin/tsx'), ['scripts/serve.ts'], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      PORT: String(appPort),
      DATABASE_URL: viaSwitch.toString(),
      APP_SECRET: 'e2e-outage-server-secret-0123456789abcdef',
      PUBLIC_URL: `http://localhost:${appPort}`,
      DRAFT_SWEEP_INTERVAL_MINUTES: '0',
      RETENTION_INTERVAL_MINUTES: '0',
      RATE_LIMIT_SCALE: '100',
      NEXT_TELEMETRY_DISABLED: '1',
    },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.kill(signal));
  app.on('exit', (code) => process.exit(code ?? 0));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
