/**
 * Durability under `kill -9` (issue 10): respondents take the survey as browsers without
 * JavaScript do (start, section 1, section 2 with a unique comment) against the built app, the
 * server process is killed with SIGKILL half-way, restarted, and every section the server had
 * acknowledged (its 303 redirect reached the respondent) is looked for in the database.
 * Reported, not asserted.
 *
 *   tsx bench/durability.mts [sqlite|postgres] [rounds=3] [respondents=16]
 *
 * Needs a build (`npm run build`, or `npm start` once). SQLite: a fresh file under ./data;
 * PostgreSQL: the database sorgu_durability on TEST_POSTGRES_URL's server (the local one).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { formsOf, type FoundForm } from '../tests/fuzz/forms';
import { migrateDatabase } from '../scripts/migrate';
import { createDb } from '../src/server/create-db';
import { seedDemo } from '../prisma/seed';
import { databaseUrlFor, recreateDatabase } from '../tests/helpers/postgres-urls';

const provider = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
const rounds = Number(process.argv[3] ?? 3);
const respondents = Number(process.argv[4] ?? 16);
const root = path.resolve(import.meta.dirname, '..');
const port = Number(process.env.PORT ?? 3950);
const base = `http://localhost:${port}`;
const SLUG = 'cafe-visit';

const sqliteFile = path.join(root, 'data/durability.db');
const pgUrl = databaseUrlFor('sorgu_durability');
const databaseUrl = provider === 'sqlite' ? `file:${sqliteFile}` : pgUrl;

async function freshDatabase() {
  if (provider === 'sqlite') for (const suffix of ['', '-wal', '-shm']) rmSync(sqliteFile + suffix, { force: true });
  else await recreateDatabase('sorgu_durability');
  await migrateDatabase(databaseUrl, { quiet: true });
  const db = createDb(databaseUrl);
  await seedDemo(db);
  await db.$disconnect();
}

function startServer(): ChildProcess {
  return spawn(path.join(root, 'node_modules/.bin/tsx'), ['scripts/serve.ts'], {
    cwd: root,
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, APP_SECRET: 'durability-secret-0123456789abcdef0123', RATE_LIMIT_SCALE: '1000', DRAFT_SWEEP_INTERVAL_MINUTES: '0', RETENTION_INTERVAL_MINUTES: '0', NEXT_TELEMETRY_DISABLED: '1' },
  });
}

async function waitUntilUp() {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not come up');
}

function multipart(fields: [string, string][]) {
  const form = new FormData();
  for (const [k, v] of fields) form.append(k, v);
  return form;
}

async function page(ctx: APIRequestContext): Promise<FoundForm[]> {
  const url = `${base}/en/s/${SLUG}`;
  return formsOf(await (await ctx.get(url)).text(), url);
}

/** One respondent's path; resolves with the marker once its section 2 was acknowledged. */
async function respondent(ctx: APIRequestContext, acknowledged: Set<string>, running: () => boolean) {
  const post = (form: FoundForm, fields: [string, string][]) => ctx.post(form.url, { multipart: multipart(fields), headers: { origin: base }, maxRedirects: 0 });
  const fill = (form: FoundForm, values: Record<string, string>) => form.fields.map(([k, v]) => [k, values[k] ?? form.choices[k]?.[0] ?? v] as [string, string]);
  while (running()) {
    await ctx.clearCookies();
    const start = (await page(ctx)).find((f) => f.fields.some(([n]) => n === 'birth_date'));
    if (!start) throw new Error('no start form');
    await post(start, fill(start, { birth_date: '1990-04-30' }));
    const first = (await page(ctx)).find((f) => f.fields.some(([n]) => n === 'sectionId'))!;
    await post(first, fill(first, { intent: 'next', overall_rating: '4' }));
    const second = (await page(ctx)).find((f) => f.fields.some(([n]) => n === 'liked_most'))!;
    const marker = `durable-${randomUUID()}`;
    const answer = await post(second, fill(second, { intent: 'next', recommend: '9', liked_most: marker }));
    if (answer.status() === 303) acknowledged.add(marker);
  }
}

async function storedMarkers(): Promise<Set<string>> {
  if (provider === 'sqlite') {
    const db = new Database(sqliteFile, { readonly: true });
    try {
      return new Set((db.prepare(`SELECT value FROM Answer WHERE value LIKE '%durable-%'`).all() as { value: string }[]).map((r) => JSON.parse(r.value) as string));
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    return new Set((await client.query(`SELECT value #>> '{}' AS value FROM "Answer" WHERE value::text LIKE '%durable-%'`)).rows.map((r: { value: string }) => r.value));
  } finally {
    await client.end();
  }
}

await freshDatabase();
const results: { round: number; acknowledged: number; lost: number; killedAfterMs: number }[] = [];
for (let round = 1; round <= rounds; round++) {
  const server = startServer();
  await waitUntilUp();
  const acknowledged = new Set<string>();
  let running = true;
  const contexts = await Promise.all(Array.from({ length: respondents }, () => playwrightRequest.newContext()));
  const load = contexts.map((ctx) => respondent(ctx, acknowledged, () => running).catch(() => {}));
  const killedAfterMs = 3_000 + Math.floor(Math.random() * 4_000);
  await new Promise((r) => setTimeout(r, killedAfterMs));
  process.kill(-server.pid!, 'SIGKILL');
  running = false;
  await Promise.all(load);
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
  // Restart on the same database: it must open, and hold every acknowledged section.
  const restarted = startServer();
  await waitUntilUp();
  const stored = await storedMarkers();
  const lost = [...acknowledged].filter((m) => !stored.has(m)).length;
  results.push({ round, acknowledged: acknowledged.size, lost, killedAfterMs });
  console.log(`${provider} round ${round}: killed after ${killedAfterMs} ms; ${acknowledged.size} sections acknowledged, ${lost} lost; restart answered`);
  process.kill(-restarted.pid!, 'SIGKILL');
  await new Promise((r) => setTimeout(r, 500));
}
console.log(JSON.stringify({ provider, respondents, results, lost: results.reduce((sum, r) => sum + r.lost, 0) }));
