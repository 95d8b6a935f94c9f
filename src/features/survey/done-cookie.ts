import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The completion cookie names the response this browser just finished, so the thank-you page can
 * show when it was received. It is signed with APP_SECRET for that survey (as the consent cookie
 * is): a hand-written `sorgu_done_<slug>=<some response id>` names nothing.
 * Format: `<response id>.<signature>`.
 */
function signature(slug: string, responseId: string, secret: string) {
  return createHmac('sha256', secret).update(`done:${slug}:${responseId}`).digest('base64url');
}

export function signDoneCookie(slug: string, responseId: string, secret: string): string {
  return `${responseId}.${signature(slug, responseId, secret)}`;
}

/** The response id the cookie was signed for on this survey, or null. */
export function verifyDoneCookie(value: string | undefined, slug: string, secret: string): string | null {
  const match = value ? /^([a-z0-9]{20,40})\.([A-Za-z0-9_-]{43})$/.exec(value) : null;
  if (!match) return null;
  const [, responseId, given] = match as unknown as [string, string, string];
  const expected = Buffer.from(signature(slug, responseId, secret));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? responseId : null;
}
