import { createHash, createHmac } from 'node:crypto';

/**
 * policy: P5.2 — a prize draw anyone can check: the entries (their ids, sorted) and a random seed
 * decide the winners, nothing else. Recorded with the draw: the seed and the digest of the entry
 * list; running `drawWinners(seed, ids, n)` again on the same entries gives the same winners.
 * Each pick is HMAC-SHA256(seed, pick number) read as a number, modulo the entries left
 * (a partial Fisher–Yates shuffle); 2^256 against at most millions of entries leaves no bias
 * worth the name.
 */
export function entriesDigest(entryIds: string[]): string {
  return createHash('sha256').update([...entryIds].sort().join('\n')).digest('hex');
}

export function drawWinners(seed: string, entryIds: string[], winners: number): string[] {
  const pool = [...entryIds].sort();
  const count = Math.min(winners, pool.length);
  for (let i = 0; i < count; i++) {
    const pick = BigInt(`0x${createHmac('sha256', seed).update(String(i)).digest('hex')}`);
    const j = i + Number(pick % BigInt(pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}
