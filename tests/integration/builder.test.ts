import { describe, expect, it } from 'vitest';
import { AuthError, type StaffUserDTO } from '@/server/authz';
import type { Db } from '@/server/create-db';
import {
  addQuestionAs,
  addSectionAs,
  closeSurveyAs,
  createSurveyAs,
  deleteQuestionAs,
  deleteSectionAs,
  moveQuestionAs,
  moveSectionAs,
  NotADraftError,
  publishSurveyAs,
  updateQuestionAs,
  updateSectionAs,
  updateSurveyAs,
} from '@/features/builder/commands';
import { getPublishedSurvey } from '@/features/survey/queries';
import { PROVIDERS, useSeededDatabase } from '../helpers/databases';

const both = (s: string) => ({ az: `${s} (az)`, en: `${s} (en)` });

describe.each(PROVIDERS)('survey builder on %s', (provider) => {
  const t = useSeededDatabase(provider);
  const userOf = (email: string): Promise<StaffUserDTO> =>
    t.db.staffUser.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true, role: true, clientId: true, locale: true } });
  const clientId = async (slug: string) => (await t.db.client.findUniqueOrThrow({ where: { slug } })).id;
  const newSurvey = async (user: StaffUserDTO, slug = 'new-survey', client = 'demo-coffee') =>
    createSurveyAs(t.db, user, { clientId: await clientId(client), slug, title: both('Title'), description: both('About'), ageGate: false, minimumAge: null, country: null });
  const question = (sectionId: string, over: Record<string, unknown> = {}) => ({
    sectionId,
    key: 'liked',
    type: 'single_choice' as const,
    required: true,
    prompt: both('Liked it?'),
    help: null,
    options: [{ value: 'yes', label: both('Yes') }, { value: 'no', label: both('No') }],
    contactPurpose: null,
    publishable: false,
    ...over,
  });

  it('builds a survey in both languages, publishes it, and respondents can then take it', async () => {
    const admin = await userOf('admin@sorgu.test');
    const { id } = await newSurvey(admin);
    const section = await addSectionAs(t.db, admin, id, { title: both('First') });
    await addQuestionAs(t.db, admin, id, question(section.id));
    await addQuestionAs(t.db, admin, id, question(section.id, { key: 'email', type: 'email', options: [], contactPurpose: 'reward_delivery', required: false }));
    expect(await getPublishedSurvey(t.db, 'new-survey')).toBeNull();
    expect(await publishSurveyAs(t.db, admin, id)).toEqual({ ok: true });
    const published = await getPublishedSurvey(t.db, 'new-survey');
    expect(published?.sections[0]?.questions.map((q) => [q.key, q.category])).toEqual([['liked', 'answers'], ['email', 'contact']]);
  });

  /** The client, with `then` run right after the builder's first read of the survey (its draft check) returns. */
  function afterCheck(then: () => Promise<unknown>, read: 'findFirst' | 'findUniqueOrThrow' = 'findFirst'): Db {
    let done = false;
    const survey = new Proxy(t.db.survey, {
      get(target, prop) {
        const value = Reflect.get(target, prop);
        if (prop !== read || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
        return async (...args: unknown[]) => {
          const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          if (!done) {
            done = true;
            await then();
          }
          return result;
        };
      },
    });
    return new Proxy(t.db, { get: (target, prop) => (prop === 'survey' ? survey : ((v) => (typeof v === 'function' ? v.bind(target) : v))(Reflect.get(target, prop))) });
  }

  it('issue 11: an edit that loses the race against a publish is refused and changes nothing (a published survey is cached per version)', async () => {
    const admin = await userOf('admin@sorgu.test');
    const { id } = await newSurvey(admin);
    const section = await addSectionAs(t.db, admin, id, { title: both('First') });
    await addQuestionAs(t.db, admin, id, question(section.id));
    // Published by someone else between the edit's draft check and its write.
    const racing = afterCheck(() => t.db.survey.update({ where: { id }, data: { status: 'published' } }));
    await expect(addQuestionAs(racing, admin, id, question(section.id, { key: 'late' }))).rejects.toBeInstanceOf(NotADraftError);
    expect((await t.db.question.findMany({ where: { surveyId: id } })).map((q) => q.key)).toEqual(['liked']);
    expect((await getPublishedSurvey(t.db, 'new-survey'))?.sections[0]?.questions.map((q) => q.key)).toEqual(['liked']);
  });

  it('issue 11: a publish publishes what it checked: an edit between the check and the publish makes it a refusal', async () => {
    const admin = await userOf('admin@sorgu.test');
    const { id } = await newSurvey(admin);
    const section = await addSectionAs(t.db, admin, id, { title: both('First') });
    await addQuestionAs(t.db, admin, id, question(section.id));
    // An untranslated question added after the publish check read the survey.
    const racing = afterCheck(() => addQuestionAs(t.db, admin, id, question(section.id, { key: 'untranslated', prompt: { az: 'Yalnız az', en: '' } })), 'findUniqueOrThrow');
    await expect(publishSurveyAs(racing, admin, id)).rejects.toBeInstanceOf(NotADraftError);
    expect((await t.db.survey.findUniqueOrThrow({ where: { id } })).status).toBe('draft');
  });

  it('refuses to publish a survey with a missing translation', async () => {
    const admin = await userOf('admin@sorgu.test');
    const { id } = await newSurvey(admin);
    const section = await addSectionAs(t.db, admin, id, { title: { az: 'Birinci', en: '' } });
    await addQuestionAs(t.db, admin, id, question(section.id));
    expect(await publishSurveyAs(t.db, admin, id)).toEqual({ ok: false, problems: [{ code: 'missing_translation', where: 'section 1', locale: 'en' }] });
    expect((await t.db.survey.findUniqueOrThrow({ where: { id } })).status).toBe('draft');
  });

  it('never edits a published survey destructively: no new or deleted questions, only closing', async () => {
    const admin = await userOf('admin@sorgu.test');
    const survey = await t.db.survey.findUniqueOrThrow({ where: { slug: 'cafe-visit' }, include: { sections: true, questions: true } });
    await expect(addQuestionAs(t.db, admin, survey.id, question(survey.sections[0]!.id, { key: 'extra' }))).rejects.toBeInstanceOf(NotADraftError);
    await expect(deleteQuestionAs(t.db, admin, survey.id, survey.questions[0]!.id)).rejects.toBeInstanceOf(NotADraftError);
    expect(await closeSurveyAs(t.db, admin, survey.id)).toBe(true);
    expect(await getPublishedSurvey(t.db, 'cafe-visit')).toBeNull();
  });

  it('P5.5 an analyst builds for their own Client only; the DPO not at all; another Client’s survey is out of reach', async () => {
    const analystA = await userOf('analyst@demo-coffee.test');
    const analystB = await userOf('analyst@demo-bakery.test');
    const dpo = await userOf('dpo@sorgu.test');
    const { id } = await newSurvey(analystA);
    await expect(newSurvey(analystA, 'for-bakery', 'demo-bakery')).rejects.toBeInstanceOf(AuthError);
    await expect(newSurvey(dpo, 'dpo-survey')).rejects.toBeInstanceOf(AuthError);
    await expect(addSectionAs(t.db, analystB, id, { title: both('Intrusion') })).rejects.toBeInstanceOf(AuthError);
    await expect(publishSurveyAs(t.db, analystB, id)).rejects.toBeInstanceOf(AuthError);
    expect(await t.db.section.count({ where: { surveyId: id } })).toBe(0);
  });

  it('P2.1 P5.1 P3.3 a question may only collect a listed category, a contact field needs its purpose, only comments may be published', async () => {
    const admin = await userOf('admin@sorgu.test');
    const { id } = await newSurvey(admin);
    const section = await addSectionAs(t.db, admin, id, { title: both('S') });
    await expect(addQuestionAs(t.db, admin, id, question(section.id, { category: 'usage' }))).rejects.toThrow();
    await expect(addQuestionAs(t.db, admin, id, question(section.id, { key: 'phone', type: 'phone', options: [] }))).rejects.toThrow(/contact_purpose/);
    await expect(addQuestionAs(t.db, admin, id, question(section.id, { publishable: true }))).rejects.toThrow(/publishable_comment/);
    expect(await t.db.question.count({ where: { surveyId: id } })).toBe(0);
  });

  it('deletes an unanswered question of a draft', async () => {
    const admin = await userOf('admin@sorgu.test');
    const { id } = await newSurvey(admin);
    const section = await addSectionAs(t.db, admin, id, { title: both('S') });
    const q = await addQuestionAs(t.db, admin, id, question(section.id));
    expect(await deleteQuestionAs(t.db, admin, id, q.id)).toBe(true);
    expect(await t.db.question.count({ where: { surveyId: id } })).toBe(0);
  });

  it('P6.1 a survey may shorten retention but not lengthen it', async () => {
    const admin = await userOf('admin@sorgu.test');
    const base = { clientId: await clientId('demo-coffee'), title: both('T'), description: both('D'), ageGate: false, minimumAge: null, country: null };
    await expect(createSurveyAs(t.db, admin, { ...base, slug: 'too-long', retentionContactDays: 366 })).rejects.toThrow(/retention_max/);
    const { id } = await createSurveyAs(t.db, admin, { ...base, slug: 'shorter', retentionContactDays: 90, retentionDraftDays: 7 });
    expect(await t.db.survey.findUniqueOrThrow({ where: { id } })).toMatchObject({ retentionContactDays: 90, retentionDraftDays: 7, retentionAnswersDays: null });
  });

  it('edits a draft’s settings; a published survey keeps its texts and may only shorten retention', async () => {
    const admin = await userOf('admin@sorgu.test');
    const settings = { title: both('Renamed'), description: both('D'), ageGate: true, minimumAge: 14, country: 'DE', retentionContactDays: null, retentionDemographicDays: null, retentionAnswersDays: null, retentionDraftDays: null };
    const { id } = await newSurvey(admin);
    await updateSurveyAs(t.db, admin, id, settings);
    expect(await t.db.survey.findUniqueOrThrow({ where: { id } })).toMatchObject({ title: both('Renamed'), ageGate: true, minimumAge: 14, country: 'DE' });

    const cafe = await t.db.survey.findUniqueOrThrow({ where: { slug: 'cafe-visit' } });
    await updateSurveyAs(t.db, admin, cafe.id, { ...settings, title: both('Hijacked'), retentionContactDays: 60 });
    const after = await t.db.survey.findUniqueOrThrow({ where: { id: cafe.id } });
    expect(after.title).toEqual(cafe.title);
    expect(after.retentionContactDays).toBe(60);
    await expect(updateSurveyAs(t.db, admin, cafe.id, { ...settings, retentionContactDays: 400 })).rejects.toThrow(/retention_max/);
    await expect(updateSurveyAs(t.db, await userOf('analyst@demo-bakery.test'), cafe.id, settings)).rejects.toBeInstanceOf(AuthError);
  });

  it('edits a draft’s questions and sections in place, and reorders them', async () => {
    const admin = await userOf('admin@sorgu.test');
    const { id } = await newSurvey(admin);
    const first = await addSectionAs(t.db, admin, id, { title: both('First') });
    const second = await addSectionAs(t.db, admin, id, { title: both('Second') });
    const liked = await addQuestionAs(t.db, admin, id, question(first.id, { help: both('Hint') }));
    const email = await addQuestionAs(t.db, admin, id, question(first.id, { key: 'email', type: 'email', options: [], contactPurpose: 'reward_delivery' }));

    // A choice becomes a comment: options and help go, the text changes, P3.3 publication is offered.
    await updateQuestionAs(t.db, admin, id, liked.id, question(first.id, { key: 'comment', type: 'long_text', options: [], prompt: both('Tell us'), publishable: true, required: false }));
    expect(await t.db.question.findUniqueOrThrow({ where: { id: liked.id } })).toMatchObject({ key: 'comment', type: 'long_text', options: null, help: null, prompt: both('Tell us'), publishable: true, position: 0 });
    // The same rules as adding: P5.1 a contact field keeps a purpose.
    await expect(updateQuestionAs(t.db, admin, id, email.id, question(first.id, { key: 'email', type: 'email', options: [], contactPurpose: null }))).rejects.toThrow(/contact_purpose/);

    await updateSectionAs(t.db, admin, id, second.id, { title: both('Renamed') });
    expect((await t.db.section.findUniqueOrThrow({ where: { id: second.id } })).title).toEqual(both('Renamed'));

    expect(await moveQuestionAs(t.db, admin, id, email.id, 'up')).toBe(true);
    expect(await moveQuestionAs(t.db, admin, id, email.id, 'up')).toBe(false);
    expect(await moveSectionAs(t.db, admin, id, second.id, 'up')).toBe(true);
    const order = await t.db.section.findMany({ where: { surveyId: id }, orderBy: { position: 'asc' }, select: { id: true, questions: { orderBy: { position: 'asc' }, select: { key: true } } } });
    expect(order.map((s) => [s.id, s.questions.map((q) => q.key)])).toEqual([[second.id, []], [first.id, ['email', 'comment']]]);

    // Moving a question to another section puts it last there.
    await updateQuestionAs(t.db, admin, id, email.id, question(second.id, { key: 'email', type: 'email', options: [], contactPurpose: 'reward_delivery' }));
    expect(await t.db.question.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({ sectionId: second.id, position: 0 });

    // Only an empty section can be deleted; the others close the gap.
    expect(await deleteSectionAs(t.db, admin, id, first.id)).toBe(false);
    await deleteQuestionAs(t.db, admin, id, liked.id);
    expect(await deleteSectionAs(t.db, admin, id, first.id)).toBe(true);
    expect(await t.db.section.findMany({ where: { surveyId: id }, select: { id: true, position: true } })).toEqual([{ id: second.id, position: 0 }]);
  });

  it('P5.5 in-place edits and moves are refused on a published survey and across Clients', async () => {
    const admin = await userOf('admin@sorgu.test');
    const analystB = await userOf('analyst@demo-bakery.test');
    const cafe = await t.db.survey.findUniqueOrThrow({ where: { slug: 'cafe-visit' }, include: { sections: { orderBy: { position: 'asc' } }, questions: true } });
    const q = cafe.questions[0]!;
    const before = await dumpSurvey(cafe.id);
    await expect(updateQuestionAs(t.db, admin, cafe.id, q.id, question(q.sectionId, { key: q.key }))).rejects.toBeInstanceOf(NotADraftError);
    await expect(updateSectionAs(t.db, admin, cafe.id, cafe.sections[0]!.id, { title: both('X') })).rejects.toBeInstanceOf(NotADraftError);
    await expect(moveSectionAs(t.db, admin, cafe.id, cafe.sections[1]!.id, 'up')).rejects.toBeInstanceOf(NotADraftError);
    await expect(moveQuestionAs(t.db, admin, cafe.id, q.id, 'down')).rejects.toBeInstanceOf(NotADraftError);
    await expect(deleteSectionAs(t.db, admin, cafe.id, cafe.sections[0]!.id)).rejects.toBeInstanceOf(NotADraftError);
    expect(await dumpSurvey(cafe.id)).toEqual(before);

    const { id } = await newSurvey(admin);
    const section = await addSectionAs(t.db, admin, id, { title: both('S') });
    const mine = await addQuestionAs(t.db, admin, id, question(section.id));
    await expect(updateQuestionAs(t.db, analystB, id, mine.id, question(section.id, { key: 'hijack' }))).rejects.toBeInstanceOf(AuthError);
    await expect(updateSectionAs(t.db, analystB, id, section.id, { title: both('X') })).rejects.toBeInstanceOf(AuthError);
    await expect(moveQuestionAs(t.db, analystB, id, mine.id, 'down')).rejects.toBeInstanceOf(AuthError);
    await expect(updateSectionAs(t.db, await userOf('dpo@sorgu.test'), id, section.id, { title: both('X') })).rejects.toBeInstanceOf(AuthError);
    // A question id of another survey is not reachable through a survey one may edit.
    const other = await newSurvey(admin, 'other-survey');
    await expect(updateQuestionAs(t.db, admin, other.id, mine.id, question(section.id, { key: 'moved' }))).rejects.toBeInstanceOf(AuthError);
    expect((await t.db.question.findUniqueOrThrow({ where: { id: mine.id } })).key).toBe('liked');
  });

  const dumpSurvey = (surveyId: string) =>
    t.db.survey.findUniqueOrThrow({ where: { id: surveyId }, include: { sections: { orderBy: { position: 'asc' } }, questions: { orderBy: { id: 'asc' } } } });
});
