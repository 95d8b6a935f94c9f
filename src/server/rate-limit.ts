import { databaseFault } from './db-errors';
import { createHmac } from 'node:crypto';
import { addressGroup } from '@/lib/client-address';
import type { Db } from './create-db';
import { errorFields, log } from './log';

/**
 * Rate limits of public writes (issue 9 item 8), counted in the database so that every app
 * instance shares them. Each public write that stores rows — some in append-only tables (consent
 * records, audit events) — counts itself against its client address and, where there is one, its
 * consent subject; over a limit it is refused before anything is written. The limits are far above
 * what a person does (a cookie choice a minute, a survey started every half minute) and bound how
 * fast one client can grow a table. Fails closed: when the counter cannot be read, the write is refused.
 *
 * Keys are `scope:who:hmac(identity)` — a keyed hash, never the address itself — and the buckets are
 * purged a day after their window (retention rule `rateLimits`).
 */
export const RATE_LIMITS = {
  consentChoice: { perAddress: 30, perSubject: 20, windowMs: 10 * 60_000 },
  sessionEvent: { perAddress: 600, perSubject: 300, windowMs: 10 * 60_000 },
  location: { perAddress: 30, perSubject: 20, windowMs: 10 * 60_000 },
  surveyStart: { perAddress: 30, perSubject: 20, windowMs: 10 * 60_000 },
  // A social sign-in or its withdrawal: each appends a consent record (P4.3).
  socialConsent: { perAddress: 30, perSubject: 20, windowMs: 10 * 60_000 },
  selfServiceRequest: { perAddress: 10, perSubject: 10, windowMs: 60 * 60_000 },
  compromiseReport: { perAddress: 5, perSubject: 5, windowMs: 60 * 60_000 },
  supportRequest: { perAddress: 10, perSubject: 10, windowMs: 60 * 60_000 },
  // Entering a prize draw from the thank-you page (one entry per response anyway).
  sweepstakesEntry: { perAddress: 30, perSubject: 20, windowMs: 10 * 60_000 },
  // Mail a stranger can make Sorğu send to an address: its subject is that address, whoever asks.
  verificationMail: { perAddress: null, perSubject: 3, windowMs: 60 * 60_000 },
} as const satisfies Record<string, { perAddress: number | null; perSubject: number; windowMs: number }>;

export type RateScope = keyof typeof RATE_LIMITS;

/** `address` is required by scopes that count addresses (all but those with `perAddress: null`). */
export type RateIdentity = { address?: string | null; subject?: string | null };

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Counts one hit and returns the new count in one statement (no read-modify-write). */
async function countHit(db: Pick<Db, '$queryRaw'>, key: string, windowMs: number, now: Date): Promise<{ hits: number; windowStart: Date }> {
  const windowFloor = new Date(now.getTime() - windowMs);
  // Identifiers are Prisma's model and field names, double-quoted: the same in both dialects.
  const rows = await db.$queryRaw<{ hits: number | bigint; windowStart: Date | string | number }[]>`
    INSERT INTO "RateLimitBucket" ("key", "hits", "windowStart") VALUES (${key}, 1, ${now})
    ON CONFLICT ("key") DO UPDATE SET
      "hits" = CASE WHEN "RateLimitBucket"."windowStart" <= ${windowFloor} THEN 1 ELSE "RateLimitBucket"."hits" + 1 END,
      "windowStart" = CASE WHEN "RateLimitBucket"."windowStart" <= ${windowFloor} THEN ${now} ELSE "RateLimitBucket"."windowStart" END
    RETURNING "hits", "windowStart"`;
  const row = rows[0];
  if (!row) throw new Error('rate limit: the counter returned no row');
  return { hits: Number(row.hits), windowStart: new Date(row.windowStart) };
}

const keyOf = (scope: RateScope, who: 'address' | 'subject', identity: string, secret: string) =>
  `${scope}:${who}:${createHmac('sha256', secret).update(`rate-limit ${who} ${identity}`).digest('base64url').slice(0, 32)}`;

/**
 * One hit of `scope` by this client. Refused when any of its counters is over its limit, or when
 * the counters cannot be read (fails closed); when the database cannot be reached at all it
 * throws, so that the form says "unavailable" rather than "too many requests" (still closed).
 */
export async function hitRateLimit(
  db: Pick<Db, '$queryRaw'>,
  scope: RateScope,
  who: RateIdentity,
  options: { secret: string; scale?: number; now?: Date },
): Promise<RateDecision> {
  const { secret, scale = 1, now = new Date() } = options;
  const base = RATE_LIMITS[scope];
  const perAddress: number | null = base.perAddress;
  const counters: { key: string; limit: number }[] = [
    // A client with no address we can tell (no peer, a proxy not trusted) shares one counter.
    ...(perAddress === null ? [] : [{ key: keyOf(scope, 'address', who.address ? addressGroup(who.address) : 'unknown', secret), limit: perAddress * scale }]),
    ...(who.subject ? [{ key: keyOf(scope, 'subject', who.subject, secret), limit: base.perSubject * scale }] : []),
  ];
  try {
    let retryAfterSeconds = 0;
    for (const { key, limit } of counters) {
      const { hits, windowStart } = await countHit(db, key, base.windowMs, now);
      if (hits > limit) retryAfterSeconds = Math.max(retryAfterSeconds, Math.ceil((windowStart.getTime() + base.windowMs - now.getTime()) / 1000));
    }
    if (retryAfterSeconds > 0) {
      log('warn', 'rate_limited', { scope });
      return { allowed: false, retryAfterSeconds };
    }
    return { allowed: true };
  } catch (error) {
    // Still closed, but said as what it is: with the database down nothing could be saved anyway,
    // and "too many requests" would send the user away for the wrong reason.
    if (databaseFault(error)) throw error;
    log('error', 'rate_limit_unavailable', { scope, ...errorFields(error) });
    return { allowed: false, retryAfterSeconds: 60 };
  }
}
