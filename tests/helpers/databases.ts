/**
 * A fresh, migrated database per test, on each provider: a copy of the SQLite template file, or
 * a PostgreSQL database created from the migrated template (CREATE DATABASE … TEMPLATE).
 */
import { copyFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, inject } from 'vitest';
import { createDb, type Db } from '@/server/create-db';
import { adminUrl, databaseUrlFor } from './postgres-urls';

export const PROVIDERS = ['sqlite', 'postgres'] as const;
export type Provider = (typeof PROVIDERS)[number];

export type TestDatabase = { db: Db; provider: Provider; url: string; drop(): Promise<void> };

export async function freshDatabase(provider: Provider): Promise<TestDatabase> {
  const id = randomUUID().replaceAll('-', '').slice(0, 12);
  if (provider === 'sqlite') {
    const template = inject('sqliteTemplate');
    const file = path.join(path.dirname(template), `${id}.db`);
    copyFileSync(template, file);
    const url = `file:${file}`;
    const db = createDb(url);
    return {
      db,
      provider,
      url,
      async drop() {
        await db.$disconnect();
        for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
      },
    };
  }
  const template = inject('postgresTemplate');
  const name = `${template.replace('_tpl_', '_')}_${id}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  const url = databaseUrlFor(name);
  const db = createDb(url);
  return {
    db,
    provider,
    url,
    async drop() {
      await db.$disconnect();
      await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

async function withAdmin(run: (client: pg.Client) => Promise<unknown>) {
  for (let attempt = 0; ; attempt++) {
    const client = new pg.Client({ connectionString: adminUrl() });
    await client.connect();
    try {
      await run(client);
      return;
    } catch (error) {
      // Two tests cloning the template at the same instant: PostgreSQL refuses one; try again.
      if (attempt < 5 && /being accessed by other users/.test(String(error))) {
        await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
        continue;
      }
      throw error;
    } finally {
      await client.end();
    }
  }
}

/** Every table's row count (both providers), to prove that nothing of a subject is left anywhere. */
export async function rowCounts(db: Db, provider: Provider): Promise<Record<string, number>> {
  const tables: { name: string }[] =
    provider === 'sqlite'
      ? await db.$queryRawUnsafe(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`)
      : await db.$queryRawUnsafe(`SELECT tablename::text AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`);
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await db.$queryRawUnsafe<{ n: bigint | number }[]>(`SELECT COUNT(*) AS n FROM "${name}"`);
    counts[name] = Number(row?.n ?? 0);
  }
  return counts;
}

/** Every row of every table as text, to search for a value anywhere in the database. */
export async function dumpAllRows(db: Db, provider: Provider): Promise<string> {
  const counts = await rowCounts(db, provider);
  const parts: string[] = [];
  for (const table of Object.keys(counts)) {
    const rows = await db.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${table}"`);
    parts.push(JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));
  }
  return parts.join('\n');
}

/**
 * Registers beforeEach/afterEach hooks giving every test of the suite its own fresh database
 * with the demo content seeded (the templates are seeded once, in global-setup.ts). Call inside
 * `describe`; use `.db` inside tests and hooks.
 */
export function useSeededDatabase(provider: Provider): Pick<TestDatabase, 'db' | 'provider' | 'url'> {
  let current: TestDatabase | undefined;
  beforeEach(async () => {
    current = await freshDatabase(provider);
  });
  afterEach(async () => {
    await current?.drop();
    current = undefined;
  });
  return {
    provider,
    get db() {
      if (!current) throw new Error('useSeededDatabase: no database outside a test');
      return current.db;
    },
    /** The database's address: a second client on it stands for a second app instance. */
    get url() {
      if (!current) throw new Error('useSeededDatabase: no database outside a test');
      return current.url;
    },
  };
}
