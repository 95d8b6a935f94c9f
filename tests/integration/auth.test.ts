import { databaseFault } from '@/server/db-errors';
import { describe, expect, it } from 'vitest';
import { setStaffDisabledAs } from '@/features/admin/commands';
import { authenticate } from '@/features/auth/authenticate';
import { unlockStaffAccount } from '@/features/auth/throttle';
import { THROTTLE_LIMITS } from '@/features/auth/throttle-policy';
import { createStaffUser } from '@/features/auth/users';
import { createDb } from '@/server/create-db';
import { PROVIDERS, useSeededDatabase } from '../helpers/databases';

const PASSWORD = 'a long enough password';
/** The account's progressive delay, not waited out in tests. */
const noWait = { delay: async () => {} };

/** The database's own refusal (SQLite reports the trigger's text in the adapter's error cause). */
async function expectAppendOnlyRefusal(write: Promise<unknown>) {
  const error = await write.then(() => null, (e: unknown) => e);
  expect(error, 'the write went through').not.toBeNull();
  const detail = `${(error as Error).message} ${JSON.stringify((error as { meta?: unknown }).meta ?? {})}`;
  expect(detail).toMatch(/append-only/);
}

describe.each(PROVIDERS)('staff sign-in on %s', (provider) => {
  const t = useSeededDatabase(provider);
  const newAnalyst = async () => {
    const client = await t.db.client.findFirstOrThrow();
    return createStaffUser(t.db, { email: 'new.analyst@example.test', name: 'New', role: 'analyst', clientId: client.id, password: PASSWORD });
  };

  it('signs in with the right password, audited; refuses a wrong one and an unknown account alike', async () => {
    const user = await newAnalyst();
    expect(await authenticate(t.db, { email: 'NEW.analyst@example.test ', password: PASSWORD, ip: '192.0.2.10' })).toMatchObject({ ok: true, user: { id: user.id, role: 'analyst', sessionVersion: 0 } });
    expect(await authenticate(t.db, { email: user.email, password: 'wrong password!', ip: '192.0.2.10' })).toEqual({ ok: false, error: 'invalid_credentials' });
    expect(await authenticate(t.db, { email: 'nobody@example.test', password: PASSWORD, ip: '192.0.2.10' })).toEqual({ ok: false, error: 'invalid_credentials' });
    expect(await t.db.auditEvent.count({ where: { action: 'staff.login' } })).toBe(1);
    expect(await t.db.auditEvent.count({ where: { action: 'staff.login_failed' } })).toBe(2);
  });

  it('P13.1 five wrong passwords lock the address that sent them, not the account; it may try again after 15 minutes', async () => {
    const user = await newAnalyst();
    const t0 = new Date('2026-11-25T10:00:00Z');
    for (let i = 0; i < 5; i++) await authenticate(t.db, { email: user.email, password: `wrong ${i}`, ip: '203.0.113.66' }, t0, noWait);
    expect(await authenticate(t.db, { email: user.email, password: PASSWORD, ip: '203.0.113.66' }, t0, noWait)).toEqual({ ok: false, error: 'throttled' });
    expect((await authenticate(t.db, { email: user.email, password: PASSWORD, ip: '198.51.100.1' }, t0, noWait)).ok).toBe(true);
    const later = new Date(t0.getTime() + 16 * 60_000);
    expect((await authenticate(t.db, { email: user.email, password: PASSWORD, ip: '203.0.113.66' }, later, noWait)).ok).toBe(true);
  });

  it('P13.1 guesses from many addresses slow the account down, then stop it at the ceiling until an admin unlocks it', async () => {
    const user = await newAnalyst();
    const t0 = new Date('2026-11-25T10:00:00Z');
    const ceiling = THROTTLE_LIMITS.account.maxFailures;
    const waits: number[] = [];
    await Promise.all(
      Array.from({ length: ceiling }, (_, i) =>
        authenticate(t.db, { email: user.email, password: `wrong ${i}`, ip: `10.0.${i >> 8}.${i & 255}` }, t0, { delay: async (ms) => void waits.push(ms) }),
      ),
    );
    expect(waits).toHaveLength(ceiling - THROTTLE_LIMITS.account.delayAfter);
    expect(await authenticate(t.db, { email: user.email, password: PASSWORD, ip: '198.51.100.1' }, t0, noWait)).toEqual({ ok: false, error: 'throttled' });
    expect(await unlockStaffAccount(t.db, user.email)).toBe(ceiling + 2);
    expect((await authenticate(t.db, { email: user.email, password: PASSWORD, ip: '198.51.100.1' }, t0, noWait)).ok).toBe(true);
  });

  it('locks an IP address that tries many accounts', async () => {
    const user = await newAnalyst();
    const t0 = new Date('2026-11-25T10:00:00Z');
    for (let i = 0; i < 20; i++) await authenticate(t.db, { email: `guess${i}@example.test`, password: 'x', ip: '203.0.113.66' }, t0);
    expect(await authenticate(t.db, { email: user.email, password: PASSWORD, ip: '203.0.113.66' }, t0)).toEqual({ ok: false, error: 'throttled' });
    expect((await authenticate(t.db, { email: user.email, password: PASSWORD, ip: '203.0.113.67' }, t0)).ok).toBe(true);
    // Signing in gives the slot back: colleagues behind one address are not stopped by their own sign-ins.
    const office = '192.0.2.50';
    for (let i = 0; i < THROTTLE_LIMITS.ip.maxFailures + 5; i++) expect((await authenticate(t.db, { email: user.email, password: PASSWORD, ip: office }, t0)).ok).toBe(true);
  });

  it('an admin disables an account, which then cannot sign in; nobody disables themselves', async () => {
    const user = await newAnalyst();
    const admin = await t.db.staffUser.findUniqueOrThrow({ where: { email: 'admin@sorgu.test' }, select: { id: true, email: true, name: true, role: true, clientId: true, locale: true } });
    expect(await setStaffDisabledAs(t.db, admin, user.id, true)).toBe(true);
    expect(await authenticate(t.db, { email: user.email, password: PASSWORD, ip: null })).toEqual({ ok: false, error: 'invalid_credentials' });
    await expect(setStaffDisabledAs(t.db, admin, admin.id, true)).rejects.toThrow('forbidden');
    expect(await setStaffDisabledAs(t.db, admin, user.id, false)).toBe(true);
    expect((await authenticate(t.db, { email: user.email, password: PASSWORD, ip: null })).ok).toBe(true);
  });

  it('refuses a disabled account', async () => {
    const user = await newAnalyst();
    await t.db.staffUser.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await authenticate(t.db, { email: user.email, password: PASSWORD, ip: null })).toEqual({ ok: false, error: 'invalid_credentials' });
  });

  it('fails closed: when the throttle cannot be checked, nobody signs in — an unreachable database is said as such, not as "too many attempts"', async () => {
    const broken = createDb('postgresql://postgres@127.0.0.1:1/unreachable');
    const outcome = await authenticate(broken, { email: 'admin@sorgu.test', password: PASSWORD, ip: null }).catch((error: unknown) => ({ fault: databaseFault(error) }));
    expect(outcome).toEqual({ fault: 'unavailable' });
    await broken.$disconnect();
  });

  it('keeps audit events append-only in the database itself', async () => {
    const event = await t.db.auditEvent.create({ data: { actor: 'test', action: 'test.event' } });
    await expectAppendOnlyRefusal(t.db.auditEvent.update({ where: { id: event.id }, data: { action: 'rewritten' } }));
    await expectAppendOnlyRefusal(t.db.auditEvent.delete({ where: { id: event.id } }));
    await expectAppendOnlyRefusal(t.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "action" = 'x'`));
    expect((await t.db.auditEvent.findUniqueOrThrow({ where: { id: event.id } })).action).toBe('test.event');
  });

  it('P4.2 keeps consent records append-only in the database itself', async () => {
    const record = await t.db.consentRecord.create({
      data: { subjectKey: 's_x', policyVersionId: (await t.db.policyVersion.findFirstOrThrow()).id, usage: false, fraud: false, sessionAnalytics: false, location: false, method: 'reject_all', locale: 'en' },
    });
    await expectAppendOnlyRefusal(t.db.consentRecord.update({ where: { id: record.id }, data: { usage: true } }));
  });
});
