import { describe, expect, it } from 'vitest';
import { EVERYTHING_GRANTED, NOTHING_GRANTED } from '@/features/consent/categories';
import { signConsentCookie, verifyConsentCookie } from '@/features/consent/consent-cookie';
import { consentFormSchema, choiceOf } from '@/features/consent/schemas';
import {
  consentGrants,
  consentIsCurrent,
  effectiveGrants,
  shouldAnnounceVersion,
  versionConsentMustCover,
  versionInForce,
  withdrawnCategories,
} from '@/features/consent/policy';
import { usageFieldsFrom } from '@/features/consent/usage-facts';
import { parseFraudTraits } from '@/features/consent/collection-schemas';

const d = (s: string) => new Date(`${s}T00:00:00Z`);
const versions = [
  { id: 'v1', version: 1, effectiveAt: d('2018-03-01'), material: true },
  { id: 'v2', version: 2, effectiveAt: d('2026-01-01'), material: false },
  { id: 'v3', version: 3, effectiveAt: d('2026-06-01'), material: true },
  { id: 'v4', version: 4, effectiveAt: d('2027-01-01'), material: true },
];
const consentUnder = (version: number, grants = EVERYTHING_GRANTED) => ({ id: 'c1', policyVersion: { version }, ...grants });

describe('policy versions', () => {
  it('P1.1 the version in force is the newest whose effective date has come', () => {
    expect(versionInForce(versions, d('2026-11-25'))?.version).toBe(3);
    expect(versionInForce(versions, d('2026-03-01'))?.version).toBe(2);
    expect(versionInForce(versions, d('2017-01-01'))).toBeNull();
  });
  it('P1.2 consent must cover the newest material version in force; a non-material one does not count', () => {
    expect(versionConsentMustCover(versions, d('2026-03-01'))).toBe(1);
    expect(versionConsentMustCover(versions, d('2026-11-25'))).toBe(3);
    expect(versionConsentMustCover(versions, d('2027-02-01'))).toBe(4);
  });
});

describe('consent decisions', () => {
  it('P1.2 consent under an older material version does not cover the new one', () => {
    expect(consentIsCurrent(consentUnder(2), 3)).toBe(false);
    expect(consentIsCurrent(consentUnder(3), 3)).toBe(true);
    expect(consentGrants(consentUnder(2), 'usage', 3)).toBe(false);
  });
  it('P1.2 a non-material version leaves consent in place', () => {
    expect(consentIsCurrent(consentUnder(1), versionConsentMustCover(versions, d('2026-03-01')))).toBe(true);
  });
  it('P4.2 no consent grants nothing', () => {
    expect(consentGrants(null, 'usage', 1)).toBe(false);
    expect(effectiveGrants(null, 1)).toEqual(NOTHING_GRANTED);
  });
  it('P4.2 consent grants exactly the categories chosen', () => {
    const c = consentUnder(1, { usage: true, fraud: false, sessionAnalytics: false, location: true });
    expect(consentGrants(c, 'usage', 1)).toBe(true);
    expect(consentGrants(c, 'fraud', 1)).toBe(false);
    expect(consentGrants(c, 'location', 1)).toBe(true);
    expect(effectiveGrants(c, 2)).toEqual(NOTHING_GRANTED);
  });
  it('P4.2 every category a choice denies is withdrawn', () => {
    expect(withdrawnCategories({ usage: false, fraud: true, sessionAnalytics: false, location: true })).toEqual(['usage', 'sessionAnalytics']);
    expect(withdrawnCategories(EVERYTHING_GRANTED)).toEqual([]);
  });
});

describe('the consent form', () => {
  it('P9.1 accept all and reject all set every optional category; choose sets only the ticked ones', () => {
    expect(choiceOf(consentFormSchema.parse({ method: 'accept_all' }))).toEqual(EVERYTHING_GRANTED);
    expect(choiceOf(consentFormSchema.parse({ method: 'reject_all', usage: 'on' }))).toEqual(NOTHING_GRANTED);
    expect(choiceOf(consentFormSchema.parse({ method: 'custom', fraud: 'on' }))).toEqual({ ...NOTHING_GRANTED, fraud: true });
  });
  it('P9.1 there is no switch for strictly necessary cookies and unknown fields are refused', () => {
    expect(consentFormSchema.safeParse({ method: 'custom', necessary: 'off' }).success).toBe(false);
  });
  it('refuses a return address that leaves the site', () => {
    expect(consentFormSchema.safeParse({ method: 'reject_all', returnTo: '//evil.example/' }).success).toBe(false);
    expect(consentFormSchema.safeParse({ method: 'reject_all', returnTo: 'https://evil.example/' }).success).toBe(false);
    expect(consentFormSchema.parse({ method: 'reject_all', returnTo: '/s/cafe-visit' }).returnTo).toBe('/s/cafe-visit');
  });
});

describe('the consent cookie', () => {
  const secret = 'x'.repeat(40);
  const id = 'cmabcdefghijklmnopqrstuvw';
  it('P4.2 carries only a signed consent id and policy version', () => {
    const value = signConsentCookie({ consentId: id, version: 3 }, secret);
    expect(value.split('.')).toHaveLength(3);
    expect(value.startsWith(`${id}.3.`)).toBe(true);
    expect(verifyConsentCookie(value, secret)).toEqual({ consentId: id, version: 3 });
  });
  it('rejects a forged or tampered cookie', () => {
    const value = signConsentCookie({ consentId: id, version: 3 }, secret);
    expect(verifyConsentCookie(value.replace('.3.', '.4.'), secret)).toBeNull();
    expect(verifyConsentCookie(value, 'y'.repeat(40))).toBeNull();
    expect(verifyConsentCookie('garbage', secret)).toBeNull();
    expect(verifyConsentCookie(undefined, secret)).toBeNull();
  });
});

describe('usage metadata parsing', () => {
  it('P9.2 reads device, OS, browser, language, country and referrer with ua-parser-js', () => {
    const fields = usageFieldsFrom({
      ip: '203.0.113.9',
      userAgent:
        'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
      acceptLanguage: 'az-AZ,az;q=0.9,en;q=0.8',
      referrer: 'https://example.org/page',
      countryHeader: null,
    });
    expect(fields).toMatchObject({
      ipAddress: '203.0.113.9',
      deviceType: 'mobile',
      deviceModel: 'Samsung SM-S918B',
      os: 'Android 14',
      language: 'az-AZ',
      country: 'AZ',
      referrer: 'https://example.org/page',
    });
    expect(fields.browser).toMatch(/^Chrome/);
  });
  it('P2.1 accepts only the listed fraud traits', () => {
    const traits = { screen: '1920x1080', colorDepth: 24, pixelRatio: 1, hardwareConcurrency: 8, platform: 'Linux x86_64', timezoneOffset: -240, touchPoints: 0, webdriver: false, languages: ['az'] };
    expect(parseFraudTraits(JSON.stringify(traits))).toEqual(traits);
    expect(parseFraudTraits(JSON.stringify({ ...traits, canvasHash: 'abc' }))).toBeNull();
    expect(parseFraudTraits('{not json')).toBeNull();
  });
});

describe('announcing a non-material version', () => {
  const v2 = { id: 'v2', version: 2, effectiveAt: d('2026-11-01'), material: false };
  it('P1.2 tells people whose valid consent predates it, for 30 days, without asking again', () => {
    expect(shouldAnnounceVersion(consentUnder(1), v2, 1, d('2026-11-25'))).toBe(true);
    expect(shouldAnnounceVersion(consentUnder(1), v2, 1, d('2026-12-02'))).toBe(false);
    expect(shouldAnnounceVersion(consentUnder(2), v2, 1, d('2026-11-25'))).toBe(false);
    expect(shouldAnnounceVersion(null, v2, 1, d('2026-11-25'))).toBe(false);
  });
});
