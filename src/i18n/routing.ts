import { hasLocale } from 'next-intl';
import { defineRouting } from 'next-intl/routing';

export const routing = defineRouting({
  locales: ['az', 'en'],
  defaultLocale: 'az',
  localePrefix: 'always',
  // policy: P9.1 — no cookie before a choice: the locale lives in the URL, so next-intl's
  // NEXT_LOCALE preference cookie is not needed and is not set.
  localeCookie: false,
});

export type Locale = (typeof routing.locales)[number];

/** A locale from untrusted input (a bound action argument): the default when it is not one of ours. */
export function toLocale(value: string): Locale {
  return hasLocale(routing.locales, value) ? value : routing.defaultLocale;
}
