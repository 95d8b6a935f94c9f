/**
 * The driver adapters handed to the Prisma 6.19.3 CLI (WASM schema engine, offline).
 * Only the CLI uses this file (through prisma.config.ts); the app uses the plain adapters.
 * Each fix below answers a verified bug of the adapter path — see ../shared/PRISMA.md (a–h).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import {
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
} from '@prisma/driver-adapter-utils';

const PG_NAME = 19;
const PG_CHAR = 18;
const PG_TEXT = 25;

type PgQueryableProto = {
  performIO(query: SqlQuery): Promise<pg.QueryResult>;
  __sorguPatched?: boolean;
};

/** (a) map the `name` and `"char"` column types, which adapter-pg cannot read, to text. */
function patchPgColumnTypes(adapter: SqlDriverAdapter) {
  let proto = Object.getPrototypeOf(adapter) as PgQueryableProto;
  while (proto && !Object.prototype.hasOwnProperty.call(proto, 'performIO')) {
    proto = Object.getPrototypeOf(proto);
  }
  if (!proto || proto.__sorguPatched) return;
  const original = proto.performIO;
  proto.performIO = async function (this: unknown, query: SqlQuery) {
    const result = await original.call(this, query);
    for (const field of result?.fields ?? []) {
      if (field.dataTypeID === PG_NAME || field.dataTypeID === PG_CHAR) field.dataTypeID = PG_TEXT;
    }
    return result;
  };
  proto.__sorguPatched = true;
}

type PgAdapterInternals = SqlDriverAdapter & {
  underlyingDriver(): pg.Pool;
  onError(error: unknown): never;
};

/** (g) run a migration script as one query (one implicit transaction), not split on every `;`. */
function wholeScriptExecution(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const internals = adapter as PgAdapterInternals;
  internals.executeScript = async (script: string) => {
    try {
      await internals.underlyingDriver().query(script);
    } catch (error) {
      internals.onError(error);
    }
  };
  return adapter;
}

function postgresFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  // (f) allowExitOnIdle: idle pools must not keep the CLI alive.
  const base = new PrismaPg({ connectionString: url, allowExitOnIdle: true });
  const connectTo = async (connectionString: string) => {
    const adapter = await new PrismaPg({ connectionString, allowExitOnIdle: true }).connect();
    patchPgColumnTypes(adapter);
    return wholeScriptExecution(adapter);
  };
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: () => connectTo(url),
    // (b) a real, separate shadow database (adapter-pg's own one ends up on the main database).
    async connectToShadowDb() {
      const name = `prisma_migrate_shadow_db_${randomUUID().replaceAll('-', '')}`;
      await withAdminClient(url, (c) => c.query(`CREATE DATABASE "${name}"`));
      const shadowUrl = new URL(url);
      shadowUrl.pathname = `/${name}`;
      const adapter = await connectTo(shadowUrl.toString());
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose(); // close the pool first, or DROP waits for our own connections
        await withAdminClient(url, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      };
      return adapter;
    },
  };
}

async function withAdminClient(url: string, run: (client: pg.Client) => Promise<unknown>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}

const SQLITE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

/** (h) give unrecognised SQLite errors a readable message instead of `External error id#0`. */
function asAdapterError(error: unknown): unknown {
  if (error instanceof DriverAdapterError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DriverAdapterError({ kind: 'sqlite', extendedCode: 1, message } as never);
}

function causeKind(error: unknown): string | undefined {
  return error instanceof DriverAdapterError ? (error.cause as { kind?: string }).kind : undefined;
}

const RESET_SCRIPT = /^\s*PRAGMA defer_foreign_keys\s*=\s*1;\s*DELETE FROM/i;

function fixSqliteAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const queryRaw = adapter.queryRaw.bind(adapter);
  const executeRaw = adapter.executeRaw.bind(adapter);
  const executeScript = adapter.executeScript.bind(adapter);

  // (e) `migrate reset` only empties tables; drop them so migrations can be re-applied.
  const dropEverything = async () => {
    const objects = await queryRaw({
      sql: `SELECT type, name FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%'`,
      args: [],
      argTypes: [],
    });
    const drops = objects.rows.map(([type, name]) => `DROP ${String(type).toUpperCase()} IF EXISTS "${name}";`);
    await executeScript(`PRAGMA foreign_keys = OFF;\n${drops.join('\n')}\nPRAGMA foreign_keys = ON;`);
    await executeScript(SQLITE_MIGRATIONS_TABLE);
  };

  adapter.queryRaw = async (query) => {
    try {
      return await queryRaw(query);
    } catch (error) {
      // (c) the engine expects _prisma_migrations to exist; create it and retry once.
      if (causeKind(error) === 'TableDoesNotExist' && query.sql.includes('_prisma_migrations')) {
        await executeScript(SQLITE_MIGRATIONS_TABLE);
        return queryRaw(query);
      }
      throw asAdapterError(error);
    }
  };
  adapter.executeRaw = async (query) => {
    if (query.args.length === 0 && RESET_SCRIPT.test(query.sql)) {
      await dropEverything();
      return 0;
    }
    try {
      return await executeRaw(query);
    } catch (error) {
      // (d) a multi-statement script sent through executeRaw (shadow database).
      if (query.args.length === 0 && /more than one statement/i.test(String((error as Error)?.message ?? error) + JSON.stringify((error as DriverAdapterError)?.cause ?? ''))) {
        await executeScript(query.sql);
        return 0;
      }
      throw asAdapterError(error);
    }
  };
  adapter.executeScript = async (script) => {
    if (RESET_SCRIPT.test(script)) return dropEverything();
    try {
      await executeScript(script);
    } catch (error) {
      throw asAdapterError(error);
    }
  };
  return adapter;
}

function sqliteFactory(file: string): SqlMigrationAwareDriverAdapterFactory {
  const base = new PrismaBetterSQLite3({ url: `file:${file}` });
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => fixSqliteAdapter(await base.connect()),
    connectToShadowDb: async () => fixSqliteAdapter(await base.connectToShadowDb()),
  };
}

export function cliAdapterFactory(
  target: { provider: 'sqlite'; file: string } | { provider: 'postgres'; url: string },
): SqlMigrationAwareDriverAdapterFactory {
  return target.provider === 'postgres' ? postgresFactory(target.url) : sqliteFactory(target.file);
}

/**
 * (f) The WASM schema engine leaves timers behind that keep the Postgres CLI alive 10–60 s after
 * it has finished. In the CLI process only, timers created from WASM code are unref'd.
 */
export function unrefWasmTimers() {
  for (const name of ['setTimeout', 'setInterval'] as const) {
    const original = globalThis[name] as (...args: unknown[]) => NodeJS.Timeout;
    (globalThis as Record<string, unknown>)[name] = (...args: unknown[]) => {
      const timer = original(...args);
      if (/wasm/i.test(new Error().stack ?? '')) timer.unref?.();
      return timer;
    };
  }
}
