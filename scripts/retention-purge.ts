/**
 * `npm run retention:purge` — deletes what has outlived its retention period (policy: P6.1) on
 * DATABASE_URL's database and prints the counts (also written as one audit event).
 * Safe to run while the app serves traffic, and as often as you like.
 */
import { createDb } from '../src/server/create-db';
import { purgeExpiredData } from '../src/features/retention/purge';

const abandonAfterHours = Number(process.env.DRAFT_ABANDON_AFTER_HOURS ?? 72);
const db = createDb(process.env.DATABASE_URL);
purgeExpiredData(db, { abandonAfterMs: abandonAfterHours * 3600_000, actor: 'cli' })
  .then((counts) => console.log(JSON.stringify({ event: 'retention_purged', counts })))
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
