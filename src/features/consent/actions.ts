'use server';

import { redirect } from '@/i18n/navigation';
import { toLocale } from '@/i18n/routing';
import { db } from '@/server/db';
import { recordConsent } from './records';
import { choiceOf, consentFormSchema } from './schemas';
import { linkChoiceToDrafts, readConsentId, writeConsentCookie } from './server';

/**
 * policy: P4.2, P9.1 — records a cookie choice (banner or settings page), server-side and
 * append-only, then returns to the page it was made on. Works as a plain form post.
 */
export async function saveConsent(locale: string, formData: FormData): Promise<void> {
  const lang = toLocale(locale);
  const fields = Object.fromEntries([...formData.entries()].filter(([k]) => !k.startsWith('$ACTION')));
  const parsed = consentFormSchema.safeParse(fields);
  // A malformed post records nothing: the banner simply stays.
  if (!parsed.success) return redirect({ href: '/cookies', locale: lang });
  const record = await recordConsent(db, {
    previousConsentId: await readConsentId(),
    choice: choiceOf(parsed.data),
    method: parsed.data.method,
    locale: lang,
  });
  await writeConsentCookie(record);
  // policy: P4.2, P7.2 — consent given during a survey joins that respondent (server.ts).
  await linkChoiceToDrafts(record, parsed.data.returnTo);
  return redirect({ href: parsed.data.returnTo, locale: lang });
}
