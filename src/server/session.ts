import 'server-only';
import { createHmac } from 'node:crypto';
import { cookies } from 'next/headers';
import { getIronSession, type SessionOptions } from 'iron-session';
import { env } from './env';

/**
 * The staff session: an iron-session cookie (sealed and signed), httpOnly, SameSite=Lax, Secure
 * in production. It holds only the user id, when the session began and the account's session
 * version at sign-in; the user's role and Client are read from the database on every request
 * (src/server/dal.ts), and a cookie whose version is no longer the account's is refused there.
 * Raising `StaffUser.sessionVersion` therefore ends every session of the account on the server,
 * copied cookies included: signing out, disabling the account and setting a new password do.
 */
export type StaffSessionData = { userId?: string; issuedAt?: number; sessionVersion?: number };

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

/** A fresh cookie for a user who just proved who they are. */
export async function beginStaffSession(user: { id: string; sessionVersion: number }) {
  const session = await getStaffSession();
  session.userId = user.id;
  session.issuedAt = Date.now();
  session.sessionVersion = user.sessionVersion;
  await session.save();
}

/** Expired when older than the TTL, whatever the cookie's own expiry says. */
export function sessionExpired(session: StaffSessionData, now = Date.now()): boolean {
  return !session.issuedAt || now - session.issuedAt > STAFF_SESSION_TTL_SECONDS * 1000;
}
