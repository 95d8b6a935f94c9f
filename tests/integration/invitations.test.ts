import { describe, expect, it } from 'vitest';
import { FIELDWORK_SURVEY_SLUG } from '../../prisma/seed';
import type { StaffUserDTO } from '@/server/authz';
import { importContactsAs, listInvitationsAs, optOut, sendInvitationsAs, invitationFor, linkInvitationResponse, REMINDER_GAP_MS } from '@/features/invitations/invitations';
import { invitationResponseKey, invitationToken } from '@/features/invitations/tokens';
import { completeDraft, discardDraft, endDraft, PanelIdFinishedError, startDraft } from '@/features/survey/drafts';
import { invitedHiddenValues } from '@/features/survey/link-values';
import { findDraft, getPublishedSurvey, type SurveyDTO } from '@/features/survey/queries';
import { deleteScope, EMPTY_SCOPE, scopeOfRespondents, withAudit } from '@/features/deletion/engine';
import { collectSubjectData, findSubject } from '@/features/dpo/subject';
import { updateFieldworkAs } from '@/features/builder/fieldwork-commands';
import { backgroundJobs, REMINDERS_JOB } from '@/features/jobs/jobs';
import { PROVIDERS, useSeededDatabase } from '../helpers/databases';

const SECRET = 'invitation-test-secret-0123456789abcdef';
const MAILING = { baseUrl: 'https://sorgu.example', mail: { from: 'Sorğu <no-reply@sorgu.example>' }, secret: SECRET };
const csv = (text: string) => new Blob([text]).stream();

describe.each(PROVIDERS)('invitations on %s', (provider) => {
  const t = useSeededDatabase(provider);
  const survey = async (): Promise<SurveyDTO> => (await getPublishedSurvey(t.db, FIELDWORK_SURVEY_SLUG))!;
  const userOf = (email: string): Promise<StaffUserDTO> =>
    t.db.staffUser.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true, role: true, clientId: true, locale: true } });
  const admin = () => userOf('admin@sorgu.test');
  const tokenOf = async (email: string) => invitationToken((await t.db.invitation.findFirstOrThrow({ where: { email } })).id, SECRET);
  const outbox = (to: string) => t.db.outboxMessage.findMany({ where: { to }, orderBy: { createdAt: 'asc' } });

  /** What the start action does with a personal link (survey/actions.ts startSurvey). */
  async function startWith(token: string) {
    const s = await survey();
    const invitation = (await invitationFor(t.db, s.id, token))!;
    const started = await startDraft(t.db, s.id, 'en', new Date(), null, undefined, { hiddenFields: invitedHiddenValues(s, invitation.linkValues), panelKey: invitationResponseKey(invitation.id), panelMayMove: true });
    await linkInvitationResponse(t.db, invitation.id, started.responseId);
    return started;
  }

  it('P5.1 a contact list is added whole or not at all; a contact already listed is skipped; only the survey’s own Client may', async () => {
    const s = await survey();
    const user = await admin();
    expect(await importContactsAs(t.db, user, s.id, csv('email,language,store\nleyla@example.az,en,baku-28\nbad,az,\n'), SECRET)).toEqual({ ok: false, errors: [{ line: 3, column: 'email', code: 'invalid_email' }] });
    expect(await t.db.invitation.count()).toBe(0);
    expect(await importContactsAs(t.db, user, s.id, csv('email,phone,language,store\nleyla@example.az,,en,baku-28\n,+994501234567,az,\n'), SECRET)).toEqual({ ok: true, added: 2, alreadyListed: 0 });
    expect(await importContactsAs(t.db, user, s.id, csv('email,src\nLEYLA@example.az,sms\nrauf@example.az,sms\n'), SECRET)).toEqual({ ok: true, added: 1, alreadyListed: 1 });
    // The token is never stored: only its digest.
    const stored = await t.db.invitation.findFirstOrThrow({ where: { email: 'leyla@example.az' } });
    expect(stored.tokenHash).not.toBe(await tokenOf('leyla@example.az'));
    expect(stored.linkValues).toEqual({ store: 'baku-28' });
    await expect(importContactsAs(t.db, await userOf('analyst@demo-bakery.test'), s.id, csv('email\nx@example.az\n'), SECRET)).rejects.toThrow('forbidden');
    await expect(listInvitationsAs(t.db, await userOf('analyst@demo-bakery.test'), s.id)).rejects.toThrow('forbidden');
    expect((await listInvitationsAs(t.db, await userOf('analyst@demo-coffee.test'), s.id)).total).toBe(3);
  });

  it('P5.1 every mail says why it came and how to stop; each contact is mailed once, reminders only to who has not finished, at most N, not twice in a day', async () => {
    const s = await survey();
    const user = await admin();
    await importContactsAs(t.db, user, s.id, csv('email,phone,language\nleyla@example.az,,en\nrauf@example.az,,az\n,+994501234567,az\n'), SECRET);
    const t0 = new Date('2026-12-01T08:00:00Z');
    const [a, b] = await Promise.all([sendInvitationsAs(t.db, user, s.id, 'invite', MAILING, t0), sendInvitationsAs(t.db, user, s.id, 'invite', MAILING, t0)]);
    // Two clicks at once: each contact once.
    expect(a.sent + b.sent).toBe(2);
    expect(a.withoutEmail).toBe(1);
    const [invitation] = await outbox('leyla@example.az');
    expect(await outbox('leyla@example.az')).toHaveLength(1);
    const token = await tokenOf('leyla@example.az');
    expect(invitation!.body).toContain(`https://sorgu.example/en/s/${FIELDWORK_SURVEY_SLUG}?invite=${token}`);
    expect(invitation!.body).toContain('Why you receive this: Demo Coffee gave us this address');
    expect(invitation!.body).toContain(`https://sorgu.example/en/invitations/${token}/opt-out`);
    expect((await outbox('rauf@example.az'))[0]!.body).toContain('Bunu niyə alırsınız');

    // Leyla finishes; Rauf does not. A day later only Rauf is reminded; not again the same day.
    const started = await startWith(token);
    expect(await completeDraft(t.db, started.responseId)).toBe(true);
    const day = (n: number) => new Date(t0.getTime() + n * REMINDER_GAP_MS);
    expect((await sendInvitationsAs(t.db, user, s.id, 'remind', MAILING, day(0.5))).sent).toBe(0);
    expect((await sendInvitationsAs(t.db, user, s.id, 'remind', MAILING, day(1.1))).sent).toBe(1);
    expect((await sendInvitationsAs(t.db, user, s.id, 'remind', MAILING, day(1.5))).sent).toBe(0);
    expect((await sendInvitationsAs(t.db, user, s.id, 'remind', MAILING, day(2.2))).sent).toBe(1);
    // The survey allows two reminders (the default): no third.
    expect((await sendInvitationsAs(t.db, user, s.id, 'remind', MAILING, day(3.3))).sent).toBe(0);
    expect((await outbox('rauf@example.az')).map((m) => m.subject)).toEqual([expect.stringContaining('Demo Coffee'), expect.stringMatching(/^Xatırlatma/), expect.stringMatching(/^Xatırlatma/)]);
    expect(await outbox('leyla@example.az')).toHaveLength(1);
    const list = await listInvitationsAs(t.db, user, s.id);
    expect(Object.fromEntries(list.rows.map((r) => [r.email ?? r.phone, r.status]))).toEqual({ 'leyla@example.az': 'completed', 'rauf@example.az': 'invited', '+994501234567': 'not_invited' });
  });

  it('P5.1 automatic reminders: the job sends those due N days after the last mail, to who has not finished, at most N; never for a closed survey; staff set it on the fieldwork page', async () => {
    const s = await survey();
    const user = await admin();
    // Refused with its own message; then every 3 days.
    const fieldwork = (reminderAfterDays: number) => ({ opensAt: '', closesAt: '', maxResponses: null, returnUrlComplete: '', returnUrlScreenedOut: '', returnUrlQuotaFull: '', panelIdKey: '', maxReminders: 2, reminderAfterDays });
    await expect(updateFieldworkAs(t.db, user, s.id, fieldwork(0), 'Asia/Baku')).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ['reminderAfterDays'], message: 'reminder_after_days' })] });
    await updateFieldworkAs(t.db, user, s.id, fieldwork(3), 'Asia/Baku');
    await importContactsAs(t.db, user, s.id, csv('email,language\nleyla@example.az,en\nrauf@example.az,az\n'), SECRET);
    const t0 = new Date('2026-12-01T08:00:00Z');
    await sendInvitationsAs(t.db, user, s.id, 'invite', MAILING, t0);
    await completeDraft(t.db, (await startWith(await tokenOf('leyla@example.az'))).responseId);
    const job = backgroundJobs({ draftAbandonAfterHours: 72, draftSweepIntervalMinutes: 60, retentionIntervalMinutes: 360, reminders: { everyMinutes: 60, mailing: async () => MAILING } }).find((j) => j.name === REMINDERS_JOB)!;
    const at = (days: number) => new Date(t0.getTime() + days * 86_400_000);
    expect(await job.run(t.db, at(2))).toBeUndefined(); // not due yet (the button would send: 20 h)
    expect(await job.run(t.db, at(3.01))).toEqual({ surveys: 1, sent: 1 });
    expect(await job.run(t.db, at(3.5))).toBeUndefined();
    expect(await job.run(t.db, at(6.1))).toEqual({ surveys: 1, sent: 1 });
    expect(await job.run(t.db, at(9.2))).toBeUndefined(); // two reminders at most (the default)
    expect((await outbox('rauf@example.az')).map((m) => m.subject)).toEqual([expect.stringContaining('Demo Coffee'), expect.stringMatching(/^Xatırlatma/), expect.stringMatching(/^Xatırlatma/)]);
    expect(await outbox('leyla@example.az')).toHaveLength(1);
    expect(await t.db.auditEvent.count({ where: { action: 'invitations.reminded', actor: 'system' } })).toBe(2);

    // Another contact, invited later; the survey closes before their reminder is due: none is sent.
    await importContactsAs(t.db, user, s.id, csv('email\naysel@example.az\n'), SECRET);
    await sendInvitationsAs(t.db, user, s.id, 'invite', MAILING, at(10));
    await t.db.survey.update({ where: { id: s.id }, data: { closesAt: at(12) } });
    expect(await job.run(t.db, at(13.1))).toBeUndefined();
    expect(await outbox('aysel@example.az')).toHaveLength(1);
    // Without the setting the job leaves a survey alone.
    await t.db.survey.update({ where: { id: s.id }, data: { closesAt: null, reminderAfterDays: null } });
    expect(await job.run(t.db, at(13.2))).toBeUndefined();
  });

  it('P5.1 an opt-out is honoured at once: the unsent mail is dropped and no reminder follows; the link still works', async () => {
    const s = await survey();
    const user = await admin();
    await importContactsAs(t.db, user, s.id, csv('email\nrauf@example.az\n'), SECRET);
    await sendInvitationsAs(t.db, user, s.id, 'invite', MAILING);
    expect(await outbox('rauf@example.az')).toHaveLength(1);
    const token = await tokenOf('rauf@example.az');
    expect(await optOut(t.db, token)).toBe(true);
    // Not sent yet (no SMTP here): gone, not delivered after the opt-out.
    expect(await outbox('rauf@example.az')).toHaveLength(0);
    expect((await sendInvitationsAs(t.db, user, s.id, 'remind', MAILING, new Date(Date.now() + 3 * REMINDER_GAP_MS))).sent).toBe(0);
    expect(await optOut(t.db, 'x'.repeat(43))).toBe(false);
    expect((await startWith(token)).responseId).toBeTruthy();
    expect(await t.db.auditEvent.count({ where: { action: 'invitation.opted_out' } })).toBe(1);
  });

  it('a personal link starts one response with the contact’s own hidden values; it resumes while in progress and works once to complete', async () => {
    const s = await survey();
    await importContactsAs(t.db, await admin(), s.id, csv('email,store,src\nleyla@example.az,baku-28,email\n'), SECRET);
    const token = await tokenOf('leyla@example.az');
    const first = await startWith(token);
    const stored = await t.db.answer.findMany({ where: { responseId: first.responseId }, select: { value: true, question: { select: { key: true } } } });
    expect(Object.fromEntries(stored.map((a) => [a.question.key, a.value]))).toEqual({ store: 'baku-28', src: 'email' });
    // The same link on another device: the same response, now there.
    const again = await startWith(token);
    expect(again.responseId).toBe(first.responseId);
    expect((await findDraft(t.db, s.id, again.token))?.id).toBe(first.responseId);
    await endDraft(t.db, first.responseId, 'screened_out');
    await expect(startWith(token)).rejects.toBeInstanceOf(PanelIdFinishedError);
    expect(await t.db.response.count({ where: { surveyId: s.id } })).toBe(1);
    // A token of another survey's invitation opens nothing here.
    expect(await invitationFor(t.db, (await getPublishedSurvey(t.db, 'cafe-visit'))!.id, token)).toBeNull();
  });

  it('P3.1 P5.1 a contact who stops and deletes their answers stays on the list, as such, and is not reminded', async () => {
    const s = await survey();
    const user = await admin();
    await importContactsAs(t.db, user, s.id, csv('email\nrauf@example.az\n'), SECRET);
    const t0 = new Date();
    await sendInvitationsAs(t.db, user, s.id, 'invite', MAILING, t0);
    const started = await startWith(await tokenOf('rauf@example.az'));
    expect(await discardDraft(t.db, s.id, started.token)).toBe(true);
    expect(await t.db.response.count({ where: { id: started.responseId } })).toBe(0);
    const list = await listInvitationsAs(t.db, user, s.id);
    expect(list.rows.map((r) => [r.email, r.status])).toEqual([['rauf@example.az', 'removed']]);
    expect((await sendInvitationsAs(t.db, user, s.id, 'remind', MAILING, new Date(t0.getTime() + 2 * REMINDER_GAP_MS))).sent).toBe(0);
  });

  it('P5.1 no mail while the survey is not open (schedule), and none for a draft', async () => {
    const s = await survey();
    const user = await admin();
    await importContactsAs(t.db, user, s.id, csv('email\nrauf@example.az\n'), SECRET);
    await t.db.survey.update({ where: { id: s.id }, data: { opensAt: new Date(Date.now() + 86_400_000) } });
    await expect(sendInvitationsAs(t.db, user, s.id, 'invite', MAILING)).rejects.toMatchObject({ code: 'not_open' });
    await t.db.survey.update({ where: { id: s.id }, data: { opensAt: null, status: 'draft' } });
    await expect(sendInvitationsAs(t.db, user, s.id, 'invite', MAILING)).rejects.toMatchObject({ code: 'not_published' });
    expect(await outbox('rauf@example.az')).toHaveLength(0);
  });

  it('P7.2 an invitee who never answered is found by their address: view, export, erasure', async () => {
    const s = await survey();
    await importContactsAs(t.db, await admin(), s.id, csv('email\nquiet@example.az\n'), SECRET);
    const subject = await findSubject(t.db, { kind: 'email', value: 'Quiet@example.az' });
    expect(subject).toMatchObject({ respondentIds: [], supportEmails: ['quiet@example.az'] });
    const held = await collectSubjectData(t.db, subject);
    expect((held.categories.contact ?? []).map((i) => i.ref.table)).toEqual(['Invitation']);
    await withAudit(t.db, { actor: 'test', action: 'subject.erased', target: 'x' }, (tx) => deleteScope(tx, { ...EMPTY_SCOPE, emails: subject.supportEmails!, supportEmails: subject.supportEmails! }));
    expect(await t.db.invitation.count({ where: { email: 'quiet@example.az' } })).toBe(0);
  });

  it('P7.2 P6.1 the invitation is personal data: in the subject view, erased with the person (its mail too), purged after the contact period', async () => {
    const s = await survey();
    await importContactsAs(t.db, await admin(), s.id, csv('email\nleyla@example.az\nrauf@example.az\n'), SECRET, new Date('2025-01-01T00:00:00Z'));
    await sendInvitationsAs(t.db, await admin(), s.id, 'invite', MAILING, new Date());
    const started = await startWith(await tokenOf('leyla@example.az'));
    const { respondentId } = await t.db.response.findUniqueOrThrow({ where: { id: started.responseId } });
    const held = await collectSubjectData(t.db, { respondentIds: [respondentId], consentSubjectKeys: [] });
    expect((held.categories.contact ?? []).filter((i) => i.ref.table === 'Invitation').map((i) => (i.value as { email: string }).email)).toEqual(['leyla@example.az']);
    expect(await outbox('leyla@example.az')).toHaveLength(1);
    // Found through the response alone (she gave no address in the survey): the erasure's own scope.
    const scope = await scopeOfRespondents(t.db, [respondentId], { keys: [], consentIds: [] });
    expect(scope.emails).toEqual([]);
    expect(await withAudit(t.db, { actor: 'test', action: 'subject.erased', target: 'x' }, (tx) => deleteScope(tx, scope))).toMatchObject({ invitations: 1, mail: 1 });
    expect(await t.db.invitation.count({ where: { email: 'leyla@example.az' } })).toBe(0);
    expect(await outbox('leyla@example.az')).toHaveLength(0);
    expect(await outbox('rauf@example.az')).toHaveLength(1);
    const { purgeExpiredData } = await import('@/features/retention/purge');
    expect(await purgeExpiredData(t.db, { now: new Date('2026-01-05T00:00:00Z') })).toMatchObject({ invitations: 1 });
    expect(await t.db.invitation.count()).toBe(0);
  });
});
