import type { Db } from '@/server/create-db';
import { afterFailure, isLocked, throttleKeys } from './throttle-policy';

/**
 * Login throttle counters in the database (shared by every server process). Callers must treat
 * any error here as "locked": throttling fails closed.
 */
export async function isThrottled(db: Db, email: string, ip: string | null, now = new Date()): Promise<boolean> {
  const keys = throttleKeys(email, ip).map((k) => k.key);
  const rows = await db.loginThrottle.findMany({ where: { key: { in: keys } } });
  return rows.some((row) => isLocked(row, now));
}

export async function recordLoginFailure(db: Db, email: string, ip: string | null, now = new Date()) {
  for (const { kind, key } of throttleKeys(email, ip)) {
    const current = await db.loginThrottle.findUnique({ where: { key } });
    const next = afterFailure(kind, current, now);
    await db.loginThrottle.upsert({ where: { key }, create: { key, ...next }, update: next });
  }
}

/** A successful sign-in clears the account's counter (not the IP's: others may share it). */
export async function clearAccountThrottle(db: Db, email: string) {
  await db.loginThrottle.deleteMany({ where: { key: throttleKeys(email, null)[0]!.key } });
}
