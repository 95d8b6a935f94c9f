import 'server-only';
import { markAbandonedDrafts } from '@/features/survey/drafts';
import { purgeExpiredData } from '@/features/retention/purge';
import { db } from './db';
import { env } from './env';
import { errorFields, log } from './log';

/**
 * Periodic jobs of the server process, each switchable off with an interval of 0:
 * marking idle drafts abandoned (P3.1) and purging expired data (P6.1).
 */
function every(minutes: number, name: string, job: () => Promise<Record<string, unknown> | void>) {
  if (minutes === 0) return;
  const run = async () => {
    try {
      const result = await job();
      if (result) log('info', name, result);
    } catch (error) {
      log('error', `${name}_failed`, errorFields(error));
    }
  };
  setInterval(run, minutes * 60_000).unref();
  void run();
}

export function startBackgroundJobs() {
  const abandonAfterMs = env.DRAFT_ABANDON_AFTER_HOURS * 3600_000;
  every(env.DRAFT_SWEEP_INTERVAL_MINUTES, 'drafts_marked_abandoned', async () => {
    const count = await markAbandonedDrafts(db, abandonAfterMs);
    return count > 0 ? { count } : undefined;
  });
  every(env.RETENTION_INTERVAL_MINUTES, 'retention_purged', async () => ({
    counts: await purgeExpiredData(db, { abandonAfterMs }),
  }));
}
