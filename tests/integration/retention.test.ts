import { beforeEach, describe, expect, it } from 'vitest';
import { DEMO_SURVEY_SLUG } from '../../prisma/seed';
import { EVERYTHING_GRANTED } from '@/features/consent/categories';
import { collectUsage, recordLocation } from '@/features/consent/collect';
import { currentConsentState, recordConsent } from '@/features/consent/records';
import { completeDraft, markAbandonedDrafts, saveSectionAnswers, startDraft } from '@/features/survey/drafts';
import { getPublishedSurvey, type SurveyDTO } from '@/features/survey/queries';
import { purgeExpiredData } from '@/features/retention/purge';
import { DELETION_REGISTER, PURGED_BY_RULE_ONLY } from '@/features/deletion/register';
import { seedFullSubject } from '../helpers/subjects';
import { dumpAllRows, PROVIDERS, useSeededDatabase } from '../helpers/databases';

const DAY = 86_400_000;
const at = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * DAY);

describe.each(PROVIDERS)('retention on %s', (provider) => {
  const t = useSeededDatabase(provider);
  let survey: SurveyDTO;
  beforeEach(async () => {
    survey = (await getPublishedSurvey(t.db, DEMO_SURVEY_SLUG))!;
  });

  async function completedResponse(day: number, email: string) {
    const { responseId } = await startDraft(t.db, survey.id, 'en', at(day));
    await saveSectionAnswers(t.db, responseId, survey.sections[0]!.questions, { branch: 'nizami', overall_rating: 5 }, 1, at(day));
    await saveSectionAnswers(t.db, responseId, survey.sections[2]!.questions, { email, gender: 'male' }, 2, at(day));
    await completeDraft(t.db, responseId, at(day));
    return responseId;
  }

  it('P6.1 deletes each category when its period runs out, and only then', async () => {
    await completedResponse(0, 'old@example.az');
    await completedResponse(400, 'recent@example.az');

    // Day 366: contact and demographics of the first response have expired (365 days), its answers not (730).
    const first = await purgeExpiredData(t.db, { now: at(366) });
    expect(first).toMatchObject({ contact: 1, demographic: 1, answers: 0 });
    const everything = await dumpAllRows(t.db, provider);
    expect(everything).not.toContain('old@example.az');
    expect(everything).toContain('recent@example.az');
    expect(await t.db.answer.count({ where: { category: 'answers' } })).toBe(4);

    // Day 731: the first response's answers go too.
    expect(await purgeExpiredData(t.db, { now: at(731) })).toMatchObject({ answers: 2, contact: 0 });
  });

  it('P6.1 a purge in many small batches walks past rows with the same time and removes every expired one, nothing else', async () => {
    // Seven responses completed at the same instant (their answers tie on createdAt), three later.
    for (let i = 0; i < 7; i++) await completedResponse(0, `tie-${i}@example.az`);
    for (let i = 0; i < 3; i++) await completedResponse(400, `later-${i}@example.az`);
    expect(await purgeExpiredData(t.db, { now: at(366), batchSize: 2, chunkMs: 0 })).toMatchObject({ contact: 7, demographic: 7, answers: 0 });
    const everything = await dumpAllRows(t.db, provider);
    expect(everything).not.toMatch(/tie-\d@example\.az/);
    for (let i = 0; i < 3; i++) expect(everything).toContain(`later-${i}@example.az`);
    expect(await purgeExpiredData(t.db, { now: at(731), batchSize: 2, chunkMs: 0 })).toMatchObject({ answers: 14, responses: 7, contact: 0 });
    expect(await t.db.response.count()).toBe(3);
  });

  it('P6.1 is idempotent and audits one event per run with counts only', async () => {
    await completedResponse(0, 'audit-me@example.az');
    const first = await purgeExpiredData(t.db, { now: at(800) });
    const second = await purgeExpiredData(t.db, { now: at(800) });
    expect(first.contact).toBe(1);
    expect(Object.values(second).every((n) => n === 0)).toBe(true);
    const events = await t.db.auditEvent.findMany({ where: { action: 'retention.purged' }, orderBy: { at: 'asc' } });
    // Two runs (a run may commit in several transactions, each audited under the run's id).
    expect(new Set(events.map((e) => e.target)).size).toBe(2);
    const firstRun = events.filter((e) => e.target === events[0]!.target);
    const sum = (rule: string) => firstRun.reduce((n, e) => n + Number((e.counts as Record<string, number>)[rule] ?? 0), 0);
    expect({ contact: sum('contact'), demographic: sum('demographic'), answers: sum('answers') }).toEqual({ contact: 1, demographic: 1, answers: 2 });
    expect(JSON.stringify(events)).not.toContain('audit-me@example.az');
  });

  it('P3.1 abandoned drafts are kept only for the partial-response period', async () => {
    const { responseId } = await startDraft(t.db, survey.id, 'az', at(0));
    await saveSectionAnswers(t.db, responseId, survey.sections[0]!.questions, { branch: 'mall_28', overall_rating: 2 }, 1, at(0));
    await markAbandonedDrafts(t.db, 72 * 3600_000, at(5));

    expect((await purgeExpiredData(t.db, { now: at(20) })).abandonedDrafts).toBe(0);
    const purged = await purgeExpiredData(t.db, { now: at(36) });
    expect(purged).toMatchObject({ abandonedDrafts: 1, respondents: 1 });
    expect(await t.db.response.count()).toBe(0);
    expect(await t.db.answer.count()).toBe(0);
  });

  it('P6.1 consent-based data expires by its own clock, in batches', async () => {
    const consent = await recordConsent(t.db, { choice: EVERYTHING_GRANTED, method: 'accept_all', locale: 'en', now: at(0) });
    const ctx = await currentConsentState(t.db, consent.id, at(0));
    const facts = { ip: '192.0.2.1', userAgent: null, acceptLanguage: null, referrer: null, countryHeader: null };
    for (let i = 0; i < 7; i++) {
      await collectUsage(t.db, ctx, { responseId: null, facts, hints: {}, lookup: async () => null });
      await recordLocation(t.db, ctx, { responseId: null, latitude: 40, longitude: 49, accuracyMeters: null });
    }
    await t.db.usageMetadata.updateMany({ data: { collectedAt: at(0) } });
    await t.db.locationFix.updateMany({ data: { collectedAt: at(0) } });

    expect(await purgeExpiredData(t.db, { now: at(31), batchSize: 3 })).toMatchObject({ location: 7, usage: 0 });
    expect(await purgeExpiredData(t.db, { now: at(91), batchSize: 3 })).toMatchObject({ usage: 7 });
    expect(await t.db.usageMetadata.count()).toBe(0);
  });

  it('P6.1 a survey’s shorter period applies to its own data only', async () => {
    await completedResponse(0, 'demo-survey@example.az');
    const short = await t.db.survey.create({
      data: {
        slug: 'short-lived',
        clientId: (await t.db.client.findFirstOrThrow()).id,
        status: 'published',
        title: { az: 'Q', en: 'Q' },
        description: { az: 'Q', en: 'Q' },
        retentionContactDays: 30,
        sections: { create: { position: 0, title: { az: 'S', en: 'S' } } },
      },
      include: { sections: true },
    });
    const email = await t.db.question.create({
      data: { surveyId: short.id, sectionId: short.sections[0]!.id, key: 'email', position: 0, type: 'email', category: 'contact', prompt: { az: 'E', en: 'E' }, contactPurpose: 'reward_delivery' },
    });
    const { responseId } = await startDraft(t.db, short.id, 'en', at(0));
    await saveSectionAnswers(t.db, responseId, [{ id: email.id, key: 'email', category: 'contact' }], { email: 'short@example.az' }, 0, at(0));
    await completeDraft(t.db, responseId, at(0));

    expect(await purgeExpiredData(t.db, { now: at(31) })).toMatchObject({ contact: 1 });
    const everything = await dumpAllRows(t.db, provider);
    expect(everything).not.toContain('short@example.az');
    expect(everything).toContain('demo-survey@example.az');
  });

  it('P6.1 mail is kept 30 days; verification and download links 7 days after they expired', async () => {
    const request = await t.db.dataSubjectRequest.create({ data: { type: 'access', channel: 'email', receivedAt: at(0), dueAt: at(30), respondentIds: [] } });
    await t.db.outboxMessage.create({ data: { to: 'old@example.az', subject: 's', body: 'b', createdAt: at(0) } });
    await t.db.outboxMessage.create({ data: { to: 'new@example.az', subject: 's', body: 'b', createdAt: at(20) } });
    await t.db.subjectVerification.create({ data: { tokenHash: 'a', email: 'old@example.az', type: 'access', locale: 'az', createdAt: at(0), expiresAt: at(1) } });
    await t.db.subjectVerification.create({ data: { tokenHash: 'b', email: 'new@example.az', type: 'access', locale: 'az', createdAt: at(30), expiresAt: at(31) } });
    await t.db.exportLink.create({ data: { requestId: request.id, tokenHash: 'c', createdAt: at(0), expiresAt: at(7) } });
    expect(await purgeExpiredData(t.db, { now: at(35) })).toMatchObject({ mail: 1, expiredLinks: 2 });
    expect((await t.db.outboxMessage.findMany()).map((m) => m.to)).toEqual(['new@example.az']);
    expect((await t.db.subjectVerification.findMany()).map((v) => v.email)).toEqual(['new@example.az']);
    // The request itself stays in the register.
    expect(await t.db.dataSubjectRequest.count()).toBe(1);
  });

  it('P6.1 every table with personal data has a rule: completed responses, respondents, consent records, request contact, security reports, sign-in counters', async () => {
    const responseId = await completedResponse(0, 'gap@example.az');
    const { respondentId } = await t.db.response.findUniqueOrThrow({ where: { id: responseId } });
    const policy = await t.db.policyVersion.findFirstOrThrow();
    const oldConsent = await t.db.consentRecord.create({ data: { subjectKey: 'gap-key', policyVersionId: policy.id, usage: false, fraud: false, sessionAnalytics: false, location: false, method: 'reject_all', locale: 'en', createdAt: at(0) } });
    await t.db.dataSubjectRequest.create({ data: { type: 'access', channel: 'email', receivedAt: at(0), dueAt: at(30), closedAt: at(10), status: 'completed', respondentIds: [respondentId], contactEmail: 'gap@example.az', details: 'my words, gap' } });
    await t.db.securityReport.create({ data: { description: 'gap report', contactEmail: 'gap@example.az', locale: 'en', createdAt: at(0) } });
    await t.db.loginThrottle.create({ data: { key: 'account-ip:someone@sorgu.test|192.0.2.99', failures: 3, windowStart: at(0) } });

    // Day 400: only the sign-in counter (1 day), request contact and security report (365 days) have run out.
    expect(await purgeExpiredData(t.db, { now: at(400) })).toMatchObject({ loginThrottle: 1, requestContact: 1, securityReports: 1, responses: 0, consentRecords: 0 });
    const request = await t.db.dataSubjectRequest.findFirstOrThrow();
    expect(request).toMatchObject({ contactEmail: null, details: null, status: 'completed' });

    // Day 731: the response row (with its browser link) goes with its last answers, then its respondent.
    expect(await purgeExpiredData(t.db, { now: at(731) })).toMatchObject({ answers: 2, responses: 1, respondents: 1 });
    expect(await t.db.respondent.count({ where: { id: respondentId } })).toBe(0);

    // Day 1096: the proof of a choice, once no row collected under it is left.
    expect(await purgeExpiredData(t.db, { now: at(1096) })).toMatchObject({ consentRecords: 1 });
    expect(await t.db.consentRecord.count({ where: { id: oldConsent.id } })).toBe(0);
    const everything = await dumpAllRows(t.db, provider);
    for (const value of ['gap@example.az', 'my words, gap', 'gap report', '192.0.2.99', 'gap-key']) expect(everything).not.toContain(value);
  });

  it('P6.1 every table the deletion register gives a retention rule is purged by it: an expired row of each is gone after one run', async () => {
    const subject = await seedFullSubject(t.db, 'expired', { completedAt: at(0) });
    const request = await t.db.dataSubjectRequest.create({
      data: { type: 'access', channel: 'email', receivedAt: at(0), dueAt: at(30), closedAt: at(10), status: 'completed', respondentIds: [subject.respondentId], contactEmail: subject.email, details: 'expired words' },
    });
    await t.db.exportLink.create({ data: { requestId: request.id, tokenHash: 'expired-link', createdAt: at(0), expiresAt: at(7) } });
    await t.db.subjectVerification.create({ data: { tokenHash: 'expired-verification', email: subject.email, type: 'access', locale: 'en', createdAt: at(0), expiresAt: at(1) } });
    await t.db.outboxMessage.create({ data: { to: subject.email, subject: 's', body: 'b', createdAt: at(0) } });
    await t.db.securityReport.create({ data: { description: 'expired report', contactEmail: subject.email, locale: 'en', createdAt: at(0) } });
    await t.db.supportRequest.create({ data: { topic: 'other', message: 'expired help', email: subject.email, locale: 'en', createdAt: at(0), lastActivityAt: at(0), replies: { create: { body: 'expired answer', authorId: 'x', createdAt: at(0) } } } });
    await t.db.loginThrottle.create({ data: { key: 'ip:192.0.2.1', failures: 1, windowStart: at(0) } });
    await t.db.rateLimitBucket.create({ data: { key: 'surveyStart:address:x', hits: 1, windowStart: at(0) } });

    // Every model the register or PURGED_BY_RULE_ONLY names, with what "still holds data" means for it.
    const models = [
      ...DELETION_REGISTER.map((e) => ({ model: e.model, where: e.clear ? { OR: Object.keys(e.clear).map((field) => ({ [field]: { not: null } })) } : {} })),
      ...Object.keys(PURGED_BY_RULE_ONLY).map((model) => ({ model, where: {} })),
    ];
    const delegate = (model: string) => (t.db as unknown as Record<string, { count(a: { where: object }): Promise<number> }>)[model[0]!.toLowerCase() + model.slice(1)]!;
    // The fixture must hold a row of each: a model added with a rule but without a row here fails.
    for (const { model, where } of models) expect(await delegate(model).count({ where }), `no expired ${model} row in the fixture`).toBeGreaterThan(0);
    await purgeExpiredData(t.db, { now: at(3650) });
    for (const { model, where } of models) expect(await delegate(model).count({ where }), `${model} rows left after their rule ran out`).toBe(0);
  });

  it('P6.1 a large backlog is purged in several transactions, each with its audit event, and other writes are not held up for the whole run', async () => {
    for (let i = 0; i < 12; i++) await completedResponse(0, `backlog${i}@example.az`);
    let purgeDone = false;
    const purge = purgeExpiredData(t.db, { now: at(800), batchSize: 2, chunkMs: 0 }).then((counts) => ((purgeDone = true), counts));
    // A respondent's write sent once the first chunk has committed is answered before the run ends.
    while ((await t.db.auditEvent.count({ where: { action: 'retention.purged' } })) === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    await t.db.outboxMessage.create({ data: { to: 'meanwhile@example.az', subject: 's', body: 'b' } });
    expect(purgeDone).toBe(false);
    const counts = await purge;
    expect(counts).toMatchObject({ contact: 12, answers: 24, responses: 12 });
    const events = await t.db.auditEvent.findMany({ where: { action: 'retention.purged' } });
    expect(events.length).toBeGreaterThan(5);
    // The events add up to the run: nothing deleted without being counted in a committed event.
    const summed = (rule: string) => events.reduce((n, e) => n + Number((e.counts as Record<string, number>)[rule] ?? 0), 0);
    expect({ contact: summed('contact'), answers: summed('answers'), responses: summed('responses') }).toEqual({ contact: 12, answers: 24, responses: 12 });
  });
});

