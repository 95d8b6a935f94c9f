/**
 * One app instance running one job, as a separate process (for the "two instances" tests):
 * `tsx tests/helpers/run-job-process.ts <DATABASE_URL> <job> <ISO time>`.
 * <job> is a background job's name, or `slow:<ms>`: a job that takes that long and writes an
 * audit event `test.slow_job`. Once loaded and connected the process prints `ready` and waits
 * for a line on stdin, so that the test starts every process at the same moment.
 * Prints {"ran": true|false} on its last line.
 */
import { createDb } from '../../src/server/create-db';
import { backgroundJobs } from '../../src/features/jobs/jobs';
import { runOnce, runPeriodicJob } from '../../src/server/run-once';

const [url, name, at] = process.argv.slice(2);
const db = createDb(url);
const now = new Date(at!);

async function main() {
  await db.$queryRawUnsafe('SELECT 1'); // connected before the start
  console.log('ready');
  await new Promise((r) => process.stdin.once('data', r));
  process.stdin.pause();
  if (name!.startsWith('slow:')) {
    const ms = Number(name!.slice('slow:'.length));
    return runOnce(db, 'slow', async () => {
      await new Promise((r) => setTimeout(r, ms));
      await db.auditEvent.create({ data: { actor: 'test', action: 'test.slow_job' } });
    });
  }
  const job = backgroundJobs({ draftAbandonAfterHours: 72, draftSweepIntervalMinutes: 60, retentionIntervalMinutes: 360 }).find((j) => j.name === name);
  if (!job) throw new Error(`no job named ${name}`);
  return runPeriodicJob(db, job, now);
}

main()
  .then((result) => console.log(JSON.stringify({ ran: result.ran })))
  .finally(() => db.$disconnect());
