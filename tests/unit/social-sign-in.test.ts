import { describe, expect, it } from 'vitest';
import { parseSocialProviders, SocialConfigError, socialFormTargets } from '@/lib/social-providers';
import { prefillFromProfile, profileFromClaims } from '@/features/social/profile';
import { socialGranted } from '@/features/consent/policy';
import { NOTHING_GRANTED } from '@/features/consent/categories';

const env = (overrides: Record<string, string | undefined> = {}) => ({
  SOCIAL_LOGIN_PROVIDERS: 'google',
  SOCIAL_GOOGLE_ISSUER: 'https://accounts.google.com',
  SOCIAL_GOOGLE_CLIENT_ID: 'id',
  SOCIAL_GOOGLE_CLIENT_SECRET: 'secret',
  ...overrides,
});

describe('P3.5 social sign-in providers come from the environment only', () => {
  it('no provider configured: none (the button is absent)', () => {
    expect(parseSocialProviders({})).toEqual([]);
    expect(parseSocialProviders({ SOCIAL_LOGIN_PROVIDERS: ' ' })).toEqual([]);
  });

  it('reads issuer, client id, secret and label per provider', () => {
    const [google] = parseSocialProviders(env({ SOCIAL_GOOGLE_LABEL: 'Google' }));
    expect(google).toMatchObject({ id: 'google', label: 'Google', clientId: 'id', clientSecret: 'secret' });
    expect(google!.issuer.href).toBe('https://accounts.google.com/');
    expect(parseSocialProviders(env())[0]!.label).toBe('google');
  });

  it.each([
    ['a missing secret', { SOCIAL_GOOGLE_CLIENT_SECRET: undefined }],
    ['a missing issuer', { SOCIAL_GOOGLE_ISSUER: '' }],
    ['an http issuer on the network', { SOCIAL_GOOGLE_ISSUER: 'http://accounts.example.com' }],
    ['an issuer that is not a URL', { SOCIAL_GOOGLE_ISSUER: 'accounts' }],
    ['an issuer with credentials', { SOCIAL_GOOGLE_ISSUER: 'https://u:p@accounts.example.com' }],
    ['a malformed id', { SOCIAL_LOGIN_PROVIDERS: 'Goo gle' }],
    ['an id given twice', { SOCIAL_LOGIN_PROVIDERS: 'google,google' }],
  ])('refuses %s at start-up', (_name, overrides) => {
    expect(() => parseSocialProviders(env(overrides))).toThrow(SocialConfigError);
  });

  it('the sign-in page’s origin (CSP form-action) is the issuer’s unless given', () => {
    expect(socialFormTargets(parseSocialProviders(env({ SOCIAL_GOOGLE_ISSUER: 'https://accounts.example.com/tenant/v2' })))).toEqual(['https://accounts.example.com']);
    expect(parseSocialProviders(env({ SOCIAL_GOOGLE_AUTHORIZATION_ORIGIN: 'https://login.example.com/' }))[0]!.authorizationOrigin).toBe('https://login.example.com');
    expect(() => parseSocialProviders(env({ SOCIAL_GOOGLE_AUTHORIZATION_ORIGIN: 'http://login.example.com' }))).toThrow(SocialConfigError);
  });

  it('refuses a loopback provider in production unless explicitly allowed (demo settings pasted into production)', () => {
    expect(() => parseSocialProviders(env({ NODE_ENV: 'production', SOCIAL_GOOGLE_ISSUER: 'http://127.0.0.1:3109' }))).toThrow(/SOCIAL_ALLOW_LOOPBACK_ISSUER/);
    expect(parseSocialProviders(env({ NODE_ENV: 'production', SOCIAL_GOOGLE_ISSUER: 'http://127.0.0.1:3109', SOCIAL_ALLOW_LOOPBACK_ISSUER: '1' }))).toHaveLength(1);
    expect(parseSocialProviders(env({ NODE_ENV: 'production' }))).toHaveLength(1);
  });

  it('allows http only for a provider on the loopback', () => {
    for (const issuer of ['http://127.0.0.1:3109', 'http://localhost:3109', 'http://[::1]:3109']) {
      expect(parseSocialProviders(env({ SOCIAL_GOOGLE_ISSUER: issuer }))).toHaveLength(1);
    }
  });
});

describe('P2.1 P3.5 what is kept of a provider’s claims', () => {
  it('keeps name, email (lower-cased) and picture, and whether the provider verified that very email', () => {
    expect(
      profileFromClaims({ sub: 'abc', email: 'x@example.az', email_verified: false }, { sub: 'abc', name: ' Leyla ', email: 'Leyla@Example.az', email_verified: true, picture: 'https://p.example/l.png', birthdate: '1990-01-01', locale: 'az' }),
    ).toEqual({ externalId: 'abc', name: 'Leyla', email: 'leyla@example.az', emailVerified: true, pictureUrl: 'https://p.example/l.png' });
  });

  it('drops a value that does not pass instead of storing it half-valid', () => {
    expect(profileFromClaims({ sub: 'abc' }, { email: 'not an email', email_verified: true, picture: 'javascript:alert(1)', name: '' })).toEqual({
      externalId: 'abc',
      name: null,
      email: null,
      emailVerified: false,
      pictureUrl: null,
    });
    // "verified" is said of an address, never carried over to another one.
    expect(profileFromClaims({ sub: 'abc', email: 'a@example.az', email_verified: true }, { email: 'b@example.az', email_verified: false }).emailVerified).toBe(false);
  });

  it('refuses a token without a subject', () => {
    expect(() => profileFromClaims({}, {})).toThrow();
  });
});

describe('P3.5 prefill: shown and editable, never an answer', () => {
  const questions = [
    { key: 'email', type: 'email' },
    { key: 'phone', type: 'phone' },
    { key: 'comment', type: 'long_text' },
  ];
  it('fills only the email questions not answered yet', () => {
    expect(prefillFromProfile(questions, { email: 'l@example.az' }, {})).toEqual({ email: 'l@example.az' });
    expect(prefillFromProfile(questions, { email: 'l@example.az' }, { email: 'mine@example.az' })).toEqual({});
    expect(prefillFromProfile(questions, { email: null }, {})).toEqual({});
    expect(prefillFromProfile(questions, null, {})).toEqual({});
  });
});

describe('P4.3 P1.2 social is granted only by a current consent that grants it', () => {
  const record = (version: number, social: boolean) => ({ id: 'c', policyVersion: { version }, ...NOTHING_GRANTED, social });
  it('decides', () => {
    expect(socialGranted(record(2, true), 2)).toBe(true);
    expect(socialGranted(record(2, false), 2)).toBe(false);
    expect(socialGranted(record(1, true), 2)).toBe(false);
    expect(socialGranted(null, 1)).toBe(false);
  });
});
