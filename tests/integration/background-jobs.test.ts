import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backgroundJobs, RETENTION_JOB } from '@/features/jobs/jobs';
import { createDb, type Db } from '@/server/create-db';
import { runOnce, runPeriodicJob, type PeriodicJob } from '@/server/run-once';
import { freshDatabase, PROVIDERS, type TestDatabase } from '../helpers/databases';

const root = path.resolve(import.meta.dirname, '../..');
const settings = { draftAbandonAfterHours: 72, draftSweepIntervalMinutes: 60, retentionIntervalMinutes: 360 };
const jobNamed = (name: string): PeriodicJob => backgroundJobs(settings).find((j) => j.name === name)!;
const MINUTE = 60_000;

/**
 * Runs a job in `count` processes of its own on `url` (tests/helpers/run-job-process.ts), started
 * together once every one has loaded and connected; resolves to whether each ran.
 */
async function runInProcesses(count: number, url: string, name: string, at: Date): Promise<boolean[]> {
  const children = Array.from({ length: count }, () =>
    spawn(path.join(root, 'node_modules/.bin/tsx'), ['tests/helpers/run-job-process.ts', url, name, at.toISOString()], { cwd: root }),
  );
  const outputs = children.map((child) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const ready = new Promise<void>((resolve) => child.stdout.on('data', () => out.includes('ready') && resolve()));
    const done = new Promise<boolean>((resolve, reject) =>
      child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!).ran) : reject(new Error(`job process exited ${code}: ${err}`)))),
    );
    return { ready, done };
  });
  await Promise.all(outputs.map((o) => o.ready));
  for (const child of children) child.stdin.end('go\n');
  return Promise.all(outputs.map((o) => o.done));
}

/**
 * Two app instances on one database (two Prisma clients, or two processes) run the same periodic
 * jobs on their own timers. Each run must happen once across the instances, not once per instance.
 */
describe.each(PROVIDERS)('background jobs across instances on %s', (provider) => {
  let t: TestDatabase;
  let other: Db;
  beforeEach(async () => {
    t = await freshDatabase(provider);
    other = createDb(t.url);
  });
  afterEach(async () => {
    await other.$disconnect();
    await t.drop();
  });
  // A run may commit in several transactions, each audited with the run's id as target.
  const purges = async () => new Set((await t.db.auditEvent.findMany({ where: { action: 'retention.purged' }, select: { target: true } })).map((e) => e.target)).size;

  // Two clients in one process is how PostgreSQL instances look from the database (a pool each).
  // Not for SQLite: better-sqlite3 is synchronous, so two clients in one thread wait for each
  // other's write lock while blocking the thread; SQLite instances are separate processes (below).
  it.skipIf(provider === 'sqlite')('P6.1 two instances starting the retention purge at once purge once', async () => {
    const now = new Date();
    const job = jobNamed('retention_purged');
    const results = await Promise.all([runPeriodicJob(t.db, job, now), runPeriodicJob(other, job, now)]);
    expect(results.map((r) => r.ran).sort()).toEqual([false, true]);
    expect(await purges()).toBe(1);
  });

  it.skipIf(provider === 'sqlite')('P3.1 two instances starting the draft sweep at once sweep once', async () => {
    const now = new Date();
    const job = jobNamed('drafts_marked_abandoned');
    const results = await Promise.all([runPeriodicJob(t.db, job, now), runPeriodicJob(other, job, now)]);
    expect(results.map((r) => r.ran).sort()).toEqual([false, true]);
  });

  it('P6.1 the next run is due one interval later, in whichever instance comes first', async () => {
    const start = new Date();
    const job = jobNamed('retention_purged');
    expect((await runPeriodicJob(t.db, job, start)).ran).toBe(true);
    // The other instance's timer fires half an interval later: not due yet.
    expect((await runPeriodicJob(other, job, new Date(start.getTime() + 180 * MINUTE))).ran).toBe(false);
    // One interval later it is due, and the first instance, a moment after, finds it done.
    expect((await runPeriodicJob(other, job, new Date(start.getTime() + 360 * MINUTE))).ran).toBe(true);
    expect((await runPeriodicJob(t.db, job, new Date(start.getTime() + 361 * MINUTE))).ran).toBe(false);
    expect(await purges()).toBe(2);
  });

  it('P6.1 two processes starting the retention purge at once purge once', async () => {
    const now = new Date();
    const ran = await runInProcesses(2, t.url, 'retention_purged', now);
    expect(ran.sort()).toEqual([false, true]);
    expect(await purges()).toBe(1);
  });

  it('P3.1 two processes starting the draft sweep at once sweep once', async () => {
    const now = new Date();
    const ran = await runInProcesses(2, t.url, 'drafts_marked_abandoned', now);
    expect(ran.sort()).toEqual([false, true]);
  });

  it('P6.1 a job still running in one process is not started by another', async () => {
    const ran = await runInProcesses(2, t.url, 'slow:800', new Date());
    expect(ran.sort()).toEqual([false, true]);
    expect(await t.db.auditEvent.count({ where: { action: 'test.slow_job' } })).toBe(1);
  });

  it.skipIf(provider === 'sqlite')('P6.1 a job still running in one instance is not started by another', async () => {
    const slow = (db: Db) => runOnce(db, 'slow', () => new Promise((r) => setTimeout(() => r('done'), 300)));
    const results = await Promise.all([slow(t.db), slow(other)]);
    expect(results.map((r) => r.ran).sort()).toEqual([false, true]);
    // Without a gap, the job is free again as soon as it ends.
    expect((await slow(other)).ran).toBe(true);
  });

  it('P6.1 the job of an instance that died is taken over once its lease runs out', async () => {
    const now = new Date();
    await t.db.jobLease.create({ data: { name: 'orphan', holder: 'crashed:1:dead', heldUntil: new Date(now.getTime() + MINUTE), startedAt: now } });
    const job = async () => 'done';
    expect((await runOnce(other, 'orphan', job, { clock: () => now })).ran).toBe(false);
    expect(await runOnce(other, 'orphan', job, { clock: () => new Date(now.getTime() + 2 * MINUTE) })).toEqual({ ran: true, value: 'done' });
    expect(await t.db.jobLease.findUniqueOrThrow({ where: { name: 'orphan' } })).toMatchObject({ holder: expect.not.stringContaining('crashed') });
  });

  it('P6.1 a failing job frees its lease for the next run and reports the error', async () => {
    const failing = () => runOnce(t.db, 'failing', async () => {
      throw new Error('boom');
    });
    await expect(failing()).rejects.toThrow('boom');
    await expect(failing()).rejects.toThrow('boom');
  });

  it('P6.1 a manual purge (npm run retention:purge) runs within the interval, never during a running purge', async () => {
    const now = new Date();
    const manual = (at: Date) => runOnce(other, RETENTION_JOB, async () => 'purged', { ignoreGap: true, clock: () => at });
    expect((await runPeriodicJob(t.db, jobNamed(RETENTION_JOB), now)).ran).toBe(true);
    expect((await manual(new Date(now.getTime() + MINUTE))).ran).toBe(true);
    // An instance is purging right now (its lease is held and not finished).
    await t.db.jobLease.update({ where: { name: RETENTION_JOB }, data: { holder: 'busy:1:x', heldUntil: new Date(now.getTime() + 10 * MINUTE), finishedAt: null } });
    expect((await manual(new Date(now.getTime() + 2 * MINUTE))).ran).toBe(false);
  });
});
