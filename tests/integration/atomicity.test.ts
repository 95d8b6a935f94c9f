import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Db } from '@/server/create-db';
import type { StaffUserDTO } from '@/server/authz';
import { eraseSubjectAs, setRestrictionAs, withdrawConsentAs } from '@/features/dpo/commands';
import { registerRequestAs, setRequestStatusAs } from '@/features/dpo/requests';

import { createSurveyAs } from '@/features/builder/commands';
import { setStaffDisabledAs } from '@/features/admin/commands';
import { findSubject } from '@/features/dpo/subject';
import { purgeExpiredData } from '@/features/retention/purge';
import { markRespondentAsMinor } from '@/features/survey/minors';
import { discardDraft, saveSection, saveSectionAnswers, startDraft } from '@/features/survey/drafts';
import { recordConsent } from '@/features/consent/records';
import { NOTHING_GRANTED } from '@/features/consent/categories';
import { sendExportLinkAs, verifyRequest } from '@/features/my-data/self-service';
import { getPublishedSurvey } from '@/features/survey/queries';
import { sqlFor } from '@/server/sql';
import { DEMO_SURVEY_SLUG } from '../../prisma/seed';
import { seedFullSubject } from '../helpers/subjects';
import { dumpAllRows, PROVIDERS, rowCounts, type Provider, useSeededDatabase } from '../helpers/databases';

const DPO: StaffUserDTO = { id: 'dpo-1', email: 'dpo@sorgu.test', name: 'DPO', role: 'dpo', clientId: null, locale: 'en' };

/**
 * Makes the database refuse one kind of write, as a full disk, a lost connection or a constraint
 * would half-way through an operation. `table`/`on` pick the statement that fails.
 */
async function failOn(db: Db, provider: Provider, table: string, on: 'INSERT' | 'UPDATE' | 'DELETE') {
  if (provider === 'sqlite') {
    await db.$executeRawUnsafe(`CREATE TRIGGER injected_failure BEFORE ${on} ON "${table}" BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    return;
  }
  await db.$executeRawUnsafe(`CREATE FUNCTION injected_failure() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql`);
  await db.$executeRawUnsafe(`CREATE TRIGGER injected_failure BEFORE ${on} ON "${table}" FOR EACH ROW EXECUTE FUNCTION injected_failure()`);
}

/** The whole database, as text and as counts: equal before and after means nothing happened. */
const snapshot = async (db: Db, provider: Provider) => ({ counts: await rowCounts(db, provider), rows: await dumpAllRows(db, provider) });

/**
 * P6.1 P7.2 P11.1 P3.1 P4.2 — every multi-step write is one transaction with its audit row inside
 * (DESIGN.md convention 18): when the database fails half-way — on the audit row written last, or
 * on a delete in the middle — nothing of the operation remains, and no audit row claims it.
 */
describe.each(PROVIDERS)('multi-step writes are atomic on %s', (provider) => {
  const t = useSeededDatabase(provider);

  type FailurePoint = [table: string, on: 'INSERT' | 'UPDATE' | 'DELETE'];
  const audit: FailurePoint = ['AuditEvent', 'INSERT'];
  const operations: { name: string; run: (db: Db) => Promise<unknown>; failures: FailurePoint[] }[] = [
    {
      name: 'P7.2 erasing a subject',
      run: async (db) => eraseSubjectAs(db, DPO, await findSubject(db, { kind: 'email', value: 'atom@example.az' })),
      failures: [audit, ['Respondent', 'DELETE'], ['LocationFix', 'DELETE']],
    },
    {
      name: 'P11.1 deleting a discovered minor',
      run: async (db) => markRespondentAsMinor(db, (await findSubject(db, { kind: 'email', value: 'atom@example.az' })).respondentIds[0]!),
      failures: [audit, ['Respondent', 'UPDATE'], ['LocationFix', 'DELETE']],
    },
    {
      name: 'P4.2 withdrawing consent on the subject’s behalf',
      run: async (db) => withdrawConsentAs(db, DPO, await findSubject(db, { kind: 'email', value: 'atom@example.az' })),
      failures: [audit, ['LocationFix', 'DELETE'], ['PublicationPermission', 'UPDATE']],
    },
    {
      name: 'P6.1 a purge run in one transaction',
      run: (db) => purgeExpiredData(db, { now: new Date(Date.now() + 1000 * 86_400_000), chunkMs: 60_000 }),
      failures: [audit, ['Respondent', 'DELETE'], ['LocationFix', 'DELETE']],
    },
  ];

  for (const { name, run, failures } of operations) {
    for (const [table, on] of failures) {
      it(`${name}: a failure on ${on} ${table} leaves everything as it was`, async () => {
        await seedFullSubject(t.db, 'atom');
        const before = await snapshot(t.db, provider);
        await failOn(t.db, provider, table, on);
        await expect(run(t.db)).rejects.toThrow();
        const after = await snapshot(t.db, provider);
        expect(after.counts).toEqual(before.counts);
        expect(after.rows).toEqual(before.rows);
      });
    }
  }

  it('P6.1 a purge in several transactions that fails half-way: each committed one carries its audit event, the failed one left nothing', async () => {
    for (const marker of ['atom1', 'atom2', 'atom3']) await seedFullSubject(t.db, marker);
    const answersBefore = await t.db.answer.count();
    await failOn(t.db, provider, 'Respondent', 'DELETE');
    await expect(purgeExpiredData(t.db, { now: new Date(Date.now() + 1000 * 86_400_000), batchSize: 1, chunkMs: 0 })).rejects.toThrow();
    const events = await t.db.auditEvent.findMany({ where: { action: 'retention.purged' } });
    expect(events.length).toBeGreaterThan(1);
    const summed = (rule: string) => events.reduce((n, e) => n + Number((e.counts as Record<string, number>)[rule] ?? 0), 0);
    // Answers and responses went before the respondents' step failed, every one of them audited.
    expect(answersBefore - (await t.db.answer.count())).toBe(summed('contact') + summed('demographic') + summed('answers'));
    expect(summed('responses')).toBe(3);
    expect(await t.db.respondent.count()).toBe(3);
    expect(summed('respondents')).toBe(0);
  });

  it('P4.2 a choice that switches categories off: a failure on its audit row records nothing and erases nothing', async () => {
    const subject = await seedFullSubject(t.db, 'atom');
    const before = await snapshot(t.db, provider);
    await failOn(t.db, provider, 'AuditEvent', 'INSERT');
    await expect(recordConsent(t.db, { previousConsentId: subject.consentId, choice: NOTHING_GRANTED, method: 'reject_all', locale: 'en' })).rejects.toThrow();
    expect(await snapshot(t.db, provider)).toEqual(before);
  });

  it('P7.2 verifying a self-service request: a failure while registering it leaves the link unused', async () => {
    await seedFullSubject(t.db, 'atom');
    const token = randomBytes(32).toString('base64url');
    await t.db.subjectVerification.create({
      data: { tokenHash: createHash('sha256').update(token).digest('hex'), email: 'atom@example.az', type: 'withdrawal', locale: 'en', expiresAt: new Date(Date.now() + 3_600_000) },
    });
    const before = await snapshot(t.db, provider);
    await failOn(t.db, provider, 'AuditEvent', 'INSERT');
    await expect(verifyRequest(t.db, token)).rejects.toThrow();
    expect(await snapshot(t.db, provider)).toEqual(before);
  });

  it('P3.3 saving a section with a publishable comment: a failure on the permission keeps neither the comment nor the tick', async () => {
    const survey = (await getPublishedSurvey(t.db, DEMO_SURVEY_SLUG))!;
    const section = survey.sections.find((s) => s.questions.some((q) => q.publishable))!;
    const { responseId } = await startDraft(t.db, survey.id, 'en');
    const before = await snapshot(t.db, provider);
    await failOn(t.db, provider, 'PublicationPermission', 'INSERT');
    await expect(saveSection(t.db, responseId, section.questions, { comment: 'Publish me, atom' }, { comment: true }, 2)).rejects.toThrow();
    expect(await snapshot(t.db, provider)).toEqual(before);
  });

  /**
   * Starts `during` (another request's work) while a Prisma transaction is open, then makes that
   * transaction fail; resolves once it has been rolled back.
   */
  async function duringFailingTransaction(during: () => void) {
    let inside!: () => void;
    const transactionOpen = new Promise<void>((resolve) => (inside = resolve));
    let finish!: () => void;
    const mayFail = new Promise<void>((resolve) => (finish = resolve));
    const failing = t.db.$transaction(async (tx) => {
      await tx.outboxMessage.create({ data: { to: 'rolled-back@example.az', subject: 's', body: 'b' } });
      inside();
      await mayFail;
      throw new Error('this transaction fails');
    });
    await transactionOpen;
    during();
    await new Promise((resolve) => setTimeout(resolve, 50));
    finish();
    await expect(failing).rejects.toThrow('this transaction fails');
  }

  it('P6.1 a write acknowledged to one request is never rolled back with another request’s failed transaction', async () => {
    await t.db.outboxMessage.create({ data: { to: 'kept@example.az', subject: 'before', body: 'b' } });
    // Another request writes while the transaction is open: one statement, no transaction of its
    // own (like a counter's upsert). On SQLite's one connection it must wait, not join the open one.
    // (`.then` sends it now: a Prisma query is lazy until then.)
    let other!: Promise<number>;
    await duringFailingTransaction(() => (other = t.db.$executeRaw`UPDATE "OutboxMessage" SET "subject" = 'acknowledged' WHERE "to" = 'kept@example.az'`.then((n) => n)));
    expect(await other).toBe(1);
    expect((await t.db.outboxMessage.findMany()).map((m) => [m.to, m.subject])).toEqual([['kept@example.az', 'acknowledged']]);
  });

  it('P6.1 issue 11: a section saved on the hot path (plain SQL) while a Prisma transaction is open is kept when that transaction fails', async () => {
    const survey = (await getPublishedSurvey(t.db, DEMO_SURVEY_SLUG))!;
    const { responseId } = await startDraft(t.db, survey.id, 'en');
    const sql = await sqlFor(t.db);
    let saved!: Promise<void>;
    let read!: Promise<unknown[]>;
    await duringFailingTransaction(() => {
      saved = saveSectionAnswers(t.db, responseId, survey.sections[2]!.questions, { email: 'kept@example.az' }, 2);
      read = sql.all(`SELECT "id" FROM "Response" WHERE "id" = ?`, [responseId]);
    });
    await saved;
    expect(await read).toHaveLength(1);
    expect(await t.db.outboxMessage.count()).toBe(0);
    expect((await t.db.answer.findMany({ where: { responseId }, select: { value: true } })).map((a) => a.value)).toEqual(['kept@example.az']);
  });

  /** Every other write with an audit event: the same guarantee (DESIGN.md convention 18). */
  const ADMIN: StaffUserDTO = { id: 'admin-1', email: 'admin@sorgu.test', name: 'Admin', role: 'admin', clientId: null, locale: 'en' };
  const audited: { name: string; prepare: (db: Db) => Promise<(db: Db) => Promise<unknown>> }[] = [
    {
      name: 'P5.5 creating a survey',
      prepare: async (db) => {
        const clientId = (await db.client.findFirstOrThrow()).id;
        const text = { az: 'Sorğu', en: 'Survey' };
        return (d) => createSurveyAs(d, ADMIN, { clientId, slug: 'atom-survey', title: text, description: text, ageGate: false, minimumAge: null, country: null });
      },
    },
    { name: 'P7.2 restricting processing', prepare: async () => async (d) => setRestrictionAs(d, DPO, await findSubject(d, { kind: 'email', value: 'atom@example.az' }), true) },
    {
      name: 'P7.2 closing a request (with the outcome mail)',
      prepare: async (db) => {
        const request = await registerRequestAs(db, DPO, { type: 'access', channel: 'email', receivedAt: new Date(), respondentIds: [], contactEmail: 'atom@example.az', details: null, locale: 'en' });
        return (d) => setRequestStatusAs(d, DPO, request.id, 'completed', 'Done.', { mail: { from: 'x@sorgu.test' } });
      },
    },
    {
      name: 'P7.2 sending an export link',
      prepare: async (db) => {
        const { respondentIds } = await findSubject(db, { kind: 'email', value: 'atom@example.az' });
        const request = await registerRequestAs(db, DPO, { type: 'access', channel: 'email', receivedAt: new Date(), respondentIds, contactEmail: 'atom@example.az', details: null, locale: 'en' });
        return (d) => sendExportLinkAs(d, DPO, request.id, { baseUrl: 'http://sorgu.test', mail: { from: 'x@sorgu.test' } });
      },
    },
    {
      name: 'P13.1 disabling a staff account',
      prepare: async (db) => {
        const analyst = await db.staffUser.findFirstOrThrow({ where: { role: 'analyst' } });
        return (d) => setStaffDisabledAs(d, ADMIN, analyst.id, true);
      },
    },
  ];
  for (const { name, prepare } of audited) {
    it(`${name}: a failure on its audit row leaves everything as it was`, async () => {
      await seedFullSubject(t.db, 'atom');
      const run = await prepare(t.db);
      const before = await snapshot(t.db, provider);
      await failOn(t.db, provider, 'AuditEvent', 'INSERT');
      await expect(run(t.db)).rejects.toThrow();
      expect(await snapshot(t.db, provider)).toEqual(before);
    });
  }

  it('P3.1 P7.1 discarding a draft: a failure on the audit row leaves the draft as it was', async () => {
    const survey = (await getPublishedSurvey(t.db, DEMO_SURVEY_SLUG))!;
    const { token, responseId } = await startDraft(t.db, survey.id, 'en');
    await saveSectionAnswers(t.db, responseId, survey.sections[0]!.questions, { branch: 'nizami', overall_rating: 2 }, 1);
    const before = await snapshot(t.db, provider);
    await failOn(t.db, provider, 'AuditEvent', 'INSERT');
    await expect(discardDraft(t.db, survey.id, token)).rejects.toThrow();
    expect(await snapshot(t.db, provider)).toEqual(before);
  });
});
