/**
 * Plain SQL for the respondent's hot path (issue 11), on the same databases Prisma uses.
 *
 * Why not Prisma there: a CPU profile of section submits showed Prisma 6.19 spending ~8 ms per
 * request compiling the same queries again in its WASM query compiler (it has no plan cache) and
 * ~7 ms more in its runtime, where the statements themselves take ~1 ms. Prisma 7's plan cache cannot
 * be installed here (../shared/PRISMA.md). The few statements of the hot path (survey check, draft
 * read, section write) run here instead, prepared once; everything else stays on Prisma.
 *
 * - SQLite: the connection Prisma's adapter opened (one per process), under the same lock Prisma's
 *   statements and transactions take (create-db.ts), so a statement of ours never lands inside
 *   another request's open transaction. Statements are synchronous: a transaction runs whole
 *   while it holds the lock, BEGIN IMMEDIATE retried asynchronously while another process writes.
 * - PostgreSQL: a pg pool of its own beside Prisma's (SQL_POOL_SIZE, default 10 per instance).
 *
 * SQL is written once with `?` placeholders (turned into `$n` for PostgreSQL); values go through
 * {@link toDb} so that dates, booleans and JSON are stored exactly as Prisma stores them.
 */
import pg from 'pg';
import type { Statement } from 'better-sqlite3';
import { poolSize, statementTimeoutMs } from '../lib/pool-size';
import { exclusively, postgresUrlOf, processWide, sqliteHandle, whileBusy, type Db, type SqliteHandle } from './create-db';

export type SqlValue = string | number | boolean | null | Date | { json: unknown };
export type Row = Record<string, unknown>;

export interface SqlRunner {
  readonly provider: 'sqlite' | 'postgres';
  all<T extends Row>(text: string, values?: SqlValue[]): Promise<T[]>;
  /** The number of rows the statement changed. */
  run(text: string, values?: SqlValue[]): Promise<number>;
}

export interface Sql extends SqlRunner {
  /** `work` as one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>;
}

/**
 * A JSON column's value as read: PostgreSQL's driver parses jsonb; SQLite returns the JSON text —
 * except for a number, which the column's NUMERIC affinity (declared "JSONB") stored as a number
 * (a big integer through the adapter's safe integers).
 */
export function fromJsonColumn(provider: Sql['provider'], value: unknown): unknown {
  if (provider === 'postgres') return value;
  if (typeof value === 'bigint') return Number(value);
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/** Column decoders: SQLite returns dates as ISO text, booleans and integers as (big) integers. */
export const fromDateColumn = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));
export const fromBooleanColumn = (value: unknown): boolean => value === true || value === 1 || value === 1n;
export const fromIntColumn = (value: unknown): number => Number(value);

/** A value as Prisma stores it: SQLite keeps dates as ISO text with "+00:00", booleans as 0/1, JSON as text. */
function toDb(provider: Sql['provider'], value: SqlValue): unknown {
  if (value instanceof Date) return provider === 'sqlite' ? value.toISOString().replace('Z', '+00:00') : value.toISOString();
  if (typeof value === 'boolean') return provider === 'sqlite' ? (value ? 1 : 0) : value;
  if (value !== null && typeof value === 'object') return JSON.stringify(value.json);
  return value;
}

/** One runner per client, process-wide (create-db.ts processWide: Next's chunks share the client, not modules). */
const sqlByDb = processWide<Promise<Sql>>('sql.runners');

/** The plain-SQL runner of a Prisma client's database (one per client). */
export function sqlFor(db: Db): Promise<Sql> {
  let found = sqlByDb.get(db);
  if (!found) {
    const postgresUrl = postgresUrlOf(db);
    found = postgresUrl ? Promise.resolve(postgresSql(postgresUrl)) : sqliteHandle(db).then((h) => sqliteSql(h!));
    // A failed connection is not remembered: the next request tries again.
    found.catch(() => sqlByDb.delete(db));
    sqlByDb.set(db, found);
  }
  return found;
}

function sqliteSql(handle: SqliteHandle): Sql {
  const statements = new Map<string, Statement>();
  const prepared = (text: string) => {
    let statement = statements.get(text);
    if (!statement) {
      statement = handle.connection.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
  const values = (list: SqlValue[]) => list.map((v) => toDb('sqlite', v));
  // Inside a transaction (the lock held) statements run directly; outside, each takes the lock.
  const direct: SqlRunner = {
    provider: 'sqlite',
    all: async <T extends Row>(text: string, list: SqlValue[] = []) => {
      const statement = prepared(text);
      return (statement.reader ? statement.all(...values(list)) : (statement.run(...values(list)), [])) as T[];
    },
    run: async (text, list = []) => prepared(text).run(...values(list)).changes,
  };
  return {
    provider: 'sqlite',
    all: <T extends Row>(text: string, list?: SqlValue[]) => exclusively(handle, () => direct.all<T>(text, list)),
    run: (text, list) => exclusively(handle, () => direct.run(text, list)),
    transaction: async (work) => {
      const release = await handle.lock.acquire();
      try {
        await whileBusy(handle.busy, async () => void prepared('BEGIN IMMEDIATE').run());
        try {
          const result = await work(direct);
          prepared('COMMIT').run();
          return result;
        } catch (error) {
          if (handle.connection.inTransaction) prepared('ROLLBACK').run();
          throw error;
        }
      } finally {
        release();
      }
    },
  };
}

/**
 * Prisma keeps DateTime in `timestamp(3)` columns (no time zone) as UTC; pg would read them as the
 * process's local time. This pool's own parser (not pg's global one, which Prisma's adapter shares).
 */
const TIMESTAMP_OID = 1114;
const typeParser = ((oid: number, format?: string) =>
  oid === TIMESTAMP_OID ? (text: string) => new Date(`${text.replace(' ', 'T')}Z`) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser;

const numbered = new Map<string, string>();
/** `?` placeholders as PostgreSQL's `$1, $2 …` (the hot path's SQL holds no literal question mark). */
function postgresText(text: string): string {
  let found = numbered.get(text);
  if (!found) {
    let n = 0;
    found = text.replace(/\?/g, () => `$${++n}`);
    numbered.set(text, found);
  }
  return found;
}

function postgresSql(url: string): Sql {
  const max = poolSize(process.env.SQL_POOL_SIZE);
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000, statement_timeout: statementTimeoutMs(process.env.DB_STATEMENT_TIMEOUT_MS), types: { getTypeParser: typeParser } });
  // An idle connection the server dropped is replaced by the pool; its error is not a crash.
  pool.on('error', () => {});
  /**
   * node-postgres says "timeout exceeded when trying to connect" both when the server cannot be
   * reached and when every pooled connection stayed busy: with the pool full it is the second —
   * "busy, send again" (Prisma's P2024), not an outage.
   */
  const pooled = async <T>(use: () => Promise<T>): Promise<T> => {
    try {
      return await use();
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('timeout exceeded when trying to connect') && pool.totalCount >= max) {
        throw Object.assign(new Error('no pooled PostgreSQL connection became free in time', { cause: error }), { code: 'P2024' });
      }
      throw error;
    }
  };
  const runner = (client: pg.Pool | pg.PoolClient): SqlRunner => ({
    provider: 'postgres',
    all: async <T extends Row>(text: string, list: SqlValue[] = []) => (await pooled(() => client.query(postgresText(text), list.map((v) => toDb('postgres', v))))).rows as T[],
    run: async (text, list = []) => (await pooled(() => client.query(postgresText(text), list.map((v) => toDb('postgres', v))))).rowCount ?? 0,
  });
  return {
    ...runner(pool),
    transaction: async (work) => {
      const client = await pooled(() => pool.connect());
      let broken: unknown;
      // While checked out the pool does not listen for the connection's errors: a connection lost
      // mid-transaction (a restart, a failover) would be an uncaught 'error' that ends the process.
      const onError = (error: unknown) => (broken = error);
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await work(runner(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: unknown) => (broken = rollbackError));
        throw error;
      } finally {
        client.off('error', onError);
        client.release(broken as Error | undefined);
      }
    },
  };
}
