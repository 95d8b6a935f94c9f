import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The consent cookie carries only a consent id and the policy version it was given under,
 * signed so it cannot be forged — no personal data (P4.2). Format: `<id>.<version>.<signature>`.
 */
export type ConsentCookie = { consentId: string; version: number };

function signature(payload: string, secret: string) {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

export function signConsentCookie({ consentId, version }: ConsentCookie, secret: string): string {
  const payload = `${consentId}.${version}`;
  return `${payload}.${signature(payload, secret)}`;
}

export function verifyConsentCookie(value: string | undefined, secret: string): ConsentCookie | null {
  if (!value) return null;
  const match = /^([a-z0-9]{20,40})\.(\d{1,6})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!match) return null;
  const [, consentId, version, given] = match as unknown as [string, string, string, string];
  const expected = Buffer.from(signature(`${consentId}.${version}`, secret));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  return { consentId, version: Number(version) };
}
