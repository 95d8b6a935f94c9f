import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { rmSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { databaseUrlFor, recreateDatabase } from '../helpers/postgres-urls';

/**
 * Issue 11 — an instance told to stop (SIGTERM: a deploy, a scale-down) stops accepting, finishes
 * the requests in flight and exits 0; with WEB_CONCURRENCY=2 (PostgreSQL) the same through both workers. The
 * request in flight is a beacon whose body is still arriving when the signal comes: an instance
 * that exits at once cuts it (socket hang up).
 */
const PORT = Number(process.env.E2E_PORT ?? 3100) + 5;
const SQLITE_URL = 'file:./data/e2e-shutdown.db';
/** Several workers run on PostgreSQL only (scripts/serve.ts). */
const POSTGRES_DATABASE = 'sorgu_e2e_shutdown';

test.describe.configure({ mode: 'serial' });

function runScript(script: string, databaseUrl: string) {
  const run = spawnSync('node_modules/.bin/tsx', [script], { env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${script}: ${run.stderr}`);
}

test.beforeAll(async () => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`data/e2e-shutdown.db${suffix}`, { force: true });
  await recreateDatabase(POSTGRES_DATABASE);
  for (const url of [SQLITE_URL, databaseUrlFor(POSTGRES_DATABASE)]) for (const script of ['scripts/migrate.ts', 'prisma/seed.ts']) runScript(script, url);
});

function startServer(workers: number, databaseUrl: string): ChildProcess {
  // (Without the test runner's own NODE_OPTIONS: the server is started as `npm start` starts it.)
  const { NODE_OPTIONS: _runnerOptions, ...env } = process.env;
  return spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...env, PORT: String(PORT), DATABASE_URL: databaseUrl, APP_SECRET: 'shutdown-test-secret-0123456789abcdef', PUBLIC_URL: `http://127.0.0.1:${PORT}`, WEB_CONCURRENCY: String(workers), DRAFT_SWEEP_INTERVAL_MINUTES: '0', MAIL_RETRY_INTERVAL_SECONDS: '0', NODE_ENV: 'production' },
  });
}

/** Up: health answers, and with several workers every one of them listens (the primary says so). */
async function waitUntilUp(child: ChildProcess, workers: number) {
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  if (workers > 1) await expect.poll(() => output.includes('"workers_listening"'), { timeout: 120_000 }).toBe(true);
  await waitForHealth(child);
}

async function waitForHealth(child: ChildProcess) {
  await expect
    .poll(async () => {
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`);
      return fetch(`http://127.0.0.1:${PORT}/api/health`).then((r) => r.status, () => 0);
    }, { timeout: 120_000, intervals: [200] })
    .toBe(200);
}

/** A POST whose headers are sent now and whose body only when `finish` is called. */
function slowBeacon() {
  const body = JSON.stringify({ path: '/en', clicks: 1, maxScrollPercent: 5, durationMs: 10 });
  const request = http.request({ host: '127.0.0.1', port: PORT, method: 'POST', path: '/api/session-events', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), origin: `http://127.0.0.1:${PORT}` } });
  const answered = new Promise<number>((resolve, reject) => {
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
  });
  request.flushHeaders();
  return { answered, finish: () => request.end(body) };
}

for (const [workers, provider] of [[1, 'sqlite'], [2, 'postgres']] as const) {
  test(`issue 11: SIGTERM finishes the request in flight, refuses new connections and exits 0 (${workers} worker${workers > 1 ? 's' : ''}, ${provider})`, async () => {
    test.setTimeout(180_000);
    const server = startServer(workers, provider === 'sqlite' ? SQLITE_URL : databaseUrlFor(POSTGRES_DATABASE));
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    try {
      await waitUntilUp(server, workers);
      // The beacon is in flight (its handler waits for the body) when the signal comes.
      const beacon = slowBeacon();
      await expect.poll(() => fetch(`http://127.0.0.1:${PORT}/api/health`).then((r) => r.status, () => 0)).toBe(200);
      server.kill('SIGTERM');
      // New connections are refused once the instance stops accepting.
      await expect.poll(() => fetch(`http://127.0.0.1:${PORT}/api/health`).then((r) => `accepted ${r.status}`, (e: Error) => `refused ${String((e.cause as Error)?.message ?? e)}`), { timeout: 10_000 }).toMatch(/^refused/);
      beacon.finish();
      expect(await beacon.answered).toBe(204);
      expect(await exited).toBe(0);
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
    }
  });
}
