import 'server-only';
import { forbidden } from 'next/navigation';
import type { StaffRole } from '@/generated/sqlite';
import { redirect } from '@/i18n/navigation';
import type { Locale } from '@/i18n/routing';
import { AuthError, requireRole, type StaffUserDTO } from './dal';

/**
 * For staff pages: the signed-in user with one of `roles`, or a redirect to sign-in
 * (anonymous) or a 403 page (wrong role) — before any data is read.
 */
export async function guardPage(locale: Locale, path: string, ...roles: StaffRole[]): Promise<StaffUserDTO> {
  try {
    return await requireRole(...roles);
  } catch (error) {
    if (error instanceof AuthError && error.reason === 'unauthenticated') {
      redirect({ href: { pathname: '/login', query: { next: path } }, locale });
    }
    if (error instanceof AuthError) forbidden();
    throw error;
  }
}
