import { describe, expect, it } from 'vitest';
import { POLICY_V1 } from '../../prisma/seed';
import { EVERYTHING_GRANTED, NOTHING_GRANTED } from '@/features/consent/categories';
import { collectFraudSignal, collectUsage, recordLocation, recordSessionEvent, type ConsentContext } from '@/features/consent/collect';
import { getPolicyInForce, publishPolicyVersion } from '@/features/consent/policy-versions';
import { currentConsentState, recordConsent } from '@/features/consent/records';
import type { RequestFacts } from '@/features/consent/usage-facts';
import { PROVIDERS, dumpAllRows, useSeededDatabase } from '../helpers/databases';

const facts: RequestFacts = {
  ip: '198.51.100.23',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  acceptLanguage: 'en-GB,en;q=0.9',
  referrer: 'https://search.example/?q=cafe',
  countryHeader: null,
};
const traits = JSON.stringify({ screen: '1920x1080', colorDepth: 24, pixelRatio: 1, hardwareConcurrency: 8, platform: 'Linux x86_64', timezoneOffset: -240, touchPoints: 0, webdriver: false, languages: ['en-GB'] });
const lookup = async () => 'host-198-51-100-23.isp.example';

describe.each(PROVIDERS)('consent on %s', (provider) => {
  const t = useSeededDatabase(provider);

  async function contextFor(consentId: string | undefined, now = new Date()): Promise<ConsentContext> {
    const state = await currentConsentState(t.db, consentId, now);
    return { consent: state.consent, mustCover: state.mustCover };
  }

  async function collectEverything(ctx: ConsentContext) {
    return {
      usage: await collectUsage(t.db, ctx, { responseId: null, facts, hints: { hint_timeZone: 'Asia/Baku', hint_network: 'wifi', hint_battery: 0.5 }, lookup }),
      fraud: await collectFraudSignal(t.db, ctx, { responseId: null, hints: { fraud_traits: traits }, userAgent: facts.userAgent }),
      location: await recordLocation(t.db, ctx, { responseId: null, latitude: 40.4093, longitude: 49.8671, accuracyMeters: 25 }),
      session: await recordSessionEvent(t.db, ctx, { path: '/s/cafe-visit', clicks: 3, maxScrollPercent: 80, durationMs: 12000 }),
    };
  }

  it('P4.2 a consent record keeps who, when, which version, which categories and how', async () => {
    const record = await recordConsent(t.db, { choice: { ...NOTHING_GRANTED, usage: true }, method: 'custom', locale: 'az' });
    const row = await t.db.consentRecord.findUniqueOrThrow({ where: { id: record.id }, include: { policyVersion: true } });
    expect(row).toMatchObject({ usage: true, fraud: false, sessionAnalytics: false, location: false, method: 'custom', locale: 'az' });
    expect(row.policyVersion.version).toBe(1);
    expect(row.subjectKey).toMatch(/^s_/);
    // A later choice from the same browser keeps the subject key and adds a row (append-only).
    const next = await recordConsent(t.db, { previousConsentId: record.id, choice: EVERYTHING_GRANTED, method: 'settings', locale: 'en' });
    expect(next.subjectKey).toBe(record.subjectKey);
    expect(await t.db.consentRecord.count()).toBe(2);
    expect((await t.db.consentRecord.findUniqueOrThrow({ where: { id: record.id } })).usage).toBe(true);
  });

  it('P3.4 P4.2 P9.2 with no consent, or after rejecting all, nothing consent-based is stored', async () => {
    expect(await collectEverything(await contextFor(undefined))).toEqual({ usage: null, fraud: null, location: null, session: null });
    const rejected = await recordConsent(t.db, { choice: NOTHING_GRANTED, method: 'reject_all', locale: 'en' });
    expect(await collectEverything(await contextFor(rejected.id))).toEqual({ usage: null, fraud: null, location: null, session: null });
    expect(await t.db.usageMetadata.count()).toBe(0);
    expect(await t.db.fraudSignal.count()).toBe(0);
    expect(await t.db.locationFix.count()).toBe(0);
    expect(await t.db.sessionEvent.count()).toBe(0);
  });

  it('P9.2 P2.5 P5.3 with consent every row is stored and references the consent that allowed it', async () => {
    const consent = await recordConsent(t.db, { choice: EVERYTHING_GRANTED, method: 'accept_all', locale: 'en' });
    const rows = await collectEverything(await contextFor(consent.id));
    for (const row of Object.values(rows)) expect(row?.consentRecordId).toBe(consent.id);
    expect(rows.usage).toMatchObject({
      ipAddress: '198.51.100.23',
      host: 'host-198-51-100-23.isp.example',
      deviceType: 'desktop',
      os: 'Linux',
      language: 'en-GB',
      country: 'GB',
      timeZone: 'Asia/Baku',
      network: 'wifi',
      batteryLevel: 0.5,
      referrer: 'https://search.example/?q=cafe',
    });
    expect(rows.fraud?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('P2.5 location needs its own consent: usage consent alone stores no location', async () => {
    const consent = await recordConsent(t.db, { choice: { ...NOTHING_GRANTED, usage: true }, method: 'custom', locale: 'en' });
    const rows = await collectEverything(await contextFor(consent.id));
    expect(rows.usage).not.toBeNull();
    expect(rows.location).toBeNull();
    expect(rows.fraud).toBeNull();
    expect(rows.session).toBeNull();
  });

  it('P4.2 withdrawing usage erases that subject’s usage data at once, audited with counts only', async () => {
    const mine = await recordConsent(t.db, { choice: EVERYTHING_GRANTED, method: 'accept_all', locale: 'en' });
    const theirs = await recordConsent(t.db, { choice: EVERYTHING_GRANTED, method: 'accept_all', locale: 'az' });
    await collectEverything(await contextFor(mine.id));
    await collectEverything(await contextFor(mine.id));
    await collectEverything(await contextFor(theirs.id));

    const withdrawal = await recordConsent(t.db, {
      previousConsentId: mine.id,
      choice: { ...EVERYTHING_GRANTED, usage: false, sessionAnalytics: false },
      method: 'settings',
      locale: 'en',
    });

    expect(await t.db.usageMetadata.count({ where: { subjectKey: mine.subjectKey } })).toBe(0);
    expect(await t.db.sessionEvent.count({ where: { subjectKey: mine.subjectKey } })).toBe(0);
    // Other categories and other subjects are untouched.
    expect(await t.db.fraudSignal.count({ where: { subjectKey: mine.subjectKey } })).toBe(2);
    expect(await t.db.locationFix.count({ where: { subjectKey: mine.subjectKey } })).toBe(2);
    expect(await t.db.usageMetadata.count({ where: { subjectKey: theirs.subjectKey } })).toBe(1);
    // Collection stops at once.
    expect((await collectEverything(await contextFor(withdrawal.id))).usage).toBeNull();

    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'consent.withdrawn' } });
    expect(audit.counts).toEqual({ usageRowsErased: 2, sessionAnalyticsRowsErased: 2, categoriesSwitchedOff: 2 });
    expect(JSON.stringify(audit)).not.toContain('198.51.100.23');
  });

  it('P4.2 erased usage values are gone from every table', async () => {
    const mine = await recordConsent(t.db, { choice: EVERYTHING_GRANTED, method: 'accept_all', locale: 'en' });
    await collectEverything(await contextFor(mine.id));
    await recordConsent(t.db, { previousConsentId: mine.id, choice: NOTHING_GRANTED, method: 'reject_all', locale: 'en' });
    const everything = await dumpAllRows(t.db, provider);
    for (const value of ['198.51.100.23', 'host-198-51-100-23.isp.example', '40.4093', '1920x1080']) expect(everything).not.toContain(value);
  });

  it('P1.2 a material version stops consent-based collection until the person chooses again', async () => {
    const consent = await recordConsent(t.db, { choice: EVERYTHING_GRANTED, method: 'accept_all', locale: 'en' });
    const published = await publishPolicyVersion(t.db, { ...POLICY_V1, effectiveAt: new Date(Date.now() - 1000), material: true, summary: { az: 'Yeni', en: 'New' } });
    expect(published.version).toBe(2);

    const stale = await currentConsentState(t.db, consent.id);
    expect(stale.current).toBe(false);
    expect(await collectEverything({ consent: stale.consent, mustCover: stale.mustCover })).toEqual({ usage: null, fraud: null, location: null, session: null });

    const renewed = await recordConsent(t.db, { previousConsentId: consent.id, choice: EVERYTHING_GRANTED, method: 'accept_all', locale: 'en' });
    expect(renewed.policyVersion.version).toBe(2);
    expect((await collectEverything(await contextFor(renewed.id))).usage?.consentRecordId).toBe(renewed.id);
    expect(await t.db.auditEvent.count({ where: { action: 'policy.published' } })).toBe(1);
  });

  it('P1.2 a non-material version is announced only: consent stays valid', async () => {
    const consent = await recordConsent(t.db, { choice: EVERYTHING_GRANTED, method: 'accept_all', locale: 'en' });
    await publishPolicyVersion(t.db, { ...POLICY_V1, effectiveAt: new Date(Date.now() - 1000), material: false, summary: { az: 'Düzəliş', en: 'Typo fix' } });
    expect((await currentConsentState(t.db, consent.id)).current).toBe(true);
    expect((await getPolicyInForce(t.db))?.version).toBe(2);
  });

  it('P1.1 a version whose effective date is still to come is not yet in force', async () => {
    await publishPolicyVersion(t.db, { ...POLICY_V1, effectiveAt: new Date(Date.now() + 86_400_000), material: true, summary: { az: 'Sonra', en: 'Later' } });
    const inForce = await getPolicyInForce(t.db);
    expect(inForce?.version).toBe(1);
    expect(inForce?.text.en).toContain('International Privacy Policy');
    expect(inForce?.contacts.storageRegions).toEqual(['US', 'UK', 'JP', 'EU']);
  });
});
