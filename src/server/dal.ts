import 'server-only';
import { cache } from 'react';
import type { StaffRole } from '@/generated/sqlite';
import { AuthError, hasRole, type StaffUserDTO } from './authz';
import { db } from './db';
import { getStaffSession, sessionExpired } from './session';

export { AuthError, clientScope, type StaffUserDTO } from './authz';

/**
 * The one data-access choke point for staff (DESIGN.md convention 4). Every staff page, action
 * and route handler asks here; layouts and the proxy are never the guard.
 */
export const getCurrentUser = cache(async (): Promise<StaffUserDTO | null> => {
  const session = await getStaffSession();
  if (!session.userId || sessionExpired(session)) return null;
  const user = await db.staffUser.findFirst({
    where: { id: session.userId, disabledAt: null },
    select: { id: true, email: true, name: true, role: true, clientId: true, locale: true },
  });
  return user;
});

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
