import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateDatabase, pendingSqliteMigrations } from '../../scripts/migrate';

// `npm start` and `npm run db:migrate` while another process has the embedded database open.
const dir = mkdtempSync(path.join(tmpdir(), 'sorgu-migrate-'));
const file = path.join(dir, 'app.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migrating the embedded database while another process has it open', () => {
  it('a restart works while a reader is attached (in a read transaction, as a backup is): nothing to apply, nothing taken', async () => {
    await migrateDatabase(`file:${file}`, { quiet: true });
    expect(pendingSqliteMigrations(file)).toEqual([]);
    const reader = new Database(file, { readonly: true });
    reader.prepare('BEGIN').run();
    reader.prepare('SELECT count(*) FROM Survey').get();
    try {
      await expect(migrateDatabase(`file:${file}`, { quiet: true })).resolves.toMatchObject({ provider: 'sqlite' });
    } finally {
      reader.prepare('COMMIT').run();
      reader.close();
    }
  });

  it('pending migrations that cannot have the file to themselves say which process to close, and apply once it is closed', async () => {
    // A database that has none of the migrations yet (its migrations table, empty).
    const fresh = path.join(dir, 'fresh.db');
    const sqlite = new Database(fresh);
    // As the app leaves its file: in WAL mode, where any other open connection keeps the
    // migration from taking the file to itself.
    sqlite.pragma('journal_mode = WAL');
    sqlite.exec(`CREATE TABLE "_prisma_migrations" ("id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME, "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`);
    sqlite.close();
    const pending = pendingSqliteMigrations(fresh)!;
    expect(pending.length).toBeGreaterThan(1);

    // An admin's sqlite3 shell that has looked at the database and sits idle.
    const shell = new Database(fresh);
    shell.prepare('SELECT count(*) FROM _prisma_migrations').get();
    try {
      await expect(migrateDatabase(`file:${fresh}`, { quiet: true })).rejects.toThrow(`${pending.length} migration(s) wait to be applied`);
      await expect(migrateDatabase(`file:${fresh}`, { quiet: true })).rejects.toThrow(/another process has it open/);
    } finally {
      shell.close();
    }
    await migrateDatabase(`file:${fresh}`, { quiet: true });
    expect(pendingSqliteMigrations(fresh)).toEqual([]);
  });
});
