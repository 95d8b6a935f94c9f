/**
 * A connection pool's size from the environment (DB_POOL_SIZE, SQL_POOL_SIZE): a whole number ≥ 1,
 * 10 when unset. Checked at start-up (env.ts) so that a typo stops the instance instead of failing
 * its first survey page while the health check still answers.
 */
export function poolSize(value: string | undefined): number {
  if (value === undefined || value === '') return 10;
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1) throw new Error(`a pool size must be a whole number ≥ 1, not "${value}"`);
  return size;
}
