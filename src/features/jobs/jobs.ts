import type { Db } from '@/server/create-db';
import type { PeriodicJob } from '@/server/run-once';
import { forgetCompletedTokens, markAbandonedDrafts } from '@/features/survey/drafts';
import { purgeExpiredData } from '@/features/retention/purge';
import { sendDueReminders, type Mailing } from '@/features/invitations/invitations';

/** The purge's job name: `npm run retention:purge` takes the same lease. */
export const RETENTION_JOB = 'retention_purged';
export const REMINDERS_JOB = 'invitation_reminders_sent';

/** The settings the jobs read (from env in the server; from arguments in tests and scripts). */
export type JobSettings = {
  draftAbandonAfterHours: number;
  draftSweepIntervalMinutes: number;
  retentionIntervalMinutes: number;
  /** Automatic invitation reminders: how often, and where their links point (read when the job runs). */
  reminders?: { everyMinutes: number; mailing: () => Promise<Mailing> };
};

/**
 * The periodic jobs of the app: marking idle drafts abandoned (P3.1), purging expired data
 * (P6.1) and sending the invitation reminders now due (P5.1). Each runs once per interval across
 * all instances (src/server/run-once.ts).
 * Mail has its own sender, which every instance runs (src/features/mail/sender.ts): each message
 * is claimed by one of them.
 */
export function backgroundJobs(settings: JobSettings): PeriodicJob[] {
  const abandonAfterMs = settings.draftAbandonAfterHours * 3600_000;
  return [
    {
      name: 'drafts_marked_abandoned',
      everyMinutes: settings.draftSweepIntervalMinutes,
      async run(db: Db, now: Date) {
        const count = await markAbandonedDrafts(db, abandonAfterMs, now);
        // A completed response's resume token is kept an hour for a resent Finish, no longer.
        const tokensForgotten = await forgetCompletedTokens(db, now);
        return count > 0 || tokensForgotten > 0 ? { count, tokensForgotten } : undefined;
      },
    },
    {
      name: RETENTION_JOB,
      everyMinutes: settings.retentionIntervalMinutes,
      async run(db: Db, now: Date) {
        return { counts: await purgeExpiredData(db, { abandonAfterMs, now }) };
      },
    },
    ...(settings.reminders
      ? [
          {
            name: REMINDERS_JOB,
            everyMinutes: settings.reminders.everyMinutes,
            async run(db: Db, now: Date) {
              const { surveys, sent } = await sendDueReminders(db, await settings.reminders!.mailing(), now);
              return sent > 0 ? { surveys, sent } : undefined;
            },
          },
        ]
      : []),
  ];
}
