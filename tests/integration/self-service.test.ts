import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { StaffUserDTO } from '@/features/auth/roles';
import { listPublishableComments } from '@/features/survey/publication';
import { listMailbox } from '@/features/mail/outbox';
import { downloadExport, ExportLinkError, peekVerification, requestVerification, sendExportLinkAs, VERIFICATIONS_PER_HOUR, verifyRequest } from '@/features/my-data/self-service';
import { listSecurityReportsAs, reportCompromise } from '@/features/my-data/security-report';
import { setRequestStatusAs } from '@/features/dpo/requests';
import { PROVIDERS, useSeededDatabase } from '../helpers/databases';
import { seedFullSubject } from '../helpers/subjects';

const site = { baseUrl: 'http://sorgu.test', mail: { from: 'Sorğu <no-reply@sorgu.test>' } };
const linkIn = (body: string, kind: 'verify' | 'download') => body.match(new RegExp(`http://sorgu\\.test/(az|en)/my-data/${kind}/([A-Za-z0-9_-]{43})`))?.[2];

describe.each(PROVIDERS)('respondent self-service on %s', (provider) => {
  const t = useSeededDatabase(provider);
  const dpo = (): Promise<StaffUserDTO> =>
    t.db.staffUser.findUniqueOrThrow({ where: { email: 'dpo@sorgu.test' }, select: { id: true, email: true, name: true, role: true, clientId: true, locale: true } });
  const lastMailTo = async (to: string) => (await listMailbox(t.db)).find((m) => m.to === to)!;

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
    expect((await listMailbox(t.db)).filter((m) => m.to === 'someone@example.az')).toHaveLength(VERIFICATIONS_PER_HOUR);
  });

  it('P3.3 revoking comment publication by self-service takes effect at once and closes the request', async () => {
    const alice = await seedFullSubject(t.db, 'alice');
    const cafe = await t.db.survey.findUniqueOrThrow({ where: { slug: 'cafe-visit' } });
    expect((await listPublishableComments(t.db, cafe.id)).map((c) => c.text)).toContain('Comment by alice');
    await requestVerification(t.db, { email: alice.email, type: 'withdrawal', details: '', locale: 'az' }, site);
    const outcome = await verifyRequest(t.db, linkIn((await lastMailTo(alice.email)).body, 'verify')!);
    expect(outcome).toMatchObject({ status: 'registered', completed: true });
    expect((await listPublishableComments(t.db, cafe.id)).map((c) => c.text)).not.toContain('Comment by alice');
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

  it('P13.1 a suspected compromise reaches the DPO', async () => {
    await reportCompromise(t.db, { description: 'I received someone else’s survey link by SMS.', contactEmail: '', locale: 'az' });
    await expect(reportCompromise(t.db, { description: 'short', contactEmail: '', locale: 'az' })).rejects.toThrow(/too_short/);
    const reports = await listSecurityReportsAs(t.db, await dpo());
    expect(reports.map((r) => [r.description, r.contactEmail])).toEqual([['I received someone else’s survey link by SMS.', null]]);
    expect(await t.db.auditEvent.count({ where: { action: 'security.reported' } })).toBe(1);
  });
});
