import { mailSenderIdle, wakeMailSender } from '@/features/mail/sender';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, beforeEach, describe, expect, it, afterEach } from 'vitest';
import { AuthError, type StaffUserDTO } from '@/server/authz';
import { listPublishableComments } from '@/features/survey/publication';
import {
  downloadExport,
  ExportLinkError,
  MAX_DOWNLOADS,
  peekVerification,
  requestVerification,
  sendExportLinkAs,
  VERIFICATIONS_PER_HOUR,
  verifyRequest,
  type SiteLinks,
} from '@/features/my-data/self-service';
import { listSecurityReportsAs, reportCompromise } from '@/features/my-data/security-report';
import { eraseSubjectAs, exportSubjectAs, markMinorAs } from '@/features/dpo/commands';
import { setRequestStatusAs } from '@/features/dpo/requests';
import { findSubject } from '@/features/dpo/subject';
import { PROVIDERS, useSeededDatabase } from '../helpers/databases';
import { startSmtpCatcher, type SmtpCatcher } from '../helpers/smtp-catcher';
import { seedFullSubject } from '../helpers/subjects';

/** Mail leaves through a real SMTP server running in this process (SMTP_URL points at it). */
let smtp: SmtpCatcher;
const site: SiteLinks = { baseUrl: 'http://sorgu.test', mail: { from: 'Sorğu <no-reply@sorgu.test>' } };
beforeAll(async () => {
  smtp = await startSmtpCatcher();
  site.mail.smtpUrl = smtp.url;
});
afterAll(() => smtp.close());
beforeEach(() => smtp.clear());

const linkIn = (body: string, kind: 'verify' | 'download') => body.match(new RegExp(`http://sorgu\\.test/(az|en)/my-data/${kind}/([A-Za-z0-9_-]{43})`))?.[2];

describe.each(PROVIDERS)('respondent self-service on %s', (provider) => {
  const t = useSeededDatabase(provider);
  // Mail queued by a test leaves in the background: let it finish before the database is dropped.
  afterEach(() => mailSenderIdle(t.db));
  const dpo = (): Promise<StaffUserDTO> =>
    t.db.staffUser.findUniqueOrThrow({ where: { email: 'dpo@sorgu.test' }, select: { id: true, email: true, name: true, role: true, clientId: true, locale: true } });
  /** The newest mail received over SMTP for this address, as the recipient's mail client would show it. */
  const lastMailTo = async (to: string) => {
    // Mail leaves in the background: wait until the sender has nothing due.
    await wakeMailSender(t.db, site.mail);
    const mail = smtp.lastTo(to);
    if (!mail) throw new Error(`no mail to ${to} arrived over SMTP`);
    return { subject: mail.subject, body: mail.text };
  };
  /** A verified access request of `email` with a download link mailed for it. */
  async function exportLinkFor(email: string, now = new Date()) {
    await requestVerification(t.db, { email, type: 'access', details: '', locale: 'en' }, site, now);
    const outcome = await verifyRequest(t.db, linkIn((await lastMailTo(email)).body, 'verify')!, now);
    if (outcome.status !== 'registered') throw new Error(outcome.status);
    await sendExportLinkAs(t.db, await dpo(), outcome.requestId, site, now);
    return { requestId: outcome.requestId, token: linkIn((await lastMailTo(email)).body, 'download')! };
  }

  it('P7.2 an access request is verified by a one-time link, enters the register, and the export arrives as an expiring download', async () => {
    const alice = await seedFullSubject(t.db, 'alice');
    const now = new Date('2026-06-01T10:00:00Z');
    await requestVerification(t.db, { email: 'Alice@Example.az', type: 'access', details: '', locale: 'en' }, site, now);
    expect(await t.db.dataSubjectRequest.count()).toBe(0);
    const token = linkIn((await lastMailTo(alice.email)).body, 'verify')!;
    expect(await t.db.subjectVerification.count({ where: { tokenHash: token } })).toBe(0); // only the hash is stored

    const outcome = await verifyRequest(t.db, token, now);
    expect(outcome).toMatchObject({ status: 'registered', type: 'access', completed: false });
    expect(await verifyRequest(t.db, token, now)).toEqual({ status: 'used' });
    const request = await t.db.dataSubjectRequest.findFirstOrThrow();
    expect(request).toMatchObject({ channel: 'self_service', contactEmail: alice.email, respondentIds: [alice.respondentId] });
    expect(request.dueAt.toISOString()).toBe('2026-07-01T19:59:59.999Z'); // the end of the day a month later, in Baku

    await sendExportLinkAs(t.db, await dpo(), request.id, site, now);
    const download = linkIn((await lastMailTo(alice.email)).body, 'download')!;
    const got = await downloadExport(t.db, download, new Date('2026-06-05T00:00:00Z'));
    expect(got.status).toBe('ok');
    const files = unzipSync(got.status === 'ok' ? got.zip.bytes : new Uint8Array());
    expect(strFromU8(files['contact.csv']!)).toContain(alice.email);
    expect(await downloadExport(t.db, download, new Date('2026-06-09T00:00:00Z'))).toEqual({ status: 'expired' });
    expect(await downloadExport(t.db, 'x'.repeat(43), now)).toEqual({ status: 'invalid' });

    // Closing the request tells the subject the outcome, in their language.
    await setRequestStatusAs(t.db, await dpo(), request.id, 'completed', 'Sent by download link.', { mail: site.mail });
    const closing = await lastMailTo(alice.email);
    expect(closing.subject).toBe('Sorğu: your request has been answered');
    expect(closing.body).toContain('Your request (access to your data) has been completed.');
    expect(closing.body).toContain('Sent by download link.');
  });

  it('a verification link expires after a day; mail to one address is throttled', async () => {
    const now = new Date('2026-06-01T10:00:00Z');
    await requestVerification(t.db, { email: 'someone@example.az', type: 'erasure', details: '', locale: 'az' }, site, now);
    const token = linkIn((await lastMailTo('someone@example.az')).body, 'verify')!;
    expect(await peekVerification(t.db, token, new Date('2026-06-02T10:00:01Z'))).toEqual({ status: 'expired' });
    expect(await verifyRequest(t.db, token, new Date('2026-06-02T10:00:01Z'))).toEqual({ status: 'expired' });
    for (let i = 1; i < VERIFICATIONS_PER_HOUR + 2; i++) await requestVerification(t.db, { email: 'someone@example.az', type: 'erasure', details: '', locale: 'az' }, site, now);
    await wakeMailSender(t.db, site.mail);
    expect(smtp.messages.filter((m) => m.to.includes('someone@example.az'))).toHaveLength(VERIFICATIONS_PER_HOUR);
    // Sent, not left in the outbox.
    expect(await t.db.outboxMessage.count({ where: { to: 'someone@example.az', sentAt: null } })).toBe(0);
  });

  it('P7.2 of ten verification requests for one address sent at once, exactly the hourly cap is mailed', async () => {
    const now = new Date('2026-06-01T10:00:00Z');
    const results = await Promise.all(
      Array.from({ length: 10 }, () => requestVerification(t.db, { email: 'burst@example.az', type: 'access', details: '', locale: 'en' }, site, now)),
    );
    expect(results.filter((r) => r.queued)).toHaveLength(VERIFICATIONS_PER_HOUR);
    expect(await t.db.subjectVerification.count({ where: { email: 'burst@example.az' } })).toBe(VERIFICATIONS_PER_HOUR);
    expect(await t.db.outboxMessage.count({ where: { to: 'burst@example.az' } })).toBe(VERIFICATIONS_PER_HOUR);
  });

  it('P3.3 revoking comment publication by self-service takes effect at once and closes the request', async () => {
    const alice = await seedFullSubject(t.db, 'alice');
    const cafe = await t.db.survey.findUniqueOrThrow({ where: { slug: 'cafe-visit' } });
    expect((await listPublishableComments(t.db, { surveyId: cafe.id })).map((c) => c.text)).toContain('Comment by alice');
    await requestVerification(t.db, { email: alice.email, type: 'withdrawal', details: '', locale: 'az' }, site);
    const outcome = await verifyRequest(t.db, linkIn((await lastMailTo(alice.email)).body, 'verify')!);
    expect(outcome).toMatchObject({ status: 'registered', completed: true });
    expect((await listPublishableComments(t.db, { surveyId: cafe.id })).map((c) => c.text)).not.toContain('Comment by alice');
    expect((await t.db.dataSubjectRequest.findFirstOrThrow()).status).toBe('completed');
  });

  it('P7.2 no export link goes out before the request has a subject: an empty zip would wrongly say nothing is held', async () => {
    await requestVerification(t.db, { email: 'unknown@example.az', type: 'access', details: '', locale: 'en' }, site);
    await verifyRequest(t.db, linkIn((await lastMailTo('unknown@example.az')).body, 'verify')!);
    const request = await t.db.dataSubjectRequest.findFirstOrThrow();
    expect(request.respondentIds).toEqual([]);
    await expect(sendExportLinkAs(t.db, await dpo(), request.id, site)).rejects.toEqual(new ExportLinkError('subject_not_attached'));
    expect(await t.db.exportLink.count()).toBe(0);
  });

  it('a rectification request must say what to correct', async () => {
    await expect(requestVerification(t.db, { email: 'a@example.az', type: 'rectification', details: ' ', locale: 'en' }, site)).rejects.toThrow(/details_required/);
  });

  it('P7.2 a verified request covers exactly the respondents the verified address finds, resolved once at verification', async () => {
    const alice = await seedFullSubject(t.db, 'alice');
    // Bob took a survey in Alice's browser (a family computer): linked to her only by the browser.
    const bob = await seedFullSubject(t.db, 'bob');
    await t.db.respondent.update({ where: { id: bob.respondentId }, data: { consentSubjectKey: alice.subjectKey } });
    const { requestId, token } = await exportLinkFor(alice.email);
    expect((await t.db.dataSubjectRequest.findUniqueOrThrow({ where: { id: requestId } })).respondentIds).toEqual([alice.respondentId]);
    // Someone gives Alice's address in a survey after her request was verified: not part of it.
    const carol = await seedFullSubject(t.db, 'carol');
    await t.db.answer.updateMany({ where: { responseId: carol.responseId, value: { equals: carol.email } }, data: { value: alice.email } });

    const got = await downloadExport(t.db, token);
    expect(got.status).toBe('ok');
    const files = unzipSync(got.status === 'ok' ? got.zip.bytes : new Uint8Array());
    const json = JSON.parse(strFromU8(files['subject.json']!));
    expect(json.subject.respondentIds).toEqual([alice.respondentId]);
    const everything = Object.values(files).map((f) => strFromU8(f)).join('\n');
    expect(everything).toContain('Comment by alice');
    for (const other of ['Comment by bob', bob.email, 'Comment by carol']) expect(everything).not.toContain(other);
  });

  it('P7.2 a download link dies when its request is closed or refused', async () => {
    const alice = await seedFullSubject(t.db, 'alice');
    for (const status of ['completed', 'refused'] as const) {
      const { requestId, token } = await exportLinkFor(alice.email);
      expect((await downloadExport(t.db, token)).status).toBe('ok');
      await setRequestStatusAs(t.db, await dpo(), requestId, status, 'Answered.', { mail: site.mail });
      expect(await downloadExport(t.db, token)).toEqual({ status: 'closed' });
    }
  });

  it('P7.2 a download link dies when its subject is erased, or deleted as a minor', async () => {
    const alice = await seedFullSubject(t.db, 'alice');
    const erased = await exportLinkFor(alice.email);
    await eraseSubjectAs(t.db, await dpo(), await findSubject(t.db, { kind: 'email', value: alice.email }));
    expect(await downloadExport(t.db, erased.token)).toEqual({ status: 'gone' });

    const bob = await seedFullSubject(t.db, 'bob');
    const minor = await exportLinkFor(bob.email);
    await markMinorAs(t.db, await dpo(), { respondentIds: [bob.respondentId], consentSubjectKeys: [bob.subjectKey] });
    expect(await downloadExport(t.db, minor.token)).toEqual({ status: 'gone' });
    expect(await t.db.auditEvent.count({ where: { action: 'subject.exported' } })).toBe(0);
  });

  it(`P7.2 a download link works ${MAX_DOWNLOADS} times at most, also when the downloads race`, async () => {
    const alice = await seedFullSubject(t.db, 'alice');
    const { token } = await exportLinkFor(alice.email);
    const results = await Promise.all(Array.from({ length: MAX_DOWNLOADS + 3 }, () => downloadExport(t.db, token)));
    expect(results.filter((r) => r.status === 'ok')).toHaveLength(MAX_DOWNLOADS);
    expect(results.filter((r) => r.status !== 'ok')).toEqual(Array(3).fill({ status: 'used_up' }));
    expect(await downloadExport(t.db, token)).toEqual({ status: 'used_up' });
    expect((await t.db.exportLink.findFirstOrThrow()).downloads).toBe(MAX_DOWNLOADS);
    // Each download is on the request's own audit trail, by the respondent.
    expect(await t.db.auditEvent.count({ where: { action: 'subject.exported', actor: 'respondent', target: { startsWith: 'request:' } } })).toBe(MAX_DOWNLOADS);
  });

  it('P7.2 the staff export takes a DPO: no magic string skips the role check', async () => {
    const alice = await seedFullSubject(t.db, 'alice');
    const ref = { respondentIds: [alice.respondentId], consentSubjectKeys: [alice.subjectKey] };
    await expect(exportSubjectAs(t.db, 'self-service' as never, ref)).rejects.toBeInstanceOf(AuthError);
    expect(await t.db.auditEvent.count({ where: { action: 'subject.exported' } })).toBe(0);
  });

  it('P13.1 a suspected compromise reaches the DPO', async () => {
    await reportCompromise(t.db, { description: 'I received someone else’s survey link by SMS.', contactEmail: '', locale: 'az' });
    await expect(reportCompromise(t.db, { description: 'short', contactEmail: '', locale: 'az' })).rejects.toThrow(/too_short/);
    const reports = await listSecurityReportsAs(t.db, await dpo());
    expect(reports.map((r) => [r.description, r.contactEmail])).toEqual([['I received someone else’s survey link by SMS.', null]]);
    expect(await t.db.auditEvent.count({ where: { action: 'security.reported' } })).toBe(1);
  });
});
