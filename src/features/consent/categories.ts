/**
 * policy: P9.1 — the cookie-consent categories. "necessary" is always on and cannot be switched
 * off; every other category is off until the person opts in.
 */
export const OPTIONAL_CONSENT_CATEGORIES = ['usage', 'fraud', 'sessionAnalytics', 'location'] as const;
export type ConsentCategory = (typeof OPTIONAL_CONSENT_CATEGORIES)[number];

export type ConsentChoice = Record<ConsentCategory, boolean>;

export const NOTHING_GRANTED: ConsentChoice = { usage: false, fraud: false, sessionAnalytics: false, location: false };
export const EVERYTHING_GRANTED: ConsentChoice = { usage: true, fraud: true, sessionAnalytics: true, location: true };
