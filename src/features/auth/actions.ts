'use server';

import { cookies, headers } from 'next/headers';
import { z } from 'zod';
import { redirect } from '@/i18n/navigation';
import { SAFE_PATH, SAFE_PATH_MAX } from '@/lib/safe-path';
import { secureCookie } from '@/lib/cookie-security';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { boundArg, publicButtonAction, publicFormAction } from '@/server/action';
import { signOutStaff } from '@/server/dal';
import { beginStaffSession } from '@/server/session';
import { requestFactsFrom } from '@/features/consent/usage-facts';
import { authenticate } from './authenticate';
import { TRUSTED_DEVICE_COOKIE, TRUSTED_DEVICE_TTL_SECONDS } from './trusted-device';
import { homeFor } from './roles';

export type LoginState = { error?: 'invalid_credentials' | 'throttled' | 'unexpected'; email?: string; requestId?: string; formError?: string; values?: Record<string, string> };

const loginSchema = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(200),
  next: z.string().regex(SAFE_PATH).max(SAFE_PATH_MAX).optional(),
});

const localeOnly = z.tuple([boundArg.locale]);

/** Staff sign-in (checks in authenticate.ts), then a fresh session cookie. */
export const login = publicFormAction<typeof localeOnly, LoginState>({ name: 'login', bound: localeOnly }, async ({ args: [locale], fields }) => {
  const parsed = loginSchema.safeParse({ email: fields.email ?? '', password: fields.password ?? '', next: fields.next || undefined });
  if (!parsed.success) return { error: 'invalid_credentials' };
  const { email, password, next } = parsed.data;
  const requestHeaders = await headers();
  const jar = await cookies();
  const result = await authenticate(db, {
    email,
    password,
    ip: requestFactsFrom(requestHeaders).ip,
    trustedDevice: jar.get(TRUSTED_DEVICE_COOKIE)?.value,
  });
  if (!result.ok) return { error: result.error, email };
  await beginStaffSession(result.user);
  jar.set(TRUSTED_DEVICE_COOKIE, result.trustedDevice, {
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookie(env.NODE_ENV, requestHeaders.get('x-forwarded-proto')),
    path: '/',
    maxAge: TRUSTED_DEVICE_TTL_SECONDS,
  });
  redirect({ href: next && next !== '/login' ? next : homeFor(result.user.role), locale });
});

export const logout = publicButtonAction({ name: 'logout', bound: localeOnly }, async ({ args: [locale] }) => {
  await signOutStaff();
  redirect({ href: '/login', locale });
});
