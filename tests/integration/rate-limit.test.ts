import { databaseFault } from '@/server/db-errors';
import { describe, expect, it } from 'vitest';
import { hitRateLimit, RATE_LIMITS } from '@/server/rate-limit';
import { createDb } from '@/server/create-db';
import { purgeExpiredData } from '@/features/retention/purge';
import { dumpAllRows, PROVIDERS, useSeededDatabase } from '../helpers/databases';

const secret = 'rate-limit-test-secret-0123456789abcdef';

/**
 * Issue 9 item 8, P6.1 — public writes are limited per client address and per consent subject, in
 * the database (every instance shares the counters), atomically, failing closed; the counters hold
 * no address in clear and are purged by their retention rule.
 */
describe.each(PROVIDERS)('public write rate limits on %s', (provider) => {
  const t = useSeededDatabase(provider);

  it('P4.2 a parallel burst from one address gets exactly the limit through, whatever the timing', async () => {
    const limit = RATE_LIMITS.consentChoice.perAddress;
    const now = new Date('2026-12-02T10:00:00Z');
    const decisions = await Promise.all(Array.from({ length: limit + 15 }, () => hitRateLimit(t.db, 'consentChoice', { address: '198.51.100.7' }, { secret, now })));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(limit);
    // Another address is not affected; the same one is again once the window has passed.
    expect(await hitRateLimit(t.db, 'consentChoice', { address: '198.51.100.8' }, { secret, now })).toEqual({ allowed: true });
    const later = new Date(now.getTime() + RATE_LIMITS.consentChoice.windowMs + 1);
    expect(await hitRateLimit(t.db, 'consentChoice', { address: '198.51.100.7' }, { secret, now: later })).toEqual({ allowed: true });
  });

  it('P4.2 a client rotating through the addresses of its IPv6 /64 shares one counter', async () => {
    const limit = RATE_LIMITS.consentChoice.perAddress;
    const now = new Date('2026-12-02T10:00:00Z');
    const decisions = [];
    for (let i = 1; i <= limit + 5; i++) decisions.push(await hitRateLimit(t.db, 'consentChoice', { address: `2001:db8:7:7::${i.toString(16)}` }, { secret, now }));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(limit);
    expect(await hitRateLimit(t.db, 'consentChoice', { address: '2001:db8:7:8::1' }, { secret, now })).toEqual({ allowed: true });
  });

  it('P4.2 one consent subject is limited across addresses; a refusal says when to come back', async () => {
    const now = new Date('2026-12-02T10:00:00Z');
    const { perSubject, windowMs } = RATE_LIMITS.surveyStart;
    for (let i = 0; i < perSubject; i++) expect((await hitRateLimit(t.db, 'surveyStart', { address: `203.0.113.${i}`, subject: 'chain-1' }, { secret, now })).allowed).toBe(true);
    expect(await hitRateLimit(t.db, 'surveyStart', { address: '203.0.113.250', subject: 'chain-1' }, { secret, now })).toEqual({ allowed: false, retryAfterSeconds: windowMs / 1000 });
  });

  it('P6.1 counters keep no address in clear and are purged a day after their window', async () => {
    const now = new Date();
    await hitRateLimit(t.db, 'compromiseReport', { address: '192.0.2.123', subject: 'chain-xyz' }, { secret, now });
    expect(await dumpAllRows(t.db, provider)).not.toMatch(/192\.0\.2\.123|chain-xyz/);
    expect((await purgeExpiredData(t.db, { now: new Date(now.getTime() + 3 * 86_400_000) })).rateLimits).toBe(2);
    expect(await t.db.rateLimitBucket.count()).toBe(0);
  });

  it('a counter that cannot be read refuses (fails closed); an unreachable database throws, for the form to say so', async () => {
    const broken = createDb(provider === 'sqlite' ? 'file:/nonexistent-dir/none.db' : 'postgresql://postgres@127.0.0.1:1/none');
    const outcome = await hitRateLimit(broken, 'location', { address: '192.0.2.1' }, { secret }).catch((error: unknown) => ({ fault: databaseFault(error) }));
    expect(outcome).not.toMatchObject({ allowed: true });
    if (provider === 'postgres') expect(outcome).toEqual({ fault: 'unavailable' });
  });
});
