import { randomUUID } from 'node:crypto';
import type { Db } from '@/server/create-db';
import { markAbandonedDrafts } from '@/features/survey/drafts';
import { PARTIAL_STATUSES } from '@/features/survey/fieldwork';
import { DELETION_REGISTER, type Tx } from '@/features/deletion/register';
import { deleteScope, EMPTY_SCOPE, withAudit } from '@/features/deletion/engine';
import { RETENTION_DAYS, SURVEY_RETENTION_FIELDS, effectiveRetentionDays, retentionCutoff, type RetentionCategory } from './rules';

/**
 * policy: P6.1, P3.1 — deletes whatever has outlived its retention period (rules.ts), for every
 * table of the deletion register.
 *
 * The work is a list of steps (one per rule and scope), each deleting in batches of bounded
 * statements. Batches are grouped into transactions of at most `chunkMs` of work, each committed
 * with its own `retention.purged` audit event (counts per rule, never values; target
 * `retention-run:<id>`, the same for every transaction of one run; convention 18): a
 * failure rolls back only the transaction it happens in, which leaves no row gone without its
 * audit event. A small purge is one transaction; a large backlog is several, so that respondents'
 * writes — which wait for an open transaction on the embedded database — wait at most one chunk,
 * not the whole run. A run is idempotent: a second run, or a run after a failure, carries on.
 */
export type PurgeOptions = {
  now?: Date;
  batchSize?: number;
  /** How long one transaction keeps deleting before it commits and the next one starts. */
  chunkMs?: number;
  days?: Record<RetentionCategory, number>;
  /** Drafts idle this long are first marked abandoned (so their own clock starts). */
  abandonAfterMs?: number;
  actor?: string;
};

export type PurgeCounts = Record<RetentionCategory, number>;

const DAY_MS = 86_400_000;
const DEFAULT_CHUNK_MS = 100;

/** One batch of one rule: deletes (or clears) up to `take` rows and says how many. */
type Step = { rule: RetentionCategory; batch: (tx: Tx, take: number) => Promise<number> };

/** A step that finds the ids of expired rows, then removes exactly those. */
const byIds = (rule: RetentionCategory, find: (tx: Tx, take: number) => Promise<{ id: string }[]>, remove: (tx: Tx, ids: string[]) => Promise<unknown>): Step => ({
  rule,
  batch: async (tx, take) => {
    const ids = (await find(tx, take)).map((r) => r.id);
    if (ids.length) await remove(tx, ids);
    return ids.length;
  },
});

/**
 * A step that walks its table in (time, id) order and remembers where its last batch ended, so
 * that each batch starts after the rows the previous ones removed. Finding expired rows from the
 * start of the index every time re-reads the index entries every earlier batch left dead: at a
 * million rows that made a purge take 11 minutes instead of seconds (bench/big-data.mts). `at` is
 * the indexed time column; `find` adds the page's condition to its own and selects `id` and `at`.
 * A run that fails ends (the next run starts from the beginning), so the cursor never skips rows
 * of a batch that was rolled back and then retried.
 */
type Page = { where: object; orderBy: { [column: string]: 'asc' }[]; take: number };
const walking = (
  rule: RetentionCategory,
  at: 'createdAt' | 'completedAt' | 'collectedAt',
  find: (tx: Tx, page: Page) => Promise<({ id: string } & Record<string, unknown>)[]>,
  remove: (tx: Tx, ids: string[]) => Promise<unknown>,
): Step => {
  let cursor: { at: Date; id: string } | null = null;
  return {
    rule,
    batch: async (tx, take) => {
      const where = cursor ? { AND: [{ [at]: { gte: cursor.at } }, { NOT: { [at]: cursor.at, id: { lte: cursor.id } } }] } : {};
      const rows = await find(tx, { where, orderBy: [{ [at]: 'asc' }, { id: 'asc' }], take });
      if (rows.length) await remove(tx, rows.map((r) => r.id));
      const last = rows.at(-1);
      if (last) cursor = { at: last[at] as Date, id: last.id };
      return rows.length;
    },
  };
};

type SurveyRetention = { id: string; retentionContactDays: number | null; retentionDemographicDays: number | null; retentionAnswersDays: number | null; retentionDraftDays: number | null };

/** Every step of a run, in deletion order (children before parents). */
function purgeSteps(shorter: SurveyRetention[], now: Date, days: Record<RetentionCategory, number>): Step[] {
  const cutoff = (c: RetentionCategory) => retentionCutoff(c, now, days);
  const before = (periodDays: number) => new Date(now.getTime() - periodDays * DAY_MS);
  const periodOf = (category: keyof typeof SURVEY_RETENTION_FIELDS) => (s: SurveyRetention | null) =>
    s ? effectiveRetentionDays(category, s[SURVEY_RETENTION_FIELDS[category]]) : days[category];
  // The policy's period for every survey, then each shorter one for its own survey (P6.1).
  const scopes = (period: (s: SurveyRetention | null) => number) => [
    { where: {}, before: before(period(null)) },
    ...shorter.map((s) => ({ where: { surveyId: s.id }, before: before(period(s)) })),
  ];
  // An invitation outlives its response here: it has its own period (below).
  const dropResponses = (tx: Tx, ids: string[]) => deleteScope(tx, { ...EMPTY_SCOPE, responseIds: ids }, { skip: ['invitations'] });
  const steps: Step[] = [];

  // Partial responses (P3.1) — abandoned drafts, and those ended early (screened out, quota full):
  // the whole response, with what was collected for it.
  for (const scope of scopes(periodOf('abandonedDrafts'))) {
    steps.push(
      byIds('abandonedDrafts', (tx, take) => tx.response.findMany({ where: { ...scope.where, status: { in: [...PARTIAL_STATUSES] }, abandonedAt: { lt: scope.before } }, select: { id: true }, take }), dropResponses),
    );
  }
  // Answers of completed responses, per category, counted from completion. An answer is written
  // before its response completes — give or take a write that waited for a lock while a parallel
  // Finish committed, or two instances' clocks: a day covers both — so the walk reads only the
  // index range (category, createdAt) up to a day past the cutoff; the response decides.
  for (const category of ['contact', 'demographic', 'answers'] as const) {
    for (const scope of scopes(periodOf(category))) {
      steps.push(
        walking(
          category,
          'createdAt',
          (tx, page) =>
            tx.answer.findMany({
              where: { AND: [{ category, createdAt: { lt: new Date(scope.before.getTime() + DAY_MS) }, response: { ...scope.where, status: 'completed', completedAt: { lt: scope.before } } }, page.where] },
              orderBy: page.orderBy,
              take: page.take,
              select: { id: true, createdAt: true },
            }),
          (tx, ids) => tx.answer.deleteMany({ where: { id: { in: ids } } }),
        ),
      );
    }
  }
  // Quota memberships say what the demographic answers said ("women 25–34"): they go with them.
  for (const scope of scopes(periodOf('demographic'))) {
    steps.push(
      byIds(
        'quotaMembers',
        (tx, take) => tx.quotaMember.findMany({ where: { response: { ...scope.where, status: 'completed', completedAt: { lt: scope.before } } }, select: { id: true }, take }),
        (tx, ids) => tx.quotaMember.deleteMany({ where: { id: { in: ids } } }),
      ),
    );
  }
  // policy: P5.1 — a survey's contact list (invitations): the contact period, from the upload.
  for (const scope of scopes(periodOf('contact'))) {
    steps.push(
      byIds(
        'invitations',
        (tx, take) => tx.invitation.findMany({ where: { ...scope.where, createdAt: { lt: scope.before } }, select: { id: true }, take }),
        (tx, ids) => tx.invitation.deleteMany({ where: { id: { in: ids } } }),
      ),
    );
  }
  // The completed response itself (times, language, browser link) once the longest of its
  // survey's answer periods has passed: nothing it held is left to keep.
  const longest = (s: SurveyRetention | null) => Math.max(periodOf('contact')(s), periodOf('demographic')(s), periodOf('answers')(s), s ? 0 : days.responses);
  for (const scope of scopes(longest)) {
    steps.push(
      walking(
        'responses',
        'completedAt',
        (tx, page) => tx.response.findMany({ where: { AND: [{ ...scope.where, status: 'completed', completedAt: { lt: scope.before } }, page.where] }, orderBy: page.orderBy, take: page.take, select: { id: true, completedAt: true } }),
        dropResponses,
      ),
    );
  }
  // Consent-based rows, counted from collection (the register names each table's rule).
  for (const entry of DELETION_REGISTER) {
    if (!entry.consentCategory || !('rule' in entry.retention)) continue;
    const { rule } = entry.retention;
    steps.push(
      walking(
        rule,
        'collectedAt',
        (tx, page) => entry.table(tx).findMany({ where: { AND: [{ collectedAt: { lt: cutoff(rule) } }, page.where] }, orderBy: page.orderBy, take: page.take, select: { id: true, collectedAt: true } }),
        (tx, ids) => entry.table(tx).deleteMany({ where: { id: { in: ids } } }),
      ),
    );
  }
  // Respondents left with no response at all hold nothing worth keeping.
  steps.push(
    byIds(
      'respondents',
      (tx, take) => tx.respondent.findMany({ where: { responses: { none: {} }, createdAt: { lt: cutoff('respondents') } }, select: { id: true }, take }),
      (tx, ids) => tx.respondent.deleteMany({ where: { id: { in: ids }, responses: { none: {} } } }),
    ),
  );
  // Proof of a choice outlives the data collected under it, then goes too.
  const unused = { usageRows: { none: {} }, fraudRows: { none: {} }, locationRows: { none: {} }, sessionRows: { none: {} }, socialRows: { none: {} } };
  steps.push(
    byIds(
      'consentRecords',
      (tx, take) => tx.consentRecord.findMany({ where: { createdAt: { lt: cutoff('consentRecords') }, ...unused }, select: { id: true }, take }),
      (tx, ids) => tx.consentRecord.deleteMany({ where: { id: { in: ids }, ...unused } }),
    ),
  );
  // Mail holds an address; verification and download links hold an address or a subject: gone
  // once they cannot be used any more.
  steps.push(
    byIds('mail', (tx, take) => tx.outboxMessage.findMany({ where: { createdAt: { lt: cutoff('mail') } }, select: { id: true }, take }), (tx, ids) => tx.outboxMessage.deleteMany({ where: { id: { in: ids } } })),
    byIds('expiredLinks', (tx, take) => tx.subjectVerification.findMany({ where: { expiresAt: { lt: cutoff('expiredLinks') } }, select: { id: true }, take }), (tx, ids) => tx.subjectVerification.deleteMany({ where: { id: { in: ids } } })),
    byIds('expiredLinks', (tx, take) => tx.exportLink.findMany({ where: { expiresAt: { lt: cutoff('expiredLinks') } }, select: { id: true }, take }), (tx, ids) => tx.exportLink.deleteMany({ where: { id: { in: ids } } })),
  );
  // The requests register keeps each request (type, dates, outcome); the subject's address and
  // own words go a year after it was closed.
  steps.push(
    byIds(
      'requestContact',
      (tx, take) => tx.dataSubjectRequest.findMany({ where: { closedAt: { lt: cutoff('requestContact') }, OR: [{ contactEmail: { not: null } }, { details: { not: null } }] }, select: { id: true }, take }),
      (tx, ids) => tx.dataSubjectRequest.updateMany({ where: { id: { in: ids } }, data: { contactEmail: null, details: null } }),
    ),
    // Requests for help, with their answers, a year after the last message or closing (P5.1).
    byIds(
      'support',
      (tx, take) => tx.supportRequest.findMany({ where: { lastActivityAt: { lt: cutoff('support') } }, select: { id: true }, take }),
      async (tx, ids) => {
        await tx.supportReply.deleteMany({ where: { requestId: { in: ids } } });
        return tx.supportRequest.deleteMany({ where: { id: { in: ids } } });
      },
    ),
    // Rewards, prize-draw entries and partner hand-overs, a year after they were made (P8.1, P5.2).
    byIds('rewards', (tx, take) => tx.partnerHandover.findMany({ where: { at: { lt: cutoff('rewards') } }, select: { id: true }, take }), (tx, ids) => tx.partnerHandover.deleteMany({ where: { id: { in: ids } } })),
    byIds('rewards', (tx, take) => tx.reward.findMany({ where: { createdAt: { lt: cutoff('rewards') } }, select: { id: true }, take }), (tx, ids) => tx.reward.deleteMany({ where: { id: { in: ids } } })),
    byIds('rewards', (tx, take) => tx.sweepstakesEntry.findMany({ where: { enteredAt: { lt: cutoff('rewards') } }, select: { id: true }, take }), (tx, ids) => tx.sweepstakesEntry.deleteMany({ where: { id: { in: ids } } })),
    // What Clients told about their customers, a year after the upload it came with (P4.4).
    byIds('clientData', (tx, take) => tx.clientDatum.findMany({ where: { createdAt: { lt: cutoff('clientData') } }, select: { id: true }, take }), (tx, ids) => tx.clientDatum.deleteMany({ where: { id: { in: ids } } })),
    // The Client's customer id a link carried matches its data: it goes after the same period,
    // counted from the response's start (the response itself may be kept longer for its answers).
    byIds(
      'customerIds',
      (tx, take) => tx.response.findMany({ where: { customerId: { not: null }, startedAt: { lt: cutoff('customerIds') } }, select: { id: true }, take }),
      (tx, ids) => tx.response.updateMany({ where: { id: { in: ids } }, data: { customerId: null } }),
    ),
    byIds('securityReports', (tx, take) => tx.securityReport.findMany({ where: { createdAt: { lt: cutoff('securityReports') } }, select: { id: true }, take }), (tx, ids) => tx.securityReport.deleteMany({ where: { id: { in: ids } } })),
    // Sign-in counters hold client addresses; public write counters keyed hashes of them. Their
    // windows last an hour at most. (Keyed by `key`, not `id`.)
    {
      rule: 'loginThrottle',
      batch: async (tx, take) => {
        const keys = (await tx.loginThrottle.findMany({ where: { windowStart: { lt: cutoff('loginThrottle') } }, select: { key: true }, take })).map((r) => r.key);
        return keys.length ? (await tx.loginThrottle.deleteMany({ where: { key: { in: keys } } })).count : 0;
      },
    },
    {
      rule: 'rateLimits',
      batch: async (tx, take) => {
        const keys = (await tx.rateLimitBucket.findMany({ where: { windowStart: { lt: cutoff('rateLimits') } }, select: { key: true }, take })).map((r) => r.key);
        return keys.length ? (await tx.rateLimitBucket.deleteMany({ where: { key: { in: keys } } })).count : 0;
      },
    },
  );
  return steps;
}

const noCounts = (): PurgeCounts => Object.fromEntries(Object.keys(RETENTION_DAYS).map((rule) => [rule, 0])) as PurgeCounts;

export async function purgeExpiredData(db: Db, options: PurgeOptions = {}): Promise<PurgeCounts> {
  const now = options.now ?? new Date();
  const take = options.batchSize ?? 500;
  const chunkMs = options.chunkMs ?? DEFAULT_CHUNK_MS;
  // Surveys that keep some data for less time than the policy: their own cutoffs.
  const shorter: SurveyRetention[] = await db.survey.findMany({
    where: { OR: Object.values(SURVEY_RETENTION_FIELDS).map((field) => ({ [field]: { not: null } })) },
    select: { id: true, retentionContactDays: true, retentionDemographicDays: true, retentionAnswersDays: true, retentionDraftDays: true },
  });
  const steps = purgeSteps(shorter, now, options.days ?? RETENTION_DAYS);
  const totals = noCounts();
  // The events of one run's transactions name the run.
  const run = randomUUID();
  let next = 0;
  let first = true;
  do {
    let reached = next;
    const counts = await withAudit(db, { actor: options.actor ?? 'system', action: 'retention.purged', target: `retention-run:${run}`, at: now }, async (tx) => {
      const chunk = noCounts();
      reached = next;
      if (first && options.abandonAfterMs) await markAbandonedDrafts(tx, options.abandonAfterMs, now);
      const started = Date.now();
      // At least one batch per transaction, so that every run makes progress.
      do {
        const { rule, batch } = steps[reached]!;
        const removed = await batch(tx, take);
        chunk[rule] += removed;
        if (removed < take) reached++;
      } while (reached < steps.length && Date.now() - started < chunkMs);
      return chunk;
    });
    // Only a committed transaction moves the run on.
    next = reached;
    first = false;
    for (const rule of Object.keys(totals) as RetentionCategory[]) totals[rule] += counts[rule];
    // The embedded database answers synchronously, so a run would be one unbroken chain of
    // promise callbacks that keeps every request waiting: give the event loop a turn between chunks.
    await new Promise((resolve) => setImmediate(resolve));
  } while (next < steps.length);
  return totals;
}
