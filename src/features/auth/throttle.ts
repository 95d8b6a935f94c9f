import { addressGroup } from '@/lib/client-address';
import type { Db } from '@/server/create-db';
import {
  accountKeyPrefixes,
  accountKey,
  THROTTLE_LIMITS,
  throttleDecision,
  throttleKeys,
  type ThrottleCount,
  type ThrottleDecision,
} from './throttle-policy';

/**
 * Login throttle counters in the database (shared by every server process). Callers must treat
 * any error here as "refused": throttling fails closed.
 */

/**
 * Counts one attempt on a key and returns the new count, in one statement (an upsert with
 * RETURNING: SQLite ≥ 3.35 and PostgreSQL), so that concurrent attempts each get their own
 * number — no read-modify-write. A window that has ended starts again at 1.
 */
async function countAttempt(db: Db, key: string, windowMs: number, now: Date): Promise<number> {
  const windowFloor = new Date(now.getTime() - windowMs);
  // Identifiers are Prisma's model and field names, double-quoted: the same in both dialects.
  const rows = await db.$queryRaw<{ failures: number | bigint }[]>`
    INSERT INTO "LoginThrottle" ("key", "failures", "windowStart") VALUES (${key}, 1, ${now})
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = CASE WHEN "LoginThrottle"."windowStart" <= ${windowFloor} THEN 1 ELSE "LoginThrottle"."failures" + 1 END,
      "windowStart" = CASE WHEN "LoginThrottle"."windowStart" <= ${windowFloor} THEN ${now} ELSE "LoginThrottle"."windowStart" END
    RETURNING "failures"`;
  const failures = rows[0]?.failures;
  if (failures === undefined) throw new Error('login throttle: the counter returned no row');
  return Number(failures);
}

/**
 * Reserves this attempt's slot on each of its counters, then decides from the counts it got:
 * refused (no password check) when any is over its limit, else allowed after a possible delay.
 */
export async function reserveLoginAttempt(db: Db, email: string, ip: string | null, deviceId: string | null, now = new Date()): Promise<ThrottleDecision> {
  const counts: ThrottleCount[] = [];
  // In this order: the per-address counter first, so an attempt queued behind a burst counts
  // after the burst on the key that stops it.
  for (const { kind, key } of throttleKeys(email, ip, deviceId)) {
    counts.push({ kind, key, failures: await countAttempt(db, key, THROTTLE_LIMITS[kind].windowMs, now) });
  }
  return throttleDecision(counts);
}

/**
 * A sign-in proven right: this address (or trusted device) starts afresh for this account, and the
 * attempt gives its slot back on the shared counters (so colleagues behind one address, and the
 * account's owner, are not slowed by their own successful sign-ins). What others used up stays counted.
 */
export async function releaseLoginAttempt(db: Db, email: string, ip: string | null, deviceId: string | null) {
  const [own, ...shared] = throttleKeys(email, ip, deviceId);
  await db.loginThrottle.deleteMany({ where: { key: own!.key } });
  await db.loginThrottle.updateMany({ where: { key: { in: shared.map((k) => k.key) }, failures: { gt: 0 } }, data: { failures: { decrement: 1 } } });
}

/**
 * An admin's unlock (`npm run staff:unlock`): forgets the account's counters — its own and those
 * of every address and device that tried it — and, when given, an address's counter. Returns how many.
 */
export async function unlockStaffAccount(db: Db, email: string, ip?: string): Promise<number> {
  const keys = [accountKey(email), ...(ip ? [`ip:${addressGroup(ip)}`] : [])];
  const { count } = await db.loginThrottle.deleteMany({
    where: { OR: [{ key: { in: keys } }, ...accountKeyPrefixes(email).map((prefix) => ({ key: { startsWith: prefix } }))] },
  });
  return count;
}
