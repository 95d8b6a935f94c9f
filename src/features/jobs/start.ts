import 'server-only';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { mailConfig } from '@/server/site-links';
import { invitationMailing } from '@/features/invitations/mailing';
import { startMailSender } from '@/features/mail/sender';
import { startPeriodicJobs } from '@/server/run-once';
import { backgroundJobs } from './jobs';

/** Server start (src/instrumentation.ts): each job's timer, each switchable off with an interval of 0. */
export function startBackgroundJobs() {
  // Mail queued while no instance was running (or that failed) leaves now, and is retried.
  startMailSender(db, mailConfig(), env.MAIL_RETRY_INTERVAL_SECONDS);
  startPeriodicJobs(
    db,
    backgroundJobs({
      draftAbandonAfterHours: env.DRAFT_ABANDON_AFTER_HOURS,
      draftSweepIntervalMinutes: env.DRAFT_SWEEP_INTERVAL_MINUTES,
      retentionIntervalMinutes: env.RETENTION_INTERVAL_MINUTES,
      reminders: { everyMinutes: env.REMINDER_INTERVAL_MINUTES, mailing: invitationMailing },
    }),
  );
}
