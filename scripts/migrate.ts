/**
 * Applies pending migrations (`prisma migrate deploy`, never `db push`) to DATABASE_URL's
 * database, creating the SQLite file's folder first and switching SQLite to WAL.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { resolveDatabaseTarget } from '../src/lib/database-url';

const root = path.resolve(import.meta.dirname, '..');

export function migrateDatabase(databaseUrl: string | undefined, { quiet = false } = {}) {
  const target = resolveDatabaseTarget(databaseUrl, root);
  if (target.provider === 'sqlite') mkdirSync(path.dirname(target.file), { recursive: true });
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
  migrateDatabase(process.env.DATABASE_URL);
}
