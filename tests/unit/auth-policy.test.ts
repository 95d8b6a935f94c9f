import { describe, expect, it } from 'vitest';
import { accountDelayMs, THROTTLE_LIMITS, throttleDecision, throttleKeys } from '@/features/auth/throttle-policy';
import { AuthError, clientScope, type StaffUserDTO } from '@/server/authz';
import { homeFor } from '@/features/auth/roles';
import { hashPassword, verifyPassword } from '@/features/auth/password';
import { sessionExpired, STAFF_SESSION_TTL_SECONDS } from '@/server/session';

const user = (role: StaffUserDTO['role'], clientId: string | null = null): StaffUserDTO => ({ id: 'u', email: 'e', name: 'n', role, clientId, locale: 'az' });

describe('login throttling policy', () => {
  const counts = (accountIp: number, ip: number, account: number) => [
    { kind: 'accountIp' as const, key: 'a', failures: accountIp },
    { kind: 'ip' as const, key: 'i', failures: ip },
    { kind: 'account' as const, key: 'c', failures: account },
  ];
  it('P13.1 refuses the 6th attempt of one address on one account, unchecked', () => {
    expect(throttleDecision(counts(5, 5, 5))).toEqual({ allowed: true, delayMs: 0 });
    expect(throttleDecision(counts(6, 6, 6))).toEqual({ allowed: false });
  });
  it('P13.1 slows an account down from its 6th attempt, and stops it only at a much higher ceiling', () => {
    expect([5, 6, 7, 8, 9, 10, 50].map(accountDelayMs)).toEqual([0, 1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(throttleDecision(counts(1, 1, 41))).toEqual({ allowed: true, delayMs: 10_000 });
    expect(THROTTLE_LIMITS.account.maxFailures).toBeGreaterThanOrEqual(20 * THROTTLE_LIMITS.accountIp.maxFailures);
    expect(throttleDecision(counts(1, 1, THROTTLE_LIMITS.account.maxFailures + 1))).toEqual({ allowed: false });
  });
  it('allows more failures per address (shared addresses) than per account and address', () => {
    expect(THROTTLE_LIMITS.ip.maxFailures).toBeGreaterThan(THROTTLE_LIMITS.accountIp.maxFailures);
    expect(throttleDecision(counts(1, 21, 1))).toEqual({ allowed: false });
    expect(throttleKeys(' Admin@Sorgu.TEST ', '203.0.113.1')).toEqual([
      { kind: 'accountIp', key: 'account-ip:admin@sorgu.test 203.0.113.1' },
      { kind: 'ip', key: 'ip:203.0.113.1' },
      { kind: 'account', key: 'account:admin@sorgu.test' },
    ]);
    expect(throttleKeys('a@b.c', null).map((k) => k.key)).toEqual(['account-ip:a@b.c unknown', 'ip:unknown', 'account:a@b.c']);
  });
});

describe('roles', () => {
  it('P5.5 an analyst is scoped to their own Client; an admin to all', () => {
    expect(clientScope(user('admin'))).toEqual({});
    expect(clientScope(user('analyst', 'client-a'))).toEqual({ clientId: 'client-a' });
  });
  it('P5.5 the DPO and an analyst without a Client get no survey scope at all', () => {
    expect(() => clientScope(user('dpo'))).toThrow(AuthError);
    expect(() => clientScope(user('analyst'))).toThrow(AuthError);
  });
  it('sends each role to its own start page', () => {
    expect(homeFor('admin')).toBe('/admin');
    expect(homeFor('analyst')).toBe('/admin');
    expect(homeFor('dpo')).toBe('/dpo');
  });
});

describe('staff sessions and passwords', () => {
  it('expire after their time to live, whatever the cookie says', () => {
    const now = Date.now();
    expect(sessionExpired({ userId: 'u', issuedAt: now - 1000 }, now)).toBe(false);
    expect(sessionExpired({ userId: 'u', issuedAt: now - STAFF_SESSION_TTL_SECONDS * 1000 - 1 }, now)).toBe(true);
    expect(sessionExpired({ userId: 'u' }, now)).toBe(true);
  });
  it('hashes passwords with scrypt and a salt; verifies only the right one', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
  });
});
