import 'server-only';
import { cache } from 'react';
import type { StaffRole } from '@/generated/sqlite';
import { AuthError, hasRole, type StaffUserDTO } from './authz';
import { auditEvent } from './audit';
import type { Db } from './create-db';
import { db } from './db';
import { getStaffSession, sessionExpired, type StaffSessionData } from './session';

export { AuthError, clientScope, type StaffUserDTO } from './authz';

/**
 * The one data-access choke point for staff (DESIGN.md convention 4). Every staff page, action
 * and route handler asks here; layouts and the proxy are never the guard.
 */
export const getCurrentUser = cache(async (): Promise<StaffUserDTO | null> => staffUserForSession(db, await getStaffSession()));

/**
 * The account a session cookie stands for, or nobody: when the session is older than its time to
 * live, the account is disabled, or the account's session version moved on since the cookie was
 * issued (signed out, disabled, new password — every session of the account ended).
 */
export async function staffUserForSession(db: Db, session: StaffSessionData, now = Date.now()): Promise<StaffUserDTO | null> {
  if (!session.userId || typeof session.sessionVersion !== 'number' || sessionExpired(session, now)) return null;
  return db.staffUser.findFirst({
    where: { id: session.userId, disabledAt: null, sessionVersion: session.sessionVersion },
    select: { id: true, email: true, name: true, role: true, clientId: true, locale: true },
  });
}

/**
 * Signing out ends every session of the account (all its browsers, copied cookies too), then
 * clears this browser's cookie. A cookie that no longer stands for anyone ends nothing.
 */
export async function signOutStaff(): Promise<void> {
  const session = await getStaffSession();
  const user = await staffUserForSession(db, session);
  if (user) {
    await db.$transaction([
      db.staffUser.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } }),
      auditEvent(db, { actor: user.id, action: 'staff.logout', target: `staff:${user.id}` }),
    ]);
  }
  session.destroy();
}

export async function requireUser(): Promise<StaffUserDTO> {
  const user = await getCurrentUser();
  if (!user) throw new AuthError('unauthenticated');
  return user;
}

export async function requireRole(...roles: StaffRole[]): Promise<StaffUserDTO> {
  const user = await requireUser();
  if (!hasRole(user, roles)) throw new AuthError('forbidden');
  return user;
}

/** For route handlers: the staff user with one of these roles, or the 401/403 to answer instead. */
export async function staffForRoute(...roles: StaffRole[]): Promise<StaffUserDTO | Response> {
  try {
    return await requireRole(...roles);
  } catch (error) {
    if (error instanceof AuthError) return new Response(null, { status: error.reason === 'unauthenticated' ? 401 : 403 });
    throw error;
  }
}
