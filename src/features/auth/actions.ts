'use server';

import { headers } from 'next/headers';
import { z } from 'zod';
import { redirect } from '@/i18n/navigation';
import { toLocale } from '@/i18n/routing';
import { SAFE_PATH, SAFE_PATH_MAX } from '@/lib/safe-path';
import { db } from '@/server/db';
import { reportUnexpected } from '@/server/errors';
import { signOutStaff } from '@/server/dal';
import { beginStaffSession } from '@/server/session';
import { requestFactsFrom } from '@/features/consent/usage-facts';
import { authenticate } from './authenticate';
import { homeFor } from './roles';

export type LoginState = { error?: 'invalid_credentials' | 'throttled' | 'unexpected'; email?: string; requestId?: string };

const loginSchema = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(200),
  next: z.string().regex(SAFE_PATH).max(SAFE_PATH_MAX).optional(),
});


/** Staff sign-in (checks in authenticate.ts), then a fresh session cookie. */
export async function login(locale: string, _previous: LoginState, formData: FormData): Promise<LoginState> {
  const lang = toLocale(locale);
  const parsed = loginSchema.safeParse({ email: formData.get('email') ?? '', password: formData.get('password') ?? '', next: formData.get('next') || undefined });
  if (!parsed.success) return { error: 'invalid_credentials' };
  const { email, password, next } = parsed.data;

  let destination: string;
  try {
    const result = await authenticate(db, { email, password, ip: requestFactsFrom(await headers()).ip });
    if (!result.ok) return { error: result.error, email };
    await beginStaffSession(result.user);
    destination = next && next !== '/login' ? next : homeFor(result.user.role);
  } catch (error) {
    return { error: 'unexpected', email, requestId: reportUnexpected(error, { action: 'login' }) };
  }
  return redirect({ href: destination, locale: lang });
}

export async function logout(locale: string): Promise<void> {
  await signOutStaff();
  return redirect({ href: '/login', locale: toLocale(locale) });
}
