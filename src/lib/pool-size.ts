/** A setting that is a whole number ≥ 1, `fallback` when unset; refused (thrown) otherwise. */
function wholeNumberSetting(what: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what} must be a whole number ≥ 1, not "${value}"`);
  return n;
}

/**
 * A connection pool's size from the environment (DB_POOL_SIZE, SQL_POOL_SIZE), 10 when unset.
 * Checked at start-up (env.ts) so that a typo stops the instance instead of failing its first
 * survey page while the health check still answers.
 */
export const poolSize = (value: string | undefined) => wholeNumberSetting('a pool size', value, 10);

/**
 * PostgreSQL's statement_timeout on every pooled connection (DB_STATEMENT_TIMEOUT_MS, default 60 s):
 * a statement stuck behind a lock, or a runaway query, gives its connection back with an error that
 * forms show as "busy, send again" (db-errors.ts) instead of holding it until the pool runs dry.
 */
export const statementTimeoutMs = (value: string | undefined) => wholeNumberSetting('DB_STATEMENT_TIMEOUT_MS (milliseconds)', value, 60_000);
