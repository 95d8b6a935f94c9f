import { describe, expect, it } from 'vitest';
import { DEMO_SURVEY_SLUG, SECOND_DEMO_CLIENT } from '../../prisma/seed';
import { completeDraft, startDraft } from '@/features/survey/drafts';
import { getPublishedSurvey } from '@/features/survey/queries';
import { endingOf } from '@/features/survey/endings';
import { PROVIDERS, useSeededDatabase } from '../helpers/databases';

describe.each(PROVIDERS)('the completion page on %s', (provider) => {
  const t = useSeededDatabase(provider);

  it('P5.5 shows the completion time of a response of its own survey only', async () => {
    const cafe = (await getPublishedSurvey(t.db, DEMO_SURVEY_SLUG))!;
    const bakery = await t.db.client.findUniqueOrThrow({ where: { slug: SECOND_DEMO_CLIENT.slug } });
    const bread = await t.db.survey.create({ data: { clientId: bakery.id, slug: `bread-${provider}`, status: 'published', title: { az: 'Çörək', en: 'Bread' }, description: { az: '', en: '' } } });
    const mine = await startDraft(t.db, cafe.id, 'en');
    const theirs = await startDraft(t.db, bread.id, 'en');
    await completeDraft(t.db, mine.responseId);
    await completeDraft(t.db, theirs.responseId);

    expect(await endingOf(t.db, mine.responseId, DEMO_SURVEY_SLUG)).toMatchObject({ status: 'completed', at: expect.any(Date) });
    // Another Client's response named under this survey's page shows nothing.
    expect(await endingOf(t.db, theirs.responseId, DEMO_SURVEY_SLUG)).toBeNull();
    const draft = await startDraft(t.db, cafe.id, 'en');
    expect(await endingOf(t.db, draft.responseId, DEMO_SURVEY_SLUG)).toBeNull();
  });
});
