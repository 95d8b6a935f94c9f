import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVERYTHING_GRANTED } from '@/features/consent/categories';
import { consentInForce, currentConsentState, latestConsentOf, recordConsent } from '@/features/consent/records';
import { publishPolicyVersion } from '@/features/consent/policy-versions';
import { POLICY_V1 } from '../../prisma/seed';
import { eraseSubjectAs, findSubjectAs, withdrawConsentAs } from '@/features/dpo/commands';
import { purgeExpiredData } from '@/features/retention/purge';
import { respondentsByContactEmail } from '@/features/my-data/self-service';
import { authorizationUrl, newFlowChecks, profileFromCallback } from '@/features/social/oidc';
import { draftForSignIn, dropUnusedSocialConsent, grantSocialConsent, signedInProfile, storeSocialProfile, withdrawSocialConsent } from '@/features/social/profiles';
import { createResumeToken, hashResumeToken } from '@/features/survey/resume-token';
import type { StaffUserDTO } from '@/server/authz';
import { parseSocialProviders, type SocialProvider } from '@/lib/social-providers';
import { dumpAllRows, PROVIDERS, useSeededDatabase } from '../helpers/databases';
import { DEMO_CLIENT, freePort, signInAtProvider, startDemoOidcProvider } from '../helpers/oidc-provider';

/**
 * P3.5, P4.3 — social sign-in against a real OpenID provider (oidc-provider, in this process): the
 * app's own client code discovers it, sends the person there, exchanges the code with PKCE, checks
 * the signed ID token and reads userinfo. Only the database is the test's: what is stored, under
 * which consent, and what withdrawal, erasure and retention leave.
 */
const REDIRECT_URI = 'http://localhost:3999/api/social/callback';
let oidc: Awaited<ReturnType<typeof startDemoOidcProvider>>;
let provider: SocialProvider;

beforeAll(async () => {
  oidc = await startDemoOidcProvider({ port: await freePort(), redirectUris: [REDIRECT_URI] });
  [provider] = parseSocialProviders({
    SOCIAL_LOGIN_PROVIDERS: 'demoid',
    SOCIAL_DEMOID_ISSUER: oidc.issuer,
    SOCIAL_DEMOID_CLIENT_ID: DEMO_CLIENT.id,
    SOCIAL_DEMOID_CLIENT_SECRET: DEMO_CLIENT.secret,
  }) as [SocialProvider];
});
afterAll(() => oidc.close());

/** The provider's answer for `login`, as the callback receives it. */
async function signIn(login: string) {
  const checks = newFlowChecks();
  const url = await authorizationUrl(provider, REDIRECT_URI, checks);
  const callback = await signInAtProvider(url, login, REDIRECT_URI);
  return { checks, params: callback.searchParams };
}

describe.each(PROVIDERS)('social sign-in on %s', (dbProvider) => {
  const t = useSeededDatabase(dbProvider);

  /** A respondent taking the demo survey: their draft, as the resume cookie opens it. */
  async function draft(consentSubjectKey: string | null = null) {
    const survey = await t.db.survey.findUniqueOrThrow({ where: { slug: 'cafe-visit' } });
    const respondent = await t.db.respondent.create({ data: { consentSubjectKey } });
    const token = createResumeToken();
    await t.db.response.create({ data: { surveyId: survey.id, respondentId: respondent.id, locale: 'en', resumeTokenHash: hashResumeToken(token) } });
    return (await draftForSignIn(t.db, 'cafe-visit', token))!;
  }

  async function signInAndStore(login: string, on: Awaited<ReturnType<typeof draft>>, browserConsentId?: string) {
    const consent = await grantSocialConsent(t.db, on, browserConsentId, 'en');
    const { checks, params } = await signIn(login);
    const answer = await profileFromCallback(provider, REDIRECT_URI, params, checks);
    const outcome = await storeSocialProfile(t.db, { responseId: on.responseId, provider: 'demoid', issuer: answer.issuer, profile: answer.profile });
    return { consent: consent!, outcome };
  }

  it('P3.5 P4.3 P2.1 a sign-in stores name, email and picture only, under a consent granting social, cited by the profile', async () => {
    const mine = await draft();
    const { consent, outcome } = await signInAndStore('leyla', mine);
    expect(outcome).toBe('stored');
    expect(consent).toMatchObject({ social: true, method: 'social_sign_in', cookieChoiceMade: false, ...{ usage: false, fraud: false, location: false } });
    const rows = await t.db.socialProfile.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      respondentId: mine.respondentId,
      consentRecordId: consent.id,
      subjectKey: consent.subjectKey,
      issuer: oidc.issuer,
      externalId: 'leyla',
      name: 'Leyla Məmmədova',
      email: 'leyla@example.az',
      emailVerified: true,
      pictureUrl: 'https://pictures.example.test/leyla.png',
    });
    // P2.1: claims the provider offered and Sorğu does not keep are nowhere in the database.
    const everything = await dumpAllRows(t.db, dbProvider);
    expect(everything).not.toContain('1990-01-01');
    expect(everything).not.toContain('az-AZ');
    // The respondent holds the chain; the page reads the profile through it.
    expect((await t.db.respondent.findUniqueOrThrow({ where: { id: mine.respondentId } })).consentSubjectKey).toBe(consent.subjectKey);
    const state = await currentConsentState(t.db, consent.id);
    expect(await signedInProfile(t.db, mine.responseId, state.consent, state.mustCover)).toEqual({ provider: 'demoid', name: 'Leyla Məmmədova', email: 'leyla@example.az', prefill: true });
    expect(await t.db.auditEvent.count({ where: { action: 'social.profile_stored', target: `respondent:${mine.respondentId}` } })).toBe(1);
    // P3.5: nothing answers a question by itself — no contact answer was written.
    expect(await t.db.answer.count({ where: { responseId: mine.responseId } })).toBe(0);
  });

  it('P4.3 a chain whose choice does not grant social stores nothing, whatever the provider says', async () => {
    const mine = await draft();
    const { checks, params } = await signIn('leyla');
    const answer = await profileFromCallback(provider, REDIRECT_URI, params, checks);
    // Cookies accepted, social never granted.
    const cookies = await recordConsent(t.db, { choice: EVERYTHING_GRANTED, method: 'accept_all', locale: 'en' });
    await t.db.respondent.update({ where: { id: mine.respondentId }, data: { consentSubjectKey: cookies.subjectKey } });
    expect(await storeSocialProfile(t.db, { responseId: mine.responseId, provider: 'demoid', issuer: answer.issuer, profile: answer.profile })).toBe('no_consent');
    expect(await t.db.socialProfile.count()).toBe(0);
    // "Accept all" of the cookie banner never grants social.
    expect(cookies.social).toBe(false);
  });

  it('P4.3 withdrawal erases the profile at once, keeps the cookie choices, is audited with counts only, and stops its use', async () => {
    const cookies = await recordConsent(t.db, { choice: EVERYTHING_GRANTED, method: 'accept_all', locale: 'en' });
    const mine = await draft(cookies.subjectKey);
    const { consent } = await signInAndStore('leyla', mine, cookies.id);
    expect(consent).toMatchObject({ subjectKey: cookies.subjectKey, usage: true, social: true, cookieChoiceMade: true });

    const withdrawn = await withdrawSocialConsent(t.db, cookies.id, 'en');
    expect(withdrawn).toMatchObject({ social: false, usage: true, fraud: true, method: 'social_withdrawal' });
    expect(await t.db.socialProfile.count()).toBe(0);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'consent.withdrawn', target: `consent:${withdrawn!.id}` } });
    expect(audit.counts).toEqual({ socialRowsErased: 1, categoriesSwitchedOff: 1 });
    expect(JSON.stringify(audit)).not.toContain('leyla');
    const state = await currentConsentState(t.db, consent.id);
    expect(await signedInProfile(t.db, mine.responseId, state.consent, state.mustCover)).toBeNull();
    // A cookie choice made later carries `social` over as withdrawn; it never comes back by itself.
    expect((await recordConsent(t.db, { previousConsentId: consent.id, choice: EVERYTHING_GRANTED, method: 'accept_all', locale: 'en' })).social).toBe(false);
  });

  it('P4.3 a withdrawal recorded while the provider answers leaves no profile behind', async () => {
    const mine = await draft();
    const consent = (await grantSocialConsent(t.db, mine, undefined, 'en'))!;
    const { checks, params } = await signIn('leyla');
    const answer = await profileFromCallback(provider, REDIRECT_URI, params, checks);
    await withdrawSocialConsent(t.db, consent.id, 'en');
    expect(await storeSocialProfile(t.db, { responseId: mine.responseId, provider: 'demoid', issuer: answer.issuer, profile: answer.profile })).toBe('no_consent');
    expect(await t.db.socialProfile.count()).toBe(0);
  });

  it('P1.2 P4.3 after a material policy version nothing carries over: a sign-in grants no cookie category, a cookie choice does not revive social', async () => {
    const cookies = await recordConsent(t.db, { choice: EVERYTHING_GRANTED, method: 'accept_all', locale: 'en' });
    const mine = await draft(cookies.subjectKey);
    await signInAndStore('leyla', mine, cookies.id);
    await publishPolicyVersion(t.db, { ...POLICY_V1, effectiveAt: new Date(Date.now() - 1000), material: true, summary: { az: 'Yeni', en: 'New' } });
    // The banner asks again; answering it (cookies only) does not carry the outdated `social` over.
    const answered = await recordConsent(t.db, { previousConsentId: cookies.id, choice: EVERYTHING_GRANTED, method: 'accept_all', locale: 'en' });
    expect(answered).toMatchObject({ social: false, usage: true });
    expect(await t.db.socialProfile.count()).toBe(0);
    // Another material version: signing in again grants social only, no outdated cookie category.
    await publishPolicyVersion(t.db, { ...POLICY_V1, effectiveAt: new Date(Date.now() - 500), material: true, summary: { az: 'Yenə', en: 'Again' } });
    const { consent } = await signInAndStore('leyla', mine, answered.id);
    expect(consent).toMatchObject({ social: true, usage: false, fraud: false, sessionAnalytics: false, location: false, cookieChoiceMade: false });
  });

  it('P4.3 a sign-in cancelled at the provider leaves no consent granted; an earlier profile keeps its own', async () => {
    const mine = await draft();
    const consent = (await grantSocialConsent(t.db, mine, undefined, 'en'))!;
    const cancelled = await signInAtProvider(await authorizationUrl(provider, REDIRECT_URI, newFlowChecks()), 'leyla', REDIRECT_URI, { cancel: true });
    expect(cancelled.searchParams.get('error')).toBe('access_denied');
    await dropUnusedSocialConsent(t.db, mine.responseId, 'en');
    expect(await latestConsentOf(t.db, consent.subjectKey)).toMatchObject({ social: false, method: 'social_withdrawal' });

    const other = await draft();
    await signInAndStore('leyla', other);
    await dropUnusedSocialConsent(t.db, other.responseId, 'en'); // a second attempt cancelled
    expect(await t.db.socialProfile.count({ where: { respondentId: other.respondentId } })).toBe(1);
  });

  it('P3.5 the email is offered until the respondent sends a section after signing in', async () => {
    const mine = await draft();
    const { consent } = await signInAndStore('leyla', mine);
    const state = await currentConsentState(t.db, consent.id);
    expect((await signedInProfile(t.db, mine.responseId, state.consent, state.mustCover))?.prefill).toBe(true);
    await t.db.response.update({ where: { id: mine.responseId }, data: { lastActivityAt: new Date(Date.now() + 1000) } });
    expect((await signedInProfile(t.db, mine.responseId, state.consent, state.mustCover))?.prefill).toBe(false);
  });

  it('P3.5 the callback is accepted once, only with the state, nonce and PKCE verifier made for it', async () => {
    const first = await signIn('leyla');
    expect((await profileFromCallback(provider, REDIRECT_URI, first.params, first.checks)).profile.externalId).toBe('leyla');
    // The same callback again (a replayed URL with its flow): the code is used up.
    await expect(profileFromCallback(provider, REDIRECT_URI, first.params, first.checks)).rejects.toThrow();
    // Another browser's flow cannot take a code: its state, its verifier or its nonce differ.
    for (const forged of [{ state: newFlowChecks().state }, { codeVerifier: newFlowChecks().codeVerifier }, { nonce: newFlowChecks().nonce }]) {
      const other = await signIn('leyla');
      await expect(profileFromCallback(provider, REDIRECT_URI, other.params, { ...other.checks, ...forged })).rejects.toThrow();
    }
  });

  it('P7.2 P4.3 two people on one browser: a sign-in never writes to the chain another respondent holds', async () => {
    const first = await recordConsent(t.db, { choice: EVERYTHING_GRANTED, method: 'accept_all', locale: 'en' });
    await draft(first.subjectKey); // the first person holds the browser's chain
    const second = await draft();
    const { consent, outcome } = await signInAndStore('leyla', second, first.id);
    expect(outcome).toBe('stored');
    expect(consent.subjectKey).not.toBe(first.subjectKey);
    expect((await consentInForce(t.db, first.id))!.social).toBe(false);
    expect(await t.db.socialProfile.count({ where: { subjectKey: first.subjectKey } })).toBe(0);
  });

  it('P7.2 P3.5 the DPO and the respondent’s own request find a subject by the verified email of their sign-in (not an unverified one); erasure and DPO withdrawal remove the profile', async () => {
    const dpo = (await t.db.staffUser.findUniqueOrThrow({ where: { email: 'dpo@sorgu.test' }, select: { id: true, email: true, name: true, role: true, clientId: true, locale: true } })) as StaffUserDTO;
    const verified = await draft();
    await signInAndStore('leyla', verified);
    const unverified = await draft();
    await signInAndStore('rauf-unverified', unverified);
    expect((await findSubjectAs(t.db, dpo, { kind: 'email', value: 'Leyla@Example.az' })).respondentIds).toEqual([verified.respondentId]);
    expect((await findSubjectAs(t.db, dpo, { kind: 'email', value: 'rauf@example.test' })).respondentIds).toEqual([]);
    // The respondent's own request at /my-data, verified by a link to that address, covers them too.
    expect(await respondentsByContactEmail(t.db, 'leyla@example.az')).toEqual([verified.respondentId]);
    expect(await respondentsByContactEmail(t.db, 'rauf@example.test')).toEqual([]);

    await withdrawConsentAs(t.db, dpo, await findSubjectAs(t.db, dpo, { kind: 'respondent', value: verified.respondentId }));
    expect(await t.db.socialProfile.count({ where: { respondentId: verified.respondentId } })).toBe(0);
    const subject = await findSubjectAs(t.db, dpo, { kind: 'respondent', value: unverified.respondentId });
    const counts = await eraseSubjectAs(t.db, dpo, subject);
    expect(counts).toMatchObject({ socialProfiles: 1 });
    expect(await t.db.socialProfile.count()).toBe(0);
  });

  it('P6.1 P4.3 retention: a profile goes 365 days after the latest sign-in', async () => {
    const mine = await draft();
    await signInAndStore('leyla', mine);
    const signedInAt = (await t.db.socialProfile.findFirstOrThrow()).collectedAt;
    expect((await purgeExpiredData(t.db, { now: new Date(signedInAt.getTime() + 364 * 86_400_000) })).social).toBe(0);
    expect(await t.db.socialProfile.count()).toBe(1);
    expect((await purgeExpiredData(t.db, { now: new Date(signedInAt.getTime() + 366 * 86_400_000) })).social).toBe(1);
    expect(await t.db.socialProfile.count()).toBe(0);
  });
});
