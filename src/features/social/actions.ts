'use server';

import { redirect as redirectTo } from 'next/navigation';
import { z } from 'zod';
import { consentChainOfRequest, readConsentId, writeConsentCookie } from '@/features/consent/server';
import { readResumeToken } from '@/features/survey/cookies';
import { redirect } from '@/i18n/navigation';
import { boundArg, publicButtonAction } from '@/server/action';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { reportUnexpected } from '@/server/errors';
import { isSafePath } from '@/lib/safe-path';
import { writeFlowCookie } from './flow-cookie';
import { authorizationUrl, newFlowChecks } from './oidc';
import { draftForSignIn, grantSocialConsent, withdrawSocialConsent } from './profiles';
import { socialRedirectUri } from './redirect-uri';

/** The notice a survey page shows after a sign-in step (`?social=…`; SocialSignIn.tsx). */
const backToSurvey = (slug: string, locale: 'az' | 'en', notice: string) => redirect({ href: `/s/${slug}?social=${notice}#social`, locale });

const signInFields = z.object({ provider: z.string(), consent: z.literal('on') });

/**
 * policy: P3.5, P4.3 — "Sign in with …" on a survey page: the box granting `social` must be ticked
 * (unticked, nothing happens but a notice); the consent is recorded in the respondent's own chain
 * before the browser leaves, and the browser goes to the provider with state, nonce and PKCE kept
 * in a sealed cookie (flow-cookie.ts). Works as a plain form post.
 */
export const beginSocialSignIn = publicButtonAction(
  { name: 'beginSocialSignIn', bound: z.tuple([boundArg.locale, boundArg.slug]), limit: 'socialConsent', limitSubject: consentChainOfRequest },
  async ({ args: [locale, slug], fields }) => {
    const parsed = signInFields.safeParse(fields);
    if (!parsed.success) return backToSurvey(slug, locale, fields.consent ? 'failed' : 'consent_required');
    const provider = env.SOCIAL_PROVIDERS.find((p) => p.id === parsed.data.provider);
    if (!provider) return backToSurvey(slug, locale, 'unavailable');
    const draft = await draftForSignIn(db, slug, await readResumeToken(slug));
    // Sign-in belongs to a survey being taken; without a draft the page offers Start.
    if (!draft) return redirect({ href: `/s/${slug}`, locale });

    const checks = newFlowChecks();
    let destination: URL;
    try {
      destination = await authorizationUrl(provider, socialRedirectUri(), checks);
    } catch (error) {
      // The provider cannot be reached: nothing was recorded, the survey goes on.
      reportUnexpected(error, { action: 'beginSocialSignIn', provider: provider.id });
      return backToSurvey(slug, locale, 'unavailable');
    }
    if (destination.origin !== provider.authorizationOrigin) {
      // The page's CSP (form-action) would stop the browser on its way there.
      reportUnexpected(new Error(`the provider's sign-in page is on ${destination.origin}: set SOCIAL_${provider.id.toUpperCase()}_AUTHORIZATION_ORIGIN=${destination.origin}`), { action: 'beginSocialSignIn' });
      return backToSurvey(slug, locale, 'unavailable');
    }
    const record = await grantSocialConsent(db, draft, await readConsentId(), locale);
    if (!record) return backToSurvey(slug, locale, 'failed');
    await writeConsentCookie(record);
    await writeFlowCookie({ provider: provider.id, ...checks, responseId: draft.responseId, slug, locale });
    redirectTo(destination.href);
  },
);

/**
 * policy: P4.3 — withdraws `social` (survey page, cookie settings): the profile is erased at once,
 * nothing of it is used again; the cookie choices stay as they were.
 */
export const withdrawSocial = publicButtonAction(
  { name: 'withdrawSocial', bound: z.tuple([boundArg.locale]), limit: 'socialConsent', limitSubject: consentChainOfRequest },
  async ({ args: [locale], fields }) => {
    const record = await withdrawSocialConsent(db, await readConsentId(), locale);
    if (record) await writeConsentCookie(record);
    // Back to the page it was pressed on (a path of ours, its own query dropped), which says so.
    const back = isSafePath(fields.returnTo) ? fields.returnTo.split('?')[0]! : '/cookies';
    redirect({ href: `${back}?social=withdrawn#social`, locale });
  },
);
