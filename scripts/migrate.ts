/**
 * Applies pending migrations (`prisma migrate deploy`, never `db push`) to DATABASE_URL's
 * database, creating the SQLite file's folder first and switching SQLite to WAL.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
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

export async function migrateDatabase(databaseUrl: string | undefined, { quiet = false } = {}) {
  const target = resolveDatabaseTarget(databaseUrl, root);
  if (target.provider === 'sqlite') mkdirSync(path.dirname(target.file), { recursive: true });
  else await ensurePostgresDatabase(target.url);
  const result = spawnSync(path.join(root, 'node_modules/.bin/prisma'), ['migrate', 'deploy'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: target.url, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`prisma migrate deploy failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
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
