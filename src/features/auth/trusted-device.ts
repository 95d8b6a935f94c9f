import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { normalizeEmail } from './throttle-policy';

/**
 * Trusted devices (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): a browser that
 * has signed in to an account carries a token for that account, and its sign-in attempts count on
 * a counter of their own instead of the account's. An attacker who has used up the account's
 * attempts from many networks — the account is then refused to browsers it does not know — does
 * not lock its owner out of a browser she has signed in from before.
 *
 * The token is `id.mac`, the MAC binding the id to the account's e-mail under a key derived from
 * APP_SECRET: it can neither be made nor moved to another account. It grants no access — only a
 * counter — so it is not revoked with sessions; a device that guesses wrong is refused like an
 * address (THROTTLE_LIMITS.device).
 */
export const TRUSTED_DEVICE_COOKIE = 'sorgu_device';
export const TRUSTED_DEVICE_TTL_SECONDS = 180 * 24 * 60 * 60;

const macOf = (secret: string, email: string, id: string) =>
  createHmac('sha256', secret).update(`sorgu trusted device v1 ${normalizeEmail(email)} ${id}`).digest('base64url');

/** A new token for a browser that just signed in to `email`. */
export function issueTrustedDevice(secret: string, email: string): string {
  const id = randomBytes(18).toString('base64url');
  return `${id}.${macOf(secret, email, id)}`;
}

/** The device id when `token` was issued for `email`, else null (forged, altered, another account's). */
export function trustedDeviceId(secret: string, email: string, token: string | null | undefined): string | null {
  const match = /^([\w-]{24})\.([\w-]{43})$/.exec(token ?? '');
  if (!match) return null;
  const [, id, mac] = match as unknown as [string, string, string];
  const expected = Buffer.from(macOf(secret, email, id));
  return timingSafeEqual(Buffer.from(mac), expected) ? id : null;
}
