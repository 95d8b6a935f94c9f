/**
 * policy: P9.1 — the cookie-consent categories. "necessary" is always on and cannot be switched
 * off; every other category is off until the person opts in.
 */
export const OPTIONAL_CONSENT_CATEGORIES = ['usage', 'fraud', 'sessionAnalytics', 'location'] as const;
export type ConsentCategory = (typeof OPTIONAL_CONSENT_CATEGORIES)[number];

export type ConsentChoice = Record<ConsentCategory, boolean>;

export const NOTHING_GRANTED: ConsentChoice = { usage: false, fraud: false, sessionAnalytics: false, location: false };
export const EVERYTHING_GRANTED: ConsentChoice = { usage: true, fraud: true, sessionAnalytics: true, location: true };

/**
 * policy: P3.5, P4.3 — every purpose a consent record grants or withholds: the cookie categories
 * and `social` (keeping a social sign-in's profile). `social` is not a cookie: only ticking the
 * box of a social sign-in grants it, and a cookie choice — "accept all" included — carries it over
 * unchanged (src/features/social).
 */
export const CONSENT_PURPOSES = [...OPTIONAL_CONSENT_CATEGORIES, 'social'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
