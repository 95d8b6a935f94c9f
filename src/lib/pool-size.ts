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

/**
 * PostgreSQL's statement_timeout on every pooled connection (DB_STATEMENT_TIMEOUT_MS, default 60 s):
 * a statement stuck behind a lock, or a runaway query, gives its connection back with an error that
 * forms show as "busy, send again" (db-errors.ts) instead of holding it until the pool runs dry.
 */
export function statementTimeoutMs(value: string | undefined): number {
  if (value === undefined || value === '') return 60_000;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 1) throw new Error(`DB_STATEMENT_TIMEOUT_MS must be a whole number of milliseconds ≥ 1, not "${value}"`);
  return ms;
}
