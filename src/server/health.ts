import { databaseBusy, type Db } from './create-db';
import { errorFields, log } from './log';

/**
 * `degraded`/`busy`: the database answers reads but writes wait for (or gave up on) a lock another
 * process holds on the embedded database (create-db.ts); still 200, reads work.
 */
export type Health = { status: 'ok' | 'degraded' | 'unavailable'; database: 'up' | 'busy' | 'down' };

export async function checkHealth(db: Db, timeoutMs = 3000): Promise<Health> {
  try {
    await Promise.race([
      db.$queryRawUnsafe('SELECT 1'),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`database did not answer within ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
    return databaseBusy(db) ? { status: 'degraded', database: 'busy' } : { status: 'ok', database: 'up' };
  } catch (error) {
    log('error', 'health_database_down', errorFields(error));
    return { status: 'unavailable', database: 'down' };
  }
}
