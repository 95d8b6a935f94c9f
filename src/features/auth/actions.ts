'use server';

import { headers } from 'next/headers';
import { hasLocale } from 'next-intl';
import { z } from 'zod';
import { redirect } from '@/i18n/navigation';
import { routing, type Locale } from '@/i18n/routing';
import { auditEvent } from '@/server/audit';
import { db } from '@/server/db';
import { reportUnexpected } from '@/server/errors';
import { getStaffSession } from '@/server/session';
import { requestFactsFrom } from '@/features/consent/usage-facts';
import { decoyHash, verifyPassword } from './password';
import { homeFor } from './roles';
import { clearAccountThrottle, isThrottled, recordLoginFailure } from './throttle';

export type LoginState = { error?: 'invalid_credentials' | 'throttled' | 'unexpected'; email?: string; requestId?: string };

const loginSchema = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(200),
  next: z.string().regex(/^\/(?!\/)[\w\-./?=&%]*$/).max(300).optional(),
});

const safeLocale = (locale: string): Locale => (hasLocale(routing.locales, locale) ? locale : routing.defaultLocale);

/**
 * Staff sign-in. Throttled per account and per IP; the throttle fails closed (if it cannot be
 * checked, nobody signs in). The same answer for an unknown account and a wrong password.
 */
export async function login(locale: string, _previous: LoginState, formData: FormData): Promise<LoginState> {
  const lang = safeLocale(locale);
  const parsed = loginSchema.safeParse({ email: formData.get('email') ?? '', password: formData.get('password') ?? '', next: formData.get('next') || undefined });
  if (!parsed.success) return { error: 'invalid_credentials' };
  const { email, password, next } = parsed.data;
  const ip = requestFactsFrom(await headers()).ip;

  let destination: string;
  try {
    try {
      if (await isThrottled(db, email, ip)) return { error: 'throttled', email };
    } catch (error) {
      reportUnexpected(error, { action: 'login.throttle_check' });
      return { error: 'throttled', email };
    }
    const user = await db.staffUser.findUnique({
      where: { email },
      select: { id: true, role: true, passwordHash: true, disabledAt: true },
    });
    const valid = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
    if (!user || !valid || user.disabledAt) {
      await recordLoginFailure(db, email, ip);
      await auditEvent(db, { actor: 'anonymous', action: 'staff.login_failed', target: user ? `staff:${user.id}` : undefined });
      return { error: 'invalid_credentials', email };
    }
    await clearAccountThrottle(db, email);
    const session = await getStaffSession();
    session.userId = user.id;
    session.issuedAt = Date.now();
    await session.save();
    await db.staffUser.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
    await auditEvent(db, { actor: user.id, action: 'staff.login', target: `staff:${user.id}` });
    destination = next && next !== '/login' ? next : homeFor(user.role);
  } catch (error) {
    return { error: 'unexpected', email, requestId: reportUnexpected(error, { action: 'login' }) };
  }
  return redirect({ href: destination, locale: lang });
}

export async function logout(locale: string): Promise<void> {
  const session = await getStaffSession();
  if (session.userId) await auditEvent(db, { actor: session.userId, action: 'staff.logout', target: `staff:${session.userId}` });
  session.destroy();
  return redirect({ href: '/login', locale: safeLocale(locale) });
}
