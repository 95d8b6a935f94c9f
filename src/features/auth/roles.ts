import type { StaffRole } from '@/generated/sqlite';

/** Where each role lands after signing in. (Who may do what: src/server/authz.ts.) */
export function homeFor(role: StaffRole): string {
  return role === 'dpo' ? '/dpo' : '/admin';
}
