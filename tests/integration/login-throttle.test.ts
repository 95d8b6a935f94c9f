import { describe, expect, it } from 'vitest';
import { authenticate } from '@/features/auth/authenticate';
import { THROTTLE_LIMITS } from '@/features/auth/throttle-policy';
import { createStaffUser } from '@/features/auth/users';
import { PROVIDERS, useSeededDatabase } from '../helpers/databases';

const PASSWORD = 'the DPO has a long password';
const ATTACKER = '203.0.113.66';
const DPO_DESK = '198.51.100.7';
const BURST = 40;
const PER_ADDRESS_LIMIT = 5;

/**
 * Replays the attack of issue 9, item 4: a parallel burst of wrong passwords against one account
 * from one address. Every password check writes a `staff.login_failed` audit row, a refusal
 * before the check does not: the audit rows count how many guesses reached the hash.
 */
describe.each(PROVIDERS)('P13.1 login throttling under a parallel burst on %s', (provider) => {
  const t = useSeededDatabase(provider);
  const newDpo = () => createStaffUser(t.db, { email: 'dpo.two@example.test', name: 'DPO', role: 'dpo', password: PASSWORD });
  // The attacker's attempts are slowed down too; the test does not wait it out.
  const guess = (i: number) => authenticate(t.db, { email: 'dpo.two@example.test', password: `wrong guess ${i}`, ip: ATTACKER }, new Date(), { delay: async () => {} });

  it('P13.1 checks at most the limit of passwords out of 40 parallel guesses, and records all 40', async () => {
    await newDpo();
    const results = await Promise.all(Array.from({ length: BURST }, (_, i) => guess(i)));
    const checked = await t.db.auditEvent.count({ where: { action: 'staff.login_failed' } });
    expect(checked, 'passwords checked against the hash').toBeLessThanOrEqual(PER_ADDRESS_LIMIT);
    expect(results.filter((r) => !r.ok && r.error === 'throttled')).toHaveLength(BURST - checked);
    const counters = await t.db.loginThrottle.findMany({ select: { key: true, failures: true } });
    expect(counters.length).toBeGreaterThan(0);
    for (const counter of counters) expect(counter, counter.key).toMatchObject({ failures: BURST });
  });

  it('P13.1 refuses the right password inside and after the burst from the attacking address; the DPO still signs in from elsewhere', async () => {
    const dpo = await newDpo();
    const burst = Array.from({ length: BURST }, (_, i) => guess(i));
    // Sent while the burst is in flight, after it.
    const inside = authenticate(t.db, { email: dpo.email, password: PASSWORD, ip: ATTACKER }, new Date(), { delay: async () => {} });
    await Promise.all(burst);
    expect(await inside).toEqual({ ok: false, error: 'throttled' });
    expect(await authenticate(t.db, { email: dpo.email, password: PASSWORD, ip: ATTACKER })).toEqual({ ok: false, error: 'throttled' });
    // From the desk the account is slowed down (41 attempts this hour), not locked.
    const waits: number[] = [];
    const fromDesk = await authenticate(t.db, { email: dpo.email, password: PASSWORD, ip: DPO_DESK }, new Date(), { delay: async (ms) => void waits.push(ms) });
    expect(fromDesk).toEqual({ ok: true, user: { id: dpo.id, role: 'dpo', sessionVersion: 0 } });
    expect(waits).toEqual([THROTTLE_LIMITS.account.delayMaxMs]);
    // Signing in from the desk did not wipe what the attacker's address has used up.
    expect(await authenticate(t.db, { email: dpo.email, password: PASSWORD, ip: ATTACKER })).toEqual({ ok: false, error: 'throttled' });
  });
});
