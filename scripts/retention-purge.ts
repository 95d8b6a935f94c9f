/**
 * `npm run retention:purge` — deletes what has outlived its retention period (policy: P6.1) on
 * DATABASE_URL's database and prints the counts (also written as one audit event).
 * Safe to run while the app serves traffic, and as often as you like: it takes the same lease as
 * the servers' purge (src/server/run-once.ts), so it never runs at the same time as one of them
 * (but it does not wait for the servers' interval).
 */
import { createDb } from '../src/server/create-db';
import { runOnce } from '../src/server/run-once';
import { purgeExpiredData } from '../src/features/retention/purge';
import { RETENTION_JOB } from '../src/features/jobs/jobs';

const abandonAfterHours = Number(process.env.DRAFT_ABANDON_AFTER_HOURS ?? 72);
const db = createDb(process.env.DATABASE_URL);
runOnce(db, RETENTION_JOB, () => purgeExpiredData(db, { abandonAfterMs: abandonAfterHours * 3600_000, actor: 'cli' }), {
  ignoreGap: true,
})
  .then((outcome) =>
    console.log(
      outcome.ran
        ? JSON.stringify({ event: 'retention_purged', counts: outcome.value })
        : 'A purge is running in an app instance right now; try again when it has finished.',
    ),
  )
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
