import { describe, expect, it } from 'vitest';
import { EVERYTHING_GRANTED, NOTHING_GRANTED } from '@/features/consent/categories';
import { collectFraudSignal, collectUsage } from '@/features/consent/collect';
import { currentConsentState, recordConsent } from '@/features/consent/records';
import { PROVIDERS, useSeededDatabase } from '../helpers/databases';

/**
 * P4.2 — a withdrawal that lands while usage metadata is being collected (the reverse DNS lookup
 * may take half a second) leaves no row behind: what it erased cannot come back a moment later.
 */
describe.each(PROVIDERS)('consent withdrawn during collection on %s', (provider) => {
  const t = useSeededDatabase(provider);

  it('P4.2 a withdrawal recorded during the reverse lookup stops the row from being kept', async () => {
    const given = await recordConsent(t.db, { choice: EVERYTHING_GRANTED, method: 'accept_all', locale: 'en' });
    const ctx = await currentConsentState(t.db, given.id);
    const facts = { ip: '192.0.2.44', userAgent: null, acceptLanguage: null, referrer: null, countryHeader: null };
    const stored = await collectUsage(t.db, ctx, {
      responseId: null,
      facts,
      hints: {},
      // The person rejects everything in another tab while the lookup runs.
      lookup: async () => {
        await recordConsent(t.db, { previousConsentId: given.id, choice: NOTHING_GRANTED, method: 'reject_all', locale: 'en' });
        return 'host.example';
      },
    });
    expect(stored).toBeNull();
    expect(await t.db.usageMetadata.count()).toBe(0);
  });

  it('two submissions of one response collected at once store one usage row and one fraud row (a unique constraint, not a count)', async () => {
    const given = await recordConsent(t.db, { choice: EVERYTHING_GRANTED, method: 'accept_all', locale: 'en' });
    const ctx = await currentConsentState(t.db, given.id);
    const survey = await t.db.survey.findFirstOrThrow();
    const respondent = await t.db.respondent.create({ data: { consentSubjectKey: given.subjectKey } });
    const { id: responseId } = await t.db.response.create({ data: { surveyId: survey.id, respondentId: respondent.id, status: 'in_progress', locale: 'en' } });
    const facts = { ip: '192.0.2.45', userAgent: 'UA', acceptLanguage: null, referrer: null, countryHeader: null };
    // Both lookups wait for each other: both submissions have counted before either inserts.
    let arrived = 0;
    let release!: () => void;
    const bothCounted = new Promise<void>((resolve) => (release = resolve));
    const lookup = async () => {
      if (++arrived === 2) release();
      await bothCounted;
      return 'host.example';
    };
    const traits = JSON.stringify({ screen: '1280x800', colorDepth: 24, pixelRatio: 1, hardwareConcurrency: 4, platform: 'Linux x86_64', timezoneOffset: -240, touchPoints: 0, webdriver: false, languages: ['en-GB'] });
    await Promise.all([
      collectUsage(t.db, ctx, { responseId, facts, hints: {}, lookup }),
      collectUsage(t.db, ctx, { responseId, facts, hints: {}, lookup }),
      collectFraudSignal(t.db, ctx, { responseId, hints: { fraud_traits: traits }, userAgent: 'UA' }),
      collectFraudSignal(t.db, ctx, { responseId, hints: { fraud_traits: traits }, userAgent: 'UA' }),
    ]);
    expect(await t.db.usageMetadata.count({ where: { responseId } })).toBe(1);
    expect(await t.db.fraudSignal.count({ where: { responseId } })).toBe(1);
  });
});

