import { beforeEach, describe, expect, it } from 'vitest';
import { DEMO_SURVEY_SLUG } from '../../prisma/seed';
import { completeDraft, saveSectionAnswers, startDraft } from '@/features/survey/drafts';
import { applyPublicationChoices, listPublishableComments, revokePublication } from '@/features/survey/publication';
import { getPublishedSurvey, type SurveyDTO } from '@/features/survey/queries';
import { PROVIDERS, useSeededDatabase } from '../helpers/databases';

describe.each(PROVIDERS)('comment publication on %s', (provider) => {
  const t = useSeededDatabase(provider);
  let survey: SurveyDTO;
  beforeEach(async () => {
    survey = (await getPublishedSurvey(t.db, DEMO_SURVEY_SLUG))!;
  });

  async function respond(comment: string, publish: boolean, complete = true) {
    const { responseId } = await startDraft(t.db, survey.id, 'en');
    const questions = survey.sections[1]!.questions;
    await saveSectionAnswers(t.db, responseId, questions, { recommend: 9, comment }, 2);
    await applyPublicationChoices(t.db, responseId, questions, { comment: publish });
    if (complete) await completeDraft(t.db, responseId);
    return responseId;
  }

  it('P3.3 P5.2 only comments with permission are publishable, with the time and policy version recorded', async () => {
    await respond('Publish me, please', true);
    await respond('Keep this private', false);
    const publishable = await listPublishableComments(t.db, { surveyId: survey.id });
    expect(publishable.map((c) => c.text)).toEqual(['Publish me, please']);
    expect(publishable[0]!.policyVersion).toBe(1);
    expect(publishable[0]!.grantedAt).toBeInstanceOf(Date);
    // The box's wording names the overall rating too: the permission records that it covers it.
    expect((await t.db.publicationPermission.findUniqueOrThrow({ where: { answerId: publishable[0]!.answerId } })).includesRating).toBe(true);
  });

  it('P3.3 a revoked permission removes the comment from what may be published', async () => {
    await respond('Changed my mind', true);
    const [comment] = await listPublishableComments(t.db, { surveyId: survey.id });
    expect(await revokePublication(t.db, comment!.answerId)).toBe(true);
    expect(await listPublishableComments(t.db, { surveyId: survey.id })).toEqual([]);
    expect(await revokePublication(t.db, comment!.answerId)).toBe(false);
    const row = await t.db.publicationPermission.findUniqueOrThrow({ where: { answerId: comment!.answerId } });
    expect(row.revokedAt).toBeInstanceOf(Date);
  });

  it('P3.3 unticking the box later revokes; ticking again grants anew', async () => {
    const responseId = await respond('On and off', true);
    const questions = survey.sections[1]!.questions;
    await applyPublicationChoices(t.db, responseId, questions, { comment: false });
    expect(await listPublishableComments(t.db, { surveyId: survey.id })).toEqual([]);
    await applyPublicationChoices(t.db, responseId, questions, { comment: true });
    expect((await listPublishableComments(t.db, { surveyId: survey.id })).map((c) => c.text)).toEqual(['On and off']);
  });

  it('P3.3 deleting the comment deletes its permission', async () => {
    const responseId = await respond('Short-lived', true, false);
    expect(await t.db.publicationPermission.count()).toBe(1);
    await saveSectionAnswers(t.db, responseId, survey.sections[1]!.questions, { recommend: 9, comment: undefined }, 2);
    expect(await t.db.publicationPermission.count()).toBe(0);
  });

  it('P3.3 drafts are never published, even with the box ticked', async () => {
    const { responseId } = await startDraft(t.db, survey.id, 'en');
    const questions = survey.sections[1]!.questions;
    await saveSectionAnswers(t.db, responseId, questions, { recommend: 9, comment: 'Unfinished' }, 2);
    await applyPublicationChoices(t.db, responseId, questions, { comment: true });
    expect(await listPublishableComments(t.db, { surveyId: survey.id })).toEqual([]);
  });
});
