import 'server-only';
import { createDb, type Db } from './create-db';
import { env } from './env';

export type { Db };

/** The one Prisma client of the process (DESIGN.md convention 3); survives dev hot reloads. */
const globalForDb = globalThis as unknown as { sorguDb?: Db };

export const db: Db = globalForDb.sorguDb ?? createDb(env.DATABASE_URL);
globalForDb.sorguDb = db;
