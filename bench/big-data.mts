/**
 * Issue 11 — bigger data, on PostgreSQL:
 *
 *   tsx bench/big-data.mts [N=1000000] [--skip-seed] [--connections=16] [--seconds=15]
 *
 * 1. A fresh database (sorgu_bench_big on TEST_POSTGRES_URL's server) with the demo seed, then N
 *    completed responses written in bulk by SQL: each its respondent, consent record, usage row and
 *    five answers (email, gender, branch, rating, comment). The first half was completed 400 days
 *    ago: their contact and demographic answers have outlived their 365 days (N expired rows).
 * 2. DSAR: the DPO's find by email and the subject export (the zip), through the same functions
 *    the DPO's pages call, five times each (the first run and the median of the others).
 * 3. The retention purge (`purgeExpiredData`, as the job runs it) of those N rows while
 *    respondents without JavaScript keep submitting a section to the built app on the same
 *    database: their p99 before (idle) and during the purge.
 * Needs a build (`npm run build`). Reported, never asserted.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { migrateDatabase } from '../scripts/migrate';
import { seedDemo, DEMO_SURVEY_SLUG } from '../prisma/seed';
import { createDb } from '../src/server/create-db';
import { exportSubjectAs, findSubjectAs } from '../src/features/dpo/commands';
import { purgeExpiredData } from '../src/features/retention/purge';
import { loadAverage, Recorder, request, round } from './lib/client';
import { Respondent } from './lib/respondent';
import { databaseUrlFor, recreateDatabase } from '../tests/helpers/postgres-urls';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const connections = Number(option('connections', '16'));
const seconds = Number(option('seconds', '15'));
const root = path.resolve(import.meta.dirname, '..');
const url = databaseUrlFor('sorgu_bench_big');
const DAY = 86_400_000;

const sql = new pg.Client({ connectionString: url });
const seconds1 = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function seed() {
  await recreateDatabase('sorgu_bench_big');
  await migrateDatabase(url, { quiet: true });
  const db = createDb(url);
  await seedDemo(db);
  await db.$disconnect();
  await sql.connect();
  const { rows: [survey] } = await sql.query(`SELECT id FROM "Survey" WHERE slug = $1`, [DEMO_SURVEY_SLUG]);
  const { rows: questions } = await sql.query(`SELECT id, key FROM "Question" WHERE "surveyId" = $1`, [survey.id]);
  const q = Object.fromEntries(questions.map((r: { id: string; key: string }) => [r.key, r.id]));
  const { rows: [policy] } = await sql.query(`SELECT id FROM "PolicyVersion" ORDER BY version DESC LIMIT 1`);
  const started = Date.now();
  // Completed 400 days ago for the first half (contact and demographic expired), 10 days ago for the rest.
  const completedAt = `now() - (CASE WHEN i <= ${N / 2} THEN 400 ELSE 10 END) * interval '1 day' - i * interval '1 second'`;
  const BATCH = 100_000;
  for (let from = 1; from <= N; from += BATCH) {
    const to = Math.min(N, from + BATCH - 1);
    const series = `generate_series(${from}, ${to}) AS i`;
    await sql.query('BEGIN');
    await sql.query(`INSERT INTO "ConsentRecord" (id, "subjectKey", "policyVersionId", usage, fraud, "sessionAnalytics", location, method, locale, "createdAt")
      SELECT 'c' || i, 'k' || i, $1, true, false, false, false, 'accept_all', 'az', now() - interval '10 days' FROM ${series}`, [policy.id]);
    await sql.query(`INSERT INTO "Respondent" (id, "consentSubjectKey", "createdAt") SELECT 'p' || i, 'k' || i, ${completedAt} FROM ${series}`);
    await sql.query(`INSERT INTO "Response" (id, "surveyId", "respondentId", status, locale, "startedAt", "lastActivityAt", "completedAt")
      SELECT 'r' || i, $1, 'p' || i, 'completed', 'az', ${completedAt}, ${completedAt}, ${completedAt} FROM ${series}`, [survey.id]);
    await sql.query(`INSERT INTO "Answer" (id, "responseId", "questionId", category, "lawfulBasis", value, "createdAt", "updatedAt")
      SELECT 'a' || i || '-' || k.key, 'r' || i, k.question, k.category::"DataCategory", 'legitimate_interests', k.value, ${completedAt}, ${completedAt}
        FROM ${series}, LATERAL (VALUES
          ('email', $1, 'contact', to_jsonb('r' || i || '@example.az')),
          ('gender', $2, 'demographic', to_jsonb('female'::text)),
          ('branch', $3, 'answers', to_jsonb('port_baku'::text)),
          ('rating', $4, 'answers', to_jsonb(i % 5 + 1)),
          ('comment', $5, 'answers', to_jsonb('Comment ' || i))) AS k(key, question, category, value)`,
      [q.email, q.gender, q.branch, q.overall_rating, q.comment]);
    await sql.query(`INSERT INTO "UsageMetadata" (id, "consentRecordId", "subjectKey", "responseId", browser, "ipAddress", "collectedAt")
      SELECT 'u' || i, 'c' || i, 'k' || i, 'r' || i, 'Chrome', '10.0.' || (i % 250) || '.1', now() - interval '10 days' FROM ${series}`);
    await sql.query('COMMIT');
    process.stdout.write(`\rseeded ${to.toLocaleString('en')} responses (${seconds1(Date.now() - started)})`);
  }
  await sql.query('VACUUM ANALYZE');
  console.log(`\nseeded ${N.toLocaleString('en')} responses, ${(N * 9).toLocaleString('en')} rows in ${seconds1(Date.now() - started)}`);
}

async function timeIt<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await run();
  return { ms: performance.now() - start, result };
}

async function subjectRights() {
  const db = createDb(url);
  const dpo = await db.staffUser.findUniqueOrThrow({ where: { email: 'dpo@sorgu.test' } });
  const finds: number[] = [];
  const exports: number[] = [];
  for (let run = 0; run < 5; run++) {
    // A different subject each run (nothing cached by an earlier search), in the half that keeps its contact data.
    const email = `r${N - 1 - run * Math.floor(N / 11)}@example.az`;
    const found = await timeIt(() => findSubjectAs(db, dpo, { kind: 'email', value: email }));
    if (found.result.respondentIds.length !== 1) throw new Error(`find ${email}: ${JSON.stringify(found.result)}`);
    const exported = await timeIt(() => exportSubjectAs(db, dpo, found.result));
    finds.push(found.ms);
    exports.push(exported.ms);
  }
  await db.$disconnect();
  const median = (xs: number[]) => [...xs.slice(1)].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
  console.log(`DSAR find by email: first ${round(finds[0]!)} ms, median ${round(median(finds))} ms · export (zip): first ${round(exports[0]!)} ms, median ${round(median(exports))} ms · find + export median ${round(median(finds) + median(exports))} ms`);
}

async function purgeUnderLoad() {
  const port = 3960;
  const base = new URL(`http://127.0.0.1:${port}`);
  const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], {
    cwd: root,
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), DATABASE_URL: url, APP_SECRET: 'big-data-bench-secret-0123456789abcdef', PUBLIC_URL: base.origin, RATE_LIMIT_SCALE: '1000', DRAFT_SWEEP_INTERVAL_MINUTES: '0', RETENTION_INTERVAL_MINUTES: '0' },
  });
  try {
    for (let i = 0; ; i++) {
      if (await request(new URL('/api/health', base), 'GET', {}).then((a) => a.status === 200, () => false)) break;
      if (i > 1200) throw new Error('the server did not come up');
      await new Promise((r) => setTimeout(r, 100));
    }
    const recorder = new Recorder();
    recorder.measuring = false;
    const respondents = Array.from({ length: connections }, (_, i) => new Respondent(base, recorder, i, i % 2 ? 'accept' : 'reject'));
    await Promise.all(respondents.map((r) => r.reachLastSection()));
    let running = true;
    let seq = 0;
    const loops = respondents.map(async (r) => {
      while (running) await r.submitLastSection(++seq).catch(() => false);
    });
    const window = async () => {
      recorder.kinds.clear();
      recorder.measuring = true;
      const started = performance.now();
      return () => {
        recorder.measuring = false;
        return recorder.summary((performance.now() - started) / 1000).section!;
      };
    };
    await new Promise((r) => setTimeout(r, 3_000)); // warm-up
    const idleEnd = await window();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const idle = idleEnd();
    const idleLoad = await loadAverage();
    const busyEnd = await window();
    const db = createDb(url);
    const purge = await timeIt(() => purgeExpiredData(db, { now: new Date() }));
    const busy = busyEnd();
    await db.$disconnect();
    running = false;
    await Promise.all(loops);
    const purged = Object.values(purge.result).reduce((a, b) => a + b, 0);
    console.log(`retention purge: ${purged.toLocaleString('en')} rows in ${seconds1(purge.ms)} (${JSON.stringify(Object.fromEntries(Object.entries(purge.result).filter(([, n]) => n > 0)))})`);
    console.log(`section submits, ${connections} connections: idle ${idle.perSecond} req/s p50 ${idle.p50} ms p99 ${idle.p99} ms (load ${idleLoad}) · during the purge ${busy.perSecond} req/s p50 ${busy.p50} ms p99 ${busy.p99} ms (load ${await loadAverage()}) · p99 ratio ${round(busy.p99 / idle.p99, 2)} · errors ${idle.errors + busy.errors}, statuses ${JSON.stringify(busy.statuses)}`);
  } finally {
    process.kill(-server.pid!, 'SIGKILL');
  }
}

if (!args.includes('--skip-seed')) await seed();
else await sql.connect();
const { rows: [counts] } = await sql.query(`SELECT (SELECT COUNT(*) FROM "Response") AS responses, (SELECT COUNT(*) FROM "Answer") AS answers`);
console.log(`database: ${Number(counts.responses).toLocaleString('en')} responses, ${Number(counts.answers).toLocaleString('en')} answers · load ${await loadAverage()}`);
await sql.end();
await subjectRights();
if (!args.includes('--no-purge')) await purgeUnderLoad();
