import type { StaffRole } from '@/generated/sqlite';

/**
 * Who may do what in the back office. Pure, so the authorization matrix can be tested
 * without a database; the data-access layer (src/server/dal.ts) enforces it.
 */
export type StaffUserDTO = {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  clientId: string | null;
  locale: string;
};

export class AuthError extends Error {
  constructor(readonly reason: 'unauthenticated' | 'forbidden') {
    super(reason);
    this.name = 'AuthError';
  }
}

/** policy: P5.5 — the `where` that limits survey data to what this user may see. */
export function clientScope(user: StaffUserDTO): { clientId?: string } {
  if (user.role === 'admin') return {};
  if (user.role === 'analyst' && user.clientId) return { clientId: user.clientId };
  // The DPO works on subjects, not on Clients' surveys; an analyst without a Client sees nothing.
  throw new AuthError('forbidden');
}

export function hasRole(user: StaffUserDTO | null, roles: readonly StaffRole[]): user is StaffUserDTO {
  return user !== null && roles.includes(user.role);
}

/** Where each role lands after signing in. */
export function homeFor(role: StaffRole): string {
  return role === 'dpo' ? '/dpo' : '/admin';
}
