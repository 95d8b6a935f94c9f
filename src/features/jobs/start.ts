import 'server-only';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { startPeriodicJobs } from '@/server/run-once';
import { backgroundJobs } from './jobs';

/** Server start (src/instrumentation.ts): each job's timer, each switchable off with an interval of 0. */
export function startBackgroundJobs() {
  startPeriodicJobs(
    db,
    backgroundJobs({
      draftAbandonAfterHours: env.DRAFT_ABANDON_AFTER_HOURS,
      draftSweepIntervalMinutes: env.DRAFT_SWEEP_INTERVAL_MINUTES,
      retentionIntervalMinutes: env.RETENTION_INTERVAL_MINUTES,
    }),
  );
}
