import 'server-only';
import { cache } from 'react';
import { cookies, headers } from 'next/headers';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { signConsentCookie, verifyConsentCookie } from './consent-cookie';
import { effectiveGrants } from './policy';
import { currentConsentState, type ConsentRecordDTO } from './records';

/** The consent cookie is strictly necessary: it remembers the choice itself (P9.1). */
export const CONSENT_COOKIE = 'sorgu_consent';
const CONSENT_MAX_AGE_SECONDS = 60 * 60 * 24 * 180;

export async function readConsentId(): Promise<string | undefined> {
  return verifyConsentCookie((await cookies()).get(CONSENT_COOKIE)?.value, env.APP_SECRET)?.consentId;
}

export async function writeConsentCookie(record: ConsentRecordDTO) {
  const secure = (await headers()).get('x-forwarded-proto') === 'https';
  (await cookies()).set(
    CONSENT_COOKIE,
    signConsentCookie({ consentId: record.id, version: record.policyVersion.version }, env.APP_SECRET),
    { httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge: CONSENT_MAX_AGE_SECONDS },
  );
}

/** The request's consent: the record, whether it is current (P1.2) and what it grants now. Once per request. */
export const getRequestConsent = cache(async () => {
  const state = await currentConsentState(db, await readConsentId());
  return { ...state, grants: effectiveGrants(state.consent, state.mustCover) };
});
