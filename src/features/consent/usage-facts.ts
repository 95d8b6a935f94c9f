import { UAParser } from 'ua-parser-js';
import { clientAddressFrom } from '@/lib/client-address';
import { env } from '@/server/env';

/** The request facts usage metadata is made of (P9.2), read from headers. Pure: no I/O. */
export type RequestFacts = {
  ip: string | null;
  userAgent: string | null;
  acceptLanguage: string | null;
  referrer: string | null;
  countryHeader: string | null;
};

export type UsageFields = {
  ipAddress: string | null;
  deviceType: string | null;
  deviceModel: string | null;
  os: string | null;
  browser: string | null;
  language: string | null;
  country: string | null;
  referrer: string | null;
};

/**
 * The client address is the peer the server saw, or what configured trusted proxies say it is
 * (TRUSTED_PROXIES): never what the client writes in X-Forwarded-For or X-Real-IP. The same
 * address keys login throttling and is stored as usage metadata (P9.2, with consent).
 */
export function requestFactsFrom(headers: Headers, trustedProxies: readonly string[] = env.TRUSTED_PROXIES): RequestFacts {
  return {
    ip: clientAddressFrom(headers, trustedProxies),
    userAgent: headers.get('user-agent'),
    acceptLanguage: headers.get('accept-language'),
    referrer: withoutQuery(headers.get('referer')),
    countryHeader: headers.get('cf-ipcountry') ?? headers.get('x-vercel-ip-country'),
  };
}

/**
 * A referrer as stored (usage metadata, with consent): where from, not what the address carried —
 * a query may hold a personal invitation token or someone's search; only origin and path are kept.
 */
export function withoutQuery(referrer: string | null): string | null {
  if (!referrer) return null;
  try {
    const url = new URL(referrer);
    return `${url.origin}${url.pathname}`;
  } catch {
    return null;
  }
}

const join = (...parts: (string | undefined)[]) => parts.filter(Boolean).join(' ') || null;

/** Parses the user agent with ua-parser-js (a maintained library, not our own regexes). */
export function usageFieldsFrom(facts: RequestFacts): UsageFields {
  const ua = new UAParser(facts.userAgent ?? '').getResult();
  const firstLanguage = facts.acceptLanguage?.split(',')[0]?.split(';')[0]?.trim() || null;
  // Without a geo-IP header, the region of the preferred language is the best country hint.
  const languageRegion = firstLanguage?.match(/^[a-z]{2,3}-([A-Z]{2})$/i)?.[1]?.toUpperCase() ?? null;
  return {
    ipAddress: facts.ip,
    deviceType: ua.device.type ?? (facts.userAgent ? 'desktop' : null),
    deviceModel: join(ua.device.vendor, ua.device.model),
    os: join(ua.os.name, ua.os.version),
    browser: join(ua.browser.name, ua.browser.version),
    language: firstLanguage,
    country: facts.countryHeader?.toUpperCase() ?? languageRegion,
    referrer: facts.referrer ? facts.referrer.slice(0, 500) : null,
  };
}
