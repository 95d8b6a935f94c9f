import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { checkHealth } from '@/server/health';
import { freshDatabase, type TestDatabase } from '../helpers/databases';

/**
 * Issue 10 — another process holding the embedded database's write lock (a backup, an admin's
 * sqlite3 shell, a second `npm run` script) must not freeze the server: better-sqlite3's busy
 * handler sleeps on the event loop, so waiting happens asynchronously instead, and a write that
 * cannot get the lock in time fails with an error the forms turn into "try again".
 */
describe('the embedded database locked by another process', () => {
  let t: TestDatabase | undefined;
  let other: Database.Database | undefined;
  afterEach(async () => {
    other?.close();
    other = undefined;
    await t?.drop();
    t = undefined;
  });

  async function lockedByAnotherProcess() {
    t = await freshDatabase('sqlite');
    other = new Database(t.url.replace(/^file:/, ''));
    other.prepare('BEGIN IMMEDIATE').run();
    return { db: t.db, release: () => other!.prepare('ROLLBACK').run() };
  }

  /** How many 10 ms timer ticks the event loop gets through while `work` runs for `ms`. */
  async function ticksDuring(ms: number, work: Promise<unknown>) {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    await new Promise((resolve) => setTimeout(resolve, ms));
    clearInterval(timer);
    void work.catch(() => {});
    return ticks;
  }

  it('a write waits without blocking the event loop, and lands once the lock is released', async () => {
    const { db, release } = await lockedByAnotherProcess();
    const write = db.outboxMessage.create({ data: { to: 'waiting@example.az', subject: 's', body: 'b' } }).then((row) => row);
    const transaction = db.$transaction(async (tx) => tx.outboxMessage.create({ data: { to: 'tx@example.az', subject: 's', body: 'b' } }));
    // (Before: 1 tick — the busy handler slept on the event loop for its whole 5 s timeout.)
    expect(await ticksDuring(500, Promise.all([write, transaction]))).toBeGreaterThan(8);
    release();
    await Promise.all([write, transaction]);
    expect(await db.outboxMessage.count()).toBe(2);
  });

  it('a write that cannot get the lock in time fails with a "busy" error, and health says the database is degraded', async () => {
    const { db } = await lockedByAnotherProcess();
    const started = Date.now();
    await expect(db.outboxMessage.create({ data: { to: 'x@example.az', subject: 's', body: 'b' } })).rejects.toMatchObject({ code: 'P1008' });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await checkHealth(db)).toEqual({ status: 'degraded', database: 'busy' });
  });
});
