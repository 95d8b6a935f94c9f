import type { Prisma } from '@/generated/sqlite';

/**
 * Serialises the transactions that write one consent chain, on PostgreSQL: a consent choice
 * (which erases what it withdraws) and a write of a row that choice governs take the same
 * transaction-scoped advisory lock, so under read committed neither can slip between the other's
 * check and its write. SQLite needs none: it lets one writer in at a time.
 */
export async function lockConsentChain(tx: Pick<Prisma.TransactionClient, '$queryRaw'>, provider: 'sqlite' | 'postgres', subjectKey: string) {
  await lockKey(tx, provider, subjectKey);
}

/** A transaction-scoped lock on any key (PostgreSQL; SQLite lets one writer in at a time anyway). */
export async function lockKey(tx: Pick<Prisma.TransactionClient, '$queryRaw'>, provider: 'sqlite' | 'postgres', key: string) {
  if (provider !== 'postgres') return;
  // Wrapped in a row: Prisma cannot read the `void` pg_advisory_xact_lock returns.
  await tx.$queryRaw`SELECT 1 AS "locked" FROM (SELECT pg_advisory_xact_lock(hashtext(${key}))) AS l`;
}
