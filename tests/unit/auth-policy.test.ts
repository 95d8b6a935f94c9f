import { describe, expect, it } from 'vitest';
import { afterFailure, isLocked, THROTTLE_LIMITS, throttleKeys } from '@/features/auth/throttle-policy';
import { AuthError, clientScope, homeFor, type StaffUserDTO } from '@/features/auth/roles';
import { hashPassword, verifyPassword } from '@/features/auth/password';
import { sessionExpired, STAFF_SESSION_TTL_SECONDS } from '@/server/session';

const user = (role: StaffUserDTO['role'], clientId: string | null = null): StaffUserDTO => ({ id: 'u', email: 'e', name: 'n', role, clientId, locale: 'az' });

describe('login throttling policy', () => {
  const t0 = new Date('2026-11-25T10:00:00Z');
  it('locks an account after 5 failures within 15 minutes, for 15 minutes', () => {
    let state = null as ReturnType<typeof afterFailure> | null;
    for (let i = 0; i < THROTTLE_LIMITS.account.maxFailures - 1; i++) state = afterFailure('account', state, t0);
    expect(isLocked(state, t0)).toBe(false);
    state = afterFailure('account', state, t0);
    expect(isLocked(state, t0)).toBe(true);
    expect(isLocked(state, new Date(t0.getTime() + 15 * 60_000 + 1))).toBe(false);
  });
  it('starts a new window when the old one has passed', () => {
    const old = { failures: 4, windowStart: t0, lockedUntil: null };
    expect(afterFailure('account', old, new Date(t0.getTime() + 16 * 60_000))).toMatchObject({ failures: 1, lockedUntil: null });
  });
  it('allows more failures per IP (shared addresses) than per account', () => {
    expect(THROTTLE_LIMITS.ip.maxFailures).toBeGreaterThan(THROTTLE_LIMITS.account.maxFailures);
    expect(throttleKeys(' Admin@Sorgu.TEST ', '203.0.113.1')).toEqual([
      { kind: 'account', key: 'account:admin@sorgu.test' },
      { kind: 'ip', key: 'ip:203.0.113.1' },
    ]);
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
