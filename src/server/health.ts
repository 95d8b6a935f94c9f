import type { Db } from './create-db';
import { errorFields, log } from './log';

export type Health = { status: 'ok' | 'unavailable'; database: 'up' | 'down' };

export async function checkHealth(db: Db, timeoutMs = 3000): Promise<Health> {
  try {
    await Promise.race([
      db.$queryRawUnsafe('SELECT 1'),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`database did not answer within ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
    return { status: 'ok', database: 'up' };
  } catch (error) {
    log('error', 'health_database_down', errorFields(error));
    return { status: 'unavailable', database: 'down' };
  }
}
