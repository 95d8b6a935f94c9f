/**
 * Issue 11 — the respondent path against the machine's limit, in one run:
 *
 *   tsx bench/respondent-path.mts [sqlite|postgres] [--connections=16,64] [--seconds=15] [--warmup=3]
 *                                  [--scenarios=bare,submit,submit-js,page,flow,flow-js] [--instances=1]
 *
 * 1. `bare`: bench/baseline/server.mjs (a copy of ../shared/bench-baseline: node:http + zod + one
 *    transaction writing a response and 5 answers) on its own database, loaded by the same
 *    generator (POST /answers, a new response token per request).
 * 2. Sorğu, built (`npm run build`), on a fresh database seeded with the demo survey, each
 *    scenario with `connections` virtual respondents, each its own cookie jar:
 *    - `submit`: section 3 of the survey (five answers) posted again and again without JavaScript
 *      (multipart form with React's `$ACTION_…` fields, answered by a 303; the redirect is not
 *      followed) — the validated write of five answers compared with the bare server;
 *    - `submit-js`: the same write as the server-action call Chromium makes with JavaScript (its
 *      answer renders the page the redirect leads to);
 *    - `page`: the survey page GET (server render of section 3 with the respondent's draft);
 *    - `flow` / `flow-js`: the whole survey, cookie banner (accept all / reject all, alternating),
 *      start, three sections, the done page — without and with JavaScript.
 * Afterwards every acknowledged answer is looked for in the database. Prints one table and writes
 * the figures to bench/results/<time>.json. Reported, never asserted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { databaseUrlFor, recreateDatabase } from '../tests/helpers/postgres-urls';
import { migrateDatabase } from '../scripts/migrate';
import { createDb } from '../src/server/create-db';
import { seedDemo } from '../prisma/seed';
import { loadAverage, Recorder, request, round } from './lib/client';
import { captureJsFlow, markerEmail, Respondent, SECTION_VALUES, type CapturedCall } from './lib/respondent';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const provider = args[0] === 'postgres' ? 'postgres' : 'sqlite';
const connectionCounts = option('connections', '16,64').split(',').map(Number);
const seconds = Number(option('seconds', '15'));
const warmup = Number(option('warmup', '3'));
const scenarios = option('scenarios', 'bare,submit,submit-js,page,flow,flow-js').split(',');
const root = path.resolve(import.meta.dirname, '..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(url: string, child: ChildProcess) {
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`);
    try {
      if ((await request(new URL(url), 'GET', {})).status === 200) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid!, 'SIGTERM');
  const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Runs `loop` in `connections` parallel virtual users for warm-up + measured seconds. */
async function drive<U>(users: U[], loop: (user: U, running: () => boolean) => Promise<void>, recorder: Recorder) {
  let running = true;
  recorder.measuring = false;
  const loops = users.map((u) => loop(u, () => running).catch((error: unknown) => console.error(`  a virtual user stopped: ${String(error).slice(0, 300)}`)));
  await new Promise((r) => setTimeout(r, warmup * 1000));
  recorder.measuring = true;
  const started = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  recorder.measuring = false;
  const elapsed = (performance.now() - started) / 1000;
  running = false;
  await Promise.all(loops);
  return elapsed;
}

type Row = { scenario: string; connections: number; kind: string; perSecond: number; p50: number; p99: number; max: number; statuses: Record<string, number>; errors: number; verified: string; load: string };
const rows: Row[] = [];

function report(scenario: string, connections: number, recorder: Recorder, elapsed: number, verified: string, load: string, kinds?: string[]) {
  for (const [kind, s] of Object.entries(recorder.summary(elapsed))) {
    if (kinds && !kinds.includes(kind)) continue;
    const row = { scenario, connections, kind, perSecond: s.perSecond, p50: s.p50, p99: s.p99, max: s.max, statuses: s.statuses, errors: s.errors, verified, load };
    rows.push(row);
    console.log(`${scenario.padEnd(10)} c=${String(connections).padEnd(3)} ${kind.padEnd(16)} ${String(s.perSecond).padStart(8)} req/s  p50 ${String(s.p50).padStart(6)} ms  p99 ${String(s.p99).padStart(7)} ms  ${JSON.stringify(s.statuses)}${s.errors ? ` errors ${s.errors}` : ''}  ${verified}  load ${load}`);
  }
}

// ---------------------------------------------------------------- the bare baseline
async function runBare() {
  const port = await freePort();
  const dbFile = path.join(root, 'data/bench-bare.db');
  const pgUrl = databaseUrlFor('bench_baseline');
  if (provider === 'sqlite') for (const s of ['', '-wal', '-shm']) rmSync(dbFile + s, { force: true });
  else await recreateDatabase('bench_baseline');
  const child = spawn(process.execPath, ['bench/baseline/server.mjs'], { cwd: root, detached: true, stdio: 'ignore', env: { ...process.env, PORT: String(port), DB: provider === 'sqlite' ? 'sqlite' : 'pg', DB_FILE: dbFile, PG_URL: pgUrl } });
  try {
    await waitUntilUp(`http://127.0.0.1:${port}/health`, child);
    const base = new URL(`http://127.0.0.1:${port}`);
    for (const connections of connectionCounts) {
      const recorder = new Recorder();
      const acknowledged = { answers: 0 };
      const load = await loadAverage();
      const elapsed = await drive(
        Array.from({ length: connections }, (_, i) => i),
        async (user, running) => {
          for (let seq = 0; running(); seq++) {
            const body = JSON.stringify({ responseToken: randomUUID(), answers: ['25-34', 'female', 'none', 'agree', `b${user}n${seq}@bench.example`].map((value, k) => ({ questionId: `q${k + 1}`, value })) });
            const started = performance.now();
            const answer = await request(new URL('/answers', base), 'POST', { 'content-type': 'application/json' }, body).catch(() => null);
            recorder.record('answers', started, answer?.status ?? 'error');
            if (answer?.status === 201 && recorder.measuring) acknowledged.answers += 5;
          }
        },
        recorder,
      );
      report('bare', connections, recorder, elapsed, `${await bareRowsVerified(dbFile, pgUrl)}`, load);
    }
  } finally {
    await stop(child);
  }
}

/** The baseline's own check: no response holds anything but a multiple of five answers. */
async function bareRowsVerified(dbFile: string, pgUrl: string): Promise<string> {
  const sql = 'SELECT count(*) AS n FROM (SELECT response_id FROM answers GROUP BY response_id HAVING count(*) % 5 <> 0) t';
  let partial: number;
  if (provider === 'sqlite') {
    const db = new Database(dbFile, { readonly: true });
    partial = (db.prepare(sql).get() as { n: number }).n;
    db.close();
  } else {
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    partial = Number((await client.query(sql)).rows[0].n);
    await client.end();
  }
  return partial === 0 ? 'rows ok' : `${partial} partial responses`;
}

// ---------------------------------------------------------------- Sorğu
const appDbFile = path.join(root, 'data/bench-app.db');
const appPgUrl = databaseUrlFor('sorgu_bench');
const appDatabaseUrl = provider === 'sqlite' ? `file:${appDbFile}` : appPgUrl;

async function freshAppDatabase() {
  if (provider === 'sqlite') for (const s of ['', '-wal', '-shm']) rmSync(appDbFile + s, { force: true });
  else await recreateDatabase('sorgu_bench');
  await migrateDatabase(appDatabaseUrl, { quiet: true });
  const db = createDb(appDatabaseUrl);
  await seedDemo(db);
  await db.$disconnect();
}

/** The email answers stored for the benchmark's markers, by virtual user: the highest sequence number. */
async function storedMarkers(): Promise<Map<number, number>> {
  const sql = `SELECT a.value AS value FROM "Answer" a JOIN "Question" q ON q.id = a."questionId" WHERE q.key = 'email'`;
  let values: unknown[];
  if (provider === 'sqlite') {
    const db = new Database(appDbFile, { readonly: true });
    values = (db.prepare(sql).all() as { value: string }[]).map((r) => JSON.parse(r.value));
    db.close();
  } else {
    const client = new pg.Client({ connectionString: appPgUrl });
    await client.connect();
    values = (await client.query(sql)).rows.map((r: { value: unknown }) => r.value);
    await client.end();
  }
  const byUser = new Map<number, number>();
  for (const v of values) {
    const m = typeof v === 'string' ? /^b(\d+)n(\d+)@bench\.example$/.exec(v) : null;
    if (m) byUser.set(Number(m[1]), Math.max(byUser.get(Number(m[1])) ?? -1, Number(m[2])));
  }
  return byUser;
}

async function completedResponses(): Promise<number> {
  const sql = `SELECT count(*) AS n FROM "Response" WHERE status = 'completed'`;
  if (provider === 'sqlite') {
    const db = new Database(appDbFile, { readonly: true });
    const n = (db.prepare(sql).get() as { n: number }).n;
    db.close();
    return n;
  }
  const client = new pg.Client({ connectionString: appPgUrl });
  await client.connect();
  const n = Number((await client.query(sql)).rows[0].n);
  await client.end();
  return n;
}

let userIds = 0;

async function runApp() {
  if (!existsSync(path.join(root, '.next/BUILD_ID'))) throw new Error('no build: run `npm run build` (or `npm start` once) first');
  await freshAppDatabase();
  const port = await freePort();
  // SERVER_NODE_ARGS: node flags for the server (for example --cpu-prof --cpu-prof-dir=/tmp/prof).
  const nodeArgs = (process.env.SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'scripts/serve.ts'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: appDatabaseUrl,
      PUBLIC_URL: `http://localhost:${port}`,
      APP_SECRET: 'bench-secret-0123456789abcdef0123456789',
      // Every virtual respondent comes from 127.0.0.1: the per-address limits are scaled (still checked).
      RATE_LIMIT_SCALE: '10000',
      NEXT_TELEMETRY_DISABLED: '1',
    },
  });
  try {
    const base = new URL(`http://localhost:${port}`);
    await waitUntilUp(`${base.origin}/api/health`, child);
    const jsCalls = scenarios.some((s) => s.endsWith('-js')) ? await captureJsFlow(base) : [];
    for (const connections of connectionCounts) {
      for (const scenario of scenarios.filter((s) => s !== 'bare')) await runScenario(scenario, connections, base, jsCalls);
    }
  } finally {
    await stop(child);
  }
}

async function respondentsAtLastSection(base: URL, recorder: Recorder, connections: number): Promise<Respondent[]> {
  recorder.measuring = false;
  const users = Array.from({ length: connections }, (_, i) => new Respondent(base, recorder, userIds++, i % 2 === 0 ? 'accept' : 'reject'));
  await Promise.all(users.map((u) => u.reachLastSection()));
  return users;
}

async function runScenario(scenario: string, connections: number, base: URL, jsCalls: CapturedCall[]) {
  const recorder = new Recorder();
  const load = await loadAverage();
  if (scenario === 'submit' || scenario === 'submit-js') {
    const users = await respondentsAtLastSection(base, recorder, connections);
    const acknowledged = new Map<number, { last: number; sent: number }>();
    const section3 = jsCalls.find((c) => c.label === 'section 3');
    const elapsed = await drive(
      users,
      async (user, running) => {
        for (let seq = 0; running(); seq++) {
          acknowledged.set(user.id, { last: acknowledged.get(user.id)?.last ?? -1, sent: seq });
          const ok =
            scenario === 'submit'
              ? await user.submitLastSection(seq)
              : (await user.replay(section3!, { ...SECTION_VALUES[2], email: markerEmail(user.id, seq), intent: 'locale:en' })).status < 400;
          if (ok) acknowledged.set(user.id, { last: seq, sent: seq });
        }
      },
      recorder,
    );
    // Every user's last acknowledged answer is stored (or the one after it, sent when the run stopped).
    const stored = await storedMarkers();
    const lost = [...acknowledged].filter(([id, { last, sent }]) => last >= 0 && !((stored.get(id) ?? -1) >= last && (stored.get(id) ?? -1) <= sent)).length;
    report(scenario, connections, recorder, elapsed, lost === 0 ? `${acknowledged.size} users' last answers stored` : `${lost} users' last answer NOT stored`, load, ['section', 'section 3 (js)']);
  } else if (scenario === 'page') {
    const users = await respondentsAtLastSection(base, recorder, connections);
    const elapsed = await drive(users, async (user, running) => {
      while (running()) await user.send('page', 'GET', '/en/s/cafe-visit', {});
    }, recorder);
    report(scenario, connections, recorder, elapsed, '', load, ['page']);
  } else if (scenario === 'flow' || scenario === 'flow-js') {
    const before = await completedResponses();
    let completed = 0;
    const users = Array.from({ length: connections }, (_, i) => new Respondent(base, recorder, userIds++, i % 2 === 0 ? 'accept' : 'reject'));
    let measuredCompletes = 0;
    const elapsed = await drive(users, async (user, running) => {
      while (running()) {
        const ok = scenario === 'flow' ? await user.completeWithoutJs() : await user.completeWithJs(jsCalls);
        if (ok) {
          completed++;
          if (recorder.measuring) measuredCompletes++;
        }
      }
    }, recorder);
    const stored = (await completedResponses()) - before;
    const verified = stored >= completed && stored <= completed + connections ? `${completed} acknowledged, ${stored} stored` : `MISMATCH: ${completed} acknowledged, ${stored} stored`;
    report(scenario, connections, recorder, elapsed, verified, load);
    const flows = { scenario, connections, kind: 'complete surveys', perSecond: round(measuredCompletes / elapsed), p50: 0, p99: 0, max: 0, statuses: {}, errors: 0, verified, load };
    rows.push(flows);
    console.log(`${scenario.padEnd(10)} c=${String(connections).padEnd(3)} complete surveys ${String(flows.perSecond).padStart(8)} /s`);
  }
}

// ---------------------------------------------------------------- main
console.log(`respondent path, ${provider}, connections ${connectionCounts.join('/')}, ${seconds} s each (+${warmup} s warm-up), node ${process.version}, load ${await loadAverage()}`);
if (scenarios.includes('bare')) await runBare();
if (scenarios.some((s) => s !== 'bare')) await runApp();

const bareRate = (c: number) => rows.find((r) => r.scenario === 'bare' && r.connections === c)?.perSecond;
for (const row of rows.filter((r) => r.scenario.startsWith('submit'))) {
  const bare = bareRate(row.connections);
  if (bare) console.log(`ratio ${row.scenario} / bare at c=${row.connections}: ${round((row.perSecond / bare) * 100, 2)} %`);
}
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
const file = path.join(root, `bench/results/respondent-path-${provider}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ provider, seconds, warmup, node: process.version, rows }, null, 1));
console.log(`figures: ${path.relative(root, file)}`);
process.exit(0);
