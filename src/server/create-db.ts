/**
 * Builds a Prisma client for a DATABASE_URL. The app uses the singleton in ./db.ts; scripts
 * (seed, migrate) and tests call this directly, which is why it carries no 'server-only' marker.
 */
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/sqlite';
import { PrismaClient as PostgresPrismaClient } from '../generated/postgres';
import { resolveDatabaseTarget, type DatabaseTarget } from '../lib/database-url';

/**
 * Both generated clients come from the same models (prisma/models.prisma), so they expose the
 * same API; the SQLite client's type stands for both.
 */
export type Db = PrismaClient;

export function createDb(databaseUrl: string | undefined): Db {
  return createDbFor(resolveDatabaseTarget(databaseUrl));
}

export function createDbFor(target: DatabaseTarget): Db {
  if (target.provider === 'postgres') {
    const adapter = new PrismaPg({ connectionString: target.url, max: 10 });
    return new PostgresPrismaClient({ adapter }) as unknown as Db;
  }
  // busy timeout: concurrent writers wait instead of failing with SQLITE_BUSY.
  const adapter = new PrismaBetterSQLite3({ url: target.url, timeout: 5000 });
  return new PrismaClient({ adapter });
}
