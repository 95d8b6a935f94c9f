import { describe, expect, it } from 'vitest';
import { DEMO_SURVEY_SLUG } from '../../prisma/seed';
import { EVERYTHING_GRANTED } from '@/features/consent/categories';
import { collectUsage, recordLocation } from '@/features/consent/collect';
import { currentConsentState, recordConsent } from '@/features/consent/records';
import { completeDraft, saveSectionAnswers, startDraft } from '@/features/survey/drafts';
import { markRespondentAsMinor } from '@/features/survey/minors';
import { getPublishedSurvey } from '@/features/survey/queries';
import { dumpAllRows, PROVIDERS, useSeededDatabase } from '../helpers/databases';

describe.each(PROVIDERS)('discovered minors on %s', (provider) => {
  const t = useSeededDatabase(provider);

  it('P11.1 marking a respondent as a minor deletes all their data and deactivates them', async () => {
    const survey = (await getPublishedSurvey(t.db, DEMO_SURVEY_SLUG))!;
    const consent = await recordConsent(t.db, { choice: EVERYTHING_GRANTED, method: 'accept_all', locale: 'az' });
    const ctx = await currentConsentState(t.db, consent.id);
    const { responseId } = await startDraft(t.db, survey.id, 'az', new Date(), consent.subjectKey);
    await saveSectionAnswers(t.db, responseId, survey.sections[2]!.questions, { email: 'kid@example.az', birth_date: '2013-03-03' }, 2);
    await completeDraft(t.db, responseId);
    await collectUsage(t.db, ctx, { responseId, facts: { ip: '192.0.2.77', userAgent: null, acceptLanguage: null, referrer: null, countryHeader: null }, hints: {}, lookup: async () => null });
    await recordLocation(t.db, ctx, { responseId, latitude: 40.1, longitude: 49.2, accuracyMeters: 5 });
    // Somebody else's data stays.
    const other = await startDraft(t.db, survey.id, 'en');
    await saveSectionAnswers(t.db, other.responseId, survey.sections[2]!.questions, { email: 'adult@example.az' }, 2);

    const { respondentId } = await t.db.response.findUniqueOrThrow({ where: { id: responseId } });
    const counts = await markRespondentAsMinor(t.db, respondentId);
    expect(counts).toEqual({ answers: 2, usage: 1, location: 1, responses: 1, consentRecords: 1 });

    const everything = await dumpAllRows(t.db, provider);
    for (const value of ['kid@example.az', '2013-03-03', '192.0.2.77', consent.subjectKey, responseId]) expect(everything).not.toContain(value);
    expect(everything).toContain('adult@example.az');
    const respondent = await t.db.respondent.findUniqueOrThrow({ where: { id: respondentId } });
    expect(respondent.deactivatedAt).toBeInstanceOf(Date);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'respondent.minor_deactivated' } });
    expect(audit.counts).toEqual(counts);
  });

  it('P11.1 an unknown respondent id changes nothing', async () => {
    expect(await markRespondentAsMinor(t.db, 'no-such-respondent')).toBeNull();
  });
});
