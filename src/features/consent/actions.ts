'use server';

import { z } from 'zod';
import { redirect } from '@/i18n/navigation';
import { db } from '@/server/db';
import { boundArg, publicButtonAction } from '@/server/action';
import { recordConsent } from './records';
import { choiceOf, consentFormSchema } from './schemas';
import { consentChainOfRequest, linkChoiceToDrafts, readConsentId, writeConsentCookie } from './server';

/**
 * policy: P4.2, P9.1 — records a cookie choice (banner or settings page), server-side and
 * append-only, then returns to the page it was made on. Works as a plain form post.
 */
export const saveConsent = publicButtonAction({ name: 'saveConsent', bound: z.tuple([boundArg.locale]), limit: 'consentChoice', limitSubject: consentChainOfRequest }, async ({ args: [locale], fields }) => {
  const parsed = consentFormSchema.safeParse(fields);
  // A malformed post records nothing: the banner simply stays.
  if (!parsed.success) return redirect({ href: '/cookies', locale });
  const record = await recordConsent(db, {
    previousConsentId: await readConsentId(),
    choice: choiceOf(parsed.data),
    method: parsed.data.method,
    locale,
  });
  await writeConsentCookie(record);
  // policy: P4.2, P7.2 — consent given during a survey joins that respondent (server.ts).
  await linkChoiceToDrafts(record, parsed.data.returnTo);
  redirect({ href: parsed.data.returnTo, locale });
});
