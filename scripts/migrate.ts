/**
 * Applies pending migrations (`prisma migrate deploy`, never `db push`) to DATABASE_URL's
 * database, creating the SQLite file's folder first and switching SQLite to WAL.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { resolveDatabaseTarget } from '../src/lib/database-url';

const root = path.resolve(import.meta.dirname, '..');

/** Creates the PostgreSQL database named in the URL when it does not exist yet (as Prisma's native engine would). */
async function ensurePostgresDatabase(url: string) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!name) throw new Error('DATABASE_URL names no database');
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
      console.log(`created PostgreSQL database "${name}"`);
    }
  } finally {
    await client.end();
  }
}

/**
 * SQLite: the migrations in the folder that the database has not finished yet, read without
 * writing, or null when that cannot be told (no database or no migrations table yet).
 * `prisma migrate deploy` takes the file with `locking_mode=EXCLUSIVE`, which fails (as
 * `WASM_ERROR: unknown variant SocketTimeout`) whenever another process has the file open — a
 * backup, an admin's sqlite3 shell, another app instance. With nothing to apply it is not run, so
 * a restart works while they are attached; a pending migration does need the file to itself.
 */
export function pendingSqliteMigrations(file: string): string[] | null {
  if (!existsSync(file)) return null;
  const folder = path.join(root, 'prisma/sqlite/migrations');
  const wanted = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(folder, entry.name, 'migration.sql')))
    .map((entry) => entry.name);
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true, timeout: 5_000 });
    const rows = sqlite.prepare(`SELECT migration_name AS name, finished_at AS finished, rolled_back_at AS rolledBack FROM _prisma_migrations`).all() as { name: string; finished: unknown; rolledBack: unknown }[];
    // A migration that failed half-way is for `migrate deploy` to report.
    if (rows.some((row) => row.finished === null && row.rolledBack === null)) return null;
    const done = new Set(rows.filter((row) => row.finished !== null && row.rolledBack === null).map((row) => row.name));
    return wanted.filter((name) => !done.has(name));
  } catch {
    return null;
  } finally {
    sqlite?.close();
  }
}

const LOCKED = /SocketTimeout|database is locked|SQLITE_BUSY/;

export async function migrateDatabase(databaseUrl: string | undefined, { quiet = false } = {}) {
  const target = resolveDatabaseTarget(databaseUrl, root);
  if (target.provider === 'sqlite') {
    mkdirSync(path.dirname(target.file), { recursive: true });
    if (pendingSqliteMigrations(target.file)?.length === 0) {
      if (!quiet) console.log('No pending migrations to apply.');
      return target;
    }
  } else await ensurePostgresDatabase(target.url);
  const result = spawnSync(path.join(root, 'node_modules/.bin/prisma'), ['migrate', 'deploy'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: target.url, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    const output = `${result.stdout}\n${result.stderr}`;
    if (target.provider === 'sqlite' && LOCKED.test(output)) {
      const pending = pendingSqliteMigrations(target.file);
      // Another instance starting at the same moment applied them meanwhile: nothing left to do.
      if (pending?.length === 0) return target;
      throw new Error(
        `${pending?.length ?? 'Some'} migration(s) wait to be applied to ${target.file}${pending ? ` (${pending.join(', ')})` : ''}, and applying them needs the file to itself: ` +
          `another process has it open (a backup, a sqlite3 shell, another instance of the app). Close it and run this again.\n${output}`,
      );
    }
    throw new Error(`prisma migrate deploy failed (exit ${result.status}):\n${output}`);
  }
  if (!quiet) console.log(result.stdout.trim().split('\n').at(-1));
  if (target.provider === 'sqlite') {
    // WAL lets readers and one writer work at once; the setting is stored in the file.
    const sqlite = new Database(target.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.close();
  }
  return target;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  migrateDatabase(process.env.DATABASE_URL).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
