/**
 * Login throttling, per account and per IP address. Pure decisions; the database keeps the
 * counters (throttle.ts). Both keys are checked; either one locked means no sign-in attempt.
 */
export const THROTTLE_LIMITS = {
  account: { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  ip: { maxFailures: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
} as const;

export type ThrottleKind = keyof typeof THROTTLE_LIMITS;
export type ThrottleState = { failures: number; windowStart: Date; lockedUntil: Date | null };

export function isLocked(state: ThrottleState | null, now: Date): boolean {
  return Boolean(state?.lockedUntil && state.lockedUntil > now);
}

/** The counter after one more failure: a new window when the old one ended; a lock at the limit. */
export function afterFailure(kind: ThrottleKind, state: ThrottleState | null, now: Date): ThrottleState {
  const limits = THROTTLE_LIMITS[kind];
  const fresh = !state || now.getTime() - state.windowStart.getTime() >= limits.windowMs;
  const failures = fresh ? 1 : state.failures + 1;
  const windowStart = fresh ? now : state.windowStart;
  const lockedUntil = failures >= limits.maxFailures ? new Date(now.getTime() + limits.lockMs) : (state?.lockedUntil ?? null);
  return { failures, windowStart, lockedUntil };
}

export function throttleKeys(email: string, ip: string | null): { kind: ThrottleKind; key: string }[] {
  const keys: { kind: ThrottleKind; key: string }[] = [{ kind: 'account', key: `account:${email.trim().toLowerCase()}` }];
  if (ip) keys.push({ kind: 'ip', key: `ip:${ip}` });
  return keys;
}
