import 'server-only';
import { createHmac } from 'node:crypto';
import { cookies } from 'next/headers';
import { getIronSession, type SessionOptions } from 'iron-session';
import { env } from './env';

/**
 * The staff session: an iron-session cookie (sealed and signed), httpOnly, SameSite=Lax, Secure
 * in production. It holds only the user id and when the session began; the user's role and
 * Client are read from the database on every request.
 */
export type StaffSessionData = { userId?: string; issuedAt?: number };

export const STAFF_SESSION_TTL_SECONDS = 8 * 60 * 60;
export const STAFF_SESSION_COOKIE = 'sorgu_staff';

function sessionOptions(): SessionOptions {
  return {
    // A key of its own, derived from APP_SECRET (never the consent cookie's key).
    password: createHmac('sha256', env.APP_SECRET).update('sorgu staff session v1').digest('hex'),
    cookieName: STAFF_SESSION_COOKIE,
    ttl: STAFF_SESSION_TTL_SECONDS,
    cookieOptions: { httpOnly: true, sameSite: 'lax', secure: env.NODE_ENV === 'production', path: '/' },
  };
}

export async function getStaffSession() {
  return getIronSession<StaffSessionData>(await cookies(), sessionOptions());
}

/** Expired when older than the TTL, whatever the cookie's own expiry says. */
export function sessionExpired(session: StaffSessionData, now = Date.now()): boolean {
  return !session.issuedAt || now - session.issuedAt > STAFF_SESSION_TTL_SECONDS * 1000;
}
