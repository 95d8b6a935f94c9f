import type { StaffRole } from '@/generated/sqlite';

export { AuthError, clientScope, hasRole, type StaffUserDTO } from '@/server/authz';

/** Where each role lands after signing in. */
export function homeFor(role: StaffRole): string {
  return role === 'dpo' ? '/dpo' : '/admin';
}
