import { beforeEach, describe, expect, it } from 'vitest';
import { seedDemo, DEMO_SURVEY_SLUG, FIELDWORK_SURVEY_SLUG } from '../../prisma/seed';
import { completeDraft, discardDraft, DraftClosedError, forgetCompletedTokens, isDraftClosed, markAbandonedDrafts, saveSectionAnswers, startDraft } from '@/features/survey/drafts';
import { findFinishedBy, findDraft, getPublishedSurvey, type SurveyDTO } from '@/features/survey/queries';
import { COMPLETED_TOKEN_KEPT_MS, createResumeToken, createStartKey } from '@/features/survey/resume-token';
import { dumpAllRows, PROVIDERS, rowCounts, useSeededDatabase } from '../helpers/databases';

describe.each(PROVIDERS)('drafts on %s', (provider) => {
  const t = useSeededDatabase(provider);
  let survey: SurveyDTO;
  beforeEach(async () => {
    survey = (await getPublishedSurvey(t.db, DEMO_SURVEY_SLUG))!;
  });

  const section = (i: number) => survey.sections[i]!;

  it('P4.1 saving an answer stores its category and lawful basis', async () => {
    const { responseId } = await startDraft(t.db, survey.id, 'az');
    await saveSectionAnswers(t.db, responseId, section(0).questions, { branch: 'nizami', overall_rating: 4 }, 1);
    await saveSectionAnswers(t.db, responseId, section(2).questions, { email: 'leyla@example.az', gender: 'female' }, 2);

    const rows = await t.db.answer.findMany({
      where: { responseId },
      select: { value: true, category: true, lawfulBasis: true, question: { select: { key: true } } },
      orderBy: { question: { key: 'asc' } },
    });
    expect(rows.map((r) => [r.question.key, r.value, r.category, r.lawfulBasis])).toEqual([
      ['branch', 'nizami', 'answers', 'legitimate_interests'],
      ['email', 'leyla@example.az', 'contact', 'legitimate_interests'],
      ['gender', 'female', 'demographic', 'legitimate_interests'],
      ['overall_rating', 4, 'answers', 'legitimate_interests'],
    ]);
    // P2.1: unanswered optional questions leave no row at all.
    expect(rows).toHaveLength(4);
  });

  it('P2.1 clearing an optional answer deletes it instead of keeping the old value', async () => {
    const { responseId } = await startDraft(t.db, survey.id, 'en');
    await saveSectionAnswers(t.db, responseId, section(2).questions, { phone: '+994501234567' }, 2);
    await saveSectionAnswers(t.db, responseId, section(2).questions, { phone: undefined }, 2);
    expect(await t.db.answer.count({ where: { responseId } })).toBe(0);
  });

  it('P2.1 refuses to store a survey answer under a consent-based category', async () => {
    const { responseId } = await startDraft(t.db, survey.id, 'en');
    const rogue = { ...section(1).questions[1]!, category: 'usage' as const };
    await expect(saveSectionAnswers(t.db, responseId, [rogue], { [rogue.key]: 'x' }, 1)).rejects.toThrow(/P2\.1/);
    expect(await t.db.answer.count()).toBe(0);
  });

  it('five parallel clicks on Start (one start form) make one draft, resumed by every answer', async () => {
    const start = { key: createStartKey(), secret: 'x'.repeat(32) };
    const [first, ...others] = await Promise.all(Array.from({ length: 5 }, () => startDraft(t.db, survey.id, 'en', new Date(), null, start)));
    expect(await t.db.response.count()).toBe(1);
    expect(await t.db.respondent.count()).toBe(1);
    for (const second of others) {
      expect(second.token).toBe(first!.token);
      expect(second.responseId).toBe(first!.responseId);
    }
    expect((await findDraft(t.db, survey.id, first!.token))?.id).toBe(first!.responseId);
    // Another start form (another tab, or Start pressed again later) is another draft.
    const other = await startDraft(t.db, survey.id, 'en', new Date(), null, { key: createStartKey(), secret: start.secret });
    expect(other.responseId).not.toBe(first!.responseId);
  });

  it('a start form replayed after its short window opens nothing', async () => {
    const start = { key: createStartKey(), secret: 'x'.repeat(32) };
    const first = await startDraft(t.db, survey.id, 'en', new Date(Date.now() - 10 * 60_000), null, start);
    await expect(startDraft(t.db, survey.id, 'en', new Date(), null, start)).rejects.toThrow(/start form/);
    expect(await t.db.response.count()).toBe(1);
    expect((await findDraft(t.db, survey.id, first.token))?.id).toBe(first.responseId);
  });

  it('the resume token resumes only its own draft', async () => {
    const mine = await startDraft(t.db, survey.id, 'az');
    const theirs = await startDraft(t.db, survey.id, 'en');
    await saveSectionAnswers(t.db, mine.responseId, section(0).questions, { branch: 'port_baku', overall_rating: 5 }, 1);
    await saveSectionAnswers(t.db, theirs.responseId, section(0).questions, { branch: 'mall_28', overall_rating: 2 }, 1);

    const resumed = await findDraft(t.db, survey.id, mine.token);
    expect(resumed).toEqual({ id: mine.responseId, currentSection: 1, answers: { branch: 'port_baku', overall_rating: 5 }, publishing: [], displayOrder: null });
    expect((await findDraft(t.db, survey.id, theirs.token))?.id).toBe(theirs.responseId);

    // A made-up token, a malformed one, or none open nothing.
    expect(await findDraft(t.db, survey.id, createResumeToken())).toBeNull();
    expect(await findDraft(t.db, survey.id, 'not-a-token')).toBeNull();
    expect(await findDraft(t.db, survey.id, undefined)).toBeNull();
    // The token does not open a draft of another survey.
    const other = await t.db.survey.create({
      data: { slug: 'other', clientId: (await t.db.client.findFirstOrThrow()).id, status: 'published', title: {}, description: {} },
    });
    expect(await findDraft(t.db, other.id, mine.token)).toBeNull();
  });

  it('a completed response can no longer be resumed with its token; the token names it for an hour (a resent Finish), then not at all', async () => {
    const { token, responseId } = await startDraft(t.db, survey.id, 'az');
    const completedAt = new Date();
    expect(await completeDraft(t.db, responseId, completedAt)).toBe(true);
    expect(await completeDraft(t.db, responseId)).toBe(false);
    expect(await findDraft(t.db, survey.id, token)).toBeNull();
    const row = await t.db.response.findUniqueOrThrow({ where: { id: responseId } });
    expect(row).toMatchObject({ status: 'completed', completedAt });
    expect(await findFinishedBy(t.db, survey.id, token)).toEqual({ id: responseId, status: 'completed' });
    expect(await findFinishedBy(t.db, survey.id, createResumeToken())).toBeNull();
    const later = new Date(completedAt.getTime() + COMPLETED_TOKEN_KEPT_MS + 1000);
    expect(await findFinishedBy(t.db, survey.id, token, later)).toBeNull();
    expect(await forgetCompletedTokens(t.db, later)).toBe(1);
    expect((await t.db.response.findUniqueOrThrow({ where: { id: responseId } })).resumeTokenHash).toBeNull();
  });

  it('ten parallel Finish clicks on one draft complete it once, and a click that lost the race changes nothing after it', async () => {
    const { responseId } = await startDraft(t.db, survey.id, 'en');
    const questions = section(0).questions;
    const ratings = [1, 2, 3, 4, 5, 1, 2, 3, 4, 5];
    // Each click: save its page, then complete — as the section action does.
    const clicks = await Promise.all(
      ratings.map(async (rating) => {
        try {
          await saveSectionAnswers(t.db, responseId, questions, { branch: 'nizami', overall_rating: rating }, 0);
        } catch (error) {
          return isDraftClosed(error) ? 'not saved: completed meanwhile' : `unexpected ${String(error)}`;
        }
        return (await completeDraft(t.db, responseId)) ? 'completed' : 'already completed';
      }),
    );
    expect(clicks.filter((c) => c === 'completed')).toHaveLength(1);
    expect(clicks.every((c) => ['completed', 'already completed', 'not saved: completed meanwhile'].includes(c))).toBe(true);
    const state = () =>
      t.db.response.findUniqueOrThrow({ where: { id: responseId }, select: { status: true, completedAt: true, currentSection: true, answers: { select: { value: true }, orderBy: { questionId: 'asc' } } } });
    const completed = await state();
    expect(completed.status).toBe('completed');
    expect(completed.answers).toHaveLength(2);
    // A completed response takes no more writes: a late click's answers and place are refused whole.
    await expect(saveSectionAnswers(t.db, responseId, questions, { branch: 'port_baku', overall_rating: 5 }, 2)).rejects.toBeInstanceOf(DraftClosedError);
    expect(await state()).toEqual(completed);
  });

  it('P3.1 P7.1 stop and discard leaves no row of that draft anywhere', async () => {
    const before = await rowCounts(t.db, provider);
    const kept = await startDraft(t.db, survey.id, 'en');
    await saveSectionAnswers(t.db, kept.responseId, section(0).questions, { branch: 'nizami', overall_rating: 3 }, 1);
    const afterKept = await rowCounts(t.db, provider);

    const { token, responseId } = await startDraft(t.db, survey.id, 'az');
    await saveSectionAnswers(t.db, responseId, section(0).questions, { branch: 'mall_28', overall_rating: 1 }, 1);
    await saveSectionAnswers(t.db, responseId, section(2).questions, { email: 'discard-me@example.az', postal_code: 'AZ9999' }, 2);
    const respondentId = (await t.db.response.findUniqueOrThrow({ where: { id: responseId } })).respondentId;

    expect(await discardDraft(t.db, survey.id, token)).toBe(true);

    // Every table is back to what it held before this draft started, but for the audit event
    // that records the discard (counts only: P6.1 accountability).
    expect(await rowCounts(t.db, provider)).toEqual({ ...afterKept, AuditEvent: (afterKept.AuditEvent ?? 0) + 1 });
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'response.discarded' } });
    expect(audit.counts).toEqual({ answers: 4, responses: 1, respondents: 1 });
    expect(afterKept).not.toEqual(before);
    const everything = await dumpAllRows(t.db, provider);
    for (const trace of [responseId, respondentId, 'discard-me@example.az', 'AZ9999']) expect(everything).not.toContain(trace);
    // The other respondent's draft is untouched, and the token is spent.
    expect((await findDraft(t.db, survey.id, kept.token))?.answers).toEqual({ branch: 'nizami', overall_rating: 3 });
    expect(await discardDraft(t.db, survey.id, token)).toBe(false);
  });

  it('P3.1 discarding needs the draft’s own token', async () => {
    const { responseId } = await startDraft(t.db, survey.id, 'az');
    expect(await discardDraft(t.db, survey.id, createResumeToken())).toBe(false);
    expect(await t.db.response.count({ where: { id: responseId } })).toBe(1);
  });

  it('P3.1 idle drafts are marked abandoned for the retention job and stop being resumable', async () => {
    const start = new Date('2026-11-20T10:00:00Z');
    const idle = await startDraft(t.db, survey.id, 'az', start);
    const active = await startDraft(t.db, survey.id, 'az', start);
    await saveSectionAnswers(t.db, active.responseId, section(0).questions, { branch: 'nizami', overall_rating: 4 }, 1, new Date('2026-11-23T09:00:00Z'));

    const now = new Date('2026-11-23T11:00:00Z');
    expect(await markAbandonedDrafts(t.db, 72 * 3600_000, now)).toBe(1);
    const row = await t.db.response.findUniqueOrThrow({ where: { id: idle.responseId } });
    expect(row).toMatchObject({ status: 'abandoned', abandonedAt: now, resumeTokenHash: null });
    expect(await findDraft(t.db, survey.id, idle.token)).toBeNull();
    expect(await findDraft(t.db, survey.id, active.token)).not.toBeNull();
  });

  it('seeding the demo twice changes nothing', async () => {
    const once = await rowCounts(t.db, provider);
    await seedDemo(t.db);
    expect(await rowCounts(t.db, provider)).toEqual(once);
    // The café survey (3 sections, 11 questions), the fieldwork demo (4 sections, 10 questions) and
    // the panel study (2 sections, 6 questions, 2 quotas).
    expect(once).toMatchObject({ Client: 2, Survey: 3, Section: 9, Question: 27, Quota: 2, StaffUser: 4, PolicyVersion: 1 });
  });

  it('the demo surveys use every question type, in both locales', async () => {
    const fieldwork = (await getPublishedSurvey(t.db, FIELDWORK_SURVEY_SLUG))!;
    const questions = [survey, fieldwork].flatMap((s) => s.sections.flatMap((section) => section.questions));
    expect([...new Set(questions.map((q) => q.type))].sort()).toEqual(
      ['birth_date', 'email', 'gender', 'grid', 'hidden', 'long_text', 'multiple_choice', 'nps', 'phone', 'postal_code', 'rating', 'short_text', 'single_choice'],
    );
    for (const q of questions) expect(q.prompt.az).not.toBe(q.prompt.en);
  });
});
