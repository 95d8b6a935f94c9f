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
