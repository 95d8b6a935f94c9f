import { z } from 'zod';
import { SAFE_PATH, SAFE_PATH_MAX } from '@/lib/safe-path';
import { EVERYTHING_GRANTED, NOTHING_GRANTED, OPTIONAL_CONSENT_CATEGORIES, type ConsentChoice } from './categories';

/** The consent form: which button was pressed, and the switches when the person chose. */
export const consentFormSchema = z
  .object({
    method: z.enum(['accept_all', 'reject_all', 'custom', 'settings']),
    returnTo: z.string().regex(SAFE_PATH).max(SAFE_PATH_MAX).default('/'),
    usage: z.literal('on').optional(),
    fraud: z.literal('on').optional(),
    sessionAnalytics: z.literal('on').optional(),
    location: z.literal('on').optional(),
  })
  .strict();

export type ConsentForm = z.infer<typeof consentFormSchema>;

export function choiceOf(form: ConsentForm): ConsentChoice {
  if (form.method === 'accept_all') return EVERYTHING_GRANTED;
  if (form.method === 'reject_all') return NOTHING_GRANTED;
  return Object.fromEntries(OPTIONAL_CONSENT_CATEGORIES.map((c) => [c, form[c] === 'on'])) as ConsentChoice;
}
