import type { Db } from '@/server/create-db';
import { auditEvent } from '@/server/audit';
import type { StaffRole } from '@/generated/sqlite';
import { decoyHash, verifyPassword } from './password';
import { clearAccountThrottle, isThrottled, recordLoginFailure } from './throttle';

export type AuthenticationResult =
  | { ok: true; user: { id: string; role: StaffRole } }
  | { ok: false; error: 'invalid_credentials' | 'throttled' };

/**
 * Checks a staff sign-in. Throttled per account and per IP, and the throttle fails closed: if it
 * cannot be read, nobody signs in. An unknown account costs the same time as a wrong password.
 */
export async function authenticate(
  db: Db,
  input: { email: string; password: string; ip: string | null },
  now = new Date(),
): Promise<AuthenticationResult> {
  const email = input.email.trim().toLowerCase();
  try {
    if (await isThrottled(db, email, input.ip, now)) return { ok: false, error: 'throttled' };
  } catch {
    return { ok: false, error: 'throttled' };
  }
  const user = await db.staffUser.findUnique({ where: { email }, select: { id: true, role: true, passwordHash: true, disabledAt: true } });
  const valid = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash()));
  if (!user || !valid || user.disabledAt) {
    await recordLoginFailure(db, email, input.ip, now);
    await auditEvent(db, { actor: 'anonymous', action: 'staff.login_failed', target: user ? `staff:${user.id}` : undefined, at: now });
    return { ok: false, error: 'invalid_credentials' };
  }
  await clearAccountThrottle(db, email);
  await db.staffUser.update({ where: { id: user.id }, data: { lastLoginAt: now } });
  await auditEvent(db, { actor: user.id, action: 'staff.login', target: `staff:${user.id}`, at: now });
  return { ok: true, user: { id: user.id, role: user.role } };
}
