import { databaseFault } from '@/server/db-errors';
import type { Db } from '@/server/create-db';
import { auditEvent } from '@/server/audit';
import { env } from '@/server/env';
import type { StaffRole } from '@/generated/sqlite';
import { decoyHash, verifyPassword } from './password';
import { releaseLoginAttempt, reserveLoginAttempt } from './throttle';
import { normalizeEmail } from './throttle-policy';
import { issueTrustedDevice, trustedDeviceId } from './trusted-device';

export type AuthenticationResult =
  | { ok: true; user: { id: string; role: StaffRole; sessionVersion: number }; trustedDevice: string }
  | { ok: false; error: 'invalid_credentials' | 'throttled' };

export type AuthenticationOptions = {
  /** How the account's progressive delay is waited out (tests record it instead of sleeping). */
  delay?: (ms: number) => Promise<void>;
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Checks a staff sign-in. The attempt counts itself first and is decided from its own count
 * (throttle.ts), so parallel guesses cannot outrun the limits; the throttle fails closed: if it
 * cannot count, nobody signs in. An unknown account costs the same time as a wrong password.
 */
export async function authenticate(
  db: Db,
  input: { email: string; password: string; ip: string | null; trustedDevice?: string | null },
  now = new Date(),
  { delay = sleep }: AuthenticationOptions = {},
): Promise<AuthenticationResult> {
  const email = normalizeEmail(input.email);
  // A token issued for another account (or forged) makes this an unknown browser, nothing worse.
  const deviceId = trustedDeviceId(env.APP_SECRET, email, input.trustedDevice);
  let decision;
  try {
    decision = await reserveLoginAttempt(db, email, input.ip, deviceId, now);
  } catch (error) {
    // Closed either way; a database that cannot be reached is said as such (the form says
    // "unavailable", src/server/action.ts), not as "too many attempts".
    if (databaseFault(error)) throw error;
    return { ok: false, error: 'throttled' };
  }
  if (!decision.allowed) return { ok: false, error: 'throttled' };
  if (decision.delayMs > 0) await delay(decision.delayMs);

  const user = await db.staffUser.findUnique({
    where: { email },
    select: { id: true, role: true, passwordHash: true, disabledAt: true, sessionVersion: true },
  });
  const valid = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash()));
  if (!user || !valid || user.disabledAt) {
    // The attempt stays counted: it was reserved before the check.
    await auditEvent(db, { actor: 'anonymous', action: 'staff.login_failed', target: user ? `staff:${user.id}` : undefined, at: now });
    return { ok: false, error: 'invalid_credentials' };
  }
  await releaseLoginAttempt(db, email, input.ip, deviceId);
  await db.$transaction([
    db.staffUser.update({ where: { id: user.id }, data: { lastLoginAt: now } }),
    auditEvent(db, { actor: user.id, action: 'staff.login', target: `staff:${user.id}`, at: now }),
  ]);
  // The browser keeps its token (a fresh one when it had none for this account).
  const trustedDevice = deviceId ? input.trustedDevice! : issueTrustedDevice(env.APP_SECRET, email);
  return { ok: true, user: { id: user.id, role: user.role, sessionVersion: user.sessionVersion }, trustedDevice };
}
