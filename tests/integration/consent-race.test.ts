import { describe, expect, it } from 'vitest';
import { EVERYTHING_GRANTED, NOTHING_GRANTED } from '@/features/consent/categories';
import { collectUsage } from '@/features/consent/collect';
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
});
