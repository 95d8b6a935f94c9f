import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { AuthError, type StaffUserDTO } from '@/server/authz';
import {
  eraseSubjectAs,
  exportSubjectAs,
  findSubjectAs,
  markMinorAs,
  RectificationError,
  rectifyAnswerAs,
  setObjectionAs,
  setRestrictionAs,
  viewSubjectAs,
  withdrawConsentAs,
} from '@/features/dpo/commands';
import { attachSubjectAs, extendRequestAs, getRequestAs, listOpenRequestsAs, registerRequestAs, RequestStateError, setRequestStatusAs } from '@/features/dpo/requests';
import { planExport } from '@/features/responses/export';
import { surveyReport } from '@/features/responses/queries';
import { listPublishableComments } from '@/features/survey/publication';
import { purgeExpiredData } from '@/features/retention/purge';
import { dumpAllRows, PROVIDERS, useSeededDatabase } from '../helpers/databases';
import { seedFullSubject } from '../helpers/subjects';

describe.each(PROVIDERS)('DPO workspace on %s', (provider) => {
  const t = useSeededDatabase(provider);
  const userOf = (email: string): Promise<StaffUserDTO> =>
    t.db.staffUser.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true, role: true, clientId: true, locale: true } });
  const dpo = () => userOf('dpo@sorgu.test');
  const cafeId = async () => (await t.db.survey.findUniqueOrThrow({ where: { slug: 'cafe-visit' } })).id;

  it('P7.2 a subject of 55 respondents stays whole in its page handle, from a search and from a request', async () => {
    const { handleForSearch, parseSubjectHandle, requestHandle, resolveSubjectHandle } = await import('@/features/dpo/subject-handle');
    const many = [];
    for (let i = 0; i < 55; i++) many.push(await seedFullSubject(t.db, 'many'));
    const ids = many.map((m) => m.respondentId).sort();
    const user = await dpo();
    const query = { kind: 'email', value: 'MANY@example.az' } as const;
    const found = await findSubjectAs(t.db, user, query);
    expect(found.respondentIds).toEqual(ids);
    // The handle travels in the address: no email in it, and it still names all 55.
    const handle = await handleForSearch(query, found);
    expect(handle.id).not.toMatch(/many|example/i);
    expect(parseSubjectHandle(handle.kind, handle.id)).toEqual(handle);
    expect((await resolveSubjectHandle(t.db, handle))?.respondentIds).toEqual(ids);
    const request = await registerRequestAs(t.db, user, { type: 'erasure', channel: 'email', receivedAt: new Date(), respondentIds: ids, contactEmail: null, details: null, locale: 'en' });
    expect((await resolveSubjectHandle(t.db, requestHandle(request.id)))?.respondentIds).toEqual(ids);
    // A small subject keeps its readable handle; a forged or altered sealed one names nobody.
    const alice = await seedFullSubject(t.db, 'alice');
    expect(await handleForSearch({ kind: 'email', value: 'alice@example.az' }, await findSubjectAs(t.db, user, { kind: 'email', value: 'alice@example.az' }))).toEqual({ kind: 'respondent', id: alice.respondentId });
    expect(await resolveSubjectHandle(t.db, { kind: 'search', id: handle.id.slice(0, -2) + 'xx' })).toBeNull();
  });

  it('P7.2 finds the same subject by email (any case), phone, respondent id, consent id and response id', async () => {
    const alice = await seedFullSubject(t.db, 'alice');
    await seedFullSubject(t.db, 'bob');
    const user = await dpo();
    const expected = { respondentIds: [alice.respondentId], consentSubjectKeys: [alice.subjectKey] };
    for (const [kind, value] of [
      ['email', 'ALICE@example.az'],
      ['phone', `${alice.phone.slice(0, 4)} ${alice.phone.slice(4, 6)} (${alice.phone.slice(6, 9)}) ${alice.phone.slice(9)}`],
      ['respondent', alice.respondentId],
      ['consent', alice.consentId],
      ['response', alice.responseId],
    ] as const) {
      expect(await findSubjectAs(t.db, user, { kind, value }), kind).toEqual(expected);
    }
    expect(await findSubjectAs(t.db, user, { kind: 'email', value: 'nobody@example.az' })).toEqual({ respondentIds: [], consentSubjectKeys: [] });
  });

  it('P7.2 an email finds every respondent who gave it; a respondent id finds only that respondent', async () => {
    const first = await seedFullSubject(t.db, 'carol');
    const second = await seedFullSubject(t.db, 'carol');
    const user = await dpo();
    const both = await findSubjectAs(t.db, user, { kind: 'email', value: first.email });
    expect(both.respondentIds).toEqual([first.respondentId, second.respondentId].sort());
    expect(both.consentSubjectKeys).toEqual([first.subjectKey, second.subjectKey].sort());
    // The DPO's pages carry the ids found, so the same two come back (not more, not fewer).
    expect(await findSubjectAs(t.db, user, { kind: 'respondent', value: both.respondentIds.join(',') })).toEqual(both);
    // Contact details are not followed from a respondent: a shared phone must not widen an erasure.
    expect((await findSubjectAs(t.db, user, { kind: 'respondent', value: first.respondentId })).respondentIds).toEqual([first.respondentId]);
    // The same browser is not the same person: another respondent who used it joins nobody
    // (a lead for the DPO, see consent-subjects.test.ts).
    await t.db.respondent.create({ data: { consentSubjectKey: first.subjectKey } });
    expect((await findSubjectAs(t.db, user, { kind: 'consent', value: first.consentId })).respondentIds).toEqual([]);
    expect((await findSubjectAs(t.db, user, { kind: 'respondent', value: first.respondentId })).respondentIds).toEqual([first.respondentId]);
  });

  it('P7.2 P14.1 the subject view groups what is held by category, with basis, source, region, deletion date and consent history', async () => {
    const alice = await seedFullSubject(t.db, 'alice', { completedAt: new Date('2026-03-01T00:00:00Z') });
    const user = await dpo();
    const data = await viewSubjectAs(t.db, user, await findSubjectAs(t.db, user, { kind: 'email', value: alice.email }));
    expect(Object.keys(data.categories).sort()).toEqual(['answers', 'client', 'contact', 'demographic', 'fraud', 'location', 'rewards', 'social', 'usage']);
    // P8.1, P5.2: the reward, its hand-over to the partner (to whom, which fields) and the draw entry.
    expect(data.categories.rewards!.map((i) => i.field).sort()).toEqual(['partner_handover', 'reward', 'sweepstakes_entry']);
    expect(data.categories.rewards!.find((i) => i.field === 'partner_handover')!.value).toEqual({ partner: 'Demo Loyalty Club', purpose: 'reward_delivery', fields: 'email' });
    // P4.4: what the Client told (from its upload) and the customer id the link carried, on legitimate interests.
    const tier = data.categories.client!.find((i) => i.field === 'tier')!;
    expect(tier).toMatchObject({ lawfulBasis: 'legitimate_interests', storageRegion: 'EU', ref: { table: 'ClientDatum' }, source: { client: 'Demo Coffee', upload: { file: 'loyalty.csv' } }, value: 'tier-alice' });
    expect(tier.deleteBy!.getTime() - tier.collectedAt.getTime()).toBe(365 * 86_400_000);
    expect(data.categories.client!.find((i) => i.field === 'customer_id')).toMatchObject({ source: { survey: 'cafe-visit' }, value: 'cust-alice' });
    // P4.3: the social sign-in profile, on consent, citing the record, gone 365 days after the sign-in.
    const social = data.categories.social![0]!;
    expect(social).toMatchObject({ lawfulBasis: 'consent', storageRegion: 'EU', ref: { table: 'SocialProfile', consentId: alice.consentId }, value: { name: 'Name alice', email: 'alice.social@example.az' } });
    expect(social.deleteBy!.getTime() - social.collectedAt.getTime()).toBe(365 * 86_400_000);
    const email = data.categories.contact!.find((i) => i.field === 'email')!;
    expect(email).toMatchObject({ lawfulBasis: 'legitimate_interests', storageRegion: 'EU', source: { survey: 'cafe-visit', client: 'Demo Coffee' }, value: alice.email });
    // P6.1: contact answers go 365 days after completion.
    expect(email.deleteBy?.toISOString()).toBe('2027-03-01T00:00:00.000Z');
    expect(data.categories.location![0]).toMatchObject({ lawfulBasis: 'consent', ref: { consentId: alice.consentId } });
    expect(data.consents.map((c) => [c.id, c.method])).toEqual([[alice.consentId, 'accept_all']]);
    expect(data.publicationPermissions).toHaveLength(1);
    expect(await t.db.auditEvent.count({ where: { action: 'subject.viewed', actor: user.id } })).toBe(1);
  });

  it('P7.2 the export holds every category held for the subject and nothing of any other subject', async () => {
    const alice = await seedFullSubject(t.db, 'alice');
    const bob = await seedFullSubject(t.db, 'bob');
    const user = await dpo();
    const zip = await exportSubjectAs(t.db, user, await findSubjectAs(t.db, user, { kind: 'email', value: alice.email }));
    const files = unzipSync(zip.bytes);
    expect(Object.keys(files).sort()).toEqual(['answers.csv', 'client.csv', 'consents.csv', 'contact.csv', 'demographic.csv', 'fraud.csv', 'location.csv', 'publication.csv', 'rewards.csv', 'social.csv', 'subject.json', 'summary-en.txt', 'usage.csv']);
    const everything = Object.values(files).map((f) => strFromU8(f)).join('\n');
    for (const value of alice.values) expect(everything, value).toContain(value);
    // Bob's values and ids appear nowhere — and every table holds some of Bob's rows.
    const all = await dumpAllRows(t.db, provider);
    for (const value of [...bob.values, bob.respondentId, bob.responseId, bob.consentId]) {
      expect(all, `seeded ${value}`).toContain(value);
      expect(everything, value).not.toContain(value);
    }
    const json = JSON.parse(strFromU8(files['subject.json']!));
    expect(json).toMatchObject({ format: 'sorgu.subject-export', formatVersion: 1, subject: { respondentIds: [alice.respondentId] } });
    // Email and phone answers, and the invitation that led to the response (issue 13, part 4).
    expect(strFromU8(files['summary-en.txt']!)).toContain('Contact details: 3 items');
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'subject.exported' } });
    expect(JSON.stringify(audit)).not.toContain(alice.email);
  });

  it('P7.2 P6.1 after erasure no table holds any of the subject’s values; the audit keeps counts only; others are untouched', async () => {
    const alice = await seedFullSubject(t.db, 'alice');
    const bob = await seedFullSubject(t.db, 'bob');
    const user = await dpo();
    const request = await registerRequestAs(t.db, user, {
      type: 'erasure',
      channel: 'email',
      receivedAt: new Date(),
      respondentIds: [alice.respondentId],
      contactEmail: alice.email,
      details: `Please erase ${alice.email}`,
      locale: 'en',
    });
    const counts = await eraseSubjectAs(t.db, user, await findSubjectAs(t.db, user, { kind: 'email', value: alice.email }));
    expect(counts).toMatchObject({ answers: 7, publicationPermissions: 1, usage: 1, fraud: 1, location: 1, sessionAnalytics: 1, responses: 1, consentRecords: 1, respondents: 1 });
    // The open request keeps where to send the outcome (Art. 12(3)) — and nothing else of hers stays.
    const { contactEmail, details } = await t.db.dataSubjectRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect({ contactEmail, details }).toEqual({ contactEmail: alice.email, details: `Please erase ${alice.email}` });
    const all = (await dumpAllRows(t.db, provider)).replaceAll(`Please erase ${alice.email}`, '').replaceAll(`"${alice.email}"`, '');
    for (const value of alice.values) expect(all, value).not.toContain(value);
    for (const value of bob.values) expect(all, value).toContain(value);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'subject.erased' } });
    expect(Object.values(audit.counts as Record<string, unknown>).every((n) => typeof n === 'number')).toBe(true);
    // Closed, the request stays in the register; its personal fields go by the requestContact rule.
    await setRequestStatusAs(t.db, user, request.id, 'completed', 'Erased.');
    await purgeExpiredData(t.db, { now: new Date(Date.now() + 366 * 86_400_000) });
    expect(await t.db.dataSubjectRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ type: 'erasure', contactEmail: null, details: null });
  });

  it('P7.2 restriction removes the subject from reports and exports; lifting it brings them back', async () => {
    const alice = await seedFullSubject(t.db, 'alice');
    const admin = await userOf('admin@sorgu.test');
    const user = await dpo();
    const subject = await findSubjectAs(t.db, user, { kind: 'respondent', value: alice.respondentId });
    const completed = async () => (await surveyReport(t.db, admin, await cafeId()))!.completed;
    const exported = async () => (await planExport(t.db, admin, await cafeId()))!.total;
    const [reportBefore, exportBefore] = [await completed(), await exported()];
    expect(await setRestrictionAs(t.db, user, subject, true)).toBe(1);
    expect([await completed(), await exported()]).toEqual([reportBefore - 1, exportBefore - 1]);
    expect((await listPublishableComments(t.db, { surveyId: await cafeId() })).map((c) => c.text)).not.toContain('Comment by alice');
    await setRestrictionAs(t.db, user, subject, false);
    expect([await completed(), await exported()]).toEqual([reportBefore, exportBefore]);
  });

  it('P5.8 an objection to sharing removes the subject’s comments from publication', async () => {
    const alice = await seedFullSubject(t.db, 'alice');
    const bob = await seedFullSubject(t.db, 'bob');
    const user = await dpo();
    const published = async () => (await listPublishableComments(t.db, { surveyId: await cafeId() })).map((c) => c.text);
    expect(await published()).toEqual(expect.arrayContaining(['Comment by alice', 'Comment by bob']));
    await setObjectionAs(t.db, user, await findSubjectAs(t.db, user, { kind: 'respondent', value: alice.respondentId }), true);
    expect(await published()).not.toContain('Comment by alice');
    expect(await published()).toContain('Comment by bob');
    void bob;
  });

  it('P7.2 withdrawing consent on the subject’s behalf appends a record, erases consent-based rows and revokes publication', async () => {
    const alice = await seedFullSubject(t.db, 'alice');
    const user = await dpo();
    const counts = await withdrawConsentAs(t.db, user, await findSubjectAs(t.db, user, { kind: 'consent', value: alice.consentId }));
    expect(counts).toMatchObject({ browsers: 1, usageRowsErased: 1, fraudRowsErased: 1, locationRowsErased: 1, sessionAnalyticsRowsErased: 1, publicationPermissionsRevoked: 1 });
    const records = await t.db.consentRecord.findMany({ where: { subjectKey: alice.subjectKey }, orderBy: { createdAt: 'asc' } });
    expect(records.map((r) => [r.method, r.usage, r.location])).toEqual([['accept_all', true, true], ['dpo_withdrawal', false, false]]);
    expect(await listPublishableComments(t.db, { surveyId: await cafeId() })).toEqual([]);
  });

  it('P10.1 the DPO corrects a contact or demographic value, validated like an answer; other answers cannot be rewritten', async () => {
    const alice = await seedFullSubject(t.db, 'alice');
    const user = await dpo();
    const subject = await findSubjectAs(t.db, user, { kind: 'respondent', value: alice.respondentId });
    const answerOf = async (key: string) => t.db.answer.findFirstOrThrow({ where: { responseId: alice.responseId, question: { key } } });
    await rectifyAnswerAs(t.db, user, subject, (await answerOf('email')).id, 'Alice.New@Example.az', { timeZone: 'Asia/Baku' });
    expect((await answerOf('email')).value).toBe('alice.new@example.az');
    await expect(rectifyAnswerAs(t.db, user, subject, (await answerOf('email')).id, 'not an email', { timeZone: 'Asia/Baku' })).rejects.toEqual(new RectificationError('invalid_email'));
    await expect(rectifyAnswerAs(t.db, user, subject, (await answerOf('comment')).id, 'changed', { timeZone: 'Asia/Baku' })).rejects.toEqual(new RectificationError('not_rectifiable'));
    // An answer of another subject is out of reach through this subject.
    const bob = await seedFullSubject(t.db, 'bob');
    const bobEmail = await t.db.answer.findFirstOrThrow({ where: { responseId: bob.responseId, question: { key: 'email' } } });
    await expect(rectifyAnswerAs(t.db, user, subject, bobEmail.id, 'x@example.az', { timeZone: 'Asia/Baku' })).rejects.toBeInstanceOf(AuthError);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'subject.rectified' } });
    expect(JSON.stringify(audit)).not.toContain('alice.new');
  });

  it('P11.1 a discovered minor: everything deleted and the respondent deactivated in one action', async () => {
    const kid = await seedFullSubject(t.db, 'kiddo');
    const user = await dpo();
    expect(await markMinorAs(t.db, user, await findSubjectAs(t.db, user, { kind: 'email', value: kid.email }))).toBe(1);
    const all = await dumpAllRows(t.db, provider);
    for (const value of kid.values) expect(all, value).not.toContain(value);
    expect((await t.db.respondent.findUniqueOrThrow({ where: { id: kid.respondentId } })).deactivatedAt).not.toBeNull();
  });

  it('P7.2 the register: due one month after receipt, overdue highlighted by a controllable clock, extension needs a reason and stays within three months', async () => {
    const user = await dpo();
    const base = { channel: 'email' as const, respondentIds: [], contactEmail: null, details: null, locale: 'az' as const };
    const jan31 = new Date('2026-01-31T10:00:00Z');
    const late = await registerRequestAs(t.db, user, { ...base, type: 'access', receivedAt: jan31 }, jan31);
    // Due at the end of 28 February in the app's time zone (Asia/Baku, UTC+4).
    expect(late.dueAt.toISOString()).toBe('2026-02-28T19:59:59.999Z');
    const soon = await registerRequestAs(t.db, user, { ...base, type: 'erasure', receivedAt: new Date('2026-02-20T10:00:00Z') }, new Date('2026-02-20T10:00:00Z'));

    const march1 = new Date('2026-03-01T00:00:00Z');
    const open = await listOpenRequestsAs(t.db, user, march1);
    expect(open.map((r) => [r.id, r.overdue])).toEqual([[late.id, true], [soon.id, false]]);

    await expect(extendRequestAs(t.db, user, late.id, new Date('2026-04-15T00:00:00Z'), '  ', march1)).rejects.toEqual(new RequestStateError('reason_required'));
    await expect(extendRequestAs(t.db, user, late.id, new Date('2026-05-01T00:00:00Z'), 'Complex request', march1)).rejects.toEqual(new RequestStateError('extension_too_long'));
    await extendRequestAs(t.db, user, late.id, new Date('2026-04-30T00:00:00Z'), 'Complex request', march1);
    expect((await listOpenRequestsAs(t.db, user, march1)).map((r) => [r.id, r.overdue])).toEqual([[soon.id, false], [late.id, false]]);

    await expect(setRequestStatusAs(t.db, user, soon.id, 'completed', '')).rejects.toEqual(new RequestStateError('outcome_required'));
    await setRequestStatusAs(t.db, user, soon.id, 'completed', 'Erased on request.');
    await expect(setRequestStatusAs(t.db, user, soon.id, 'in_progress', null)).rejects.toEqual(new RequestStateError('closed'));
    expect((await listOpenRequestsAs(t.db, user, march1)).map((r) => r.id)).toEqual([late.id]);
    const actions = (await t.db.auditEvent.findMany({ where: { action: { startsWith: 'request.' } }, select: { action: true } })).map((a) => a.action).sort();
    expect(actions).toEqual(['request.completed', 'request.extended', 'request.registered', 'request.registered']);
    // The request page shows its own trail, oldest first, with the DPO's name.
    const detail = await getRequestAs(t.db, user, late.id, march1);
    expect(detail?.history.map((e) => [e.action, e.actorName])).toEqual([['request.registered', user.name], ['request.extended', user.name]]);
  });

  it('P7.2 a request registered before its subject was found gets the subject later; nobody found changes nothing', async () => {
    const alice = await seedFullSubject(t.db, 'alice');
    const user = await dpo();
    const { id } = await registerRequestAs(t.db, user, { type: 'access', channel: 'phone', receivedAt: new Date(), respondentIds: [], contactEmail: null, details: null, locale: 'az' });
    await expect(attachSubjectAs(t.db, user, id, { kind: 'email', value: 'nobody@example.az' })).rejects.toEqual(new RequestStateError('no_subject'));
    await attachSubjectAs(t.db, user, id, { kind: 'phone', value: alice.phone });
    expect((await t.db.dataSubjectRequest.findUniqueOrThrow({ where: { id } })).respondentIds).toEqual([alice.respondentId]);
  });
});
