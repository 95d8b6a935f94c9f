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

/** Which database a client talks to (for the few statements that differ, such as PRAGMAs). */
export function databaseProvider(db: Db): 'sqlite' | 'postgres' {
  const active = (db as unknown as { _activeProvider?: string })._activeProvider;
  return active === 'postgresql' ? 'postgres' : 'sqlite';
}

/**
 * Per-connection settings of the embedded database. The adapter opens its better-sqlite3
 * connection in connect() and offers no hook, so the settings run right after it:
 * - secure_delete: deleted content is overwritten with zeros instead of lingering in free pages
 *   of the file (policy: P6.1 — deletion is secure; see secureCheckpoint for the WAL).
 * - journal_mode = WAL: readers and one writer at once (also stored in the file by migrate).
 */
const SQLITE_CONNECTION_PRAGMAS = 'PRAGMA secure_delete = ON; PRAGMA journal_mode = WAL;';

/** A first-come, first-served lock: `acquire` resolves to the function that releases it. */
class Lock {
  #tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const previous = this.#tail;
    this.#tail = previous.then(() => held);
    return previous.then(() => release);
  }
}

type SqliteConnection = Awaited<ReturnType<PrismaBetterSQLite3['connect']>>;

/**
 * The adapter has one connection, and its own lock only orders transactions: a statement of
 * another request, sent outside any transaction, would run inside whichever transaction is open —
 * and be rolled back with it after it was acknowledged (a lost write). So every statement outside a
 * transaction takes the same lock a transaction holds from BEGIN to COMMIT/ROLLBACK.
 */
function isolateTransactions(connection: SqliteConnection): SqliteConnection {
  const lock = new Lock();
  const exclusive =
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const release = await lock.acquire();
      try {
        return await run(...args);
      } finally {
        release();
      }
    };
  const queryRaw = connection.queryRaw.bind(connection);
  const executeRaw = connection.executeRaw.bind(connection);
  const executeScript = connection.executeScript.bind(connection);
  const startTransaction = connection.startTransaction.bind(connection);
  connection.queryRaw = exclusive(queryRaw);
  connection.executeRaw = exclusive(executeRaw);
  connection.executeScript = exclusive(executeScript);
  connection.startTransaction = async (isolationLevel) => {
    const release = await lock.acquire();
    try {
      const transaction = await startTransaction(isolationLevel);
      const commit = transaction.commit.bind(transaction);
      const rollback = transaction.rollback.bind(transaction);
      transaction.commit = () => commit().finally(release);
      transaction.rollback = () => rollback().finally(release);
      return transaction;
    } catch (error) {
      release();
      throw error;
    }
  };
  return connection;
}

class SecureSqliteAdapter extends PrismaBetterSQLite3 {
  override async connect() {
    const adapter = await super.connect();
    await adapter.executeScript(SQLITE_CONNECTION_PRAGMAS);
    return isolateTransactions(adapter);
  }
}

export function createDbFor(target: DatabaseTarget): Db {
  if (target.provider === 'postgres') {
    const adapter = new PrismaPg({ connectionString: target.url, max: 10 });
    return new PostgresPrismaClient({ adapter }) as unknown as Db;
  }
  // busy timeout: concurrent writers wait instead of failing with SQLITE_BUSY.
  const adapter = new SecureSqliteAdapter({ url: target.url, timeout: 5000 });
  return new PrismaClient({ adapter });
}
