import { afterEach, describe, expect, it } from 'vitest';
import { createDb } from '@/server/create-db';
import { checkHealth } from '@/server/health';
import { freshDatabase, PROVIDERS, type TestDatabase } from '../helpers/databases';

describe('health check', () => {
  let t: TestDatabase | undefined;
  afterEach(async () => {
    await t?.drop();
    t = undefined;
  });

  it.each(PROVIDERS)('reports the %s database up', async (provider) => {
    t = await freshDatabase(provider);
    expect(await checkHealth(t.db)).toEqual({ status: 'ok', database: 'up' });
  });

  it('reports the database down when PostgreSQL cannot be reached', async () => {
    const db = createDb('postgresql://postgres@127.0.0.1:1/nowhere');
    expect(await checkHealth(db, 2000)).toEqual({ status: 'unavailable', database: 'down' });
    await db.$disconnect();
  });
});
