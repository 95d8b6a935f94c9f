/**
 * Builds a Prisma client for a DATABASE_URL. The app uses the singleton in ./db.ts; scripts
 * (seed, migrate) and tests call this directly, which is why it carries no 'server-only' marker.
 */
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/sqlite';
import { PrismaClient as PostgresPrismaClient } from '../generated/postgres';
import { resolveDatabaseTarget, type DatabaseTarget } from '../lib/database-url';
import { poolSize, statementTimeoutMs } from '../lib/pool-size';

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

/**
 * What the module knows about a client, kept process-wide: Next bundles this module into several
 * chunks (instrumentation, pages, actions, route handlers), each with its own module instance, while
 * the client itself is one per process (db.ts keeps it on globalThis) — a module-level map would be
 * empty in every chunk but the one that created the client.
 */
export function processWide<V>(name: string): WeakMap<object, V> {
  const registry = globalThis as unknown as Record<symbol, WeakMap<object, V> | undefined>;
  const key = Symbol.for(`sorgu.${name}`);
  return (registry[key] ??= new WeakMap<object, V>());
}

/** A first-come, first-served lock: `acquire` resolves to the function that releases it. */
export class Lock {
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
function isolateTransactions(connection: SqliteConnection, client: SqliteClient, busy: BusyState, lock: Lock): SqliteConnection {
  const exclusive =
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      exclusively({ lock, busy }, () => run(...args));
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
      // BEGIN IMMEDIATE here, retried while another process holds the lock; the adapter's own
      // BEGIN is then a no-op (it must not fail: the adapter does not release its mutex if it does).
      await whileBusy(busy, async () => void client.prepare('BEGIN IMMEDIATE').run());
      let transaction: Awaited<ReturnType<typeof startTransaction>>;
      try {
        transaction = await startTransaction(isolationLevel);
      } catch (error) {
        client.prepare('ROLLBACK').run();
        throw error;
      }
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

/**
 * Another process holding the write lock (a backup, an admin's sqlite3 shell, a script) must not
 * freeze this one: better-sqlite3's busy handler sleeps on the event loop, so the connection gets
 * no busy timeout at all and a busy statement is retried here, asynchronously, with a growing
 * pause, for up to {@link SQLITE_BUSY_WAIT_MS}; then the busy error reaches the caller (forms say
 * "try again", health says "degraded"). Transactions begin IMMEDIATE — they take the write lock
 * at BEGIN, the only statement that can then be busy, and which is safe to retry — instead of
 * meeting a busy lock half-way through, where a retry could not help.
 */
export const SQLITE_BUSY_WAIT_MS = 5_000;

export function isBusyError(error: unknown): boolean {
  const cause = (error as { cause?: { kind?: string; originalCode?: string } } | null)?.cause;
  return cause?.kind === 'SocketTimeout' || cause?.originalCode === 'SQLITE_BUSY' || (error as { code?: string } | null)?.code === 'SQLITE_BUSY';
}

/** Whether a connection is waiting for another process's lock, or recently gave up (for /api/health). */
type BusyState = { waitingSince: number | null; gaveUpAt: number | null };
const busyStates = processWide<BusyState>('createDb.busyStates');

/** Busy: a statement has waited over a second for the lock, or one gave up in the last 30 s. */
export function databaseBusy(db: Db, now = Date.now()): boolean {
  const state = busyStates.get(db);
  if (!state) return false;
  return (state.waitingSince !== null && now - state.waitingSince > 1_000) || (state.gaveUpAt !== null && now - state.gaveUpAt < 30_000);
}

async function whileBusy<R>(state: BusyState, attempt: () => Promise<R>): Promise<R> {
  const deadline = Date.now() + SQLITE_BUSY_WAIT_MS;
  let waited = false;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    try {
      const result = await attempt();
      // Only a statement that waited proves the lock free again (reads never wait in WAL mode).
      if (waited) {
        state.waitingSince = null;
        state.gaveUpAt = null;
      }
      return result;
    } catch (error) {
      if (!isBusyError(error)) throw error;
      waited = true;
      state.waitingSince ??= Date.now();
      if (Date.now() + pause > deadline) {
        state.waitingSince = null;
        state.gaveUpAt = Date.now();
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

type SqliteClient = { prepare(sql: string): { run(...args: unknown[]): unknown } };
type SqliteDatabase = import('better-sqlite3').Database;

class SecureSqliteAdapter extends PrismaBetterSQLite3 {
  readonly busy: BusyState = { waitingSince: null, gaveUpAt: null };
  readonly lock = new Lock();
  /** The connection's better-sqlite3 handle, for the hot path's own statements (sql.ts). */
  connection: SqliteDatabase | null = null;

  override async connect() {
    const adapter = await super.connect();
    // (Switching to WAL needs the lock when the file is not in WAL mode yet.)
    await whileBusy(this.busy, () => adapter.executeScript(SQLITE_CONNECTION_PRAGMAS));
    const client = (adapter as unknown as { client: SqliteDatabase }).client;
    const prepare = client.prepare.bind(client);
    const begun = { run: () => ({ changes: 0 }) };
    this.connection = client;
    client.prepare = ((sql: string) => (sql === 'BEGIN' ? begun : prepare(sql))) as SqliteDatabase['prepare'];
    return isolateTransactions(adapter, { prepare }, this.busy, this.lock);
  }
}

/**
 * The embedded database's one connection as the hot path uses it directly (src/server/sql.ts):
 * its better-sqlite3 handle, the lock Prisma's statements and transactions take (so a statement of
 * ours never runs inside another request's open transaction), and the busy state.
 */
export type SqliteHandle = { connection: SqliteDatabase; lock: Lock; busy: BusyState };
const sqliteAdapters = processWide<SecureSqliteAdapter>('createDb.sqliteAdapters');

export async function sqliteHandle(db: Db): Promise<SqliteHandle | null> {
  const adapter = sqliteAdapters.get(db);
  if (!adapter) return null;
  if (!adapter.connection) await db.$connect();
  return { connection: adapter.connection!, lock: adapter.lock, busy: adapter.busy };
}

export { whileBusy };

/** One statement (or several run at once) outside any transaction: under the lock, retried while another process writes. */
export async function exclusively<R>(handle: Pick<SqliteHandle, 'lock' | 'busy'>, work: () => Promise<R>): Promise<R> {
  const release = await handle.lock.acquire();
  try {
    return await whileBusy(handle.busy, work);
  } finally {
    release();
  }
}

/** A PostgreSQL client's URL, for the hot path's own pool (sql.ts); null for SQLite. */
const postgresUrls = processWide<string>('createDb.postgresUrls');
export const postgresUrlOf = (db: Db): string | null => postgresUrls.get(db) ?? null;

export function createDbFor(target: DatabaseTarget): Db {
  if (target.provider === 'postgres') {
    // Per process; with the hot path's own pool (SQL_POOL_SIZE) this is what PostgreSQL's
    // max_connections must cover per worker (README "Deployment").
    const adapter = new PrismaPg({ connectionString: target.url, max: poolSize(process.env.DB_POOL_SIZE), statement_timeout: statementTimeoutMs(process.env.DB_STATEMENT_TIMEOUT_MS) });
    const db = new PostgresPrismaClient({ adapter }) as unknown as Db;
    postgresUrls.set(db, target.url);
    return db;
  }
  // No busy timeout: waiting for another process's lock happens asynchronously (whileBusy).
  const adapter = new SecureSqliteAdapter({ url: target.url, timeout: 0 });
  const db = new PrismaClient({ adapter });
  busyStates.set(db, adapter.busy);
  sqliteAdapters.set(db, adapter);
  return db;
}
