import type { StaffRole } from '@/generated/sqlite';

/**
 * The authorization vocabulary every layer shares (DESIGN.md convention 17): who a staff user is,
 * the refusal, and the Client scope. It lives in src/server so the data-access layer never has to
 * import a feature. Pure, so the authorization matrix is tested without a database.
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
