import 'server-only';
import { markAbandonedDrafts } from '@/features/survey/drafts';
import { db } from './db';
import { env } from './env';
import { errorFields, log } from './log';

/** Marks idle drafts abandoned every DRAFT_SWEEP_INTERVAL_MINUTES (0 = off). */
export function startDraftSweep() {
  const minutes = env.DRAFT_SWEEP_INTERVAL_MINUTES;
  if (minutes === 0) return;
  const sweep = async () => {
    try {
      const count = await markAbandonedDrafts(db, env.DRAFT_ABANDON_AFTER_HOURS * 3600_000);
      if (count > 0) log('info', 'drafts_marked_abandoned', { count });
    } catch (error) {
      log('error', 'draft_sweep_failed', errorFields(error));
    }
  };
  setInterval(sweep, minutes * 60_000).unref();
  void sweep();
}
