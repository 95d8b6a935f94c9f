import { afterEach, describe, expect, it } from 'vitest';
import { databaseFault } from '@/server/db-errors';
import { sqlFor } from '@/server/sql';
import { freshDatabase, type TestDatabase } from '../helpers/databases';

/**
 * Issue 11 — on PostgreSQL a statement stuck behind a lock (or a runaway query) is cancelled after
 * DB_STATEMENT_TIMEOUT_MS and reported "busy" (the form says send again, nothing typed is lost),
 * and a pool that stays full is "busy" too — not an outage ("unavailable"), which is what a full
 * pool used to be reported as. Both of the app's pools: Prisma's and the hot path's plain SQL.
 */
describe('PostgreSQL timeouts', () => {
  let t: TestDatabase | undefined;
  const saved = { ...process.env };
  afterEach(async () => {
    await t?.drop();
    t = undefined;
    process.env = { ...saved };
  });

  async function faultOf(work: Promise<unknown>) {
    const error = await work.then(() => null, (e: unknown) => e);
    expect(error).not.toBeNull();
    return databaseFault(error);
  }

  it('issue 11: a statement past DB_STATEMENT_TIMEOUT_MS is cancelled and reported busy, on both pools', async () => {
    process.env.DB_STATEMENT_TIMEOUT_MS = '300';
    t = await freshDatabase('postgres');
    const started = Date.now();
    expect(await faultOf(t.db.$queryRaw`SELECT pg_sleep(5)`)).toBe('busy');
    expect(await faultOf((await sqlFor(t.db)).all('SELECT pg_sleep(5)'))).toBe('busy');
    expect(Date.now() - started).toBeLessThan(4_000);
    // The connections are fine afterwards.
    expect(await (await sqlFor(t.db)).all<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('issue 11: a plain-SQL pool that stays full is busy, not unavailable', async () => {
    process.env.SQL_POOL_SIZE = '1';
    t = await freshDatabase('postgres');
    const sql = await sqlFor(t.db);
    let release!: () => void;
    const held = sql.transaction(() => new Promise<void>((resolve) => (release = resolve)));
    try {
      // The pool's one connection is in the transaction; this query waits for it (10 s) and gives up.
      expect(await faultOf(sql.all('SELECT 1'))).toBe('busy');
    } finally {
      release();
      await held;
    }
  }, 30_000);
});
