import { describe, expect, it } from 'vitest';
import { secureCookie } from '@/lib/cookie-security';
import { signDoneCookie, verifyDoneCookie } from '@/features/survey/done-cookie';

const SECRET = 'a-test-secret-of-at-least-thirty-two-characters';
const RESPONSE = 'cmx0000000000000000000001';

describe('the app’s own cookies', () => {
  it('P9.1 consent and resume cookies are Secure in production whatever the proxy says; elsewhere over HTTPS', () => {
    expect(secureCookie('production', null)).toBe(true);
    expect(secureCookie('production', 'http')).toBe(true);
    expect(secureCookie('development', 'https')).toBe(true);
    expect(secureCookie('development', 'HTTPS, http')).toBe(true);
    expect(secureCookie('development', 'http')).toBe(false);
    expect(secureCookie('test', null)).toBe(false);
  });

  it('P5.5 the completion cookie names only the response this browser finished, on that survey', () => {
    const genuine = signDoneCookie('cafe-visit', RESPONSE, SECRET);
    expect(verifyDoneCookie(genuine, 'cafe-visit', SECRET)).toBe(RESPONSE);
    // A hand-written id, a signature made for another survey or with another secret, a tampered id.
    expect(verifyDoneCookie(RESPONSE, 'cafe-visit', SECRET)).toBeNull();
    expect(verifyDoneCookie(signDoneCookie('bakery', RESPONSE, SECRET), 'cafe-visit', SECRET)).toBeNull();
    expect(verifyDoneCookie(signDoneCookie('cafe-visit', RESPONSE, `${SECRET}!`), 'cafe-visit', SECRET)).toBeNull();
    expect(verifyDoneCookie(genuine.replace(RESPONSE, 'cmx0000000000000000000002'), 'cafe-visit', SECRET)).toBeNull();
    expect(verifyDoneCookie(undefined, 'cafe-visit', SECRET)).toBeNull();
  });
});
