import { describe, expect, it } from 'vitest';
import { setStaffDisabledAs } from '@/features/admin/commands';
import { authenticate } from '@/features/auth/authenticate';
import { createStaffUser, setStaffPassword } from '@/features/auth/users';
import { staffUserForSession } from '@/server/dal';
import type { StaffSessionData } from '@/server/session';
import { PROVIDERS, useSeededDatabase } from '../helpers/databases';

const PASSWORD = 'a long enough password';

/**
 * What a copied staff cookie carries (the sealed iron-session data): it must stop standing for
 * the account once the account's sessions are ended on the server. The cookie itself, copied
 * between browsers, is replayed by tests/e2e/staff-sessions.spec.ts.
 */
describe.each(PROVIDERS)('P13.1 ending staff sessions on the server on %s', (provider) => {
  const t = useSeededDatabase(provider);
  const admin = () => t.db.staffUser.findUniqueOrThrow({ where: { email: 'admin@sorgu.test' }, select: { id: true, email: true, name: true, role: true, clientId: true, locale: true } });
  async function signedInCopy(email: string): Promise<StaffSessionData> {
    const result = await authenticate(t.db, { email, password: PASSWORD, ip: '192.0.2.1' });
    if (!result.ok) throw new Error(`sign-in refused: ${result.error}`);
    return { userId: result.user.id, issuedAt: Date.now(), sessionVersion: result.user.sessionVersion };
  }
  const newDpo = () => createStaffUser(t.db, { email: 'dpo.sessions@example.test', name: 'DPO', role: 'dpo', password: PASSWORD });

  it('P13.1 disabling an account ends its sessions for good: re-enabling does not revive a copied cookie', async () => {
    const user = await newDpo();
    const copy = await signedInCopy(user.email);
    expect(await staffUserForSession(t.db, copy)).toMatchObject({ id: user.id });
    await setStaffDisabledAs(t.db, await admin(), user.id, true);
    expect(await staffUserForSession(t.db, copy)).toBeNull();
    await setStaffDisabledAs(t.db, await admin(), user.id, false);
    expect(await staffUserForSession(t.db, copy)).toBeNull();
    expect(await staffUserForSession(t.db, await signedInCopy(user.email))).toMatchObject({ id: user.id });
  });

  it('P13.1 a new password ends every session of the account', async () => {
    const user = await newDpo();
    const copies = [await signedInCopy(user.email), await signedInCopy(user.email)];
    expect(await setStaffPassword(t.db, user.email, 'another long password')).toEqual({ id: user.id });
    for (const copy of copies) expect(await staffUserForSession(t.db, copy)).toBeNull();
    expect(await authenticate(t.db, { email: user.email, password: PASSWORD, ip: '192.0.2.1' })).toEqual({ ok: false, error: 'invalid_credentials' });
    expect((await authenticate(t.db, { email: user.email, password: 'another long password', ip: '192.0.2.1' })).ok).toBe(true);
  });

  it('refuses cookies from before session versions, and sessions past their time to live', async () => {
    const user = await newDpo();
    const copy = await signedInCopy(user.email);
    expect(await staffUserForSession(t.db, { userId: user.id, issuedAt: Date.now() })).toBeNull();
    expect(await staffUserForSession(t.db, copy, Date.now() + 9 * 3600_000)).toBeNull();
  });
});
