import 'server-only';
import { cache } from 'react';
import { cookies, headers } from 'next/headers';
import { db } from '@/server/db';
import { outageReference } from '@/server/errors';
import { env } from '@/server/env';
import { secureCookie } from '@/lib/cookie-security';
import { readResumeDrafts } from '@/features/survey/cookies';
import { signConsentCookie, verifyConsentCookie } from './consent-cookie';
import { effectiveGrants } from './policy';
import { currentConsentState, type ConsentRecordDTO } from './records';
import { linkConsentToDrafts, surveySlugOfPath } from './subjects';

/** The consent cookie is strictly necessary: it remembers the choice itself (P9.1). */
export const CONSENT_COOKIE = 'sorgu_consent';
const CONSENT_MAX_AGE_SECONDS = 60 * 60 * 24 * 180;

async function cookieOptions() {
  return { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: secureCookie(env.NODE_ENV, (await headers()).get('x-forwarded-proto')) };
}

export async function readConsentId(): Promise<string | undefined> {
  return verifyConsentCookie((await cookies()).get(CONSENT_COOKIE)?.value, env.APP_SECRET)?.consentId;
}

export async function writeConsentCookie(record: ConsentRecordDTO) {
  (await cookies()).set(
    CONSENT_COOKIE,
    signConsentCookie({ consentId: record.id, version: record.policyVersion.version }, env.APP_SECRET),
    { ...(await cookieOptions()), maxAge: CONSENT_MAX_AGE_SECONDS },
  );
}

/**
 * The request's consent: the chain's latest record (whatever record the cookie names), whether it
 * is current (P1.2) and what it grants now. Once per request.
 */
export const getRequestConsent = cache(async () => {
  const state = await currentConsentState(db, await readConsentId());
  return { ...state, grants: effectiveGrants(state.consent, state.mustCover) };
});

/**
 * The consent a page renders with. With the database out of reach the page still renders: as if
 * nothing optional were granted (no device hints, no analytics) and without the banner, since no
 * choice could be saved; `unavailable` is then the reference the outage was logged under. Never for actions: they use getRequestConsent, which fails.
 */
export const getPageConsent = cache(async () => {
  try {
    return { ...(await getRequestConsent()), unavailable: null };
  } catch (error) {
    const unavailable = outageReference(error, { page: 'consent' });
    return { consent: null, mustCover: 0, inForce: null, current: false, grants: effectiveGrants(null, 0), unavailable };
  }
});

/** The browser's consent chain, as the subject of public write rate limits (src/server/action.ts). */
export async function consentChainOfRequest(): Promise<string | undefined> {
  return (await getRequestConsent()).consent?.subjectKey;
}

/**
 * policy: P7.2, P4.2 — after a respondent started: when the browser's consent did not become
 * theirs (another respondent holds it), the browser forgets it, so the banner asks this person
 * and the cookie never ties the two together. `respondentKey` is what startDraft returned.
 */
export async function settleConsentAfterStart(respondentKey: string | null) {
  const { consent } = await getRequestConsent();
  if (consent && consent.subjectKey !== respondentKey) (await cookies()).delete({ name: CONSENT_COOKIE, ...(await cookieOptions()) });
}

/**
 * policy: P4.2, P7.2 — a choice made while the browser holds a draft (a resume cookie) is that
 * respondent's: it joins the draft of the survey page it was made on, else the one touched last.
 */
export async function linkChoiceToDrafts(record: ConsentRecordDTO, returnTo: string) {
  const drafts = await readResumeDrafts();
  if (drafts.length) await linkConsentToDrafts(db, record.subjectKey, drafts, surveySlugOfPath(returnTo));
}
