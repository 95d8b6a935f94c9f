import { addressGroup } from '@/lib/client-address';

/**
 * Login throttling (OWASP Authentication Cheat Sheet: stop the guessing address, slow the guessed
 * account, never hand an attacker a lock on someone else's account). Pure decisions; the
 * database keeps the counters (throttle.ts).
 *
 * Every attempt first reserves a slot on each of its counters (one atomic increment each) and is
 * decided from the counts it got back, so parallel attempts cannot slip past a limit: of any
 * number of simultaneous guesses, at most `maxFailures` reach the password check. A counter counts
 * attempts that have not been proven right; a successful sign-in gives its slot back.
 *
 * - `accountIp` — one address against one account: 5 per 15 minutes, then that address is
 *   refused for that account until the window ends. The account itself is not locked.
 * - `ip` — one address against any accounts (password spraying): 20 per 15 minutes.
 * - `account` — one account from everywhere: from the 6th attempt in an hour each attempt waits
 *   (1 s, 2 s, 4 s … up to 10 s) before its password is checked; at 100 in an hour the account
 *   is refused to browsers it does not know until the hour ends or an admin unlocks it
 *   (`npm run staff:unlock`).
 * - `device` — a browser that signed in to the account before (trusted-device.ts) counts on its
 *   own counter instead of the three above, 5 per 15 minutes: what others do to the account
 *   never locks its owner out of her own browser.
 *
 * Addresses count by their group (an IPv6 client by its /64: client-address.ts `addressGroup`).
 */
export const THROTTLE_LIMITS = {
  accountIp: { maxFailures: 5, windowMs: 15 * 60_000 },
  ip: { maxFailures: 20, windowMs: 15 * 60_000 },
  account: { maxFailures: 100, windowMs: 60 * 60_000, delayAfter: 5, delayBaseMs: 1_000, delayMaxMs: 10_000 },
  device: { maxFailures: 5, windowMs: 15 * 60_000 },
} as const;

export type ThrottleKind = keyof typeof THROTTLE_LIMITS;
export type ThrottleKey = { kind: ThrottleKind; key: string };
export type ThrottleCount = ThrottleKey & { failures: number };

export type ThrottleDecision = { allowed: false } | { allowed: true; delayMs: number };

/** Attempts without an address (none could be read) share one "unknown" address. */
const UNKNOWN_ADDRESS = 'unknown';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function accountKey(email: string): string {
  return `account:${normalizeEmail(email)}`;
}

/** Every per-address and per-device key of an account starts with one of these (an admin's unlock removes them all). */
export function accountKeyPrefixes(email: string): [accountIp: string, device: string] {
  return [`account-ip:${normalizeEmail(email)} `, `device:${normalizeEmail(email)} `];
}

/** The counters of one attempt: its trusted device's alone, or else its address's and the account's. */
export function throttleKeys(email: string, ip: string | null, deviceId?: string | null): ThrottleKey[] {
  const [accountIpPrefix, devicePrefix] = accountKeyPrefixes(email);
  if (deviceId) return [{ kind: 'device', key: `${devicePrefix}${deviceId}` }];
  const address = ip ? addressGroup(ip) : UNKNOWN_ADDRESS;
  return [
    { kind: 'accountIp', key: `${accountIpPrefix}${address}` },
    { kind: 'ip', key: `ip:${address}` },
    { kind: 'account', key: accountKey(email) },
  ];
}

/** The wait before checking the password of the account's n-th unproven attempt in its window. */
export function accountDelayMs(failures: number): number {
  const { delayAfter, delayBaseMs, delayMaxMs } = THROTTLE_LIMITS.account;
  if (failures <= delayAfter) return 0;
  return Math.min(delayBaseMs * 2 ** (failures - delayAfter - 1), delayMaxMs);
}

/** Decided after the attempt has counted itself: over any limit means refused, unchecked. */
export function throttleDecision(counts: readonly ThrottleCount[]): ThrottleDecision {
  if (counts.some((c) => c.failures > THROTTLE_LIMITS[c.kind].maxFailures)) return { allowed: false };
  const account = counts.find((c) => c.kind === 'account');
  return { allowed: true, delayMs: account ? accountDelayMs(account.failures) : 0 };
}
